"""One subject from keypoint files that list several people per frame, by the video's rule.

A video check follows one person (``tracking.SharedSubject``): the most prominent at the first
frame where anyone is seen (``subject.choose_subject``: large and central), then whoever is
nearest where they were last seen; someone far from there (more than ``max_jump`` of the
subject's height) is taken only after the subject has been missing for ``patience_s``.
Imported files get exactly that rule, with the same ``SharedSubject`` and its warnings, so a
frame listing three people gives the same subject as the video would have.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from glutecoach.analysis.skeleton import BLAZEPOSE_33
from glutecoach.domain.pose import BoolArray, FloatArray
from glutecoach.vision.subject import Box, landmarks_box, nearest
from glutecoach.vision.tracking import SharedSubject

Person = tuple[FloatArray, FloatArray]
"""One person's ``(33, 2)`` points and ``(33,)`` visibility in glutecoach's landmarks."""


@dataclass(frozen=True)
class FollowedSubject:
    """The followed person's track: ``(T, 33, 2)`` points, ``(T, 33)`` visibility, and in which
    frames they were found; ``people_seen`` is the most people listed in one frame."""

    points_px: FloatArray
    visibility: FloatArray
    detected: BoolArray
    people_seen: int
    warnings: tuple[str, ...]


def follow_subject(
    frames: Sequence[Sequence[Person]],
    timestamps_s: FloatArray,
    image_size_px: tuple[int, int],
    *,
    max_jump: float = 0.75,
    patience_s: float = 3.0,
) -> FollowedSubject:
    """Choose one person per frame (see the module docstring); a frame without anyone, or
    with only people far from the subject while they are missing, has no detection."""
    n, k = len(frames), len(BLAZEPOSE_33)
    points = np.full((n, k, 2), np.nan)
    vis = np.zeros((n, k))
    detected = np.zeros(n, dtype=np.bool_)
    shared = SharedSubject(max_jump=max_jump, patience_s=patience_s)
    last: Box | None = None
    most = 0
    for i, people in enumerate(frames):
        t = float(timestamps_s[i])
        boxes: list[Box] = []
        owners: list[int] = []
        for j, (pts, v) in enumerate(people):
            box = landmarks_box(pts, v)
            if box is not None:
                boxes.append(box)
                owners.append(j)
        most = max(most, len(boxes))
        shared.saw_people(len(boxes))
        if not boxes:
            continue
        choice: int | None
        if last is not None and nearest(boxes, last)[1] <= max_jump:
            choice = nearest(boxes, last)[0]  # the subject, moved on by a frame
        else:  # first sight, or the subject is not where they were: the video's rule
            choice = shared.pick(boxes, image_size_px, t, reacquire=last is not None)
        if choice is None:
            continue
        last = boxes[choice]
        shared.update(last, t)
        points[i], vis[i] = people[owners[choice]]
        detected[i] = True
    return FollowedSubject(points, vis, detected, most, tuple(shared.warnings(image_size_px)))
