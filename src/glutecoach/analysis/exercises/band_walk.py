"""Lateral band walk (all band positions, upright or in a mini-squat).

Front/back view: each step is a peak of the ankles' horizontal separation in hip widths; its
side is the direction the body travelled (``reps.label_step_directions``), so the side summary
counts steps per direction. Per-step metrics: ``step_width_ratio`` (ankle separation at the
step's widest, the median over its top window), ``feet_separation_ratio`` (at the narrowest
around the step: the band going slack), ``knee_fppa_deg`` (the larger of both knees' median
FPPA over the step, valgus positive), ``knee_to_ankle_width_ratio`` (knee over ankle
separation, median over the step), ``trunk_lean_deg`` (size of the sideways sway at the widest
point) and ``rep_duration_s``.

Side view: steps toward or away from the camera cannot be counted, but the squat depth can be
seen. The visible stretch of the clip becomes one hold (side ``both``) with ``knee_flexion_deg``
= the LOWEST knee flexion sustained in it (the robust minimum: standing up out of the squat
lowers it), and ``good_alignment_s`` = the time with knee flexion at or above the variation's
"rising out of the squat" threshold (``MeasureParams.default_squat_knee_flexion_deg`` if it
has none).
"""

from __future__ import annotations

import numpy as np

from glutecoach.analysis import angles as ang
from glutecoach.analysis.exercises import measures as ms
from glutecoach.analysis.exercises.base import (
    ExerciseContext,
    FamilyOutput,
    MeasuredHold,
    MeasuredRep,
    knee_fppa,
    register_analyzer,
)
from glutecoach.analysis.reps import label_step_directions, segment_reps
from glutecoach.domain.exercise import Variation
from glutecoach.domain.pose import FloatArray, View
from glutecoach.domain.vocabulary import Metric

_FRONTAL_METRICS = frozenset(
    {
        "rep_duration_s",
        "step_width_ratio",
        "feet_separation_ratio",
        "knee_fppa_deg",
        "knee_to_ankle_width_ratio",
        "trunk_lean_deg",
    }
)
_LANDMARKS = (
    "left_hip",
    "right_hip",
    "left_knee",
    "right_knee",
    "left_ankle",
    "right_ankle",
    "left_shoulder",
    "right_shoulder",
)


def squat_knee_flexion_deg(variation: Variation, default_deg: float) -> float:
    """The knee flexion the variation asks to stay above (its ``knee_flexion_deg`` ``below``
    threshold), else ``default_deg``."""
    for mistake in variation.mistakes:
        t = mistake.threshold
        if t is not None and t.metric is Metric.KNEE_FLEXION_DEG and t.comparison == "below":
            return t.value
    return default_deg


class BandWalkAnalyzer:
    """Steps per direction, step width, band slack, knee valgus, trunk sway; depth from the
    side."""

    family = "lateral-band-walk"
    variation_ids = frozenset(
        {
            "band-walk-knees-upright",
            "band-walk-ankles-upright",
            "lateral-band-walk",
            "band-walk-feet-squat",
        }
    )

    def metrics_for_view(self, variation: Variation, view: View) -> frozenset[str]:  # noqa: ARG002
        if view == "side":
            return frozenset({"knee_flexion_deg"})
        return _FRONTAL_METRICS

    def analyze(self, ctx: ExerciseContext) -> FamilyOutput:
        if ctx.view == "side":
            return _side_view(ctx)
        return _frontal_view(ctx)


