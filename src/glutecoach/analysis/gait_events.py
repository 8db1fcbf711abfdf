"""Running step events from 2D keypoints: midstance, foot contact and toe-off for each step.

The method works the same from the side, from behind and from the front, and does not trust the
pose model's left/right labels (side-view models swap the legs often):

1. Midstance: the pelvis is lowest once per step (the stance knee bends most as the body passes
   over the foot). The mid-hip height, detrended with a moving average over
   ``detrend_window_s``, peaks (image y down) once per step; peaks closer than ``min_step_s``
   or less prominent than ``bounce_prominence`` of the signal's 5-95 % range are ignored.
2. Stance foot: the foot lower in the image at midstance (the other one is in swing).
3. Side: running strictly alternates, so within each run of steps no longer than
   ``max_step_s`` apart the sides alternate; the phase that agrees with most of the per-step
   "lower foot" votes is kept, and the share of votes it agrees with is reported.
4. Contact and toe-off: from midstance, walk back (forward) in time while the stance foot stays
   within ``ground_tolerance_ratio`` leg lengths of its midstance height; the last frame still
   on the ground is the contact (toe-off). Both use the real frame timestamps, so their
   accuracy is one frame interval (33 ms at 30 fps).

``frontal_series``, ``frontal_step_metrics`` and ``side_step_metrics`` read each step's
metrics (documented in ``gait``). Assumes a fixed camera and a runner staying in frame (a
treadmill, or a track with a panning camera kept level).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray
from scipy.ndimage import uniform_filter1d
from scipy.signal import find_peaks

from glutecoach.analysis import angles
from glutecoach.domain.pose import FloatArray, LegSide, PoseSequence, View
from glutecoach.errors import AnalysisError


@dataclass(frozen=True)
class StepEventParams:
    """Step-detection parameters and why.

    * ``min_step_s`` = 0.22: no runner takes more than ~270 steps a minute.
    * ``max_step_s`` = 0.6: slower than 100 steps/min is walking or a gap in the track; the
      side alternation restarts after such a gap.
    * ``detrend_window_s`` = 1.0: about three steps; removes slow drift (camera, treadmill
      position) but keeps the once-per-step bounce.
    * ``bounce_prominence`` = 0.3: a pelvis low point must stand out by 30 % of the bounce's
      5-95 % range, so pose jitter does not create steps.
    * ``min_bounce_ratio`` = 0.02: the pelvis must bob by at least 2 % of a leg length (5-95 %
      range) for the clip to count as running; runners bob 6-10 cm on a ~90 cm leg, standing
      still gives pose jitter only.
    * ``ground_tolerance_ratio`` = 0.06: a foot within 6 % of a leg length of its midstance
      height counts as on the ground (about 5 cm for a 90 cm leg; pose jitter is 1-2 %).
    """

    min_step_s: float = 0.22
    max_step_s: float = 0.6
    detrend_window_s: float = 1.0
    bounce_prominence: float = 0.3
    min_bounce_ratio: float = 0.02
    ground_tolerance_ratio: float = 0.06

    def __post_init__(self) -> None:
        values = (self.min_step_s, self.max_step_s, self.detrend_window_s)
        if not all(math.isfinite(v) and v > 0 for v in values):
            raise AnalysisError("step timing parameters must be positive numbers")
        if self.min_step_s >= self.max_step_s:
            raise AnalysisError("min_step_s must be below max_step_s")
        if not 0.0 < self.bounce_prominence < 1.0:
            raise AnalysisError("bounce_prominence must be in (0, 1)")
        if not 0.0 <= self.min_bounce_ratio < 1.0:
            raise AnalysisError("min_bounce_ratio must be in [0, 1)")
        if not 0.0 < self.ground_tolerance_ratio < 0.5:
            raise AnalysisError("ground_tolerance_ratio must be in (0, 0.5)")


@dataclass(frozen=True)
class StepEvent:
    """Frame indices of one step. ``foot`` is the keypoint side whose foot was lower at
    midstance (the physical stance foot as the model labelled it); ``side`` is the stance side
    after enforcing alternation. ``toe_off`` is None when lift-off was not seen."""

    side: LegSide
    foot: LegSide
    contact: int
    midstance: int
    toe_off: int | None


@dataclass(frozen=True)
class StepDetection:
    steps: tuple[StepEvent, ...]
    side_agreement: float
    leg_length_px: float


def _interp_nans(values: FloatArray, times: FloatArray) -> FloatArray:
    ok = np.isfinite(values)
    if ok.sum() < 2:
        return np.full_like(values, np.nan)
    return np.asarray(np.interp(times, times[ok], values[ok]), dtype=np.float64)


def leg_length_px(pose: PoseSequence) -> float:
    """Median hip-knee plus knee-ankle length over both legs (pixels)."""
    lengths: list[FloatArray] = []
    for side in ("left", "right"):
        hip, knee, ankle = (pose.point(f"{side}_{j}") for j in ("hip", "knee", "ankle"))
        lengths.append(np.linalg.norm(knee - hip, axis=1) + np.linalg.norm(ankle - knee, axis=1))
    both = np.concatenate(lengths)
    both = both[np.isfinite(both)]
    if both.size == 0 or float(np.median(both)) <= 0:
        raise AnalysisError("the legs are never visible, so no step can be found")
    return float(np.median(both))


def foot_height_px(pose: PoseSequence, side: LegSide) -> FloatArray:
    """The lowest point of one foot in the image (largest y of ankle, heel and toe), per frame:
    the heel at a heel strike, the whole foot at midstance, the toe at toe-off."""
    ankle = pose.point(f"{side}_ankle")[:, 1]
    heel = pose.point(f"{side}_heel")[:, 1]
    toe = pose.point(f"{side}_foot_index")[:, 1]
    return np.asarray(np.fmax(np.fmax(ankle, heel), toe), dtype=np.float64)


def _midstances(
    pose: PoseSequence, p: StepEventParams, leg: float
) -> tuple[NDArray[np.intp], FloatArray]:
    times = pose.timestamps_s
    mid_y = (pose.point("left_hip")[:, 1] + pose.point("right_hip")[:, 1]) / 2.0
    filled = _interp_nans(mid_y, times)
    if not np.isfinite(filled).any() or times.size < 4:
        raise AnalysisError("the hips are not visible long enough to find any step")
    dt = float(np.median(np.diff(times)))
    window = max(3, round(p.detrend_window_s / dt) | 1)
    bounce = filled - uniform_filter1d(filled, size=window, mode="nearest")
    spread = float(np.percentile(bounce, 95) - np.percentile(bounce, 5))
    if spread <= max(0.0, p.min_bounce_ratio * leg):
        return np.zeros(0, dtype=np.intp), bounce
    peaks, _ = find_peaks(
        bounce,
        distance=max(1, int(p.min_step_s / dt)),
        prominence=p.bounce_prominence * spread,
    )
    peaks = np.asarray([i for i in peaks if np.isfinite(mid_y[i])], dtype=np.intp)
    return peaks, bounce


def _alternate(
    votes: list[LegSide], times: list[float], max_gap: float
) -> tuple[list[LegSide], int]:
    """Sides alternating within each run of steps, phased to agree with most votes."""
    sides: list[LegSide] = []
    agree = 0
    start = 0
    for end in range(1, len(votes) + 1):
        if end < len(votes) and times[end] - times[end - 1] <= max_gap:
            continue
        run = votes[start:end]
        pattern_a: list[LegSide] = ["left" if k % 2 == 0 else "right" for k in range(len(run))]
        pattern_b: list[LegSide] = ["right" if k % 2 == 0 else "left" for k in range(len(run))]
        score_a = sum(v == s for v, s in zip(run, pattern_a, strict=True))
        score_b = len(run) - score_a
        chosen = pattern_a if score_a >= score_b else pattern_b
        agree += max(score_a, score_b)
        sides.extend(chosen)
        start = end
    return sides, agree


def _vote(left: float, right: float, ground: dict[str, float], tol: float) -> LegSide | None:
    """The foot lower in the image; with one foot hidden, the visible one if it is near its
    usual ground level, else the hidden one; None when neither foot is seen."""
    if np.isfinite(left) and np.isfinite(right):
        return "left" if left >= right else "right"
    if np.isfinite(left):
        return "left" if left >= ground["left"] - 2 * tol else "right"
    if np.isfinite(right):
        return "right" if right >= ground["right"] - 2 * tol else "left"
    return None


def _ground_walk(
    foot_y: FloatArray, start: int, stop: int, step: int, ground: float, tol: float
) -> tuple[int, bool]:
    """From ``start`` walk by ``step`` toward ``stop`` (exclusive) while the foot stays within
    ``tol`` of ``ground``; the last frame on the ground and whether it lifted before ``stop``."""
    last = start
    j = start + step
    while j != stop:
        y = foot_y[j]
        if np.isfinite(y) and y < ground - tol:
            return last, True
        last = j
        j += step
    return last, False


def detect_steps(pose: PoseSequence, params: StepEventParams | None = None) -> StepDetection:
    """Find the steps of a running clip (see the module docstring)."""
    p = params or StepEventParams()
    leg = leg_length_px(pose)
    peaks, _ = _midstances(pose, p, leg)
    feet = {side: foot_height_px(pose, side) for side in ("left", "right")}
    times = pose.timestamps_s
    votes: list[LegSide] = []
    kept: list[int] = []
    tol = p.ground_tolerance_ratio * leg
    ground_level = {
        side: float(np.nanpercentile(y, 90)) if np.isfinite(y).any() else math.nan
        for side, y in feet.items()
    }
    for m in peaks.tolist():
        vote = _vote(feet["left"][m], feet["right"][m], ground_level, tol)
        if vote is not None:
            votes.append(vote)
            kept.append(m)
    if not kept:
        return StepDetection((), 0.0, leg)
    sides, agree = _alternate(votes, [float(times[m]) for m in kept], p.max_step_s)
    n = times.size
    steps: list[StepEvent] = []
    for k, m in enumerate(kept):
        foot_y = feet[votes[k]]
        ground = float(foot_y[m])
        half = round(p.max_step_s / float(np.median(np.diff(times))))
        lower = max(kept[k - 1] if k > 0 else -1, m - half - 1, -1)
        upper = min(kept[k + 1] if k + 1 < len(kept) else n, m + half + 1, n)
        contact, _ = _ground_walk(foot_y, m, lower, -1, ground, tol)
        toe_off, lifted = _ground_walk(foot_y, m, upper, 1, ground, tol)
        steps.append(StepEvent(sides[k], votes[k], contact, m, toe_off if lifted else None))
    return StepDetection(tuple(steps), agree / len(kept), leg)


def _at(series: FloatArray, i: int) -> float | None:
    value = float(series[i])
    return value if math.isfinite(value) else None


def _put(metrics: dict[str, float], name: str, value: float | None) -> None:
    if value is not None and math.isfinite(value):
        metrics[name] = value


def frontal_series(pose: PoseSequence, view: View) -> dict[str, FloatArray]:
    pt = pose.point
    out: dict[str, FloatArray] = {}
    for side in ("left", "right"):
        out[f"pelvic_drop_{side}_stance_deg"] = angles.pelvic_drop(
            pt("left_hip"), pt("right_hip"), stance_side=side, view=view
        )
        out[f"knee_fppa_{side}_deg"] = angles.knee_fppa(
            pt(f"{side}_hip"), pt(f"{side}_knee"), pt(f"{side}_ankle"), side=side, view=view
        )
        out[f"trunk_lean_{side}_stance_deg"] = angles.trunk_lean(
            pt("left_hip"),
            pt("right_hip"),
            pt("left_shoulder"),
            pt("right_shoulder"),
            stance_side=side,
            view=view,
        )
    return out


def frontal_step_metrics(
    pose: PoseSequence, view: View, series: dict[str, FloatArray], step: StepEvent
) -> dict[str, float]:
    side, m = step.side, step.midstance
    metrics: dict[str, float] = {}
    drop = series[f"pelvic_drop_{side}_stance_deg"]
    _put(metrics, "pelvic_drop_deg", _at(drop, m))
    end = step.toe_off if step.toe_off is not None else m
    window = drop[step.contact : end + 1]
    if np.isfinite(window).any():
        metrics["pelvic_drop_peak_deg"] = float(np.nanmax(window))
    _put(metrics, "knee_fppa_deg", _at(series[f"knee_fppa_{side}_deg"], m))
    _put(metrics, "trunk_lean_deg", _at(series[f"trunk_lean_{side}_stance_deg"], m))
    lh, rh = pose.point("left_hip")[m], pose.point("right_hip")[m]
    width = abs(float(lh[0] - rh[0]))
    ankle_x = float(pose.point(f"{side}_ankle")[m, 0])
    if width > 0 and math.isfinite(ankle_x):
        lateral = angles.lateral_x_sign(side, view)
        _put(metrics, "foot_midline_ratio", lateral * (ankle_x - (lh[0] + rh[0]) / 2) / width)
    return metrics


def side_step_metrics(
    pose: PoseSequence, facing: float, leg_px: float, step: StepEvent, times: FloatArray
) -> dict[str, float]:
    pt, foot, c, m = pose.point, step.foot, step.contact, step.midstance
    hip, knee, ankle = pt(f"{foot}_hip"), pt(f"{foot}_knee"), pt(f"{foot}_ankle")
    mid_hip = angles.midpoint(pt("left_hip"), pt("right_hip"))
    mid_sh = angles.midpoint(pt("left_shoulder"), pt("right_shoulder"))
    flexion = angles.knee_flexion_proxy(hip, knee, ankle)
    metrics: dict[str, float] = {}
    _put(metrics, "knee_flexion_contact_deg", _at(flexion, c))
    _put(metrics, "knee_flexion_midstance_deg", _at(flexion, m))
    if step.toe_off is not None:
        metrics["contact_time_s"] = float(times[step.toe_off] - times[c])
    if not math.isfinite(facing):  # direction unknown: the directional measures are left out
        return metrics
    _put(metrics, "overstride_ratio", facing * float(ankle[c, 0] - mid_hip[c, 0]) / leg_px)
    dx, dy_down = float(ankle[c, 0] - knee[c, 0]), float(ankle[c, 1] - knee[c, 1])
    if math.isfinite(dx) and math.isfinite(dy_down) and (dx, dy_down) != (0.0, 0.0):
        metrics["shank_angle_contact_deg"] = math.degrees(math.atan2(facing * dx, dy_down))
    lean = angles.trunk_forward_lean(mid_hip[m], mid_sh[m], facing_x_sign=facing)
    _put(metrics, "trunk_forward_lean_deg", float(lean))
    return metrics
