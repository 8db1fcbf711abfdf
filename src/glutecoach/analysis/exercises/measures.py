"""Small, shared readers of per-rep values from angle series (robust extremes, windows,
tempo, working side, touchdowns). NaN samples are ignored everywhere; a window without any
finite sample gives NaN, which the analyzers leave out of the metrics."""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np

from glutecoach.analysis.params import MeasureParams
from glutecoach.domain.pose import BoolArray, FloatArray, LegSide, Rep, Side


def window(t: FloatArray, start_s: float, end_s: float) -> BoolArray:
    """Samples with ``start_s <= t <= end_s``."""
    return np.asarray((t >= start_s) & (t <= end_s), dtype=np.bool_)


def margin_window(t: FloatArray, reps: Sequence[Rep], k: int, margin_s: float) -> BoolArray:
    """Rep ``k``'s samples widened by ``margin_s`` on each side, but never past the middle of
    the gap to a neighbouring rep."""
    rep = reps[k]
    lo = rep.start_s - margin_s
    hi = rep.end_s + margin_s
    if k > 0:
        lo = max(lo, (reps[k - 1].end_s + rep.start_s) / 2.0)
    if k + 1 < len(reps):
        hi = min(hi, (rep.end_s + reps[k + 1].start_s) / 2.0)
    return window(t, lo, hi)


def robust_max(values: FloatArray, mask: BoolArray, percentile: float) -> float:
    """The ``percentile`` of the finite masked samples (a maximum one bad frame cannot set)."""
    picked = values[mask & np.isfinite(values)]
    return float(np.percentile(picked, percentile)) if picked.size else math.nan


def robust_min(values: FloatArray, mask: BoolArray, percentile: float) -> float:
    """The ``100 - percentile`` of the finite masked samples."""
    picked = values[mask & np.isfinite(values)]
    return float(np.percentile(picked, 100.0 - percentile)) if picked.size else math.nan


def value_at(t: FloatArray, values: FloatArray, time_s: float) -> float:
    """Linear interpolation of the finite samples at ``time_s`` (NaN if none)."""
    ok = np.isfinite(values)
    if not np.any(ok):
        return math.nan
    return float(np.interp(time_s, t[ok], values[ok]))


def bottom_window(signal: FloatArray, mask: BoolArray, fraction: float) -> BoolArray:
    """The samples of ``mask`` within ``fraction`` of the rep's own range from its peak."""
    inside = mask & np.isfinite(signal)
    if not np.any(inside):
        return np.asarray(inside, dtype=np.bool_)
    top, low = float(np.max(signal[inside])), float(np.min(signal[inside]))
    return np.asarray(inside & (signal >= top - fraction * (top - low)), dtype=np.bool_)


def low_window(signal: FloatArray, mask: BoolArray, fraction: float) -> BoolArray:
    """The samples of ``mask`` within ``fraction`` of the masked range from its minimum."""
    return bottom_window(-signal, mask, fraction)


def median_in(values: FloatArray, mask: BoolArray) -> float:
    """Median of the finite masked samples (NaN if none): the value "at" a plateau."""
    picked = values[mask & np.isfinite(values)]
    return float(np.median(picked)) if picked.size else math.nan


