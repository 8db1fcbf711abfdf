"""``analyze`` on the single-leg squat ladder, from SYNTHETIC keypoint series.

The series are drawn with the parametric skeleton (``glutecoach.analysis.synthetic``), so the
true reps, stance sides and angles are known: faults are injected (valgus on some reps only,
pelvic drop, trunk lean, a free foot touching down) and must be found on exactly those reps,
with the measured angles close to the injected ones. "At the bottom" metrics are medians over
the bottom window, which for these eased reps sit within 3% of the true peak value.
"""

from __future__ import annotations

import dataclasses
import math

import numpy as np
import pytest

from glutecoach.analysis.pipeline import analyze
from glutecoach.analysis.reps import TOUCH_AND_GO
from glutecoach.analysis.skeleton_model import LegPose, Posture, frontal_keypoints
from glutecoach.analysis.synthetic import (
    Corruption,
    double_leg_squat_series,
    make_timestamps,
    single_leg_squat_series,
)
from glutecoach.domain.pose import FloatArray, FrontalView, LegSide, View
from glutecoach.errors import AnalysisError
from tests.analysis.pipeline_support import (
    HEAVY,
    MILD,
    drawn_pose,
    fault_ids,
    finding_reps,
    hide,
    metric_of,
    resized,
    variation,
)

SLS = "single-leg-squat"


def test_valgus_on_right_leg_reps_only_is_found_on_exactly_those_reps() -> None:
    sides: list[LegSide] = ["left", "left", "right", "right"]
    truth = [5.0, 5.0, 16.0, 16.0]
    series = single_leg_squat_series(
        n_reps=4, stance_sides=sides, fppa_deg=truth, rest_s=1.5, corruption=MILD, seed=1
    )
    result = analyze(series.pose, variation(SLS))
    assert [r.side for r in result.reps] == sides
    assert result.rep_count == 4
    assert finding_reps(result, "single-leg-squat.knee-valgus") == (3, 4)
    for rep, fppa in zip(result.reps, truth, strict=True):
        assert metric_of(rep, "knee_fppa_deg") == pytest.approx(fppa, abs=1.0)
    finding = next(f for f in result.faults if f.mistake_id.endswith("knee-valgus"))
    assert finding.threshold_value == 13.5
    assert finding.noise_floor == 8.0
    assert finding.beyond_noise_floor is False  # 16 is only 2.5 deg past 13.5
    assert finding.basis == "derived"  # healthy mean + 1 SD in Herrington 2014
    assert finding.reference == "herrington-2014"
    assert "second toe" in finding.cue
    knee = next(c for c in result.comparison if c.metric == "knee_fppa_deg")
    assert knee.difference == pytest.approx(-11.0, abs=1.5)
    assert knee.beyond_noise_floor is True
    assert result.good_form_reps == 2


@pytest.mark.parametrize("view", ["front", "back"])
@pytest.mark.parametrize("stance", ["left", "right"])
def test_clean_angles_at_the_bottom_match_the_skeleton(view: FrontalView, stance: LegSide) -> None:
    fppa, drop, lean = [4.0, 12.0, 20.0], [2.0, 6.0, 9.0], [1.0, 5.0, 11.0]
    series = single_leg_squat_series(
        n_reps=3, stance_sides=stance, view=view, fppa_deg=fppa, pelvic_drop_deg=drop,
        trunk_lean_deg=lean, seed=0,
    )  # fmt: skip
    result = analyze(series.pose, variation(SLS))
    assert result.view == view
    assert [r.side for r in result.reps] == [stance] * 3
    for k, rep in enumerate(result.reps):
        for name, truth in (("knee_fppa_deg", fppa), ("pelvic_drop_deg", drop),
                            ("trunk_lean_deg", lean)):  # fmt: skip
            tolerance = max(0.3, 0.03 * truth[k])
            assert metric_of(rep, name) == pytest.approx(truth[k], abs=tolerance), name


