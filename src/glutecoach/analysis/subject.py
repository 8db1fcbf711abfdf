"""Keep the one person being analysed when the keypoints jump to someone else for a while.

A pose model tracking one person can latch onto another (someone walking through the
picture, an instructor kneeling behind) and come back. Those frames are not the exercise: the
whole figure is suddenly somewhere else. ``drop_jumps`` measures each frame's centre (the
median of its seen keypoints) against the running median of the centres over
``FramingParams.subject_window_s`` (a 1-2 s intrusion does not move that median) and leaves
out frames more than ``subject_max_jump_trunks`` trunk lengths (the clip's median mid-hip to
mid-shoulder) away from it, with a note. Real movement (a band walk, a pan) is continuous: the
running median follows it. Both values are coaching defaults set against the shared real clips.
"""

from __future__ import annotations

import numpy as np

from glutecoach.analysis import angles as ang
from glutecoach.analysis.clip_params import FramingParams
from glutecoach.analysis.exercises.measures import rolling_median
from glutecoach.domain.pose import PoseSequence


def drop_jumps(pose: PoseSequence, params: FramingParams) -> tuple[PoseSequence, list[str]]:
    """``pose`` without the frames where the figure jumped away (module notes), and a note."""
    points = pose.points_px
    seen = np.isfinite(points[..., 0])
    counts = seen.sum(axis=1)
    centre = np.full((pose.n_frames, 2), np.nan)
    with np.errstate(invalid="ignore"):
        for axis in (0, 1):
            values = np.where(seen, points[..., axis], np.nan)
            centre[counts > 0, axis] = np.nanmedian(values[counts > 0], axis=1)
    trunk = np.linalg.norm(
        ang.midpoint(pose.point("left_shoulder"), pose.point("right_shoulder"))
        - ang.midpoint(pose.point("left_hip"), pose.point("right_hip")),
        axis=1,
    )
    trunk = trunk[np.isfinite(trunk)]
    if trunk.size < 5 or np.count_nonzero(counts) < 5:
        return pose, []
    t = pose.timestamps_s
    window_s = params.subject_window_s
    reference = np.stack([rolling_median(t, centre[:, k], window_s) for k in (0, 1)], 1)
    distance = np.linalg.norm(centre - reference, axis=1)
    with np.errstate(invalid="ignore"):
        away = distance > params.subject_max_jump_trunks * float(np.median(trunk))
    if not np.any(away):
        return pose, []
    new_points, vis = points.copy(), pose.visibility.copy()
    new_points[away] = np.nan
    vis[away] = 0.0
    seconds = float(np.sum(np.diff(t, append=t[-1])[away]))
    note = (f"for about {seconds:.1f} s the keypoints jumped to another place in the picture "
            "(someone else, or a cut): those frames were left out")  # fmt: skip
    return pose.with_points(new_points, vis), [note]
