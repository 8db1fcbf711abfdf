"""The outputs of a technique check: an HTML report, a per-frame CSV and the result as JSON.

``technique_html`` renders a self-contained page for a runner or physio (Jinja2, autoescaping
on; the only markup passed through is the SVG the plots module generates): first a summary in
plain words (reps per side, good-form reps, the faults found with their cue, reps that could
not be measured and why, warnings), then the angle-over-time plots, the per-rep table, the
left/right comparison, the library's cues, what was not measured, how each fault is judged
and the full citation of every threshold and noise floor shown. ``build_technique_report``
gathers that content, so it can be tested without parsing HTML.

``write_frames_csv`` writes one row per analysed frame: ``t_s``, each keypoint's
``<name>_x_px``, ``<name>_y_px`` and ``<name>_visibility`` when the pose is given, then every
column of ``result.frames``; missing values are empty cells. ``write_result_json`` writes
``result.to_json_dict()`` (``docs/analysis-json.md``).
"""

from __future__ import annotations

import csv
import json
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from types import MappingProxyType
from urllib.parse import quote, urlsplit

import numpy as np
from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup
from numpy.typing import NDArray

from glutecoach.domain.analysis import SCHEMA_VERSION, AnalysisResult, SideComparison
from glutecoach.domain.exercise import Variation
from glutecoach.domain.pose import FloatArray, PoseSequence
from glutecoach.errors import AnalysisError
from glutecoach.reports import technique_plots as tp

SIDE_WORDS = {"left": "left leg", "right": "right leg", "both": "both legs"}
REP_WORDS = {"left": "on the left leg", "right": "on the right leg", "both": "with both legs"}
STEP_WORDS = {"left": "to the left", "right": "to the right", "both": "both ways"}
TWO_D_KEY = "schurr-2017"
TIME_TOLERANCE_S = 1e-6
NO_REFERENCES: Mapping[str, str] = MappingProxyType({})


@dataclass(frozen=True)
class Citation:
    number: int
    key: str
    short: str
    text: str
    supplied: bool

    @property
    def anchor(self) -> str:
        return f"ref-{self.key}"


@dataclass(frozen=True)
class FaultCard:
    name: str
    cue: str
    where: str
    measured: str
    noise: str
    beyond_noise: bool | None


@dataclass(frozen=True)
class ThresholdRow:
    fault: str
    metric: str
    rule: str
    noise_floor: str
    noise_cite: Citation | None
    basis: str
    cite: Citation | None
    note: str
    in_clip: str


@dataclass(frozen=True)
class PlotView:
    key: str
    title: str
    svg: Markup


@dataclass(frozen=True)
class TechniqueReport:
    """What the page shows besides ``result`` itself (which the template reads directly for
    the rep table and the left/right comparison)."""

    result: AnalysisResult
    noun: str
    side_key: str
    title: str
    variation_name: str
    video_name: str
    facts: tuple[tuple[str, str], ...]
    counts: tuple[str, ...]
    good_form: str
    faults: tuple[FaultCard, ...]
    no_fault_note: str | None
    unmeasurable: tuple[str, ...]
    video_src: str | None
    plots: tuple[PlotView, ...]
    metrics: tuple[str, ...]
    mistake_names: Mapping[str, str]
    comparison: tuple[SideComparison, ...]
    comparison_note: str
    cues: tuple[str, ...]
    thresholds: tuple[ThresholdRow, ...]
    citations: tuple[Citation, ...]
    two_d_cite: Citation | None


class _Citations:
    """Numbers references in order of first use."""

    def __init__(self, references: Mapping[str, str]) -> None:
        self._references = references
        self._seen: dict[str, Citation] = {}

    def cite(self, key: str | None) -> Citation | None:
        if not key:
            return None
        if key not in self._seen:
            text = self._references.get(key)
            self._seen[key] = Citation(
                len(self._seen) + 1,
                key,
                tp.short_citation(key),
                text or f"{key} (full citation not supplied)",
                text is not None,
            )
        return self._seen[key]

    def all(self) -> tuple[Citation, ...]:
        return tuple(self._seen.values())


