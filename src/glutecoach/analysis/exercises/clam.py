"""Clam and its variations (banded, foot lift, top leg parallel, hips extended).

Filmed facing the front of the body, the side-lying person's thighs point toward the camera
and across the picture; the top knee opens toward the ceiling in the image plane. The top
side is the higher hip (``floor.top_side``). Signals exist only where the body lies
(``floor.lying_frames``), so set-up talk, title cards and cuts hold no reps.

Primary signal, peaking at each rep's top:

* clam, banded clam, top leg parallel, hips extended: the knee opening, the angle of the top
  thigh (top hip -> top knee) above the bottom thigh (bottom hip -> bottom knee), in degrees
  (``floor.up_angle``);
* foot lift (the top foot lifts while the knees stay together): the top shin's angle above the
  bottom shin (knee -> ankle), in degrees.

Per-rep metrics (medians over the rep's top window, or its rest window for the rest values):

* ``knee_opening_deg``: the angle between the thighs at the top of the rep;
* ``feet_separation_ratio``: how much further apart the ankles are at the top than at rest,
  in hip widths (the median distance between the hips while lying); stacked feet seen from
  the front already look a foot's thickness apart, so the rest gap is taken off;
* ``hip_flexion_drift_deg``: how much further the hips are bent at this rep's rest than at the
  first rep's (the knees creeping toward the chest over the set): the bottom thigh's angle
  from the body axis, which lies in the image plane in this view;
* ``hip_abduction_deg``: the top thigh's lowest opening over the rep (for the variations that
  hold the top knee up, "the knee drops" when it falls below the library's floor);
* ``opening_s``, ``top_hold_s``, ``closing_s``, ``rep_duration_s``.

Pelvis roll is not measured (see ``faults.NOT_MEASURABLE_YET``).
"""

from __future__ import annotations

import math

import numpy as np

from glutecoach.analysis import angles as ang
from glutecoach.analysis.exercises import floor
from glutecoach.analysis.exercises import measures as ms
from glutecoach.analysis.exercises.base import (
    ExerciseContext,
    FamilyOutput,
    MeasuredRep,
    register_analyzer,
)
from glutecoach.analysis.exercises.side_lying import with_side
from glutecoach.analysis.params import AnalysisParams, register_family_params
from glutecoach.analysis.reps import RepParams, segment_reps
from glutecoach.domain.exercise import Variation
from glutecoach.domain.pose import BoolArray, FloatArray, LegSide, View

FAMILY = "clam"
TIMING = frozenset({"opening_s", "top_hold_s", "closing_s", "rep_duration_s"})
METRICS = TIMING | {
    "knee_opening_deg",
    "feet_separation_ratio",
    "hip_flexion_drift_deg",
    "hip_abduction_deg",
}
FOOT_LIFT = "clam-foot-lift"


def _segment(ctx: ExerciseContext, start: str, end: str, side: LegSide) -> FloatArray:
    return np.asarray(ctx.point(f"{side}_{end}") - ctx.point(f"{side}_{start}"), dtype=np.float64)


def _hip_width(ctx: ExerciseContext, lying: BoolArray) -> float:
    gap = np.linalg.norm(ctx.point("left_hip") - ctx.point("right_hip"), axis=1)
    gap = gap[lying & np.isfinite(gap)]
    return float(np.median(gap)) if gap.size else math.nan


class ClamAnalyzer:
    """Reps, knee opening, feet apart, hips creeping into flexion and tempo."""

    family = FAMILY
    variation_ids = frozenset(
        {"clam", "banded-clam", FOOT_LIFT, "clam-top-leg-parallel", "clam-hips-extended"}
    )

    def metrics_for_view(self, variation: Variation, view: View) -> frozenset[str]:  # noqa: ARG002
        """Everything from the front (or back) of the body; only tempo from the side."""
        return frozenset(METRICS) if view != "side" else TIMING

    def analyze(self, ctx: ExerciseContext) -> FamilyOutput:
        t, m = ctx.t, ctx.params.measures
        lying = floor.lying_frames(ctx)
        top = floor.top_side(ctx, lying)
        bottom = floor.bottom_of(top)
        thighs = floor.up_angle(_segment(ctx, "hip", "knee", bottom),
                                _segment(ctx, "hip", "knee", top))  # fmt: skip
        shins = floor.up_angle(_segment(ctx, "knee", "ankle", bottom),
                               _segment(ctx, "knee", "ankle", top))  # fmt: skip
        foot_lift = ctx.variation.id == FOOT_LIFT
        signal = floor.masked(shins if foot_lift else thighs, lying)
        width = _hip_width(ctx, lying)
        feet = np.linalg.norm(ctx.point("left_ankle") - ctx.point("right_ankle"), axis=1) / width
        toward_feet = -floor.body_axis(ctx)
        flexion = ang.signed_angle_between(toward_feet, _segment(ctx, "hip", "knee", bottom))
        flexion = np.abs(flexion)
        seg = segment_reps(t, signal, ctx.params.rep_params(ctx.view), side=top)
        reps = [with_side(r, top) for r in seg.reps]
        f = m.bottom_window_fraction
        measured: list[MeasuredRep] = []
        first_rest = math.nan
        for k, rep in enumerate(reps):
            wide = ms.margin_window(t, reps, k, m.rep_margin_s)
            at_top = ms.bottom_window(signal, wide, f)
            at_rest = ms.low_window(signal, wide, f)
            rest_flexion = ms.median_in(flexion, at_rest)
            if not math.isfinite(first_rest):
                first_rest = rest_flexion
            opening, held, closing = ms.tempo(t, signal, rep, m)
            metrics = {
                "knee_opening_deg": ms.median_in(thighs, at_top),
                "feet_separation_ratio": max(
                    0.0, ms.median_in(feet, at_top) - ms.median_in(feet, at_rest)
                ),
                "hip_flexion_drift_deg": max(0.0, rest_flexion - first_rest),
                "hip_abduction_deg": ms.robust_min(
                    thighs, ms.window(t, rep.start_s, rep.end_s), m.peak_percentile
                ),
                "opening_s": opening,
                "top_hold_s": held,
                "closing_s": closing,
                "rep_duration_s": rep.duration_s,
            }
            landmarks = (f"{top}_hip", f"{top}_knee", f"{bottom}_hip", f"{bottom}_knee")
            ankles = (f"{top}_ankle", f"{bottom}_ankle")
            measured.append(MeasuredRep(rep, metrics, landmarks, {"feet_separation_ratio": ankles}))
        notes = list(seg.notes)
        if not np.any(lying):
            notes.append(floor.NEVER_SIDE_LYING)
        return FamilyOutput.from_segmentation(
            seg,
            tuple(measured),
            "top_shin_lift_deg" if foot_lift else "knee_opening_deg",
            signal,
            frame_columns=(
                ("knee_opening_deg", thighs),
                ("feet_separation_ratio", feet),
                ("hip_flexion_deg", flexion),
            ),
            warnings=tuple(notes),
        )


# Knee opening (or shin lift) in degrees: a clam opens the thighs by 20-45 degrees; filtered
# landmark noise on thighs 80+ px long is 1-2 degrees, so 6 degrees is a real opening. Reps
# take 0.8 s (quick) to 15 s (a long hold at the top); gaps up to 0.6 s of a dropped knee are
# bridged, the metrics being medians over windows.
register_family_params(
    AnalysisParams(
        family=FAMILY,
        reps=RepParams(min_range=6.0, min_duration_s=0.8, max_duration_s=15.0, max_gap_s=0.6),
    )
)
register_analyzer(ClamAnalyzer())
