"""Shared measures for the floor exercises (side-lying abduction, clam, side plank, bridge).

The body lies horizontally in the picture, so the "up" of a standing analysis is meaningless:

* ``body_axis`` is one side's hip to shoulder vector (``steady_side``); the body is *lying*
  in a frame where that axis is within ``PostureParams.floor_max_tilt_deg`` of the image
  horizontal (a side plank or a bridge inclines it by 15-35 degrees; a standing or kneeling
  person is near 90).
* ``steady_scale`` keeps frames whose trunk length is within a factor ``floor_scale_tolerance`` of
  the clip's median over lying frames: after a scene cut to a close-up, or when another person
  is picked up, the figure changes size and those frames are not part of the exercise.
* ``top_side`` is the side whose hip is higher in the picture (the upper hip of a side-lying
  person filmed from the front of the body), decided over the lying frames.
* ``up_angle(ref, vec)`` is the signed angle from ``ref`` to ``vec`` in degrees, positive when
  ``vec`` is turned toward the image's up (the ceiling) from ``ref``, whichever way the body
  points (head to the left or to the right of the picture): a leg lifted toward the ceiling
  reads positive in both cases. Range (-180, 180].
* ``line_offset_deg(a, vertex, b)`` is how far ``vertex`` lies above (positive) or below
  (negative) the straight line from ``a`` to ``b``: 180 minus the joint angle at ``vertex``,
  signed by the side of the line, in degrees. 0 = the three points in line.

Frames outside the exercise position are NaN in every floor signal, so title cards, set-up
talk while sitting or kneeling, and cuts are never counted as reps or holds.
"""

from __future__ import annotations

import math

import numpy as np

from glutecoach.analysis import angles as ang
from glutecoach.analysis.exercises.base import ExerciseContext
from glutecoach.domain.pose import BoolArray, FloatArray, LegSide

NEVER_SIDE_LYING = (
    "the body was never seen lying on its side: film the whole body from the front, lying "
    "across the picture"
)
"""The note of a side-lying exercise (abduction, clam) when no frame shows the position."""


def cross_z(u: FloatArray, v: FloatArray) -> FloatArray:
    return np.asarray(u[..., 0] * v[..., 1] - u[..., 1] * v[..., 0], dtype=np.float64)


def up_angle(ref: FloatArray, vec: FloatArray) -> FloatArray:
    """Signed angle from ``ref`` to ``vec`` (``(T, 2)`` image vectors), positive toward the
    image's up; see the module notes."""
    with np.errstate(invalid="ignore"):
        angle = np.degrees(np.arctan2(cross_z(ref, vec), np.sum(ref * vec, axis=-1)))
    # in image coordinates (y down) turning toward the up is clockwise when ref points right
    sign = np.where(ref[..., 0] >= 0, -1.0, 1.0)
    return np.asarray(angle * sign, dtype=np.float64)


def line_offset_deg(a: FloatArray, vertex: FloatArray, b: FloatArray) -> FloatArray:
    """``vertex`` above (+) or below (-) the line ``a``-``b``, in degrees (module notes)."""
    interior = ang.joint_angle(a, vertex, b)
    side = cross_z(b - a, vertex - a)  # <0 above the line when b is right of a (y down)
    above = np.where((b - a)[..., 0] >= 0, side < 0, side > 0)
    with np.errstate(invalid="ignore"):
        offset = np.where(above, 180.0 - interior, interior - 180.0)
    return np.asarray(offset, dtype=np.float64)


def steady_side(ctx: ExerciseContext) -> LegSide:
    """The side whose shoulder and hip are seen together in more frames (the nearer side)."""
    seen = {
        s: int(np.sum(np.isfinite(ctx.point(f"{s}_shoulder") + ctx.point(f"{s}_hip")).all(1)))
        for s in ("left", "right")
    }
    return "left" if seen["left"] >= seen["right"] else "right"


def side_point(ctx: ExerciseContext, part: str, side: LegSide) -> FloatArray:
    """``side``'s ``part``, the other side's where it is missing. Lying across the picture,
    the two sides are stacked across the body, so their hip-to-shoulder vectors are parallel:
    unlike a midpoint, the axis does not tilt when the far shoulder flickers in and out."""
    own, other = ctx.point(f"{side}_{part}"), ctx.point(f"{bottom_of(side)}_{part}")
    return np.asarray(np.where(np.isfinite(own), own, other), dtype=np.float64)


