"""Rep segmentation from one primary signal, with two hysteresis thresholds.

The signal (e.g. knee flexion for a side-view squat, mid-hip height for a front-view squat,
pelvic drop for a hip hitch, ankle separation for a band walk) is scaled to its own robust
range: ``low``/``high`` are its ``range_low_percentile``/``range_high_percentile`` percentiles
(5th and 95th), flipped first when reps are troughs, so that 0 is "at rest" and 1 is "at the
extreme". Two levels on that scale form the hysteresis band:

* a rep BEGINS being confirmed when the signal rises to ``enter_fraction`` (0.5);
* it ENDS when the signal falls back to ``exit_fraction`` (0.2).

A rep's ``start_s`` and ``end_s`` are where the signal last leaves, and first returns to, the
onset level around those exit crossings, searched no further than the neighbouring reps; if it
never gets that low, the exit crossing itself is used. The onset level sits
``onset_fraction`` (0.05) of the range above ``low``, or 3 robust SD of the resting samples if
the signal is noisier than that at rest (so noise at rest is not mistaken for movement), and
never above the exit level. Times are interpolated between frames. ``bottom_s`` is the median
time of the rep's samples within ``plateau_fraction`` of its extreme (or 3 resting SD, if
larger), so a pause at the bottom gives one rep whose bottom is the middle of the pause.
Wobble inside the band never starts or ends a rep, and a signal whose whole range is below
``min_range`` (in signal units) makes no rep at all, which is how pure noise is kept from
being counted: set it above the measure's noise floor for the exercise.

Candidates shorter than ``min_duration_s`` or longer than ``max_duration_s`` are rejected (and
reported in ``RepSegmentation.rejected`` with the reason). A rep cut by the start of the clip
(the signal is already past the exit level when the clip begins) or by its end is kept in the
list, flagged ``partial`` and not measurable, and is never counted as a complete rep: we would
rather show the runner a flagged rep than silently count or silently drop half a movement.
The duration limits apply to the part of a partial rep that was seen, so a flicker at the very
start of a clip is rejected, not reported as a partial rep.

Touch-and-go reps (the signal never falls back to the exit level between them) first form
one candidate. Inside it, the local maxima above the enter level are walked in time order:
two neighbouring excursions are separate reps when the lowest point between them lies at least
``split_prominence`` of the range below the lower of the two peaks, the signal takes at least
``RepParams.min_swing_s`` to cross the middle of that valley's depth falling and rising (a pose
model's landmark jumping for a few frames makes a dip with no such swing), and both parts last at
least ``min_duration_s`` (a clear movement of plausible length); they are split there.
Otherwise they are one excursion, represented by its higher peak. Those reps carry the flag
``TOUCH_AND_GO`` ("not back to the start between reps") instead of being merged. Tremor and
small adjustments during a hold, and a pause or a small rebound in the middle of a slow rep,
stand far less than that above their surroundings and split nothing.

Each rep gets a ``confidence`` (``rep_confidence``): the share of the range its peak rises
above rest (capped at 1), times the share of its samples that were seen, times 0.85 when it
was split from its neighbours and 0.8 when the clip cuts it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

import numpy as np
from scipy import signal as sps

from glutecoach.domain.glossary import parameter_phrase
from glutecoach.domain.pose import BoolArray, FloatArray, Rep, Side, View
from glutecoach.errors import AnalysisError, InputError

DIRECTIONS = ("peak", "trough")
TOUCH_AND_GO = "not back to the start between reps"
"""The flag of a rep split from a touch-and-go run (the module notes)."""


@dataclass(frozen=True)
class RepParams:
    """Rep segmentation parameters; defaults suit slow strength exercises.

    * ``direction`` = ``"peak"``: reps are maxima of the signal (``"trough"``: minima).
    * ``enter_fraction`` = 0.5, ``exit_fraction`` = 0.2: the hysteresis band, as fractions of
      the robust range; a rep must reach half its usual depth to count.
    * ``onset_fraction`` = 0.05: where a rep's start and end are placed (see the module notes).
    * ``range_low_percentile`` = 5, ``range_high_percentile`` = 95: the robust range.
    * ``min_range`` = 0: smallest range (signal units) that can hold reps; set it above the
      measure's noise floor (e.g. 10 degrees of knee flexion) so a still clip has no reps.
    * ``min_duration_s`` = 0.5, ``max_duration_s`` = 8: shorter is a twitch, longer is a hold.
    * ``max_gap_s`` = 0.3: a rep with a longer stretch of missing signal is not measurable.
    * ``plateau_fraction`` = 0.05: samples this close to the extreme count as "at the bottom".
    * ``split_prominence`` = 0.3: inside one candidate, a peak standing this fraction of the
      range above its surroundings on both sides is a rep of its own (touch-and-go reps). A
      touch-and-go rep keeps at least 30% of a full excursion between reps; the tremor of a
      hold or a rebound within a paused rep stays under 10%. 1 never splits.
    * ``min_swing_s`` = 0.08: a touch-and-go valley takes at least this long to cross the
      middle 60% of its depth, both ways, crossing times interpolated between samples. A
      landmark jumping to another limb for a few frames crosses it in 0.05-0.056 s after the
      6 Hz zero-phase low-pass (its step response, at 15 to 60 Hz); a quick step moves over
      about 0.4 s each way, 0.16 s for that middle, and two touch-and-go reps joined quickly
      about 0.1 s. 0.08 s sits between: 1.5 times the filtered jump, half the quick step.
    * ``swing_band`` = 0.6: the share of the valley's depth, centred on its middle, whose
      crossing ``min_swing_s`` times (20% to 80%: the ends of a swing are slow turns, its
      middle is where a body and a jumping landmark differ most).
    * ``split_confidence`` = 0.85, ``cut_confidence`` = 0.8: a rep's confidence is multiplied
      by these when it was split from a touch-and-go run or cut by the clip's start or end
      (coaching defaults: such reps are real but less certain).
    """

    direction: str = "peak"
    enter_fraction: float = 0.5
    exit_fraction: float = 0.2
    onset_fraction: float = 0.05
    range_low_percentile: float = 5.0
    range_high_percentile: float = 95.0
    min_range: float = 0.0
    min_duration_s: float = 0.5
    max_duration_s: float = 8.0
    max_gap_s: float = 0.3
    plateau_fraction: float = 0.05
    split_prominence: float = 0.3
    min_swing_s: float = 0.08
    swing_band: float = 0.6
    split_confidence: float = 0.85
    cut_confidence: float = 0.8

    def __post_init__(self) -> None:
        numbers = [v for v in vars(self).values() if isinstance(v, float)]
        if not all(math.isfinite(v) for v in numbers):
            raise InputError("invalid rep parameters: every number must be finite")
        checks = (
            (self.direction in DIRECTIONS, f"direction must be one of {', '.join(DIRECTIONS)}"),
            (
                0.0 <= self.onset_fraction <= self.exit_fraction < self.enter_fraction < 1.0,
                "need 0 <= onset_fraction <= exit_fraction < enter_fraction < 1",
            ),
            (
                0.0 <= self.range_low_percentile < self.range_high_percentile <= 100.0,
                "need 0 <= range_low_percentile < range_high_percentile <= 100",
            ),
            (self.min_range >= 0.0, "min_range must be >= 0"),
            (
                0.0 <= self.min_duration_s < self.max_duration_s,
                "need 0 <= min_duration_s < max_duration_s",
            ),
            (self.max_gap_s > 0.0, "max_gap_s must be > 0"),
            (0.0 <= self.plateau_fraction < 1.0, "plateau_fraction must be within [0, 1)"),
            (0.0 < self.split_prominence <= 1.0, "split_prominence must be within (0, 1]"),
            (self.min_swing_s >= 0.0, "min_swing_s must be >= 0"),
            (0.0 < self.swing_band < 1.0, "swing_band must be within (0, 1)"),
            (0.0 <= self.split_confidence <= 1.0, "split_confidence must be within [0, 1]"),
            (0.0 <= self.cut_confidence <= 1.0, "cut_confidence must be within [0, 1]"),
        )
        for ok, message in checks:
            if not ok:
                raise InputError(f"invalid rep parameters: {message}")


@dataclass(frozen=True)
class RejectedCandidate:
    """A stretch that crossed the hysteresis band but is not a rep, and why."""

    start_s: float
    end_s: float
    reason: str


@dataclass(frozen=True)
class RepSegmentation:
    """Reps found in a signal plus what was rejected and the levels used (signal units)."""

    reps: tuple[Rep, ...]
    rejected: tuple[RejectedCandidate, ...]
    low: float
    high: float
    enter_level: float
    exit_level: float
    notes: tuple[str, ...] = ()

    @property
    def complete_reps(self) -> tuple[Rep, ...]:
        """Reps seen from start to end (partial reps left out)."""
        return tuple(r for r in self.reps if not r.partial)

    @property
    def count(self) -> int:
        """Number of complete reps."""
        return len(self.complete_reps)


@dataclass
class _Candidate:
    start: int  # index into the valid samples
    end: int
    start_s: float
    end_s: float
    cut_start: bool
    cut_end: bool
    touch_and_go: bool = False


def _crossing_time(t: FloatArray, x: FloatArray, i: int, j: int, level: float) -> float:
    """Time between samples i and j where x crosses ``level`` (linear interpolation)."""
    if x[j] == x[i]:
        return float(t[j])
    frac = float(np.clip((level - x[i]) / (x[j] - x[i]), 0.0, 1.0))
    return float(t[i] + frac * (t[j] - t[i]))


def _find_candidates(t: FloatArray, x: FloatArray, enter: float, exit_: float) -> list[_Candidate]:
    candidates: list[_Candidate] = []
    high = False
    last_low: int | None = None
    begin = 0
    begin_s = float(t[0])
    cut = False
    for i in range(x.size):
        if not high:
            if x[i] <= exit_:
                last_low = i
            elif x[i] >= enter:
                high = True
                if last_low is None:
                    begin, begin_s, cut = 0, float(t[0]), True
                else:
                    begin = last_low
                    begin_s = _crossing_time(t, x, last_low, last_low + 1, exit_)
                    cut = False
        elif x[i] <= exit_:
            end_s = _crossing_time(t, x, i - 1, i, exit_)
            candidates.append(_Candidate(begin, i, begin_s, end_s, cut, False))
            high = False
            last_low = i
    if high:
        candidates.append(_Candidate(begin, x.size - 1, begin_s, float(t[-1]), cut, True))
    return candidates


def _widen(t: FloatArray, x: FloatArray, cands: list[_Candidate], onset: float) -> None:
    """Move each complete boundary outward to where the signal is back at the onset level."""
    for k, cand in enumerate(cands):
        if not cand.cut_start:
            floor = cands[k - 1].end if k else 0
            j = cand.start
            while j > floor and x[j] > onset:
                j -= 1
            if x[j] <= onset:
                cand.start_s = _crossing_time(t, x, j, j + 1, onset)
                cand.start = j
        if not cand.cut_end:
            ceiling = cands[k + 1].start if k + 1 < len(cands) else x.size - 1
            j = cand.end
            while j < ceiling and x[j] > onset:
                j += 1
            if x[j] <= onset:
                cand.end_s = _crossing_time(t, x, j - 1, j, onset)
                cand.end = j


def _split_touch_and_go(
    t: FloatArray,
    x: FloatArray,
    cand: _Candidate,
    levels: tuple[float, float],
    p: RepParams,
) -> list[_Candidate]:
    """``cand`` cut at the lowest point between its prominent peaks (the module notes);
    ``levels`` are the smallest prominence and the enter level every peak must reach."""
    seg = x[cand.start : cand.end + 1]
    if seg.size < 5:
        return [cand]
    floor = float(np.min(seg))
    padded = np.concatenate([[floor], seg, [floor]])  # a peak at a cut edge is a peak too
    peaks = sps.find_peaks(padded, height=levels[1])[0] - 1
    cuts: list[int] = []
    last_s = cand.start_s
    if peaks.size < 2:
        return [cand]
    current = int(peaks[0])
    for nxt in (int(k) for k in peaks[1:]):
        low = current + int(np.argmin(seg[current : nxt + 1]))
        depth = min(seg[current], seg[nxt]) - seg[low]
        valley = cand.start + low
        long_enough = float(t[valley]) - last_s >= p.min_duration_s
        rest_enough = cand.end_s - float(t[valley]) >= p.min_duration_s
        clear = depth >= levels[0]
        swings = _swings(t, x, (cand.start, current, low, nxt), p.min_swing_s, p.swing_band)
        if clear and long_enough and rest_enough and swings:
            cuts.append(valley)
            last_s = float(t[valley])
            current = nxt
        elif seg[nxt] > seg[current]:
            current = nxt  # one excursion: keep its highest point
    if not cuts:
        return [cand]
    bounds = [cand.start, *cuts, cand.end]
    parts: list[_Candidate] = []
    for k in range(len(bounds) - 1):
        first, last = k == 0, k == len(bounds) - 2
        parts.append(
            _Candidate(
                start=bounds[k],
                end=bounds[k + 1],
                start_s=cand.start_s if first else float(t[bounds[k]]),
                end_s=cand.end_s if last else float(t[bounds[k + 1]]),
                cut_start=cand.cut_start and first,
                cut_end=cand.cut_end and last,
                touch_and_go=True,
            )
        )
    return parts


def _transit_s(t: FloatArray, x: FloatArray, high: float, low: float) -> float:
    """Time ``x`` (a monotone-ish stretch from a peak down to a valley) takes to cross from
    ``high`` down to ``low``: from its last crossing of ``high`` before it first reaches
    ``low`` to that first crossing of ``low``, both interpolated between samples."""
    below = np.flatnonzero(x <= low)
    if below.size == 0:
        return 0.0
    first = int(below[0])
    above = np.flatnonzero(x[:first] >= high)
    if above.size == 0 or first == 0:
        return 0.0
    last = int(above[-1])
    leave = _crossing_time(t, x, last, last + 1, high)
    reach = _crossing_time(t, x, first - 1, first, low)
    return reach - leave


def _swings(
    t: FloatArray,
    x: FloatArray,
    at: tuple[int, int, int, int],
    min_swing_s: float,
    swing_band: float,
) -> bool:
    """Whether the signal takes at least ``min_swing_s`` to cross the middle ``swing_band``
    (60%) of the depth
    both falling from the peak at ``top`` into the valley at ``low`` and rising from it to the
    peak at ``nxt`` (``at``: offset, top, low, nxt; indices from the offset): a body moves
    across it, a pose model's landmark jumping to the wrong limb for a few frames does not."""
    offset, top, low, nxt = at
    a, v, b = offset + top, offset + low, offset + nxt
    depth_in, depth_out = x[a] - x[v], x[b] - x[v]
    high, low_ = 0.5 + swing_band / 2.0, 0.5 - swing_band / 2.0
    fall = _transit_s(t[a : v + 1], x[a : v + 1], x[v] + high * depth_in, x[v] + low_ * depth_in)
    rise = _transit_s(t[v : b + 1][::-1], x[v : b + 1][::-1], x[v] + high * depth_out,
                      x[v] + low_ * depth_out)  # fmt: skip
    return min(abs(fall), abs(rise)) >= min_swing_s


