"""Glute bridge (double leg, banded, march, single leg).

Side view (the film guide's main view): the body lies across the picture and the hips rise
from the floor. Front view (camera at the feet): the trunk runs up the picture, hips side by
side, which is where the pelvis can be seen to stay level in the single-leg version.

Primary signal, peaking at each rep's top: the hips' height above the shoulders, in trunk
lengths (side view) or hip widths (front/back view), only in frames of the clip's usual
figure size (trunk length from the side, pelvis width from the front, where the trunk
foreshortens as the hips lift), and from the side only where the body lies
(``floor.lying_frames``), so a title card, a cut to a close-up or standing talk holds no reps.
A pause at the top is part of the rep (``top_hold_s``); a held bridge is one long rep.

Per rep (medians over the rep's top window):

* side view: ``hip_extension_deg``, the hip above (+) or below (-) the line from the shoulder
  to the knee of the working leg (``floor.line_offset_deg``; 0 = shoulder, hip and knee in
  line, full hip extension); ``hip_sag_deg`` = how far it stays below that line;
  ``lumbar_extension_deg`` = how far the hips are pushed above it, a 2D proxy of the low back
  arching (the lumbar spine itself has no landmark);
* front/back view: ``pelvic_drop_deg``, the free side of the pelvis below the working side
  (``angles.pelvic_drop``), and ``knee_to_ankle_width_ratio`` (knees caving in when < 1);
* ``raising_s``, ``top_hold_s``, ``lowering_s``, ``rep_duration_s``.

A held bridge: a rep whose top lasts at least ``HoldParams.bridge_hold_min_s`` (longer than the
1-2 s pause of the library's tempos) also reports a hold, from reaching its top window to leaving
it, with the rep's alignment metrics and ``good_alignment_s``, the time at the top with every one of
the variation's thresholds that has a per-frame measure here (hip sag, back arch from the
side; knee width or pelvic drop from the front) on the right side. The rep still counts: a set
may mix reps and holds.

Variant and working side: a rep whose ankles differ in height at the top by more than
``MeasureParams.single_leg_ratio`` (trunk lengths from the side, hip widths from the front) is a
single-leg bridge on the leg whose foot stays on the floor; otherwise a two-leg bridge
(``both``). A clip moving from double- to single-leg bridges labels each rep.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np

from glutecoach.analysis import angles as ang
from glutecoach.analysis.exercises import floor
from glutecoach.analysis.exercises import measures as ms
from glutecoach.analysis.exercises.base import (
    ExerciseContext,
    FamilyOutput,
    MeasuredHold,
    MeasuredRep,
    register_analyzer,
)
from glutecoach.analysis.params import AnalysisParams, register_family_params
from glutecoach.analysis.reps import RepParams, segment_reps
from glutecoach.domain.exercise import Variation
from glutecoach.domain.pose import BoolArray, FloatArray, LegSide, Rep, Side, View

FAMILY = "glute-bridge"
TIMING = frozenset({"raising_s", "top_hold_s", "lowering_s", "rep_duration_s"})
SIDE_METRICS = TIMING | {"hip_extension_deg", "hip_sag_deg", "lumbar_extension_deg"}
FRONT_METRICS = TIMING | {"pelvic_drop_deg", "knee_to_ankle_width_ratio", "hip_sag_deg"}
DOUBLE, SINGLE = "glute-bridge", "single-leg-bridge"


@dataclass(frozen=True, eq=False)
class BridgeOutput(FamilyOutput):
    """``FamilyOutput`` with each rep's variant, keyed by the time of its top."""

    rep_variants: Mapping[float, str] = field(default_factory=dict)


def _working_side(ctx: ExerciseContext, top: BoolArray, scale: float) -> Side:
    """``both`` when the ankles are level at the top, else the side of the lower ankle."""
    diff = ms.median_in((ctx.y("left_ankle") - ctx.y("right_ankle")) / scale, top)
    if not math.isfinite(diff) or abs(diff) <= ctx.params.measures.single_leg_ratio:
        return "both"
    return "left" if diff > 0 else "right"


