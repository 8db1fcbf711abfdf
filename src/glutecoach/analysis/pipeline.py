"""``analyze``: one person's keypoints and a library exercise in, an ``AnalysisResult`` out.

Steps (issue 4, pipeline steps 3-6):

1. clean the keypoints (``filters.clean_pose``: visibility gating, Hampel, short gaps only,
   zero-phase low-pass on real timestamps);
2. infer the view from the keypoints and check it against the one given and against what the
   exercise's mistakes need (``QualityParams.wrong_view``: warn or raise);
3. pick the family's analyzer (``exercises.analyzer_for``), which segments reps (or holds),
   labels each rep's working side and measures its metrics;
4. keep only the reps of ``side`` if given (``side`` restricts, it never relabels);
5. make a rep not measurable when a landmark its metrics rest on is missing from too much of it;
6. judge the library's mistakes (``faults.check_mistakes``), summarise each side and compare
   left with right, and collect warnings the runner can act on.

Poor input the runner can learn from (a hidden knee, a partial rep, a small figure, the wrong
view) is reported in the result; ``AnalysisError`` is raised only when nothing can be measured
(no hips or shoulders anywhere, an unknown exercise, keypoints of another schema).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

import numpy as np
from scipy import signal as sps

from glutecoach.analysis import ANALYSIS_VERSION
from glutecoach.analysis import angles as ang
from glutecoach.analysis.camera import camera_motion_notes
from glutecoach.analysis.exercises import analyzer_for
from glutecoach.analysis.exercises import measures as ms
from glutecoach.analysis.exercises.base import (
    ExerciseAnalyzer,
    ExerciseContext,
    FamilyOutput,
)
from glutecoach.analysis.faults import Measured, check_mistakes, measurable_in_view
from glutecoach.analysis.filters import (
    CleanedSignal,
    SignalParams,
    clean_pose,
    min_run_samples,
    typical_interval_s,
)
from glutecoach.analysis.params import (
    AnalysisParams,
    default_params,
    merge_analysis_params,
    params_to_json,
)
from glutecoach.analysis.posture import keep_upright, lying_view, standing_note
from glutecoach.analysis.rep_checks import (
    accept_cut_reps,
    check_visibility,
    restrict_side,
    usable_metrics,
)
from glutecoach.analysis.subject import drop_jumps
from glutecoach.analysis.summary import (
    compare_sides,
    quality_warnings,
    sampling_rate_hz,
    side_summaries,
)
from glutecoach.domain.analysis import AnalysisResult, FrameTable, Hold, RepResult, VideoSummary
from glutecoach.domain.exercise import Variation
from glutecoach.domain.pose import (
    FrontalView,
    LegSide,
    PoseSequence,
    Rep,
    View,
    parse_view,
)
from glutecoach.domain.vocabulary import Position
from glutecoach.errors import AnalysisError, InputError

REQUIRED_KEYPOINTS = tuple(
    f"{side}_{part}"
    for side in ("left", "right")
    for part in ("shoulder", "hip", "knee", "ankle", "heel", "foot_index")
)


def resolve_params(
    family: str, params: AnalysisParams | Mapping[str, object] | None
) -> AnalysisParams:
    """The family's defaults, overridden by a mapping, or the given ``AnalysisParams``."""
    if params is None:
        return default_params(family)
    if isinstance(params, AnalysisParams):
        if params.family != family:
            raise InputError(
                f"analysis parameters are for the {params.family!r} family, not {family!r}"
            )
        return params
    return merge_analysis_params(default_params(family), params)


