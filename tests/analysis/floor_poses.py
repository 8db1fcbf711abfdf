"""Synthetic floor-exercise poses for the pipeline tests (side-lying, clam, side plank,
bridge), drawn point by point in image pixels (y down) with known angles.

Each builder takes a profile ``f(t) -> value`` (a lift, an opening, a sag, a hip height) and
returns the 33 BlazePose points of one frame; ``tests.analysis.pipeline_support.drawn_pose``
turns it into a ``PoseSequence``. Points the exercise does not use (face, hands) sit near the
head or the hands so that view inference and the person's size behave as on real video.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np

from glutecoach.analysis.skeleton import BLAZEPOSE_33
from glutecoach.domain.pose import FloatArray, PoseSequence

Profile = Callable[[float], float]


def _frame(points: dict[str, tuple[float, float]], head: tuple[float, float]) -> FloatArray:
    out = np.tile(np.array(head, dtype=np.float64), (len(BLAZEPOSE_33.names), 1))
    for name, xy in points.items():
        out[BLAZEPOSE_33.index(name)] = xy
    for side in ("left", "right"):  # hands at the shoulders, feet at the ankles
        for part in ("elbow", "wrist", "pinky", "index", "thumb"):
            out[BLAZEPOSE_33.index(f"{side}_{part}")] = points[f"{side}_shoulder"]
        ankle = np.array(points[f"{side}_ankle"])
        out[BLAZEPOSE_33.index(f"{side}_heel")] = ankle + np.array([0.0, 5.0])
        out[BLAZEPOSE_33.index(f"{side}_foot_index")] = ankle + np.array([-15.0, 0.0])
    return out


def turn_up(v: tuple[float, float], deg: float) -> tuple[float, float]:
    """Image vector ``v`` (y down) turned by ``deg`` toward the image's up."""
    x, y = v[0], -v[1]  # y up
    length, a = math.hypot(x, y), math.atan2(y, x)
    a = a - math.radians(deg) if x < 0 else a + math.radians(deg)
    return (length * math.cos(a), -length * math.sin(a))


def side_lying(lift: Profile, hike_px: Profile | None = None, shorten: Profile | None = None):
    """Side-lying person filmed from the front: head right, feet left, RIGHT side on top.
    ``lift`` is the top leg's angle above the body axis (deg); ``hike_px`` moves the top hip
    toward the head; ``shorten`` scales the top leg's image length (1 = in the plane)."""

    def draw(t: float) -> FloatArray:
        hike = hike_px(t) if hike_px else 0.0
        scale = shorten(t) if shorten else 1.0
        top_hip = (320.0 + hike, 250.0)
        dx, dy = turn_up((-240.0 * scale, 0.0), lift(t))
        top_ankle = (top_hip[0] + dx, top_hip[1] + dy)
        pts = {
            "left_shoulder": (500.0, 300.0), "right_shoulder": (500.0, 250.0),
            "left_hip": (320.0, 300.0), "right_hip": top_hip,
            "left_knee": (230.0, 330.0), "left_ankle": (150.0, 305.0),
            "right_knee": ((top_hip[0] + top_ankle[0]) / 2, (top_hip[1] + top_ankle[1]) / 2),
            "right_ankle": top_ankle,
        }  # fmt: skip
        return _frame(pts, (560.0, 270.0))

    return draw


def standing(t: float) -> FloatArray:
    """An upright person (set-up talk before the exercise), arms moving."""
    wave = 20.0 * math.sin(2 * math.pi * t)
    pts = {
        "left_shoulder": (360.0, 120.0), "right_shoulder": (280.0, 120.0),
        "left_hip": (345.0, 260.0), "right_hip": (295.0, 260.0),
        "left_knee": (345.0 + wave, 340.0), "right_knee": (295.0, 340.0),
        "left_ankle": (345.0, 420.0), "right_ankle": (295.0, 420.0),
    }  # fmt: skip
    return _frame(pts, (320.0, 80.0))


def clam(opening: Profile, feet_apart_px: Profile | None = None):
    """Clam filmed from the front: head right, RIGHT side on top, hips bent ~45 degrees.
    ``opening`` is the top thigh's angle above the bottom thigh (deg)."""

    def draw(t: float) -> FloatArray:
        apart = feet_apart_px(t) if feet_apart_px else 0.0
        bottom_thigh = (-100.0, 60.0)
        top = turn_up(bottom_thigh, opening(t))
        pts = {
            "left_shoulder": (500.0, 330.0), "right_shoulder": (500.0, 280.0),
            "left_hip": (320.0, 330.0), "right_hip": (320.0, 280.0),
            "left_knee": (220.0, 390.0), "right_knee": (320.0 + top[0], 280.0 + top[1]),
            "left_ankle": (300.0, 420.0), "right_ankle": (300.0, 405.0 - apart),
        }  # fmt: skip
        return _frame(pts, (560.0, 300.0))

    return draw


