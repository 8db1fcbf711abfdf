"""Fixtures for the vision tests: real clips from ../shared/data, and small synthetic videos."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest

from glutecoach.vision import VideoEncoder

DATA = Path(__file__).resolve().parents[3] / "shared" / "data"

HYVA2 = "tuxotiikeri__squatdetection/vids/hyva2.mp4"
HYVA3 = "tuxotiikeri__squatdetection/vids/hyva3.mp4"
HYVA7 = "tuxotiikeri__squatdetection/vids/hyva7.mp4"
PORTRAIT_ROTATED = "kanatovaai__PoseEstimation/poseVideos/6.mp4"
PORTRAIT_NATIVE = "zzzhushi__running-gait-analysis/tests/data/male_side.mp4"
CLAM_GIF = "Goondoc08__Chloe-Workout/banded-clamshell.gif"
TWO_PEOPLE = "vincentbrouillard777-cmd__pwa-renforcement/public/videos/step-up.mp4"


def real_clip(relative: str) -> Path:
    """The path of a shared real clip, or skip the test saying why."""
    path = DATA / relative
    if not DATA.is_dir():
        pytest.skip(f"real-video test: the shared data folder {DATA} is absent")
    if not path.is_file():
        pytest.skip(f"real-video test: {relative} is missing from {DATA}")
    return path


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
