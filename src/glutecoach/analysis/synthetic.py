"""A parametric 2D skeleton (BlazePose schema) that makes keypoint series with KNOWN angles.

For tests and demos only. A ``Posture`` sets the clinical angles directly and
``frontal_keypoints`` / ``side_keypoints`` draw the 33 landmarks so that ``angles.py`` must read
back exactly those values: in a front/back view stance and free-leg FPPA and hip abduction,
pelvic drop and trunk lean (sagittal flexion shows only as foreshortening, as an orthographic
camera would show it); in a side view knee flexion and trunk forward lean. The body is built in
an anatomical frame (x toward the person's LEFT, y up): a front view puts their left on screen
right, a back view on screen left. The series builders return the pose, the per-frame truth fed
to the skeleton and the true reps; ``Corruption`` adds pixel noise, dropped frames, outlier
spikes and variable frame timing from a seeded ``numpy.random.Generator``.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import numpy as np
from numpy.typing import NDArray

from glutecoach.analysis.skeleton import BLAZEPOSE_33
from glutecoach.domain.pose import (
    FloatArray,
    FrontalView,
    LegSide,
    PoseBackend,
    PoseSequence,
    Rep,
    Side,
    View,
)
from glutecoach.errors import AnalysisError

SYNTHETIC_BACKEND = PoseBackend(name="synthetic-skeleton", version="1")
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
) -> FloatArray:
    """``(33, 2)`` image points of ``posture`` seen from the side, the stance ankle at
    ``origin_px``, facing screen right (``facing_x_sign=1``) or left. Hips (and shoulders)
    overlap, so frontal angles are undefined here (NaN), as they should be."""
    h = height_px
    pts: dict[str, FloatArray] = {}
    for side in ("left", "right"):
        leg = posture.leg(side)
        hip = np.zeros(2)
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


@dataclass(frozen=True)
class Corruption:
    """Ways to spoil a clean series. ``dropout_fraction`` of frames lose the person (NaN,
    visibility 0); ``spike_fraction`` of (frame, keypoint) pairs jump ``spike_px``;
    ``frame_jitter`` varies each frame interval by up to that fraction."""

    noise_px: float = 0.0
    dropout_fraction: float = 0.0
    spike_fraction: float = 0.0
    spike_px: float = 40.0
    frame_jitter: float = 0.0


@dataclass(frozen=True, eq=False)
class SyntheticSeries:
    """A synthetic clip: the pose, the per-frame values fed to the skeleton, the true reps."""

    pose: PoseSequence
    truth: dict[str, FloatArray]
    reps: tuple[Rep, ...]
    view: View


def make_timestamps(
    duration_s: float, fps: float, jitter: float, rng: np.random.Generator
) -> FloatArray:
    """Frame times from 0 to ``duration_s`` at ``fps``, each interval varied by ±``jitter``."""
    n = int(duration_s * fps * 1.5) + 2
    steps = (1.0 + jitter * rng.uniform(-1.0, 1.0, n)) / fps
    times = np.concatenate([[0.0], np.cumsum(steps)])
    return np.asarray(times[times <= duration_s], dtype=np.float64)


def _ease(u: FloatArray) -> FloatArray:
    return np.asarray(0.5 - 0.5 * np.cos(np.pi * np.clip(u, 0.0, 1.0)), dtype=np.float64)


def _ease_at(u: float) -> float:
    return float(_ease(np.asarray(u)))


def _per_rep(value: float | Sequence[float], n: int, name: str) -> list[float]:
    if isinstance(value, int | float):
        return [float(value)] * n
    values = [float(v) for v in value]
    if len(values) != n:
        raise AnalysisError(f"{name} has {len(values)} values for {n} reps")
    return values


def _finish(
    times: FloatArray,
    draw: Callable[[int], FloatArray],
    face_hidden: bool,
    corruption: Corruption,
    rng: np.random.Generator,
) -> tuple[FloatArray, FloatArray]:
    """Draw every frame, then corrupt: returns points (T, 33, 2) and visibility (T, 33)."""
    points = np.stack([draw(i) for i in range(times.size)])
    vis = np.full(points.shape[:2], 0.95)
    if face_hidden:
        vis[:, :11] = 0.3
    if corruption.noise_px > 0:
        points = points + rng.normal(0.0, corruption.noise_px, points.shape)
    if corruption.spike_fraction > 0:
        hit = rng.random(points.shape[:2]) < corruption.spike_fraction
        angle = rng.uniform(0.0, 2 * np.pi, int(hit.sum()))
        points[hit] += corruption.spike_px * np.stack([np.cos(angle), np.sin(angle)], axis=-1)
    if corruption.dropout_fraction > 0:
        lost = rng.random(times.size) < corruption.dropout_fraction
        points[lost] = np.nan
        vis[lost] = 0.0
    return points, vis


def _pose(times: FloatArray, points: FloatArray, vis: FloatArray) -> PoseSequence:
    return PoseSequence(times, points, vis, BLAZEPOSE_33, (640, 480), SYNTHETIC_BACKEND)


def _reps_timeline(
    times: FloatArray, starts: FloatArray, down_s: float, pause_s: float, up_s: float
) -> tuple[NDArray[np.intp], FloatArray]:
    """For each frame: the index of the rep that governs it and its progress 0..1 (0 at rest,
    1 at the extreme), easing down over ``down_s``, holding ``pause_s``, easing up over ``up_s``.
    """
    if starts.size == 0:
        return np.zeros(times.size, dtype=np.intp), np.zeros(times.size)
    which = np.clip(np.searchsorted(starts, times, side="right") - 1, 0, starts.size - 1)
    local = times - starts[which]
    rising = 1.0 - _ease((local - down_s - pause_s) / up_s)
    progress = np.where(local < down_s, _ease(local / down_s), np.minimum(rising, 1.0))
    return which, np.where(local < 0, 0.0, progress)


def _true_reps(
    starts: FloatArray,
    down_s: float,
    pause_s: float,
    up_s: float,
    sides: Sequence[Side],
    end: float,
) -> tuple[Rep, ...]:
    """The reps as generated, on the clip's timeline; reps cut by the clip are partial."""
    reps: list[Rep] = []
    for start, side in zip(starts.tolist(), sides, strict=True):
        stop = start + down_s + pause_s + up_s
        if stop <= 0 or start >= end:
            continue
        cut = start < 0 or stop > end
        bottom = min(max(start + down_s + pause_s / 2, 0.0), end)
        reps.append(
            Rep(len(reps) + 1, side, max(start, 0.0), bottom, min(stop, end), not cut,
                "partial" if cut else None, cut)
        )  # fmt: skip
    return tuple(reps)