def side_plank(sag_deg: Profile):
    """Side plank on the forearm filmed from the front: head right, feet left. ``sag_deg``
    is the hip's angle below the shoulder-ankle line."""

    def draw(t: float) -> FloatArray:
        shoulder, ankle = np.array([560.0, 230.0]), np.array([160.0, 330.0])  # mid points
        along = ankle - shoulder
        # the hip angle off the line is twice the tilt of each half of the body
        drop = np.linalg.norm(along) / 2.0 * math.tan(math.radians(sag_deg(t) / 2.0))
        down = np.array([-along[1], along[0]]) / np.linalg.norm(along)
        if down[1] < 0:
            down = -down
        hip = shoulder + along / 2.0 + drop * down
        pts = {
            "left_shoulder": (shoulder[0], shoulder[1] + 25),
            "right_shoulder": (shoulder[0], shoulder[1] - 25),
            "left_hip": (hip[0], hip[1] + 25), "right_hip": (hip[0], hip[1] - 25),
            "left_knee": (260.0, 325.0), "right_knee": (260.0, 275.0),
            "left_ankle": (ankle[0], ankle[1] + 25), "right_ankle": (ankle[0], ankle[1] - 25),
        }  # fmt: skip
        return _frame({k: (float(v[0]), float(v[1])) for k, v in pts.items()}, (600.0, 200.0))

    return draw


def bridge(height_px: Profile, right_foot_up: Profile | None = None):
    """Glute bridge filmed from the side: head left, feet right. ``height_px`` lifts the hips
    from the floor; ``right_foot_up`` (0..1) raises the right foot for a single-leg bridge."""

    def draw(t: float) -> FloatArray:
        h = height_px(t)
        up = right_foot_up(t) if right_foot_up else 0.0
        hip = (270.0, 300.0 - h)
        pts = {
            "left_shoulder": (150.0, 300.0), "right_shoulder": (152.0, 298.0),
            "left_hip": hip, "right_hip": (hip[0] + 2.0, hip[1] - 2.0),
            "left_knee": (360.0, 220.0), "right_knee": (362.0 - 30.0 * up, 218.0 - 20.0 * up),
            "left_ankle": (400.0, 300.0), "right_ankle": (402.0 + 60.0 * up, 298.0 - 110.0 * up),
        }  # fmt: skip
        return _frame(pts, (110.0, 290.0))

    return draw


def ramp_rep(t: float, start: float, rise: float, hold: float, fall: float, peak: float) -> float:
    """0 before ``start``, up to ``peak`` over ``rise`` s (cosine), held ``hold`` s, down over
    ``fall`` s."""
    x = t - start
    if x <= 0:
        return 0.0
    if x < rise:
        return peak * (1 - math.cos(math.pi * x / rise)) / 2
    if x < rise + hold:
        return peak
    if x < rise + hold + fall:
        return peak * (1 + math.cos(math.pi * (x - rise - hold) / fall)) / 2
    return 0.0


def noisy(pose: PoseSequence, noise_px: float, seed: int) -> PoseSequence:
    """``pose`` with Gaussian pixel noise on every point (a pose model's jitter)."""
    rng = np.random.default_rng(seed)
    return pose.with_points(pose.points_px + rng.normal(0.0, noise_px, pose.points_px.shape),
                            pose.visibility)  # fmt: skip


def bridge_front(height_px: Profile, right_foot_up: Profile, right_hip_drop_px: Profile):
    """Glute bridge filmed from the feet (front view): the trunk runs up the picture, the
    person's left on the image's right. ``height_px`` moves the hips up the picture as they
    lift; ``right_foot_up`` (0..1) lifts the right foot; ``right_hip_drop_px`` lowers the right
    side of the pelvis."""

    def draw(t: float) -> FloatArray:
        h, up, drop = height_px(t), right_foot_up(t), right_hip_drop_px(t)
        pts = {
            "left_shoulder": (360.0, 150.0), "right_shoulder": (280.0, 150.0),
            "left_hip": (345.0, 300.0 - h), "right_hip": (295.0, 300.0 - h + drop),
            "left_knee": (350.0, 260.0), "right_knee": (290.0, 260.0 - 40.0 * up),
            "left_ankle": (350.0, 380.0), "right_ankle": (290.0, 380.0 - 120.0 * up),
        }  # fmt: skip
        return _frame(pts, (320.0, 110.0))

    return draw
