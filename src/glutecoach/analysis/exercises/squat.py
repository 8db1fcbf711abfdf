"""The single-leg squat ladder: two-leg squat, box squat, step-down, single-leg squat (loaded).

Primary signal (peaks at the bottom of each rep): hip descent, the mid-hip's height above the
floor (the lower ankle for single-leg work, the mean of both ankles for two-leg work) in hip
widths, negated. In a side view, where the hips overlap, a hip width is taken as
``MeasureParams.squat_hip_widths_per_trunk`` trunk lengths, so the same rep parameters serve
every view; the depth metric there is the stance knee's flexion.

Working side of a single-leg rep: the stance leg, whose foot stays planted while the free foot
moves with the body (whether it hangs, is held forward or reaches down), judged over the rep
(so a clip may change legs between reps); if one ankle is never seen in the rep, the lower
ankle is taken as the planted one.

Per-rep metrics; "at the bottom" means the median over the rep's bottom window (its
samples within ``bottom_window_fraction`` of the rep's range from the deepest point), the
position where these angles are scored clinically (e.g. FPPA at peak knee flexion,
Herrington 2014):

* ``hip_descent_ratio`` (front/back): how far the hips went down from the higher of the rep's
  start and end, in hip widths;
* ``knee_flexion_deg`` (side): peak knee flexion proxy (robust maximum) of the stance leg, or
  both legs' mean for two-leg work: the depth;
* ``knee_fppa_deg`` (front/back, single-leg): stance knee FPPA at the bottom (valgus
  positive); two-leg work reports ``knee_fppa_left_deg`` / ``knee_fppa_right_deg`` and
  ``knee_to_ankle_width_ratio`` (knee separation over ankle separation at the bottom: below 1
  means the knees came inside the ankles);
* ``pelvic_drop_deg`` (front/back, single-leg): contralateral pelvic drop at the bottom;
* ``trunk_lean_deg`` (front/back): size of the lateral trunk lean at the bottom, either way;
* ``trunk_forward_lean_deg`` (side): sagittal trunk inclination at the bottom;
* ``free_foot_touchdowns`` (single-leg, not for step variations where the free heel is meant to
  tap the floor): times the free ankle came down to the stance ankle's height (loss of balance);
* tempo: ``descent_s`` (start to reaching the bottom window), ``bottom_pause_s`` (time in it),
  ``ascent_s`` (leaving it to the end) and ``rep_duration_s``.
"""

from __future__ import annotations

import dataclasses
import math

import numpy as np

from glutecoach.analysis import angles as ang
from glutecoach.analysis.exercises import measures as ms
from glutecoach.analysis.exercises.base import (
    ExerciseContext,
    FamilyOutput,
    MeasuredRep,
    knee_fppa,
    register_analyzer,
)
from glutecoach.analysis.reps import RepSegmentation, segment_reps
from glutecoach.domain.exercise import Variation
from glutecoach.domain.pose import BoolArray, FloatArray, LegSide, Rep, View, other_side
from glutecoach.domain.vocabulary import Equipment

_TIMING = ("descent_s", "bottom_pause_s", "ascent_s", "rep_duration_s")


def counts_touchdowns(variation: Variation) -> bool:
    """Single-leg work off the floor; on a step the free heel taps the floor on purpose."""
    return variation.unilateral and Equipment.STEP not in variation.equipment


def _nanmean2(a: FloatArray, b: FloatArray) -> FloatArray:
    both = np.stack([a, b])
    count = np.sum(np.isfinite(both), axis=0)
    total = np.nansum(both, axis=0)
    return np.asarray(np.where(count > 0, total / np.maximum(count, 1), np.nan), np.float64)


def _ankle_motion(ctx: ExerciseContext, side: LegSide, mask: BoolArray) -> float:
    """How far an ankle moves within ``mask``: robust range of x plus that of y, in pixels."""
    total = 0.0
    for coord in (ctx.x(f"{side}_ankle"), ctx.y(f"{side}_ankle")):
        total += ms.robust_max(coord, mask, 95.0) - ms.robust_min(coord, mask, 95.0)
    return total