def _legs(stance: LegSide, stance_leg: LegPose, free_leg: LegPose) -> dict[str, LegPose]:
    return {"left": stance_leg, "right": free_leg} if stance == "left" else {
        "left": free_leg, "right": stance_leg}  # fmt: skip


def single_leg_squat_series(
    *,
    n_reps: int = 5,
    stance_sides: LegSide | Sequence[LegSide] = "left",
    view: View = "front",
    depth_deg: float | Sequence[float] = 60.0,
    fppa_deg: float | Sequence[float] = 10.0,
    pelvic_drop_deg: float | Sequence[float] = 4.0,
    trunk_lean_deg: float | Sequence[float] = 3.0,
    descent_s: float = 1.0,
    pause_s: float = 0.0,
    ascent_s: float = 1.0,
    rest_s: float = 1.0,
    lead_in_s: float = 1.0,
    start_offset_s: float = 0.0,
    fps: float = 30.0,
    corruption: Corruption | None = None,
    seed: int = 0,
) -> SyntheticSeries:
    """Single-leg squats: each rep eases from standing to ``depth_deg`` of stance-knee flexion
    (``descent_s``), holds ``pause_s``, rises (``ascent_s``) and rests ``rest_s``. FPPA, pelvic
    drop and trunk lean grow with depth to their per-rep values at the bottom. The free leg is
    held with hip and knee bent; the stance thigh stays under the pelvis (hip adduction equals
    the pelvic drop). ``stance_sides`` may change between reps (the free foot then jumps).
    ``start_offset_s`` cuts that much off the start, e.g. to begin inside the first rep."""
    rng, corr = np.random.default_rng(seed), corruption or Corruption()
    sides = [stance_sides] * n_reps if isinstance(stance_sides, str) else list(stance_sides)
    if len(sides) != n_reps:
        raise AnalysisError(f"stance_sides has {len(sides)} values for {n_reps} reps")
    per_rep = {
        "stance_knee_flexion_deg": _per_rep(depth_deg, n_reps, "depth_deg"),
        "stance_knee_fppa_deg": _per_rep(fppa_deg, n_reps, "fppa_deg"),
        "pelvic_drop_deg": _per_rep(pelvic_drop_deg, n_reps, "pelvic_drop_deg"),
        "trunk_lean_deg": _per_rep(trunk_lean_deg, n_reps, "trunk_lean_deg"),
    }
    period = descent_s + pause_s + ascent_s + rest_s
    starts = lead_in_s + period * np.arange(n_reps, dtype=np.float64) - start_offset_s
    times = make_timestamps(
        lead_in_s + period * n_reps - start_offset_s, fps, corr.frame_jitter, rng
    )
    which, progress = _reps_timeline(times, starts, descent_s, pause_s, ascent_s)
    # A trailing 0 keeps the lookup valid when n_reps is 0 (then ``which`` is all zeros).
    truth = {name: progress * np.asarray([*v, 0.0])[which] for name, v in per_rep.items()}
    truth["stance_hip_abduction_deg"] = -truth["pelvic_drop_deg"]
    truth["stance_is_left"] = np.array([sides[k] == "left" for k in which], dtype=np.float64)

    def draw(i: int) -> FloatArray:
        stance: LegSide = "left" if truth["stance_is_left"][i] else "right"
        knee = float(truth["stance_knee_flexion_deg"][i])
        stance_leg = LegPose(
            hip_abduction_deg=float(truth["stance_hip_abduction_deg"][i]),
            fppa_deg=float(truth["stance_knee_fppa_deg"][i]),
            thigh_flexion_deg=0.55 * knee,
            knee_flexion_deg=knee,
        )
        legs = _legs(stance, stance_leg, LegPose(thigh_flexion_deg=35.0, knee_flexion_deg=90.0))
        posture = Posture(
            stance, legs["left"], legs["right"], float(truth["pelvic_drop_deg"][i]),
            float(truth["trunk_lean_deg"][i]), trunk_flexion_deg=0.3 * knee,
        )  # fmt: skip
        if view == "side":
            return side_keypoints(posture)
        return frontal_keypoints(posture, view=view)

    points, vis = _finish(times, draw, view == "back", corr, rng)
    reps = _true_reps(starts, descent_s, pause_s, ascent_s, sides, float(times[-1]))
    return SyntheticSeries(_pose(times, points, vis), truth, reps, view)


