"""Did the camera move during the set? A warning, never a change to the count.

Every rep signal is measured in the body's own frame, so a phone that pans, zooms or shakes
neither adds nor removes reps; but a camera that moved a lot still blurs landmarks, changes the
view and makes the numbers noisier, and the runner should know. Measured over the set only
(from the first rep's start to the last rep's end, so getting into position, title cards and
cuts before or after do not count), from the cleaned keypoints:

* zoom: the body's size on the picture changes between its 10th and 90th percentiles by more
  than ``FramingParams.max_scale_change`` (35 %). The size of a frame is the 80th percentile
  over eight segments (each side's trunk, thigh and shank, and the shoulder and hip widths where
  they are at least ``min_width_trunks`` of the trunk: they vanish in a side view) of each
  segment's length over its own median length. A zoom scales every segment alike; a movement
  only foreshortens some (the trunk in a hinge, thighs in a squat), never lengthens them, so
  the least foreshortened segments carry the size;
* pan: the mid-hip travels more than ``max_travel_trunks`` (1.5) trunk lengths on the picture
  (5th to 95th percentile of its position) in an exercise done on the spot; a band walk
  travels by design and is exempt.

Both thresholds are coaching defaults (no study measures this), set well above what the
shared real clips (fixed cameras) show.
"""

from __future__ import annotations

import warnings

import numpy as np

from glutecoach.analysis import angles as ang
from glutecoach.analysis.clip_params import FramingParams
from glutecoach.analysis.exercises import measures as ms
from glutecoach.domain.pose import FloatArray, PoseSequence, Rep

TRAVELLING_FAMILIES = frozenset({"lateral-band-walk"})


SEGMENTS = (
    ("left_hip", "left_shoulder"), ("right_hip", "right_shoulder"),
    ("left_shoulder", "right_shoulder"), ("left_hip", "right_hip"),
    ("left_hip", "left_knee"), ("right_hip", "right_knee"),
    ("left_knee", "left_ankle"), ("right_knee", "right_ankle"),
)  # fmt: skip


def _body_size(pose: PoseSequence, min_width_trunks: float) -> FloatArray:
    """Per frame, the 80th percentile over ``SEGMENTS`` of length / the segment's median."""
    ratios = []
    usual: dict[tuple[str, str], float] = {}
    for a, b in SEGMENTS:
        length = np.linalg.norm(pose.point(a) - pose.point(b), axis=1)
        seen = length[np.isfinite(length)]
        usual[(a, b)] = float(np.median(seen)) if seen.size else 0.0
        trunk = usual[SEGMENTS[0]]
        width = a.split("_")[1] == b.split("_")[1]
        if usual[(a, b)] > 0 and not (width and usual[(a, b)] < min_width_trunks * trunk):
            ratios.append(length / usual[(a, b)])
    if not ratios:
        return np.full(pose.n_frames, np.nan)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # all-NaN frames stay NaN
        return np.asarray(np.nanpercentile(np.stack(ratios), 80, axis=0), dtype=np.float64)


def camera_motion_notes(
    pose: PoseSequence, reps: list[Rep], family: str, params: FramingParams
) -> list[str]:
    """Warnings when the camera zoomed or panned a lot during the set (module notes)."""
    if not reps:
        return []
    during = ms.window(pose.timestamps_s, reps[0].start_s, reps[-1].end_s)
    hip = ang.midpoint(pose.point("left_hip"), pose.point("right_hip"))[during]
    shoulder = ang.midpoint(pose.point("left_shoulder"), pose.point("right_shoulder"))[during]
    trunk = np.linalg.norm(shoulder - hip, axis=1)
    ok = np.isfinite(trunk) & (trunk > 0)
    if np.count_nonzero(ok) < 5:
        return []
    notes: list[str] = []
    size = _body_size(pose, params.min_width_trunks)[during]
    size = size[np.isfinite(size)]
    low, high = np.percentile(size, [10, 90]) if size.size >= 5 else (1.0, 1.0)
    change = float(high / low - 1.0)
    if change > params.max_scale_change:
        notes.append(
            f"the person's size on the picture changed by {change:.0%} during the set: the "
            "camera zoomed or moved closer; reps are counted in the body's own frame, but "
            "a fixed phone gives steadier numbers"
        )
    if family not in TRAVELLING_FAMILIES:
        span = np.percentile(hip[ok], 95, axis=0) - np.percentile(hip[ok], 5, axis=0)
        travel = float(np.hypot(*span) / np.median(trunk[ok]))
        if travel > params.max_travel_trunks:
            notes.append(
                f"the body moved {travel:.1f} trunk lengths across the picture during the set: "
                "the camera panned or was handheld; reps are counted in the body's own frame, "
                "but a phone on a stand gives steadier numbers"
            )
    return notes