class BridgeAnalyzer:
    """Reps (or a held bridge), hip extension, sag, back-arch proxy, pelvis level, variant."""

    family = FAMILY
    variation_ids = frozenset({DOUBLE, "banded-glute-bridge", "bridge-march", SINGLE})

    def metrics_for_view(self, variation: Variation, view: View) -> frozenset[str]:  # noqa: ARG002
        return SIDE_METRICS if view == "side" else FRONT_METRICS

    def analyze(self, ctx: ExerciseContext) -> FamilyOutput:
        t, m = ctx.t, ctx.params.measures
        side_view = ctx.view == "side"
        if side_view:
            keep = floor.lying_frames(ctx)
            scale = floor.lying_trunk_length(ctx, keep)
        else:  # the trunk foreshortens as the hips lift: the pelvis width sets the scale
            gap = np.linalg.norm(ctx.point("left_hip") - ctx.point("right_hip"), axis=1)
            seen = gap[np.isfinite(gap)]
            scale = float(np.median(seen)) if seen.size else math.nan
            with np.errstate(invalid="ignore"):
                keep = (gap <= ctx.params.posture.floor_scale_tolerance * scale) & (
                    gap >= scale / ctx.params.posture.floor_scale_tolerance
                )
        shoulder, hip = ctx.middle("shoulder"), ctx.middle("hip")
        height = floor.masked((shoulder[:, 1] - hip[:, 1]) / scale, keep)
        seg = segment_reps(t, height, ctx.params.rep_params(ctx.view), side="both")
        f = m.bottom_window_fraction
        measured: list[MeasuredRep] = []
        holds: list[MeasuredHold] = []
        variants: dict[float, str] = {}
        offsets = {
            s: floor.line_offset_deg(shoulder, hip, ctx.point(f"{s}_knee"))
            for s in ("left", "right")
        }
        for k, rep in enumerate(seg.reps):
            wide = ms.margin_window(t, list(seg.reps), k, m.rep_margin_s)
            at_top = ms.bottom_window(height, wide, f)
            side = _working_side(ctx, at_top, scale)
            rep = dataclasses.replace(rep, side=side)
            variants[rep.bottom_s] = DOUBLE if side == "both" else SINGLE
            raising, held, lowering = ms.tempo(t, height, rep, m)
            metrics = {"raising_s": raising, "top_hold_s": held, "lowering_s": lowering,
                       "rep_duration_s": rep.duration_s}  # fmt: skip
            knees: tuple[LegSide, ...] = (side,) if side != "both" else ("left", "right")
            if side_view and side == "both":  # the far knee is often hidden: the nearer one
                seen = {s: int(np.sum(np.isfinite(offsets[s][at_top]))) for s in knees}
                knees = (max(knees, key=lambda s: seen[s]),)
            if side_view:
                offset = ms.median_in(offsets[knees[0]], at_top)
                metrics["hip_extension_deg"] = offset
                metrics["hip_sag_deg"] = max(0.0, -offset)
                metrics["lumbar_extension_deg"] = max(0.0, offset)
                landmarks = tuple(f"{s}_{p}" for s in knees for p in ("hip", "knee"))
            else:
                metrics.update(self._frontal(ctx, at_top, side))
                landmarks = ("left_hip", "right_hip", "left_knee", "right_knee")
            measured.append(MeasuredRep(rep, metrics, landmarks))
            if held >= ctx.params.holds.bridge_hold_min_s:
                start = rep.start_s + raising
                per_frame = (
                    _side_series(offsets[knees[0]]) if side_view
                    else self._per_frame_front(ctx, side)
                )  # fmt: skip
                holds.append(_hold(ctx, rep, (start, start + held), metrics, per_frame, landmarks))
        columns = (
            ("hip_line_left_deg", offsets["left"]),
            ("hip_line_right_deg", offsets["right"]),
        )
        found = BridgeOutput.from_segmentation(
            seg, measured, "hip_height_ratio", height, frame_columns=columns, holds=tuple(holds)
        )
        return dataclasses.replace(found, rep_variants=variants)

    @staticmethod
    def _per_frame_front(ctx: ExerciseContext, side: Side) -> dict[str, FloatArray]:
        if side == "both":
            knees = np.abs(ctx.x("left_knee") - ctx.x("right_knee"))
            ankles = np.abs(ctx.x("left_ankle") - ctx.x("right_ankle"))
            with np.errstate(invalid="ignore", divide="ignore"):
                return {"knee_to_ankle_width_ratio": knees / ankles}
        if ctx.frontal_view is None:
            return {}
        drop = ang.pelvic_drop(ctx.point("left_hip"), ctx.point("right_hip"),
                               stance_side=side, view=ctx.frontal_view)  # fmt: skip
        return {"pelvic_drop_deg": drop}

    @staticmethod
    def _frontal(ctx: ExerciseContext, at_top: BoolArray, side: Side) -> dict[str, float]:
        out: dict[str, float] = {}
        knees = np.abs(ctx.x("left_knee") - ctx.x("right_knee"))
        ankles = np.abs(ctx.x("left_ankle") - ctx.x("right_ankle"))
        if side == "both":
            with np.errstate(invalid="ignore", divide="ignore"):
                out["knee_to_ankle_width_ratio"] = ms.median_in(knees / ankles, at_top)
        elif ctx.frontal_view is not None:
            drop = ang.pelvic_drop(ctx.point("left_hip"), ctx.point("right_hip"),
                                   stance_side=side, view=ctx.frontal_view)  # fmt: skip
            out["pelvic_drop_deg"] = ms.median_in(drop, at_top)
        return out


