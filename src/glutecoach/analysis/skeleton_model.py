"""A parametric 2D skeleton (BlazePose schema) drawn from clinical angles.

For tests and demos only. A ``Posture`` sets the clinical angles directly and
``frontal_keypoints`` / ``side_keypoints`` draw the 33 landmarks so that ``angles.py`` must read
back exactly those values: in a front/back view stance and free-leg FPPA and hip abduction,
pelvic drop and trunk lean (sagittal flexion shows only as foreshortening, as an orthographic
camera would show it); in a side view knee flexion and trunk forward lean. The body is built in
an anatomical frame (x toward the person's LEFT, y up): a front view puts their left on screen
right, a back view on screen left. ``synthetic`` builds whole exercise series from it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

from glutecoach.analysis.skeleton import BLAZEPOSE_33
from glutecoach.domain.pose import FloatArray, FrontalView, LegSide
from glutecoach.errors import AnalysisError

_IDX = {name: i for i, name in enumerate(BLAZEPOSE_33.names)}
# Segment lengths as fractions of body height.
SHANK, THIGH, HIP_WIDTH, TRUNK, SHOULDER_WIDTH, HEAD = 0.246, 0.245, 0.13, 0.30, 0.23, 0.12
UPPER_ARM, FOREARM = 0.17, 0.15
_FACE = (  # name, height above the nose, sideways offset (fractions of body height)
    ("{side}_eye_inner", 0.025, 0.012),
    ("{side}_eye", 0.025, 0.022),
    ("{side}_eye_outer", 0.025, 0.03),
    ("{side}_ear", 0.01, 0.045),
    ("mouth_{side}", -0.02, 0.018),
)


@dataclass(frozen=True)
class LegPose:
    """One leg. Frontal: ``hip_abduction_deg`` (thigh vs the pelvis's caudal line, + =
    abduction) and ``fppa_deg`` (+ = valgus). Sagittal: ``thigh_flexion_deg`` (thigh inclined
    forward of vertical) and ``knee_flexion_deg`` (shank vs thigh, 0 = straight)."""

    hip_abduction_deg: float = 0.0
    fppa_deg: float = 0.0
    thigh_flexion_deg: float = 0.0
    knee_flexion_deg: float = 0.0


@dataclass(frozen=True)
class Posture:
    """Whole-body posture. ``pelvic_drop_deg``: + = the side opposite ``stance_side`` lower.
    ``trunk_lean_deg``: lateral, + = toward the stance side. ``trunk_flexion_deg``: forward."""

    stance_side: LegSide = "left"
    left: LegPose = field(default_factory=LegPose)
    right: LegPose = field(default_factory=LegPose)
    pelvic_drop_deg: float = 0.0
    trunk_lean_deg: float = 0.0
    trunk_flexion_deg: float = 0.0

    def leg(self, side: LegSide) -> LegPose:
        return self.left if side == "left" else self.right


def _rot(vec: tuple[float, float], deg: float) -> FloatArray:
    """Rotate a 2D vector counter-clockwise (in the y-up body frame) by ``deg``."""
    a = math.radians(deg)
    c, s = math.cos(a), math.sin(a)
    return np.array([c * vec[0] - s * vec[1], s * vec[0] + c * vec[1]])


def _sigma(side: LegSide) -> float:
    return 1.0 if side == "left" else -1.0


def _upper_body(
    pts: dict[str, FloatArray], mid_hip: FloatArray, up: FloatArray, left: FloatArray, h: float
) -> None:
    """Trunk, head and arms from the mid-hip, the trunk's up axis and its leftward axis."""
    mid_sh = mid_hip + TRUNK * h * up
    for side in ("left", "right"):
        sg = 1.0 if side == "left" else -1.0
        sh = mid_sh + sg * SHOULDER_WIDTH / 2 * h * left
        elbow = sh - UPPER_ARM * h * up + sg * 0.03 * h * left
        wrist = elbow - FOREARM * h * up + sg * 0.01 * h * left
        pts[f"{side}_shoulder"], pts[f"{side}_elbow"], pts[f"{side}_wrist"] = sh, elbow, wrist
        pts[f"{side}_pinky"] = wrist - 0.04 * h * up + sg * 0.01 * h * left
        pts[f"{side}_index"] = wrist - 0.045 * h * up
        pts[f"{side}_thumb"] = wrist - 0.03 * h * up - sg * 0.01 * h * left
        for name, rise, out in _FACE:
            pts[name.format(side=side)] = mid_sh + (HEAD + rise) * h * up + sg * out * h * left
    pts["nose"] = mid_sh + HEAD * h * up


def _place(
    pts: dict[str, FloatArray], anchor: FloatArray, x_sign: float, origin_px: tuple[float, float]
) -> FloatArray:
    """Body-frame points -> ``(33, 2)`` image pixels: ``anchor`` lands on ``origin_px``, body x
    maps to screen ``x_sign * x`` and body y (up) to screen -y (down)."""
    out = np.empty((len(BLAZEPOSE_33), 2))
    for name, p in pts.items():
        rel = p - anchor
        out[_IDX[name]] = (origin_px[0] + x_sign * rel[0], origin_px[1] - rel[1])
    return out


