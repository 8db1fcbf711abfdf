"""Rep-level checks shared by every family: reps cut by the clip, the ``side`` restriction,
and landmark visibility (pipeline step 5). Each takes and returns ``MeasuredRep`` values."""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Mapping, Sequence

import numpy as np

from glutecoach.analysis.exercises import measures as ms
from glutecoach.analysis.exercises.base import TIMING_METRICS, FamilyOutput, MeasuredRep
from glutecoach.analysis.params import QualityParams
from glutecoach.domain.exercise import Variation
from glutecoach.domain.glossary import metric_term
from glutecoach.domain.pose import BoolArray, LegSide, PoseSequence, Rep

CUT_FLAG = "partial: cut by the clip, counted from its filmed extreme, duration left out"
"""The flag of a rep cut by the start or end of the clip that still counts."""
_CUT_START = frozenset({"rep_duration_s", "descent_s", "lowering_s", "raising_s"})
_CUT_END = frozenset({"rep_duration_s", "ascent_s", "lowering_s", "raising_s"})


def accept_cut_reps(
    out: FamilyOutput, pose: PoseSequence, quality: QualityParams
) -> tuple[list[MeasuredRep], list[str]]:
    """Count a rep cut by the clip when its extreme was filmed: at the cut the signal had
    turned back from the rep's own peak (``QualityParams.cut_rep_max_fraction``) and the peak
    lies before the cut's edge window (``cut_edge_window_s``), so the signal was seen turning back;
    a movement still heading for its extreme when the clip (or the person) ends is not counted.
    A counted rep is flagged ``CUT_FLAG`` and its truncated timing metrics are dropped."""
    t, signal = pose.timestamps_s, out.signal
    finite = np.isfinite(signal)
    rng, rest = out.signal_range, out.signal_rest
    if not np.any(finite) or not (math.isfinite(rng) and rng > 0 and math.isfinite(rest)):
        return list(out.reps), []
    first = float(t[finite][0])
    kept: list[MeasuredRep] = []
    notes: list[str] = []
    for m in out.reps:
        rep = m.rep
        inside = ms.window(t, rep.start_s, rep.end_s) & finite
        if not rep.partial or not np.any(inside):
            kept.append(m)
            continue
        at_start = rep.start_s <= first + 1e-6
        seen_s = float(t[inside][-1] - t[inside][0])
        reach = min(quality.cut_edge_window_s, quality.cut_edge_window_share * seen_s)
        edge = t[inside][0] + reach if at_start else t[inside][-1] - reach  # a robust edge value
        near = inside & ((t <= edge) if at_start else (t >= edge))
        cut_value = float(np.median(signal[near]))
        peak_at = int(np.argmax(np.where(inside, signal, -np.inf)))
        peak = float(signal[peak_at])
        fraction = (cut_value - rest) / (peak - rest) if peak > rest else 1.0
        if fraction > quality.cut_rep_max_fraction or near[peak_at]:
            kept.append(m)
            continue
        whole = dataclasses.replace(
            rep, measurable=True, reason=None, partial=False, flags=(*rep.flags, CUT_FLAG)
        )
        drop = _CUT_START if at_start else _CUT_END
        metrics = {k: v for k, v in m.metrics.items() if k not in drop}
        kept.append(MeasuredRep(whole, metrics, m.landmarks, m.metric_landmarks))
        when = "began before the clip started" if at_start else "ended after the clip did"
        notes.append(
            f"the rep with its bottom at {rep.bottom_s:.1f} s {when}, at {fraction:.0%} of "
            "its depth; its bottom was filmed, so it is counted (without its duration)"
        )
    return kept, notes


def restrict_side(
    reps: Sequence[MeasuredRep], side: LegSide | None, variation: Variation
) -> tuple[list[MeasuredRep], list[str]]:
    """Keep the reps of ``side`` (and two-legged ones), renumbered from 1."""
    if side is None:
        return _renumber(list(reps)), []
    notes: list[str] = []
    if not variation.unilateral and all(m.rep.side == "both" for m in reps):
        notes.append(f"side {side!r} was ignored: {variation.name} works both legs together")
        return _renumber(list(reps)), notes
    kept = [m for m in reps if m.rep.side in (side, "both")]
    dropped = [m for m in reps if m.rep.side not in (side, "both")]
    if dropped:
        times = ", ".join(f"{m.rep.bottom_s:.1f} s" for m in dropped)
        notes.append(f"kept only the {side} reps as asked; left out {len(dropped)} rep(s) on "
                     f"the other side (bottoms at {times})")  # fmt: skip
    return _renumber(kept), notes


def _renumber(reps: list[MeasuredRep]) -> list[MeasuredRep]:
    return [
        MeasuredRep(_rep_with(m.rep, index=k + 1), m.metrics, m.landmarks, m.metric_landmarks)
        for k, m in enumerate(reps)
    ]


def _rep_with(rep: Rep, *, index: int | None = None, reason: str | None = None) -> Rep:
    return dataclasses.replace(
        rep, index=rep.index if index is None else index,
        measurable=rep.measurable and reason is None, reason=rep.reason or reason,
    )  # fmt: skip


def _missing_fraction(pose: PoseSequence, name: str, win: BoolArray) -> float:
    return float(np.mean(np.isnan(pose.point(name)[win, 0]))) if np.any(win) else 1.0


def check_visibility(
    pose: PoseSequence, reps: Sequence[MeasuredRep], min_fraction: float
) -> tuple[list[MeasuredRep], list[str]]:
    """Make reps not measurable where a landmark that matters is missing too often, and drop a
    metric whose own extra landmarks are (``MeasuredRep.metric_landmarks``)."""
    out: list[MeasuredRep] = []
    notes: list[str] = []
    allowed = 1.0 - min_fraction
    for m in reps:
        win = ms.window(pose.timestamps_s, m.rep.start_s, m.rep.end_s)
        metrics = dict(m.metrics)
        for metric, names in m.metric_landmarks.items():
            worst = max(names, key=lambda n: _missing_fraction(pose, n, win))
            share = _missing_fraction(pose, worst, win)
            if metric in metrics and share > allowed and m.rep.measurable:
                del metrics[metric]
                notes.append(
                    f"{metric_term(metric).name} not measured in rep {m.rep.index}: "
                    f"{_words(worst)} not visible for {share:.0%} of the rep"
                )
        reason = None
        if m.landmarks:
            worst = max(m.landmarks, key=lambda n: _missing_fraction(pose, n, win))
            share = _missing_fraction(pose, worst, win)
            if share > allowed:
                reason = f"{_words(worst)} not visible for {share:.0%} of rep {m.rep.index}"
        rep = _rep_with(m.rep, reason=reason) if m.rep.measurable and reason else m.rep
        out.append(MeasuredRep(rep, metrics, m.landmarks, m.metric_landmarks))
    return out, notes


def _words(name: str) -> str:
    return name.replace("_", " ")


def usable_metrics(metrics: Mapping[str, float], measurable: bool) -> dict[str, float]:
    """All metrics of a measurable rep; only its timing metrics otherwise."""
    return {k: v for k, v in metrics.items() if measurable or k in TIMING_METRICS}