def _side_series(offset: FloatArray) -> dict[str, FloatArray]:
    """Per-frame hip sag and back-arch proxy from the hip's offset from the shoulder-knee line."""
    return {
        "hip_sag_deg": np.maximum(0.0, -offset),
        "lumbar_extension_deg": np.maximum(0.0, offset),
    }


def _hold(
    ctx: ExerciseContext,
    rep: Rep,
    span_s: tuple[float, float],
    metrics: Mapping[str, float],
    per_frame: Mapping[str, FloatArray],
    landmarks: tuple[str, ...],
) -> MeasuredHold:
    """The held top of ``rep`` (module notes): alignment metrics and time in good alignment."""
    t = ctx.t
    span = ms.window(t, *span_s)
    good = span.copy()
    for mistake in ctx.variation.mistakes:
        limit = mistake.threshold
        if limit is None or limit.metric.value not in per_frame:
            continue
        values = per_frame[limit.metric.value]
        with np.errstate(invalid="ignore"):
            ok = values <= limit.value if limit.comparison == "above" else values >= limit.value
        good &= ok | ~np.isfinite(values)
    duration = span_s[1] - span_s[0]
    share = float(np.mean(good[span])) if np.any(span) else 0.0
    kept = {k: v for k, v in metrics.items() if k not in TIMING}
    return MeasuredHold(rep.side, span_s[0], span_s[1], share * duration, kept, landmarks)


# Hip height over the shoulders: a bridge lifts the hips by 0.3-0.5 trunk lengths (or more
# than a hip width from the front); filtered noise is about 0.01. Reps of 1-30 s (a held
# bridge is one long rep).
BRIDGE_REPS = RepParams(min_range=0.15, min_duration_s=1.0, max_duration_s=30.0, max_gap_s=0.6)
register_family_params(
    AnalysisParams(
        family=FAMILY,
        reps=RepParams(min_range=0.3, min_duration_s=1.0, max_duration_s=30.0, max_gap_s=0.6),
        side_reps=BRIDGE_REPS,
    )
)
register_analyzer(BridgeAnalyzer())