def frontal_keypoints(
    posture: Posture,
    *,
    view: FrontalView,
    height_px: float = 400.0,
    origin_px: tuple[float, float] = (320.0, 440.0),
    pin: str = "stance_ankle",
) -> FloatArray:
    """``(33, 2)`` image points of ``posture`` seen from the front or back.

    ``pin="stance_ankle"``: the stance ankle sits at ``origin_px`` shifted half a hip width to
    its own side, so standing square puts the mid-point between the ankles at ``origin_px``.
    ``pin="pelvis"``: the mid-hip sits at ``origin_px``.
    """
    h = height_px
    drop_rot = _sigma(posture.stance_side) * posture.pelvic_drop_deg
    pts: dict[str, FloatArray] = {}
    for side in ("left", "right"):
        sg, leg = _sigma(side), posture.leg(side)
        hip = HIP_WIDTH / 2 * h * _rot((sg, 0.0), drop_rot)
        thigh_len = THIGH * h * math.cos(math.radians(leg.thigh_flexion_deg))
        shank_pitch = leg.thigh_flexion_deg - leg.knee_flexion_deg
        shank_len = SHANK * h * math.cos(math.radians(shank_pitch))
        thigh_turn = drop_rot + sg * leg.hip_abduction_deg
        knee = hip + thigh_len * _rot((0.0, -1.0), thigh_turn)
        ankle = knee + shank_len * _rot((0.0, -1.0), thigh_turn + sg * leg.fppa_deg)
        pts[f"{side}_hip"], pts[f"{side}_knee"], pts[f"{side}_ankle"] = hip, knee, ankle
        pts[f"{side}_heel"] = ankle + np.array([0.0, -0.035 * h])
        pts[f"{side}_foot_index"] = ankle + np.array([sg * 0.015 * h, -0.05 * h])
    lean = -_sigma(posture.stance_side) * posture.trunk_lean_deg
    up = math.cos(math.radians(posture.trunk_flexion_deg)) * _rot((0.0, 1.0), lean)
    _upper_body(pts, np.zeros(2), up, _rot((1.0, 0.0), lean), h)

    if pin == "stance_ankle":
        stance = posture.stance_side
        anchor_body = pts[f"{stance}_ankle"] - np.array([_sigma(stance) * HIP_WIDTH / 2 * h, 0.0])
    elif pin == "pelvis":
        anchor_body = np.zeros(2)
    else:
        raise AnalysisError(f"pin must be 'stance_ankle' or 'pelvis', got {pin!r}")
    return _place(pts, anchor_body, 1.0 if view == "front" else -1.0, origin_px)


def side_keypoints(
    posture: Posture,
    *,
    facing_x_sign: float = 1.0,
    height_px: float = 400.0,
    origin_px: tuple[float, float] = (320.0, 440.0),
    show_pelvic_drop: bool = False,
) -> FloatArray:
    """``(33, 2)`` image points of ``posture`` seen from the side, the stance ankle at
    ``origin_px``, facing screen right (``facing_x_sign=1``) or left. Hips (and shoulders)
    overlap, so frontal angles are undefined here (NaN), as they should be.

    With ``show_pelvic_drop`` the pelvis tilts about the mid-hip as it does in the frontal
    plane, which a side camera sees as the free-side hip (and its leg) sitting
    ``HIP_WIDTH * sin(drop)`` lower than the stance-side hip; off by default."""
    h = height_px
    pts: dict[str, FloatArray] = {}
    tilt = math.sin(math.radians(posture.pelvic_drop_deg)) if show_pelvic_drop else 0.0
    for side in ("left", "right"):
        leg = posture.leg(side)
        toward_free = -1.0 if side == posture.stance_side else 1.0
        hip = np.array([0.0, -toward_free * HIP_WIDTH / 2 * h * tilt])
        knee = hip + THIGH * h * _rot((0.0, -1.0), leg.thigh_flexion_deg)
        shank_pitch = leg.thigh_flexion_deg - leg.knee_flexion_deg
        ankle = knee + SHANK * h * _rot((0.0, -1.0), shank_pitch)
        pts[f"{side}_hip"], pts[f"{side}_knee"], pts[f"{side}_ankle"] = hip, knee, ankle
        pts[f"{side}_heel"] = ankle + np.array([-0.04 * h, -0.035 * h])
        pts[f"{side}_foot_index"] = ankle + np.array([0.13 * h, -0.05 * h])
    # Body frame: +x is forward (a flexed thigh swings to +x), so it maps to screen +x when
    # the person faces screen right (facing_x_sign = +1).
    _upper_body(pts, np.zeros(2), _rot((0.0, 1.0), -posture.trunk_flexion_deg), np.zeros(2), h)
    return _place(pts, pts[f"{posture.stance_side}_ankle"], facing_x_sign, origin_px)
