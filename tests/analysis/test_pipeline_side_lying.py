"""Side-lying hip abduction on SYNTHETIC keypoints (``floor_poses.side_lying``): reps with a
known lift, set-up while standing and a cut to another scale that must not count, and injected
hip hike and forward drift (the leg foreshortened at the top)."""

from __future__ import annotations

import math

import numpy as np
import pytest

from glutecoach.analysis.pipeline import analyze
from glutecoach.domain.pose import PoseSequence
from tests.analysis import floor_poses as fp
from tests.analysis.pipeline_support import drawn_pose, hide, variation

TIMES = np.arange(0.0, 24.0, 1.0 / 15.0)
STARTS = (4.0, 10.0, 16.0)  # each rep: 1 s up, 1.5 s held, 2 s down


def _lift(t: float) -> float:
    return sum(fp.ramp_rep(t, s, 1.0, 1.5, 2.0, 30.0) for s in STARTS)


def _pose(**faults: fp.Profile) -> PoseSequence:
    lying = fp.side_lying(_lift, **faults)

    def draw(t: float) -> np.ndarray:
        if t < 2.5:  # set-up: standing and talking
            return fp.standing(t)
        if t > 22.0:  # cut to a close-up: twice the size, leg waving
            return lying(t) * 2.0 - 300.0
        return lying(t)

    return drawn_pose(TIMES, draw)


def test_counts_three_lifts_of_the_top_leg_with_their_range() -> None:
    result = analyze(_pose(), variation("side-lying-hip-abduction"))
    assert result.view == "front"
    assert result.rep_count == 3
    assert [r.side for r in result.reps] == ["right"] * 3
    assert [r.bottom_s for r in result.reps] == pytest.approx([s + 1.75 for s in STARTS], abs=0.5)
    for rep in result.reps:
        assert rep.metrics["hip_abduction_deg"] == pytest.approx(30.0, abs=2.0)
        assert rep.metrics["top_hold_s"] == pytest.approx(1.5, abs=0.5)
        assert rep.metrics["hip_flexion_drift_deg"] < 5.0
        assert abs(rep.metrics["hip_hike_deg"]) < 2.0
    assert not result.faults


def test_hip_hike_and_forward_drift_are_faults() -> None:
    def hike(t: float) -> float:
        return _lift(t) / 30.0 * 12.0  # top hip 12 px toward the head at the top

    def shorten(t: float) -> float:
        return math.cos(math.radians(_lift(t) / 30.0 * 20.0))  # leg 20 deg toward the camera

    result = analyze(_pose(hike_px=hike, shorten=shorten), variation("side-lying-hip-abduction"))
    assert result.rep_count == 3
    rep = result.reps[0]
    assert rep.metrics["hip_hike_deg"] == pytest.approx(math.degrees(math.atan(12 / 50)), abs=2.0)
    assert rep.metrics["hip_flexion_drift_deg"] == pytest.approx(20.0, abs=3.0)
    found = {f.mistake_id for f in result.faults}
    assert found >= {"side-lying-hip-abduction.hip-hikes",
                     "side-lying-hip-abduction.leg-drifts-forward"}  # fmt: skip
    not_measured = {m.mistake_id: m.reason for m in result.not_measured}
    assert "pelvis roll" in not_measured["side-lying-hip-abduction.trunk-rolls-back"]


def test_survives_pose_noise() -> None:
    noisy = fp.noisy(_pose(), 0.7, seed=3)
    result = analyze(noisy, variation("side-lying-hip-abduction"))
    assert result.rep_count == 3


def test_a_hidden_top_ankle_makes_the_rep_not_measurable() -> None:
    pose = hide(_pose(), ("right_ankle",), 11.0, 12.3)  # the top of rep 2
    result = analyze(pose, variation("side-lying-hip-abduction"))
    assert len(result.reps) == 3
    assert [r.measurable for r in result.reps] == [True, False, True]
    assert result.reps[1].reason
