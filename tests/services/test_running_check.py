"""``gait`` checks that the clip shows running before it gives numbers.

SYNTHETIC keypoints (the rear-view runner of tests/analysis/test_gait.py): an upright runner at
180 steps/min passes; the same runner turned on its side, upside down, walking at 100
steps/min, or taking a single step is refused saying what was seen.
REAL clips (../shared/data): the treadmill clip male_side.mp4 keeps working; a glute bridge and
the treadmill clip turned a quarter turn are refused (exit 2 through the CLI's InputError).
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import numpy as np
import pytest

from glutecoach.analysis.gait import analyze_gait
from glutecoach.analysis.running_check import cycle_problem, posture_problem
from glutecoach.domain.pose import PoseSequence
from glutecoach.errors import InputError
from glutecoach.library.loader import load_library
from glutecoach.services.gait import GaitOptions, run_gait
from tests.analysis.test_gait import rear_running_series

DATA = Path(__file__).resolve().parents[3] / "shared" / "data"
TREADMILL = DATA / "zzzhushi__running-gait-analysis" / "tests" / "data" / "male_side.mp4"
BRIDGE = DATA / "Goondoc08__to-be-frank" / "videos" / "glute-bridge.mp4"

LIBRARY = load_library()


def _moved(pose: PoseSequence, change: str) -> PoseSequence:
    points = pose.points_px.copy()
    x, y = points[..., 0].copy(), points[..., 1].copy()
    if change == "turned":
        points[..., 0], points[..., 1] = 1.3 * y, 480.0 - 0.7 * x
    else:  # upside down
        points[..., 1] = 480.0 - y
    return pose.with_points(points, pose.visibility)


def test_an_upright_runner_passes() -> None:
    pose = rear_running_series().pose
    assert posture_problem(pose) is None
    assert cycle_problem(analyze_gait(pose, library=LIBRARY)) is None


@pytest.mark.parametrize(
    ("change", "seen"),
    [
        ("turned", "the body lies across the picture in 100% of the frames"),
        ("upside-down", "the person is upside down in 100% of the frames"),
    ],
)
def test_a_runner_not_upright_is_refused(change: str, seen: str) -> None:
    problem = posture_problem(_moved(rear_running_series().pose, change))
    assert problem is not None
    assert problem.startswith(seen)


def test_walking_cadence_is_refused() -> None:
    result = analyze_gait(rear_running_series(cadence_spm=100.0).pose, library=LIBRARY)
    problem = cycle_problem(result)
    assert problem is not None
    assert "slower than running (below 135 steps/min" in problem


def test_a_single_step_is_not_a_running_cycle() -> None:
    result = analyze_gait(rear_running_series(duration_s=8.0).pose, library=LIBRARY)
    one = dataclasses.replace(result, steps=result.steps[:1], sides=tuple(
        dataclasses.replace(s, steps=1 if s.side == result.steps[0].side else 0)
        for s in result.sides
    ))  # fmt: skip
    problem = cycle_problem(one)
    assert problem is not None
    assert "no running cycle" in problem


def _real(path: Path) -> Path:
    if not path.exists():
        pytest.skip(f"the real clip is absent ({path}); it lives in ../shared/data")
    return path


@pytest.mark.real_data
def test_the_real_treadmill_clip_keeps_working() -> None:
    outcome = run_gait(_real(TREADMILL), GaitOptions(annotate=False))
    assert outcome.result.cadence_spm is not None
    assert 150 <= outcome.result.cadence_spm <= 200
    assert len(outcome.result.steps) >= 20


@pytest.mark.real_data
def test_a_real_glute_bridge_clip_is_refused() -> None:
    with pytest.raises(InputError) as refused:
        run_gait(_real(BRIDGE), GaitOptions(annotate=False))
    message = str(refused.value)
    assert message.startswith("glute-bridge.mp4 does not show running")
    assert "lies across the picture" in message


@pytest.mark.real_data
def test_the_real_treadmill_clip_turned_sideways_is_refused(tmp_path: Path) -> None:
    from glutecoach.vision import VideoEncoder
    from glutecoach.vision._cv import cv2

    source = cv2.VideoCapture(str(_real(TREADMILL)))
    frames = []
    while len(frames) < 120:  # 4 s are enough to see the body lying across the picture
        ok, image = source.read()
        if not ok:
            break
        frames.append(np.ascontiguousarray(cv2.rotate(image, cv2.ROTATE_90_CLOCKWISE)))
    source.release()
    height, width = frames[0].shape[:2]
    turned = tmp_path / "turned.mp4"
    with VideoEncoder(turned, (width - width % 2, height - height % 2), 30.0) as encoder:
        for image in frames:
            encoder.write(image[: height - height % 2, : width - width % 2])
    with pytest.raises(InputError) as refused:
        run_gait(turned, GaitOptions(annotate=False))
    message = str(refused.value)
    assert message.startswith("turned.mp4 does not show running")
    assert "lies across the picture" in message
