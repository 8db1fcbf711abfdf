"""The running-gait HTML report (Jinja2, autoescaped, plots as inline SVG) and the history plot
of stored gait checks (PNG).

Drawing uses matplotlib's object API on the Agg canvas (no pyplot, no global state).
"""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence
from pathlib import Path

import matplotlib as mpl
from markupsafe import Markup
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from glutecoach.analysis.gait import CPD_NOISE
from glutecoach.analysis.gait_findings import asymmetry_verdict
from glutecoach.domain.gait import GaitResult, GaitStep
from glutecoach.domain.glossary import gait_term, short_measure_name
from glutecoach.library.catalogue import Library
from glutecoach.library.renderer import render_noise_floor
from glutecoach.reports.chart_axes import tick_step
from glutecoach.reports.templating import template_environment

SIDE_COLOURS = {"left": "#1f77b4", "right": "#d62728"}


def _svg(figure: Figure) -> Markup:
    FigureCanvasAgg(figure)
    buffer = io.StringIO()
    with mpl.rc_context({"svg.hashsalt": "glutecoach-gait", "svg.fonttype": "none"}):
        figure.savefig(buffer, format="svg", bbox_inches="tight", metadata={"Date": None})
    text = buffer.getvalue()
    return Markup(text[text.index("<svg") :])


RATIO_UNITS = {"foot_midline_ratio": "hip widths", "overstride_ratio": "leg lengths"}
"""What a ratio measure is counted in (its column header's unit)."""
STEP_COLUMNS = ("Step", "Side", "Contact (s)", "Midstance (s)", "Toe-off (s)")
"""The per-step table's first column headers; a column per measure follows."""


def label(metric: str) -> str:
    """'Pelvic drop at midstance (deg)': the glossary's name with the unit (row headers,
    plot titles)."""
    return gait_term(metric).heading()


def number(value: float) -> str:
    """Two decimals, and no "-0.00" for a value that rounds to zero."""
    text = f"{value:.2f}"
    return "0.00" if text == "-0.00" else text


def header(metric: str) -> str:
    """A measure's short column header in runner words with its unit, e.g. 'Knee inward
    angle (deg)': never the code name."""
    unit = RATIO_UNITS.get(metric) or gait_term(metric).unit
    name = short_measure_name(metric)
    return f"{name} ({unit})" if unit else name


def step_plot(steps: Sequence[GaitStep], metric: str) -> Markup:
    """One dot per step over time, coloured by side, with each side's mean as a line."""
    figure = Figure(figsize=(7.0, 2.4))
    axes: Axes = figure.add_subplot()
    for side, colour in SIDE_COLOURS.items():
        mine = [s for s in steps if s.side == side and metric in s.metrics]
        if not mine:
            continue
        values = [s.metrics[metric] for s in mine]
        axes.plot([s.midstance_s for s in mine], values, "o", color=colour, label=side)
        axes.axhline(sum(values) / len(values), color=colour, linewidth=1, linestyle="--")
    axes.set_xlabel("time (s)")
    axes.set_title(label(metric), fontsize=10)
    axes.legend(loc="best", fontsize=8)
    axes.grid(alpha=0.3)
    return _svg(figure)


def gait_html(
    result: GaitResult,
    library: Library,
    *,
    video_name: str,
    annotated_video: str | None = None,
) -> str:
    """The self-contained HTML report of one gait check; ``library`` gives the full citations
    and renders the noise floors the left/right comparison used."""
    keys = sorted({k for f in result.findings for k in f.references})
    references = {k: library.reference(k).full() for k in keys}
    verdicts = {a.metric: asymmetry_verdict(a, library) for a in result.asymmetry}
    metrics = sorted({m for s in result.steps for m in s.metrics})
    plots = [(label(m), step_plot(result.steps, m)) for m in metrics]
    template = template_environment(keep_trailing_newline=False).get_template("gait.html.j2")
    return template.render(
        result=result,
        video_name=video_name,
        annotated_video=annotated_video,
        references=references,
        verdicts=verdicts,
        metrics=metrics,
        label=label,
        header=header,
        number=number,
        step_columns=STEP_COLUMNS,
        meaning=gait_term,
        plots=plots,
    )


StoredChecks = Sequence[tuple[str, float | None, Mapping[str, tuple[float, float, int]]]]
"""``(date label, cadence or None, {side: (mean, sd, n)})`` per stored gait check."""


def history_png(runner: str, checks: StoredChecks, path: Path, library: Library) -> Path:
    """Write ``history_figure`` as a PNG at ``path``."""
    history_figure(runner, checks, library).savefig(path, format="png", dpi=110)
    return path


def history_figure(runner: str, checks: StoredChecks, library: Library) -> Figure:
    """Stored gait checks over time: mean CPD per side with SD bars, and cadence.

    ``checks`` are ``(date label, cadence or None, {side: (mean, sd, n)})``, oldest first;
    a season of checks is labelled at every few checks (at most ``MAX_TICKS`` dates).
    """
    figure = Figure(figsize=(8.0, 5.5))
    FigureCanvasAgg(figure)
    top, bottom = figure.subplots(2, 1, sharex=True)
    xs = list(range(len(checks)))
    for offset, (side, colour) in zip((-0.08, 0.08), SIDE_COLOURS.items(), strict=True):
        points = [(x, c[2][side]) for x, c in zip(xs, checks, strict=True) if side in c[2]]
        if points:
            top.errorbar(
                [x + offset for x, _ in points],
                [p[0] for _, p in points],
                yerr=[p[1] for _, p in points],
                fmt="o-",
                color=colour,
                capsize=4,
                label=f"{side} stance",
            )
    top.set_ylabel("Pelvic drop (deg)")
    top.set_title(f"Gait checks of {runner}: pelvic drop at midstance (mean ± SD)", fontsize=10)
    top.grid(alpha=0.3)
    floor = render_noise_floor(library.noise_floor(CPD_NOISE), library)
    top.text(
        0.01,
        0.02,
        f"changes under {floor.short_text} are within 2D video noise",
        transform=top.transAxes,
        fontsize=7,
        color="#555555",
    )
    if top.get_legend_handles_labels()[0]:
        top.legend(fontsize=8)
    cadence = [(x, c[1]) for x, c in zip(xs, checks, strict=True) if c[1] is not None]
    bottom.plot([x for x, _ in cadence], [v for _, v in cadence], "s-", color="#444444")
    bottom.set_ylabel("Cadence (steps/min)")
    bottom.grid(alpha=0.3)
    shown = xs[:: tick_step(len(xs))]  # a season of checks: at most MAX_TICKS dates
    bottom.set_xticks(shown, [checks[x][0] for x in shown], rotation=20, fontsize=8)
    figure.tight_layout()
    return figure
