"""A pytest plugin (registered in tests/conftest.py): small synthetic videos written with our own
encoder, for any test that needs a real video file without a person in it."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest

from glutecoach.vision import VideoEncoder

SyntheticVideo = Callable[..., Path]


@pytest.fixture
def synthetic_video(tmp_path: Path) -> SyntheticVideo:
    """Write a small H.264 MP4 with our encoder: a bright bar sliding over grey (or noise)."""

    def make(
        name: str = "clip.mp4",
        *,
        frames: int = 30,
        size: tuple[int, int] = (320, 240),
        fps: float = 25.0,
        noise: bool = False,
    ) -> Path:
        path = tmp_path / name
        width, height = size
        rng = np.random.default_rng(0)
        with VideoEncoder(path, size, fps) as encoder:
            for i in range(frames):
                if noise:
                    image = rng.integers(0, 255, (height, width, 3), dtype=np.uint8)
                else:
                    image = np.full((height, width, 3), 110, dtype=np.uint8)
                    x = (i * 7) % max(width - 20, 1)
                    image[:, x : x + 20] = 250
                encoder.write(image)
        return path

    return make
