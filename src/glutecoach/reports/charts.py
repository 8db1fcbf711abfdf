"""Progress charts: weekly volume, variation level, hold time, pain and adherence.

The series come from the pure functions in ``progress.py``. Drawing uses matplotlib's object
API on the Agg canvas (no pyplot, no display), and ``write_progress_charts`` writes each chart
as PNG and SVG. A chart with no data shows a short message saying what to log, rather than
failing. Output is deterministic (fixed SVG hash salt, no date stamp).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from textwrap import fill

import matplotlib as mpl
import numpy as np
import numpy.typing as npt
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.ticker import MaxNLocator

from glutecoach.domain.log import SessionLog
from glutecoach.domain.plan import Plan
from glutecoach.library.catalogue import Library
from glutecoach.planning.progression import Action, Decision
from glutecoach.reports.chart_axes import (
    TimeFrame,
    distinct_labels,
    frame_axis,
    shade_to_come,
    week_axis,
)
from glutecoach.reports.guidance import pain_limits
from glutecoach.reports.progress import (
    PainSeries,
    Series,
    WeekAdherence,
    WeeklyVolume,
    adherence,
    decision_marks,
    hold_times,
    pain_series,
    variation_levels,
    weekly_volume,
)

CHARTS = ("weekly-volume", "variation-level", "hold-time", "pain", "adherence")
FORMATS = ("png", "svg")
SIZE_IN = (8.0, 4.5)
DPI = 120
RC = {
    "svg.hashsalt": "glutecoach",
    "date.converter": "concise",
    "font.size": 10,
    "axes.titlesize": 12,
}


def _figure(title: str) -> tuple[Figure, Axes]:
    fig = Figure(figsize=SIZE_IN, dpi=DPI, layout="constrained")
    FigureCanvasAgg(fig)
    ax = fig.add_subplot()
    ax.set_title(title)
    ax.grid(True, alpha=0.3)
    return fig, ax


def _placeholder(title: str, message: str) -> Figure:
    fig, ax = _figure(title)
    ax.set_axis_off()
    ax.text(
        0.5,
        0.5,
        message,
        ha="center",
        va="center",
        wrap=True,
        color="#52606d",
        transform=ax.transAxes,
    )
    return fig


CROWDED_WEEKS = 12
"""Above this many plan weeks, the adherence chart writes counts only for weeks short of plan."""
PLANNED_HATCH = "xx"
"""Bars of sessions still to come: hatched outlines, not failures."""


def _days(days: Iterable[dt.date]) -> npt.NDArray[np.datetime64]:
    """Dates as numpy days: matplotlib places them on a date axis (``date.converter``)."""
    return np.array(list(days), dtype="datetime64[D]")


def _name(library: Library, vid: str) -> str:
    return library.get(vid).name if library.has(vid) else vid


def _legend(ax: Axes) -> None:
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=8, frameon=False)


def _from_week_0(table: dict[str, dict[int, int]]) -> dict[str, dict[int, int]]:
    """Every week before the plan (0, -1, ...) added into week 0, labelled "Before"."""
    out: dict[str, dict[int, int]] = {}
    for vid, weeks in table.items():
        folded: dict[int, int] = {}
        for week, value in weeks.items():
            folded[max(week, 0)] = folded.get(max(week, 0), 0) + value
        out[vid] = dict(sorted(folded.items()))
    return out


def volume_chart(volume: WeeklyVolume, library: Library, frame: TimeFrame) -> Figure:
    """Good-form reps and hold seconds per plan week, one line per variation, on an axis over
    the frame's weeks (the whole plan: the weeks after this one shaded as still to come)."""
    title = "Weekly volume (good-form work only)"
    if volume.empty:
        return _placeholder(title, "No sets logged yet.\nLog a session to see weekly volume.")
    panels = [
        (_from_week_0(t), unit) for t, unit in ((volume.reps, "reps"), (volume.hold_s, "s")) if t
    ]
    weeks = frame.weeks
    first = min(weeks[0], *(min(w) for t, _ in panels for w in t.values()))
    fig = Figure(
        figsize=(SIZE_IN[0], SIZE_IN[1] * (1 + 0.5 * (len(panels) - 1))),
        dpi=DPI,
        layout="constrained",
    )
    FigureCanvasAgg(fig)
    fig.suptitle(title)
    for i, (table, unit) in enumerate(panels, start=1):
        ax = fig.add_subplot(len(panels), 1, i)
        for vid, by_week in table.items():
            ax.plot(list(by_week), list(by_week.values()), marker="o", label=_name(library, vid))
        what = "Good-form reps per week" if unit == "reps" else "Good-form hold per week (s)"
        ax.set_ylabel(what)
        ax.set_xlabel("Plan week")
        ax.set_ylim(bottom=0)
        ax.yaxis.set_major_locator(MaxNLocator(integer=True))
        week_axis(ax, first, weeks[1])
        current = frame.current_week
        if current is not None and current < weeks[1]:
            shade_to_come(ax, current + 0.5, weeks[1] + 0.5, "Weeks to come")
        ax.grid(True, alpha=0.3)
        _legend(ax)
    return fig


