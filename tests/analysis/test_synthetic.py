"""The synthetic series: deterministic, corrupted as asked, and carrying the truth they claim.

These series stand in for real clips in the analysis tests (no real hip-hitch or band-walk
clip exists), so their own truth is checked here against the angle functions.
"""

from __future__ import annotations

import numpy as np
import pytest

from glutecoach.analysis import angles as ang
from glutecoach.analysis.synthetic import (
    Corruption,
    band_walk_series,
    hip_hitch_series,
    single_leg_squat_series,
)
from glutecoach.domain.pose import FrontalView, LegSide, PoseSequence
from glutecoach.errors import AnalysisError

CORRUPT = Corruption(noise_px=1.0, dropout_fraction=0.05, spike_fraction=0.01, frame_jitter=0.3)


def test_same_seed_same_series_other_seed_differs() -> None:
    a = single_leg_squat_series(n_reps=2, corruption=CORRUPT, seed=42)
    b = single_leg_squat_series(n_reps=2, corruption=CORRUPT, seed=42)
    c = single_leg_squat_series(n_reps=2, corruption=CORRUPT, seed=43)
    np.testing.assert_array_equal(a.pose.points_px, b.pose.points_px)
    np.testing.assert_array_equal(a.pose.timestamps_s, b.pose.timestamps_s)
    assert not np.array_equal(a.pose.timestamps_s, c.pose.timestamps_s)


def test_corruption_is_applied() -> None:
    clean = single_leg_squat_series(n_reps=2, seed=1)
    bad = single_leg_squat_series(n_reps=2, corruption=CORRUPT, seed=1)
    dt = np.diff(bad.pose.timestamps_s)
    assert dt.min() < 0.8 / 30  # variable frame timing
    assert dt.max() > 1.2 / 30
    np.testing.assert_allclose(np.diff(clean.pose.timestamps_s), 1 / 30)
    dropped = (bad.pose.visibility == 0).all(axis=1)
    assert 0.01 < dropped.mean() < 0.12
    assert np.isnan(bad.pose.points_px[dropped]).all()


@pytest.mark.parametrize("view", ["front", "back"])
@pytest.mark.parametrize("stance", ["left", "right"])
def test_squat_series_angles_match_truth(view: FrontalView, stance: LegSide) -> None:
    series = single_leg_squat_series(
        n_reps=3, stance_sides=stance, view=view,
        fppa_deg=[5, 18, -6], pelvic_drop_deg=[2, 7, -3], trunk_lean_deg=[4, -2, 8],
    )  # fmt: skip
    pose, truth = series.pose, series.truth
    fppa = ang.knee_fppa(
        pose.point(f"{stance}_hip"), pose.point(f"{stance}_knee"), pose.point(f"{stance}_ankle"),
        side=stance, view=view,
    )  # fmt: skip
    np.testing.assert_allclose(fppa, truth["stance_knee_fppa_deg"], atol=0.5)
    assert np.max(truth["stance_knee_fppa_deg"]) == pytest.approx(18.0, abs=0.01)
    drop = ang.pelvic_drop(
        pose.point("left_hip"),
        pose.point("right_hip"),
        stance_side=stance,
        view=view,
    )
    np.testing.assert_allclose(drop, truth["pelvic_drop_deg"], atol=0.5)
    assert np.max(truth["pelvic_drop_deg"]) == pytest.approx(7.0, abs=0.01)


def test_side_view_squat_depth_matches_truth() -> None:
    series = single_leg_squat_series(n_reps=3, view="side", depth_deg=[40, 80, 100])
    pose = series.pose
    knee = ang.knee_flexion_proxy(
        pose.point("left_hip"), pose.point("left_knee"), pose.point("left_ankle")
    )
    np.testing.assert_allclose(knee, series.truth["stance_knee_flexion_deg"], atol=0.5)
    assert np.max(knee) == pytest.approx(100.0, abs=0.5)


