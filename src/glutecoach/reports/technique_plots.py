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

Drawing uses matplotlib's object API on the Agg canvas (no pyplot). ``plot_svg`` returns
deterministic inline SVG whose element ids carry a per-figure prefix, so several plots can sit
in one HTML page without clashing ids.
"""

from __future__ import annotations

import io
import re
import textwrap
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Literal

import matplotlib as mpl
import numpy as np
from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.ticker import MaxNLocator
from matplotlib.transforms import blended_transform_factory

from glutecoach.domain.analysis import AnalysisResult, RepResult
from glutecoach.domain.exercise import Threshold, Variation
from glutecoach.domain.pose import FloatArray

SIZE_IN = (8.0, 3.9)
DPI = 100
RC: Mapping[str, object] = {
    "svg.hashsalt": "glutecoach-technique",
    "font.size": 9,
    "axes.titlesize": 11,
    "axes.labelsize": 9,
    "legend.fontsize": 8,
}
SIDE_COLOURS = {"left": "#2b6cb0", "right": "#dd6b20", "both": "#2f855a"}
LINE_COLOUR = "#1f2933"
THRESHOLD_COLOUR = "#c81e1e"
MUTED = "#52606d"
UNMEASURED = "#9aa5b1"
MAX_REP_LABELS = 40
LEGEND_WRAP = 56
EXTREME_TOLERANCE = 0.15

Transform = Literal["none", "abs", "negate"]


@dataclass(frozen=True)
class MetricSpec:
    """How a metric is named and where its per-frame series lives in the frame table.

    ``sources`` are ``(column, legend label)`` pairs; the first ones present are drawn.
    ``transform`` maps a column onto the metric (``abs`` for a lean judged either way,
    ``negate`` for a hip hike read from the pelvic drop column)."""

    label: str
    title: str
    unit: str
    sources: tuple[tuple[str, str], ...] = ()
    transform: Transform = "none"


_FPPA = (
    ("knee_fppa_deg", "knee FPPA"),
    ("knee_fppa_left_deg", "left knee"),
    ("knee_fppa_right_deg", "right knee"),
)
_FLEX = (
    ("knee_flexion_deg", "knee bend"),
    ("knee_flexion_left_deg", "left knee"),
    ("knee_flexion_right_deg", "right knee"),
)
SPECS: Mapping[str, MetricSpec] = {
    "knee_fppa_deg": MetricSpec(
        "Knee FPPA", "Knee frontal plane projection angle (FPPA), valgus positive", "deg", _FPPA
    ),
    "knee_fppa_left_deg": MetricSpec(
        "Left knee FPPA", "Left knee FPPA, valgus positive", "deg", _FPPA[1:2]
    ),
    "knee_fppa_right_deg": MetricSpec(
        "Right knee FPPA", "Right knee FPPA, valgus positive", "deg", _FPPA[2:3]
    ),
    "pelvic_drop_deg": MetricSpec(
        "Pelvic drop",
        "Contralateral pelvic drop (free side lower is positive)",
        "deg",
        (("pelvic_drop_deg", "pelvic drop"),),
    ),
    "hip_hike_deg": MetricSpec(
        "Hip hike",
        "Hip hike (free side above level is positive)",
        "deg",
        (("pelvic_drop_deg", "pelvis tilt, free side up"),),
        "negate",
    ),
    "pelvic_range_deg": MetricSpec("Pelvic range", "Pelvic tilt range per rep", "deg"),
    "trunk_lean_deg": MetricSpec(
        "Trunk side lean",
        "Trunk side lean, either way",
        "deg",
        (("trunk_lean_deg", "trunk side lean (size)"),),
        "abs",
    ),
    "trunk_forward_lean_deg": MetricSpec(
        "Trunk forward lean",
        "Trunk forward lean from vertical",
        "deg",
        (("trunk_forward_lean_deg", "trunk forward lean"),),
    ),
    "knee_flexion_deg": MetricSpec(
        "Knee bend", "Knee flexion proxy (0 = straight leg)", "deg", _FLEX
    ),
    "hip_abduction_deg": MetricSpec("Hip abduction", "Frontal hip abduction", "deg"),
    "hip_descent_ratio": MetricSpec("Depth", "Depth: how far the hips went down", "hip widths"),
    "step_width_ratio": MetricSpec(
        "Step width",
        "Step width: ankle separation at the widest point",
        "hip widths",
        (("ankle_separation_ratio", "ankle separation"),),
    ),
    "feet_separation_ratio": MetricSpec(
        "Narrowest foot gap",
        "Narrowest ankle separation around each step",
        "hip widths",
        (("ankle_separation_ratio", "ankle separation"),),
    ),
    "knee_to_ankle_width_ratio": MetricSpec(
        "Knee-to-ankle width",
        "Knee separation over ankle separation (below 1: knees inside the ankles)",
        "ratio",
        (("knee_to_ankle_width_ratio", "knee-to-ankle width"),),
    ),
    "free_foot_touchdowns": MetricSpec(
        "Free-foot touchdowns", "Free foot touching down (loss of balance), per rep", "count"
    ),
    "rep_duration_s": MetricSpec("Rep duration", "Rep duration", "s"),
    "descent_s": MetricSpec("Descent", "Time to reach the bottom", "s"),
    "bottom_pause_s": MetricSpec("Pause at bottom", "Time at the bottom", "s"),
    "ascent_s": MetricSpec("Ascent", "Time to rise", "s"),
    "lowering_s": MetricSpec("Lowering", "Time lowering the free side", "s"),
    "raising_s": MetricSpec("Raising", "Time raising the free side", "s"),
}

_UNIT_SUFFIXES = (("_deg", "deg"), ("_ratio", "ratio"), ("_touchdowns", "count"), ("_s", "s"))


def metric_spec(metric: str) -> MetricSpec:
    """The spec of a known metric, or one guessed from the name (unit from its suffix)."""
    if metric in SPECS:
        return SPECS[metric]
    unit, stem = "", metric
    for suffix, name in _UNIT_SUFFIXES:
        if metric.endswith(suffix):
            unit, stem = name, metric[: -len(suffix)]
            break
    words = stem.replace("_", " ").strip()
    label = words[:1].upper() + words[1:]
    sources = [(metric, words)]
    if unit:
        tail = next(s for s, n in _UNIT_SUFFIXES if n == unit)
        sources += [(f"{stem}_{side}{tail}", f"{side} {words}") for side in ("left", "right")]
    return MetricSpec(label, label, unit, tuple(sources))


def metric_heading(metric: str) -> str:
    """'Knee FPPA (deg)'."""
    spec = metric_spec(metric)
    return f"{spec.label} ({spec.unit})" if spec.unit else spec.label


def format_value(metric: str, value: float) -> str:
    """A metric value with the precision its unit deserves: '13.5', '0.84', '2'."""
    unit = metric_spec(metric).unit
    if unit == "count":
        return f"{value:.0f}"
    digits = 1 if unit == "deg" else 2
    text = f"{value:.{digits}f}"
    return text[1:] if text.startswith("-") and float(text) == 0.0 else text


def with_unit(metric: str, value: float, *, exact: bool = False) -> str:
    """'13.5 deg', '1.50 hip widths', '3.00 s', '1 touchdown', '0.84' (a bare ratio);
    ``exact`` writes a library number as given ('8 deg', not '8.0 deg')."""
    unit = metric_spec(metric).unit
    shown = f"{value:g}" if exact else format_value(metric, value)
    if unit == "count" and metric.endswith("_touchdowns"):
        return f"{shown} touchdown{'' if shown == '1' else 's'}"
    return f"{shown} {unit}" if unit and unit not in ("count", "ratio") else shown


def short_citation(key: str) -> str:
    """'herrington-2014' -> 'Herrington 2014'; 'kim-kang-2020' -> 'Kim & Kang 2020'."""
    parts = key.split("-")
    year = next((i for i, p in enumerate(parts) if re.fullmatch(r"(19|20)\d\d", p)), None)
    if year is None:
        return key
    names = [p.capitalize() for p in parts[:year]]
    who = " & ".join(names) if len(names) <= 2 else " ".join(names)
    rest = " ".join(parts[year + 1 :])
    return f"{who} {parts[year]}" + (f" ({rest})" if rest else "")


def threshold_label(metric: str, threshold: Threshold) -> str:
    """'threshold 13.5 deg, fault above (Herrington 2014)', or '(coaching default)'."""
    source = (
        short_citation(threshold.reference)
        if threshold.basis == "literature" and threshold.reference
        else "coaching default"
    )
    word = "above" if threshold.comparison == "above" else "below"
    return f"threshold {with_unit(metric, threshold.value, exact=True)}, fault {word} ({source})"


def noise_label(metric: str, threshold: Threshold) -> str:
    """The band where a fault is within measurement noise, with its source."""
    assert threshold.noise_floor is not None
    source = f", {short_citation(threshold.noise_reference)}" if threshold.noise_reference else ""
    floor = with_unit(metric, threshold.noise_floor, exact=True)
    return f"fault within measurement noise (< {floor} past it{source})"


def thresholded_metrics(variation: Variation) -> dict[str, list[Threshold]]:
    """The metrics the library judges for ``variation``, in library order, with thresholds."""
    out: dict[str, list[Threshold]] = {}
    for mistake in variation.mistakes:
        if mistake.threshold is not None:
            out.setdefault(mistake.threshold.metric.value, []).append(mistake.threshold)
    return out


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


def _figure(title: str) -> tuple[Figure, Axes]:
    fig = Figure(figsize=SIZE_IN, dpi=DPI, layout="constrained")
    FigureCanvasAgg(fig)
    ax = fig.add_subplot()
    ax.set_title(title, loc="left")
    ax.grid(True, alpha=0.3)
    return fig, ax


def _placeholder(title: str, message: str) -> Figure:
    fig = Figure(figsize=(SIZE_IN[0], 1.6), dpi=DPI, layout="constrained")
    FigureCanvasAgg(fig)
    ax = fig.add_subplot()
    ax.set_axis_off()
    ax.set_title(title, loc="left")
    ax.text(
        0.5, 0.45, message, ha="center", va="center", wrap=True, color=MUTED, transform=ax.transAxes
    )
    return fig


def _time_span(result: AnalysisResult) -> tuple[float, float] | None:
    frames = result.frames
    if frames is not None and frames.timestamps_s.size:
        return float(frames.timestamps_s[0]), float(frames.timestamps_s[-1])
    if result.reps:
        return result.reps[0].start_s - 0.5, result.reps[-1].end_s + 0.5
    return None


def _span_label(side: str, family: str) -> str:
    if family == "lateral-band-walk":
        return f"step to the {side}" if side != "both" else "step"
    return f"{side}-leg rep" if side != "both" else "rep (both legs)"


def _shade_reps(ax: Axes, result: AnalysisResult, numbers: bool) -> list[Artist]:
    """Shade each rep by side (hatched grey when not measurable); return legend handles."""
    seen: dict[str, Artist] = {}
    reps = result.reps
    for rep in reps:
        if rep.measurable:
            colour = SIDE_COLOURS[rep.side]
            ax.axvspan(rep.start_s, rep.end_s, color=colour, alpha=0.12, linewidth=0)
            key = _span_label(rep.side, result.family)
            seen.setdefault(key, Patch(color=colour, alpha=0.25, label=key))
        else:
            ax.axvspan(
                rep.start_s,
                rep.end_s,
                facecolor="none",
                edgecolor=UNMEASURED,
                hatch="///",
                linewidth=0,
            )
            key = "rep not measurable or partial"
            seen.setdefault(
                key, Patch(facecolor="white", edgecolor=UNMEASURED, hatch="///", label=key)
            )
    if numbers and len(reps) <= MAX_REP_LABELS:
        top = blended_transform_factory(ax.transData, ax.transAxes)
        for rep in reps:
            tag = f"{rep.index}{rep.side[0].upper() if rep.side != 'both' else ''}"
            ax.text(
                (rep.start_s + rep.end_s) / 2,
                0.98,
                tag,
                transform=top,
                ha="center",
                va="top",
                fontsize=8,
                color=MUTED,
            )
    return list(seen.values())


def _legend(fig: Figure, handles: Sequence[Artist]) -> None:
    """A legend under the plot, in columns narrow enough to fit the figure's width."""
    if not handles:
        return
    labels = [textwrap.fill(str(h.get_label()), LEGEND_WRAP) for h in handles]
    widest = max(len(line) for label in labels for line in label.splitlines())
    ncols = min(len(handles), 3 if widest <= LEGEND_WRAP * 2 // 3 else 2)
    fig.legend(
        handles=list(handles), labels=labels, loc="outside lower center", ncols=ncols, frameon=False
    )


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
        return _placeholder(title, f"{why} to plot; {reps}.")
    low, high = (float(np.percentile(finite, q)) for q in (2.0, 98.0))
    scaled = (values - low) / (high - low) if high > low else values - low
    what = signal.removeprefix("signal_")
    fig, ax = _figure(f"{title} (counted from {metric_spec(what).label.lower()})")
    t = frames.timestamps_s
    handles: list[Artist] = _shade_reps(ax, result, numbers=True)
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
    _legend(fig, handles)
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
        edge_colour = THRESHOLD_COLOUR if fault else "white"
        edge_width = 2.0 if fault else 0.8
        if _at_extreme(rep, value, drawn, t):
            kinds.add("dot")
            ax.plot(
                [rep.bottom_s],
                [value],
                "o",
                color=colour,
                markersize=6,
                zorder=5,
                markeredgecolor=edge_colour,
                markeredgewidth=edge_width,
            )
        else:
            kinds.add("bar")
            ax.hlines(value, rep.start_s, rep.end_s, colors=colour, linewidth=3.0, zorder=4)
            if fault:
                ax.plot(
                    [(rep.start_s + rep.end_s) / 2],
                    [value],
                    "o",
                    color=colour,
                    markersize=6,
                    zorder=5,
                    markeredgecolor=edge_colour,
                    markeredgewidth=edge_width,
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


def metric_figure(result: AnalysisResult, metric: str, thresholds: Sequence[Threshold]) -> Figure:
    """One thresholded metric over time (see the module notes)."""
    spec = metric_spec(metric)
    series = _series(result, metric)
    drawn = [s for s in series if np.any(np.isfinite(s.values))]
    reps = _rep_values(result, metric)
    span = _time_span(result)
    if (not drawn and not reps) or span is None:
        reason = next((m.reason for m in result.not_measured if m.metric == metric), None)
        message = f"{spec.label}: no value could be measured in this clip"
        return _placeholder(spec.title, message + (f" ({reason})." if reason else "."))
    fig, ax = _figure(spec.title)
    handles: list[Artist] = []
    frames = result.frames
    if drawn and frames is not None:
        for s in drawn:
            (line,) = ax.plot(
                frames.timestamps_s, s.values, color=s.colour, linewidth=1.1, label=s.label
            )
            handles.append(line)
    handles += _shade_reps(ax, result, numbers=False)
    for threshold in thresholds:
        line = ax.axhline(
            threshold.value,
            color=THRESHOLD_COLOUR,
            linestyle="--",
            linewidth=1.3,
            label=threshold_label(metric, threshold),
        )
        handles.append(line)
        if threshold.noise_floor:
            sign = 1.0 if threshold.comparison == "above" else -1.0
            edge = threshold.value + sign * threshold.noise_floor
            band = ax.axhspan(
                min(threshold.value, edge),
                max(threshold.value, edge),
                color=THRESHOLD_COLOUR,
                alpha=0.08,
                linewidth=0,
                label=noise_label(metric, threshold),
            )
            handles.append(band)
    handles += _mark_reps(ax, reps, metric, drawn, frames.timestamps_s if frames else None)
    if spec.unit == "count":
        ax.yaxis.set_major_locator(MaxNLocator(integer=True))
        top = max([v for _, v in reps] + [t.value for t in thresholds] + [1.0])
        ax.set_ylim(-0.5, top + 1.0)
    ax.set_xlim(*span)
    ax.set_xlabel("Time in the clip (s)")
    ax.set_ylabel(f"{spec.label} ({spec.unit})" if spec.unit else spec.label)
    _legend(fig, handles)
    return fig


def technique_figures(result: AnalysisResult, variation: Variation) -> dict[str, Figure]:
    """``movement`` then one figure per plotted metric (``metrics_to_plot``), by metric name."""
    thresholds = thresholded_metrics(variation)
    with rc():
        figures = {"movement": movement_figure(result)}
        for metric in metrics_to_plot(result, variation):
            figures[metric] = metric_figure(result, metric, thresholds[metric])
    return figures


@contextmanager
def rc() -> Iterator[None]:
    """The plots' matplotlib settings (use around drawing and saving)."""
    with mpl.rc_context(dict(RC)):
        yield


_IDS = re.compile(r'(\bid="|href="#|url\(#)')


def plot_svg(fig: Figure, prefix: str) -> str:
    """``fig`` as inline SVG (no XML prolog), every id prefixed with ``prefix``."""
    buffer = io.StringIO()
    with rc():
        fig.savefig(buffer, format="svg", metadata={"Date": None})
    text = buffer.getvalue()
    text = text[text.index("<svg") :]
    text = re.sub(r"<metadata>.*?</metadata>\s*", "", text, flags=re.S)
    return _IDS.sub(lambda m: m.group(1) + prefix, text)