def test_pelvic_drop_and_trunk_lean_faults_with_noise() -> None:
    series = single_leg_squat_series(
        n_reps=4, stance_sides="right", view="back", fppa_deg=6.0, pelvic_drop_deg=8.0,
        trunk_lean_deg=13.0, corruption=MILD, seed=4,
    )  # fmt: skip
    result = analyze(series.pose, variation(SLS))
    assert result.rep_count == 4
    for rep in result.reps:
        assert metric_of(rep, "pelvic_drop_deg") == pytest.approx(8.0, abs=1.0)
        assert metric_of(rep, "trunk_lean_deg") == pytest.approx(13.0, abs=1.0)
        assert fault_ids(rep) == {"single-leg-squat.pelvic-drop", "single-leg-squat.trunk-lean"}
    drop = next(f for f in result.faults if f.mistake_id.endswith("pelvic-drop"))
    assert drop.reps == (1, 2, 3, 4)
    assert drop.checked == 4
    assert drop.basis == "coaching-default"


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_counts_and_sides_survive_heavy_noise_dropped_frames_and_jitter(seed: int) -> None:
    sides: list[LegSide] = ["left", "left", "right", "right", "left"]
    series = single_leg_squat_series(
        n_reps=5, stance_sides=sides, depth_deg=[50, 70, 60, 80, 55], rest_s=1.5,
        corruption=HEAVY, seed=seed,
    )  # fmt: skip
    result = analyze(series.pose, variation(SLS))
    assert [r.side for r in result.reps] == sides
    for got, true in zip(result.reps, series.reps, strict=True):
        assert got.bottom_s == pytest.approx(true.bottom_s, abs=0.2)
        assert got.measurable


def test_a_pause_at_the_bottom_stays_one_rep_and_is_timed() -> None:
    series = single_leg_squat_series(n_reps=3, pause_s=2.0, rest_s=1.5, corruption=MILD, seed=3)
    result = analyze(series.pose, variation(SLS))
    assert result.rep_count == 3
    for got, true in zip(result.reps, series.reps, strict=True):
        assert got.bottom_s == pytest.approx(true.bottom_s, abs=0.25)
        assert 2.0 <= metric_of(got, "bottom_pause_s") <= 2.7
        assert metric_of(got, "rep_duration_s") == pytest.approx(true.duration_s, abs=0.6)


def test_side_view_measures_depth_and_forward_lean_and_names_the_view_for_the_rest() -> None:
    depths = [50.0, 75.0, 60.0]
    series = single_leg_squat_series(n_reps=3, view="side", depth_deg=depths, corruption=MILD)
    result = analyze(series.pose, variation(SLS))
    assert result.view == "side"
    for rep, depth in zip(result.reps, depths, strict=True):
        assert metric_of(rep, "knee_flexion_deg") == pytest.approx(depth, abs=1.5)
        # the skeleton flexes the trunk 0.3 x the knee flexion
        assert metric_of(rep, "trunk_forward_lean_deg") == pytest.approx(0.3 * depth, abs=1.5)
        assert "knee_fppa_deg" not in rep.metrics
    missing = {m.mistake_id: m for m in result.not_measured}
    assert missing["single-leg-squat.knee-valgus"].view_needed == "front"
    assert "filmed from the side" in missing["single-leg-squat.pelvic-drop"].reason


@pytest.mark.parametrize("view", ["front", "side"])
def test_free_foot_touching_down_is_a_loss_of_balance_in_that_rep_only(view: View) -> None:
    series = single_leg_squat_series(
        n_reps=3, view=view, free_foot_down_reps=[1], corruption=MILD, seed=5
    )
    result = analyze(series.pose, variation(SLS))
    assert [metric_of(r, "free_foot_touchdowns") for r in result.reps] == [0, 1, 0]
    assert finding_reps(result, "single-leg-squat.loss-of-balance") == (2,)


def test_step_down_does_not_count_the_intended_heel_tap() -> None:
    series = single_leg_squat_series(n_reps=2, free_foot_down_reps=[0, 1], seed=5)
    result = analyze(series.pose, variation("step-down"))
    assert all("free_foot_touchdowns" not in r.metrics for r in result.reps)


def test_hiding_the_stance_knee_makes_that_rep_not_measurable() -> None:
    series = single_leg_squat_series(n_reps=4, stance_sides="right", fppa_deg=16.0, seed=2)
    third = series.reps[2]
    pose = hide(series.pose, ("right_knee",), third.start_s + 0.3, third.end_s)
    result = analyze(pose, variation(SLS))
    rep = result.reps[2]
    assert not rep.measurable
    assert rep.reason is not None
    assert rep.reason.startswith("right knee not visible for")
    assert rep.reason.endswith("of rep 3")
    assert not rep.faults
    assert set(rep.metrics) <= {"descent_s", "bottom_pause_s", "ascent_s", "rep_duration_s"}
    assert finding_reps(result, "single-leg-squat.knee-valgus") == (1, 2, 4)
    assert result.rep_count == 4
    assert result.good_form_reps == 0


