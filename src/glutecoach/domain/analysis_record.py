"""What storage keeps of one technique or gait check: ``AnalysisRecord``.

The columns a stored check is searched and summed by (exercise, version, rep counts, the clip's
hash) are typed fields, taken from the typed result (``of_result``, ``of_gait``) or read from a
result document with every key checked (``from_document``: a job's stored JSON). A missing or
renamed key, or a value of the wrong type, raises ``AnalysisError`` naming it: it can never be
stored as 0. ``document`` is the whole JSON (``docs/analysis-json.md``, ``docs/gait-json.md``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from glutecoach.errors import AnalysisError

if TYPE_CHECKING:
    from glutecoach.domain.analysis import AnalysisResult
    from glutecoach.domain.gait import GaitResult


@dataclass(frozen=True)
class AnalysisRecord:
    """One check as stored: typed columns and the whole result document."""

    exercise: str
    analysis_version: str
    rep_count: int
    good_form_reps: int
    video_sha256: str | None
    document: Mapping[str, Any]

    def __post_init__(self) -> None:
        problems = [
            (isinstance(self.exercise, str) and bool(self.exercise.strip()), "exercise is empty"),
            (isinstance(self.analysis_version, str) and bool(self.analysis_version), "no version"),
            (_count(self.rep_count), f"rep_count {self.rep_count!r} is not a count"),
            (_count(self.good_form_reps), f"good_form_reps {self.good_form_reps!r} is not a count"),
            (self.video_sha256 is None or isinstance(self.video_sha256, str), "sha256 not text"),
            (self.document.get("exercise") == self.exercise, "document is of another exercise"),
        ]
        broken = [text for ok, text in problems if not ok]
        if broken:
            raise AnalysisError(f"analysis record not stored: {'; '.join(broken)}")
        if self.good_form_reps > self.rep_count:
            raise AnalysisError(
                f"analysis record not stored: {self.good_form_reps} good-form reps of "
                f"{self.rep_count}"
            )

    @classmethod
    def of_result(cls, result: AnalysisResult) -> AnalysisRecord:
        """The record of a technique check."""
        return cls(
            exercise=result.exercise,
            analysis_version=result.analysis_version,
            rep_count=result.rep_count,
            good_form_reps=result.good_form_reps,
            video_sha256=result.video.sha256,
            document=result.to_json_dict(),
        )

    @classmethod
    def of_gait(cls, result: GaitResult) -> AnalysisRecord:
        """The record of a gait check: its steps count as reps, none as good-form reps."""
        document = result.to_json_dict()
        return cls(
            exercise=str(document["exercise"]),
            analysis_version=result.analysis_version,
            rep_count=len(result.steps),
            good_form_reps=0,
            video_sha256=result.video.sha256,
            document=document,
        )

    @classmethod
    def from_document(cls, document: Mapping[str, Any]) -> AnalysisRecord:
        """The record of a result document (``to_json_dict()`` of either result), every key
        the columns need checked; ``AnalysisError`` naming a missing or mistyped one."""
        summary = _key(document, "summary", Mapping, "")
        video = _key(document, "video", Mapping, "")
        return cls(
            exercise=_key(document, "exercise", str, ""),
            analysis_version=_key(document, "analysis_version", str, ""),
            rep_count=_key(summary, "rep_count", int, "summary."),
            good_form_reps=_key(summary, "good_form_reps", int, "summary."),
            video_sha256=_key(video, "sha256", str | None, "video."),
            document=document,
        )


def _key(data: Mapping[str, Any], name: str, kind: Any, prefix: str) -> Any:
    if name not in data:
        raise AnalysisError(
            f"analysis result has no {prefix}{name}; keys: {', '.join(sorted(map(str, data)))}"
        )
    value = data[name]
    if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
        raise AnalysisError(f"analysis result's {prefix}{name} is {value!r}, not the type wanted")
    return value


def _count(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0