def rep_confidence(
    height_fraction: float,
    seen_fraction: float,
    *,
    touch_and_go: bool,
    cut: bool,
    params: RepParams | None = None,
) -> float:
    """How sure a rep is one real rep, 0-1 (the module notes; ``RepParams.split_confidence``
    and ``cut_confidence``)."""
    p = params or RepParams()
    value = min(max(height_fraction, 0.0), 1.0) * min(max(seen_fraction, 0.0), 1.0)
    value *= p.split_confidence if touch_and_go else 1.0
    value *= p.cut_confidence if cut else 1.0
    return round(value, 3)


def _rest_noise(x: FloatArray, low: float, exit_: float) -> float:
    """Robust SD of the samples at rest (below halfway to the exit level); 0 if too few."""
    rest = x[x <= (low + exit_) / 2.0]  # at rest, clear of the movement's own ramps
    if rest.size < 5:
        return 0.0
    return 1.4826 * float(np.median(np.abs(rest - np.median(rest))))


def _bottom_time(t: FloatArray, x: FloatArray, cand: _Candidate, tolerance: float) -> float:
    """Median time of the rep's samples within ``tolerance`` of its extreme."""
    seg_t = t[cand.start : cand.end + 1]
    seg = x[cand.start : cand.end + 1]
    near = seg >= np.max(seg) - tolerance
    middle = float(np.median(seg_t[near]))
    return min(max(middle, cand.start_s), cand.end_s)


