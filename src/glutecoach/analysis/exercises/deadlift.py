"""Single-leg deadlift (body weight and loaded).

The person hinges forward at the hip on one leg, the free leg reaching back, and stands up
again. Primary signal, peaking at each rep's deepest hinge, in degrees, in the body's own frame
(so a panning or zooming phone changes nothing):

* side view: ``hip_hinge_deg``, 180 minus the angle at the hips between the trunk (hip ->
  shoulder) and the stance leg (hip -> stance ankle); standing reads near 0, a hinge to a
  horizontal trunk about 90;
* front/back view: the trunk tips toward or away from the camera, so its image shortens
  against the stance leg's: ``hip_hinge_deg`` = arccos of the trunk-to-stance-leg length ratio
  over the same ratio standing (its 95th percentile over the clip), the trunk's angle out of
  the picture plane.

The stance leg in each frame is the one whose ankle is lower in the picture (the free foot
rises behind); each rep's side is its stance leg (``reps.label_stance_sides``).

Per-rep metrics: ``hip_hinge_deg`` (median over the rep's bottom window), from the front or
back ``knee_fppa_deg`` of the stance knee at the bottom (valgus positive; not defined while the
thigh is foreshortened, ``base.knee_fppa``), from any view ``free_foot_touchdowns`` (the free
foot put down while hinged past half the rep's depth, "loss of balance"; it may rest between
reps), and ``lowering_s``, ``bottom_pause_s``,
``raising_s``, ``rep_duration_s``. "Hip opening" (the pelvis turning up on the free side) is a
rotation about the body's long axis, out of the picture plane from the back and foreshortened
from the side; it is not measured (``faults.NOT_MEASURABLE_YET``).
"""

from __future__ import annotations

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
from glutecoach.analysis.reps import RepParams, label_stance_sides, segment_reps
from glutecoach.domain.exercise import Variation
from glutecoach.domain.pose import FloatArray, LegSide, View, other_side

FAMILY = "single-leg-deadlift"
TIMING = frozenset({"lowering_s", "bottom_pause_s", "raising_s", "rep_duration_s"})
SIDE_METRICS = TIMING | {"hip_hinge_deg", "free_foot_touchdowns"}
FRONT_METRICS = SIDE_METRICS | {"knee_fppa_deg"}


def _lower_ankle(ctx: ExerciseContext) -> FloatArray:
    """``(T, 2)`` the ankle lower in the picture in each frame (the stance foot)."""
    left, right = ctx.point("left_ankle"), ctx.point("right_ankle")
    with np.errstate(invalid="ignore"):
        pick_left = (left[:, 1] >= right[:, 1]) | ~np.isfinite(right[:, 1])
    return np.asarray(np.where(pick_left[:, None], left, right), dtype=np.float64)


def hinge_deg(ctx: ExerciseContext) -> FloatArray:
    """The trunk's hinge in degrees, per frame (module notes)."""
    shoulder, hip, ankle = ctx.middle("shoulder"), ctx.middle("hip"), _lower_ankle(ctx)
    if ctx.view == "side":
        return np.asarray(180.0 - ang.joint_angle(shoulder, hip, ankle), dtype=np.float64)
    trunk = np.hypot(*(shoulder - hip).T)
    leg = np.hypot(*(ankle - hip).T)
    with np.errstate(invalid="ignore", divide="ignore"):
        ratio = trunk / leg
    finite = ratio[np.isfinite(ratio)]
    if finite.size == 0:
        return np.full(ratio.shape, np.nan)
    standing = float(np.percentile(finite, 95))
    with np.errstate(invalid="ignore"):
        return np.asarray(np.degrees(np.arccos(np.clip(ratio / standing, 0.0, 1.0))))


class DeadliftAnalyzer:
    """Hinges on one leg: reps, hinge depth, stance-knee valgus, free foot touching down."""

    family = FAMILY
    variation_ids = frozenset({"single-leg-deadlift", "loaded-single-leg-deadlift"})

    def metrics_for_view(self, variation: Variation, view: View) -> frozenset[str]:  # noqa: ARG002
        return SIDE_METRICS if view == "side" else FRONT_METRICS

    def analyze(self, ctx: ExerciseContext) -> FamilyOutput:
        t, m = ctx.t, ctx.params.measures
        signal = hinge_deg(ctx)
        seg = segment_reps(t, signal, ctx.params.rep_params(ctx.view), side="both")
        reps = label_stance_sides(seg.reps, t, ctx.y("left_ankle"), ctx.y("right_ankle"))
        hip_width = ctx.hip_width_px
        scale = hip_width if math.isfinite(hip_width) else m.deadlift_hip_widths_per_trunk * (
            ctx.trunk_length_px)  # fmt: skip
        fppa = {s: knee_fppa(ctx, s) for s in ("left", "right")} if ctx.view != "side" else {}
        measured: list[MeasuredRep] = []
        for k, rep in enumerate(reps):
            wide = ms.margin_window(t, list(reps), k, m.rep_margin_s)
            bottom = ms.bottom_window(signal, wide, m.bottom_window_fraction)
            lowering, paused, raising = ms.tempo(t, signal, rep, m)
            metrics = {
                "hip_hinge_deg": ms.median_in(signal, bottom),
                "lowering_s": lowering,
                "bottom_pause_s": paused,
                "raising_s": raising,
                "rep_duration_s": rep.duration_s,
            }
            landmarks: tuple[str, ...] = ("left_hip", "right_hip")
            extra: dict[str, tuple[str, ...]] = {}
            if rep.side in ("left", "right"):
                stance: LegSide = "left" if rep.side == "left" else "right"
                free = other_side(stance)
                height = (ctx.y(f"{stance}_ankle") - ctx.y(f"{free}_ankle")) / scale
                win = ms.window(t, rep.start_s, rep.end_s)
                with np.errstate(invalid="ignore"):  # hinged: the foot may rest between reps
                    win &= signal >= 0.5 * metrics["hip_hinge_deg"]
                metrics["free_foot_touchdowns"] = ms.count_touchdowns(
                    t, height, win, m.touchdown_height_ratio, m.touchdown_min_s
                )
                extra["free_foot_touchdowns"] = (f"{free}_ankle",)
                landmarks = (f"{stance}_hip", f"{stance}_ankle")
                if fppa:
                    metrics["knee_fppa_deg"] = ms.median_in(fppa[stance], bottom)
                    extra["knee_fppa_deg"] = (f"{stance}_knee",)
            measured.append(MeasuredRep(rep, metrics, landmarks, extra))
        return FamilyOutput.from_segmentation(seg, measured, "hip_hinge_deg", signal)


# Hinge in degrees: a single-leg deadlift tips the trunk 45-90 degrees; standing sway and
# filtered landmark noise move it by under 5, so 20 degrees is a real hinge. Reps take 1.5 s
# (quick) to 15 s (slow, with a pause at the bottom).
register_family_params(
    AnalysisParams(
        family=FAMILY,
        reps=RepParams(min_range=20.0, min_duration_s=1.0, max_duration_s=15.0),
    )
)
register_analyzer(DeadliftAnalyzer())