def stance_votes(ctx: ExerciseContext) -> FloatArray:
    """Per frame +1 where the LEFT foot looks planted (its ankle moves less than the right one
    over ``stance_window_s``), -1 where the right does, 0 if undecided."""
    window_s = ctx.params.measures.stance_window_s
    spread = {
        s: ms.rolling_spread(ctx.t, ctx.x(f"{s}_ankle"), window_s)
        + ms.rolling_spread(ctx.t, ctx.y(f"{s}_ankle"), window_s)
        for s in ("left", "right")
    }
    return ms.rolling_majority(ctx.t, spread["right"] - spread["left"], window_s)


def _rep_stance(ctx: ExerciseContext, rep: Rep) -> LegSide | None:
    """The stance leg of a single-leg rep: its foot stays planted while the free foot moves
    with the body (hanging, held forward or reaching down alike)."""
    win = ms.window(ctx.t, rep.start_s, rep.end_s)
    side = ms.side_of_score(_ankle_motion(ctx, "right", win) - _ankle_motion(ctx, "left", win))
    if side is None:  # an ankle unseen: fall back on the lower ankle being the planted one
        lower = ctx.y("left_ankle") - ctx.y("right_ankle")
        side = ms.side_of_score(ms.nan_median(lower[win]))
    return side


def _label(seg: RepSegmentation, ctx: ExerciseContext) -> list[Rep]:
    out: list[Rep] = []
    for rep in seg.reps:
        side = _rep_stance(ctx, rep) or ctx.side
        if side is None:
            reason = rep.reason or "cannot tell which leg is the stance leg"
            out.append(dataclasses.replace(rep, side="both", measurable=False, reason=reason))
        else:
            out.append(dataclasses.replace(rep, side=side))
    return out


def _timing(ctx: ExerciseContext, signal: FloatArray, rep: Rep) -> dict[str, float]:
    down, pause, up = ms.tempo(ctx.t, signal, rep, ctx.params.measures)
    return dict(zip(_TIMING, (down, pause, up, rep.duration_s), strict=True))


def _leg(side: LegSide) -> tuple[str, str, str]:
    return f"{side}_hip", f"{side}_knee", f"{side}_ankle"


class SquatAnalyzer:
    """Reps, depth, knee FPPA, pelvic drop, trunk lean, touchdowns and tempo."""

    family = "single-leg-squat"
    variation_ids = frozenset(
        {"squat", "box-squat", "step-down", "single-leg-squat", "loaded-single-leg-squat"}
    )

    def metrics_for_view(self, variation: Variation, view: View) -> frozenset[str]:
        names = set(_TIMING)
        if view == "side":
            names |= {"knee_flexion_deg", "trunk_forward_lean_deg"}
        elif variation.unilateral:
            names |= {"hip_descent_ratio", "knee_fppa_deg", "pelvic_drop_deg", "trunk_lean_deg"}
        else:
            names |= {"hip_descent_ratio", "trunk_lean_deg", "knee_to_ankle_width_ratio"}
            names |= {"knee_fppa_left_deg", "knee_fppa_right_deg"}
        if counts_touchdowns(variation):
            names.add("free_foot_touchdowns")
        return frozenset(names)

    def analyze(self, ctx: ExerciseContext) -> FamilyOutput:
        if ctx.view == "side":
            return _side_view(ctx)
        return _frontal_view(ctx)


def _hip_descent(ctx: ExerciseContext, hip_width_px: float | FloatArray) -> FloatArray:
    """The primary signal: minus the mid-hip's height above the floor in hip widths (per
    frame, ``ExerciseContext.length_series``, so a zoom changes nothing). The floor is the
    lower ankle for single-leg work, both ankles' mean for two-leg work, as a running median
    over ``MeasureParams.floor_window_s``."""
    la_y, ra_y = ctx.y("left_ankle"), ctx.y("right_ankle")
    per_frame = np.fmax(la_y, ra_y) if ctx.variation.unilateral else _nanmean2(la_y, ra_y)
    # The feet stay put: a frame that lost one ankle, or misplaced it, must not move the floor.
    floor_y = ms.rolling_median(ctx.t, per_frame, ctx.params.measures.floor_window_s)
    if ctx.view == "side":  # the far hip may be hidden behind the near one
        hip_y = ctx.middle("hip")[:, 1]
    else:
        hip_y = (ctx.y("left_hip") + ctx.y("right_hip")) / 2.0
    height = (floor_y - hip_y) / hip_width_px
    return np.asarray(-height, dtype=np.float64)