def segment_reps(
    timestamps_s: FloatArray,
    signal: FloatArray,
    params: RepParams | None = None,
    *,
    side: Side = "both",
) -> RepSegmentation:
    """Find reps in ``signal`` (``(T,)``, NaN = missing) sampled at ``timestamps_s``.

    Every rep gets ``side``; see the module notes for the thresholds, partial reps and the
    duration limits.
    """
    p = params or RepParams()
    t_all = np.asarray(timestamps_s, dtype=np.float64)
    s_all = np.asarray(signal, dtype=np.float64)
    if t_all.ndim != 1 or s_all.shape != t_all.shape:
        raise AnalysisError(
            f"signal {s_all.shape} and timestamps_s {t_all.shape} must be 1-D of equal length"
        )
    if np.any(~np.isfinite(t_all)) or np.any(np.diff(t_all) <= 0):
        raise AnalysisError("timestamps_s must be finite and strictly increasing")
    valid = np.isfinite(s_all)
    if np.count_nonzero(valid) < 3:
        return RepSegmentation((), (), math.nan, math.nan, math.nan, math.nan, ("no signal",))
    t = t_all[valid]
    x = s_all[valid] if p.direction == "peak" else -s_all[valid]
    low, high = (
        float(v) for v in np.percentile(x, [p.range_low_percentile, p.range_high_percentile])
    )
    span = high - low
    sign = 1.0 if p.direction == "peak" else -1.0
    levels = (low + p.enter_fraction * span, low + p.exit_fraction * span)
    report = (sign * low, sign * high, sign * levels[0], sign * levels[1])
    if span <= 0.0 or span < p.min_range:
        note = f"signal range {span:.3g} is below min_range {p.min_range:.3g}: no reps"
        return RepSegmentation((), (), *report, notes=(note,))

    reps: list[Rep] = []
    rejected: list[RejectedCandidate] = []
    noise = _rest_noise(x, low, levels[1])
    candidates = _find_candidates(t, x, *levels)
    _widen(t, x, candidates, min(low + max(p.onset_fraction * span, 3.0 * noise), levels[1]))
    candidates = [
        part
        for cand in candidates
        for part in _split_touch_and_go(t, x, cand, (p.split_prominence * span, levels[0]), p)
    ]
    plateau = max(p.plateau_fraction * span, 3.0 * noise)
    for cand in candidates:
        duration = cand.end_s - cand.start_s
        partial = cand.cut_start or cand.cut_end
        if duration > p.max_duration_s:
            reason = (
                f"lasted {duration:.2f} s, longer than "
                f"{parameter_phrase('max_duration_s', p.max_duration_s)}"
            )
            rejected.append(RejectedCandidate(cand.start_s, cand.end_s, reason))
            continue
        if duration < p.min_duration_s:
            reason = (
                f"lasted {duration:.2f} s, shorter than "
                f"{parameter_phrase('min_duration_s', p.min_duration_s)}"
            )
            rejected.append(RejectedCandidate(cand.start_s, cand.end_s, reason))
            continue
        reason_text: str | None = None
        if cand.cut_start:
            reason_text = "partial: the clip starts during this rep"
        elif cand.cut_end:
            reason_text = "partial: the clip ends during this rep"
        else:
            inside = (t_all >= cand.start_s) & (t_all <= cand.end_s)
            longest = _longest_gap_s(t_all, valid, inside)
            if longest > p.max_gap_s:
                reason_text = f"signal missing for {longest:.2f} s during the rep"
        inside = (t_all >= cand.start_s) & (t_all <= cand.end_s)
        seen = float(np.mean(valid[inside])) if np.any(inside) else 0.0
        height = (float(np.max(x[cand.start : cand.end + 1])) - low) / span
        reps.append(
            Rep(
                index=len(reps) + 1,
                side=side,
                start_s=cand.start_s,
                bottom_s=_bottom_time(t, x, cand, plateau),
                end_s=cand.end_s,
                measurable=reason_text is None,
                reason=reason_text,
                partial=partial,
                flags=(TOUCH_AND_GO,) if cand.touch_and_go else (),
                confidence=rep_confidence(
                    height, seen, touch_and_go=cand.touch_and_go, cut=partial, params=p
                ),
            )
        )
    return RepSegmentation(tuple(reps), tuple(rejected), *report)


