"""``analyze`` on the standing wall press (isometric hip abduction), from SYNTHETIC keypoints.

No real clip of this hold exists in ../shared/data, so each series is drawn with the parametric
skeleton (``glutecoach.analysis.skeleton_model``): the runner stands on one leg with the other
knee bent 90 degrees (foot off the floor) for each hold, with a known pelvic drop and trunk
lean, so the holds' times and alignment can be compared with the truth.
"""

from __future__ import annotations

import numpy as np
import pytest

from glutecoach.analysis.pipeline import analyze
from glutecoach.analysis.skeleton_model import LegPose, Posture, frontal_keypoints
from glutecoach.analysis.synthetic_support import (
    finish_frames,
    legs_by_side,
    make_timestamps,
    synthetic_pose,
)
from glutecoach.domain.pose import FrontalView, LegSide, PoseSequence
from glutecoach.errors import GlutecoachError
from tests.analysis.pipeline_support import MILD, metric_of, variation

LEAD_IN_S, LIFT_S, REST_S = 1.0, 0.4, 1.5


def wall_holds(
    pressing: list[LegSide],
    hold_s: float = 5.0,
    drop_deg: float = 0.0,
    lean_deg: float = 0.0,
    view: FrontalView = "front",
    seed: int = 0,
) -> tuple[PoseSequence, list[tuple[float, float]]]:
    """Holds pressing with each leg of ``pressing`` in turn; returns the pose and each hold's
    true (start, end): from the foot leaving the floor to it landing."""
    period = 2 * LIFT_S + hold_s + REST_S
    rng = np.random.default_rng(seed)
    times = make_timestamps(LEAD_IN_S + period * len(pressing), 30.0, MILD.frame_jitter, rng)
    spans = [(LEAD_IN_S + k * period, LEAD_IN_S + k * period + 2 * LIFT_S + hold_s)
             for k in range(len(pressing))]  # fmt: skip

    def draw(i: int) -> np.ndarray:
        now = float(times[i])
        k = min(int(max(now - LEAD_IN_S, 0.0) // period), len(pressing) - 1)
        start, end = spans[k]
        up = float(np.clip(min(now - start, end - now) / LIFT_S, 0.0, 1.0))
        free: LegSide = pressing[k]
        stance: LegSide = "right" if free == "left" else "left"
        legs = legs_by_side(stance, LegPose(), LegPose(knee_flexion_deg=90.0 * up))
        posture = Posture(stance, legs["left"], legs["right"], drop_deg * up, lean_deg * up)
        return frontal_keypoints(posture, view=view)

    points, vis = finish_frames(times, draw, view == "back", MILD, rng)
    return synthetic_pose(times, points, vis), spans


@pytest.mark.parametrize("view", ["front", "back"])
def test_each_hold_is_timed_with_its_pressing_side(view: FrontalView) -> None:
    pose, spans = wall_holds(["left", "right", "left"], hold_s=5.0, view=view, seed=3)
    result = analyze(pose, variation("wall-isometric-hip-abduction"))
    assert result.family == "isometric-hip-abduction"
    assert [h.side for h in result.holds] == ["left", "right", "left"]
    for hold, (start, end) in zip(result.holds, spans, strict=True):
        # the foot counts as off the floor once the knee bends past about 40 degrees
        assert hold.start_s == pytest.approx(start, abs=0.4)
        assert hold.end_s == pytest.approx(end, abs=0.4)
        assert metric_of(hold, "pelvic_drop_deg") == pytest.approx(0.0, abs=1.5)
        assert metric_of(hold, "good_alignment_fraction") == pytest.approx(1.0, abs=0.05)
    assert result.faults == ()


@pytest.mark.parametrize(
    ("drop_deg", "lean_deg", "fault"),
    [
        (12.0, 0.0, "wall-isometric-hip-abduction.pelvis-drops"),
        (0.0, 14.0, "wall-isometric-hip-abduction.trunk-leans"),
    ],
)
def test_a_dropping_pelvis_or_leaning_trunk_is_a_fault(
    drop_deg: float, lean_deg: float, fault: str
) -> None:
    pose, _ = wall_holds(["right", "right"], hold_s=4.0, drop_deg=drop_deg, lean_deg=lean_deg)
    result = analyze(pose, variation("wall-isometric-hip-abduction"))
    assert len(result.holds) == 2
    for hold in result.holds:
        assert metric_of(hold, "pelvic_drop_deg") == pytest.approx(drop_deg, abs=1.5)
        assert metric_of(hold, "trunk_lean_deg") == pytest.approx(lean_deg, abs=1.5)
        assert metric_of(hold, "good_alignment_fraction") < 0.5
    assert {f.mistake_id for f in result.faults} == {fault}


def test_standing_on_both_feet_is_no_hold() -> None:
    pose, _ = wall_holds(["left"], hold_s=0.5)  # the foot is up for 1.3 s only
    result = analyze(pose, variation("wall-isometric-hip-abduction"))
    assert result.holds == ()
    assert any("no wall-press hold" in w for w in result.warnings)


def test_a_side_view_is_refused_with_the_reason() -> None:
    pose, _ = wall_holds(["left"])
    with pytest.raises(GlutecoachError, match="front or back"):
        analyze(pose, variation("wall-isometric-hip-abduction"), view="side")
