"""The signal chain for keypoint and angle series, on real (possibly irregular) timestamps.

Order of the steps in ``clean_signal`` (each is also a public function):

1. **Confidence gating**: a sample whose visibility is below ``min_visibility`` becomes NaN.
2. **Hampel outlier rejection**: a sample further than ``hampel_n_sigmas`` robust standard
   deviations (1.4826 x MAD) from the median of the samples within ``hampel_window_s`` around it
   becomes NaN. Rejecting before filling turns an outlier into a gap, so the gap rule below
   decides whether it is bridged; a value is never invented over a longer span than that.
3. **Short-gap filling**: linear interpolation across gaps up to ``max_gap_s``; longer gaps,
   and gaps at either end of the clip, stay NaN (nothing is extrapolated).
4. **Zero-phase Butterworth low-pass** (``cutoff_hz``, ``filter_order``; forward-backward, so
   no lag): each contiguous finite run is filtered on its own. A run sampled at a variable
   frame rate is resampled onto a uniform grid at the series' typical rate, filtered, and
   interpolated back to the original timestamps. Runs too short for the filter's edge padding
   are left unfiltered and flagged in ``CleanedSignal.short_run``.

Parameters live in the frozen ``SignalParams`` (overridden with
``domain.overrides.apply_overrides``, like every parameter object).
"""

from __future__ import annotations

import dataclasses
import math
import warnings
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray
from scipy import signal as sps

from glutecoach.domain.pose import BoolArray, FloatArray, PoseSequence
from glutecoach.errors import AnalysisError, InputError

IndexArray = NDArray[np.intp]


@dataclass(frozen=True)
class SignalParams:
    """Parameters of the signal chain, with their defaults and why.

    * ``min_visibility`` = 0.5: the pose back end's own "probably visible" cut-off.
    * ``max_gap_s`` = 0.25: about 7 frames at 30 fps; over so short a gap a slow exercise moves
      close to a straight line. Longer gaps stay missing and make a rep not measurable.
    * ``hampel_window_s`` = 0.5: the full width of the centred window (±0.25 s), long enough to
      hold ~15 frames at 30 fps, short enough to follow a 2-second rep.
    * ``hampel_n_sigmas`` = 3.0: the usual Hampel / Pearson rule.
    * ``cutoff_hz`` = 6.0, ``filter_order`` = 4: the zero-phase 6 Hz Butterworth low-pass used
      for human movement kinematics (Sports2D/Pose2Sim default); strength exercises have almost
      no content above 3 Hz. Set ``cutoff_hz`` to 0 to switch the low-pass off.
    * ``hampel_edge_growth`` = 1.5: a run of flagged samples at a clip's end is a movement when
      its last sample is at least 1.5 times as far from the last good sample as its first: a
      limb starting to move gets further away every frame (twice as far after two frames at a
      steady speed), a landmark that jumped to the wrong limb lands at once and stays (a ratio
      near 1).
    """

    min_visibility: float = 0.5
    max_gap_s: float = 0.25
    hampel_window_s: float = 0.5
    hampel_n_sigmas: float = 3.0
    cutoff_hz: float = 6.0
    filter_order: int = 4
    hampel_edge_growth: float = 1.5

    def __post_init__(self) -> None:
        checks = (
            (0.0 <= self.min_visibility <= 1.0, "min_visibility must be within 0..1"),
            (self.max_gap_s >= 0.0, "max_gap_s must be >= 0 (0 fills nothing)"),
            (self.hampel_window_s >= 0.0, "hampel_window_s must be >= 0 (0 disables Hampel)"),
            (self.hampel_n_sigmas > 0.0, "hampel_n_sigmas must be > 0"),
            (self.cutoff_hz >= 0.0, "cutoff_hz must be >= 0 (0 disables the low-pass)"),
            (1 <= self.filter_order <= 8, "filter_order must be 1..8"),
            (self.hampel_edge_growth >= 1.0, "hampel_edge_growth must be >= 1"),
        )
        if not all(math.isfinite(v) for v in dataclasses.astuple(self)):
            raise InputError("invalid signal parameters: every value must be finite")
        for ok, message in checks:
            if not ok:
                raise InputError(f"invalid signal parameters: {message}")


