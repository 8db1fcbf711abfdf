"""Forward and lateral step-up.

A rep is stepping up onto the box with the working leg to a straight hip and knee and back down.
The working knee bends twice per rep (pushing up, lowering down), and standing on the box looks,
in the body's own frame, exactly like standing on the floor; what rises once per rep is the body
against the room. So the primary signal is the hips' height above the floor line, in trunk
lengths, measured so a phone that zooms or pans does not move it:

* the camera's zoom is followed by the trunk length (mid-hip to mid-shoulder, a running median
  over ``ExerciseContext.length_series``'s window), and every height is taken back to the
  clip's median zoom about the picture's centre, where a phone zooms;
* the floor line is the lower foot's level on the floor over the clip
  (``MeasureParams.step_up_floor_percentile``), so standing on the box for a long pause stays high;
* sideways panning does not change a height.

Working leg (``side`` of each rep; ``side`` overrides it): the library's set-up puts the working
foot on the box, so it is the ankle that sits higher over the rep (the other foot is on the floor
or hangs beside the step).

Per-rep metrics (front/back view, the working leg; each the ``peak_percentile`` of the rep's
frames, since the library's mistakes happen while the bent leg lifts or lowers the body, not at
the straight-legged top):

* ``knee_fppa_deg``: the working knee's frontal-plane projection angle (valgus positive), not
  measured in frames where the thigh is too foreshortened (the foot just put on a high box);
* ``pelvic_drop_deg``: the trailing side of the pelvis sinking below the working side;
* ``trunk_lean_deg``: the size of the sideways trunk lean, either way;
* ``hip_rise_ratio``: how far the hips rose, in trunk lengths (the step's height, roughly);
* ``rising_s``, ``top_pause_s``, ``lowering_s``, ``rep_duration_s``.

A side view counts reps and times them (the hips rise the same way); the frontal-plane mistakes
need a front or back view, which the report says.
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
from glutecoach.analysis.params import AnalysisParams, register_family_params
from glutecoach.analysis.reps import RepParams, segment_reps
from glutecoach.domain.exercise import Variation
from glutecoach.domain.pose import FloatArray, LegSide, Rep, View, other_side

FAMILY = "step-up"
TIMING = frozenset({"rising_s", "top_pause_s", "lowering_s", "rep_duration_s"})
SIDE_METRICS = TIMING | {"hip_rise_ratio"}
FRONT_METRICS = SIDE_METRICS | {"knee_fppa_deg", "pelvic_drop_deg", "trunk_lean_deg"}
SIDES: tuple[LegSide, LegSide] = ("left", "right")


def unzoomed_y(ctx: ExerciseContext) -> dict[str, FloatArray]:
    """Image heights of the mid-hip and both ankles, taken back to the clip's median zoom
    about the picture's centre (the trunk length follows the zoom), in trunk lengths."""
    mid_hip, mid_sh = ctx.middle("hip"), ctx.middle("shoulder")
    trunk = np.linalg.norm(mid_sh - mid_hip, axis=1)
    steady = ms.rolling_median(
        ctx.t, np.asarray(trunk, dtype=np.float64), ctx.params.measures.scale_window_s
    )
    steady = np.where(np.isfinite(steady), steady, ctx.trunk_length_px)
    centre_y = ctx.pose.image_size_px[1] / 2.0
    out: dict[str, FloatArray] = {}
    for name, y in (("hip", mid_hip[:, 1]), ("left_ankle", ctx.y("left_ankle")),
                    ("right_ankle", ctx.y("right_ankle"))):  # fmt: skip
        out[name] = np.asarray((y - centre_y) / steady, dtype=np.float64)
    return out


def hip_rise(ctx: ExerciseContext) -> FloatArray:
    """The primary signal: the hips' height above the floor line in trunk lengths."""
    y = unzoomed_y(ctx)
    lowest_ankle = np.fmax(y["left_ankle"], y["right_ankle"])
    seen = lowest_ankle[np.isfinite(lowest_ankle)]
    percentile = ctx.params.measures.step_up_floor_percentile
    floor = float(np.percentile(seen, percentile)) if seen.size else math.nan
    return np.asarray(floor - y["hip"], dtype=np.float64)