def _frontal_view(ctx: ExerciseContext) -> FamilyOutput:
    fv, t, m = ctx.need_frontal(), ctx.t, ctx.params.measures
    hw, unilateral = ctx.hip_width_px, ctx.variation.unilateral
    la, ra = ctx.point("left_ankle"), ctx.point("right_ankle")
    lh, rh = ctx.point("left_hip"), ctx.point("right_hip")
    ls, rs = ctx.point("left_shoulder"), ctx.point("right_shoulder")
    signal = _hip_descent(ctx, ctx.length_series("left_hip", "right_hip", hw))
    height = -signal
    seg = segment_reps(t, signal, ctx.params.rep_params(ctx.view))
    reps = _label(seg, ctx) if unilateral else list(seg.reps)
    fppa = {s: knee_fppa(ctx, s) for s in ("left", "right")}
    drop = {s: ang.pelvic_drop(lh, rh, stance_side=s, view=fv) for s in ("left", "right")}
    lean = {s: ang.trunk_lean(lh, rh, ls, rs, stance_side=s, view=fv) for s in ("left", "right")}
    free_height = {
        s: (ctx.y(f"{s}_ankle") - ctx.y(f"{other_side(s)}_ankle")) / hw for s in ("left", "right")
    }
    knee_gap = np.abs(ctx.x("left_knee") - ctx.x("right_knee"))
    with np.errstate(invalid="ignore", divide="ignore"):
        knee_to_ankle = knee_gap / np.abs(la[:, 0] - ra[:, 0])
    measured: list[MeasuredRep] = []
    for rep in reps:
        win = ms.window(t, rep.start_s, rep.end_s)
        bottom = ms.bottom_window(signal, win, m.bottom_window_fraction)
        metrics = _timing(ctx, signal, rep)
        extra: dict[str, tuple[str, ...]] = {}
        standing = min(ms.value_at(t, signal, rep.start_s), ms.value_at(t, signal, rep.end_s))
        metrics["hip_descent_ratio"] = ms.median_in(signal, bottom) - standing
        if rep.side in ("left", "right"):
            s: LegSide = "left" if rep.side == "left" else "right"
            metrics["knee_fppa_deg"] = ms.median_in(fppa[s], bottom)
            metrics["pelvic_drop_deg"] = ms.median_in(drop[s], bottom)
            metrics["trunk_lean_deg"] = abs(ms.median_in(lean[s], bottom))
            landmarks = [*_leg(s), f"{other_side(s)}_hip", "left_shoulder", "right_shoulder"]
            if counts_touchdowns(ctx.variation):
                metrics["free_foot_touchdowns"] = ms.count_touchdowns(
                    t, free_height[s], win, m.touchdown_height_ratio, m.touchdown_min_s
                )
                extra["free_foot_touchdowns"] = (f"{other_side(s)}_ankle",)
        elif not unilateral:
            metrics["knee_fppa_left_deg"] = ms.median_in(fppa["left"], bottom)
            metrics["knee_fppa_right_deg"] = ms.median_in(fppa["right"], bottom)
            metrics["knee_to_ankle_width_ratio"] = ms.median_in(knee_to_ankle, bottom)
            metrics["trunk_lean_deg"] = abs(ms.median_in(lean["left"], bottom))
            landmarks = [*_leg("left"), *_leg("right")]
        else:  # single-leg rep whose stance leg is unknown: timing only
            landmarks = []
        measured.append(MeasuredRep(rep, metrics, tuple(landmarks), extra))
    is_left = np.array([s != "right" for s in ms.frame_sides(t, reps)], dtype=np.bool_)
    columns = (
        ("hip_height_ratio", height),
        ("knee_fppa_left_deg", fppa["left"]),
        ("knee_fppa_right_deg", fppa["right"]),
        ("pelvic_drop_deg", np.where(is_left, drop["left"], drop["right"])),
        ("trunk_lean_deg", np.where(is_left, lean["left"], lean["right"])),
        ("knee_to_ankle_width_ratio", knee_to_ankle),
    )
    return FamilyOutput.from_segmentation(
        seg, tuple(measured), "hip_descent_ratio", signal, frame_columns=columns
    )


