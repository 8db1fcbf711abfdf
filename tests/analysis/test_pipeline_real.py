"""``analyze`` on keypoints estimated by MediaPipe from REAL single-leg squat clips.

The clips are in ../shared/data (see its MANIFEST.md) and are never copied into the project;
the tests skip, saying why, when that folder is absent. The pose is estimated at the family's
``analysis_rate_hz`` (12.5 Hz: every 2nd frame of a 25 or 30 fps clip), as ``glutecoach check``
does. Truth is from the manifest; the stance legs of ``hyva_ja_paha.mp4`` were checked by eye
on the frames (the right leg stands, the left is held forward, its foot low in the picture: an
ankle-height rule gets it wrong).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from glutecoach.analysis.params import default_params
from glutecoach.analysis.pipeline import analyze
from glutecoach.domain.analysis import AnalysisResult, VideoSummary
from tests.analysis.pipeline_support import variation
from tests.pose_estimates import estimated_clip

DATA = Path(__file__).resolve().parents[3] / "shared" / "data"
CLIPS = DATA / "tuxotiikeri__squatdetection" / "vids"

pytestmark = pytest.mark.real_data


def _check(name: str) -> AnalysisResult:
    path = CLIPS / name
    if not path.is_file():
        pytest.skip(f"real-video test: {path} is absent (the shared data folder is not here)")
    pytest.importorskip("glutecoach.vision", reason="the vision layer is not installed")
    rate = default_params("single-leg-squat").analysis_rate_hz
    clip = estimated_clip(path, target_fps=rate)
    result = analyze(clip.sequence, variation("single-leg-squat"))
    info = clip.decoded_video
    return result.with_video(
        VideoSummary(info.sha256, info.fps, info.frame_count, info.duration_s, info.rotation_deg,
                     info.width, info.height)
    )  # fmt: skip


def test_hyva7_four_reps_two_per_side_with_their_bottoms() -> None:
    result = _check("hyva7.mp4")
    assert result.view == "front"
    assert result.rep_count == 4
    assert [r.side for r in result.complete_reps] == ["left", "right", "left", "right"]
    bottoms = [r.bottom_s for r in result.complete_reps]
    assert bottoms == pytest.approx([2.3, 11.0, 17.7, 23.8], abs=0.6)
    assert all(r.measurable for r in result.complete_reps)
    assert {c.metric for c in result.comparison} >= {"knee_fppa_deg", "pelvic_drop_deg"}
    assert result.video.sha256 is not None


def test_hyva_ja_paha_counts_the_complete_rep_on_the_right_leg() -> None:
    result = _check("hyva_ja_paha.mp4")
    assert result.rep_count in (1, 2)  # the clip begins at the bottom of the first rep
    last = result.complete_reps[-1]
    assert 5.8 <= last.bottom_s <= 7.2
    assert last.side == "right"
    assert "knee_fppa_deg" in last.metrics