def _seconds(value: float) -> str:
    return f"{value:.2f}"


def _nouns(result: AnalysisResult) -> tuple[str, Mapping[str, str]]:
    """What a rep is called ('rep', or 'step' for a band walk) and how its side reads."""
    if result.family == "lateral-band-walk":
        return "step", STEP_WORDS
    return "rep", SIDE_WORDS


def _rep_list(indices: Sequence[int], result: AnalysisResult) -> str:
    noun, side_words = _nouns(result)
    sides = {r.index: r.side for r in result.reps}
    words = sorted({side_words[sides[i]] for i in indices if i in sides})
    noun += "" if len(indices) == 1 else "s"
    return f"{noun} {', '.join(map(str, indices))}" + (f" ({', '.join(words)})" if words else "")


def _facts(result: AnalysisResult, variation: Variation, video_name: str) -> list[tuple[str, str]]:
    v = result.video
    view = f"{result.view}"
    if result.inferred_view and result.inferred_view != result.view:
        view += f" (the body looks filmed from the {result.inferred_view})"
    clip = []
    if v.duration_s is not None:
        clip.append(f"{v.duration_s:.1f} s")
    if v.frame_count is not None:
        clip.append(f"{v.frame_count} frames")
    if v.fps is not None:
        clip.append(f"{v.fps:.1f} fps")
    if v.width_px and v.height_px:
        clip.append(f"{v.width_px} x {v.height_px} px")
    if v.rotation_deg:
        clip.append(f"rotated {v.rotation_deg} deg")
    facts = [
        ("Exercise", f"{variation.name} ({result.exercise})"),
        ("Video", video_name),
        ("Filmed from the", view),
        ("Clip", ", ".join(clip) or "unknown"),
    ]
    if v.sha256:
        facts.append(("SHA-256", v.sha256[:16] + "..."))
    facts.append(("Pose back end", f"{result.backend.name} {result.backend.version}"))
    facts.append(("Analysis", f"version {result.analysis_version}, JSON schema {SCHEMA_VERSION}"))
    return facts


def _counts(result: AnalysisResult) -> tuple[list[str], str]:
    noun, _ = _nouns(result)
    words = STEP_WORDS if noun == "step" else REP_WORDS
    total = result.rep_count
    parts = [f"{s.reps} {words[s.side]}" for s in result.sides]
    head = f"{total} complete {noun}{'' if total == 1 else 's'} counted"
    lines = [head + (f": {', '.join(parts)}." if parts and total else ".")]
    partial = len(result.reps) - total
    if partial:
        lines.append(
            f"{partial} more {noun}{'' if partial == 1 else 's'} cut by the start or "
            "end of the clip: shown below, not counted."
        )
    for h in result.holds:
        lines.append(
            f"Hold {h.index} ({SIDE_WORDS[h.side]}): {h.duration_s:.1f} s, "
            f"{h.good_alignment_s:.1f} s of it in good alignment."
        )
    if total:
        good = (
            f"{result.good_form_reps} of {total} {noun}s in good form "
            "(complete, measured and without a fault)."
        )
    elif not result.holds:
        good = f"No {noun}s were counted, so none can be judged."
    else:
        good = ""
    return lines, good