def _facing(ctx: ExerciseContext) -> float:
    heel = np.concatenate([ctx.point("left_heel"), ctx.point("right_heel")])
    toe = np.concatenate([ctx.point("left_foot_index"), ctx.point("right_foot_index")])
    ok = np.isfinite(heel).all(axis=1) & np.isfinite(toe).all(axis=1)
    return ang.infer_facing_x_sign(heel[ok], toe[ok]) if np.any(ok) else math.nan


def _side_view(ctx: ExerciseContext) -> FamilyOutput:
    t, m, unilateral = ctx.t, ctx.params.measures, ctx.variation.unilateral
    hw = ctx.trunk_length_px * m.squat_hip_widths_per_trunk
    flex = {s: ang.knee_flexion_proxy(*(ctx.point(n) for n in _leg(s))) for s in ("left", "right")}
    signal = _hip_descent(ctx, hw)
    seg = segment_reps(t, signal, ctx.params.rep_params(ctx.view))
    reps = _label(seg, ctx) if unilateral else list(seg.reps)
    facing = _facing(ctx)
    mid_hip, mid_sh = ctx.middle("hip"), ctx.middle("shoulder")
    forward = (
        ang.trunk_forward_lean(mid_hip, mid_sh, facing_x_sign=facing)
        if math.isfinite(facing)
        else np.full(t.size, np.nan)
    )
    p = m.peak_percentile
    measured: list[MeasuredRep] = []
    for rep in reps:
        win = ms.window(t, rep.start_s, rep.end_s)
        bottom = ms.bottom_window(signal, win, m.bottom_window_fraction)
        metrics = _timing(ctx, signal, rep)
        extra: dict[str, tuple[str, ...]] = {}
        metrics["trunk_forward_lean_deg"] = ms.median_in(forward, bottom)
        if rep.side in ("left", "right") and unilateral:
            s: LegSide = "left" if rep.side == "left" else "right"
            metrics["knee_flexion_deg"] = ms.robust_max(flex[s], win, p)
            landmarks = [*_leg(s)]
            if counts_touchdowns(ctx.variation):
                free = (ctx.y(f"{s}_ankle") - ctx.y(f"{other_side(s)}_ankle")) / hw
                metrics["free_foot_touchdowns"] = ms.count_touchdowns(
                    t, free, win, m.touchdown_height_ratio, m.touchdown_min_s
                )
                extra["free_foot_touchdowns"] = (f"{other_side(s)}_ankle",)
        else:
            mean_flex = _nanmean2(flex["left"], flex["right"])
            metrics["knee_flexion_deg"] = ms.robust_max(mean_flex, win, p)
            landmarks = [*_leg(_nearer_leg(ctx, win))]
        measured.append(MeasuredRep(rep, metrics, tuple(landmarks), extra))
    columns = (
        ("knee_flexion_left_deg", flex["left"]),
        ("knee_flexion_right_deg", flex["right"]),
        ("trunk_forward_lean_deg", forward),
    )
    return FamilyOutput.from_segmentation(
        seg, tuple(measured), "hip_descent_ratio", signal, frame_columns=columns
    )


def _nearer_leg(ctx: ExerciseContext, win: BoolArray) -> LegSide:
    """The leg better seen in a side view (the far leg is often hidden behind the near one)."""
    seen = {s: float(np.mean(ctx.pose.visibility_of(f"{s}_knee")[win])) if np.any(win) else 0.0
            for s in ("left", "right")}  # fmt: skip
    return "left" if seen["left"] >= seen["right"] else "right"


register_analyzer(SquatAnalyzer())
