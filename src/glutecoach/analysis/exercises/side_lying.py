"""Side-lying hip abduction (plain, against a wall, with an ankle weight).

Filmed with the camera facing the front of the body (``film-guide``), the body lies across
the picture and the top leg lifts toward the ceiling in the image plane. The pose model still
tells the upper hip from the lower one, so the working (top) leg is the side whose hip is
higher in the picture (``floor.top_side``; ``side`` overrides it).

Primary signal, peaking at each rep's top: the top leg's lift in degrees,
``floor.up_angle(body axis toward the feet, top hip -> top ankle)``, only in frames where the
body lies (``floor.lying_frames``): title cards, set-up and cuts give no signal, so no rep.

Per-rep metrics (medians over the rep's top window and the rest window around it, as in the
other families):

* ``hip_abduction_deg``: the lift from rest to the top (the abduction range);
* ``hip_flexion_drift_deg``: the leg swinging toward the camera (forward, the TFL
  substitution), estimated from how much shorter the top leg looks at the top than at rest
  (``floor.foreshortening_deg``); a rough 2D estimate that cannot tell forward from backward;
* ``hip_hike_deg``: the top side of the pelvis drawn toward the ribs, the turn of the lower
  hip -> upper hip line toward the head between rest and top;
* ``raising_s``, ``top_hold_s``, ``lowering_s``, ``rep_duration_s``.

Pelvis roll (rotation about the body's long axis) is out of the image plane in this view; its
2D trace (the hips' apparent separation shrinking by the cosine of the roll, under 2% for 10
degrees) is below the pose model's noise, so it stays unmeasured (``faults``).
"""

from __future__ import annotations

import dataclasses

import numpy as np

from glutecoach.analysis.exercises import floor
from glutecoach.analysis.exercises import measures as ms
from glutecoach.analysis.exercises.base import (
    ExerciseContext,
    FamilyOutput,
    MeasuredRep,
    register_analyzer,
)
from glutecoach.analysis.params import AnalysisParams, register_family_params
from glutecoach.analysis.reps import RepParams, segment_reps
from glutecoach.domain.exercise import Variation
from glutecoach.domain.pose import BoolArray, FloatArray, LegSide, Rep, View

FAMILY = "side-lying-hip-abduction"
METRICS = frozenset(
    {"hip_abduction_deg", "hip_flexion_drift_deg", "hip_hike_deg", "raising_s", "top_hold_s",
     "lowering_s", "rep_duration_s"}
)  # fmt: skip
TIMING = frozenset({"raising_s", "top_hold_s", "lowering_s", "rep_duration_s"})


def leg_lift(ctx: ExerciseContext, top: LegSide, keep: BoolArray) -> FloatArray:
    """The top leg's angle above the body axis (degrees, + toward the ceiling), NaN outside
    ``keep``."""
    toward_feet = -floor.body_axis(ctx)
    leg = ctx.point(f"{top}_ankle") - ctx.point(f"{top}_hip")
    return floor.masked(floor.up_angle(toward_feet, leg), keep)


def hip_hike(ctx: ExerciseContext, top: LegSide) -> FloatArray:
    """Turn of the lower hip -> upper hip line toward the head, from perpendicular to the
    body axis (degrees, + toward the head)."""
    pelvis = ctx.point(f"{top}_hip") - ctx.point(f"{floor.bottom_of(top)}_hip")
    toward_head = floor.body_axis(ctx)
    across = np.degrees(
        np.arccos(
            np.clip(
                np.sum(pelvis * toward_head, axis=-1)
                / (np.linalg.norm(pelvis, axis=-1) * np.linalg.norm(toward_head, axis=-1)),
                -1.0,
                1.0,
            )
        )
    )
    return np.asarray(90.0 - across, dtype=np.float64)


def leg_length(ctx: ExerciseContext, top: LegSide) -> FloatArray:
    leg = ctx.point(f"{top}_ankle") - ctx.point(f"{top}_hip")
    return np.asarray(np.hypot(leg[:, 0], leg[:, 1]), dtype=np.float64)


def with_side(rep: Rep, side: LegSide) -> Rep:
    return dataclasses.replace(rep, side=side)


