"""Single-leg deadlift on SYNTHETIC keypoints drawn with the parametric skeleton (no real clip
of it exists in ../shared/data): hinges of known depth on alternating legs, the free leg
reaching back, seen from the side and from the front; a known stance-knee valgus, and a free
foot put down mid-rep. The truth is what the skeleton was given."""

from __future__ import annotations

import numpy as np
import pytest

from glutecoach.analysis.pipeline import analyze
from glutecoach.analysis.synthetic import LegPose, Posture, frontal_keypoints, side_keypoints
from glutecoach.domain.pose import FloatArray, LegSide
from tests.analysis import floor_poses as fp
from tests.analysis.pipeline_support import drawn_pose, variation

TIMES = np.arange(0.0, 17.0, 1.0 / 15.0)
STARTS = (1.0, 5.0, 9.0, 13.0)
STANCE: tuple[LegSide, ...] = ("left", "left", "right", "right")


def _draw(view: str, hinge: float, fppa: float = 0.0, foot_down_rep: int | None = None):
    def draw(t: float) -> FloatArray:
        k = max(int(np.searchsorted(STARTS, t, side="right")) - 1, 0)
        u = fp.ramp_rep(t, STARTS[k], 1.2, 0.6, 1.2, 1.0)
        stance = STANCE[k]
        down = foot_down_rep == k and u > 0.9
        free = LegPose(thigh_flexion_deg=0.0 if down else -hinge * u, knee_flexion_deg=10.0 * u)
        planted = LegPose(fppa_deg=fppa * u, thigh_flexion_deg=15.0 * u, knee_flexion_deg=20 * u)
        legs = {stance: planted, ("right" if stance == "left" else "left"): free}
        posture = Posture(stance, legs["left"], legs["right"], trunk_flexion_deg=hinge * u)
        return (
            side_keypoints(posture) if view == "side" else frontal_keypoints(posture, view="front")
        )

    return draw


@pytest.mark.parametrize("view", ["side", "front"])
def test_hinges_counted_on_each_leg_with_their_depth(view: str) -> None:
    pose = fp.noisy(drawn_pose(TIMES, _draw(view, 70.0)), 0.6, seed=7)
    result = analyze(pose, variation("single-leg-deadlift"), view=view)
    assert result.rep_count == 4
    assert [r.side for r in result.reps] == list(STANCE)
    for rep in result.reps:
        assert rep.metrics["hip_hinge_deg"] == pytest.approx(70.0, abs=10.0)
        assert rep.metrics["free_foot_touchdowns"] == 0


def test_stance_knee_valgus_seen_from_the_front() -> None:
    pose = fp.noisy(drawn_pose(TIMES, _draw("front", 60.0, fppa=18.0)), 0.6, seed=8)
    result = analyze(pose, variation("loaded-single-leg-deadlift"), view="front")
    assert result.rep_count == 4
    assert "loaded-single-leg-deadlift.knee-valgus" in {f.mistake_id for f in result.faults}


def test_a_free_foot_put_down_is_a_loss_of_balance() -> None:
    pose = fp.noisy(drawn_pose(TIMES, _draw("side", 70.0, foot_down_rep=1)), 0.6, seed=9)
    result = analyze(pose, variation("single-leg-deadlift"), view="side")
    assert [r.metrics.get("free_foot_touchdowns") for r in result.reps] == [0, 1, 0, 0]
    assert "single-leg-deadlift.loss-of-balance" in {f.mistake_id for f in result.faults}


def test_swaying_while_standing_on_one_leg_is_not_a_rep() -> None:
    pose = fp.noisy(drawn_pose(TIMES, _draw("side", 8.0)), 0.6, seed=10)
    assert analyze(pose, variation("single-leg-deadlift"), view="side").rep_count == 0