def level_chart(
    levels: dict[str, Series],
    marks: dict[str, list[tuple[dt.date, int, Action]]],
    library: Library,
    frame: TimeFrame,
) -> Figure:
    """One small panel per family: the variation done, by name, up its ladder over time. Long
    names are wrapped, never cut to the same text as a neighbour's."""
    title = "Variation level over time"
    names = sorted(set(levels) | set(marks))
    if not names:
        return _placeholder(title, "No exercises logged yet.\nLog a session to see levels.")
    families = {f.family: f for f in library.families}
    rungs = [len(families[fid].ladder()) for fid in names]
    heights = [max(1.3, 0.32 * n) for n in rungs]
    fig = Figure(figsize=(SIZE_IN[0], 1.0 + sum(heights)), dpi=DPI, layout="constrained")
    FigureCanvasAgg(fig)
    fig.suptitle(title)
    axes = fig.subplots(
        len(names), 1, sharex=True, squeeze=False, gridspec_kw={"height_ratios": heights}
    )[:, 0]
    for ax, fid in zip(axes, names, strict=True):
        ladder = families[fid].ladder()
        if levels.get(fid):
            days, positions = zip(*levels[fid], strict=True)
            ax.step(_days(days), positions, where="post", marker="o", color="#2b6cb0")
        for day, position, action in marks.get(fid, []):
            up = action is Action.PROGRESS
            ax.plot(
                _days([day]),
                [position],
                "^" if up else "v",
                markersize=10,
                color="#2f855a" if up else "#dd6b20",
                markerfacecolor="none",
            )
        ticks = range(1, len(ladder) + 1)
        ax.set_yticks(list(ticks), distinct_labels([v.name for v in ladder]))
        ax.tick_params(axis="y", labelsize=7)
        ax.set_ylim(0.5, len(ladder) + 0.5)
        ax.set_title(families[fid].name, loc="left", fontsize=9)
        ax.grid(True, alpha=0.3)
    for ax in axes:
        frame_axis(ax, frame, label=False)
    axes[-1].set_xlabel("Date (easiest variation at the bottom of each panel)")
    if marks:
        handles = [
            Line2D(
                [],
                [],
                linestyle="",
                marker="^",
                color="#2f855a",
                markerfacecolor="none",
                label="Decided: progress",
            ),
            Line2D(
                [],
                [],
                linestyle="",
                marker="v",
                color="#dd6b20",
                markerfacecolor="none",
                label="Decided: easier or step back",
            ),
        ]
        fig.legend(handles=handles, loc="outside lower center", ncols=2, frameon=False)
    return fig


def hold_chart(holds: dict[str, Series], library: Library, frame: TimeFrame) -> Figure:
    title = "Hold time over time"
    if not holds:
        return _placeholder(title, "No timed holds logged yet.")
    fig, ax = _figure(title)
    for vid, series in holds.items():
        days, seconds = zip(*series, strict=True)
        ax.plot(_days(days), seconds, marker="o", label=_name(library, vid))
    frame_axis(ax, frame)
    ax.set_ylabel("Longest good-form hold (s)")
    ax.set_xlabel("Date")
    ax.set_ylim(bottom=0)
    _legend(ax)
    return fig


def pain_chart(pain: PainSeries, library: Library, frame: TimeFrame) -> Figure:
    title = "Pain during and the morning after"
    if pain.empty:
        return _placeholder(title, "No pain scores logged yet.")
    limits = pain_limits(library)
    fig, ax = _figure(title)
    for series, label, colour, marker in (
        (pain.during, "Worst pain during the session", "#c81e1e", "o"),
        (pain.next_morning, "Pain the next morning", "#6b46c1", "s"),
    ):
        if series:
            days, scores = zip(*series, strict=True)
            ax.plot(_days(days), scores, marker=marker, color=colour, label=label)
    ax.axhline(
        limits.safe_max,
        color="#2f855a",
        linestyle="--",
        label=f"{limits.safe_max}/10: safe limit",
    )
    ax.axhline(
        limits.acceptable_max,
        color="#dd6b20",
        linestyle="--",
        label=f"{limits.acceptable_max}/10: acceptable limit (above it, stop)",
    )
    ax.axhspan(limits.acceptable_max, 10, color="#c81e1e", alpha=0.06)
    ax.set_ylim(0, 10)
    frame_axis(ax, frame)
    if limits.citation:
        ax.text(  # under the legend, inside the layout (not over the axis label)
            1.02,
            0.0,
            fill(f"Pain-monitoring limits: {limits.scale.status_words}, {limits.citation}.", 36),
            fontsize=7,
            color="#52606d",
            ha="left",
            va="bottom",
            transform=ax.transAxes,
        )
    ax.set_ylabel("Pain (0 = none, 10 = worst)")
    ax.set_xlabel("Session date")
    _legend(ax)
    return fig