def test_squat_stance_foot_stays_planted() -> None:
    series = single_leg_squat_series(n_reps=2, view="front", fppa_deg=15, pelvic_drop_deg=6)
    ankle = series.pose.point("left_ankle")
    np.testing.assert_allclose(ankle, np.broadcast_to(ankle[0], ankle.shape), atol=1e-9)
    free = series.pose.point("right_ankle")
    assert (free[:, 1] < ankle[:, 1] - 10).all()  # the free foot is off the floor (y is down)


def test_partial_first_rep_is_marked_in_the_truth() -> None:
    series = single_leg_squat_series(n_reps=3, lead_in_s=1.0, start_offset_s=1.5)
    assert [r.partial for r in series.reps] == [True, False, False]
    assert series.reps[0].start_s == 0.0
    assert series.truth["stance_knee_flexion_deg"][0] > 10  # the clip opens mid-descent


@pytest.mark.parametrize("view", ["front", "back"])
def test_hip_hitch_truth(view: FrontalView) -> None:
    series = hip_hitch_series(
        n_reps=3,
        stance_side="right",
        view=view,
        drop_deg=[6, 9, 12],
        hike_deg=5,
        trunk_lean_deg=4,
    )
    pose = series.pose
    drop = ang.pelvic_drop(
        pose.point("left_hip"),
        pose.point("right_hip"),
        stance_side="right",
        view=view,
    )
    np.testing.assert_allclose(drop, series.truth["pelvic_drop_deg"], atol=0.5)
    assert np.max(drop) == pytest.approx(12.0, abs=0.5)
    assert np.min(drop) == pytest.approx(-5.0, abs=0.5)
    lean = ang.trunk_lean(
        pose.point("left_hip"), pose.point("right_hip"),
        pose.point("left_shoulder"), pose.point("right_shoulder"),
        stance_side="right", view=view,
    )  # fmt: skip
    np.testing.assert_allclose(lean, series.truth["trunk_lean_deg"], atol=0.5)
    knee = ang.knee_flexion_proxy(
        pose.point("right_hip"), pose.point("right_knee"), pose.point("right_ankle")
    )
    assert np.max(knee) < 0.5  # stance knee straight


def lateral_travel(pose: PoseSequence) -> float:
    mid = ang.midpoint(pose.point("left_hip"), pose.point("right_hip"))
    return float(mid[-1, 0] - mid[0, 0])


def test_band_walk_travels_toward_the_stepping_side() -> None:
    left = band_walk_series(directions=["left"] * 4, view="front")
    assert lateral_travel(left.pose) > 50  # the person's left is screen right from the front
    back = band_walk_series(directions=["left"] * 4, view="back")
    assert lateral_travel(back.pose) < -50
    there: list[LegSide] = ["left", "left", "left", "right", "right", "right"]
    there_and_back = band_walk_series(directions=there, view="front")
    assert abs(lateral_travel(there_and_back.pose)) < 1e-6
    assert [r.side for r in there_and_back.reps] == there
    lead = there_and_back.truth["lead_hip_abduction_deg"]
    assert np.max(lead) == pytest.approx(18.0, abs=0.1)


def test_band_walk_hip_abduction_of_leading_leg() -> None:
    series = band_walk_series(directions=["right"] * 3, view="back")
    pose = series.pose
    abd = ang.hip_abduction(
        pose.point("left_hip"), pose.point("right_hip"), pose.point("right_knee"),
        side="right", view="back",
    )  # fmt: skip
    np.testing.assert_allclose(abd, series.truth["lead_hip_abduction_deg"], atol=0.5)


def test_builders_check_their_arguments() -> None:
    with pytest.raises(AnalysisError, match="3 values for 2 reps"):
        single_leg_squat_series(n_reps=2, depth_deg=[1, 2, 3])
    with pytest.raises(AnalysisError, match="stance_sides"):
        single_leg_squat_series(n_reps=2, stance_sides=["left"])