def test_hiding_only_the_free_ankle_drops_only_the_touchdown_count() -> None:
    series = single_leg_squat_series(n_reps=3, seed=2)
    second = series.reps[1]
    pose = hide(series.pose, ("right_ankle",), second.bottom_s - 0.3, second.end_s)
    result = analyze(pose, variation(SLS))
    rep = result.reps[1]
    assert rep.measurable
    assert "free_foot_touchdowns" not in rep.metrics
    assert "knee_fppa_deg" in rep.metrics
    assert any("Free foot touching down not measured in rep 2" in w for w in result.warnings)


def test_a_clip_starting_deep_in_a_rep_shows_it_but_does_not_count_it() -> None:
    # The clip starts 0.2 s before the first bottom, past 85 % of the rep's depth
    # (QualityParams.cut_rep_max_fraction): the descent was not filmed.
    series = single_leg_squat_series(n_reps=3, start_offset_s=1.8, seed=1)
    result = analyze(series.pose, variation(SLS))
    assert len(result.reps) == 3
    assert result.rep_count == 2
    assert result.reps[0].partial
    assert not result.reps[0].measurable
    assert any("already under way" in w for w in result.warnings)


def test_a_rep_barely_begun_before_the_clip_is_counted_without_its_duration() -> None:
    series = single_leg_squat_series(n_reps=3, start_offset_s=1.45, seed=1)
    result = analyze(series.pose, variation(SLS))
    assert result.rep_count == 3
    first = result.reps[0]
    assert first.measurable
    assert "rep_duration_s" not in first.metrics
    assert "knee_fppa_deg" in first.metrics
    assert any("began before the clip started" in w for w in result.warnings)


@pytest.mark.parametrize(("end_s", "count"), [(10.6, 2), (11.6, 3)])
def test_a_clip_ending_in_a_rep_counts_it_only_once_its_bottom_was_filmed(
    end_s: float, count: int
) -> None:
    """The third rep (2 s down) bottoms out at 11.0 s: a clip ending at 10.6 s (still going
    down, the lowest point is the last frame) shows it uncounted; one ending at 11.6 s (on the
    way back up) counts it."""
    series = single_leg_squat_series(n_reps=3, descent_s=2.0, seed=1)
    pose = series.pose
    keep = pose.timestamps_s <= end_s
    t, points, vis = pose.timestamps_s[keep], pose.points_px[keep], pose.visibility[keep]
    cut = dataclasses.replace(pose, timestamps_s=t, points_px=points, visibility=vis)
    result = analyze(cut, variation(SLS))
    assert len(result.reps) == 3
    assert result.rep_count == count
    assert result.reps[2].bottom_s == pytest.approx(min(11.0, end_s), abs=0.25)


def test_reps_that_never_return_to_standing_are_counted_and_flagged_touch_and_go() -> None:
    """Two dips to 60 degrees with a rise only to 30 between them (never back to standing):
    two reps, each flagged "not back to the start between reps", none merged."""
    times = make_timestamps(7.0, 30.0, 0.0, np.random.default_rng(0))

    def knee_at(t: float) -> float:
        dips = [(1.0, 60.0), (3.0, 60.0)]
        bump = [depth * math.exp(-(((t - centre - 0.5) / 0.45) ** 2)) for centre, depth in dips]
        between = 30.0 if 1.5 <= t <= 3.5 else 0.0
        return max(*bump, between)

    def draw(t: float) -> FloatArray:
        k = knee_at(t)
        stance = LegPose(0.0, 5.0, 0.55 * k, k)
        free = LegPose(thigh_flexion_deg=35.0, knee_flexion_deg=90.0)
        return frontal_keypoints(Posture("left", stance, free), view="front")

    result = analyze(drawn_pose(times, draw), variation(SLS))
    assert result.rep_count == 2
    assert [r.bottom_s for r in result.reps] == pytest.approx([1.5, 3.5], abs=0.15)
    assert all(TOUCH_AND_GO in r.flags for r in result.reps)
    assert all(0.5 < r.confidence < 1.0 for r in result.reps)
    assert not any("run together" in w for w in result.warnings)


