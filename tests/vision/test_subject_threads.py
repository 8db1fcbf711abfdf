"""Two workers sharing one subject give the same landmarks whatever the threads' timing.

The dispatcher of ``MediaPipePoseEstimator`` runs here with stand-in graphs (see
``test_subject.BoxSeer``) that sleep a random few milliseconds per frame, so each run
interleaves the two worker threads differently. Like MediaPipe's tracker, the stand-in's
landmarks depend on its history (here: how many frames it has tracked on the same crop), so a
worker that acquires the subject one frame earlier or later gives other landmarks. The clip
makes the shared choices matter: the subject walks across, is hidden for a moment while a
bystander stands on the other side, and comes back just when a whole-frame scan is due.
"""

from __future__ import annotations

import dataclasses
import random
import time
from types import SimpleNamespace

import numpy as np
import pytest

from glutecoach.vision.mediapipe_pose import MediaPipePoseEstimator
from glutecoach.vision.tracking import SharedSubject, SubjectWorker
from glutecoach.vision.video import Frame
from tests.vision.test_subject import SIZE, BoxSeer, _frame


class JitterySeer(BoxSeer):
    """A random delay per frame; a tracker's landmarks drift while its crop stays the same (a
    scanner, like MediaPipe's static-image graph, has no history)."""

    def __init__(self, rng: random.Random, *, tracker: bool) -> None:
        super().__init__()
        self._rng = rng
        self._tracker = tracker
        self._shape: tuple[int, ...] = ()
        self._same_crop = 0

    def process(self, rgb: np.ndarray) -> SimpleNamespace:
        time.sleep(self._rng.uniform(0.0, 0.004))
        self._same_crop = self._same_crop + 1 if rgb.shape == self._shape else 0
        self._shape = rgb.shape
        result = super().process(rgb)
        if self._tracker and result.pose_landmarks is not None:
            for mark in result.pose_landmarks.landmark:
                mark.x += 0.001 * self._same_crop
        return result


class JitteryEstimator(MediaPipePoseEstimator):
    """The real two-worker dispatcher over stand-in graphs with random delays."""

    def __init__(self, seed: int) -> None:
        super().__init__(workers=2, scan_interval_s=0.5)
        self._rng = random.Random(seed)

    def _start(self, shared: SharedSubject, count: int) -> tuple[list[SubjectWorker], list[object]]:
        scanner = JitterySeer(self._rng, tracker=False)
        workers = [
            SubjectWorker(JitterySeer(self._rng, tracker=True), scanner, shared, lost_after=2)
            for _ in range(count)
        ]
        return workers, []


FPS = 30


def _clip() -> list[list[tuple[int, int, int, int]]]:
    """Frames at 30 Hz: the subject is hidden from 0.8 s to 1.5 s, when a scan is due."""
    people = []
    for i in range(90):
        subject = (60 + 2 * i, 60, 80, 240)
        bystander = (520, 120, 50, 160)
        if 24 <= i < 45:  # the subject is hidden; only the bystander is in view
            people.append([bystander])
        elif i >= 70:  # the bystander is gone
            people.append([subject])
        else:
            people.append([subject, bystander])
    return people


def _frames() -> list[Frame]:
    return [
        dataclasses.replace(_frame(i, people), timestamp_s=i / FPS)
        for i, people in enumerate(_clip())
    ]


def _run(seed: int) -> tuple[np.ndarray, tuple[str, ...], int]:
    frames = _frames()
    estimate = JitteryEstimator(seed).estimate(frames, image_size_px=SIZE)
    return estimate.sequence.points_px, estimate.warnings, estimate.people_seen


def test_two_workers_give_the_same_landmarks_on_every_run() -> None:
    points, warnings, people = _run(0)
    assert people == 2
    found = np.isfinite(points[:, 0, 0])
    assert found[:24].all()  # followed before the gap
    assert found[50:].all()  # and after it
    assert not found[26:45].any()  # the bystander is never taken for the subject
    for seed in range(1, 8):
        again, again_warnings, again_people = _run(seed)
        np.testing.assert_array_equal(again, points)
        assert again_warnings == warnings
        assert again_people == people


@pytest.mark.parametrize("failing_slot", [0, 7])
def test_an_error_in_one_worker_stops_the_clip_without_hanging(failing_slot: int) -> None:
    class Failing(JitteryEstimator):
        def _start(
            self, shared: SharedSubject, count: int
        ) -> tuple[list[SubjectWorker], list[object]]:
            workers, graphs = super()._start(shared, count)
            original = workers[failing_slot % 2].process

            def process(frame: object, **kwargs: object) -> object:
                if kwargs.get("slot") == failing_slot:
                    raise RuntimeError("graph failed")
                return original(frame, **kwargs)  # type: ignore[arg-type]

            workers[failing_slot % 2].process = process  # type: ignore[method-assign]
            return workers, graphs

    frames = _frames()
    with pytest.raises(RuntimeError, match="graph failed"):
        Failing(1).estimate(frames, image_size_px=SIZE)
