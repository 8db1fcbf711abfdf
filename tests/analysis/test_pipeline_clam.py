"""Clam on SYNTHETIC keypoints (``floor_poses.clam``): reps with a known knee opening, set-up
while standing that must not count, and injected faults (feet coming apart, a short opening)."""

from __future__ import annotations

import numpy as np
import pytest

from glutecoach.analysis.pipeline import analyze
from glutecoach.domain.pose import PoseSequence
from tests.analysis import floor_poses as fp
from tests.analysis.pipeline_support import drawn_pose, variation

TIMES = np.arange(0.0, 22.0, 1.0 / 15.0)
STARTS = (3.0, 7.0, 11.0, 15.0, 18.5)


def _opening(peak: float) -> fp.Profile:
    return lambda t: sum(fp.ramp_rep(t, s, 1.0, 0.8, 1.2, peak) for s in STARTS)


def _pose(peak: float = 35.0, feet_px: float = 0.0) -> PoseSequence:
    opening = _opening(peak)
    lying = fp.clam(opening, lambda t: opening(t) / peak * feet_px)

    def draw(t: float) -> np.ndarray:
        return fp.standing(t) if t < 2.0 else lying(t)

    return drawn_pose(TIMES, draw)


def test_counts_five_openings_with_their_angle() -> None:
    result = analyze(_pose(), variation("clam"))
    assert result.view == "front"
    assert result.rep_count == 5
    assert {r.side for r in result.reps} == {"right"}
    for rep in result.reps:
        assert rep.metrics["knee_opening_deg"] == pytest.approx(35.0, abs=2.0)
        assert rep.metrics["feet_separation_ratio"] < 0.05
        assert rep.metrics["hip_flexion_drift_deg"] < 2.0
    assert not result.faults


def test_feet_apart_and_short_opening_are_faults() -> None:
    result = analyze(_pose(peak=15.0, feet_px=25.0), variation("clam"))
    assert result.rep_count == 5
    rep = result.reps[0]
    assert rep.metrics["feet_separation_ratio"] == pytest.approx(0.5, abs=0.1)  # 25 px / 50 px
    found = {f.mistake_id for f in result.faults}
    assert found == {"clam.feet-separate", "clam.small-opening"}


def test_noise_does_not_change_the_count() -> None:
    result = analyze(fp.noisy(_pose(), 0.7, seed=4), variation("banded-clam"))
    assert result.rep_count == 5


def test_terminal_summary_says_what_was_not_measured_and_how_to_check_it() -> None:
    """Pelvis roll is not measured from one front view: the summary says so and gives the
    library's self-check cue instead."""
    from glutecoach.cli.check import render_result
    from glutecoach.cli.output import console
    from glutecoach.library.loader import load_library

    clam = variation("clam")
    result = analyze(_pose(), clam)
    assert "clam.pelvis-rolls-back" in {m.mistake_id for m in result.not_measured}
    with console.capture() as captured:
        render_result(result, clam, load_library())
    text = " ".join(captured.get().split())
    cue = next(m.cue for m in clam.mistakes if m.id == "clam.pelvis-rolls-back")
    assert "Not measured from this clip: Pelvis rolls back" in text
    assert f"Check it yourself: {cue}" in text


def test_a_standing_clip_checked_as_a_clam_says_so() -> None:
    """SYNTHETIC: single-leg squats (upright throughout) analysed as a clam."""
    from glutecoach.analysis.synthetic import single_leg_squat_series

    squats = single_leg_squat_series(n_reps=3, seed=2).pose
    result = analyze(squats, variation("clam"))
    assert result.rep_count == 0
    assert any(w.startswith("the person is upright in 100% of the clip") for w in result.warnings)
    assert not any("upright in" in w for w in analyze(_pose(), variation("clam")).warnings)