def lift_reps(
    ctx: ExerciseContext, top: LegSide, keep: BoolArray, rep_params: RepParams
) -> tuple[list[MeasuredRep], FloatArray, tuple[float, float], FamilyOutput]:
    """Reps of the top-leg lift within ``keep``, with the metrics of the module notes.

    Returns the measured reps, the lift signal, its ``(low, high)`` levels and a FamilyOutput
    skeleton (signal, rejected, notes) the caller completes.
    """
    t, m = ctx.t, ctx.params.measures
    lift = leg_lift(ctx, top, keep)
    hike = hip_hike(ctx, top)
    length = leg_length(ctx, top)
    seg = segment_reps(t, lift, rep_params, side=top)
    reps = [with_side(r, top) for r in seg.reps]
    f = m.bottom_window_fraction
    measured: list[MeasuredRep] = []
    for k, rep in enumerate(reps):
        wide = ms.margin_window(t, reps, k, m.rep_margin_s)
        at_top = ms.bottom_window(lift, wide, f)
        at_rest = ms.low_window(lift, wide, f)
        raising, held, lowering = ms.tempo(t, lift, rep, m)
        rest_length = ms.median_in(length, at_rest)
        metrics = {
            "hip_abduction_deg": ms.median_in(lift, at_top) - ms.median_in(lift, at_rest),
            "hip_flexion_drift_deg": float(
                floor.foreshortening_deg(np.array([ms.median_in(length, at_top)]), rest_length)[0]
            ),
            "hip_hike_deg": ms.median_in(hike, at_top) - ms.median_in(hike, at_rest),
            "raising_s": raising,
            "top_hold_s": held,
            "lowering_s": lowering,
            "rep_duration_s": rep.duration_s,
        }
        bottom = floor.bottom_of(top)
        landmarks = (f"{top}_hip", f"{top}_ankle", f"{bottom}_hip")
        measured.append(MeasuredRep(rep, metrics, landmarks))
    out = FamilyOutput.from_segmentation(
        seg,
        (),
        "top_leg_lift_deg",
        lift,
        frame_columns=(("top_leg_lift_deg", lift), ("hip_hike_deg", hike)),
    )
    return measured, lift, (seg.low, seg.high), out


class SideLyingAnalyzer:
    """Reps, abduction range, forward drift, hip hike and tempo of the top leg."""

    family = FAMILY
    variation_ids = frozenset(
        {"side-lying-hip-abduction", "side-lying-hip-abduction-wall",
         "side-lying-hip-abduction-ankle-weight"}
    )  # fmt: skip

    def metrics_for_view(self, variation: Variation, view: View) -> frozenset[str]:  # noqa: ARG002
        """Every metric from the front (or back) of the body; only the tempo from a side
        view (filmed from the head or the feet), where the lift is toward the camera."""
        return METRICS if view != "side" else TIMING

    def analyze(self, ctx: ExerciseContext) -> FamilyOutput:
        lying = floor.lying_frames(ctx)
        top = floor.top_side(ctx, lying)
        measured, _, _, out = lift_reps(ctx, top, lying, ctx.params.rep_params(ctx.view))
        notes = list(out.warnings)
        if not np.any(lying):
            notes.append(floor.NEVER_SIDE_LYING)
        return FamilyOutput(
            reps=tuple(measured),
            signal_name=out.signal_name,
            signal=out.signal,
            signal_range=out.signal_range,
            signal_rest=out.signal_rest,
            frame_columns=out.frame_columns,
            rejected=out.rejected,
            warnings=tuple(notes),
        )


# Top-leg lift in degrees: a rep lifts the leg 20-45 degrees; filtered landmark noise on a
# leg several hundred pixels long is under 1 degree, so 8 degrees is clearly a lift. A rep
# may include a long hold at the top (the reference clip holds for 9 s): up to 45 s. The top
# ankle of a lying body drops out of the pose model for a few frames now and then; the metrics
# are medians over windows, so gaps up to 1 s are bridged (max_gap_s).
LIFT_REPS = RepParams(min_range=8.0, min_duration_s=1.0, max_duration_s=45.0, max_gap_s=1.0)
register_family_params(AnalysisParams(family=FAMILY, reps=LIFT_REPS))
register_analyzer(SideLyingAnalyzer())