def _fault_cards(result: AnalysisResult) -> list[FaultCard]:
    order = sorted(result.faults, key=lambda f: (f.beyond_noise_floor is not True, -len(f.reps)))
    cards = []
    for f in order:
        where = []
        if f.reps:
            where.append(_rep_list(f.reps, result))
        if f.holds:
            where.append(f"hold{'s' if len(f.holds) > 1 else ''} {', '.join(map(str, f.holds))}")
        rule = "above" if f.comparison == "above" else "below"
        limit = tp.with_unit(f.metric, f.threshold_value, exact=True)
        worst = tp.with_unit(f.metric, f.measured_value)
        measured = f"worst {worst} against a threshold of {limit} (a fault {rule} it)"
        if f.noise_floor is None:
            noise = "The library gives no measurement noise figure for this check."
        elif f.beyond_noise_floor:
            floor = tp.with_unit(f.metric, f.noise_floor, exact=True)
            noise = f"Past the threshold by more than the {floor} measurement noise: a clear fault."
        else:
            floor = tp.with_unit(f.metric, f.noise_floor, exact=True)
            noise = (
                f"Past the threshold by less than the {floor} measurement noise: borderline, "
                "so film again before acting on it."
            )
        cards.append(
            FaultCard(
                f.name,
                f.cue,
                f"In {' and '.join(where)} of {f.checked} checked",
                measured,
                noise,
                f.beyond_noise_floor,
            )
        )
    return cards


def _unmeasurable(result: AnalysisResult) -> list[str]:
    lines = []
    noun, words = _nouns(result)
    for rep in result.reps:
        if rep.measurable:
            continue
        kind = "was cut by the clip" if rep.partial else "could not be measured"
        lines.append(f"{noun.capitalize()} {rep.index} ({words[rep.side]}) {kind}: {rep.reason}.")
    for hold in result.holds:
        if not hold.measurable:
            lines.append(f"Hold {hold.index} could not be measured: {hold.reason}.")
    return lines


def _metric_order(result: AnalysisResult, variation: Variation) -> list[str]:
    names = {m for r in result.reps for m in r.metrics}
    first = [m for m in tp.thresholded_metrics(variation) if m in names]
    return first + sorted(names - set(first))


def _thresholds(
    result: AnalysisResult, variation: Variation, cites: _Citations
) -> list[ThresholdRow]:
    found = {f.mistake_id: f for f in result.faults}
    missing = {m.mistake_id: m for m in result.not_measured}
    rows = []
    for mistake in variation.mistakes:
        t = mistake.threshold
        if t is None:
            continue
        metric = t.metric.value
        cite = cites.cite(t.reference) if t.basis == "literature" else None
        noise_cite = cites.cite(t.noise_reference) if t.noise_floor is not None else None
        if mistake.id in found:
            f = found[mistake.id]
            where = [_rep_list(f.reps, result)] if f.reps else []
            where += [f"holds {', '.join(map(str, f.holds))}"] if f.holds else []
            in_clip = f"found in {' and '.join(where)} of {f.checked} checked"
        elif mistake.id in missing:
            in_clip = f"not measured: {missing[mistake.id].reason}"
        else:
            in_clip = "not found"
        rows.append(
            ThresholdRow(
                fault=mistake.name,
                metric=tp.metric_heading(metric),
                rule=f"{t.comparison} {tp.with_unit(metric, t.value, exact=True)}",
                noise_floor=(
                    tp.with_unit(metric, t.noise_floor, exact=True)
                    if t.noise_floor is not None
                    else "none given"
                ),
                noise_cite=noise_cite,
                basis="literature" if t.basis == "literature" else "coaching default",
                cite=cite,
                note=t.note or "",
                in_clip=in_clip,
            )
        )
    return rows


def _video_src(path: str | None) -> str | None:
    if path is None:
        return None
    parts = urlsplit(path)
    posix = PurePosixPath(path.replace("\\", "/"))
    if parts.scheme or parts.netloc or posix.is_absolute() or not path.strip():
        raise ValueError(
            f"annotated_video must be a relative path next to the report, got {path!r}"
        )
    return quote(posix.as_posix())


def _plots(result: AnalysisResult, variation: Variation) -> list[PlotView]:
    views = []
    for number, (key, fig) in enumerate(tp.technique_figures(result, variation).items(), 1):
        title = fig.axes[0].get_title(loc="left") if fig.axes else key
        views.append(PlotView(key, title, Markup(tp.plot_svg(fig, f"plot{number}-"))))
    return views


