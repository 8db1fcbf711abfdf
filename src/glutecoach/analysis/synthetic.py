"""Synthetic exercise series with KNOWN angles, drawn with the parametric skeleton.

For tests and demos only. The series builders return the pose, the per-frame truth fed to the
skeleton (``skeleton_model``) and the true reps; ``Corruption`` adds pixel noise, dropped frames,
outlier spikes and variable frame timing from a seeded ``numpy.random.Generator``. The skeleton's
public names (``LegPose``, ``Posture``, ``frontal_keypoints``, ``side_keypoints`` and the segment
lengths) are re-exported here.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np

from glutecoach.analysis.skeleton_model import (
    FOREARM,
    HEAD,
    HIP_WIDTH,
    SHANK,
    SHOULDER_WIDTH,
    THIGH,
    TRUNK,
    UPPER_ARM,
    LegPose,
    Posture,
    frontal_keypoints,
    side_keypoints,
)
from glutecoach.analysis.synthetic_support import (
    SYNTHETIC_BACKEND,
    Corruption,
    SyntheticSeries,
    ease,
    ease_at,
    finish_frames,
    legs_by_side,
    make_timestamps,
    reps_timeline,
    synthetic_pose,
    true_reps,
    values_per_rep,
)
from glutecoach.domain.pose import (
    FloatArray,
    FrontalView,
    LegSide,
    View,
)
from glutecoach.errors import AnalysisError

__all__ = [
    "FOREARM",
    "HEAD",
    "HIP_WIDTH",
    "SHANK",
    "SHOULDER_WIDTH",
    "SYNTHETIC_BACKEND",
    "THIGH",
    "TRUNK",
    "UPPER_ARM",
    "Corruption",
    "LegPose",
    "Posture",
    "SyntheticSeries",
    "band_walk_series",
    "double_leg_squat_series",
    "frontal_keypoints",
    "hip_hitch_series",
    "make_timestamps",
    "side_keypoints",
    "single_leg_squat_series",
]


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
    free_foot_down_reps: Sequence[int] = (),
    fps: float = 30.0,
    corruption: Corruption | None = None,
    seed: int = 0,
) -> SyntheticSeries:
    """Single-leg squats: each rep eases from standing to ``depth_deg`` of stance-knee flexion
    (``descent_s``), holds ``pause_s``, rises (``ascent_s``) and rests ``rest_s``. FPPA, pelvic
    drop and trunk lean grow with depth to their per-rep values at the bottom. The free leg is
    held with hip and knee bent; the stance thigh stays under the pelvis (hip adduction equals
    the pelvic drop). ``stance_sides`` may change between reps (the free foot then jumps).
    ``start_offset_s`` cuts that much off the start, e.g. to begin inside the first rep.
    In the reps listed in ``free_foot_down_reps`` (0-based) the free foot is put down beside the
    stance foot while the rep is past 85% of its depth (a loss of balance); truth
    ``free_foot_down`` is 1 in those frames."""
    rng, corr = np.random.default_rng(seed), corruption or Corruption()
    sides = [stance_sides] * n_reps if isinstance(stance_sides, str) else list(stance_sides)
    if len(sides) != n_reps:
        raise AnalysisError(f"stance_sides has {len(sides)} values for {n_reps} reps")
    per_rep = {
        "stance_knee_flexion_deg": values_per_rep(depth_deg, n_reps, "depth_deg"),
        "stance_knee_fppa_deg": values_per_rep(fppa_deg, n_reps, "fppa_deg"),
        "pelvic_drop_deg": values_per_rep(pelvic_drop_deg, n_reps, "pelvic_drop_deg"),
        "trunk_lean_deg": values_per_rep(trunk_lean_deg, n_reps, "trunk_lean_deg"),
    }
    period = descent_s + pause_s + ascent_s + rest_s
    starts = lead_in_s + period * np.arange(n_reps, dtype=np.float64) - start_offset_s
    times = make_timestamps(
        lead_in_s + period * n_reps - start_offset_s, fps, corr.frame_jitter, rng
    )
    which, progress = reps_timeline(times, starts, descent_s, pause_s, ascent_s)
    # A trailing 0 keeps the lookup valid when n_reps is 0 (then ``which`` is all zeros).
    truth = {name: progress * np.asarray([*v, 0.0])[which] for name, v in per_rep.items()}
    truth["stance_hip_abduction_deg"] = -truth["pelvic_drop_deg"]
    truth["stance_is_left"] = np.array([sides[k] == "left" for k in which], dtype=np.float64)
    down = np.isin(which, np.asarray(free_foot_down_reps, dtype=np.intp)) & (progress > 0.85)
    truth["free_foot_down"] = down.astype(np.float64)

    def draw(i: int) -> FloatArray:
        stance: LegSide = "left" if truth["stance_is_left"][i] else "right"
        knee = float(truth["stance_knee_flexion_deg"][i])
        stance_leg = LegPose(
            hip_abduction_deg=float(truth["stance_hip_abduction_deg"][i]),
            fppa_deg=float(truth["stance_knee_fppa_deg"][i]),
            thigh_flexion_deg=0.55 * knee,
            knee_flexion_deg=knee,
        )
        free_leg = LegPose(thigh_flexion_deg=35.0, knee_flexion_deg=90.0)
        if down[i]:  # the free foot comes down level with the stance foot
            free_leg = LegPose(0.0, 0.0, 0.55 * knee, knee)
        legs = legs_by_side(stance, stance_leg, free_leg)
        posture = Posture(
            stance, legs["left"], legs["right"], float(truth["pelvic_drop_deg"][i]),
            float(truth["trunk_lean_deg"][i]), trunk_flexion_deg=0.3 * knee,
        )  # fmt: skip
        if view == "side":
            return side_keypoints(posture)
        return frontal_keypoints(posture, view=view)

    points, vis = finish_frames(times, draw, view == "back", corr, rng)
    reps = true_reps(starts, descent_s, pause_s, ascent_s, sides, float(times[-1]))
    return SyntheticSeries(synthetic_pose(times, points, vis), truth, reps, view)


def double_leg_squat_series(
    *,
    n_reps: int = 5,
    view: View = "front",
    depth_deg: float | Sequence[float] = 90.0,
    fppa_deg: float | Sequence[float] = 0.0,
    trunk_flexion_deg: float | Sequence[float] = 30.0,
    stance_abduction_deg: float = 0.0,
    descent_s: float = 1.0,
    pause_s: float = 0.0,
    ascent_s: float = 1.0,
    rest_s: float = 1.0,
    lead_in_s: float = 1.0,
    fps: float = 30.0,
    corruption: Corruption | None = None,
    seed: int = 0,
) -> SyntheticSeries:
    """Two-leg squats (the ``squat`` and ``box-squat`` variations): both knees flex to
    ``depth_deg`` with the thighs at 55% of it, both knees cave in by ``fppa_deg`` (valgus) and
    the trunk flexes forward to ``trunk_flexion_deg`` at the bottom of each rep. The feet stand
    under the hips, or wider with ``stance_abduction_deg`` of hip abduction. True reps have
    side ``both``; the timing parameters are those of ``single_leg_squat_series``."""
    rng, corr = np.random.default_rng(seed), corruption or Corruption()
    per_rep = {
        "knee_flexion_deg": values_per_rep(depth_deg, n_reps, "depth_deg"),
        "knee_fppa_deg": values_per_rep(fppa_deg, n_reps, "fppa_deg"),
        "trunk_forward_lean_deg": values_per_rep(trunk_flexion_deg, n_reps, "trunk_flexion_deg"),
    }
    period = descent_s + pause_s + ascent_s + rest_s
    starts = lead_in_s + period * np.arange(n_reps, dtype=np.float64)
    times = make_timestamps(lead_in_s + period * n_reps, fps, corr.frame_jitter, rng)
    which, progress = reps_timeline(times, starts, descent_s, pause_s, ascent_s)
    truth = {name: progress * np.asarray([*v, 0.0])[which] for name, v in per_rep.items()}

    def draw(i: int) -> FloatArray:
        knee = float(truth["knee_flexion_deg"][i])
        leg = LegPose(stance_abduction_deg, float(truth["knee_fppa_deg"][i]), 0.55 * knee, knee)
        posture = Posture("left", leg, leg, 0.0, 0.0, float(truth["trunk_forward_lean_deg"][i]))
        if view == "side":
            return side_keypoints(posture)
        return frontal_keypoints(posture, view=view)

    points, vis = finish_frames(times, draw, view == "back", corr, rng)
    reps = true_reps(starts, descent_s, pause_s, ascent_s, ["both"] * n_reps, float(times[-1]))
    return SyntheticSeries(synthetic_pose(times, points, vis), truth, reps, view)


def hip_hitch_series(
    *,
    n_reps: int = 6,
    stance_side: LegSide | Sequence[LegSide] = "left",
    view: View = "front",
    drop_deg: float | Sequence[float] = 8.0,
    hike_deg: float = 4.0,
    trunk_lean_deg: float = 0.0,
    stance_knee_flexion_deg: float = 0.0,
    stance_knee_bend_deg: float = 0.0,
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
    unless ``stance_knee_flexion_deg`` is set; ``stance_knee_bend_deg`` more is added at the
    bottom of each rep (the knee helping to lower the body). The trunk leans ``trunk_lean_deg``
    toward the stance side while hitched (a compensation to detect). A floor hip hitch (lift
    from level) is ``hike_deg=0`` with a negative ``drop_deg``. ``stance_side`` may be one side
    per rep (the body then jumps to the new stance foot). In a side view the pelvic tilt shows
    as the free-side hip and leg sitting lower than the stance side."""
    rng, corr = np.random.default_rng(seed), corruption or Corruption()
    sides = [stance_side] * n_reps if isinstance(stance_side, str) else list(stance_side)
    if len(sides) != n_reps:
        raise AnalysisError(f"stance_side has {len(sides)} values for {n_reps} reps")
    drops = values_per_rep(drop_deg, n_reps, "drop_deg")
    period = lower_s + raise_s + rest_s
    starts = lead_in_s + period * np.arange(n_reps, dtype=np.float64)
    times = make_timestamps(lead_in_s + period * n_reps, fps, corr.frame_jitter, rng)
    which, depth = reps_timeline(times, starts, lower_s, 0.0, raise_s)
    hitch = ease(times / max(lead_in_s * 0.6, 1e-9))  # level -> hitched top in the lead-in
    drop = -hike_deg * hitch + depth * (np.asarray([*drops, 0.0])[which] + hike_deg)
    knee_flexion = stance_knee_flexion_deg + stance_knee_bend_deg * depth
    truth = {
        "pelvic_drop_deg": drop,
        "stance_hip_abduction_deg": -drop,
        "trunk_lean_deg": trunk_lean_deg * hitch * (1.0 - depth),
        "stance_knee_flexion_deg": np.asarray(knee_flexion, dtype=np.float64),
        "stance_is_left": np.array(
            [(sides[k] if sides else "left") == "left" for k in which], dtype=np.float64
        ),
    }

    def draw(i: int) -> FloatArray:
        stance: LegSide = "left" if truth["stance_is_left"][i] else "right"
        knee = float(knee_flexion[i])
        stance_leg = LegPose(float(-drop[i]), 0.0, 0.55 * knee, knee)
        legs = legs_by_side(stance, stance_leg, LegPose())
        posture = Posture(
            stance, legs["left"], legs["right"], float(drop[i]),
            float(truth["trunk_lean_deg"][i]),
        )  # fmt: skip
        if view == "side":
            return side_keypoints(posture, show_pelvic_drop=True)
        return frontal_keypoints(posture, view=view)

    points, vis = finish_frames(times, draw, view == "back", corr, rng)
    reps = true_reps(starts, lower_s, 0.0, raise_s, sides, float(times[-1]))
    return SyntheticSeries(synthetic_pose(times, points, vis), truth, reps, view)