def hip_hitch_series(
    *,
    n_reps: int = 6,
    stance_side: LegSide = "left",
    view: FrontalView = "front",
    drop_deg: float | Sequence[float] = 8.0,
    hike_deg: float = 4.0,
    trunk_lean_deg: float = 0.0,
    stance_knee_flexion_deg: float = 0.0,
    lower_s: float = 1.0,
    raise_s: float = 1.0,
    rest_s: float = 1.0,
    lead_in_s: float = 1.0,
    fps: float = 30.0,
    corruption: Corruption | None = None,
    seed: int = 0,
) -> SyntheticSeries:
    """Hip hitches standing on ``stance_side`` on a step: the free side starts level, hitches up
    ``hike_deg`` during the lead-in and rests there; each rep lowers it to ``drop_deg`` below
    level (``lower_s``) and lifts it back to the hitched top (``raise_s``). Knees stay straight
    unless ``stance_knee_flexion_deg`` is set; the trunk leans ``trunk_lean_deg`` toward the
    stance side while hitched (a compensation to detect)."""
    rng, corr = np.random.default_rng(seed), corruption or Corruption()
    drops = _per_rep(drop_deg, n_reps, "drop_deg")
    period = lower_s + raise_s + rest_s
    starts = lead_in_s + period * np.arange(n_reps, dtype=np.float64)
    times = make_timestamps(lead_in_s + period * n_reps, fps, corr.frame_jitter, rng)
    which, depth = _reps_timeline(times, starts, lower_s, 0.0, raise_s)
    hitch = _ease(times / max(lead_in_s * 0.6, 1e-9))  # level -> hitched top in the lead-in
    drop = -hike_deg * hitch + depth * (np.asarray([*drops, 0.0])[which] + hike_deg)
    truth = {
        "pelvic_drop_deg": drop,
        "stance_hip_abduction_deg": -drop,
        "trunk_lean_deg": trunk_lean_deg * hitch * (1.0 - depth),
        "stance_knee_flexion_deg": np.full(times.size, float(stance_knee_flexion_deg)),
    }

    def draw(i: int) -> FloatArray:
        knee = stance_knee_flexion_deg
        stance_leg = LegPose(float(-drop[i]), 0.0, 0.55 * knee, knee)
        legs = _legs(stance_side, stance_leg, LegPose())
        posture = Posture(
            stance_side, legs["left"], legs["right"], float(drop[i]),
            float(truth["trunk_lean_deg"][i]),
        )  # fmt: skip
        return frontal_keypoints(posture, view=view)

    points, vis = _finish(times, draw, view == "back", corr, rng)
    reps = _true_reps(starts, lower_s, 0.0, raise_s, [stance_side] * n_reps, float(times[-1]))
    return SyntheticSeries(_pose(times, points, vis), truth, reps, view)


