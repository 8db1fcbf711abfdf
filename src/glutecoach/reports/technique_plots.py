"""Angle-over-time plots for the technique report, drawn from an ``AnalysisResult``.

One figure shows the movement (the rep-counting signal, scaled 0 = rest to 1 = the largest
excursion in the clip) with each rep shaded by side and numbered. Then one figure per metric
the library judges with a threshold: the metric's per-frame series from ``result.frames``
(both knees when the table has one column per knee), the rep spans shaded by side, the
library's threshold as a dashed line labelled with its source, the band in which a value is
past the threshold by less than the measurement's noise floor, and a marker at each rep's
extreme with the value the rep was judged on (ringed red when it is a fault). A metric
measured once per rep (a duration, a count) has no per-frame series and shows only the
markers. Where nothing can be drawn the figure says why instead of failing.

The drawing kit (settings, rep spans, threshold bands, legend, SVG output) is in
``technique_drawing``; how metrics are named and written is in ``technique_metrics``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.ticker import MaxNLocator

from glutecoach.domain.analysis import AnalysisResult, RepResult
from glutecoach.domain.evidence import References
from glutecoach.domain.exercise import Threshold, Variation
from glutecoach.domain.pose import FloatArray
from glutecoach.reports.technique_drawing import (
    LINE_COLOUR,
    MUTED,
    SIDE_COLOURS,
    THRESHOLD_COLOUR,
    draw_thresholds,
    legend,
    placeholder,
    plot_figure,
    rc,
    shade_reps,
)
from glutecoach.reports.technique_metrics import metric_heading, metric_spec, thresholded_metrics

EXTREME_TOLERANCE = 0.15


@dataclass(frozen=True)
class _Series:
    label: str
    colour: str
    values: FloatArray


def _series(result: AnalysisResult, metric: str) -> list[_Series]:
    frames = result.frames
    if frames is None:
        return []
    spec = metric_spec(metric)
    present = [(c, lab) for c, lab in spec.sources if c in frames.names]
    if present and present[0][0] == metric:
        present = present[:1]  # one column of the metric itself: draw only that
    out = []
    for column, label in present:
        values = np.asarray(frames.column(column), dtype=np.float64)
        if spec.transform == "abs":
            values = np.abs(values)
        elif spec.transform == "negate":
            values = -values
        side = "left" if "_left" in column else "right" if "_right" in column else None
        out.append(_Series(label, SIDE_COLOURS[side] if side else LINE_COLOUR, values))
    return out


def _rep_values(result: AnalysisResult, metric: str) -> list[tuple[RepResult, float]]:
    return [(r, r.metrics[metric]) for r in result.reps if r.measurable and metric in r.metrics]


def _has_data(result: AnalysisResult, metric: str) -> bool:
    if _rep_values(result, metric):
        return True
    return any(np.any(np.isfinite(s.values)) for s in _series(result, metric))


def metrics_to_plot(result: AnalysisResult, variation: Variation) -> list[str]:
    """Every thresholded metric, except one this clip could not measure at all (a wrong view,
    no evaluator) and has no data for: those are listed under 'not measured' instead."""
    unmeasured: dict[str, int] = {}
    for item in result.not_measured:
        if item.metric:
            unmeasured[item.metric] = unmeasured.get(item.metric, 0) + 1
    keep = []
    for metric, thresholds in thresholded_metrics(variation).items():
        all_unmeasured = unmeasured.get(metric, 0) >= len(thresholds)
        if all_unmeasured and not _has_data(result, metric):
            continue
        keep.append(metric)
    return keep


def _time_span(result: AnalysisResult) -> tuple[float, float] | None:
    frames = result.frames
    if frames is not None and frames.timestamps_s.size:
        return float(frames.timestamps_s[0]), float(frames.timestamps_s[-1])
    if result.reps:
        return result.reps[0].start_s - 0.5, result.reps[-1].end_s + 0.5
    return None


def movement_figure(result: AnalysisResult) -> Figure:
    """The rep-counting signal with every rep shaded and numbered (1L = rep 1, left leg)."""
    frames = result.frames
    title = "Movement and reps"
    signal = next((n for n in frames.names if n.startswith("signal_")), None) if frames else None
    values = frames.column(signal) if frames is not None and signal else np.zeros(0)
    finite = values[np.isfinite(values)]
    if frames is None or signal is None or finite.size == 0:
        why = "This result has no per-frame data" if frames is None else "No movement signal"
        reps = "the rep table below lists every rep" if result.reps else "no reps were found"
        return placeholder(title, f"{why} to plot; {reps}.")
    low, high = (float(np.percentile(finite, q)) for q in (2.0, 98.0))
    scaled = (values - low) / (high - low) if high > low else values - low
    what = signal.removeprefix("signal_")
    fig, ax = plot_figure(f"{title} (counted from {metric_spec(what).label.lower()})")
    t = frames.timestamps_s
    handles: list[Artist] = shade_reps(ax, result, numbers=True)
    (line,) = ax.plot(t, scaled, color=LINE_COLOUR, linewidth=1.2, label="movement")
    handles.insert(0, line)
    for rep in result.reps:
        y = float(np.interp(rep.bottom_s, t, scaled))
        ax.plot([rep.bottom_s], [y], "v", color=SIDE_COLOURS[rep.side], markersize=7)
    if result.reps:
        handles.append(
            Line2D([], [], linestyle="", marker="v", color=MUTED, label="rep's extreme (bottom)")
        )
    else:
        ax.text(
            0.01,
            0.95,
            "No reps were found in this clip.",
            transform=ax.transAxes,
            va="top",
            color=THRESHOLD_COLOUR,
        )
    ax.set_xlabel("Time in the clip (s)")
    ax.set_ylabel("Movement (0 = rest, 1 = largest)")
    ax.set_ylim(-0.15, 1.3)
    ax.set_xlim(float(t[0]), float(t[-1]))
    legend(fig, handles)
    return fig


def _at_extreme(
    rep: RepResult, value: float, drawn: Sequence[_Series], t: FloatArray | None
) -> bool:
    """Whether a drawn series passes near ``value`` at the rep's extreme, so a dot there sits
    on the curve; otherwise the value was read elsewhere in the rep (at rest, over the step)."""
    if not drawn or t is None:
        return True
    inside = (t >= rep.start_s) & (t <= rep.end_s)
    gaps, ranges = [], []
    for s in drawn:
        seg = s.values[inside]
        seg = seg[np.isfinite(seg)]
        finite = np.isfinite(s.values)
        if seg.size < 2 or finite.sum() < 2:
            continue
        at = float(np.interp(rep.bottom_s, t[finite], s.values[finite]))
        gaps.append(abs(at - value))
        ranges.append(float(seg.max() - seg.min()))
    if not gaps:
        return True
    return min(gaps) <= max(EXTREME_TOLERANCE * max(ranges), 1e-6)


def _mark_reps(
    ax: Axes,
    reps: Sequence[tuple[RepResult, float]],
    metric: str,
    drawn: Sequence[_Series],
    t: FloatArray | None,
) -> list[Artist]:
    """Each rep's judged value: a dot at the rep's extreme, or a bar over the rep when it was
    read elsewhere in the rep; a red ring or edge marks a fault. Returns legend handles."""
    kinds: set[str] = set()
    faulty = False
    for rep, value in reps:
        fault = any(f.metric == metric for f in rep.faults)
        faulty |= fault
        colour = SIDE_COLOURS[rep.side]
        if _at_extreme(rep, value, drawn, t):
            kinds.add("dot")
            x = rep.bottom_s
        else:
            kinds.add("bar")
            ax.hlines(value, rep.start_s, rep.end_s, colors=colour, linewidth=3.0, zorder=4)
            if not fault:
                continue
            x = (rep.start_s + rep.end_s) / 2
        ax.plot(
            [x],
            [value],
            "o",
            color=colour,
            markersize=6,
            zorder=5,
            markeredgecolor=THRESHOLD_COLOUR if fault else "white",
            markeredgewidth=2.0 if fault else 0.8,
        )
    handles: list[Artist] = []
    if "dot" in kinds:
        handles.append(
            Line2D(
                [],
                [],
                linestyle="",
                marker="o",
                color=MUTED,
                label="rep's judged value, at its extreme",
            )
        )
    if "bar" in kinds:
        handles.append(
            Line2D(
                [], [], color=MUTED, linewidth=3.0, label="rep's judged value, read over the rep"
            )
        )
    if faulty:
        handles.append(
            Line2D(
                [],
                [],
                linestyle="",
                marker="o",
                color=MUTED,
                markeredgecolor=THRESHOLD_COLOUR,
                markeredgewidth=2.0,
                label="fault",
            )
        )
    return handles


def metric_figure(
    result: AnalysisResult, metric: str, thresholds: Sequence[Threshold], library: References
) -> Figure:
    """One thresholded metric over time (see the module notes)."""
    spec = metric_spec(metric)
    series = _series(result, metric)
    drawn = [s for s in series if np.any(np.isfinite(s.values))]
    reps = _rep_values(result, metric)
    span = _time_span(result)
    if (not drawn and not reps) or span is None:
        reason = next((m.reason for m in result.not_measured if m.metric == metric), None)
        message = f"{spec.label}: no value could be measured in this clip"
        return placeholder(spec.title, message + (f" ({reason})." if reason else "."))
    fig, ax = plot_figure(spec.title)
    handles: list[Artist] = []
    frames = result.frames
    if drawn and frames is not None:
        for s in drawn:
            (line,) = ax.plot(
                frames.timestamps_s, s.values, color=s.colour, linewidth=1.1, label=s.label
            )
            handles.append(line)
    handles += shade_reps(ax, result, numbers=False)
    handles += draw_thresholds(ax, thresholds, library)
    handles += _mark_reps(ax, reps, metric, drawn, frames.timestamps_s if frames else None)
    if spec.unit == "count":
        ax.yaxis.set_major_locator(MaxNLocator(integer=True))
        top = max([v for _, v in reps] + [t.value for t in thresholds] + [1.0])
        ax.set_ylim(-0.5, top + 1.0)
    ax.set_xlim(*span)
    ax.set_xlabel("Time in the clip (s)")
    ax.set_ylabel(metric_heading(metric))
    legend(fig, handles)
    return fig


def technique_figures(
    result: AnalysisResult, variation: Variation, library: References
) -> dict[str, Figure]:
    """``movement`` then one figure per plotted metric (``metrics_to_plot``), by metric name;
    ``library`` renders the thresholds and noise floors in the legends."""
    thresholds = thresholded_metrics(variation)
    with rc():
        figures = {"movement": movement_figure(result)}
        for metric in metrics_to_plot(result, variation):
            figures[metric] = metric_figure(result, metric, thresholds[metric], library)
    return figures
