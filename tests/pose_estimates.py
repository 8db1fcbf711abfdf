"""A pytest plugin (registered in tests/conftest.py): each real clip estimated by MediaPipe ONCE
per test session, for the analysis tests that read the same clip at the same rate.

``estimated_clip(path, target_fps=15)`` runs the real pipeline (``vision.estimate_video`` with
the real model on the real decoded frames) the first time a clip is asked for at a rate in this
session, and keeps the result on disk in the session's temporary folder, keyed by the clip's
content hash, the MediaPipe version and the estimation parameters. Later calls in the session
(in this process or in another xdist worker of the same run) read it back: a fresh copy each
time, so no test can change another's keypoints. Nothing outlives the session, so every run of
the suite runs the model on every clip it reads; a changed clip, model or rate is a new key.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import pickle
from collections.abc import Iterator
from importlib.metadata import version
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from glutecoach.vision.pipeline import VideoPose

_folder: Path | None = None


@pytest.fixture(scope="session", autouse=True)
def _pose_estimates_folder(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """The run's folder for estimates: shared by the xdist workers of one run (their base
    folders are siblings), new for every run."""
    global _folder
    base = tmp_path_factory.getbasetemp()
    shared = base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base
    _folder = shared / "pose-estimates"
    _folder.mkdir(parents=True, exist_ok=True)
    yield
    _folder = None


def _key(path: Path, target_fps: float | None, max_frames: int | None) -> str:
    from glutecoach.vision.sniff import file_sha256

    fields = {
        "clip_sha256": file_sha256(path),
        "estimator": "mediapipe",
        "mediapipe": version("mediapipe"),
        "target_fps": target_fps,
        "max_frames": max_frames,
    }
    return hashlib.sha256(json.dumps(fields, sort_keys=True).encode()).hexdigest()[:32]


def estimated_clip(
    path: Path, *, target_fps: float | None, max_frames: int | None = None
) -> VideoPose:
    """``estimate_video(path, "mediapipe", target_fps=..., max_frames=...)``, run once per
    session for each clip and parameters (see the module docstring)."""
    from glutecoach.vision.pipeline import estimate_video

    if _folder is None:  # outside a pytest session: no sharing, just the estimate
        return estimate_video(path, "mediapipe", target_fps=target_fps, max_frames=max_frames)
    stored = _folder / f"{_key(path, target_fps, max_frames)}.pickle"
    with (_folder / f"{stored.stem}.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # one estimator per clip; the others wait and read
        if not stored.is_file():
            pose = estimate_video(path, "mediapipe", target_fps=target_fps, max_frames=max_frames)
            partial = stored.with_suffix(".partial")
            partial.write_bytes(pickle.dumps(pose, protocol=pickle.HIGHEST_PROTOCOL))
            partial.replace(stored)
    loaded: VideoPose = pickle.loads(stored.read_bytes())
    return loaded
