"""Side plank on SYNTHETIC keypoints (``floor_poses.side_plank``): lying propped on the
forearm, up into a hold of known length, then down; hips sagging late in the hold; a cut to a
close-up that must not extend the hold; a top-leg abduction version with reps."""

from __future__ import annotations

import math

import numpy as np
import pytest

from glutecoach.analysis.pipeline import analyze
from glutecoach.analysis.skeleton import BLAZEPOSE_33
from glutecoach.domain.pose import PoseSequence
from tests.analysis import floor_poses as fp
from tests.analysis.pipeline_support import drawn_pose, variation

TIMES = np.arange(0.0, 18.0, 1.0 / 15.0)
UP, DOWN = 2.0, 12.0  # lifted over 0.5 s from 2.0, lowered over 0.5 s from 12.0
LYING_SAG = 30.0


def _sag(late_sag: float) -> fp.Profile:
    def sag(t: float) -> float:
        if t < UP:
            return LYING_SAG
        if t < UP + 0.5:
            return LYING_SAG * (1 - (t - UP) / 0.5)
        if t < DOWN:
            return max(0.0, late_sag * (t - 8.0) / 4.0)  # sinks from 8 s on
        if t < DOWN + 0.5:
            return LYING_SAG * (t - DOWN) / 0.5
        return LYING_SAG

    return sag


def _pose(late_sag: float = 0.0, cut_at: float | None = None) -> PoseSequence:
    plank = fp.side_plank(_sag(late_sag))

    def draw(t: float) -> np.ndarray:
        if cut_at is not None and t >= cut_at:
            return plank(t) * 1.8 - 250.0  # a close-up: another scale
        return plank(t)

    return drawn_pose(TIMES, draw)


def test_one_hold_timed_from_reaching_to_leaving_the_position() -> None:
    result = analyze(_pose(), variation("side-plank"))
    assert result.view == "front"
    assert result.rep_count == 0
    assert len(result.holds) == 1
    hold = result.holds[0]
    # the position is reached when the sag falls to 12 deg (60% of the way up) and left when
    # it passes 20 deg on the way down: within 0.3 s of the lift's and lowering's middles
    assert hold.start_s == pytest.approx(UP + 0.3, abs=0.2)
    assert hold.end_s == pytest.approx(DOWN + 0.33, abs=0.2)
    # all of it but the frames sagging 10-12 degrees on the way up and 10-20 on the way down
    assert hold.good_alignment_s == pytest.approx(hold.duration_s - 0.2, abs=0.15)
    assert hold.side == "left"  # the lower (supporting) side
    assert not hold.faults


def test_late_sag_shortens_good_alignment_and_is_a_fault() -> None:
    result = analyze(_pose(late_sag=16.0), variation("side-plank"))
    hold = result.holds[0]
    # the sag passes 10 degrees at 8 + 4 * 10 / 16 = 10.5 s
    assert hold.good_alignment_s == pytest.approx(10.5 - hold.start_s, abs=0.3)
    assert hold.metrics["hip_sag_deg"] > 10.0
    assert [f.mistake_id for f in hold.faults] == ["side-plank.hips-sag"]


def test_a_cut_to_a_close_up_ends_the_hold() -> None:
    result = analyze(_pose(cut_at=10.0), variation("side-plank"))
    assert len(result.holds) == 1
    assert result.holds[0].end_s == pytest.approx(10.0, abs=0.2)


def test_abduction_version_counts_top_leg_lifts_inside_the_hold() -> None:
    sag = _sag(0.0)
    plank = fp.side_plank(sag)

    def draw(t: float) -> np.ndarray:
        points = plank(t)
        lift = sum(fp.ramp_rep(t, s, 0.8, 0.5, 0.8, 30.0) for s in (4.0, 6.5, 9.0))
        hip = points[BLAZEPOSE_33.index("right_hip")]
        shoulder = points[BLAZEPOSE_33.index("right_shoulder")]
        axis = (hip - shoulder) / np.linalg.norm(hip - shoulder) * 210.0
        leg = fp.turn_up((float(axis[0]), float(axis[1])), lift)
        points[BLAZEPOSE_33.index("right_ankle")] = hip + leg
        points[BLAZEPOSE_33.index("right_knee")] = hip + np.array(leg) / 2.0
        return points

    result = analyze(drawn_pose(TIMES, draw), variation("side-plank-hip-abduction"))
    assert len(result.holds) == 1
    assert result.rep_count == 3
    assert all(r.side == "right" for r in result.reps)
    for rep in result.reps:
        assert rep.metrics["hip_abduction_deg"] == pytest.approx(30.0, abs=4.0)
    assert math.isfinite(result.holds[0].duration_s)