@dataclass(frozen=True, eq=False)
class CleanedSignal:
    """The output of ``clean_signal``: values plus what happened to each sample.

    All masks have the shape of ``values``. ``smoothed`` marks samples that went through the
    low-pass; ``short_run`` marks finite samples in runs too short to filter (left as they were).
    """

    values: FloatArray
    gated: BoolArray
    outliers: BoolArray
    filled: BoolArray
    smoothed: BoolArray
    short_run: BoolArray
    notes: tuple[str, ...] = ()


def _columns(
    timestamps_s: FloatArray, values: FloatArray
) -> tuple[FloatArray, FloatArray, tuple[int, ...]]:
    """Validate and reshape ``(T, ...)`` values to ``(T, D)`` columns."""
    times = np.asarray(timestamps_s, dtype=np.float64)
    vals = np.array(values, dtype=np.float64, copy=True)
    if times.ndim != 1 or vals.ndim == 0 or vals.shape[0] != times.shape[0]:
        raise AnalysisError(
            f"values {vals.shape} must have one row per timestamp ({times.shape[0]})"
        )
    if not np.all(np.isfinite(times)) or np.any(np.diff(times) <= 0):
        raise AnalysisError("timestamps_s must be finite and strictly increasing")
    return times, vals.reshape(times.shape[0], -1), vals.shape


def _finite_runs(finite: BoolArray) -> list[tuple[int, int]]:
    """Half-open ``(start, stop)`` index ranges of consecutive True values."""
    edges = np.diff(np.concatenate([[0], finite.astype(np.int8), [0]]))
    starts = np.flatnonzero(edges == 1)
    stops = np.flatnonzero(edges == -1)
    return list(zip(starts.tolist(), stops.tolist(), strict=True))


def gate_by_visibility(
    values: FloatArray, visibility: FloatArray, min_visibility: float
) -> FloatArray:
    """``values`` with NaN wherever ``visibility < min_visibility``.

    ``visibility`` has the shape of ``values`` or lacks its last axis (``(T, K)`` for points
    ``(T, K, 2)``).
    """
    vals = np.array(values, dtype=np.float64, copy=True)
    vis = np.asarray(visibility, dtype=np.float64)
    if vis.ndim == vals.ndim - 1:
        vis = vis[..., None]
    try:
        low = np.broadcast_to(vis < min_visibility, vals.shape)
    except ValueError as exc:
        raise AnalysisError(f"visibility {vis.shape} does not match values {vals.shape}") from exc
    vals[low] = np.nan
    return vals


def fill_short_gaps(
    timestamps_s: FloatArray, values: FloatArray, max_gap_s: float
) -> tuple[FloatArray, BoolArray]:
    """Linearly interpolate NaN gaps whose span is at most ``max_gap_s``.

    A gap's span is the time between the finite samples on either side of it (one dropped frame
    at 30 fps spans 0.067 s). Leading and trailing gaps are never filled. Returns the filled
    values and a mask of the samples that were filled.
    """
    times, cols, shape = _columns(timestamps_s, values)
    filled = np.zeros(cols.shape, dtype=np.bool_)
    for d in range(cols.shape[1]):
        col = cols[:, d]
        finite = np.isfinite(col)
        for start, stop in _finite_runs(~finite):
            if start == 0 or stop == len(col):
                continue
            if times[stop] - times[start - 1] > max_gap_s + 1e-9:
                continue
            col[start:stop] = np.interp(
                times[start:stop], [times[start - 1], times[stop]], [col[start - 1], col[stop]]
            )
            filled[start:stop, d] = True
    return cols.reshape(shape), filled.reshape(shape)


