"""Standing hip abduction, with and without a band.

Front/back view (the view its checked mistakes need): the person stands facing (or with the
back to) the camera and lifts one leg out to the side. Every measure is taken in the body's
own frame, so a tilted, panning or zooming phone changes none of them:

* primary signal, peaking at each rep's top: the legs' spread, the sum of both thighs'
  abduction from the pelvis's own "straight down" (``angles.hip_abduction``, hip -> knee), in
  degrees. Standing it reads a few degrees; a lift to 20-30 degrees adds that much;
* working side (``side`` of the rep): the LIFTING leg, the thigh whose abduction changes more
  over the rep (``side`` overrides it), as the library's per-side doses count lifts per leg.

Per-rep metrics (medians over the rep's top window minus the median over its rest window, so
a camera that is not level reads 0 at rest):

* ``hip_abduction_deg``: how far the lifting thigh rose from its resting position;
* ``hip_hike_deg``: how far the lifting side of the pelvis rose (``-pelvic_drop`` with the
  other leg as stance leg), the "hip hikes" mistake;
* ``trunk_lean_deg``: how far the trunk tipped sideways, either way (its size);
* ``raising_s``, ``top_hold_s``, ``lowering_s``, ``rep_duration_s``.

Side view: the leg moves toward or away from the camera, so the lift is not in the picture
plane. Reps are the lifted foot rising above the stance foot (in trunk lengths), and
``hip_flexion_drift_deg`` is how far the lifting thigh swings forward of the trunk line at the
top compared with rest ("leg swings forward"), forward being where the toes point.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator

import numpy as np

from glutecoach.analysis import angles as ang
from glutecoach.analysis.exercises import measures as ms
from glutecoach.analysis.exercises.base import (
    ExerciseContext,
    FamilyOutput,
    MeasuredRep,
    register_analyzer,
)
from glutecoach.analysis.params import AnalysisParams, register_family_params
from glutecoach.analysis.reps import RepParams, RepSegmentation, segment_reps
from glutecoach.domain.exercise import Variation
from glutecoach.domain.pose import BoolArray, FloatArray, LegSide, Rep, View, other_side

FAMILY = "standing-hip-abduction"
TIMING = frozenset({"raising_s", "top_hold_s", "lowering_s", "rep_duration_s"})
FRONT_METRICS = TIMING | {"hip_abduction_deg", "hip_hike_deg", "trunk_lean_deg"}
SIDE_METRICS = TIMING | {"hip_flexion_drift_deg"}
SIDES: tuple[LegSide, LegSide] = ("left", "right")


def _change(values: FloatArray, top: BoolArray, rest: BoolArray) -> float:
    return ms.median_in(values, top) - ms.median_in(values, rest)


def _lifting_side(ctx: ExerciseContext, per_side: dict[LegSide, FloatArray], rep: Rep) -> LegSide:
    """``side`` if given; else the side whose series moves more over the rep."""
    if ctx.side is not None:
        return ctx.side
    win = ms.window(ctx.t, rep.start_s, rep.end_s)
    moved = {
        s: ms.robust_max(v, win, 95.0) - ms.robust_min(v, win, 95.0) for s, v in per_side.items()
    }
    return "left" if moved["left"] >= moved["right"] else "right"


def _lifts(
    ctx: ExerciseContext,
    seg: RepSegmentation,
    signal: FloatArray,
    per_side: dict[LegSide, FloatArray],
) -> Iterator[tuple[Rep, LegSide, BoolArray, BoolArray, dict[str, float]]]:
    """Each lift with its lifting side, top and rest windows and timing metrics."""
    t, m = ctx.t, ctx.params.measures
    reps = list(seg.reps)
    for k, found in enumerate(reps):
        lifting = _lifting_side(ctx, per_side, found)
        rep = dataclasses.replace(found, side=lifting)
        wide = ms.margin_window(t, reps, k, m.rep_margin_s)
        top = ms.bottom_window(signal, wide, m.bottom_window_fraction)
        rest = ms.low_window(signal, wide, m.bottom_window_fraction)
        raising, held, lowering = ms.tempo(t, signal, rep, m)
        timing = {"raising_s": raising, "top_hold_s": held, "lowering_s": lowering,
                  "rep_duration_s": rep.duration_s}  # fmt: skip
        yield rep, lifting, top, rest, timing


class StandingAbductionAnalyzer:
    """Lifts to the side: reps, lift height, hip hike, trunk lean; forward swing from the side."""

    family = FAMILY
    variation_ids = frozenset({"standing-hip-abduction", "standing-banded-hip-abduction"})

    def metrics_for_view(self, variation: Variation, view: View) -> frozenset[str]:  # noqa: ARG002
        return SIDE_METRICS if view == "side" else FRONT_METRICS

    def analyze(self, ctx: ExerciseContext) -> FamilyOutput:
        return self._side(ctx) if ctx.view == "side" else self._front(ctx)

    def _front(self, ctx: ExerciseContext) -> FamilyOutput:
        t = ctx.t
        fv = ctx.need_frontal()
        lh, rh = ctx.point("left_hip"), ctx.point("right_hip")
        abduction = {
            s: ang.hip_abduction(lh, rh, ctx.point(f"{s}_knee"), side=s, view=fv) for s in SIDES
        }
        spread = abduction["left"] + abduction["right"]
        seg = segment_reps(t, spread, ctx.params.rep_params(ctx.view), side="both")
        ls, rs = ctx.point("left_shoulder"), ctx.point("right_shoulder")
        measured: list[MeasuredRep] = []
        for rep, lifting, top, rest, timing in _lifts(ctx, seg, spread, abduction):
            stance = other_side(lifting)
            hike = -ang.pelvic_drop(lh, rh, stance_side=stance, view=fv)
            lean = ang.trunk_lean(lh, rh, ls, rs, stance_side=stance, view=fv)
            metrics = {
                "hip_abduction_deg": _change(abduction[lifting], top, rest),
                "hip_hike_deg": _change(hike, top, rest),
                "trunk_lean_deg": abs(_change(lean, top, rest)),
                **timing,
            }
            landmarks = ("left_hip", "right_hip", f"{lifting}_knee")
            extra = {"trunk_lean_deg": ("left_shoulder", "right_shoulder")}
            measured.append(MeasuredRep(rep, metrics, landmarks, extra))
        columns = (("hip_abduction_left_deg", abduction["left"]),
                   ("hip_abduction_right_deg", abduction["right"]))  # fmt: skip
        return FamilyOutput.from_segmentation(
            seg, measured, "leg_spread_deg", spread, frame_columns=columns
        )

    def _side(self, ctx: ExerciseContext) -> FamilyOutput:
        t = ctx.t
        scale = ctx.trunk_length_px
        lift = {  # each foot's height above the other (0 when below), in trunk lengths
            s: np.fmax((ctx.y(f"{other_side(s)}_ankle") - ctx.y(f"{s}_ankle")) / scale, 0.0)
            for s in SIDES
        }
        signal = np.fmax(lift["left"], lift["right"])
        seg = segment_reps(t, signal, ctx.params.rep_params(ctx.view), side="both")
        hip, shoulder = ctx.middle("hip"), ctx.middle("shoulder")
        facing = ang.infer_facing_x_sign(
            np.concatenate([ctx.point("left_heel"), ctx.point("right_heel")]),
            np.concatenate([ctx.point("left_foot_index"), ctx.point("right_foot_index")]),
        )
        measured: list[MeasuredRep] = []
        for rep, lifting, top, rest, timing in _lifts(ctx, seg, signal, lift):
            # the thigh's angle forward of the trunk line (shoulder -> hip, continued down)
            down = hip - shoulder
            thigh = ctx.point(f"{lifting}_knee") - hip
            forward = -facing * ang.signed_angle_between(down, thigh)
            metrics = {"hip_flexion_drift_deg": max(0.0, _change(forward, top, rest)), **timing}
            landmarks = (f"{lifting}_hip", f"{lifting}_knee", f"{lifting}_ankle")
            measured.append(MeasuredRep(rep, metrics, landmarks))
        return FamilyOutput.from_segmentation(seg, measured, "foot_lift_ratio", signal)


# Front: leg spread in degrees. A lift to the side adds 15-30 degrees; filtered landmark noise
# on a thigh 100+ px long is 1-2 degrees, so 8 degrees is a real lift. Side: the lifted foot
# rises 0.1-0.3 trunk lengths above the other; noise is about 0.01. Lifts take 0.8-15 s (a
# hold at the top included).
register_family_params(
    AnalysisParams(
        family=FAMILY,
        reps=RepParams(min_range=8.0, min_duration_s=0.8, max_duration_s=15.0),
        side_reps=RepParams(min_range=0.06, min_duration_s=0.8, max_duration_s=15.0),
    )
)
register_analyzer(StandingAbductionAnalyzer())