def analyze(
    pose: PoseSequence,
    variation: Variation,
    params: AnalysisParams | Mapping[str, object] | None = None,
    *,
    view: View | str | None = None,
    side: LegSide | None = None,
    family: str | None = None,
) -> AnalysisResult:
    """Analyse one person's ``pose`` doing ``variation`` (see the module notes).

    ``view`` (front/back/side) overrides the inferred view; ``side`` keeps only that side's
    reps; ``family`` names the analyzer when the variation is not one it lists. The result's
    ``video`` holds what the keypoints tell; replace it with the file's facts via
    ``result.with_video``.
    """
    analyzer = analyzer_for(variation, family)
    p = resolve_params(analyzer.family, params)
    given = parse_view(view) if view is not None else None
    if side is not None and side not in ("left", "right"):
        raise InputError(f"side must be 'left' or 'right', got {side!r}")
    missing = [n for n in REQUIRED_KEYPOINTS if n not in pose.schema.names]
    if missing:
        raise AnalysisError(
            f"keypoint schema {pose.schema.name!r} lacks {', '.join(missing)}: the standing "
            "exercises need shoulders, hips, knees, ankles, heels and toes"
        )
    pose, jump_notes = drop_jumps(pose, p.framing)
    standing = variation.position == Position.STANDING
    if standing:
        pose, upright_notes = keep_upright(pose, variation.name, p.posture)
    else:
        upright_notes = standing_note(pose, variation.name, p.posture)
    cleaned, cleaning = clean_pose(pose, p.signal)
    inferred = _infer_view(cleaned, p)
    if inferred is None and given is None and upright_notes and standing:
        raise AnalysisError(f"{upright_notes[0]} Nothing upright is left to measure.")
    used, frontal, view_notes = _choose_view(given, inferred)
    warnings = quality_warnings(pose, p.quality, p.signal.min_visibility, used) + view_notes
    warnings += upright_notes + jump_notes
    available = analyzer.metrics_for_view(variation, used)
    if not measurable_in_view(variation, available):
        message = wrong_view_message(variation, used)
        if p.quality.wrong_view == "error":
            raise AnalysisError(message)
        warnings.append(message)
    ctx = ExerciseContext(
        pose=cleaned,
        variation=variation,
        view=used,
        frontal_view=frontal,
        side=side,
        params=p,
        hip_width_px=_median_distance(cleaned, "left_hip", "right_hip") if frontal else math.nan,
        trunk_length_px=_trunk_length(cleaned),
    )
    out = analyzer.analyze(ctx)
    accepted, cut_notes = accept_cut_reps(out, cleaned, p.quality)
    warnings += cut_notes
    kept, side_notes = restrict_side(accepted, side, variation)
    warnings += side_notes
    reps, seen_notes = check_visibility(cleaned, kept, p.quality.min_visible_fraction)
    warnings += seen_notes
    items = [
        Measured("rep", m.rep.index, usable_metrics(m.metrics, m.rep.measurable), m.rep.measurable)
        for m in reps
    ]
    items += [Measured("hold", k + 1, h.metrics, True) for k, h in enumerate(out.holds)]
    report = check_mistakes(variation, used, items, available)
    rep_results = tuple(
        RepResult(
            index=m.rep.index, side=m.rep.side, start_s=m.rep.start_s, bottom_s=m.rep.bottom_s,
            end_s=m.rep.end_s, metrics=usable_metrics(m.metrics, m.rep.measurable),
            faults=report.faults.get(("rep", m.rep.index), ()), measurable=m.rep.measurable,
            reason=m.rep.reason, partial=m.rep.partial, variant=_rep_variant(out, m.rep),
            flags=m.rep.flags, confidence=m.rep.confidence,
        )
        for m in reps
    )  # fmt: skip
    holds = tuple(
        Hold(k + 1, h.side, h.start_s, h.end_s, h.end_s - h.start_s, h.good_alignment_s,
             h.metrics, report.faults.get(("hold", k + 1), ()))
        for k, h in enumerate(out.holds)
    )  # fmt: skip
    shortest = p.rep_params(used).min_duration_s / 2.0
    warnings += _rep_warnings(rep_results, out, p.quality.merged_rep_prominence, cleaned, shortest)
    warnings += [*cleaning.notes, *unsmoothed_joints(cleaning, pose, p.signal)]
    warnings += camera_motion_notes(pose, [m.rep for m in reps], analyzer.family, p.framing)
    summaries = side_summaries(rep_results)
    return AnalysisResult(
        analysis_version=ANALYSIS_VERSION,
        exercise=variation.id,
        family=analyzer.family,
        view=used,
        inferred_view=inferred,
        params=params_to_json(p),
        backend=pose.backend,
        video=_video_summary(pose),
        reps=rep_results,
        holds=holds,
        faults=report.findings,
        not_measured=report.not_measured,
        sides=summaries,
        comparison=compare_sides(summaries, variation, rep_results, p.measures.min_reps_for_spread),
        warnings=tuple(dict.fromkeys(warnings)),
        frames=_frame_table(cleaned, out, [m.rep for m in reps]),
    )