def reject_outliers(
    timestamps_s: FloatArray,
    values: FloatArray,
    window_s: float,
    n_sigmas: float,
    edge_growth: float = SignalParams.hampel_edge_growth,
) -> tuple[FloatArray, BoolArray]:
    """Hampel filter on real timestamps: outliers become NaN.

    For each sample the window is every sample within ±``window_s``/2 seconds (so it adapts to a
    variable frame rate). A sample is an outlier when it differs from the window median by more
    than ``n_sigmas`` x 1.4826 x MAD (the MAD of the finite samples in the window; 1.4826 makes
    it a standard deviation for Gaussian noise). Windows with fewer than 3 finite samples flag
    nothing. Returns the values with outliers set to NaN, and the outlier mask.

    At either end of the series the window is one-sided, so its median lags any movement: the
    last frames of a clip that ends mid-step all sit far from the median of the still frames
    before them. There a run of two or more flagged samples reaching the end and still moving
    away (by ``edge_growth``, see ``SignalParams``) is the start of a movement the window cannot
    see the rest of, and is kept; a single sample, or a landmark that jumps and stays, is still
    an outlier.
    """
    times, cols, shape = _columns(timestamps_s, values)
    outliers = np.zeros(cols.shape, dtype=np.bool_)
    if window_s <= 0 or times.size < 3:
        return cols.reshape(shape), outliers.reshape(shape)
    lo = np.searchsorted(times, times - window_s / 2.0, side="left")
    hi = np.searchsorted(times, times + window_s / 2.0, side="right")
    width = int(np.max(hi - lo))
    index = lo[:, None] + np.arange(width)[None, :]
    inside = index < hi[:, None]
    index = np.minimum(index, times.size - 1)
    for d in range(cols.shape[1]):
        col = cols[:, d]
        window = np.where(inside, col[index], np.nan)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)  # all-NaN windows
            median = np.nanmedian(window, axis=1)
            mad = np.nanmedian(np.abs(window - median[:, None]), axis=1)
        count = np.sum(np.isfinite(window), axis=1)
        scale = np.maximum(1.4826 * mad, 1e-9 * (1.0 + np.abs(median)))
        with np.errstate(invalid="ignore"):
            bad = (count >= 3) & (np.abs(col - median) > n_sigmas * scale)
        _keep_edge_movement(col, bad, (lo, hi), edge_growth)
        col[bad] = np.nan
        outliers[:, d] = bad
    return cols.reshape(shape), outliers.reshape(shape)


def _keep_edge_movement(
    col: FloatArray, bad: BoolArray, window: tuple[IndexArray, IndexArray], edge_growth: float
) -> None:
    """Clear ``bad`` on a run at either end of ``col`` that is a movement (see
    ``reject_outliers``): two or more flagged samples in one-sided windows, reaching the end
    (missing samples aside), all on one side of the last good sample and, at the end, at least
    ``edge_growth`` times as far from it as at the run's first sample. ``window``: each
    sample's window bounds (first index, one past the last)."""
    lo, hi = window
    n = col.size
    for at_end in (True, False):
        inward = np.arange(n - 1, -1, -1) if at_end else np.arange(n)
        k = 0
        while k < n and (bad[inward[k]] or not np.isfinite(col[inward[k]])):
            k += 1
        run = np.asarray([i for i in inward[:k][::-1] if bad[i]], dtype=np.intp)
        if run.size < 2 or k >= n:
            continue
        one_sided = (hi[run] == n) if at_end else (lo[run] == 0)
        away = col[run] - col[inward[k]]
        same_side = bool(np.all(away > 0) or np.all(away < 0))
        if np.all(one_sided) and same_side and abs(away[-1]) >= edge_growth * abs(away[0]):
            bad[run] = False


def typical_interval_s(timestamps_s: FloatArray) -> float:
    """The frame interval a series was sampled at: the mean interval once gaps (intervals over
    1.5 x the median, i.e. dropped frames) are left out. A clip subsampled with uneven strides
    (a 24 fps clip kept at 2 frames in 3) reads at its true mean rate, not its longest stride;
    occasional dropped frames in a phone clip do not lower the rate."""
    steps = np.diff(np.asarray(timestamps_s, dtype=np.float64))
    if steps.size == 0:
        return math.nan
    regular = steps[steps <= 1.5 * float(np.median(steps))]
    return float(regular.mean())


