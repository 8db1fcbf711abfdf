"""The BlazePose schema as data: MediaPipe order, lookup and left/right mirroring."""

from __future__ import annotations

import numpy as np
import pytest

from glutecoach.analysis.skeleton import BLAZEPOSE_33, get_schema, leg_names, mirror_points
from glutecoach.errors import AnalysisError

# Indices from MediaPipe's published landmark map.
MEDIAPIPE_INDEX = {
    "nose": 0,
    "left_eye_inner": 1,
    "right_eye_outer": 6,
    "mouth_right": 10,
    "left_shoulder": 11,
    "right_shoulder": 12,
    "left_wrist": 15,
    "right_thumb": 22,
    "left_hip": 23,
    "right_hip": 24,
    "left_knee": 25,
    "right_knee": 26,
    "left_ankle": 27,
    "right_ankle": 28,
    "left_heel": 29,
    "right_heel": 30,
    "left_foot_index": 31,
    "right_foot_index": 32,
}


@pytest.mark.parametrize(("name", "index"), sorted(MEDIAPIPE_INDEX.items()))
def test_blazepose_order(name: str, index: int) -> None:
    assert BLAZEPOSE_33.index(name) == index


def test_every_sided_name_is_paired() -> None:
    assert len(BLAZEPOSE_33) == 33
    sided = [n for n in BLAZEPOSE_33.names if "left" in n or "right" in n]
    paired = {n for pair in BLAZEPOSE_33.mirror_pairs for n in pair}
    assert set(sided) == paired
    assert ("mouth_left", "mouth_right") in BLAZEPOSE_33.mirror_pairs


def test_mirror_swaps_sides_and_flips_x() -> None:
    points = np.random.default_rng(1).uniform(0, 500, (4, 33, 2))
    mirrored = mirror_points(points, BLAZEPOSE_33, 640)
    lk, rk = BLAZEPOSE_33.index("left_knee"), BLAZEPOSE_33.index("right_knee")
    np.testing.assert_allclose(mirrored[:, lk, 0], 640 - points[:, rk, 0])
    np.testing.assert_allclose(mirrored[:, lk, 1], points[:, rk, 1])
    nose = BLAZEPOSE_33.index("nose")
    np.testing.assert_allclose(mirrored[:, nose, 0], 640 - points[:, nose, 0])
    np.testing.assert_allclose(mirror_points(mirrored, BLAZEPOSE_33, 640), points)


def test_lookups() -> None:
    assert get_schema("mediapipe_blazepose_33") is BLAZEPOSE_33
    with pytest.raises(AnalysisError, match="unknown keypoint schema"):
        get_schema("openpose")
    names = leg_names("right")
    assert (names.hip, names.knee, names.ankle) == ("right_hip", "right_knee", "right_ankle")
    assert all(n in BLAZEPOSE_33.names for n in vars(names).values())
    with pytest.raises(AnalysisError, match="end in"):
        mirror_points(np.zeros((2, 17, 2)), BLAZEPOSE_33, 640)
