"""Forward and lateral step-ups.

Synthetic keypoints drawn with the parametric skeleton (``analysis.synthetic_step_up``): sets of
known reps, working leg and per-rep knee FPPA, pelvic drop and trunk lean; the truth is what the
skeleton was given, never what the analysis returned. Then the two step-up clips of
../shared/data: a single step-up filmed obliquely (the manifest: about 1 rep) and a side-view
set with a mirror (a second person) and title cards, whose tops were read off the frames.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from glutecoach.analysis.exercises import checkable, not_checkable_reason
from glutecoach.analysis.params import default_params
from glutecoach.analysis.pipeline import analyze
from glutecoach.analysis.synthetic_step_up import step_up_series
from glutecoach.domain.analysis import AnalysisResult
from glutecoach.domain.pose import LegSide, View
from tests.analysis.pipeline_support import MILD, variation
from tests.pose_estimates import estimated_clip

DATA = Path(__file__).resolve().parents[3] / "shared" / "data"
FPPA = [4.0, 9.0, 16.0, 20.0, 12.0]


def test_both_step_ups_are_checkable() -> None:
    for exercise in ("forward-step-up", "lateral-step-up"):
        assert checkable(exercise)
        assert not_checkable_reason(exercise) is None


@pytest.mark.parametrize("lateral", [False, True])
@pytest.mark.parametrize(("view", "side"), [("front", "left"), ("back", "right")])
def test_reps_working_leg_and_frontal_faults(lateral: bool, view: View, side: LegSide) -> None:
    series = step_up_series(n_reps=5, working_side=side, lateral=lateral, view=view,
                            fppa_deg=FPPA, pelvic_drop_deg=[2, 7, 2, 7, 2],
                            trunk_lean_deg=[3, 3, 12, 3, 3], corruption=MILD, seed=4)  # fmt: skip
    exercise = "lateral-step-up" if lateral else "forward-step-up"
    result = analyze(series.pose, variation(exercise), view=view)
    assert result.rep_count == 5
    assert [r.side for r in result.reps] == [side] * 5
    for rep, truth in zip(result.reps, series.reps, strict=True):
        assert rep.bottom_s == pytest.approx(truth.bottom_s, abs=0.4)
    fppa = [r.metrics["knee_fppa_deg"] for r in result.reps]
    assert fppa == pytest.approx(FPPA, abs=2.0)
    drops = [r.metrics["pelvic_drop_deg"] for r in result.reps]
    assert drops == pytest.approx([2, 7, 2, 7, 2], abs=1.5)
    assert [r.metrics["trunk_lean_deg"] for r in result.reps] == pytest.approx(
        [3, 3, 12, 3, 3], abs=1.5
    )
    faulted = {f.mistake_id.split(".")[1]: f.reps for f in result.faults}
    assert set(faulted["knee-valgus"]) == {3, 4}  # above 13.5 deg
    assert set(faulted["pelvic-drop"]) == {2, 4}  # above 5 deg
    assert set(faulted["trunk-lean"]) == {3}  # above 10 deg
    rise = [r.metrics["hip_rise_ratio"] for r in result.reps]
    assert np.median(rise) == pytest.approx(0.49, abs=0.06)  # a box 0.3 leg lengths high


def test_a_side_view_counts_and_says_the_faults_need_the_front() -> None:
    series = step_up_series(n_reps=4, working_side="right", view="side", corruption=MILD, seed=5)
    result = analyze(series.pose, variation("forward-step-up"), view="side")
    assert result.rep_count == 4
    assert {r.side for r in result.reps} == {"right"}
    assert all("knee_fppa_deg" not in r.metrics for r in result.reps)
    unseen = " ".join(result.warnings) + " ".join(m.mistake_id for m in result.not_measured)
    assert "knee-valgus" in unseen


def test_a_still_person_on_the_floor_has_no_reps() -> None:
    series = step_up_series(n_reps=0, lead_in_s=8.0, corruption=MILD, seed=6)
    result = analyze(series.pose, variation("forward-step-up"), view="front")
    assert result.rep_count == 0


def test_standing_on_the_box_for_a_long_time_is_not_a_rep() -> None:
    series = step_up_series(n_reps=3, pause_s=18.0, corruption=MILD, seed=7)
    result = analyze(series.pose, variation("forward-step-up"), view="front")
    assert result.rep_count == 0


def _clip(relative: str, exercise: str) -> AnalysisResult:
    path = DATA / relative
    if not path.is_file():
        pytest.skip(f"real-video test: {path} is absent (the shared data folder is not here)")
    pytest.importorskip("glutecoach.vision", reason="the vision layer is not installed")
    rate = default_params("step-up").analysis_rate_hz
    clip = estimated_clip(path, target_fps=rate)
    return analyze(clip.sequence, variation(exercise))


@pytest.mark.real_data
def test_real_single_step_up_filmed_obliquely() -> None:
    result = _clip("Goondoc08__to-be-frank/videos/step-up.mp4", "forward-step-up")
    assert result.rep_count == 1
    # on the box (both feet up, standing tall) about 1.2-2.0 s, read off the frames
    assert result.reps[0].bottom_s == pytest.approx(1.6, abs=0.5)


@pytest.mark.real_data
def test_real_side_view_set_with_a_mirror_and_title_cards() -> None:
    result = _clip("vincentbrouillard777-cmd__pwa-renforcement/public/videos/step-up.mp4",
                   "forward-step-up")  # fmt: skip
    assert result.view == "side"
    # the tops (standing tall on the bench) read off the frames; the clip loops through an
    # edit at about 30.9 s (a cross-fade), which may add one movement
    tops_s = [2.7, 6.2, 10.5, 16.0, 20.1, 24.4, 28.7, 33.6, 37.5]
    found = [r.bottom_s for r in result.reps]
    for top in tops_s:
        assert min(abs(f - top) for f in found) < 0.8, (top, found)
    assert len(tops_s) <= result.rep_count <= len(tops_s) + 1