def tempo(
    t: FloatArray, signal: FloatArray, rep: Rep, params: MeasureParams
) -> tuple[float, float, float]:
    """``(to_extreme_s, at_extreme_s, from_extreme_s)``: time from the start of the rep to
    first reaching its extreme, time spent there, and time from leaving it to the end.

    "There" is the rep's bottom window (within ``bottom_window_fraction`` of its range from the
    peak), widened by the neighbouring samples where the body is still settled: the signal moves
    less than that same band within ``hold_drift_window_s`` (before leaving, after arriving). A held
    position that sags slowly (a leg drifting down a few degrees over a long hold) is thus
    still held until the real lowering starts, while a rep without a pause gains almost
    nothing: near a quick turn the signal moves more than the band within the window.
    """
    fraction, drift_window_s = params.bottom_window_fraction, params.hold_drift_window_s
    inside = window(t, rep.start_s, rep.end_s)
    bottom = bottom_window(signal, inside, fraction)
    if not np.any(bottom):
        return rep.bottom_s - rep.start_s, 0.0, rep.end_s - rep.bottom_s
    finite = inside & np.isfinite(signal)
    band = fraction * float(np.max(signal[finite]) - np.min(signal[finite]))
    picked = np.flatnonzero(bottom)
    first = _settled_edge(t, signal, finite, int(picked[0]), band, drift_window_s, step=-1)
    last = _settled_edge(t, signal, finite, int(picked[-1]), band, drift_window_s, step=1)
    return float(t[first]) - rep.start_s, float(t[last] - t[first]), rep.end_s - float(t[last])


def _settled_edge(
    t: FloatArray,
    signal: FloatArray,
    usable: BoolArray,
    edge: int,
    band: float,
    window_s: float,
    *,
    step: int,
) -> int:
    """Move ``edge`` by ``step`` while the next sample is within ``band`` of the highest value
    in the ``window_s`` on the held side of it (after it when moving back, before it when
    moving on); a window of 0 leaves the edge where it is."""
    while window_s > 0.0 and 0 <= edge + step < t.size and usable[edge + step]:
        k = edge + step
        lo, hi = (t[k], t[k] + window_s) if step < 0 else (t[k] - window_s, t[k])
        reach = slice(np.searchsorted(t, lo, "left"), np.searchsorted(t, hi, "right"))
        if signal[k] < float(np.max(signal[reach][usable[reach]])) - band:
            break
        edge = k
    return edge


def rolling_majority(t: FloatArray, score: FloatArray, window_s: float) -> FloatArray:
    """Sign of the mean of ``score`` over a centred window of ``window_s`` (+1, -1, or 0 when
    nothing finite is in reach): a per-frame vote that cannot flicker inside the window."""
    ok = np.isfinite(score)
    cum = np.concatenate([[0.0], np.cumsum(np.where(ok, score, 0.0))])
    cnt = np.concatenate([[0], np.cumsum(ok)])
    lo = np.searchsorted(t, t - window_s / 2.0, side="left")
    hi = np.searchsorted(t, t + window_s / 2.0, side="right")
    total, count = cum[hi] - cum[lo], cnt[hi] - cnt[lo]
    with np.errstate(invalid="ignore", divide="ignore"):
        mean = np.where(count > 0, total / np.maximum(count, 1), 0.0)
    return np.asarray(np.sign(mean), dtype=np.float64)


def fill_undecided(votes: FloatArray) -> FloatArray:
    """Replace 0 votes by the nearest non-zero vote (earlier wins a tie); all 0 stays 0."""
    decided = np.flatnonzero(votes != 0)
    if decided.size == 0:
        return np.asarray(votes, dtype=np.float64)
    idx = np.arange(votes.size)
    right = np.searchsorted(decided, idx)  # first decided frame at or after each frame
    left = right - 1
    n = decided.size
    to_right = np.where(right < n, decided[np.minimum(right, n - 1)] - idx, np.iinfo(np.int64).max)
    to_left = np.where(left >= 0, idx - decided[np.maximum(left, 0)], np.iinfo(np.int64).max)
    nearest = np.where(
        to_left <= to_right, decided[np.maximum(left, 0)], decided[np.minimum(right, n - 1)]
    )
    return np.asarray(votes[nearest], dtype=np.float64)


def rolling_median(t: FloatArray, values: FloatArray, window_s: float) -> FloatArray:
    """Per-frame median of the finite samples within a centred window (NaN where none)."""
    lo = np.searchsorted(t, t - window_s / 2.0, side="left")
    hi = np.searchsorted(t, t + window_s / 2.0, side="right")
    out = np.full(t.size, np.nan)
    for i, (a, b) in enumerate(zip(lo.tolist(), hi.tolist(), strict=True)):
        seen = values[a:b][np.isfinite(values[a:b])]
        if seen.size:
            out[i] = float(np.median(seen))
    return out