def wrong_view_message(variation: Variation, view: View) -> str:
    """Which view the variation's mistakes need, for a clip filmed from ``view``."""
    needed = sorted({m.view.value for m in variation.mistakes if m.threshold is not None})
    names = "; ".join(m.name.lower() for m in variation.mistakes if m.threshold is not None)
    return (
        f"wrong view for {variation.name}: none of its checked mistakes ({names}) can be seen "
        f"from the {view}; film from the {' or '.join(needed)}"
    )


def _infer_view(pose: PoseSequence, p: AnalysisParams) -> View | None:
    """``angles.infer_view``; when one side's hip is never seen but the other side's hip and
    shoulder mostly are, the far side is hidden behind the near one: a side view. A body lying
    across the picture (floor exercises) is judged by ``posture.lying_view`` instead."""
    ratio = p.quality.side_view_width_ratio
    lying = lying_view(pose, ratio, p.posture)
    if lying is not None:
        return lying
    try:
        return ang.infer_view(
            pose.point("left_hip"), pose.point("right_hip"),
            pose.point("left_shoulder"), pose.point("right_shoulder"), side_width_ratio=ratio,
        )  # fmt: skip
    except AnalysisError:
        pass
    seen = {
        side: float(np.mean(np.isfinite(pose.point(f"{side}_hip")[:, 0])
                            & np.isfinite(pose.point(f"{side}_shoulder")[:, 0])))
        for side in ("left", "right")
    }  # fmt: skip
    return "side" if max(seen.values()) >= 0.5 and min(seen.values()) == 0.0 else None


def unsmoothed_joints(
    cleaning: CleanedSignal, pose: PoseSequence, signal: SignalParams
) -> list[str]:
    """A note naming the main joints seen only in stretches too short for the low-pass."""
    short = cleaning.short_run.any(axis=2)
    names = pose.schema.names
    joints = [n.replace("_", " ") for n in REQUIRED_KEYPOINTS if short[:, names.index(n)].any()]
    if not joints:
        return []
    shown = ", ".join(joints[:4]) + (f" and {len(joints) - 4} more" if len(joints) > 4 else "")
    seconds = min_run_samples(signal.filter_order) * typical_interval_s(pose.timestamps_s)
    return [
        f"in places the {shown} {'was' if len(joints) == 1 else 'were'} seen only in stretches "
        f"under {seconds:.1f} s, which are not smoothed, so angles from them are noisier"
    ]


def _choose_view(
    given: View | None, inferred: View | None
) -> tuple[View, FrontalView | None, list[str]]:
    """The view to analyse as, the view that sets frontal signs, and notes for the runner."""
    if given is None and inferred is None:
        raise AnalysisError(
            "no hips and shoulders were visible together in any frame, so nothing can be "
            "measured: film the whole body, well lit, against a plain background"
        )
    used: View = given if given is not None else inferred  # type: ignore[assignment]
    notes: list[str] = []
    if given is not None and inferred is not None:
        if (given == "side") != (inferred == "side"):
            notes.append(
                f"the clip was analysed as filmed from the {given}, as asked, but the body looks "
                f"filmed from the {inferred}: check the view, or the angles will be wrong"
            )
        elif given != inferred:
            notes.append(
                f"the pose model's left and right look like a {inferred} view although the clip "
                f"is filmed from the {given}: the sides named in this report may be swapped"
            )
    if used == "side":
        return used, None, notes
    frontal: FrontalView = (
        inferred if inferred in ("front", "back") else ("back" if used == "back" else "front")
    )
    return used, frontal, notes


def _median_distance(pose: PoseSequence, a: str, b: str) -> float:
    gap = np.linalg.norm(pose.point(a) - pose.point(b), axis=1)
    gap = gap[np.isfinite(gap)]
    if gap.size == 0 or float(np.median(gap)) <= 0:
        raise AnalysisError(f"the {a.replace('_', ' ')} and {b.replace('_', ' ')} are never "
                            "both visible, so nothing can be scaled")  # fmt: skip
    return float(np.median(gap))


