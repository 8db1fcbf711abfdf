"""Body posture from 2D keypoints: is the trunk upright, or lying across the picture?

* ``trunk_tilt_deg``: the mid-hip to mid-shoulder line's angle from the image horizontal.
* ``keep_upright``: for an exercise done standing, frames where the trunk lies flat with no
  leg upright under it are left out (no rep is counted on the floor), with a note; a clip
  lying flat throughout is probably the wrong exercise, and the note says so.
* ``standing_note``: for a floor exercise, a note when the person is upright almost throughout.
* ``lying_view``: the view of a body lying across the picture (hips stacked: filmed facing the
  front of the body; hips overlapping: filmed from the side).
"""

from __future__ import annotations

import numpy as np

from glutecoach.analysis import angles as ang
from glutecoach.analysis.clip_params import PostureParams
from glutecoach.analysis.filters import typical_interval_s
from glutecoach.domain.pose import BoolArray, FloatArray, PoseSequence, View


def trunk_axis(pose: PoseSequence) -> FloatArray:
    """``(T, 2)`` mid-hip to mid-shoulder vector per frame (NaN where it is not seen)."""
    return np.asarray(
        ang.midpoint(pose.point("left_shoulder"), pose.point("right_shoulder"))
        - ang.midpoint(pose.point("left_hip"), pose.point("right_hip")),
        dtype=np.float64,
    )


def tilt_deg(axis: FloatArray) -> FloatArray:
    """Each vector's angle from the image horizontal, 0..90 degrees (NaN where unknown)."""
    with np.errstate(invalid="ignore"):
        return np.asarray(np.degrees(np.arctan2(np.abs(axis[:, 1]), np.abs(axis[:, 0]))))


def trunk_tilt_deg(pose: PoseSequence) -> FloatArray:
    """Per frame, the trunk's angle from the image horizontal: 0 lying, 90 upright."""
    return tilt_deg(trunk_axis(pose))


def standing_note(pose: PoseSequence, exercise: str, params: PostureParams) -> list[str]:
    """For a floor exercise: a note when the person is upright (``upright_trunk_deg``) in most
    of the clip (``upright_note_share``)."""
    tilt = trunk_tilt_deg(pose)
    seen = np.isfinite(tilt)
    share = float(np.mean(tilt[seen] > params.upright_trunk_deg)) if np.any(seen) else 0.0
    if share < params.upright_note_share:
        return []
    return [
        f"the person is upright in {share:.0%} of the clip, but the {exercise.lower()} is done "
        "on the floor. Is --exercise right? (A standing exercise such as the squat, single-leg "
        "squat, step-down, hip hitch or band walk?)"
    ]


def standing_leg(pose: PoseSequence, upright_deg: float) -> BoolArray:
    """Per frame, whether a leg stands under the hips: the line from the mid-hip to the lower
    ankle in the picture is more than ``upright_deg`` from horizontal and at least
    as long as the trunk standing (its 95th percentile; a standing leg is 1.5-2 trunk lengths,
    a side-lying leg with the knees bent much shorter). True even hinged forward."""
    left, right = pose.point("left_ankle"), pose.point("right_ankle")
    with np.errstate(invalid="ignore"):
        lower = np.where((left[:, 1] >= right[:, 1])[:, None] | np.isnan(right), left, right)
    hip = ang.midpoint(pose.point("left_hip"), pose.point("right_hip"))
    leg = np.asarray(lower - hip, dtype=np.float64)
    trunk = np.linalg.norm(trunk_axis(pose), axis=1)
    seen = trunk[np.isfinite(trunk)]
    if seen.size == 0:
        return np.zeros(pose.n_frames, dtype=np.bool_)
    with np.errstate(invalid="ignore"):
        long_enough = np.linalg.norm(leg, axis=1) >= float(np.percentile(seen, 95))
        return np.asarray((tilt_deg(leg) > upright_deg) & long_enough, dtype=np.bool_)


def keep_upright(
    pose: PoseSequence, exercise: str, params: PostureParams
) -> tuple[PoseSequence, list[str]]:
    """``pose`` without the frames where the trunk lies flat (``flat_trunk_deg``) and no leg
    stands upright under the hips (a single-leg deadlift tips the trunk flat on a vertical
    leg), for an exercise done standing, and a note when any were dropped: no rep is counted
    on the floor, and a clip of a floor exercise checked as a standing one says so instead of
    measuring nonsense."""
    tilt = trunk_tilt_deg(pose)
    seen = np.isfinite(tilt)
    flat = (
        seen & (tilt < params.flat_trunk_deg) & ~standing_leg(pose, params.upright_trunk_deg)
    )  # a hinge is not lying down
    if not np.any(flat):
        return pose, []
    points = pose.points_px.copy()
    visibility = pose.visibility.copy()
    points[flat] = np.nan
    visibility[flat] = 0.0
    share = float(np.mean(flat[seen]))
    if share >= params.flat_note_share:
        note = (
            f"the person lies flat in {share:.0%} of the clip, but the {exercise.lower()} is "
            "done standing: those frames are left out. Is --exercise right? (A floor exercise "
            "such as the clam, side-lying abduction, side plank or bridge?)"
        )
    else:
        seconds = float(np.sum(flat)) * typical_interval_s(pose.timestamps_s)
        note = (
            f"about {seconds:.1f} s with the person lying flat (not part of the "
            f"{exercise.lower()}) were left out"
        )
    return pose.with_points(points, visibility), [note]


def lying_view(pose: PoseSequence, ratio: float, params: PostureParams) -> View | None:
    """For a body lying across the picture (trunk within ``lying_tilt_deg`` of the image
    horizontal) in most frames where the trunk is seen (``lying_majority_share``): ``front``
    when the hips are apart by at least ``ratio`` trunk lengths (a side-lying person or a side
    plank filmed facing the front of the body: hips stacked one above the other), ``side``
    when they overlap (a bridge filmed from the side); None for an upright body."""
    lh, rh = pose.point("left_hip"), pose.point("right_hip")
    axis = trunk_axis(pose)
    tilt = tilt_deg(axis)
    ok = np.isfinite(tilt)
    if not np.any(ok):
        return None
    lying_tilt_deg = params.lying_tilt_deg
    if float(np.mean(tilt[ok] <= lying_tilt_deg)) < params.lying_majority_share:
        return None
    lying = np.flatnonzero(ok & (tilt <= lying_tilt_deg))
    width = np.linalg.norm(lh[lying] - rh[lying], axis=1)
    trunk = np.linalg.norm(axis[lying], axis=1)
    seen = np.isfinite(width)
    if not np.any(seen):
        return None
    return "front" if np.median(width[seen]) >= ratio * np.median(trunk[seen]) else "side"
