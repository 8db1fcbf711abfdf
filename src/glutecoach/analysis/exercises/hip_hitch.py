"""Hip hitch (pelvic drop): on the floor, on a step, weighted on a step.

The stance hip stays put while the free side of the pelvis moves, so the stance side is the hip
(front/back view) or ankle (side view) that moves LESS vertically, judged over
``2 * stance_window_s`` (``side`` overrides it). Primary signal, peaking at each rep's extreme:

* front/back view: contralateral pelvic drop in degrees (``angles.pelvic_drop``): on a step the
  free side is lowered below level and lifted back, so a rep is a peak of drop; on the floor it
  is lifted from level, so a rep is a peak of hike (negated drop);
* side view: the free ankle's height against the stance ankle in trunk lengths (lower on a
  step, higher on the floor), since pelvic tilt is not visible from the side.

Per-rep metrics, each the median over the rep's extreme window or its rest window (samples
within ``bottom_window_fraction`` of the signal's range from the peak, or from the lowest point
of the rep widened by ``rep_margin_s``, since the top of a step hitch is the rest between
reps): ``pelvic_drop_deg`` (largest drop of the free side below level), ``hip_hike_deg``
(highest lift of the free side above level), ``pelvic_range_deg`` (tilt between the two),
``trunk_lean_deg`` (size of the lateral lean, either way, at either end), from the side
``knee_flexion_deg`` (stance knee at either end), and ``lowering_s``, ``raising_s``,
``rep_duration_s``. "Level" is the image horizontal: film with the phone level.
"""

from __future__ import annotations

import dataclasses

import numpy as np

from glutecoach.analysis import angles as ang
from glutecoach.analysis.exercises import measures as ms
from glutecoach.analysis.exercises.base import (
    ExerciseContext,
    FamilyOutput,
    MeasuredRep,
    register_analyzer,
)
from glutecoach.analysis.reps import segment_reps
from glutecoach.domain.exercise import Variation
from glutecoach.domain.pose import FloatArray, LegSide, Rep, View, other_side
from glutecoach.domain.vocabulary import Equipment

_TIMING = ("lowering_s", "raising_s", "rep_duration_s")


def lowers_below_level(variation: Variation) -> bool:
    """On a step the free side drops below level; on the floor it is lifted from level."""
    return Equipment.STEP in variation.equipment


def _stance_frames(ctx: ExerciseContext, left: FloatArray, right: FloatArray) -> FloatArray:
    """+1 where the left side is the stance side (its track moves less vertically), -1 where
    the right is, 0 where undecided; ``side`` forces it."""
    if ctx.side is not None:
        return np.full(ctx.t.size, 1.0 if ctx.side == "left" else -1.0)
    window_s = 2.0 * ctx.params.measures.stance_window_s
    spread_l = ms.rolling_spread(ctx.t, left, window_s)
    spread_r = ms.rolling_spread(ctx.t, right, window_s)
    difference = spread_r - spread_l
    scale = ctx.hip_width_px if np.isfinite(ctx.hip_width_px) else ctx.trunk_length_px
    # while both sides are still, nothing tells them apart: keep the nearest clear decision
    clear = np.abs(difference) > ctx.params.measures.still_fraction * scale
    return ms.fill_undecided(ms.rolling_majority(ctx.t, np.where(clear, difference, np.nan),
                                                 window_s))  # fmt: skip


def _rep_side(ctx: ExerciseContext, left: FloatArray, right: FloatArray, rep: Rep) -> LegSide:
    if ctx.side is not None:
        return ctx.side
    win = ms.window(ctx.t, rep.start_s, rep.end_s)
    rng = {
        s: ms.robust_max(v, win, 95.0) - ms.robust_min(v, win, 95.0)
        for s, v in (("left", left), ("right", right))
    }
    return "left" if not rng["left"] > rng["right"] else "right"


class HipHitchAnalyzer:
    """Reps, pelvic drop/hike/range, trunk side-bend, stance knee bend and tempo."""

    family = "hip-hitch"
    variation_ids = frozenset({"floor-hip-hitch", "hip-hitch", "weighted-hip-hitch"})

    def metrics_for_view(self, variation: Variation, view: View) -> frozenset[str]:  # noqa: ARG002
        if view == "side":
            return frozenset({*_TIMING, "knee_flexion_deg"})
        return frozenset(
            {*_TIMING, "pelvic_drop_deg", "hip_hike_deg", "pelvic_range_deg", "trunk_lean_deg"}
        )

    def analyze(self, ctx: ExerciseContext) -> FamilyOutput:
        if ctx.view == "side":
            return _side_view(ctx)
        return _frontal_view(ctx)


def _timing(rep: Rep, lowering_first: bool) -> dict[str, float]:
    first, second = rep.bottom_s - rep.start_s, rep.end_s - rep.bottom_s
    lowering, raising = (first, second) if lowering_first else (second, first)
    return {"lowering_s": lowering, "raising_s": raising, "rep_duration_s": rep.duration_s}