def band_walk_series(
    *,
    directions: Sequence[LegSide] = ("left",) * 5 + ("right",) * 5,
    view: FrontalView = "front",
    rest_abduction_deg: float = 6.0,
    step_abduction_deg: float = 18.0,
    knee_flexion_deg: float = 30.0,
    trunk_sway_deg: float = 0.0,
    step_s: float = 1.0,
    turn_pause_s: float = 0.8,
    lead_in_s: float = 1.0,
    fps: float = 30.0,
    corruption: Corruption | None = None,
    seed: int = 0,
) -> SyntheticSeries:
    """Lateral band walk in a half-squat, one step per entry of ``directions`` (the side of the
    person they travel toward). In the first half of a step the leading leg abducts from
    ``rest_abduction_deg`` to ``step_abduction_deg`` with the foot lifted; in the second half
    the body shifts over the planted leading foot while the trailing leg follows, ending one
    step along. The trunk sways ``trunk_sway_deg`` toward the leading side mid-step. The true
    reps are the steps, their side the direction of travel."""
    rng, corr = np.random.default_rng(seed), corruption or Corruption()
    turns = np.cumsum([k > 0 and d != directions[k - 1] for k, d in enumerate(directions)])
    starts = lead_in_s + step_s * np.arange(len(directions)) + turn_pause_s * turns
    end = float(starts[-1]) + step_s + lead_in_s if len(directions) else 2 * lead_in_s
    times = make_timestamps(end, fps, corr.frame_jitter, rng)
    flex = (0.55 * knee_flexion_deg, knee_flexion_deg)
    leg_px = 400.0 * (
        THIGH * math.cos(math.radians(flex[0])) + SHANK * math.cos(math.radians(flex[0] - flex[1]))
    )
    s0, s1 = math.sin(math.radians(rest_abduction_deg)), math.sin(math.radians(step_abduction_deg))
    shift = leg_px * (s1 - s0)  # how far the pelvis travels per step (px)
    signs = np.array([1.0 if d == "left" else -1.0 for d in directions])
    before = np.concatenate([[0.0], np.cumsum(signs) * shift])  # pelvis before each step
    n = times.size
    pelvis, sway, lift = np.zeros(n), np.zeros(n), np.zeros(n)
    lead_abd, trail_abd = np.full(n, rest_abduction_deg), np.full(n, rest_abduction_deg)
    lead_side: list[LegSide] = ["left"] * n
    for i, t in enumerate(times.tolist()):
        k = int(np.searchsorted(starts, t, side="right")) - 1
        if k < 0:
            continue
        lead_side[i] = directions[k]
        u = (t - starts[k]) / step_s
        if u >= 1.0:
            pelvis[i] = before[k + 1]
        elif u < 0.5:  # the leading leg reaches out, foot lifted
            pelvis[i] = before[k]
            lead_abd[i] = math.degrees(math.asin(s0 + (s1 - s0) * _ease_at(u / 0.5)))
            lift[i] = 20.0 * math.sin(2.0 * math.pi * u)
        else:  # the body shifts over the planted leading foot, the trailing leg follows
            moved, follow = _ease_at((u - 0.5) / 0.5), _ease_at((u - 0.625) / 0.375)
            pelvis[i] = before[k] + signs[k] * shift * moved
            lead_abd[i] = math.degrees(math.asin(s1 - (s1 - s0) * moved))
            trail_abd[i] = math.degrees(math.asin(s0 + (s1 - s0) * (moved - follow)))
        sway[i] = trunk_sway_deg * math.sin(math.pi * min(u, 1.0))
    truth = {
        "pelvis_lateral_px": pelvis,
        "trunk_lean_deg": sway,
        "lead_hip_abduction_deg": lead_abd,
    }
    left_x = 1.0 if view == "front" else -1.0

    def draw(i: int) -> FloatArray:
        lead_leg = LegPose(float(lead_abd[i]), 0.0, flex[0], flex[1] + float(lift[i]))
        legs = _legs(lead_side[i], lead_leg, LegPose(float(trail_abd[i]), 0.0, *flex))
        posture = Posture(lead_side[i], legs["left"], legs["right"], 0.0, float(sway[i]))
        origin = (320.0 + left_x * float(pelvis[i]), 250.0)
        return frontal_keypoints(posture, view=view, pin="pelvis", origin_px=origin)

    points, vis = _finish(times, draw, view == "back", corr, rng)
    reps = _true_reps(starts, step_s / 2, 0.0, step_s / 2, list(directions), float(times[-1]))
    return SyntheticSeries(_pose(times, points, vis), truth, reps, view)