def _longest_gap_s(t_all: FloatArray, valid: BoolArray, inside: BoolArray) -> float:
    """Longest time between finite samples around a missing stretch inside a window."""
    missing = np.flatnonzero(inside & ~valid)
    if missing.size == 0:
        return 0.0
    longest = 0.0
    valid_idx = np.flatnonzero(valid)
    for run in np.split(missing, np.flatnonzero(np.diff(missing) > 1) + 1):
        before = valid_idx[valid_idx < run[0]]
        after = valid_idx[valid_idx > run[-1]]
        t0 = t_all[before[-1]] if before.size else t_all[run[0]]
        t1 = t_all[after[0]] if after.size else t_all[run[-1]]
        longest = max(longest, float(t1 - t0))
    return longest


def label_step_directions(
    reps: tuple[Rep, ...],
    timestamps_s: FloatArray,
    lateral_position: FloatArray,
    *,
    view: View,
    min_shift: float,
) -> tuple[Rep, ...]:
    """Give each step (e.g. of a lateral band walk) the direction the body travelled.

    ``lateral_position`` is a ``(T,)`` screen-x position of the body (e.g. mid-hip x in units of
    hip width). A step's side is ``left`` when the body moved toward the person's left between
    the step's start and end (screen right in a front view, screen left in a back view), and
    ``right`` the other way; a shift smaller than ``min_shift`` keeps ``both`` and marks the
    step not measurable.
    """
    if view not in ("front", "back"):
        raise AnalysisError("step directions need a front or back view")
    t = np.asarray(timestamps_s, dtype=np.float64)
    pos = np.asarray(lateral_position, dtype=np.float64)
    ok = np.isfinite(pos)
    if pos.shape != t.shape or np.count_nonzero(ok) < 2:
        raise AnalysisError("lateral_position must match timestamps_s and have finite samples")
    left_sign = 1.0 if view == "front" else -1.0
    labelled: list[Rep] = []
    for rep in reps:
        shift = float(np.interp(rep.end_s, t[ok], pos[ok]) - np.interp(rep.start_s, t[ok], pos[ok]))
        if abs(shift) < min_shift:
            reason = rep.reason or f"no sideways travel during the step (shift {shift:.2g})"
            labelled.append(replace(rep, side="both", measurable=False, reason=reason))
            continue
        side: Side = "left" if shift * left_sign > 0 else "right"
        labelled.append(replace(rep, side=side))
    return tuple(labelled)