def body_axis(ctx: ExerciseContext) -> FloatArray:
    """``(T, 2)`` hip to shoulder vector of one side (``steady_side``; the other side where
    it is missing)."""
    own = steady_side(ctx)
    axes = {s: ctx.point(f"{s}_shoulder") - ctx.point(f"{s}_hip") for s in (own, bottom_of(own))}
    return np.asarray(np.where(np.isfinite(axes[own]), axes[own], axes[bottom_of(own)]),
                      dtype=np.float64)  # fmt: skip


def lying_frames(ctx: ExerciseContext) -> BoolArray:
    """Frames where the trunk is within ``PostureParams.floor_max_tilt_deg`` of horizontal and
    of steady size (within ``floor_scale_tolerance`` of its usual length)."""
    max_tilt_deg = ctx.params.posture.floor_max_tilt_deg
    tolerance = ctx.params.posture.floor_scale_tolerance
    axis = body_axis(ctx)
    length = np.hypot(axis[:, 0], axis[:, 1])
    with np.errstate(invalid="ignore"):
        tilt = np.degrees(np.arctan2(np.abs(axis[:, 1]), np.abs(axis[:, 0])))
        lying = (tilt <= max_tilt_deg) & (length > 0)
    if not np.any(lying):
        return np.asarray(lying, dtype=np.bool_)
    usual = float(np.median(length[lying]))
    with np.errstate(invalid="ignore"):
        steady = (length <= tolerance * usual) & (length >= usual / tolerance)
    return np.asarray(lying & steady, dtype=np.bool_)


def lying_trunk_length(ctx: ExerciseContext, lying: BoolArray) -> float:
    axis = body_axis(ctx)[lying]
    length = np.hypot(axis[:, 0], axis[:, 1])
    length = length[np.isfinite(length)]
    return float(np.median(length)) if length.size else math.nan


def top_side(ctx: ExerciseContext, lying: BoolArray) -> LegSide:
    """The side whose hip is higher in the picture over the lying frames (``side`` wins)."""
    if ctx.side is not None:
        return ctx.side
    diff = ctx.y("right_hip") - ctx.y("left_hip")  # > 0: left hip higher
    picked = diff[lying & np.isfinite(diff)]
    if picked.size == 0:
        return "left"
    return "left" if float(np.median(picked)) > 0 else "right"


def bottom_of(side: LegSide) -> LegSide:
    return "right" if side == "left" else "left"


def masked(values: FloatArray, keep: BoolArray) -> FloatArray:
    return np.asarray(np.where(keep, values, np.nan), dtype=np.float64)


def foreshortening_deg(length: FloatArray, rest_length: float) -> FloatArray:
    """Angle out of the image plane implied by a segment's image length against its length
    at rest (assumed in the plane): ``arccos(length / rest)``, 0 where it is not shorter."""
    if not math.isfinite(rest_length) or rest_length <= 0:
        return np.full(length.shape, np.nan)
    ratio = np.clip(length / rest_length, 0.0, 1.0)
    return np.asarray(np.degrees(np.arccos(ratio)), dtype=np.float64)


def runs(mask: BoolArray) -> list[tuple[int, int]]:
    """``(first, last)`` index pairs of the runs of True in ``mask``."""
    padded = np.concatenate([[False], mask, [False]]).astype(np.int8)
    edges = np.flatnonzero(np.diff(padded))
    return [(int(a), int(b) - 1) for a, b in zip(edges[::2], edges[1::2], strict=True)]


def close_gaps(t: FloatArray, mask: BoolArray, max_gap_s: float) -> BoolArray:
    """``mask`` with runs of False shorter than ``max_gap_s`` between Trues filled in."""
    out = mask.copy()
    spans = runs(~mask)
    for a, b in spans:
        if a == 0 or b == mask.size - 1:
            continue
        if t[b + 1] - t[a - 1] <= max_gap_s:
            out[a : b + 1] = True
    return np.asarray(out, dtype=np.bool_)