def adherence_chart(weeks: Sequence[WeekAdherence]) -> Figure:
    """Planned and done sessions per plan week. Sessions still to come are drawn as planned
    (hatched outlines), so a week ahead is not read as a week missed; a week under way counts
    "done of due so far"."""
    title = "Sessions done vs planned"
    if not any(w.planned or w.extra for w in weeks):
        return _placeholder(title, "No sessions planned.")
    fig, ax = _figure(title)
    xs = [w.week for w in weeks]
    ax.bar(
        [x - 0.2 for x in xs],
        [w.due for w in weeks],
        width=0.4,
        color="#cbd2d9",
        label="Planned",
    )
    if any(w.upcoming for w in weeks):
        ax.bar(
            [x - 0.2 for x in xs],
            [w.upcoming for w in weeks],
            bottom=[w.due for w in weeks],
            width=0.4,
            facecolor="none",
            edgecolor="#7b8794",
            hatch=PLANNED_HATCH,
            label="Planned, still to come",
        )
    started = [w for w in weeks if w.due or w.done or w.extra]
    ax.bar(
        [w.week + 0.2 for w in started],
        [w.done for w in started],
        width=0.4,
        color="#2f855a",
        label="Done",
    )
    if any(w.extra for w in weeks):
        ax.bar(
            [w.week + 0.2 for w in started],
            [w.extra for w in started],
            width=0.4,
            hatch="//",
            bottom=[w.done for w in started],
            color="#9ae6b4",
            label="Extra (unplanned)",
        )
    crowded = len(weeks) > CROWDED_WEEKS
    for w in started:
        # a season has no room for every week's count: name only the weeks short of plan
        if w.due and (not crowded or w.done < w.due):
            so_far = " so far" if w.upcoming else ""
            ax.annotate(
                f"{w.done}/{w.due}{so_far}",
                (w.week, max(w.planned, w.done + w.extra)),
                xytext=(0, 3),
                textcoords="offset points",
                ha="center",
                fontsize=8,
            )
    ax.set_xlabel("Plan week")
    ax.set_ylabel("Strength sessions")
    week_axis(ax, xs[0], xs[-1])
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_ylim(0, max(max(w.planned, w.done + w.extra) for w in weeks) + 1)
    _legend(ax)
    return fig


def progress_figures(
    plan: Plan,
    logs: Sequence[SessionLog],
    library: Library,
    decisions: Sequence[Decision] = (),
    *,
    today: dt.date | None = None,
) -> dict[str, Figure]:
    """Every progress chart as a matplotlib Figure, keyed by the names in ``CHARTS``.

    ``today`` separates sessions missed from sessions still to come (None: every planned day
    has come; this module reads no clock, the caller gives the date). Time axes cover the whole
    plan and any session logged before or after it."""
    dated = [log.date for log in logs] + [d.decided_on for d in decisions if d.decided_on]
    frame = TimeFrame(
        min([plan.start_date, *dated]),
        max([plan.end_date - dt.timedelta(days=1), *dated]),
        plan.start_date,
        today,
    )
    with mpl.rc_context(RC):
        return {
            "weekly-volume": volume_chart(weekly_volume(logs, plan.start_date), library, frame),
            "variation-level": level_chart(
                variation_levels(logs, library), decision_marks(decisions, library), library, frame
            ),
            "hold-time": hold_chart(hold_times(logs), library, frame),
            "pain": pain_chart(pain_series(logs), library, frame),
            "adherence": adherence_chart(adherence(plan, logs, today)),
        }


def write_progress_charts(
    plan: Plan,
    logs: Sequence[SessionLog],
    library: Library,
    out_dir: Path,
    *,
    decisions: Sequence[Decision] = (),
    formats: Sequence[str] = FORMATS,
    today: dt.date | None = None,
    on_written: Callable[[int, int], None] | None = None,
) -> list[Path]:
    """Write every chart in every format (``png``, ``svg``) to ``out_dir`` (created if
    needed); return the paths written, chart by chart. The same inputs and formats give the
    same bytes. ``on_written(done, total)`` is told after each file."""
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = []
    with mpl.rc_context(RC):
        figures = progress_figures(plan, logs, library, decisions, today=today)
        total = len(figures) * len(formats)
        for name, fig in figures.items():
            for fmt in formats:
                path = out_dir / f"{name}.{fmt}"
                metadata = {"Date": None} if fmt == "svg" else {}
                fig.savefig(path, format=fmt, metadata=metadata)
                paths.append(path)
                if on_written is not None:
                    on_written(len(paths), total)
    return paths
