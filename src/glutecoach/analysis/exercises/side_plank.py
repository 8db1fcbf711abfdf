"""Side plank (on the knees, full, and both with a top-leg abduction).

Filmed facing the front of the body, the planking body lies across the picture, inclined by
10-35 degrees. The supporting side is the lower hip (the opposite of ``floor.top_side``); its
shoulder, hip and support point are used (the other side's where missing, ``floor.side_point``).
The support point is the ankles for a full plank and the knees for the knee versions.

* ``hip_offset_deg`` per frame: the hip above (+) or below (-) the line from the shoulder
  to the support point (``floor.line_offset_deg``); hip sag is its negative.
* In position: the body lies (``floor.lying_frames``: trunk near horizontal, figure of the
  clip's usual size, so title cards and cuts to close-ups are out) and the hips are lifted:
  the position is reached when the sag falls to ``HoldParams.enter_sag_deg`` and left when it
  rises past ``in_position_max_sag_deg`` (lying propped on the forearm before lifting reads a sag of
  20-40 degrees; a plank -10 to 15, sinking as the hold tires).
* A hold is a stretch in position of at least ``HoldParams.min_hold_s``, gaps up to
  ``max_gap_s`` bridged, timed from its first frame (the position reached) to its last (the
  position left).
  ``good_alignment_s`` is the time in it with a sag at or under the variation's hip-sag
  threshold from the library (10 degrees, a coaching default).

Hold metrics: ``hip_sag_deg`` (the sag held for at least a tenth of the hold: the 90th
percentile, since hips sag slowly as the hold goes on), ``hip_sag_median_deg``,
``good_alignment_fraction``. For the abduction versions the top-leg lifts within the holds are
reps, measured as in side-lying abduction (``side_lying.lift_reps``). Rotation out of the
frontal plane (``trunk_rotation_deg``) is not measured from 2D video yet.
"""

from __future__ import annotations

import numpy as np

from glutecoach.analysis.clip_params import HoldParams
from glutecoach.analysis.exercises import floor
from glutecoach.analysis.exercises import measures as ms
from glutecoach.analysis.exercises.base import (
    ExerciseContext,
    FamilyOutput,
    MeasuredHold,
    register_analyzer,
)
from glutecoach.analysis.exercises.side_lying import METRICS as LIFT_METRICS
from glutecoach.analysis.exercises.side_lying import lift_reps
from glutecoach.analysis.params import AnalysisParams, register_family_params
from glutecoach.analysis.reps import RepParams
from glutecoach.domain.exercise import Variation
from glutecoach.domain.pose import BoolArray, FloatArray, View
from glutecoach.domain.vocabulary import Metric

FAMILY = "side-plank"
ABDUCTION = frozenset({"side-plank-knees-hip-abduction", "side-plank-hip-abduction"})
HOLD_METRICS = frozenset({"hip_sag_deg", "hip_sag_median_deg", "good_alignment_fraction"})


def _support(variation: Variation) -> str:
    return "knee" if "knees" in variation.id else "ankle"


def sag_threshold(variation: Variation, holds: HoldParams) -> float:
    for mistake in variation.mistakes:
        if mistake.threshold is not None and mistake.threshold.metric is Metric.HIP_SAG_DEG:
            return float(mistake.threshold.value)
    return holds.default_sag_deg


def hysteresis(sag: FloatArray, enter: float, leave: float) -> BoolArray:
    """True from a frame with ``sag <= enter`` until the first frame with ``sag > leave`` (or
    no sag at all)."""
    out = np.zeros(sag.size, dtype=np.bool_)
    inside = False
    for i, value in enumerate(sag.tolist()):
        if not np.isfinite(value) or value > leave:
            inside = False
        elif value <= enter:
            inside = True
        out[i] = inside
    return out


def find_holds(t: FloatArray, in_position: BoolArray, holds: HoldParams) -> list[tuple[int, int]]:
    """Index spans of the stretches in position lasting at least ``holds.min_hold_s``, gaps
    up to ``holds.max_gap_s`` bridged."""
    joined = floor.close_gaps(t, in_position, holds.max_gap_s)
    return [(a, b) for a, b in floor.runs(joined) if t[b] - t[a] >= holds.min_hold_s]