def build_technique_report(
    result: AnalysisResult,
    variation: Variation,
    *,
    video_name: str,
    annotated_video: str | None = None,
    references: Mapping[str, str] = NO_REFERENCES,
) -> TechniqueReport:
    """The report's content (see the module notes); ``ValueError`` if ``variation`` is not
    the exercise analysed or ``annotated_video`` is not a relative path."""
    if variation.id != result.exercise:
        raise ValueError(f"the result is for {result.exercise!r}, not {variation.id!r}")
    cites = _Citations(references)
    thresholds = _thresholds(result, variation, cites)
    two_d = cites.cite(TWO_D_KEY) if TWO_D_KEY in references else None
    counts, good = _counts(result)
    names = {m.id: m.name for m in variation.mistakes} | {
        f.mistake_id: f.name for f in result.faults
    }
    measured = [r for r in result.reps if r.measurable]
    noun, words = _nouns(result)
    no_fault = None
    if not result.faults and (measured or result.holds):
        what = f"{noun}s and holds" if result.holds else f"{noun}s"
        no_fault = f"No fault was found in the measured {what}. Keep the cues below in mind."
    if result.comparison:
        note = (
            "Left minus right, side means over the measured reps. A difference smaller than "
            "the noise floor is within measurement noise, not a real asymmetry."
        )
    elif not result.sides:
        note = f"No {noun}s were counted, so the sides cannot be compared."
    elif {s.side for s in result.sides} & {"left", "right"}:
        note = "Only one side was measured, so the sides cannot be compared."
    else:
        note = "Two-legged work: there is no left/right comparison."
    return TechniqueReport(
        result=result,
        noun=noun,
        side_key=f"blue: {words['left']}, orange: {words['right']}",
        title=f"Technique check: {variation.name}",
        variation_name=variation.name,
        video_name=video_name,
        facts=tuple(_facts(result, variation, video_name)),
        counts=tuple(counts),
        good_form=good,
        faults=tuple(_fault_cards(result)),
        no_fault_note=no_fault,
        unmeasurable=tuple(_unmeasurable(result)),
        video_src=_video_src(annotated_video),
        plots=tuple(_plots(result, variation)),
        metrics=tuple(_metric_order(result, variation)),
        mistake_names=names,
        comparison=tuple(sorted(result.comparison, key=lambda c: c.noise_floor is None)),
        comparison_note=note,
        cues=variation.cues,
        thresholds=tuple(thresholds),
        citations=cites.all(),
        two_d_cite=two_d,
    )


def _signed(metric: str, value: float) -> str:
    text = tp.format_value(metric, value)
    return "+" + text if value > 0 and float(text) != 0.0 else text