def test_two_leg_squat_knees_caving_is_judged_by_the_knee_to_ankle_ratio() -> None:
    series = double_leg_squat_series(n_reps=3, fppa_deg=[0.0, 10.0, 20.0], corruption=MILD)
    result = analyze(series.pose, variation("squat"), side="left")
    assert [r.side for r in result.reps] == ["both"] * 3
    ratios = [metric_of(r, "knee_to_ankle_width_ratio") for r in result.reps]
    assert ratios[0] == pytest.approx(1.0, abs=0.05)
    assert ratios[0] > ratios[1] > ratios[2]
    assert finding_reps(result, "squat.knee-valgus") == (2, 3)
    assert metric_of(result.reps[2], "knee_fppa_left_deg") == pytest.approx(20.0, abs=1.5)
    assert any("ignored" in w for w in result.warnings)
    assert [s.side for s in result.sides] == ["both"]


def test_two_leg_squat_from_the_side_flags_a_collapsing_chest() -> None:
    series = double_leg_squat_series(n_reps=3, view="side", trunk_flexion_deg=[30, 58, 40])
    result = analyze(series.pose, variation("squat"))
    leans = [metric_of(r, "trunk_forward_lean_deg") for r in result.reps]
    assert leans == pytest.approx([30, 58, 40], abs=1.5)
    assert finding_reps(result, "squat.trunk-collapse") == (2,)
    assert metric_of(result.reps[0], "knee_flexion_deg") == pytest.approx(90.0, abs=1.0)


@pytest.mark.parametrize(("descent_s", "faulty"), [(0.6, True), (2.0, False)])
def test_box_squat_dropping_onto_the_box_is_a_short_rep(descent_s: float, faulty: bool) -> None:
    series = double_leg_squat_series(
        n_reps=2, descent_s=descent_s, pause_s=0.5 if not faulty else 0.0, ascent_s=descent_s
    )
    result = analyze(series.pose, variation("box-squat"))
    assert result.rep_count == 2
    assert bool(finding_reps(result, "box-squat.dropping-onto-box")) is faulty


def test_side_keeps_only_that_legs_reps_and_renumbers_them() -> None:
    sides: list[LegSide] = ["left", "left", "right", "right"]
    series = single_leg_squat_series(n_reps=4, stance_sides=sides, rest_s=1.5, seed=3)
    result = analyze(series.pose, variation(SLS), side="right")
    assert [(r.index, r.side) for r in result.reps] == [(1, "right"), (2, "right")]
    assert result.reps[0].bottom_s == pytest.approx(series.reps[2].bottom_s, abs=0.2)
    assert any("kept only the right reps" in w for w in result.warnings)


def test_wrong_view_for_the_exercise_warns_or_raises_naming_the_view_needed() -> None:
    series = single_leg_squat_series(n_reps=2, view="side")
    result = analyze(series.pose, variation("step-down"))
    message = next(w for w in result.warnings if w.startswith("wrong view"))
    assert "Lateral step-down" in message
    assert "film from the front" in message
    assert result.rep_count == 2  # reps are still counted
    assert {m.view_needed for m in result.not_measured} == {"front"}
    with pytest.raises(AnalysisError, match="film from the front"):
        analyze(series.pose, variation("step-down"), {"quality": {"wrong_view": "error"}})


def test_a_view_that_contradicts_the_keypoints_is_reported() -> None:
    series = single_leg_squat_series(n_reps=2, view="front")
    as_side = analyze(series.pose, variation(SLS), view="side")
    assert as_side.inferred_view == "front"
    assert any("looks filmed from the front" in w for w in as_side.warnings)
    as_back = analyze(series.pose, variation(SLS), view="back")
    assert any("may be swapped" in w for w in as_back.warnings)
    # the signs follow the keypoints, so the stance side and valgus are still right
    assert [r.side for r in as_back.reps] == ["left", "left"]
    assert metric_of(as_back.reps[0], "knee_fppa_deg") == pytest.approx(10.0, abs=0.5)


def test_poor_input_is_reported_as_warnings() -> None:
    series = single_leg_squat_series(n_reps=2, fps=9.0)
    result = analyze(resized(series.pose, (2560, 1920)), variation(SLS))
    assert any("9.0 frames a second" in w for w in result.warnings)
    assert any("fills only 19% of the frame" in w for w in result.warnings)
    assert any("low-pass skipped" in w for w in result.warnings)
    assert result.rep_count == 2