def lowpass(
    timestamps_s: FloatArray, values: FloatArray, cutoff_hz: float, order: int = 4
) -> tuple[FloatArray, BoolArray, BoolArray, tuple[str, ...]]:
    """Zero-phase Butterworth low-pass of each finite run, on real timestamps.

    Returns ``(values, smoothed, short_run, notes)``. The sampling rate is the typical rate of
    the whole series (``typical_interval_s``); a run is resampled to a uniform grid spanning it
    exactly, filtered with ``sosfiltfilt`` and interpolated back, so uniform runs are filtered
    sample for sample. NaN runs stay NaN. A run with no more grid samples than the filter's edge
    padding (``min_run_samples``) is left unfiltered and flagged ``short_run`` (the caller
    decides whether that is worth telling anyone). If the cutoff is at or above the Nyquist
    frequency nothing is filtered and the one note says so.
    """
    times, cols, shape = _columns(timestamps_s, values)
    smoothed = np.zeros(cols.shape, dtype=np.bool_)
    short = np.zeros(cols.shape, dtype=np.bool_)
    if cutoff_hz <= 0 or times.size < 2:
        return cols.reshape(shape), smoothed.reshape(shape), short.reshape(shape), ()
    dt = typical_interval_s(times)
    if cutoff_hz >= 0.5 / dt:
        note = (
            f"the signals were not smoothed (low-pass skipped): this {1 / dt:.3g} fps clip "
            f"is too slow for the {cutoff_hz:g} Hz smoothing, which needs more than "
            f"{2 * cutoff_hz:g} frames a second (its Nyquist limit); film at 30 fps or more"
        )
        return cols.reshape(shape), smoothed.reshape(shape), short.reshape(shape), (note,)
    padlen = min_run_samples(order) - 1
    for d in range(cols.shape[1]):
        col = cols[:, d]
        for start, stop in _finite_runs(np.isfinite(col)):
            run_t = times[start:stop]
            n_grid = math.ceil((run_t[-1] - run_t[0]) / dt - 1e-6) + 1
            if n_grid <= padlen or stop - start < 2:
                short[start:stop, d] = True
                continue
            grid = np.linspace(run_t[0], run_t[-1], n_grid)
            fs = (n_grid - 1) / (run_t[-1] - run_t[0])
            sos = sps.butter(order, cutoff_hz, btype="low", fs=fs, output="sos")
            on_grid = np.interp(grid, run_t, col[start:stop])
            out = sps.sosfiltfilt(sos, on_grid, padlen=padlen)
            col[start:stop] = np.interp(run_t, grid, out)
            smoothed[start:stop, d] = True
    return cols.reshape(shape), smoothed.reshape(shape), short.reshape(shape), ()


def min_run_samples(order: int = 4) -> int:
    """The fewest samples a run needs for the zero-phase low-pass of ``order`` (one more than
    ``sosfiltfilt``'s edge padding, 3 x (2 x sections + 1)); shorter runs are left as they are."""
    return 3 * (2 * ((order + 1) // 2) + 1) + 1


def clean_signal(
    timestamps_s: FloatArray,
    values: FloatArray,
    params: SignalParams | None = None,
    visibility: FloatArray | None = None,
    *,
    group_last_axis: bool = False,
) -> CleanedSignal:
    """Run the whole chain (gate, Hampel, fill, low-pass) on ``(T, ...)`` values.

    With ``group_last_axis`` the last axis holds one measurement's coordinates (x, y of a
    keypoint): an outlier in any coordinate rejects the whole point.
    """
    p = params or SignalParams()
    raw = np.asarray(values, dtype=np.float64)
    vals = raw if visibility is None else gate_by_visibility(raw, visibility, p.min_visibility)
    gated = np.isnan(vals) & ~np.isnan(raw)
    vals, outliers = reject_outliers(
        timestamps_s, vals, p.hampel_window_s, p.hampel_n_sigmas, p.hampel_edge_growth
    )
    if group_last_axis and vals.ndim > 1:
        outliers = np.broadcast_to(outliers.any(axis=-1, keepdims=True), vals.shape).copy()
        vals[outliers] = np.nan
    vals, filled = fill_short_gaps(timestamps_s, vals, p.max_gap_s)
    vals, smoothed, short, notes = lowpass(timestamps_s, vals, p.cutoff_hz, p.filter_order)
    return CleanedSignal(vals, gated, outliers, filled, smoothed, short, notes)


def clean_pose(
    pose: PoseSequence, params: SignalParams | None = None
) -> tuple[PoseSequence, CleanedSignal]:
    """Run the chain on every keypoint coordinate of ``pose``.

    An outlier in x or y rejects the whole keypoint. The returned pose has NaN (and
    visibility 0) where no trustworthy point remains; filled
    points keep their original visibility, so do not gate a cleaned pose a second time.
    """
    cleaned = clean_signal(
        pose.timestamps_s, pose.points_px, params, pose.visibility, group_last_axis=True
    )
    missing = np.isnan(cleaned.values).any(axis=2)
    points = cleaned.values.copy()
    points[missing] = np.nan
    visibility = np.where(missing, 0.0, pose.visibility)
    return pose.with_points(points, visibility), cleaned
