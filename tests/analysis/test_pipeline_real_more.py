"""The rest of the manifest's standing clips, through the same path as ``glutecoach check``
(MediaPipe at the family's analysis rate, then ``analyze``). Truth is the manifest's.

The two-leg squat clips come with the source repository's per-frame labels, which the manifest
reads as 1, 2, 2, 2 reps. Looking at the frames, squat_17 and squat_18 each hold ONE whole squat:
squat_17 starts while the person is rising from a squat already under way, and squat_18 ends a
third of a second into the next descent; the labels there mark standing moments, not bottoms.
glutecoach counts the whole squat and reports the cut-off movement as a note, not as a rep.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from glutecoach.analysis.params import default_params
from glutecoach.analysis.pipeline import analyze
from glutecoach.domain.analysis import AnalysisResult
from tests.analysis.pipeline_support import variation
from tests.pose_estimates import estimated_clip

DATA = Path(__file__).resolve().parents[3] / "shared" / "data"

pytestmark = pytest.mark.real_data


def _analyse(relative: str, exercise: str) -> AnalysisResult:
    path = DATA / relative
    if not path.is_file():
        pytest.skip(f"real-video test: {path} is absent (the shared data folder is not here)")
    pytest.importorskip("glutecoach.vision", reason="the vision layer is not installed")
    rate = default_params("single-leg-squat").analysis_rate_hz
    clip = estimated_clip(path, target_fps=rate)
    return analyze(clip.sequence, variation(exercise))


def test_hyva2_damaged_tail_one_or_two_reps() -> None:
    result = _analyse("tuxotiikeri__squatdetection/vids/hyva2.mp4", "single-leg-squat")
    assert result.rep_count in (1, 2)
    assert result.complete_reps[0].bottom_s == pytest.approx(3.6, abs=0.6)


def test_hyva3_one_slow_rep() -> None:
    result = _analyse("tuxotiikeri__squatdetection/vids/hyva3.mp4", "single-leg-squat")
    assert result.rep_count == 1
    assert result.complete_reps[0].bottom_s == pytest.approx(4.6, abs=0.6)


@pytest.mark.parametrize(
    ("clip", "complete", "bottom_s"),
    [("squat_8", 1, None), ("squat_13", 2, None), ("squat_17", 1, 2.4), ("squat_18", 1, 1.0)],
)
def test_labelled_two_leg_squats(clip: str, complete: int, bottom_s: float | None) -> None:
    result = _analyse(f"calimiro-ai__WorkoutTracker/data/raw/squats/{clip}.mp4", "squat")
    assert result.rep_count == complete
    assert all(r.side == "both" for r in result.reps)
    if bottom_s is not None:
        assert result.complete_reps[0].bottom_s == pytest.approx(bottom_s, abs=0.4)


def test_a_movement_cut_by_the_end_of_the_clip_is_a_note_not_a_rep() -> None:
    result = _analyse("calimiro-ai__WorkoutTracker/data/raw/squats/squat_18.mp4", "squat")
    assert any("not counted as a rep" in w for w in result.warnings)
