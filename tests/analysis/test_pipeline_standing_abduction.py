"""Standing hip abduction on SYNTHETIC keypoints drawn with the parametric skeleton (no real
clip of it exists in ../shared/data): lifts of known size to the side, on each leg, with a
known hip hike and trunk lean; the same lifts seen from the side with a known forward swing.
The truth is what the skeleton was given, never what the analysis returned."""

from __future__ import annotations

import numpy as np
import pytest

from glutecoach.analysis.pipeline import analyze
from glutecoach.analysis.synthetic import LegPose, Posture, frontal_keypoints, side_keypoints
from glutecoach.domain.pose import FloatArray, LegSide
from tests.analysis import floor_poses as fp
from tests.analysis.pipeline_support import drawn_pose, variation

TIMES = np.arange(0.0, 16.0, 1.0 / 15.0)
STARTS = (1.0, 4.5, 8.0, 11.5)
LIFTING: tuple[LegSide, ...] = ("right", "right", "left", "left")


def _lift(t: float, k: int, peak: float = 1.0) -> float:
    return fp.ramp_rep(t, STARTS[k], 1.0, 1.0, 1.5, peak)


def _posture(t: float, lift_deg: float, hike_deg: float, lean_deg: float, swing: float) -> Posture:
    k = int(np.searchsorted(STARTS, t, side="right")) - 1
    u = _lift(t, k) if k >= 0 else 0.0
    lifting = LIFTING[max(k, 0)]
    stance: LegSide = "left" if lifting == "right" else "right"
    free = LegPose(hip_abduction_deg=lift_deg * u, thigh_flexion_deg=swing * u)
    legs = {lifting: free, stance: LegPose()}
    return Posture(stance, legs["left"], legs["right"], pelvic_drop_deg=-hike_deg * u,
                   trunk_lean_deg=-lean_deg * u)  # fmt: skip


def _front(lift_deg: float, hike_deg: float = 0.0, lean_deg: float = 0.0):
    def draw(t: float) -> FloatArray:
        return frontal_keypoints(_posture(t, lift_deg, hike_deg, lean_deg, 0.0), view="front")

    return draw


@pytest.mark.parametrize(
    "variation_id", ["standing-hip-abduction", "standing-banded-hip-abduction"]
)
def test_lifts_counted_per_leg_with_their_height(variation_id: str) -> None:
    pose = fp.noisy(drawn_pose(TIMES, _front(25.0)), 0.8, seed=1)
    result = analyze(pose, variation(variation_id))
    assert result.view == "front"
    assert result.rep_count == 4
    assert [r.side for r in result.reps] == list(LIFTING)
    for rep in result.reps:
        assert rep.metrics["hip_abduction_deg"] == pytest.approx(25.0, abs=3.0)
        assert rep.metrics["hip_hike_deg"] == pytest.approx(0.0, abs=2.0)
    assert not result.faults


def test_hip_hike_and_trunk_lean_are_mistakes() -> None:
    pose = fp.noisy(drawn_pose(TIMES, _front(20.0, hike_deg=12.0, lean_deg=14.0)), 0.8, seed=2)
    result = analyze(pose, variation("standing-hip-abduction"))
    assert result.rep_count == 4
    for rep in result.reps:
        assert rep.metrics["hip_hike_deg"] == pytest.approx(12.0, abs=2.5)
        assert rep.metrics["trunk_lean_deg"] == pytest.approx(14.0, abs=3.0)
    found = {f.mistake_id for f in result.faults}
    assert {"standing-hip-abduction.hip-hikes", "standing-hip-abduction.trunk-leans"} <= found


def test_small_sway_while_standing_is_not_a_rep() -> None:
    pose = fp.noisy(drawn_pose(TIMES, _front(3.0)), 0.8, seed=3)
    result = analyze(pose, variation("standing-hip-abduction"))
    assert result.rep_count == 0


def test_from_the_side_a_leg_swinging_forward_is_seen() -> None:
    """From the side the lift itself is out of the picture plane, but the foot rises and a
    thigh swinging 20 degrees forward is the "leg swings forward" mistake."""

    def draw(t: float) -> FloatArray:
        posture = _posture(t, 25.0, 0.0, 0.0, 20.0)
        k = int(np.searchsorted(STARTS, t, side="right")) - 1
        u = _lift(t, k) if k >= 0 else 0.0
        lifting = LIFTING[max(k, 0)]
        bent = LegPose(thigh_flexion_deg=20.0 * u, knee_flexion_deg=0.0)
        lifted = Posture(posture.stance_side, **{lifting: bent})  # type: ignore[arg-type]
        pts = side_keypoints(lifted)
        ankle = 27 if lifting == "left" else 28
        pts[ankle, 1] -= 40.0 * u  # the foot rises off the floor as the leg goes out
        return pts

    result = analyze(fp.noisy(drawn_pose(TIMES, draw), 0.5, seed=5), variation(
        "standing-hip-abduction"), view="side")  # fmt: skip
    assert result.rep_count == 4
    for rep in result.reps:
        assert rep.metrics["hip_flexion_drift_deg"] == pytest.approx(20.0, abs=4.0)
    assert "standing-hip-abduction.leg-swings-forward" in {f.mistake_id for f in result.faults}