def rolling_spread(t: FloatArray, values: FloatArray, window_s: float) -> FloatArray:
    """Per-frame standard deviation of the finite samples within a centred window."""
    ok = np.isfinite(values)
    v = np.where(ok, values, 0.0)
    cum = np.concatenate([[0.0], np.cumsum(v)])
    cum2 = np.concatenate([[0.0], np.cumsum(v * v)])
    cnt = np.concatenate([[0], np.cumsum(ok)])
    lo = np.searchsorted(t, t - window_s / 2.0, side="left")
    hi = np.searchsorted(t, t + window_s / 2.0, side="right")
    n = cnt[hi] - cnt[lo]
    with np.errstate(invalid="ignore", divide="ignore"):
        mean = (cum[hi] - cum[lo]) / n
        var = (cum2[hi] - cum2[lo]) / n - mean * mean
    return np.asarray(np.where(n >= 2, np.sqrt(np.maximum(var, 0.0)), np.nan), dtype=np.float64)


def side_of_score(score: float) -> LegSide | None:
    """``left`` for a positive score, ``right`` for a negative one, None if undecided."""
    if not math.isfinite(score) or score == 0.0:
        return None
    return "left" if score > 0 else "right"


def frame_sides(t: FloatArray, reps: Sequence[Rep], default: Side = "left") -> list[Side]:
    """Each frame's working side: that of the rep it lies in, else of the nearest rep."""
    if not reps:
        return [default] * t.size
    centres = np.array([(r.start_s + r.end_s) / 2.0 for r in reps])
    out: list[Side] = []
    for time in t.tolist():
        inside = [r for r in reps if r.start_s <= time <= r.end_s]
        rep = inside[0] if inside else reps[int(np.argmin(np.abs(centres - time)))]
        out.append(rep.side)
    return out


def rep_index_column(t: FloatArray, reps: Sequence[Rep]) -> FloatArray:
    """1-based index of the rep each frame lies in, 0 outside every rep."""
    column = np.zeros(t.size)
    for rep in reps:
        column[window(t, rep.start_s, rep.end_s)] = rep.index
    return column


def count_touchdowns(
    t: FloatArray, height: FloatArray, mask: BoolArray, level: float, min_s: float
) -> int:
    """Times the free foot came down: ``height`` (free ankle above the stance ankle) drops to
    ``level`` or below and stays there at least ``min_s``, after having been above ``2 * level``
    earlier in ``mask`` (a foot still down when the rep starts is not a new touchdown)."""
    idx = np.flatnonzero(mask & np.isfinite(height))
    count, lifted, down_since = 0, False, None
    for i in idx.tolist():
        h = float(height[i])
        if h > 2.0 * level:
            lifted, down_since = True, None
        elif h <= level and lifted:
            if down_since is None:
                down_since = float(t[i])
            if float(t[i]) - down_since >= min_s:
                count += 1
                lifted, down_since = False, None
    return count


def thigh_foreshortened(hip: FloatArray, knee: FloatArray, min_fraction: float) -> BoolArray:
    """Frames where the thigh's image is shorter than ``min_fraction`` of its standing length
    (the 95th percentile over the clip): the hip is flexed so far toward or away from the
    camera that a frontal-plane knee angle (FPPA) is not defined."""
    length = np.hypot(*(np.asarray(knee, dtype=np.float64) - hip).T)
    finite = length[np.isfinite(length)]
    if finite.size == 0:
        return np.ones(length.shape, dtype=np.bool_)
    standing = float(np.percentile(finite, 95))
    with np.errstate(invalid="ignore"):
        return np.asarray(~(length >= min_fraction * standing), dtype=np.bool_)


def nan_median(values: FloatArray) -> float:
    finite = values[np.isfinite(values)]
    return float(np.median(finite)) if finite.size else math.nan
