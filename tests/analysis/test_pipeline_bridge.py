"""Glute bridge on SYNTHETIC keypoints (``floor_poses.bridge``), filmed from the side: two
two-leg reps, then two single-leg reps on the left leg (the right foot lifted), each labelled
with its variant and working side; hips pushed above the shoulder-knee line (the back-arch
proxy) and hips left low (sag)."""

from __future__ import annotations

import numpy as np
import pytest

from glutecoach.analysis.pipeline import analyze
from glutecoach.domain.pose import PoseSequence
from tests.analysis import floor_poses as fp
from tests.analysis.pipeline_support import drawn_pose, variation

TIMES = np.arange(0.0, 20.0, 1.0 / 15.0)
STARTS = (1.0, 5.0, 9.0, 13.0)
# the hip on the shoulder-knee line: from (150, 300) to (360, 220), x = 270 -> y = 254.3
IN_LINE_PX = 300.0 - 254.3


def _height(peak: float) -> fp.Profile:
    return lambda t: sum(fp.ramp_rep(t, s, 1.0, 1.0, 1.0, peak) for s in STARTS)


def _foot_up(t: float) -> float:
    return 1.0 if 8.5 <= t <= 12.8 or 12.9 <= t <= 16.5 else 0.0


def _pose(peak: float = IN_LINE_PX, single: bool = True) -> PoseSequence:
    return drawn_pose(TIMES, fp.bridge(_height(peak), _foot_up if single else None))


def test_reps_with_variant_and_working_side() -> None:
    result = analyze(_pose(), variation("glute-bridge"))
    assert result.view == "side"
    assert result.rep_count == 4
    assert [r.side for r in result.reps] == ["both", "both", "left", "left"]
    assert [r.variant for r in result.reps] == ["glute-bridge"] * 2 + ["single-leg-bridge"] * 2
    for rep in result.reps:
        assert rep.metrics["hip_extension_deg"] == pytest.approx(0.0, abs=2.0)
        assert rep.metrics["top_hold_s"] == pytest.approx(1.0, abs=0.4)
    assert not result.faults


def test_hips_pushed_too_high_read_as_back_arch() -> None:
    result = analyze(_pose(peak=IN_LINE_PX + 25.0, single=False), variation("glute-bridge"))
    assert result.rep_count == 4
    assert result.reps[0].metrics["lumbar_extension_deg"] > 10.0
    assert "glute-bridge.low-back-arch" in {f.mistake_id for f in result.faults}


def test_hips_left_low_are_a_sag() -> None:
    result = analyze(_pose(peak=IN_LINE_PX - 25.0, single=False), variation("glute-bridge"))
    assert result.rep_count == 4
    assert result.reps[0].metrics["hip_sag_deg"] > 15.0
    assert "glute-bridge.hip-sag" in {f.mistake_id for f in result.faults}


def test_front_view_single_leg_bridge_pelvic_drop() -> None:
    height = _height(60.0)

    def foot_up(t: float) -> float:
        return 1.0 if t >= 8.5 else 0.0

    def drop(t: float) -> float:
        return 7.0 * height(t) / 60.0 if t >= 8.5 else 0.0  # ~8 deg over a 50 px pelvis

    pose = drawn_pose(TIMES, fp.bridge_front(height, foot_up, drop))
    result = analyze(pose, variation("single-leg-bridge"))
    assert result.view == "front"
    assert result.rep_count == 4
    assert [r.side for r in result.reps] == ["both", "both", "left", "left"]
    assert result.reps[0].metrics["knee_to_ankle_width_ratio"] == pytest.approx(1.0, abs=0.05)
    assert result.reps[2].metrics["pelvic_drop_deg"] == pytest.approx(8.0, abs=1.5)
    assert "single-leg-bridge.pelvic-drop" in {f.mistake_id for f in result.faults}


def test_a_bridge_held_five_seconds_is_a_rep_and_a_hold() -> None:
    """One bridge lifted over 1 s, held 5 s with a small tremor, lowered: 1 rep and a hold of
    about 5 s (the tremor splits nothing); then two quick reps: a set mixing reps and holds."""

    def height(t: float) -> float:
        held = fp.ramp_rep(t, 1.0, 1.0, 5.0, 1.0, IN_LINE_PX)
        tremor = 1.5 * np.sin(2 * np.pi * 4.0 * t) if 2.0 <= t <= 7.0 else 0.0
        quick = sum(fp.ramp_rep(t, s, 0.8, 0.5, 0.8, IN_LINE_PX) for s in (10.0, 13.0))
        return held + tremor + quick

    pose = fp.noisy(drawn_pose(TIMES, fp.bridge(height)), 0.8, seed=3)
    result = analyze(pose, variation("glute-bridge"))
    assert result.rep_count == 3
    assert len(result.holds) == 1
    hold = result.holds[0]
    assert hold.duration_s == pytest.approx(5.0, abs=0.6)
    assert hold.start_s == pytest.approx(2.0, abs=0.5)
    assert 0.0 < hold.good_alignment_s <= hold.duration_s
    assert "hip_sag_deg" in hold.metrics


def test_touch_and_go_bridges_are_counted_and_flagged() -> None:
    """Six bridges whose hips come down only to a third of the lift between reps (never back
    on the floor), after a rest on the floor: six reps, not one rep "run together"."""

    def height(t: float) -> float:
        if t < 2.0 or t > 14.0:
            return 0.0
        lifted = IN_LINE_PX * (0.65 - 0.35 * np.cos(2 * np.pi * (t - 2.0) / 2.0))
        ramp = min(1.0, (t - 2.0) / 0.5, (14.0 - t) / 0.5)
        return float(lifted * ramp)

    pose = fp.noisy(drawn_pose(TIMES, fp.bridge(height)), 0.8, seed=4)
    result = analyze(pose, variation("glute-bridge"))
    assert result.rep_count == 6
    assert all("not back to the start between reps" in r.flags for r in result.reps)
    assert [r.bottom_s for r in result.reps] == pytest.approx([3, 5, 7, 9, 11, 13], abs=0.2)
    assert not any("run together" in w for w in result.warnings)
