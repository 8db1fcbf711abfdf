"""``analyze`` on the hip hitch family, from SYNTHETIC keypoint series only.

No real clip of a hip hitch exists in ../shared/data, so every series here is drawn with the
parametric skeleton (``glutecoach.analysis.synthetic.hip_hitch_series``): the pelvic drop and
hike, trunk lean and stance knee bend of each rep are known, so each fault can be injected and
must be found, and each measured angle compared with the truth.
"""

from __future__ import annotations

import pytest

from glutecoach.analysis.pipeline import analyze
from glutecoach.analysis.synthetic import hip_hitch_series
from glutecoach.domain.pose import FrontalView, LegSide
from tests.analysis.pipeline_support import MILD, finding_reps, metric_of, variation


@pytest.mark.parametrize("view", ["front", "back"])
@pytest.mark.parametrize("stance", ["left", "right"])
def test_step_hip_hitch_reps_and_pelvic_angles(view: FrontalView, stance: LegSide) -> None:
    drops = [6.0, 9.0, 7.0, 10.0]
    series = hip_hitch_series(
        n_reps=4, stance_side=stance, view=view, drop_deg=drops, hike_deg=6.0,
        corruption=MILD, seed=2,
    )  # fmt: skip
    result = analyze(series.pose, variation("hip-hitch"))
    assert result.family == "hip-hitch"
    assert result.rep_count == 4
    assert [r.side for r in result.reps] == [stance] * 4
    # the skeleton's hip width is 52 px, so 0.5 px of noise tilts the pelvis line by ~0.5 deg
    for rep, true, drop in zip(result.reps, series.reps, drops, strict=True):
        assert rep.bottom_s == pytest.approx(true.bottom_s, abs=0.2)
        assert metric_of(rep, "pelvic_drop_deg") == pytest.approx(drop, abs=1.5)
        assert metric_of(rep, "hip_hike_deg") == pytest.approx(6.0, abs=1.5)
        assert metric_of(rep, "pelvic_range_deg") == pytest.approx(drop + 6.0, abs=1.5)
        assert metric_of(rep, "rep_duration_s") == pytest.approx(2.0, abs=0.5)
    assert result.faults == ()


@pytest.mark.parametrize(("hike_deg", "faulty"), [(2.0, True), (8.0, False)])
def test_not_lifting_above_level_is_an_incomplete_lift(hike_deg: float, faulty: bool) -> None:
    series = hip_hitch_series(n_reps=3, hike_deg=hike_deg, corruption=MILD, seed=5)
    result = analyze(series.pose, variation("hip-hitch"))
    for rep in result.reps:
        assert metric_of(rep, "hip_hike_deg") == pytest.approx(hike_deg, abs=1.0)
    expected = (1, 2, 3) if faulty else ()
    assert finding_reps(result, "hip-hitch.incomplete-lift") == expected


@pytest.mark.parametrize(("lean_deg", "faulty"), [(12.0, True), (0.0, False)])
def test_side_bending_the_trunk_to_lift_the_hip(lean_deg: float, faulty: bool) -> None:
    series = hip_hitch_series(n_reps=3, view="back", trunk_lean_deg=lean_deg, corruption=MILD)
    result = analyze(series.pose, variation("hip-hitch"))
    for rep in result.reps:
        assert metric_of(rep, "trunk_lean_deg") == pytest.approx(lean_deg, abs=1.0)
    assert finding_reps(result, "hip-hitch.trunk-side-bend") == ((1, 2, 3) if faulty else ())
    missing = {m.mistake_id: m for m in result.not_measured}
    assert missing["hip-hitch.stance-knee-bend"].view_needed == "side"


def test_a_clip_that_changes_the_stance_leg_labels_each_rep() -> None:
    sides: list[LegSide] = ["left", "left", "right", "right"]
    series = hip_hitch_series(n_reps=4, stance_side=sides, corruption=MILD, seed=7)
    result = analyze(series.pose, variation("hip-hitch"))
    assert [r.side for r in result.reps] == sides
    assert [s.side for s in result.sides] == ["left", "right"]
    drop = next(c for c in result.comparison if c.metric == "pelvic_drop_deg")
    assert drop.noise_floor is None  # the hip hitch's pelvic mistakes judge hike, not drop
    hike = next(c for c in result.comparison if c.metric == "hip_hike_deg")
    assert hike.noise_floor == 2.8
    assert hike.beyond_noise_floor is False


@pytest.mark.parametrize(("bend_deg", "faulty"), [(22.0, True), (5.0, False)])
def test_side_view_catches_the_stance_knee_bending(bend_deg: float, faulty: bool) -> None:
    series = hip_hitch_series(
        n_reps=3, view="side", stance_knee_bend_deg=bend_deg, corruption=MILD, seed=1
    )
    result = analyze(series.pose, variation("hip-hitch"))
    assert result.view == "side"
    assert result.rep_count == 3
    for rep in result.reps:
        assert metric_of(rep, "knee_flexion_deg") == pytest.approx(bend_deg, abs=1.5)
    assert finding_reps(result, "hip-hitch.stance-knee-bend") == ((1, 2, 3) if faulty else ())
    needed = {m.mistake_id: m.view_needed for m in result.not_measured}
    assert needed["hip-hitch.trunk-side-bend"] == "back"


def test_floor_hip_hitch_reps_are_lifts_from_level() -> None:
    series = hip_hitch_series(n_reps=4, hike_deg=0.0, drop_deg=-7.0, corruption=MILD, seed=3)
    result = analyze(series.pose, variation("floor-hip-hitch"))
    assert result.rep_count == 4
    for rep, true in zip(result.reps, series.reps, strict=True):
        assert rep.bottom_s == pytest.approx(true.bottom_s, abs=0.2)
        assert metric_of(rep, "hip_hike_deg") == pytest.approx(7.0, abs=1.0)
        assert metric_of(rep, "pelvic_drop_deg") == pytest.approx(0.0, abs=1.0)


@pytest.mark.parametrize(("lower_s", "faulty"), [(1.0, True), (3.5, False)])
def test_weighted_hip_hitch_dropping_too_fast(lower_s: float, faulty: bool) -> None:
    """A rep is timed from leaving to regaining rest (within 5% of its range), so a smooth
    rep reads about 15% shorter than the whole eased movement."""
    series = hip_hitch_series(n_reps=3, lower_s=lower_s, raise_s=1.5, rest_s=1.5, seed=4)
    result = analyze(series.pose, variation("weighted-hip-hitch"))
    assert result.rep_count == 3
    for rep in result.reps:
        assert metric_of(rep, "lowering_s") == pytest.approx(0.85 * lower_s, abs=0.3)
        assert metric_of(rep, "rep_duration_s") == pytest.approx(0.85 * (lower_s + 1.5), abs=0.4)
    assert finding_reps(result, "weighted-hip-hitch.fast-lowering") == ((1, 2, 3) if faulty else ())


def test_standing_still_on_the_step_gives_no_reps_and_says_so() -> None:
    series = hip_hitch_series(n_reps=0, lead_in_s=8.0, corruption=MILD, seed=1)
    result = analyze(series.pose, variation("hip-hitch"))
    assert result.reps == ()
    assert any(w.startswith("no reps were found") for w in result.warnings)
    assert {m.reason for m in result.not_measured if m.metric == "trunk_lean_deg"} == {
        "no measurable rep or hold to check it on"
    }
