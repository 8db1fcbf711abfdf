"""Fixtures for the vision tests: real clips from ../shared/data, and small synthetic videos."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.videos import SyntheticVideo

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


__all__ = ["SyntheticVideo", "real_clip"]