def _working_side(ctx: ExerciseContext, ankle_y: dict[str, FloatArray], rep: Rep) -> LegSide:
    """``side`` if given; else the foot that sits higher over the rep (the one on the box)."""
    if ctx.side is not None:
        return ctx.side
    win = ms.window(ctx.t, rep.start_s, rep.end_s)
    score = ms.nan_median(ankle_y["right_ankle"][win] - ankle_y["left_ankle"][win])
    return ms.side_of_score(score) or "left"


class StepUpAnalyzer:
    """Reps (the hips rising onto the box), the working leg, knee valgus, pelvic drop, trunk
    lean, step height and tempo."""

    family = FAMILY
    variation_ids = frozenset({"forward-step-up", "lateral-step-up"})

    def metrics_for_view(self, variation: Variation, view: View) -> frozenset[str]:  # noqa: ARG002
        return SIDE_METRICS if view == "side" else FRONT_METRICS

    def analyze(self, ctx: ExerciseContext) -> FamilyOutput:
        t, m = ctx.t, ctx.params.measures
        signal = hip_rise(ctx)
        seg = segment_reps(t, signal, ctx.params.rep_params(ctx.view))
        ankles = unzoomed_y(ctx)
        reps = [dataclasses.replace(r, side=_working_side(ctx, ankles, r)) for r in seg.reps]
        frontal = ctx.view != "side"
        if frontal:
            fv = ctx.need_frontal()
            lh, rh = ctx.point("left_hip"), ctx.point("right_hip")
            ls, rs = ctx.point("left_shoulder"), ctx.point("right_shoulder")
            fppa = {s: knee_fppa(ctx, s) for s in SIDES}
            drop = {s: ang.pelvic_drop(lh, rh, stance_side=s, view=fv) for s in SIDES}
            lean = {s: np.abs(ang.trunk_lean(lh, rh, ls, rs, stance_side=s, view=fv))
                    for s in SIDES}  # fmt: skip
        measured: list[MeasuredRep] = []
        for rep in reps:
            s: LegSide = "left" if rep.side == "left" else "right"
            win = ms.window(t, rep.start_s, rep.end_s)
            up, pause, down = ms.tempo(t, signal, rep, m)
            start_level = min(ms.value_at(t, signal, rep.start_s),
                              ms.value_at(t, signal, rep.end_s))  # fmt: skip
            top = ms.bottom_window(signal, win, m.bottom_window_fraction)
            metrics = {"rising_s": up, "top_pause_s": pause, "lowering_s": down,
                       "rep_duration_s": rep.duration_s,
                       "hip_rise_ratio": ms.median_in(signal, top) - start_level}  # fmt: skip
            landmarks = [f"{s}_hip", f"{s}_ankle", f"{other_side(s)}_ankle"]
            if frontal:
                p = m.peak_percentile
                metrics["knee_fppa_deg"] = ms.robust_max(fppa[s], win, p)
                metrics["pelvic_drop_deg"] = ms.robust_max(drop[s], win, p)
                metrics["trunk_lean_deg"] = ms.robust_max(lean[s], win, p)
                landmarks += [f"{s}_knee", f"{other_side(s)}_hip", "left_shoulder",
                              "right_shoulder"]  # fmt: skip
            measured.append(MeasuredRep(rep, metrics, tuple(landmarks)))
        columns: list[tuple[str, FloatArray]] = [("hip_rise_ratio", signal)]
        if frontal:
            is_left = np.array([v != "right" for v in ms.frame_sides(t, reps)], dtype=np.bool_)
            columns += [
                ("knee_fppa_left_deg", fppa["left"]),
                ("knee_fppa_right_deg", fppa["right"]),
                ("pelvic_drop_deg", np.where(is_left, drop["left"], drop["right"])),
                ("trunk_lean_deg", np.where(is_left, lean["left"], lean["right"])),
            ]
        return FamilyOutput.from_segmentation(
            seg, tuple(measured), "hip_rise_ratio", signal, frame_columns=tuple(columns)
        )


register_family_params(
    AnalysisParams(
        family=FAMILY,
        # The hips' rise in trunk lengths. A low step (mid-shin, 15-20 cm) lifts them about
        # 0.35 trunk lengths; filtered pixel noise and the trunk's forward lean move them by
        # about 0.03, a shifting stance on the floor by under 0.1. Reps take 1.5 s (quick) to
        # 15 s (a 2-1-3 tempo with a pause at the top); standing on the box longer is a hold.
        reps=RepParams(min_range=0.15, min_duration_s=1.0, max_duration_s=15.0),
    )
)
register_analyzer(StepUpAnalyzer())
