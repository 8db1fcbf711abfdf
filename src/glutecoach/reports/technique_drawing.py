"""The drawing kit of the technique plots: their matplotlib settings and colours, figure and
placeholder set-up, rep spans shaded by side, the library's threshold lines with their noise
bands, the legend under a plot, and saving a figure as inline SVG.

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

import matplotlib as mpl
from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.patches import Patch
from matplotlib.transforms import blended_transform_factory

from glutecoach.domain.analysis import AnalysisResult
from glutecoach.domain.evidence import NoiseFloor, References
from glutecoach.domain.exercise import Threshold
from glutecoach.library.renderer import render_noise_floor, render_threshold

SIZE_IN = (8.0, 3.9)
PLACEHOLDER_HEIGHT_IN = 1.6
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


@contextmanager
def rc() -> Iterator[None]:
    """The plots' matplotlib settings (use around drawing and saving)."""
    with mpl.rc_context(dict(RC)):
        yield


def _titled_axes(title: str, height_in: float) -> tuple[Figure, Axes]:
    fig = Figure(figsize=(SIZE_IN[0], height_in), dpi=DPI, layout="constrained")
    FigureCanvasAgg(fig)
    ax = fig.add_subplot()
    ax.set_title(title, loc="left")
    return fig, ax


def plot_figure(title: str) -> tuple[Figure, Axes]:
    """A plot-sized figure with one gridded axes titled on the left."""
    fig, ax = _titled_axes(title, SIZE_IN[1])
    ax.grid(True, alpha=0.3)
    return fig, ax


def placeholder(title: str, message: str) -> Figure:
    """A short figure that says why there is nothing to plot."""
    fig, ax = _titled_axes(title, PLACEHOLDER_HEIGHT_IN)
    ax.set_axis_off()
    ax.text(
        0.5, 0.45, message, ha="center", va="center", wrap=True, color=MUTED, transform=ax.transAxes
    )
    return fig


def _span_label(side: str, family: str) -> str:
    if family == "lateral-band-walk":
        return f"step to the {side}" if side != "both" else "step"
    return f"{side}-leg rep" if side != "both" else "rep (both legs)"


def shade_reps(ax: Axes, result: AnalysisResult, numbers: bool) -> list[Artist]:
    """Shade each rep by side (hatched grey when not measurable), numbered along the top when
    ``numbers`` and there are few enough; return legend handles."""
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


def threshold_label(threshold: Threshold, library: References) -> str:
    """'fault > 13.5 deg (our rule, derived from Herrington 2014)', or '(coaching default ...)'."""
    return f"fault {render_threshold(threshold, library).short_text}"


def noise_label(noise: NoiseFloor, library: References) -> str:
    """The band where a fault is within measurement noise, with the floor's status."""
    return f"within measurement noise: less than {render_noise_floor(noise, library).short_text}"


def draw_thresholds(ax: Axes, thresholds: Sequence[Threshold], library: References) -> list[Artist]:
    """Each threshold as a dashed line, with the band past it that is within the measurement's
    noise floor; return legend handles."""
    handles: list[Artist] = []
    for threshold in thresholds:
        line = ax.axhline(
            threshold.value,
            color=THRESHOLD_COLOUR,
            linestyle="--",
            linewidth=1.3,
            label=threshold_label(threshold, library),
        )
        handles.append(line)
        if threshold.noise is not None and threshold.noise.value:
            sign = 1.0 if threshold.comparison == "above" else -1.0
            edge = threshold.value + sign * threshold.noise.value
            band = ax.axhspan(
                min(threshold.value, edge),
                max(threshold.value, edge),
                color=THRESHOLD_COLOUR,
                alpha=0.08,
                linewidth=0,
                label=noise_label(threshold.noise, library),
            )
            handles.append(band)
    return handles


def legend(fig: Figure, handles: Sequence[Artist]) -> None:
    """A legend under the plot, in columns narrow enough to fit the figure's width."""
    if not handles:
        return
    labels = [textwrap.fill(str(h.get_label()), LEGEND_WRAP) for h in handles]
    widest = max(len(line) for label in labels for line in label.splitlines())
    ncols = min(len(handles), 3 if widest <= LEGEND_WRAP * 2 // 3 else 2)
    fig.legend(
        handles=list(handles), labels=labels, loc="outside lower center", ncols=ncols, frameon=False
    )


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
