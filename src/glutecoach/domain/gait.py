"""The result of a running-gait check: steps, per-side summaries, asymmetry, findings.

Every type is a frozen dataclass validated on construction (``ValueError`` naming the bad field).
``GaitResult.to_json_dict()`` returns plain JSON values only, in the form documented field by
field in ``docs/gait-json.md`` and versioned by ``GAIT_SCHEMA_VERSION`` (major: a field removed
or changed meaning; minor: fields added).

Times are seconds from the start of the clip; ``left``/``right`` are the runner's sides.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field, fields, is_dataclass, replace
from types import MappingProxyType
from typing import Any

from glutecoach.domain.analysis import (
    FrameTable,
    SideComparison,
    VideoSummary,
    check_numbering,
)
from glutecoach.domain.pose import LEG_SIDES, VIEWS, LegSide, PoseBackend, View

GAIT_SCHEMA_VERSION = "1.2"
GAIT_EXERCISE_ID = "running-gait"


def _finite_metrics(owner: str, metrics: Mapping[str, float]) -> Mapping[str, float]:
    clean: dict[str, float] = {}
    for name, value in metrics.items():
        number = float(value)
        if not name.strip() or not math.isfinite(number):
            raise ValueError(f"{owner}: metric {name!r} must have a name and a finite value")
        clean[name] = number
    return MappingProxyType(dict(sorted(clean.items())))


def _check_leg_side(owner: str, side: str) -> None:
    if side not in LEG_SIDES:
        raise ValueError(f"{owner}: side must be 'left' or 'right', got {side!r}")


@dataclass(frozen=True)
class GaitStep:
    """One stance phase: the foot's contact, midstance (lowest pelvis), toe-off (None when the
    foot was still down at the clip's end or the lift-off was not seen), and its metrics."""

    index: int
    side: LegSide
    contact_s: float
    midstance_s: float
    toe_off_s: float | None = None
    metrics: Mapping[str, float] = field(default_factory=dict)

    def __post_init__(self) -> None:
        owner = f"step {self.index}"
        _check_leg_side(owner, self.side)
        if self.index < 1:
            raise ValueError(f"{owner}: index must be >= 1")
        times = [self.contact_s, self.midstance_s]
        if self.toe_off_s is not None:
            times.append(self.toe_off_s)
        if not all(math.isfinite(t) for t in times) or times != sorted(times):
            raise ValueError(f"{owner}: times must be finite and in order, got {times}")
        object.__setattr__(self, "metrics", _finite_metrics(owner, self.metrics))


@dataclass(frozen=True)
class MetricStats:
    """Mean, sample standard deviation (0 for a single value) and count of one metric."""

    mean: float
    sd: float
    n: int


@dataclass(frozen=True)
class GaitSideSummary:
    """The steps of one side and the statistics of each metric over them."""

    side: LegSide
    steps: int
    metrics: Mapping[str, MetricStats] = field(default_factory=dict)

    def __post_init__(self) -> None:
        _check_leg_side("side summary", self.side)
        object.__setattr__(self, "metrics", MappingProxyType(dict(sorted(self.metrics.items()))))


GaitAsymmetry = SideComparison
"""Left minus right of one metric's side means: the same value type as an exercise check's
left/right comparison (``beyond_noise_floor`` None when no noise figure is known)."""


@dataclass(frozen=True)
class GaitFinding:
    """A finding in words and the library reference keys it rests on."""

    topic: str
    text: str
    references: tuple[str, ...] = ()


@dataclass(frozen=True)
class GaitResult:
    """Everything one running-gait check found, with what is needed to reproduce it."""

    analysis_version: str
    view: View
    inferred_view: View | None
    params: Mapping[str, Any]
    backend: PoseBackend
    video: VideoSummary
    steps: tuple[GaitStep, ...] = ()
    sides: tuple[GaitSideSummary, ...] = ()
    asymmetry: tuple[GaitAsymmetry, ...] = ()
    cadence_spm: float | None = None
    warnings: tuple[str, ...] = ()
    findings: tuple[GaitFinding, ...] = ()
    frames: FrameTable | None = field(default=None, compare=False, repr=False)

    def __post_init__(self) -> None:
        if self.view not in VIEWS:
            raise ValueError(f"view must be one of {', '.join(VIEWS)}, got {self.view!r}")
        check_numbering("step", [s.index for s in self.steps])
        if self.cadence_spm is not None and not (
            math.isfinite(self.cadence_spm) and self.cadence_spm > 0
        ):
            raise ValueError("cadence_spm must be a positive finite number or None")
        for name in ("steps", "sides", "asymmetry", "warnings", "findings"):
            object.__setattr__(self, name, tuple(getattr(self, name)))

    schema_version = GAIT_SCHEMA_VERSION

    def side(self, side: LegSide) -> GaitSideSummary | None:
        return next((s for s in self.sides if s.side == side), None)

    def with_video(self, video: VideoSummary) -> GaitResult:
        """A copy carrying the caller's facts about the file (hash, fps, rotation, ...)."""
        return replace(self, video=video)

    def to_json_dict(self) -> dict[str, Any]:
        """The documented JSON form (``docs/gait-json.md``); ``frames`` is left out."""
        out: dict[str, Any] = {
            "schema_version": GAIT_SCHEMA_VERSION,
            "kind": "running-gait",
            "exercise": GAIT_EXERCISE_ID,
        }
        for f in fields(self):
            if f.name != "frames":
                out[f.name] = _plain(getattr(self, f.name))
        out["summary"] = {
            "step_count": len(self.steps),
            "rep_count": len(self.steps),
            "good_form_reps": 0,
        }
        return out


def _plain(value: Any) -> Any:
    if is_dataclass(value) and not isinstance(value, type):
        return {f.name: _plain(getattr(value, f.name)) for f in fields(value)}
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, float | int | str | bool) or value is None:
        return value
    return value.item()  # a numpy scalar
