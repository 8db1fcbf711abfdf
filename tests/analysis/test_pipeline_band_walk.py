"""``analyze`` on the lateral band walk family, from SYNTHETIC keypoint series only.

No real clip of a band walk exists in ../shared/data, so every series here is drawn with the
parametric skeleton (``glutecoach.analysis.synthetic.band_walk_series`` for front and back
views, a hand-drawn side view below): the steps, their directions, the knee valgus, trunk sway
and squat depth are known, so each fault can be injected and must be found.
"""

from __future__ import annotations

import numpy as np
import pytest

from glutecoach.analysis.pipeline import analyze
from glutecoach.analysis.skeleton_model import LegPose, Posture, side_keypoints
from glutecoach.analysis.synthetic import band_walk_series, make_timestamps
from glutecoach.domain.pose import FloatArray, FrontalView, LegSide
from tests.analysis.pipeline_support import (
    HEAVY,
    MILD,
    drawn_pose,
    finding_reps,
    metric_of,
    variation,
)

LEFT: LegSide = "left"
RIGHT: LegSide = "right"


@pytest.mark.parametrize("view", ["front", "back"])
def test_steps_are_counted_per_direction(view: FrontalView) -> None:
    directions = [LEFT] * 6 + [RIGHT] * 4
    series = band_walk_series(directions=directions, view=view, corruption=MILD, seed=2)
    result = analyze(series.pose, variation("lateral-band-walk"))
    assert [r.side for r in result.reps] == directions
    counts = {s.side: s.reps for s in result.sides}
    assert counts == {"left": 6, "right": 4}
    for got, true in zip(result.reps, series.reps, strict=True):
        assert true.start_s - 0.1 <= got.bottom_s <= true.end_s + 0.1
    assert result.faults == ()


def test_steps_survive_heavy_noise() -> None:
    directions = [LEFT] * 4 + [RIGHT] * 4
    series = band_walk_series(directions=directions, corruption=HEAVY, seed=8)
    result = analyze(series.pose, variation("band-walk-feet-squat"))
    assert [r.side for r in result.reps] == directions


def test_knee_valgus_and_trunk_sway_are_found_on_every_step() -> None:
    series = band_walk_series(
        directions=[LEFT] * 3 + [RIGHT] * 3, knee_fppa_deg=16.0, trunk_sway_deg=11.0,
        corruption=MILD, seed=3,
    )  # fmt: skip
    result = analyze(series.pose, variation("lateral-band-walk"))
    assert result.rep_count == 6
    for rep in result.reps:
        assert metric_of(rep, "knee_fppa_deg") == pytest.approx(16.0, abs=1.0)
        assert metric_of(rep, "trunk_lean_deg") == pytest.approx(11.0, abs=1.0)
        assert metric_of(rep, "knee_to_ankle_width_ratio") < 0.8
    steps = (1, 2, 3, 4, 5, 6)
    assert finding_reps(result, "lateral-band-walk.knee-valgus") == steps
    assert finding_reps(result, "lateral-band-walk.trunk-sway") == steps


def test_clean_walk_has_no_valgus_or_sway() -> None:
    series = band_walk_series(directions=[LEFT] * 3, corruption=MILD, seed=3)
    result = analyze(series.pose, variation("lateral-band-walk"))
    for rep in result.reps:
        assert metric_of(rep, "knee_fppa_deg") == pytest.approx(0.0, abs=1.0)
        assert metric_of(rep, "trunk_lean_deg") == pytest.approx(0.0, abs=1.0)


def test_small_steps_and_a_slack_band() -> None:
    """Feet drawn together to 0.6 hip widths between steps that open them to only ~1.3."""
    series = band_walk_series(
        directions=[LEFT] * 4, rest_abduction_deg=-4.0, step_abduction_deg=4.0, seed=1
    )
    result = analyze(series.pose, variation("lateral-band-walk"))
    assert result.rep_count == 4
    for rep in result.reps:
        assert metric_of(rep, "step_width_ratio") < 1.5
        assert metric_of(rep, "feet_separation_ratio") < 0.8
    assert finding_reps(result, "lateral-band-walk.narrow-steps") == (1, 2, 3, 4)
    assert finding_reps(result, "lateral-band-walk.band-slack") == (1, 2, 3, 4)
    wide = analyze(band_walk_series(directions=[LEFT] * 4, seed=1).pose,
                   variation("lateral-band-walk"))  # fmt: skip
    assert wide.faults == ()


def test_from_the_side_the_walk_is_one_hold_checked_for_squat_depth() -> None:
    """Side view drawn by hand: knees bent 30 deg for 4 s, then nearly straight (10 deg)."""
    times = make_timestamps(8.0, 30.0, 0.0, np.random.default_rng(0))

    def draw(t: float) -> FloatArray:
        knee = 30.0 if t < 4.0 else 10.0
        leg = LegPose(0.0, 0.0, 0.55 * knee, knee)
        return side_keypoints(Posture("left", leg, leg, trunk_flexion_deg=10.0))

    result = analyze(drawn_pose(times, draw), variation("lateral-band-walk"))
    assert result.view == "side"
    assert result.reps == ()
    (hold,) = result.holds
    assert hold.side == "both"
    assert hold.duration_s == pytest.approx(8.0, abs=0.1)
    assert hold.good_alignment_s == pytest.approx(4.0, abs=0.2)
    assert metric_of(hold, "knee_flexion_deg") == pytest.approx(10.0, abs=0.5)
    finding = next(f for f in result.faults if f.mistake_id.endswith("rising-out-of-squat"))
    assert finding.holds == (1,)
    assert finding.reps == ()
    assert any("steps cannot be counted from the side" in w for w in result.warnings)
    needed = {m.mistake_id: m.view_needed for m in result.not_measured}
    assert needed["lateral-band-walk.knee-valgus"] == "front"


def test_standing_still_gives_no_steps() -> None:
    series = band_walk_series(directions=[], lead_in_s=4.0, corruption=MILD, seed=1)
    result = analyze(series.pose, variation("lateral-band-walk"))
    assert result.reps == ()
    assert any(w.startswith("no reps were found") for w in result.warnings)