def _trunk_length(pose: PoseSequence) -> float:
    """Median mid-hip to mid-shoulder distance (one side's hip to shoulder where the other
    side is hidden)."""
    lengths = []
    for hip, shoulder in (
        (ang.midpoint(pose.point("left_hip"), pose.point("right_hip")),
         ang.midpoint(pose.point("left_shoulder"), pose.point("right_shoulder"))),
        (pose.point("left_hip"), pose.point("left_shoulder")),
        (pose.point("right_hip"), pose.point("right_shoulder")),
    ):  # fmt: skip
        length = np.linalg.norm(shoulder - hip, axis=1)
        length = length[np.isfinite(length)]
        if length.size:
            lengths.append(float(np.median(length)))
    return lengths[0] if lengths else math.nan


def _rep_warnings(
    reps: Sequence[RepResult],
    out: FamilyOutput,
    prominence: float,
    pose: PoseSequence,
    shortest_s: float,
) -> list[str]:
    """Partial, merged and rejected reps; flickers shorter than ``shortest_s`` go unmentioned."""
    notes: list[str] = []
    finite = np.isfinite(out.signal)
    first = float(pose.timestamps_s[finite][0]) if np.any(finite) else math.inf
    for rep in reps:
        if rep.partial and rep.start_s <= first + 1e-6:
            notes.append(f"rep {rep.index} was already under way when the clip started: it is "
                         "shown but not counted; start filming before the first rep")  # fmt: skip
        elif rep.partial:
            notes.append(f"the clip ends during rep {rep.index}: it is shown but not counted")
    rng = out.signal_range
    if math.isfinite(rng) and rng > 0:
        t = pose.timestamps_s
        for rep in reps:
            if rep.partial:
                continue
            seg = out.signal[ms.window(t, rep.start_s, rep.end_s)]
            seg = seg[np.isfinite(seg)]
            peaks, _ = sps.find_peaks(seg, prominence=prominence * rng)
            if len(peaks) >= 2:
                notes.append(
                    f"rep {rep.index} ({rep.start_s:.1f}-{rep.end_s:.1f} s) may be {len(peaks)} "
                    "reps run together: return fully to the start position between reps"
                )
    for cand in out.rejected:
        if cand.end_s - cand.start_s < shortest_s:
            continue
        notes.append(f"a movement at {cand.start_s:.1f}-{cand.end_s:.1f} s was not counted as a "
                     f"rep: it {cand.reason}")  # fmt: skip
    technical = ("signal range", "no signal")
    if not reps and not out.holds:
        if any(w.startswith("no signal") for w in out.warnings):
            why = "the landmarks this exercise needs were not seen for long enough"
        elif any(w.startswith("signal range") for w in out.warnings):
            why = "the body moved less than the smallest rep this check counts"
        else:
            why = "no movement went from rest to a full rep and back"
        notes.append(f"no reps were found: {why}; check the exercise, the view and the clip")
    notes += [w for w in out.warnings if not w.startswith(technical)]
    return notes


def _rep_variant(out: FamilyOutput, rep: Rep) -> str | None:
    """The variation an analyzer recognised in ``rep`` (a clip moving from two-leg to
    single-leg bridges), from an optional ``rep_variants`` mapping of rep extreme times."""
    variants: Mapping[float, str] = getattr(out, "rep_variants", {})
    return next((v for when, v in variants.items() if abs(when - rep.bottom_s) < 1e-6), None)


def _video_summary(pose: PoseSequence) -> VideoSummary:
    fps = sampling_rate_hz(pose)
    return VideoSummary(
        fps=fps if math.isfinite(fps) else None,
        frame_count=pose.n_frames,
        duration_s=pose.duration_s,
        width_px=pose.image_size_px[0],
        height_px=pose.image_size_px[1],
    )


def _frame_table(pose: PoseSequence, out: FamilyOutput, reps: Sequence[Rep]) -> FrameTable:
    t = pose.timestamps_s
    columns = [(f"signal_{out.signal_name}", out.signal), *out.frame_columns]
    columns.append(("rep_index", ms.rep_index_column(t, reps)))
    unique = dict(columns)  # a later column of the same name wins
    return FrameTable(t, tuple(unique.items()))


__all__ = ["ExerciseAnalyzer", "analyze", "resolve_params", "wrong_view_message"]
