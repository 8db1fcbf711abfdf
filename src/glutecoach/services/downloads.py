"""Files made from a runner's plan and log for the web app: the handout (HTML or PDF), the
calendar (iCalendar), progress charts (SVG) and exercise figures (SVG). Report modules are
imported inside the functions, so a web process that never draws does not pay for matplotlib.
"""

from __future__ import annotations

import datetime as dt
import io
from typing import TYPE_CHECKING

from glutecoach.errors import NotFoundError
from glutecoach.library.catalogue import Library
from glutecoach.services.training import runner_state

if TYPE_CHECKING:
    from glutecoach.storage.unit_of_work import Database

CHART_NAMES = ("weekly-volume", "variation-level", "hold-time", "pain", "adherence")


def handout(database: Database, library: Library, runner_id: str, fmt: str) -> bytes:
    """The printable handout of the plan in force, as ``html`` or ``pdf``."""
    from glutecoach.reports.handout import handout_html, handout_pdf

    plan = runner_state(database, library, runner_id).plan
    if fmt == "pdf":
        return handout_pdf(plan, library)
    if fmt == "html":
        return handout_html(plan, library).encode("utf-8")
    raise NotFoundError(f"no handout format {fmt!r}; use html or pdf")


def calendar(database: Database, library: Library, runner_id: str) -> bytes:
    """The planned sessions as an iCalendar file (all-day events)."""
    from glutecoach.reports.calendar import plan_to_ics

    plan = runner_state(database, library, runner_id).plan
    return plan_to_ics(plan, library, now=dt.datetime.now(dt.UTC))


def progress_chart(database: Database, library: Library, runner_id: str, name: str) -> bytes:
    """One progress chart (a name from ``CHART_NAMES``) as SVG."""
    if name not in CHART_NAMES:
        raise NotFoundError(f"no chart {name!r}; charts: {', '.join(CHART_NAMES)}")
    import matplotlib.pyplot as plt

    from glutecoach.reports.charts import progress_figures

    state = runner_state(database, library, runner_id)
    figures = progress_figures(
        state.plan,
        [s.log for s in state.logs],
        library,
        [d.decision for d in state.decisions],
        today=dt.date.today(),
    )
    buffer = io.BytesIO()
    try:
        figures[name].savefig(buffer, format="svg", metadata={"Date": None})
    finally:
        for figure in figures.values():
            plt.close(figure)
    return buffer.getvalue()


def exercise_figure(library: Library, variation_id: str) -> str:
    """The stick figure of an exercise, as SVG text."""
    from glutecoach.reports.figures import variation_svg

    variation = library.get(variation_id)
    return variation_svg(variation, library.family_of(variation_id).family)
