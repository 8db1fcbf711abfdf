"""Validation of the frozen pose value types (PoseSequence, AngleSeries, Rep, KeypointSchema)."""

from __future__ import annotations

import numpy as np
import pytest

from glutecoach.analysis.skeleton import BLAZEPOSE_33
from glutecoach.domain.pose import (
    AngleSeries,
    KeypointSchema,
    PoseBackend,
    PoseSequence,
    Rep,
    parse_view,
)

BACKEND = PoseBackend("test", "0")


def make_pose(n: int = 4, **changes: object) -> PoseSequence:
    fields: dict[str, object] = {
        "timestamps_s": np.arange(n) / 30.0,
        "points_px": np.full((n, 33, 2), 100.0),
        "visibility": np.full((n, 33), 0.9),
        "schema": BLAZEPOSE_33,
        "image_size_px": (640, 480),
        "backend": BACKEND,
    }
    fields.update(changes)
    return PoseSequence(**fields)  # type: ignore[arg-type]


def test_valid_pose_is_read_only_copy() -> None:
    points = np.full((3, 33, 2), 5.0)
    pose = make_pose(3, points_px=points)
    points[0, 0, 0] = -1.0
    assert pose.points_px[0, 0, 0] == 5.0
    with pytest.raises(ValueError, match="read-only"):
        pose.points_px[0, 0, 0] = 1.0
    assert pose.point("left_knee").shape == (3, 2)
    assert pose.n_frames == 3
    assert pose.duration_s == pytest.approx(2 / 30)


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"timestamps_s": np.array([0.0, 0.1, 0.1, 0.2])}, "strictly increasing"),
        ({"timestamps_s": np.array([0.0, np.nan, 0.2, 0.3])}, "finite"),
        ({"points_px": np.zeros((4, 32, 2))}, "shape"),
        ({"visibility": np.zeros((4, 33, 1))}, "dimension"),
        ({"visibility": np.full((4, 33), 1.5)}, "0..1"),
        ({"image_size_px": (0, 480)}, "positive"),
        ({"points_px": np.full((4, 33, 2), np.inf)}, "inf"),
    ],
)
def test_pose_rejects_bad_input(changes: dict[str, object], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        make_pose(4, **changes)


def test_missing_point_must_be_invisible() -> None:
    points = np.full((4, 33, 2), 1.0)
    points[2, 5] = np.nan
    with pytest.raises(ValueError, match="visibility 0"):
        make_pose(4, points_px=points)
    vis = np.full((4, 33), 0.9)
    vis[2, 5] = 0.0
    assert np.isnan(make_pose(4, points_px=points, visibility=vis).points_px[2, 5, 0])


def test_unknown_keypoint_name_is_explained() -> None:
    with pytest.raises(KeyError, match="left_kne"):
        make_pose().point("left_kne")


def test_schema_validation() -> None:
    with pytest.raises(ValueError, match="repeats"):
        KeypointSchema("x", ("a", "a"))
    with pytest.raises(ValueError, match="unknown keypoint"):
        KeypointSchema("x", ("a", "b"), (("a", "c"),))
    with pytest.raises(ValueError, match="two mirror pairs"):
        KeypointSchema("x", ("a", "b", "c"), (("a", "b"), ("b", "c")))


def test_angle_series_masks_invalid_values() -> None:
    series = AngleSeries("fppa", "deg", np.array([1.0, np.nan, 3.0]), np.array([0.0, 0.1, 0.2]))
    assert series.valid.tolist() == [True, False, True]
    assert series.valid_fraction == pytest.approx(2 / 3)
    masked = AngleSeries(
        "fppa", "deg", np.array([1.0, 2.0]), np.array([0.0, 0.1]), np.array([True, False])
    )
    assert np.isnan(masked.values[1])
    with pytest.raises(ValueError, match="differ in length"):
        AngleSeries("x", "deg", np.zeros(3), np.arange(2.0))
    with pytest.raises(ValueError, match="must be finite"):
        AngleSeries("x", "deg", np.array([np.nan]), np.array([0.0]), np.array([True]))


def test_rep_validation() -> None:
    rep = Rep(1, "left", 1.0, 1.5, 2.5)
    assert rep.duration_s == pytest.approx(1.5)
    with pytest.raises(ValueError, match="start_s <= bottom_s <= end_s"):
        Rep(1, "left", 1.0, 3.0, 2.5)
    with pytest.raises(ValueError, match="no reason"):
        Rep(1, "left", 1.0, 1.5, 2.5, measurable=False)
    with pytest.raises(ValueError, match="partial"):
        Rep(1, "left", 1.0, 1.5, 2.5, partial=True)
    with pytest.raises(ValueError, match="counts from 1"):
        Rep(0, "both", 1.0, 1.5, 2.5)
    with pytest.raises(ValueError, match="side"):
        Rep(1, "up", 1.0, 1.5, 2.5)  # type: ignore[arg-type]


def test_parse_view() -> None:
    assert parse_view(" Front ") == "front"
    with pytest.raises(ValueError, match="unknown view"):
        parse_view("top")