def _frontal_view(ctx: ExerciseContext) -> FamilyOutput:
    fv, t, m = ctx.need_frontal(), ctx.t, ctx.params.measures
    lh, rh = ctx.point("left_hip"), ctx.point("right_hip")
    ls, rs = ctx.point("left_shoulder"), ctx.point("right_shoulder")
    step = lowers_below_level(ctx.variation)
    drop = {s: ang.pelvic_drop(lh, rh, stance_side=s, view=fv) for s in ("left", "right")}
    lean = {s: ang.trunk_lean(lh, rh, ls, rs, stance_side=s, view=fv) for s in ("left", "right")}
    hip_y = (ctx.y("left_hip"), ctx.y("right_hip"))
    stance = _stance_frames(ctx, *hip_y)
    per_frame = np.where(stance >= 0, drop["left"], drop["right"])
    signal = np.asarray(per_frame if step else -per_frame, dtype=np.float64)
    seg = segment_reps(t, signal, ctx.params.rep_params(ctx.view))
    reps = [_with_side(r, _rep_side(ctx, *hip_y, r)) for r in seg.reps]
    f = m.bottom_window_fraction
    measured: list[MeasuredRep] = []
    for k, rep in enumerate(reps):
        s: LegSide = "left" if rep.side == "left" else "right"
        wide = ms.margin_window(t, reps, k, m.rep_margin_s)
        extreme = ms.bottom_window(signal, wide, f)  # the rep's extreme
        rest = ms.low_window(signal, wide, f)  # the resting position around it
        at_extreme, at_rest = ms.median_in(drop[s], extreme), ms.median_in(drop[s], rest)
        metrics = _timing(rep, step)
        metrics["pelvic_drop_deg"] = max(at_extreme, at_rest)
        metrics["hip_hike_deg"] = -min(at_extreme, at_rest)
        metrics["pelvic_range_deg"] = abs(at_extreme - at_rest)
        metrics["trunk_lean_deg"] = max(
            abs(ms.median_in(lean[s], extreme)), abs(ms.median_in(lean[s], rest))
        )
        landmarks = ("left_hip", "right_hip", "left_shoulder", "right_shoulder")
        measured.append(MeasuredRep(rep, metrics, landmarks))
    is_left = np.array([s != "right" for s in ms.frame_sides(t, reps)], dtype=np.bool_)
    columns = (
        ("pelvic_drop_deg", np.where(is_left, drop["left"], drop["right"])),
        ("trunk_lean_deg", np.where(is_left, lean["left"], lean["right"])),
    )
    return FamilyOutput.from_segmentation(
        seg,
        tuple(measured),
        "pelvic_drop_deg" if step else "hip_hike_deg",
        signal,
        frame_columns=columns,
    )


def _with_side(rep: Rep, side: LegSide) -> Rep:
    return dataclasses.replace(rep, side=side)


def _side_view(ctx: ExerciseContext) -> FamilyOutput:
    t, m = ctx.t, ctx.params.measures
    step = lowers_below_level(ctx.variation)
    ankle_y = (ctx.y("left_ankle"), ctx.y("right_ankle"))
    stance = _stance_frames(ctx, *ankle_y)
    scale = ctx.trunk_length_px
    free_lower = {
        s: (ctx.y(f"{other_side(s)}_ankle") - ctx.y(f"{s}_ankle")) / scale
        for s in ("left", "right")
    }  # stance side s: how far the free ankle sits below the stance ankle
    per_frame = np.where(stance >= 0, free_lower["left"], free_lower["right"])
    signal = np.asarray(per_frame if step else -per_frame, dtype=np.float64)
    seg = segment_reps(t, signal, ctx.params.rep_params(ctx.view))
    reps = [_with_side(r, _rep_side(ctx, *ankle_y, r)) for r in seg.reps]
    flex = {
        s: ang.knee_flexion_proxy(ctx.point(f"{s}_hip"), ctx.point(f"{s}_knee"),
                                  ctx.point(f"{s}_ankle"))
        for s in ("left", "right")
    }  # fmt: skip
    measured: list[MeasuredRep] = []
    for rep in reps:
        s: LegSide = "left" if rep.side == "left" else "right"
        win = ms.window(t, rep.start_s, rep.end_s)
        extreme = ms.bottom_window(signal, win, m.bottom_window_fraction)
        metrics = _timing(rep, step)
        metrics["knee_flexion_deg"] = max(
            ms.median_in(flex[s], extreme), ms.median_in(flex[s], ms.low_window(signal, win, 0.1))
        )
        landmarks = (f"{s}_hip", f"{s}_knee", f"{s}_ankle", f"{other_side(s)}_ankle")
        measured.append(MeasuredRep(rep, metrics, landmarks))
    columns = (
        ("knee_flexion_left_deg", flex["left"]),
        ("knee_flexion_right_deg", flex["right"]),
        ("free_ankle_drop_ratio", per_frame),
    )
    return FamilyOutput.from_segmentation(
        seg,
        tuple(measured),
        "free_ankle_drop_ratio" if step else "free_ankle_lift_ratio",
        signal,
        frame_columns=columns,
    )


register_analyzer(HipHitchAnalyzer())
