"""Keypoint export: exact round trips in CSV and JSON, and clear errors for malformed files."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from glutecoach.errors import KeypointFileError
from glutecoach.vision import (
    PoseEstimate,
    VideoInfo,
    create_backend,
    estimate_video,
    read_keypoints,
    write_keypoints,
)
from glutecoach.vision.fake import FakePoseEstimator
from glutecoach.vision.video import Frame
from tests.vision.conftest import SyntheticVideo


def _estimate(n: int = 12) -> PoseEstimate:
    """A synthetic estimate with awkward floats, a frame without a person, and frame numbers."""
    frames = [
        Frame(index=2 * i, timestamp_s=i / 29.97 + 1e-7 * i, image=np.zeros((1, 1, 3), np.uint8))
        for i in range(n)
    ]
    estimate = FakePoseEstimator(detected_every=1).estimate(frames, image_size_px=(1280, 720))
    points = estimate.sequence.points_px + np.pi * 1e-3
    vis = np.linspace(0.0, 1.0, points.shape[0] * points.shape[1]).reshape(points.shape[:2])
    points[3] = np.nan
    vis[3] = 0.0
    points[5, 7] = np.nan
    vis[5, 7] = 0.0
    detected = estimate.detected.copy()
    detected[3] = False
    return PoseEstimate(
        estimate.sequence.with_points(points, vis),
        detected,
        ("a warning, with a comma", "another"),
        people_seen=2,
        frame_indices=estimate.frame_indices,
    )


VIDEO = VideoInfo(Path("/clips/a b.mp4"), "ab" * 32, 29.97, 24, 0.8, 1280, 720, 90, "h264")


@pytest.mark.parametrize("suffix", [".csv", ".json"])
def test_round_trip_is_exact(tmp_path: Path, suffix: str) -> None:
    original = _estimate()
    path = write_keypoints(tmp_path / f"pose{suffix}", original, video=VIDEO)
    loaded = read_keypoints(path)
    a, b = original.sequence, loaded.estimate.sequence
    assert np.array_equal(a.timestamps_s, b.timestamps_s)
    assert np.array_equal(a.points_px, b.points_px, equal_nan=True)
    assert np.array_equal(a.visibility, b.visibility)
    assert b.schema == a.schema
    assert b.backend == a.backend
    assert b.image_size_px == a.image_size_px
    assert np.array_equal(loaded.estimate.detected, original.detected)
    assert np.array_equal(loaded.estimate.frame_indices, original.frame_indices)
    assert loaded.estimate.warnings == original.warnings
    assert loaded.estimate.people_seen == 2
    assert loaded.video == VIDEO


def test_csv_is_readable_as_a_table(tmp_path: Path) -> None:
    path = write_keypoints(tmp_path / "pose.csv", _estimate(6))
    lines = path.read_text().splitlines()
    assert lines[0] == '# format: "glutecoach-keypoints"'
    header = next(line for line in lines if not line.startswith("#"))
    assert header.startswith("frame,t,detected,nose_x,nose_y,nose_visibility,")
    assert read_keypoints(path).video is None


def test_keypoint_file_back_end_skips_estimation(
    tmp_path: Path, synthetic_video: SyntheticVideo
) -> None:
    clip = synthetic_video(frames=10)
    first = estimate_video(clip, "fake")
    path = write_keypoints(tmp_path / "pose.json", first.estimate, video=first.video)
    backend = create_backend("keypoint-file", path=path)
    assert not backend.needs_frames
    again = estimate_video(clip, backend)
    assert np.array_equal(again.sequence.points_px, first.sequence.points_px, equal_nan=True)
    assert again.sequence.backend == first.sequence.backend
    assert any("not re-estimated" in w for w in again.warnings)


def test_keypoints_of_another_video_are_refused(tmp_path: Path) -> None:
    path = write_keypoints(tmp_path / "pose.csv", _estimate(6))
    backend = create_backend("keypoint-file", path=path)
    with pytest.raises(KeypointFileError, match="estimated on 1280x720 frames, not 720x1280"):
        backend.estimate((), image_size_px=(720, 1280))


def _broken(tmp_path: Path, name: str, text: str) -> str:
    path = tmp_path / name
    path.write_text(text)
    with pytest.raises(KeypointFileError) as caught:
        read_keypoints(path)
    return str(caught.value)


def test_malformed_json(tmp_path: Path) -> None:
    assert "not valid JSON" in _broken(tmp_path, "a.json", "{nope")
    good = json.loads(write_keypoints(tmp_path / "g.json", _estimate(6)).read_text())
    assert "expected 'glutecoach-keypoints'" in _broken(
        tmp_path, "b.json", json.dumps({**good, "format": "other"})
    )
    assert "format version 99" in _broken(
        tmp_path, "c.json", json.dumps({**good, "format_version": 99})
    )
    short = {**good, "frames": [{**good["frames"][0], "points": [[1, 2, 1]]}]}
    assert "frame 0: 1 points for 33 keypoints" in _broken(tmp_path, "d.json", json.dumps(short))
    backwards = {**good, "frames": list(reversed(good["frames"]))}
    assert "strictly increasing" in _broken(tmp_path, "e.json", json.dumps(backwards))
    assert "has no frames" in _broken(tmp_path, "f.json", json.dumps({**good, "frames": []}))


def test_malformed_csv(tmp_path: Path) -> None:
    text = write_keypoints(tmp_path / "g.csv", _estimate(6)).read_text()
    assert "expected 'glutecoach-keypoints'" in _broken(tmp_path, "a.csv", "x,y\n1,2\n")
    lines = text.splitlines()
    body = [i for i, line in enumerate(lines) if not line.startswith("#")]
    bad_cell = lines.copy()
    cells = bad_cell[body[1]].split(",")
    cells[4] = "one"
    bad_cell[body[1]] = ",".join(cells)
    message = _broken(tmp_path, "b.csv", "\n".join(bad_cell))
    assert f"line {body[1] + 1}" in message
    assert "where a number belongs" in message
    short_row = lines.copy()
    short_row[body[1]] = "0,0.0,1"
    assert "cells, expected" in _broken(tmp_path, "c.csv", "\n".join(short_row))
    bad_flag = lines.copy()
    bad_flag[body[1]] = bad_flag[body[1]].replace(",1,", ",yes,", 1)
    assert "'detected' 0 or 1" in _broken(tmp_path, "d.csv", "\n".join(bad_flag))
    assert "not a valid glutecoach keypoint file" in message
    assert "Write it again" in message


def test_missing_keypoint_file(tmp_path: Path) -> None:
    with pytest.raises(KeypointFileError, match="keypoint file not found"):
        read_keypoints(tmp_path / "none.csv")
    with pytest.raises(KeypointFileError, match=r"end in \.csv or \.json"):
        write_keypoints(tmp_path / "pose.txt", _estimate(6))
