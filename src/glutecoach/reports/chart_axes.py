"""Axes the progress charts share, readable from a one-week plan to a season.

- Plan-week axes (``week_axis``): ticks only at whole weeks, thinned to at most ``max_ticks``
  for a long season, the limits half a week beyond the first and last week so a one-week
  plan is not ticked 0.945 ... 1.050; week 0 (sessions logged before the plan started) is
  labelled "Before".
- Date axes (``date_axis``): ticks on whole days counted from the plan's first day (every
  day or two for a short span, every plan week or few weeks for a season): every label a date.
- ``TimeFrame`` and ``frame_axis``: the days a chart covers (the whole plan and any session
  before or after it), the days after today shaded as still to come (``shade_to_come``).
- ``distinct_labels``: long variation names wrapped onto lines rather than cut, so two names
  never shorten to the same text.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from textwrap import shorten, wrap
from typing import cast

from matplotlib.axes import Axes
from matplotlib.dates import date2num
from matplotlib.ticker import FixedLocator, NullLocator

from glutecoach.reports.progress import plan_week

_day_number = cast(Callable[[dt.date], float], date2num)
"""matplotlib's number for a date (whole days since its epoch), typed."""
MAX_TICKS = 12
"""At most this many labelled ticks on a time axis (about 0.6 in each on an 8 in chart)."""
BEFORE_PLAN = "Before"
"""Tick label of week 0: sessions logged before the plan's first day."""


def tick_step(count: int, max_ticks: int = MAX_TICKS) -> int:
    """Every how many items to tick so that ``count`` items get at most ``max_ticks``
    ticks; steps are 1, 2, 4 or a multiple of 4 (a month of weeks)."""
    step = max(1, math.ceil(count / max_ticks))
    if step <= 2:
        return step
    return 4 * math.ceil(step / 4)


def week_label(week: int) -> str:
    return BEFORE_PLAN if week <= 0 else str(week)


def week_axis(ax: Axes, first: int, last: int, max_ticks: int = MAX_TICKS) -> list[int]:
    """Tick ``ax``'s x axis at whole plan weeks from ``first`` to ``last``; return the ticks."""
    step = tick_step(last - first + 1, max_ticks)
    ticks = [w for w in range(first, last + 1) if w <= 0 or (w - 1) % step == 0]
    ax.set_xlim(first - 0.5, last + 0.5)
    ax.xaxis.set_major_locator(FixedLocator(ticks))
    ax.set_xticks(ticks, [week_label(w) for w in ticks])
    ax.xaxis.set_minor_locator(NullLocator())
    return ticks


DAY_STEPS = (1, 2, 7, 14, 28)
"""Days between date ticks, the smallest that fits; beyond, multiples of four weeks."""


def date_axis(
    ax: Axes, span: tuple[dt.date, dt.date], plan_start: dt.date, max_ticks: int = MAX_TICKS
) -> list[dt.date]:
    """Show ``span`` (a day either side) on ``ax``'s x axis, ticked at whole days counted from
    ``plan_start``: every day, every other day, every plan week or every n-th plan week,
    whichever is the first to fit ``max_ticks``. Return the tick dates."""
    first, last = span
    days = (last - first).days + 1
    step = next((s for s in DAY_STEPS if math.ceil(days / s) <= max_ticks), None)
    if step is None:
        step = 28 * math.ceil(days / (28 * max_ticks))
    lowest = -((plan_start - first).days // step)
    highest = (last - plan_start).days // step
    ticks = [plan_start + dt.timedelta(days=n * step) for n in range(lowest, highest + 1)]
    low, high = first - dt.timedelta(days=1), last + dt.timedelta(days=1)
    ax.set_xlim(_day_number(low), _day_number(high))
    ax.set_xticks([_day_number(d) for d in ticks], _date_labels(ticks))
    ax.xaxis.set_minor_locator(NullLocator())
    return ticks


def _date_labels(days: Sequence[dt.date]) -> list[str]:
    """'3 Mar', with the year under the first label and wherever the year changes."""
    labels = []
    for i, day in enumerate(days):
        text = f"{day.day} {day:%b}"
        if i == 0 or days[i - 1].year != day.year:
            text += f"\n{day.year}"
        labels.append(text)
    return labels


def distinct_labels(names: Sequence[str], width: int = 26, max_lines: int = 2) -> list[str]:
    """Each name wrapped onto at most ``max_lines`` lines of ``width`` characters. A name too
    long for that is shortened with '...' unless that would make two labels the same; then
    it is shown whole on more lines."""
    fitted = [_fit(name, width, max_lines) for name in names]
    return [
        "\n".join(wrap(name, width)) or name if fitted.count(label) > 1 else label
        for name, label in zip(names, fitted, strict=True)
    ]


def _fit(name: str, width: int, max_lines: int) -> str:
    lines = wrap(name, width)
    if len(lines) <= max_lines:
        return "\n".join(lines) or name
    kept = lines[: max_lines - 1]
    rest = " ".join(lines[max_lines - 1 :])
    return "\n".join([*kept, shorten(rest, width, placeholder="...")])


@dataclass(frozen=True)
class TimeFrame:
    """What a time axis shows: the days ``start`` to ``end``, ticked from ``plan_start``;
    the days after ``today`` (None: none) are shaded as still to come."""

    start: dt.date
    end: dt.date
    plan_start: dt.date
    today: dt.date | None = None

    @property
    def span(self) -> tuple[dt.date, dt.date]:
        return self.start, self.end

    @property
    def weeks(self) -> tuple[int, int]:
        """The first and last plan week shown (0 holds every session before the plan)."""
        first = 0 if self.start < self.plan_start else 1
        return first, plan_week(self.plan_start, self.end)

    @property
    def current_week(self) -> int | None:
        return None if self.today is None else plan_week(self.plan_start, self.today)


def shade_to_come(ax: Axes, low: float, high: float, label: str | None) -> None:
    """Shade the time still to come, from ``low`` to ``high`` in the axis's units."""
    ax.axvspan(low, high, color="#cbd2d9", alpha=0.3, linewidth=0, label=label)


def frame_axis(ax: Axes, frame: TimeFrame, *, label: bool = True) -> None:
    """Show the frame's dates (a day either side) on ``ax``'s x axis, ticked at whole days or
    plan weeks, the days after today shaded (labelled for the legend when ``label``)."""
    date_axis(ax, frame.span, frame.plan_start)
    if frame.today is not None and frame.today < frame.end:
        low = _day_number(frame.today) + 0.5
        high = _day_number(frame.end + dt.timedelta(days=1))
        shade_to_come(ax, low, high, "Still to come" if label else None)