def band_walk_series(
    *,
    directions: Sequence[LegSide] = ("left",) * 5 + ("right",) * 5,
    view: FrontalView = "front",
    rest_abduction_deg: float = 6.0,
    step_abduction_deg: float = 18.0,
    knee_flexion_deg: float = 30.0,
    knee_fppa_deg: float = 0.0,
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
    step along. The trunk sways ``trunk_sway_deg`` toward the leading side mid-step; both knees
    show ``knee_fppa_deg`` of valgus throughout. The true reps are the steps, their side the
    direction of travel."""
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
            lead_abd[i] = math.degrees(math.asin(s0 + (s1 - s0) * ease_at(u / 0.5)))
            lift[i] = 20.0 * math.sin(2.0 * math.pi * u)
        else:  # the body shifts over the planted leading foot, the trailing leg follows
            moved, follow = ease_at((u - 0.5) / 0.5), ease_at((u - 0.625) / 0.375)
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
        lead_leg = LegPose(float(lead_abd[i]), knee_fppa_deg, flex[0], flex[1] + float(lift[i]))
        trail_leg = LegPose(float(trail_abd[i]), knee_fppa_deg, *flex)
        legs = legs_by_side(lead_side[i], lead_leg, trail_leg)
        posture = Posture(lead_side[i], legs["left"], legs["right"], 0.0, float(sway[i]))
        origin = (320.0 + left_x * float(pelvis[i]), 250.0)
        return frontal_keypoints(posture, view=view, pin="pelvis", origin_px=origin)

    points, vis = finish_frames(times, draw, view == "back", corr, rng)
    reps = true_reps(starts, step_s / 2, 0.0, step_s / 2, list(directions), float(times[-1]))
    return SyntheticSeries(synthetic_pose(times, points, vis), truth, reps, view)