def _frontal_view(ctx: ExerciseContext) -> FamilyOutput:
    fv, t, m, hw = ctx.need_frontal(), ctx.t, ctx.params.measures, ctx.hip_width_px
    lh, rh = ctx.point("left_hip"), ctx.point("right_hip")
    ls, rs = ctx.point("left_shoulder"), ctx.point("right_shoulder")
    width = ctx.length_series("left_hip", "right_hip", hw)  # follows a zooming camera
    separation = np.abs(ctx.x("left_ankle") - ctx.x("right_ankle")) / width
    seg = segment_reps(t, separation, ctx.params.rep_params(ctx.view))
    lateral = (ctx.x("left_hip") + ctx.x("right_hip")) / 2.0 / hw
    steps = (
        label_step_directions(seg.reps, t, lateral, view=fv, min_shift=m.step_min_shift_ratio)
        if seg.reps and np.count_nonzero(np.isfinite(lateral)) >= 2
        else seg.reps
    )
    fppa = {s: knee_fppa(ctx, s) for s in ("left", "right")}
    lean = ang.trunk_lean(lh, rh, ls, rs, stance_side="left", view=fv)
    with np.errstate(invalid="ignore", divide="ignore"):
        knee_to_ankle = np.abs(ctx.x("left_knee") - ctx.x("right_knee")) / np.abs(
            ctx.x("left_ankle") - ctx.x("right_ankle")
        )
    f = m.bottom_window_fraction
    measured: list[MeasuredRep] = []
    for k, step in enumerate(steps):
        win = ms.window(t, step.start_s, step.end_s)
        widest = ms.bottom_window(separation, win, f)
        narrowest = ms.low_window(separation, ms.margin_window(t, steps, k, m.rep_margin_s), f)
        metrics = {
            "rep_duration_s": step.duration_s,
            "step_width_ratio": ms.median_in(separation, widest),
            "feet_separation_ratio": ms.median_in(separation, narrowest),
            "knee_fppa_deg": max(ms.median_in(fppa["left"], win), ms.median_in(fppa["right"], win)),
            "knee_to_ankle_width_ratio": ms.median_in(knee_to_ankle, win),
            "trunk_lean_deg": abs(ms.median_in(lean, widest)),
        }
        measured.append(MeasuredRep(step, metrics, _LANDMARKS))
    columns = (
        ("ankle_separation_ratio", separation),
        ("pelvis_lateral_ratio", lateral),
        ("knee_fppa_left_deg", fppa["left"]),
        ("knee_fppa_right_deg", fppa["right"]),
        ("trunk_lean_deg", lean),
        ("knee_to_ankle_width_ratio", knee_to_ankle),
    )
    return FamilyOutput.from_segmentation(
        seg, tuple(measured), "ankle_separation_ratio", separation, frame_columns=columns
    )


def _side_view(ctx: ExerciseContext) -> FamilyOutput:
    t, p = ctx.t, ctx.params.measures.peak_percentile
    flex = {
        s: ang.knee_flexion_proxy(ctx.point(f"{s}_hip"), ctx.point(f"{s}_knee"),
                                  ctx.point(f"{s}_ankle"))
        for s in ("left", "right")
    }  # fmt: skip
    knee = _mean_of_seen(flex["left"], flex["right"])
    seen = np.flatnonzero(np.isfinite(knee))
    warnings = [
        "steps cannot be counted from the side: film from the front (or back) to count steps "
        "and check the knees, step width and trunk sway"
    ]
    holds: tuple[MeasuredHold, ...] = ()
    if seen.size >= 2:
        start, end = float(t[seen[0]]), float(t[seen[-1]])
        span = ms.window(t, start, end)
        level = squat_knee_flexion_deg(
            ctx.variation, ctx.params.measures.default_squat_knee_flexion_deg
        )
        in_squat = np.asarray(np.nan_to_num(knee, nan=-1.0) >= level, dtype=np.float64)
        dt = np.diff(t[span])
        good_s = float(np.sum(dt * in_squat[span][:-1]))
        lowest = ms.robust_min(knee, span, p)
        side_seen = "left" if np.sum(np.isfinite(flex["left"])) >= np.sum(
            np.isfinite(flex["right"])) else "right"  # fmt: skip
        landmarks = (f"{side_seen}_hip", f"{side_seen}_knee", f"{side_seen}_ankle")
        holds = (MeasuredHold("both", start, end, good_s, {"knee_flexion_deg": lowest}, landmarks),)
    else:
        warnings.append("the legs are never visible, so the squat depth cannot be measured")
    columns = (
        ("knee_flexion_left_deg", flex["left"]),
        ("knee_flexion_right_deg", flex["right"]),
    )
    return FamilyOutput(
        reps=(),
        signal_name="knee_flexion_deg",
        signal=knee,
        signal_range=float("nan"),
        holds=holds,
        frame_columns=columns,
        warnings=tuple(warnings),
    )


def _mean_of_seen(a: FloatArray, b: FloatArray) -> FloatArray:
    both = np.stack([a, b])
    count = np.sum(np.isfinite(both), axis=0)
    return np.asarray(
        np.where(count > 0, np.nansum(both, axis=0) / np.maximum(count, 1), np.nan), np.float64
    )


register_analyzer(BandWalkAnalyzer())