def label_stance_sides(
    reps: tuple[Rep, ...],
    timestamps_s: FloatArray,
    left_ankle_y_px: FloatArray,
    right_ankle_y_px: FloatArray,
) -> tuple[Rep, ...]:
    """Give each single-leg rep the side of its stance leg: the ankle lower in the image.

    Uses the median over the rep of ``right_y - left_y`` (image y points down, so the planted
    foot has the larger y). Works from the front, back or side, as long as the free foot is off
    the floor. A rep where neither ankle is visible keeps its side and becomes not measurable.
    """
    t = np.asarray(timestamps_s, dtype=np.float64)
    diff = np.asarray(right_ankle_y_px, dtype=np.float64) - np.asarray(
        left_ankle_y_px, dtype=np.float64
    )
    if diff.shape != t.shape:
        raise AnalysisError("ankle tracks must have one value per timestamp")
    labelled: list[Rep] = []
    for rep in reps:
        inside = (t >= rep.start_s) & (t <= rep.end_s) & np.isfinite(diff)
        if not np.any(inside):
            reason = rep.reason or "ankles not visible: stance side unknown"
            labelled.append(replace(rep, measurable=False, reason=reason))
            continue
        side: Side = "left" if float(np.median(diff[inside])) < 0 else "right"
        labelled.append(replace(rep, side=side))
    return tuple(labelled)
