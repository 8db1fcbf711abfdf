"""Contract tests every registered pose back end must pass, plus the registry itself."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from glutecoach.errors import PoseBackendError
from glutecoach.vision import (
    PoseEstimate,
    PoseEstimator,
    backend_names,
    create_backend,
    register_backend,
    write_keypoints,
)
from glutecoach.vision.fake import FakePoseEstimator
from glutecoach.vision.video import Frame

SIZE = (320, 240)


def _frames(n: int = 6) -> list[Frame]:
    return [
        Frame(index=i, timestamp_s=i / 25, image=np.full((SIZE[1], SIZE[0], 3), 90, np.uint8))
        for i in range(n)
    ]


def _keypoint_file_options(tmp_path: Path) -> dict[str, Any]:
    stored = FakePoseEstimator().estimate(_frames(), image_size_px=SIZE)
    return {"path": write_keypoints(tmp_path / "pose.json", stored)}


# Every registered back end needs an entry here: how to build it for the contract tests.
CONTRACT_OPTIONS: dict[str, Callable[[Path], dict[str, Any]]] = {
    "mediapipe": lambda _: {"workers": 1},
    "keypoint-file": _keypoint_file_options,
    "fake": lambda _: {},
}


def test_every_registered_back_end_has_contract_options() -> None:
    assert set(backend_names()) == set(CONTRACT_OPTIONS)


@pytest.mark.parametrize("name", sorted(CONTRACT_OPTIONS))
def test_back_end_contract(name: str, tmp_path: Path) -> None:
    backend = create_backend(name, **CONTRACT_OPTIONS[name](tmp_path))
    assert isinstance(backend, PoseEstimator)
    assert backend.schema.names
    assert backend.backend.name.strip()
    assert backend.backend.version.strip()
    calls: list[tuple[int, int]] = []
    frames = _frames() if backend.needs_frames else []
    result = backend.estimate(
        frames, image_size_px=SIZE, expected_frames=6, on_progress=lambda d, t: calls.append((d, t))
    )
    assert isinstance(result, PoseEstimate)
    seq = result.sequence
    assert seq.n_frames == 6
    assert seq.points_px.shape == (6, len(backend.schema), 2)
    assert seq.schema == backend.schema
    assert seq.backend == backend.backend
    assert seq.image_size_px == SIZE
    assert result.detected.shape == (6,)
    assert all(isinstance(w, str) and w for w in result.warnings)
    assert calls
    assert calls[-1][0] == 6
    missing = ~result.detected
    assert np.isnan(seq.points_px[missing]).all()
    assert (seq.visibility[missing] == 0).all()


def test_fake_is_deterministic() -> None:
    a = FakePoseEstimator().estimate(_frames(), image_size_px=SIZE).sequence
    b = FakePoseEstimator().estimate(_frames(), image_size_px=SIZE).sequence
    assert np.array_equal(a.points_px, b.points_px)
    hips = a.point("left_hip")[:, 1]
    shoulders = a.point("left_shoulder")[:, 1]
    assert (hips > shoulders).all()


def test_fake_returns_a_given_sequence_whatever_the_frames() -> None:
    given = FakePoseEstimator().estimate(_frames(4), image_size_px=SIZE).sequence
    result = FakePoseEstimator(given).estimate(_frames(9), image_size_px=SIZE)
    assert result.sequence is given


def test_fake_without_a_person() -> None:
    result = FakePoseEstimator(no_person=True).estimate(_frames(), image_size_px=SIZE)
    assert not result.person_found
    assert result.warnings


def test_unknown_back_end_names_the_known_ones() -> None:
    with pytest.raises(PoseBackendError, match=r"unknown pose back end 'openpose'.*fake"):
        create_backend("openpose")


def test_names_are_registered_once() -> None:
    with pytest.raises(ValueError, match="already registered"):
        register_backend("fake", FakePoseEstimator, "again")
