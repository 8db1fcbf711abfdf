"""estimate_video: a clip in, one person's keypoints and the warnings out."""

from __future__ import annotations

import numpy as np
import pytest

from glutecoach.vision import estimate_video
from tests.vision.conftest import HYVA2, SyntheticVideo, real_clip


def test_fake_pipeline_on_a_synthetic_clip(synthetic_video: SyntheticVideo) -> None:
    calls: list[tuple[int, int]] = []
    result = estimate_video(
        synthetic_video(frames=25, fps=25),
        "fake",
        target_fps=10,
        on_progress=lambda d, t: calls.append((d, t)),
    )
    seq = result.sequence
    assert seq.n_frames == 13  # every 2nd frame: 12.5 Hz, the sparsest stride keeping >= 10 Hz
    np.testing.assert_allclose(seq.timestamps_s, result.estimate.frame_indices * 0.04, atol=1e-6)
    assert result.decode.decoded_frames == 25
    assert result.target_fps == 10
    assert calls[-1] == (25, 25)
    assert result.decoded_video == result.video
    assert not result.warnings


@pytest.mark.real_data
def test_damaged_clip_reports_the_decoded_length() -> None:
    result = estimate_video(real_clip(HYVA2), "fake", target_fps=2)
    assert result.video.frame_count == 276
    decoded = result.decoded_video
    assert decoded.frame_count == result.decode.decoded_frames
    assert decoded.duration_s == pytest.approx(decoded.frame_count / 25, abs=0.05)
    assert "could be decoded" in result.warnings[0]


def test_options_need_a_back_end_name(synthetic_video: SyntheticVideo) -> None:
    from glutecoach.vision.fake import FakePoseEstimator

    with pytest.raises(TypeError, match="back-end name"):
        estimate_video(synthetic_video(frames=3), FakePoseEstimator(), workers=1)


def test_quiet_native_stderr_keeps_python_stderr(capfd: pytest.CaptureFixture[str]) -> None:
    import os
    import sys

    from glutecoach.vision import quiet_native_stderr

    with quiet_native_stderr():
        os.write(2, b"native noise\n")
        print("python message", file=sys.stderr)
    os.write(2, b"native after\n")
    err = capfd.readouterr().err
    assert "native noise" not in err
    assert "python message" in err
    assert "native after" in err