def _environment() -> Environment:
    env = Environment(
        loader=PackageLoader("glutecoach.reports", "templates"),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["value"] = lambda value, metric: tp.format_value(metric, value)
    env.filters["signed"] = lambda value, metric: _signed(metric, value)
    env.filters["with_unit"] = lambda value, metric: tp.with_unit(metric, value, exact=True)
    env.filters["seconds"] = _seconds
    env.globals["label"] = tp.metric_spec
    env.globals["heading"] = tp.metric_heading
    env.globals["side_words"] = SIDE_WORDS
    env.globals["schema_version"] = SCHEMA_VERSION
    return env


def technique_html(
    result: AnalysisResult,
    variation: Variation,
    *,
    video_name: str,
    annotated_video: str | None = None,
    references: Mapping[str, str] = NO_REFERENCES,
) -> str:
    """The technique report as one self-contained HTML page (inline CSS and SVG).

    ``references`` maps library reference keys to full citations (e.g. from
    ``Library.reference(key).full()``); ``annotated_video`` is the annotated MP4's path
    relative to the report, embedded as a ``<video>`` element when given."""
    report = build_technique_report(
        result,
        variation,
        video_name=video_name,
        annotated_video=annotated_video,
        references=references,
    )
    return _environment().get_template("technique.html.j2").render(r=report)


# --- CSV and JSON ----------------------------------------------------------------------------


def _digits(column: str) -> int:
    """Decimals written for a column: whole numbers for indices and counts."""
    if column == "rep_index" or column.endswith(("_index", "_touchdowns")):
        return 0
    if column == "t_s":
        return 6
    for suffix, digits in (("_px", 2), ("_visibility", 3), ("_deg", 2), ("_ratio", 4), ("_s", 3)):
        if column.endswith(suffix):
            return digits
    return 4


def _cell(value: float, digits: int) -> str:
    if not math.isfinite(value):
        return ""
    text = f"{value:.{digits}f}"
    return text[1:] if text.startswith("-") and float(text) == 0.0 else text


def match_frames(frame_times: FloatArray, pose_times: FloatArray) -> NDArray[np.intp]:
    """For each frame-table time, the index of the pose frame with the same timestamp;
    ``AnalysisError`` when some have none (the pose is not the one the analysis ran on)."""
    if frame_times.size == 0:
        return np.zeros(0, dtype=np.intp)
    right = np.clip(np.searchsorted(pose_times, frame_times), 0, pose_times.size - 1)
    left = np.clip(right - 1, 0, pose_times.size - 1)
    nearer = np.abs(pose_times[left] - frame_times) < np.abs(pose_times[right] - frame_times)
    index = np.where(nearer, left, right)
    off = np.abs(pose_times[index] - frame_times) > TIME_TOLERANCE_S
    if np.any(off):
        first = float(frame_times[np.argmax(off)])
        raise AnalysisError(
            f"the keypoints do not match this analysis: {int(off.sum())} of {frame_times.size} "
            f"analysed frames (the first at {first:.3f} s) have no keypoint frame with the same "
            "timestamp; write the CSV with the pose the analysis ran on"
        )
    return index


def write_frames_csv(result: AnalysisResult, pose: PoseSequence | None, path: Path) -> Path:
    """One row per analysed frame (see the module notes); returns ``path``.

    Without a frame table (a result read back from JSON) the rows are the pose's frames."""
    path = Path(path)
    frames = result.frames
    if frames is not None:
        times = np.asarray(frames.timestamps_s, dtype=np.float64)
    elif pose is not None:
        times = np.asarray(pose.timestamps_s, dtype=np.float64)
    else:
        times = np.zeros(0)
    columns: list[tuple[str, FloatArray]] = [("t_s", times)]
    if pose is not None:
        index = match_frames(times, pose.timestamps_s)
        for k, name in enumerate(pose.schema.names):
            columns.append((f"{name}_x_px", pose.points_px[index, k, 0]))
            columns.append((f"{name}_y_px", pose.points_px[index, k, 1]))
            columns.append((f"{name}_visibility", pose.visibility[index, k]))
    if frames is not None:
        taken = {name for name, _ in columns}
        for name, values in frames.columns:
            if name in taken:
                raise AnalysisError(f"frame column {name!r} clashes with a keypoint column")
            columns.append((name, values))
    digits = [_digits(name) for name, _ in columns]
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow([name for name, _ in columns])
        writer.writerows(_rows(columns, digits))
    return path


def _rows(columns: Sequence[tuple[str, FloatArray]], digits: Sequence[int]) -> Iterable[list[str]]:
    if columns[0][1].size == 0:
        return
    stacked = np.column_stack([values for _, values in columns])
    for row in stacked:
        yield [_cell(float(v), d) for v, d in zip(row, digits, strict=True)]


def write_result_json(result: AnalysisResult, path: Path) -> Path:
    """``result.to_json_dict()`` as indented UTF-8 JSON; returns ``path``."""
    path = Path(path)
    text = json.dumps(result.to_json_dict(), indent=2, ensure_ascii=False, allow_nan=False)
    path.write_text(text + "\n", encoding="utf-8")
    return path


__all__ = [
    "TechniqueReport",
    "build_technique_report",
    "match_frames",
    "technique_html",
    "write_frames_csv",
    "write_result_json",
]