def frame_durations(t: FloatArray) -> FloatArray:
    """Each sample's share of time (half the gap to each neighbour)."""
    if t.size < 2:
        return np.zeros(t.size)
    edges = np.concatenate([[t[0]], (t[1:] + t[:-1]) / 2.0, [t[-1]]])
    return np.asarray(np.diff(edges), dtype=np.float64)


class SidePlankAnalyzer:
    """Holds, time in good alignment, hip sag; top-leg lifts for the abduction versions."""

    family = FAMILY
    variation_ids = frozenset({"side-plank-knees", "side-plank", *ABDUCTION})

    def metrics_for_view(self, variation: Variation, view: View) -> frozenset[str]:
        """Hip sag from any view (in-plane from the front of the body; from a side view the
        line is foreshortened but a sag still bends it); the top-leg lift measures from the
        front (or back) only."""
        metrics = set(HOLD_METRICS)
        if variation.id in ABDUCTION:
            metrics |= LIFT_METRICS if view != "side" else {"rep_duration_s"}
        return frozenset(metrics)

    def analyze(self, ctx: ExerciseContext) -> FamilyOutput:
        t = ctx.t
        lying = floor.lying_frames(ctx)
        top = floor.top_side(ctx, lying)
        support = _support(ctx.variation)
        low = floor.bottom_of(top)  # the supporting side, nearer the floor
        offset = floor.line_offset_deg(
            floor.side_point(ctx, "shoulder", low), floor.side_point(ctx, "hip", low),
            floor.side_point(ctx, support, low),
        )  # fmt: skip
        sag = -offset
        hp = ctx.params.holds
        in_position = lying & hysteresis(sag, hp.enter_sag_deg, hp.in_position_max_sag_deg)
        limit = sag_threshold(ctx.variation, hp)
        share = frame_durations(t)
        holds: list[MeasuredHold] = []
        keep = np.zeros(t.size, dtype=np.bool_)
        for a, b in find_holds(t, in_position, hp):
            span = np.zeros(t.size, dtype=np.bool_)
            span[a : b + 1] = True
            keep |= span
            with np.errstate(invalid="ignore"):
                good = span & (sag <= limit)
            duration = float(t[b] - t[a])
            good_s = min(duration, float(np.sum(share[good])))
            metrics = {
                "hip_sag_deg": ms.robust_max(sag, span, 90.0),
                "hip_sag_median_deg": ms.median_in(sag, span),
                "good_alignment_fraction": good_s / duration if duration > 0 else 0.0,
            }
            landmarks = (f"{floor.bottom_of(top)}_hip", f"{floor.bottom_of(top)}_{support}")
            holds.append(MeasuredHold(floor.bottom_of(top), float(t[a]), float(t[b]), good_s,
                                      metrics, landmarks))  # fmt: skip
        signal = floor.masked(-sag, lying)
        columns: list[tuple[str, FloatArray]] = [("hip_sag_deg", sag)]
        notes: list[str] = []
        if not holds:
            notes.append("no side-plank hold was found: the body must lie across the picture "
                         f"with the hips lifted for at least {hp.min_hold_s:g} s")  # fmt: skip
        if ctx.variation.id in ABDUCTION:
            measured, lift, _, out = lift_reps(ctx, top, keep, ctx.params.rep_params(ctx.view))
            columns += list(out.frame_columns)
            return FamilyOutput(
                reps=tuple(measured), signal_name=out.signal_name, signal=lift,
                signal_range=out.signal_range, signal_rest=out.signal_rest,
                holds=tuple(holds), frame_columns=tuple(columns), rejected=out.rejected,
                warnings=tuple(notes) + out.warnings,
            )  # fmt: skip
        return FamilyOutput(
            reps=(),
            signal_name="hip_offset_deg",
            signal=signal,
            signal_range=float("nan"),
            holds=tuple(holds),
            frame_columns=tuple(columns),
            warnings=tuple(notes),
        )


# The abduction versions lift the top leg 20-40 degrees; see side_lying.LIFT_REPS.
register_family_params(
    AnalysisParams(
        family=FAMILY,
        reps=RepParams(min_range=8.0, min_duration_s=0.8, max_duration_s=15.0, max_gap_s=1.0),
    )
)
register_analyzer(SidePlankAnalyzer())
