"""The MediaPipe back end on real and synthetic clips (real model, no network)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from glutecoach.analysis.skeleton import BLAZEPOSE_33
from glutecoach.errors import PoseBackendError
from glutecoach.vision import estimate_video
from glutecoach.vision.backends import NO_PERSON_WARNING
from glutecoach.vision.mediapipe_pose import (
    MODEL_COMPLEXITY,
    MediaPipePoseEstimator,
    check_models,
)
from tests.vision.conftest import HYVA3, TWO_PEOPLE, SyntheticVideo, real_clip


def _y(points: np.ndarray, name: str) -> np.ndarray:
    return np.asarray(points[:, BLAZEPOSE_33.index(name), 1])


@pytest.mark.real_data
def test_finds_an_upright_person_in_a_real_clip() -> None:
    result = estimate_video(real_clip(HYVA3), "mediapipe", max_frames=90)
    estimate, seq = result.estimate, result.sequence
    assert seq.n_frames == 90
    assert seq.schema is BLAZEPOSE_33
    assert seq.backend.name == "mediapipe-blazepose-full"
    assert seq.backend.version == "0.10.21"
    assert seq.image_size_px == (1280, 720)
    assert estimate.detection_rate >= 0.9
    assert estimate.people_seen == 1
    found = seq.points_px[estimate.detected]
    for upper, lower in (("shoulder", "hip"), ("hip", "knee"), ("knee", "ankle")):
        for side in ("left", "right"):
            below = _y(found, f"{side}_{lower}") > _y(found, f"{side}_{upper}")
            assert below.mean() >= 0.95, f"{side} {lower} should be below the {upper}"
    hips = seq.visibility[estimate.detected][:, BLAZEPOSE_33.index("left_hip")]
    assert np.median(hips) > 0.5
    inside = (found[..., 0] > -50) & (found[..., 0] < 1330) & (found[..., 1] > -50)
    assert inside.mean() > 0.95
    assert np.array_equal(estimate.frame_indices, np.arange(90))
    assert not result.warnings


def test_blank_video_reports_no_person(synthetic_video: SyntheticVideo) -> None:
    result = estimate_video(synthetic_video(frames=12), "mediapipe")
    seq = result.estimate.sequence
    assert not result.estimate.person_found
    assert result.estimate.people_seen == 0
    assert np.isnan(seq.points_px).all()
    assert (seq.visibility == 0).all()
    assert NO_PERSON_WARNING in result.warnings


@pytest.mark.real_data
def test_two_people_are_reported_and_one_is_followed() -> None:
    result = estimate_video(real_clip(TWO_PEOPLE), "mediapipe", target_fps=12.5, max_frames=60)
    assert result.estimate.people_seen >= 2
    assert any("people were seen" in w and "largest and most central" in w for w in result.warnings)
    assert result.estimate.person_found


@pytest.mark.real_data
def test_one_and_two_workers_agree() -> None:
    clip = real_clip(HYVA3)
    one = estimate_video(clip, MediaPipePoseEstimator(workers=1), max_frames=30).sequence
    two = estimate_video(clip, MediaPipePoseEstimator(workers=2), max_frames=30).sequence
    hips = [BLAZEPOSE_33.index(n) for n in ("left_hip", "right_hip", "left_knee", "right_knee")]
    gap = np.linalg.norm(one.points_px[:, hips] - two.points_px[:, hips], axis=-1)
    assert np.nanmedian(gap) < 8.0


def test_models_are_shipped_and_only_the_full_model_is_used() -> None:
    package = check_models()
    assert (package / "modules/pose_landmark/pose_landmark_full.tflite").is_file()
    assert MODEL_COMPLEXITY == 1


def test_missing_model_is_a_clear_error(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    import mediapipe

    monkeypatch.setattr(mediapipe, "__file__", str(tmp_path / "mediapipe" / "__init__.py"))
    with pytest.raises(PoseBackendError, match="never downloads models"):
        MediaPipePoseEstimator()


def test_never_tries_to_download(
    monkeypatch: pytest.MonkeyPatch, synthetic_video: SyntheticVideo
) -> None:
    from mediapipe.python.solutions import download_utils

    def refuse(model_path: str) -> None:
        raise AssertionError(f"tried to download {model_path}")

    monkeypatch.setattr(download_utils, "download_oss_model", refuse)
    result = estimate_video(synthetic_video(frames=3), "mediapipe", workers=1)
    assert result.sequence.n_frames == 3


def test_rejects_bad_options() -> None:
    with pytest.raises(ValueError, match="min_detection_confidence"):
        MediaPipePoseEstimator(min_detection_confidence=1.5)
    with pytest.raises(ValueError, match="workers"):
        MediaPipePoseEstimator(workers=0)
