"""Subject choice and tracking, with fake pose graphs that 'see' white boxes as people."""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np
import pytest

from glutecoach.vision._cv import cv2
from glutecoach.vision.subject import (
    Box,
    choose_subject,
    crop_around,
    describe_position,
    landmarks_box,
    nearest,
    needs_new_crop,
    prominence,
)
from glutecoach.vision.tracking import SharedSubject, SubjectWorker
from glutecoach.vision.video import Frame

SIZE = (640, 360)


class BoxSeer:
    """A stand-in pose graph: the biggest white blob is 'the most prominent person'."""

    def __init__(self) -> None:
        self.calls = 0
        self.resets = 0

    def process(self, rgb: np.ndarray) -> SimpleNamespace:
        self.calls += 1
        mask = (rgb[..., 0] > 200).astype(np.uint8)
        count, _, stats, _ = cv2.connectedComponentsWithStats(mask)
        if count <= 1:
            return SimpleNamespace(pose_landmarks=None)
        x, y, w, h, _ = stats[1 + int(np.argmax(stats[1:, cv2.CC_STAT_AREA]))]
        height, width = rgb.shape[:2]
        u = np.linspace(0, 1, 33)
        marks = [
            SimpleNamespace(x=(x + w * a) / width, y=(y + h * b) / height, visibility=0.9)
            for a, b in zip(u, u[::-1], strict=True)
        ]
        return SimpleNamespace(pose_landmarks=SimpleNamespace(landmark=marks))

    def reset(self) -> None:
        self.resets += 1


def _frame(i: int, people: list[tuple[int, int, int, int]]) -> Frame:
    image = np.zeros((SIZE[1], SIZE[0], 3), np.uint8)
    for x, y, w, h in people:
        image[y : y + h, x : x + w] = 255
    return Frame(index=i, timestamp_s=i / 10, image=image)


def test_geometry() -> None:
    big_central = Box(270, 60, 370, 340)
    small_side = Box(10, 100, 60, 250)
    assert prominence(big_central, SIZE) > prominence(small_side, SIZE)
    assert choose_subject([small_side, big_central], SIZE) == 1
    assert nearest([big_central, small_side], Box(0, 110, 50, 240))[0] == 1
    crop = crop_around(big_central, SIZE)
    assert crop.x0 <= 270
    assert crop.x1 >= 370
    assert crop.y0 <= 60
    assert crop.y1 <= SIZE[1]
    assert not needs_new_crop(crop, big_central, SIZE)
    assert needs_new_crop(crop, Box(crop.x1 - 20, 60, crop.x1 + 50, 340), SIZE)
    assert "in the centre of the frame" in describe_position(big_central, SIZE)
    pts = np.array([[1.0, 2.0], [3.0, 5.0], [np.nan, np.nan], [2.0, 4.0], [2.5, 3.0]])
    assert landmarks_box(pts, np.ones(5)) == Box(1.0, 2.0, 3.0, 5.0)
    assert landmarks_box(np.full((3, 2), np.nan), np.ones(3)) is None


def test_follows_the_most_prominent_person_and_counts_the_others() -> None:
    tracker, scanner = BoxSeer(), BoxSeer()
    shared = SharedSubject(scan_interval_s=100.0)
    worker = SubjectWorker(tracker, scanner, shared)
    # A big person in the middle and a smaller one at the side; the side one later grows
    # bigger than the subject (walks towards the camera) but must not steal the tracking.
    for i in range(20):
        side_h = 150 + 10 * i
        found = worker.process(_frame(i, [(280 + i, 60, 80, 260), (20, 40, 60, side_h)]))
        assert found is not None
        box = landmarks_box(*found)
        assert box is not None
        assert box.x0 == pytest.approx(280 + i, abs=1.5)
    assert shared.people_seen == 2
    (note,) = shared.warnings(SIZE)
    assert "2 people were seen" in note
    assert "in the centre of the frame" in note


def test_reacquires_the_subject_not_the_bystander_after_losing_them() -> None:
    shared = SharedSubject(scan_interval_s=100.0, patience_s=3.0)
    worker = SubjectWorker(BoxSeer(), BoxSeer(), shared, lost_after=2)
    person, other = (300, 50, 80, 280), (40, 80, 60, 200)
    for i in range(5):
        assert worker.process(_frame(i, [person, other])) is not None
    for i in range(5, 10):  # the subject steps out of view; the bystander is not taken
        assert worker.process(_frame(i, [other])) is None
    back = [worker.process(_frame(i, [(320, 50, 80, 280), other])) for i in (10, 11)]
    found = back[0] or back[1]  # searches run every 0.2 s while the subject is missing
    assert found is not None
    box = landmarks_box(*found)
    assert box is not None
    assert box.x0 == pytest.approx(320, abs=1.5)
    assert any("lost 1 time and found" in w for w in shared.warnings(SIZE))


def test_takes_whoever_is_there_after_the_patience_runs_out() -> None:
    shared = SharedSubject(scan_interval_s=100.0, patience_s=0.5)
    worker = SubjectWorker(BoxSeer(), BoxSeer(), shared, lost_after=2)
    worker.process(_frame(0, [(300, 50, 80, 280)]))
    results = [worker.process(_frame(i, [(40, 80, 60, 200)])) for i in range(1, 12)]
    assert results[0] is None
    assert results[-1] is not None
    assert any("far from where" in w for w in shared.warnings(SIZE))


def test_nobody_in_view() -> None:
    shared = SharedSubject()
    worker = SubjectWorker(BoxSeer(), BoxSeer(), shared)
    assert all(worker.process(_frame(i, [])) is None for i in range(3))
    assert shared.people_seen == 0
    assert shared.warnings(SIZE) == []


def test_routine_scans_mask_the_subject_and_still_count_newcomers() -> None:
    """With the subject tracked, a due scan masks them first: alone, it costs one scanner run
    that finds nobody; someone walking in later is still counted."""
    scanner = BoxSeer()
    shared = SharedSubject(scan_interval_s=0.5)
    worker = SubjectWorker(BoxSeer(), scanner, shared)
    subject = (280, 60, 80, 260)
    worker.process(_frame(0, [subject]))  # first look: the whole-frame search finds them
    first_calls = scanner.calls
    for i in range(1, 10):  # scans due at 0.5 s: one run each, finding nobody else
        assert worker.process(_frame(i, [subject])) is not None
    assert scanner.calls == first_calls + 1
    assert shared.people_seen == 1
    for i in range(10, 16):  # a second person comes in at the side
        worker.process(_frame(i, [subject, (20, 40, 60, 150)]))
    assert shared.people_seen == 2
