"""Live values on the annotated video: the working leg only for one-leg work, both legs beside
their joints for two-leg work, always named in runner words."""

from __future__ import annotations

import re

import numpy as np

from glutecoach.domain.analysis import FrameTable
from glutecoach.domain.pose import Rep
from glutecoach.vision.readouts import LegReadout, Readout, leg_pairs, video_readouts

T = np.arange(0, 10, 0.1)
LEFT = np.full(T.size, 11.0)  # the left knee reads 11, the right 22: which one shows is plain
RIGHT = np.full(T.size, 22.0)
REPS = (
    Rep(1, "left", 1.0, 1.5, 2.0),
    Rep(2, "left", 3.0, 3.5, 4.0),
    Rep(3, "right", 6.0, 6.5, 7.0),
)
TABLE = FrameTable(
    T,
    (
        ("signal_hip_descent_ratio_deg", np.zeros(T.size)),
        ("hip_height_ratio", np.zeros(T.size)),
        ("knee_fppa_left_deg", LEFT),
        ("knee_fppa_right_deg", RIGHT),
        ("pelvic_drop_deg", np.full(T.size, 3.0)),
        ("trunk_lean_deg", np.full(T.size, 2.0)),
    ),
)
SNAKE = re.compile(r"\b[a-z]+_[a-z_]+\b")


def test_leg_pairs_find_left_and_right_columns() -> None:
    assert leg_pairs(TABLE.names) == [
        ("knee_fppa_deg", "knee_fppa_left_deg", "knee_fppa_right_deg")
    ]
    assert leg_pairs(("hip_line_left_deg",)) == []


def test_one_leg_work_shows_the_working_legs_angle_only() -> None:
    readouts = video_readouts(TABLE, REPS, one_leg=True)
    assert [type(r) for r in readouts] == [LegReadout, Readout, Readout]
    knee = readouts[0]
    assert isinstance(knee, LegReadout)
    assert knee.text(1.5) == "Left knee inward angle 11 deg"
    assert knee.keypoint_at(1.5) == "left_knee"
    assert knee.text(6.5) == "Right knee inward angle 22 deg"
    assert knee.keypoint_at(6.5) == "right_knee"
    assert knee.text(2.5) == "Left knee inward angle 11 deg"  # between two left reps
    assert knee.text(5.0) == "Working-leg knee inward angle --"  # changing legs
    assert knee.keypoint_at(5.0) is None
    assert knee.text(9.5) == "Right knee inward angle 22 deg"  # after the last rep
    for t in T:  # never the free leg's value
        side = knee.side_at(float(t))
        assert knee.at(float(t)) in ({"left": 11.0, "right": 22.0}.get(side or ""), None)
    assert [r.text(1.5) for r in readouts[1:]] == ["Pelvic drop 3 deg", "Trunk side lean 2 deg"]


def test_two_leg_work_shows_each_leg_beside_its_knee() -> None:
    readouts = video_readouts(TABLE, (Rep(1, "both", 1.0, 1.5, 2.0),), one_leg=False)
    texts = [r.text(1.5) for r in readouts]
    assert texts[:2] == ["Left knee inward angle 11 deg", "Right knee inward angle 22 deg"]
    assert [r.keypoint_at(1.5) for r in readouts[:2]] == ["left_knee", "right_knee"]


def test_a_one_leg_rep_of_unknown_side_shows_no_leg() -> None:
    knee = video_readouts(TABLE, (Rep(1, "both", 1.0, 1.5, 2.0),), one_leg=True)[0]
    assert knee.text(1.5) == "Working-leg knee inward angle --"


def test_labels_are_plain_words_and_the_limit_holds() -> None:
    readouts = video_readouts(TABLE, REPS, one_leg=True, limit=2)
    assert len(readouts) == 2
    for r in video_readouts(TABLE, REPS, one_leg=False):
        assert not SNAKE.search(r.text(1.5)), r.text(1.5)
    only = video_readouts(TABLE, REPS, one_leg=True, only=("pelvic_drop_deg",))
    assert [r.text(1.5) for r in only] == ["Pelvic drop 3 deg"]
    assert video_readouts(None, REPS, one_leg=True) == ()
