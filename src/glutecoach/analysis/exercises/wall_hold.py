"""Standing wall press (isometric hip abduction), filmed from the front or the back.

The runner stands on one leg beside a wall with the other knee bent so that foot is off the
floor, pressing that knee into the wall. A camera cannot see the press itself, but it sees the
hold and the alignment that makes it safe for a painful hip:

* In position: one ankle lifted above the other by at least ``HoldParams.wall_lift_fraction``
  of the trunk length (``ExerciseContext.trunk_length_px``). The lifted leg is the pressing side,
  the other the standing side.
* A hold is a stretch in position of at least ``HoldParams.min_hold_s``, gaps up to
  ``max_gap_s`` bridged (the side plank's hold rules), timed from the foot leaving
  the floor to it landing.
* Per frame: ``pelvic_drop_deg`` (the pressing side of the pelvis below level, + = lower,
  ``angles.pelvic_drop`` with the standing leg as stance) and ``trunk_lean_deg`` (sideways lean
  of the trunk either way, ``angles.trunk_lean``).

Hold metrics: ``pelvic_drop_deg`` and ``trunk_lean_deg`` (the value held for at least a tenth
of the hold: the 90th percentile), ``good_alignment_fraction`` (the share of the hold with both
within the variation's thresholds from the library). From a side view the pelvis and the
sideways lean cannot be seen, so the check asks for a front or back view.
"""

from __future__ import annotations

import numpy as np

from glutecoach.analysis import angles as ang
from glutecoach.analysis.clip_params import HoldParams
from glutecoach.analysis.exercises import measures as ms
from glutecoach.analysis.exercises.base import (
    ExerciseContext,
    FamilyOutput,
    MeasuredHold,
    register_analyzer,
)
from glutecoach.analysis.exercises.side_plank import find_holds, frame_durations
from glutecoach.analysis.params import AnalysisParams, register_family_params
from glutecoach.analysis.reps import RepParams
from glutecoach.domain.exercise import Variation
from glutecoach.domain.pose import FloatArray, LegSide, View
from glutecoach.domain.vocabulary import Metric

FAMILY = "isometric-hip-abduction"
HOLD_METRICS = frozenset({"pelvic_drop_deg", "trunk_lean_deg", "good_alignment_fraction"})


def threshold(variation: Variation, metric: Metric, holds: HoldParams) -> float:
    """The variation's threshold for ``metric``, else the wall press default (``holds``)."""
    for mistake in variation.mistakes:
        if mistake.threshold is not None and mistake.threshold.metric is metric:
            return float(mistake.threshold.value)
    if metric is Metric.PELVIC_DROP_DEG:
        return holds.wall_default_pelvic_drop_deg
    return holds.wall_default_trunk_lean_deg


def lifted(ctx: ExerciseContext) -> dict[LegSide, FloatArray]:
    """Per side: how far that ankle sits above the other, as a share of the trunk length."""
    left, right = ctx.y("left_ankle"), ctx.y("right_ankle")  # image y grows downward
    scale = ctx.trunk_length_px if ctx.trunk_length_px > 0 else np.nan
    return {"left": (right - left) / scale, "right": (left - right) / scale}


class WallHoldAnalyzer:
    """Holds of the standing wall press: time, pelvic drop and trunk lean, good alignment."""

    family = FAMILY
    variation_ids = frozenset({"wall-isometric-hip-abduction"})

    def metrics_for_view(self, variation: Variation, view: View) -> frozenset[str]:  # noqa: ARG002
        return HOLD_METRICS if view != "side" else frozenset()

    def analyze(self, ctx: ExerciseContext) -> FamilyOutput:
        fv, t = ctx.need_frontal(), ctx.t
        lh, rh = ctx.point("left_hip"), ctx.point("right_hip")
        ls, rs = ctx.point("left_shoulder"), ctx.point("right_shoulder")
        lift = lifted(ctx)
        hp = ctx.params.holds
        drop_max = threshold(ctx.variation, Metric.PELVIC_DROP_DEG, hp)
        lean_max = threshold(ctx.variation, Metric.TRUNK_LEAN_DEG, hp)
        share = frame_durations(t)
        holds: list[MeasuredHold] = []
        drop_col = np.full(t.size, np.nan)
        lean_col = np.full(t.size, np.nan)
        for pressing in ("left", "right"):
            stance: LegSide = "right" if pressing == "left" else "left"
            with np.errstate(invalid="ignore"):
                up = lift[pressing] >= hp.wall_lift_fraction
            drop = ang.pelvic_drop(lh, rh, stance_side=stance, view=fv)
            lean = np.abs(ang.trunk_lean(lh, rh, ls, rs, stance_side=stance, view=fv))
            for a, b in find_holds(t, up, hp):
                span = np.zeros(t.size, dtype=np.bool_)
                span[a : b + 1] = True
                drop_col[span], lean_col[span] = drop[span], lean[span]
                with np.errstate(invalid="ignore"):
                    good = span & (drop <= drop_max) & (lean <= lean_max)
                duration = float(t[b] - t[a])
                good_s = min(duration, float(np.sum(share[good])))
                metrics = {
                    "pelvic_drop_deg": ms.robust_max(drop, span, 90.0),
                    "trunk_lean_deg": ms.robust_max(lean, span, 90.0),
                    "good_alignment_fraction": good_s / duration if duration > 0 else 0.0,
                }
                landmarks = ("left_hip", "right_hip", "left_shoulder", "right_shoulder")
                holds.append(
                    MeasuredHold(pressing, float(t[a]), float(t[b]), good_s, metrics, landmarks)
                )
        holds.sort(key=lambda h: h.start_s)
        notes = []
        if not holds:
            notes.append(
                "no wall-press hold was found: stand side-on to the camera's view of your "
                "front or back, with one foot clearly off the floor for at least 2 s"
            )
        signal = np.fmax(lift["left"], lift["right"])
        return FamilyOutput(
            reps=(),
            signal_name="foot_lift_ratio",
            signal=np.asarray(signal, dtype=np.float64),
            signal_range=float("nan"),
            holds=tuple(holds),
            frame_columns=(("pelvic_drop_deg", drop_col), ("trunk_lean_deg", lean_col)),
            warnings=tuple(notes),
        )


register_family_params(
    AnalysisParams(
        family=FAMILY,
        reps=RepParams(min_range=0.1, min_duration_s=2.0, max_duration_s=120.0, max_gap_s=0.5),
    )
)
register_analyzer(WallHoldAnalyzer())
