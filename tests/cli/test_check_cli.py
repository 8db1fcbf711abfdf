"""``glutecoach check`` and ``film-guide`` on bad input: a clear message, exit 2, never a
traceback; and the JSON contract on a real clip."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.cli.support import assert_clear_failure, invoke
from tests.vision.conftest import HYVA7, SyntheticVideo, real_clip


def test_bad_files(tmp_path: Path) -> None:
    text = tmp_path / "notes.mp4"
    text.write_text("these are my notes\n")
    empty = tmp_path / "empty.mp4"
    empty.write_bytes(b"")
    check = ("check", "--exercise", "single-leg-squat")
    assert_clear_failure(invoke(*check[:1], str(text), *check[1:]), "not a video")
    assert_clear_failure(invoke(check[0], str(empty), *check[1:]), "empty")
    missing = invoke(check[0], str(tmp_path / "nope.mp4"), *check[1:])
    assert_clear_failure(missing, "nope.mp4")


def test_no_person_in_frame(synthetic_video: SyntheticVideo) -> None:
    clip = synthetic_video(frames=40)
    done = invoke("check", str(clip), "--exercise", "hip-hitch")
    assert_clear_failure(done, "no person was found")
    assert "film-guide hip-hitch" in done.stderr
    # not at a terminal: plain progress lines on stderr, one per tenth of the frames
    progress = [line for line in done.stderr.splitlines() if line.startswith("Finding the pose")]
    assert progress[-1].startswith("Finding the pose: 100 % (")
    assert 2 <= len(progress) <= 10
    assert "Finding the pose" not in done.stdout


def test_bad_flags(synthetic_video: SyntheticVideo, tmp_path: Path) -> None:
    clip = synthetic_video(frames=10)
    assert_clear_failure(
        invoke("check", str(clip), "--exercise", "single-leg-squats"), "Did you mean"
    )
    assert_clear_failure(invoke("check", str(clip), "--exercise", "clam", "--log"), "--pain 0-10")
    assert_clear_failure(
        invoke("check", str(clip), "--exercise", "clam", "--reps", "5"), "use it with --log"
    )
    belt = invoke("check", str(clip), "--exercise", "supine-isometric-hip-abduction")
    assert_clear_failure(belt, "supine-isometric-hip-abduction")
    words = " ".join(belt.stderr.split())  # the terminal wraps long messages
    assert "a camera cannot see when the press starts" in words  # the reason, before decoding
    assert "Finding the pose" not in belt.stderr
    assert "standing-hip-abduction" in words  # and what can be checked instead
    broken = tmp_path / "keypoints.json"
    broken.write_text("{not json")
    assert_clear_failure(
        invoke("check", str(clip), "--exercise", "squat", "--keypoints", str(broken)),
        "keypoints.json",
    )


def test_film_guide() -> None:
    done = invoke("film-guide", "single-leg-squat")
    assert done.returncode == 0
    assert "from the front" in done.stdout
    assert "hip height" in done.stdout


@pytest.mark.real_data
def test_check_json_on_a_real_clip() -> None:
    done = invoke("check", str(real_clip(HYVA7)), "--exercise", "single-leg-squat", "--json")
    assert done.returncode == 0, done.stderr
    document = json.loads(done.stdout)
    assert document["summary"]["rep_count"] == 4
    assert [r["side"] for r in document["reps"]] == ["left", "right", "left", "right"]
    for rep in document["reps"]:
        assert {"index", "side", "start_s", "end_s", "bottom_s", "metrics", "faults"} <= set(rep)
        assert "measurable" in rep


def test_a_floor_clip_checked_as_a_standing_exercise(
    tmp_path: Path, synthetic_video: SyntheticVideo
) -> None:
    """SYNTHETIC keypoints of a clam (lying across the picture) checked as a single-leg squat:
    exit 2 and a message asking whether the exercise is right."""
    import math

    import numpy as np

    from glutecoach.vision.backends import PoseEstimate
    from glutecoach.vision.keypoint_file import write_keypoints
    from tests.analysis import floor_poses as fp
    from tests.analysis.pipeline_support import drawn_pose

    times = np.arange(0.0, 8.0, 1.0 / 15.0)
    pose = drawn_pose(times, fp.clam(lambda t: 30.0 * max(0.0, math.sin(t))))
    keypoints = write_keypoints(
        tmp_path / "keypoints.json", PoseEstimate(pose, np.ones(pose.n_frames, dtype=np.bool_))
    )
    clip = synthetic_video(frames=20, size=(640, 480))
    done = invoke(
        "check", str(clip), "--exercise", "single-leg-squat", "--keypoints", str(keypoints),
        "--no-video",
    )  # fmt: skip
    assert_clear_failure(done, "lies flat")
    assert "Is --exercise right?" in " ".join(done.stderr.split())
