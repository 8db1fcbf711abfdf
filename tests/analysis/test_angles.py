"""Angles: recovered from the parametric skeleton, hand-computed cases, invariances, continuity.

Expected values are the parameters handed to the skeleton or hand geometry (math.atan on
chosen coordinates), never values produced by the functions under test.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from glutecoach.analysis import angles as ang
from glutecoach.analysis.skeleton import BLAZEPOSE_33, mirror_points
from glutecoach.analysis.synthetic import LegPose, Posture, frontal_keypoints, side_keypoints
from glutecoach.domain.pose import FloatArray, FrontalView, LegSide, other_side
from glutecoach.errors import AnalysisError

TOL_DEG = 0.5


def kp(points: FloatArray, name: str) -> FloatArray:
    return points[..., BLAZEPOSE_33.index(name), :]


def frontal_angles(points: FloatArray, stance: LegSide, view: FrontalView) -> dict[str, FloatArray]:
    """Every frontal angle of a (…, 33, 2) point array, keyed like the posture fields."""
    swing = other_side(stance)
    lh, rh = kp(points, "left_hip"), kp(points, "right_hip")
    out = {
        "pelvic_drop": ang.pelvic_drop(lh, rh, stance_side=stance, view=view),
        "trunk_lean": ang.trunk_lean(
            lh, rh, kp(points, "left_shoulder"), kp(points, "right_shoulder"),
            stance_side=stance, view=view,
        ),
    }  # fmt: skip
    for role, side in (("stance", stance), ("swing", swing)):
        hip, knee, ankle = (kp(points, f"{side}_{j}") for j in ("hip", "knee", "ankle"))
        out[f"{role}_fppa"] = ang.knee_fppa(hip, knee, ankle, side=side, view=view)
        out[f"{role}_abduction"] = ang.hip_abduction(lh, rh, knee, side=side, view=view)
    return out


leg_angles = st.fixed_dictionaries(
    {
        "fppa": st.floats(-30, 40),
        "abduction": st.floats(-25, 40),
        "knee": st.floats(0, 100),
    }
)


@settings(max_examples=80, deadline=None)
@given(
    stance=st.sampled_from(["left", "right"]),
    view=st.sampled_from(["front", "back"]),
    stance_leg=leg_angles,
    swing_leg=leg_angles,
    drop=st.floats(-15, 15),
    lean=st.floats(-25, 25),
    trunk_flexion=st.floats(0, 50),
    height=st.floats(80, 2000),
    origin=st.tuples(st.floats(-500, 2000), st.floats(-500, 2000)),
)
def test_frontal_angles_recovered_from_skeleton(
    stance: LegSide,
    view: FrontalView,
    stance_leg: dict[str, float],
    swing_leg: dict[str, float],
    drop: float,
    lean: float,
    trunk_flexion: float,
    height: float,
    origin: tuple[float, float],
) -> None:
    def leg(p: dict[str, float]) -> LegPose:
        return LegPose(p["abduction"], p["fppa"], 0.55 * p["knee"], p["knee"])

    legs = {stance: leg(stance_leg), other_side(stance): leg(swing_leg)}
    posture = Posture(stance, legs["left"], legs["right"], drop, lean, trunk_flexion)
    points = frontal_keypoints(posture, view=view, height_px=height, origin_px=origin)
    got = frontal_angles(points, stance, view)
    expected = {
        "pelvic_drop": drop,
        "trunk_lean": lean,
        "stance_fppa": stance_leg["fppa"],
        "stance_abduction": stance_leg["abduction"],
        "swing_fppa": swing_leg["fppa"],
        "swing_abduction": swing_leg["abduction"],
    }
    for name, value in expected.items():
        assert abs(float(got[name]) - value) < TOL_DEG, name


@settings(max_examples=60, deadline=None)
@given(
    knee=st.floats(0, 150),
    thigh=st.floats(-30, 90),
    trunk=st.floats(-20, 60),
    facing=st.sampled_from([1.0, -1.0]),
    height=st.floats(80, 2000),
)
def test_side_view_knee_flexion_and_trunk_lean(
    knee: float, thigh: float, trunk: float, facing: float, height: float
) -> None:
    leg = LegPose(thigh_flexion_deg=thigh, knee_flexion_deg=knee)
    posture = Posture("left", leg, LegPose(), trunk_flexion_deg=trunk)
    points = side_keypoints(posture, facing_x_sign=facing, height_px=height)
    flexion = ang.knee_flexion_proxy(
        kp(points, "left_hip"), kp(points, "left_knee"), kp(points, "left_ankle")
    )
    assert abs(float(flexion) - knee) < TOL_DEG
    assert ang.infer_facing_x_sign(kp(points, "left_heel"), kp(points, "left_foot_index")) == facing
    mid_hip = ang.midpoint(kp(points, "left_hip"), kp(points, "right_hip"))
    mid_sh = ang.midpoint(kp(points, "left_shoulder"), kp(points, "right_shoulder"))
    lean = ang.trunk_forward_lean(mid_hip, mid_sh, facing_x_sign=facing)
    assert abs(float(lean) - trunk) < TOL_DEG


def test_fppa_hand_computed_front_view() -> None:
    # Front view: the right leg is on the image's left, so its medial side is screen +x.
    hip, ankle = np.array([100.0, 100.0]), np.array([100.0, 300.0])
    knee_in = np.array([110.0, 200.0])  # knee toward screen +x: medial for the right leg
    expected = 2 * math.degrees(math.atan(10 / 100))
    assert ang.knee_fppa(hip, knee_in, ankle, side="right", view="front") == pytest.approx(expected)
    # The same picture is varus for a left leg seen from the front (its medial is screen -x)...
    assert ang.knee_fppa(hip, knee_in, ankle, side="left", view="front") == pytest.approx(-expected)
    # ...and valgus for a left leg seen from behind.
    assert ang.knee_fppa(hip, knee_in, ankle, side="left", view="back") == pytest.approx(expected)
    straight = np.array([100.0, 200.0])
    assert ang.knee_fppa(hip, straight, ankle, side="left", view="front") == pytest.approx(0.0)


def test_pelvic_drop_and_lean_hand_computed() -> None:
    # Front view, standing on the left leg: left hip on screen right. Right hip 10 px lower.
    left_hip, right_hip = np.array([200.0, 300.0]), np.array([100.0, 310.0])
    drop = math.degrees(math.atan(10 / 100))
    assert ang.pelvic_drop(left_hip, right_hip, stance_side="left", view="front") == pytest.approx(
        drop
    )
    assert ang.pelvic_drop(left_hip, right_hip, stance_side="right", view="front") == pytest.approx(
        -drop
    )
    # Shoulders shifted 20 px toward screen right (the person's left) over a 200 px trunk.
    ls, rs = np.array([220.0, 100.0]), np.array([120.0, 100.0])
    level = np.array([100.0, 300.0])
    lean = math.degrees(math.atan(20 / 200))
    got = ang.trunk_lean(left_hip, level, ls, rs, stance_side="left", view="front")
    assert got == pytest.approx(lean)
    got_back = ang.trunk_lean(left_hip, level, ls, rs, stance_side="left", view="back")
    assert got_back == pytest.approx(-lean)


def test_joint_and_segment_angles_hand_computed() -> None:
    origin = np.array([0.0, 0.0])
    assert ang.segment_angle(origin, np.array([10.0, 0.0])) == pytest.approx(0.0)
    assert ang.segment_angle(origin, np.array([0.0, -10.0])) == pytest.approx(90.0)  # up on screen
    assert ang.segment_angle(origin, np.array([-10.0, 0.0])) == pytest.approx(180.0)
    assert ang.segment_angle(origin, np.array([0.0, 10.0])) == pytest.approx(-90.0)
    right_angle = ang.joint_angle(np.array([10.0, 0.0]), origin, np.array([0.0, 7.0]))
    assert right_angle == pytest.approx(90.0)
    straight = ang.knee_flexion_proxy(
        np.array([0.0, 0.0]), np.array([0.0, 50.0]), np.array([0.0, 100.0])
    )
    assert straight == pytest.approx(0.0)


def test_degenerate_and_missing_points_give_nan() -> None:
    p = np.array([[1.0, 1.0], [np.nan, 2.0]])
    q = np.array([[1.0, 1.0], [3.0, 4.0]])
    out = ang.segment_angle(p, q)
    assert np.isnan(out).all()


def test_frontal_angles_refuse_side_view() -> None:
    p = np.zeros(2)
    with pytest.raises(AnalysisError, match="front or back"):
        ang.knee_fppa(p, p, p, side="left", view="side")
    with pytest.raises(AnalysisError, match="broadcast"):
        ang.segment_angle(np.zeros((3, 2)), np.zeros((4, 2)))


def random_posture(rng: np.random.Generator, stance: LegSide) -> Posture:
    def leg() -> LegPose:
        knee = rng.uniform(0, 90)
        return LegPose(rng.uniform(-20, 30), rng.uniform(-20, 30), 0.55 * knee, knee)

    return Posture(stance, leg(), leg(), rng.uniform(-10, 10), rng.uniform(-15, 15))


@pytest.mark.parametrize("view", ["front", "back"])
@pytest.mark.parametrize("stance", ["left", "right"])
def test_translation_and_scale_invariance(view: FrontalView, stance: LegSide) -> None:
    rng = np.random.default_rng(7)
    points = np.stack(
        [frontal_keypoints(random_posture(rng, stance), view=view) for _ in range(20)]
    )
    moved = 2.7 * points + np.array([-431.0, 88.5])
    base, other = frontal_angles(points, stance, view), frontal_angles(moved, stance, view)
    for name in base:
        np.testing.assert_allclose(other[name], base[name], atol=1e-9, err_msg=name)
    hip_l, hip_r = kp(points, "left_hip"), kp(points, "right_hip")
    ratio = ang.height_ratio(ang.midpoint(hip_l, hip_r), kp(points, "left_ankle"), hip_l, hip_r)
    ratio_moved = ang.height_ratio(
        ang.midpoint(kp(moved, "left_hip"), kp(moved, "right_hip")), kp(moved, "left_ankle"),
        kp(moved, "left_hip"), kp(moved, "right_hip"),
    )  # fmt: skip
    np.testing.assert_allclose(ratio_moved, ratio, rtol=1e-12)


@pytest.mark.parametrize("view", ["front", "back"])
@pytest.mark.parametrize("stance", ["left", "right"])
def test_mirror_symmetry(view: FrontalView, stance: LegSide) -> None:
    """Mirroring the image and swapping labels gives the same values for the mirrored side."""
    rng = np.random.default_rng(11)
    points = np.stack(
        [frontal_keypoints(random_posture(rng, stance), view=view) for _ in range(20)]
    )
    mirrored = mirror_points(points, BLAZEPOSE_33, 640)
    base = frontal_angles(points, stance, view)
    flipped = frontal_angles(mirrored, other_side(stance), view)
    for name in base:
        np.testing.assert_allclose(flipped[name], base[name], atol=1e-9, err_msg=name)
    # A screen-referenced segment angle mirrors to 180 - angle (mod 360).
    seg = ang.segment_angle(kp(points, "left_hip"), kp(points, "left_knee"))
    seg_m = ang.segment_angle(kp(mirrored, "right_hip"), kp(mirrored, "right_knee"))
    np.testing.assert_allclose(np.mod(seg_m + seg, 360.0) - 180.0, 0.0, atol=1e-9)


def test_infer_view() -> None:
    posture = Posture("left", LegPose(), LegPose())
    for view in ("front", "back"):
        pts = frontal_keypoints(posture, view=view)
        got = ang.infer_view(
            kp(pts, "left_hip"),
            kp(pts, "right_hip"),
            kp(pts, "left_shoulder"),
            kp(pts, "right_shoulder"),
        )
        assert got == view
    pts = side_keypoints(posture)
    assert (
        ang.infer_view(
            kp(pts, "left_hip"),
            kp(pts, "right_hip"),
            kp(pts, "left_shoulder"),
            kp(pts, "right_shoulder"),
        )
        == "side"
    )


def test_segment_sweep_through_360_is_continuous() -> None:
    """A limb turning through 2.5 full turns: the series never jumps (no 122 vs 329 flips)."""
    turn_deg = np.linspace(0.0, 900.0, 1801)
    rad = np.radians(turn_deg)
    start = np.zeros((rad.size, 2))
    end = np.stack([np.cos(rad), -np.sin(rad)], axis=-1) * 50.0  # counter-clockwise on screen
    series = ang.build_angle_series(
        "segment", np.arange(rad.size) / 30.0, ang.segment_angle(start, end)
    )
    np.testing.assert_allclose(series.values, turn_deg, atol=1e-9)
    assert np.max(np.abs(np.diff(series.values))) <= 0.5 + 1e-9


def test_fppa_sweep_through_large_angles_is_continuous() -> None:
    """FPPA from -170 to +170 degrees, drawn with the skeleton: values follow the truth."""
    truth = np.linspace(-170.0, 170.0, 681)
    points = np.stack(
        [
            frontal_keypoints(Posture("right", LegPose(), LegPose(fppa_deg=f)), view="back")
            for f in truth
        ]
    )
    got = ang.knee_fppa(
        kp(points, "right_hip"),
        kp(points, "right_knee"),
        kp(points, "right_ankle"),
        side="right",
        view="back",
    )
    np.testing.assert_allclose(got, truth, atol=TOL_DEG)
    assert np.max(np.abs(np.diff(got))) < 1.0


def test_knee_flexion_through_straight_is_continuous() -> None:
    """Hyperextension to flexion in a side view: the proxy stays in [0, 180] without jumps."""
    truth = np.linspace(-15.0, 160.0, 351)
    points = np.stack(
        [side_keypoints(Posture("left", LegPose(knee_flexion_deg=k), LegPose())) for k in truth]
    )
    got = ang.knee_flexion_proxy(
        kp(points, "left_hip"), kp(points, "left_knee"), kp(points, "left_ankle")
    )
    np.testing.assert_allclose(got, np.abs(truth), atol=1e-9)
    assert np.max(np.abs(np.diff(got))) <= 0.5 + 1e-9


def test_unwrap_keeps_nan_and_bridges_gaps() -> None:
    raw = np.array([170.0, 179.0, np.nan, -178.0, -170.0])
    out = ang.unwrap_deg(raw)
    assert np.isnan(out[2])
    np.testing.assert_allclose(out[[0, 1, 3, 4]], [170.0, 179.0, 182.0, 190.0])
