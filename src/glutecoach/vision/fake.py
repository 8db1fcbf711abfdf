"""A deterministic pose back end for tests: no model, same answer every time.

Given a ``PoseSequence``, it returns that sequence whatever the frames (still consuming them, so
decoding and progress run as in real use). Without one, it draws a synthetic person squatting
slowly on the left leg, seen from the front, at the frames' own timestamps and image size, using
the analysis layer's parametric skeleton (so its angles are known).
"""

from __future__ import annotations

import math
from collections.abc import Iterable

import numpy as np

from glutecoach.analysis.skeleton import BLAZEPOSE_33
from glutecoach.analysis.synthetic import LegPose, Posture, frontal_keypoints
from glutecoach.domain.pose import FloatArray, KeypointSchema, PoseBackend, PoseSequence
from glutecoach.errors import VideoError
from glutecoach.vision.backends import PoseEstimate, detection_warnings
from glutecoach.vision.progress import ProgressCallback
from glutecoach.vision.video import Frame

FAKE_BACKEND = PoseBackend(name="fake", version="1")


def synthetic_points(t: float, image_size_px: tuple[int, int], period_s: float = 3.0) -> FloatArray:
    """``(33, 2)`` points of the fake squatter at time ``t``: left-leg squats of ``period_s``,
    knee flexion 0 to 60 degrees, standing 70% of the frame height, centred."""
    width, height = image_size_px
    phase = 0.5 - 0.5 * math.cos(2.0 * math.pi * t / period_s)
    knee = 60.0 * phase
    stance = LegPose(thigh_flexion_deg=knee * 0.6, knee_flexion_deg=knee, fppa_deg=5.0 * phase)
    free = LegPose(thigh_flexion_deg=30.0, knee_flexion_deg=60.0)
    posture = Posture(stance_side="left", left=stance, right=free, pelvic_drop_deg=2.0 * phase)
    return frontal_keypoints(
        posture,
        view="front",
        height_px=0.7 * height,
        origin_px=(width / 2.0, 0.88 * height),
    )


class FakePoseEstimator:
    """Returns ``sequence`` if given, else the synthetic squatter (see the module docstring).

    ``detected_every`` > 1 blanks all but every n-th frame of the synthetic person, and
    ``no_person=True`` blanks them all, to exercise the 'person missing' paths.
    """

    def __init__(
        self,
        sequence: PoseSequence | None = None,
        *,
        no_person: bool = False,
        detected_every: int = 1,
    ) -> None:
        if detected_every < 1:
            raise ValueError(f"detected_every must be at least 1, got {detected_every}")
        self._sequence = sequence
        self._no_person = no_person
        self._every = detected_every

    @property
    def schema(self) -> KeypointSchema:
        return self._sequence.schema if self._sequence is not None else BLAZEPOSE_33

    @property
    def backend(self) -> PoseBackend:
        return self._sequence.backend if self._sequence is not None else FAKE_BACKEND

    @property
    def needs_frames(self) -> bool:
        return True

    def estimate(
        self,
        frames: Iterable[Frame],
        *,
        image_size_px: tuple[int, int],
        expected_frames: int | None = None,
        on_progress: ProgressCallback | None = None,
    ) -> PoseEstimate:
        times: list[float] = []
        indices: list[int] = []
        for frame in frames:
            times.append(frame.timestamp_s)
            indices.append(frame.index)
            if on_progress is not None:
                on_progress(len(times), max(expected_frames or 0, len(times)))
        if self._sequence is not None:
            seq = self._sequence
            detected = ~np.all(np.isnan(seq.points_px), axis=(1, 2))
            return PoseEstimate(
                seq, detected, tuple(detection_warnings(detected, seq.timestamps_s))
            )
        if not times:
            raise VideoError("the video gave no frames to estimate poses on")
        size = (int(image_size_px[0]), int(image_size_px[1]))
        k = len(BLAZEPOSE_33)
        points = np.full((len(times), k, 2), np.nan)
        vis = np.zeros((len(times), k))
        detected = np.zeros(len(times), dtype=np.bool_)
        for i, t in enumerate(times):
            if self._no_person or i % self._every:
                continue
            points[i] = synthetic_points(t, size)
            vis[i] = 0.99
            detected[i] = True
        sequence = PoseSequence(np.asarray(times), points, vis, BLAZEPOSE_33, size, FAKE_BACKEND)
        return PoseEstimate(
            sequence=sequence,
            detected=detected,
            warnings=tuple(detection_warnings(detected, times)),
            people_seen=int(detected.any()),
            frame_indices=np.asarray(indices, dtype=np.int64),
        )