def test_nothing_visible_is_an_error_not_a_result() -> None:
    series = single_leg_squat_series(n_reps=1)
    pose = hide(series.pose, ("left_hip", "right_hip"), 0.0, 100.0)
    with pytest.raises(AnalysisError, match="no hips and shoulders"):
        analyze(pose, variation(SLS))


def test_frame_table_has_the_signal_angles_and_rep_index() -> None:
    series = single_leg_squat_series(n_reps=2, corruption=Corruption(noise_px=0.5))
    result = analyze(series.pose, variation(SLS))
    frames = result.frames
    assert frames is not None
    assert frames.names[0] == "signal_hip_descent_ratio"
    assert {"knee_fppa_left_deg", "pelvic_drop_deg", "rep_index"} <= set(frames.names)
    index = frames.column("rep_index")
    assert set(np.unique(index)) == {0.0, 1.0, 2.0}
    rows = list(frames.rows())
    assert len(rows) == series.pose.n_frames
    assert len(rows[0]) == len(frames.names) + 1


def test_side_view_with_the_far_leg_hidden_measures_the_near_leg_quietly() -> None:
    series = double_leg_squat_series(n_reps=2, view="side", corruption=MILD)
    far = ("right_hip", "right_knee", "right_ankle", "right_heel", "right_foot_index")
    result = analyze(hide(series.pose, far, 0.0, 100.0), variation("squat"))
    assert result.rep_count == 2
    assert all(r.measurable for r in result.reps)
    assert metric_of(result.reps[0], "knee_flexion_deg") == pytest.approx(90.0, abs=1.5)
    assert not any("hidden or out of frame" in w for w in result.warnings)
    front = analyze(
        hide(double_leg_squat_series(n_reps=2).pose, far[1:], 0.0, 100.0), variation("squat")
    )
    assert any("right knee is hidden or out of frame in 100%" in w for w in front.warnings)


def test_joints_seen_only_in_short_stretches_are_named_once() -> None:
    series = single_leg_squat_series(n_reps=3, stance_sides="right", seed=2)
    assert not any("short stretches" in w or "stretches under" in w
                   for w in analyze(series.pose, variation(SLS)).warnings)  # fmt: skip
    # The left knee disappears around a brief glimpse: too short for the 6 Hz low-pass.
    t = series.pose.timestamps_s
    pose = hide(series.pose, ("left_knee",), float(t[20]), float(t[40]))
    pose = hide(pose, ("left_knee",), float(t[48]), float(t[70]))
    notes = [w for w in analyze(pose, variation(SLS)).warnings if "stretches under" in w]
    assert len(notes) == 1
    assert notes[0].startswith("in places the left knee was seen only in stretches under")


def test_a_floor_exercise_checked_as_a_squat_says_so() -> None:
    """SYNTHETIC: a clam (body lying across the picture) analysed as a single-leg squat."""
    from tests.analysis import floor_poses as fp
    from tests.analysis.pipeline_support import drawn_pose

    times = np.arange(0.0, 12.0, 1.0 / 15.0)
    lying = drawn_pose(times, fp.clam(lambda t: 30.0 * max(0.0, math.sin(t))))
    with pytest.raises(AnalysisError, match="lies flat in 100% of the clip"):
        analyze(lying, variation(SLS))


def test_lying_frames_in_a_standing_clip_are_left_out_not_counted() -> None:
    """SYNTHETIC: the runner lies down for a while between single-leg squats."""
    from tests.analysis import floor_poses as fp

    series = single_leg_squat_series(n_reps=4, stance_sides="right", seed=2)
    t = series.pose.timestamps_s
    gap = (t > series.reps[1].end_s + 0.1) & (t < series.reps[2].start_s - 0.1)
    points = series.pose.points_px.copy()
    points[gap] = np.stack([fp.clam(lambda _t: 0.0)(float(x)) for x in t[gap]])
    pose = series.pose.with_points(points, series.pose.visibility)
    result = analyze(pose, variation(SLS))
    assert result.rep_count == 4
    # the figure drops to the floor in one frame: left out as a jump (subject.drop_jumps) or,
    # where it stays put, as lying flat (posture.keep_upright); either way said and not counted
    left_out = ("with the person lying flat", "jumped to another place")
    assert any(phrase in w for w in result.warnings for phrase in left_out)
