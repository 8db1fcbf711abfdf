"""The timeline and corruption machinery behind the synthetic series (``synthetic``).

Frame times with jitter, eased rep schedules and their true reps, drawing every frame of a
series and spoiling it with noise, dropped frames and spikes from a seeded generator.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from glutecoach.analysis.skeleton import BLAZEPOSE_33
from glutecoach.analysis.skeleton_model import LegPose
from glutecoach.domain.pose import FloatArray, LegSide, PoseBackend, PoseSequence, Rep, Side, View
from glutecoach.errors import AnalysisError

SYNTHETIC_BACKEND = PoseBackend(name="synthetic-skeleton", version="1")


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


def ease(u: FloatArray) -> FloatArray:
    return np.asarray(0.5 - 0.5 * np.cos(np.pi * np.clip(u, 0.0, 1.0)), dtype=np.float64)


def ease_at(u: float) -> float:
    return float(ease(np.asarray(u)))


def values_per_rep(value: float | Sequence[float], n: int, name: str) -> list[float]:
    if isinstance(value, int | float):
        return [float(value)] * n
    values = [float(v) for v in value]
    if len(values) != n:
        raise AnalysisError(f"{name} has {len(values)} values for {n} reps")
    return values


def finish_frames(
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


def synthetic_pose(times: FloatArray, points: FloatArray, vis: FloatArray) -> PoseSequence:
    return PoseSequence(times, points, vis, BLAZEPOSE_33, (640, 480), SYNTHETIC_BACKEND)


def reps_timeline(
    times: FloatArray, starts: FloatArray, down_s: float, pause_s: float, up_s: float
) -> tuple[NDArray[np.intp], FloatArray]:
    """For each frame: the index of the rep that governs it and its progress 0..1 (0 at rest,
    1 at the extreme), easing down over ``down_s``, holding ``pause_s``, easing up over ``up_s``.
    """
    if starts.size == 0:
        return np.zeros(times.size, dtype=np.intp), np.zeros(times.size)
    which = np.clip(np.searchsorted(starts, times, side="right") - 1, 0, starts.size - 1)
    local = times - starts[which]
    rising = 1.0 - ease((local - down_s - pause_s) / up_s)
    progress = np.where(local < down_s, ease(local / down_s), np.minimum(rising, 1.0))
    return which, np.where(local < 0, 0.0, progress)


def true_reps(
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


def legs_by_side(stance: LegSide, stance_leg: LegPose, free_leg: LegPose) -> dict[str, LegPose]:
    return {"left": stance_leg, "right": free_leg} if stance == "left" else {
        "left": free_leg, "right": stance_leg}  # fmt: skip
