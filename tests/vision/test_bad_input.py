"""Bad input gets a VideoError naming the file, the problem and the fix; never a traceback."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from glutecoach.errors import InputError, VideoError
from glutecoach.vision import open_video, probe_video
from glutecoach.vision.pipeline import estimate_video
from tests.vision.conftest import PORTRAIT_NATIVE, SyntheticVideo, real_clip


def _error(path: Path) -> str:
    with pytest.raises(VideoError) as caught:
        probe_video(path)
    assert isinstance(caught.value, InputError)
    return str(caught.value)


def test_text_file_renamed_mp4(tmp_path: Path) -> None:
    path = tmp_path / "squat.mp4"
    path.write_text("these are my notes about squats\n")
    message = _error(path)
    assert "squat.mp4 is a text file, not a video" in message
    assert "Give the path of the video clip itself" in message


def test_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "empty.mov"
    path.touch()
    message = _error(path)
    assert "empty.mov is empty (0 bytes)" in message
    assert "Record or copy the clip again" in message


def test_nonexistent_path(tmp_path: Path) -> None:
    message = _error(tmp_path / "nope.mp4")
    assert "video file not found" in message
    assert "Check the path" in message


def test_folder_instead_of_file(tmp_path: Path) -> None:
    assert "is a folder, not a video file" in _error(tmp_path)


def test_still_image(tmp_path: Path) -> None:
    path = tmp_path / "photo.mp4"
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(200))
    assert "photo.mp4 is a PNG image, not a video" in _error(path)


def test_random_bytes(tmp_path: Path) -> None:
    path = tmp_path / "noise.mp4"
    path.write_bytes(np.random.default_rng(3).integers(0, 256, 4096, dtype=np.uint8).tobytes())
    message = _error(path)
    assert "noise.mp4 is not a video that can be read here" in message
    assert "Export the clip again as MP4" in message


@pytest.mark.real_data
def test_truncated_copy_of_a_real_phone_clip(tmp_path: Path) -> None:
    data = real_clip(PORTRAIT_NATIVE).read_bytes()
    path = tmp_path / "cut.mp4"
    path.write_bytes(data[: len(data) // 2])
    message = _error(path)
    assert "cut.mp4 looks like an MP4/MOV video but cannot be opened" in message
    assert "truncated or damaged" in message
    assert "Copy or export the clip again" in message


def test_truncated_copy_whose_index_survives_decodes_the_start_with_a_warning(
    tmp_path: Path, synthetic_video: SyntheticVideo
) -> None:
    whole = synthetic_video(frames=40, size=(160, 120), noise=True).read_bytes()
    path = tmp_path / "cut.mp4"
    path.write_bytes(whole[: int(len(whole) * 0.6)])
    with open_video(path) as stream:
        frames = list(stream)
    assert 5 < len(frames) < 40
    (warning,) = stream.warnings
    assert f"only {len(frames)} of the 40 frames" in warning


def test_file_whose_frames_cannot_be_decoded(
    tmp_path: Path, synthetic_video: SyntheticVideo
) -> None:
    whole = synthetic_video(frames=5, size=(64, 48)).read_bytes()
    path = tmp_path / "stub.mp4"
    path.write_bytes(whole[: len(whole) // 3])
    with pytest.raises(VideoError, match=r"no frame could be decoded|cannot be opened"):
        estimate_video(path, "fake")
