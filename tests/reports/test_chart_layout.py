"""Progress charts readable for one week and for a season, asserted on the rendered matplotlib
objects: whole-week and whole-day ticks, distinct labels, weeks to come drawn as planned,
sessions before the plan inside the axes, and a PNG that decodes to a drawn image."""

from __future__ import annotations

import datetime as dt
import io
import itertools
import warnings

import numpy as np
import pytest

from glutecoach.domain.log import SessionLog, Side
from glutecoach.domain.plan import Plan, PlannedSession, RunningWeek
from glutecoach.library.catalogue import Library
from glutecoach.reports.progress import adherence
from tests.reports.factories import MONDAY, hold, reps, rx, with_variation

with warnings.catch_warnings():
    warnings.simplefilter("ignore", DeprecationWarning)  # matplotlib vs pyparsing, see test_charts
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure
    from matplotlib.image import imread
    from matplotlib.patches import Rectangle
    from matplotlib.text import Text

    from glutecoach.reports.chart_axes import MAX_TICKS, distinct_labels, tick_step
    from glutecoach.reports.charts import PLANNED_HATCH, progress_figures

DATE_CHARTS = ("variation-level", "hold-time", "pain")


def plan_of(weeks: int) -> Plan:
    """``weeks`` plan weeks from MONDAY, sessions on Wednesday and Saturday."""
    items = (rx("clam"), rx("side-plank-knees", hold_s=20))
    days = [MONDAY + dt.timedelta(weeks=w, days=d) for w in range(weeks) for d in (2, 5)]
    sessions = tuple(
        PlannedSession(
            date=d, week_index=(d - MONDAY).days // 7, prescriptions=items, minutes_planned=12
        )
        for d in days
    )
    return Plan(
        runner="Chart",
        start_date=MONDAY,
        weeks=weeks,
        running_week=RunningWeek(),
        strength_weekdays=(2, 5),
        sessions=sessions,
        algorithm_version="test",
    )


def done(day: dt.date, planned: bool = True) -> SessionLog:
    return SessionLog(
        date=day,
        planned_ref=day.isoformat() if planned else None,
        sets=(
            reps("clam", Side.LEFT, 10, 9, pain=2),
            hold("side-plank-knees", Side.LEFT, 20, 18, pain=1),
        ),
        next_morning_pain=1,
    )


def sessions_done(plan: Plan, until: dt.date) -> list[SessionLog]:
    return [done(s.date) for s in plan.sessions if s.date <= until]


def x_axes(figure: Figure) -> list[Axes]:
    return [ax for ax in figure.get_axes() if ax.axison]


def ticks(ax: Axes) -> list[float]:
    return [float(t) for t in ax.get_xticks()]


def assert_whole_and_inside(ax: Axes) -> None:
    low, high = ax.get_xlim()
    values = ticks(ax)
    assert values, "no ticks"
    assert all(v == int(v) for v in values), values
    assert all(low <= v <= high for v in values), (values, low, high)
    assert len(values) <= MAX_TICKS + 1


@pytest.mark.parametrize("weeks", [1, 2, 8, 26, 52])
def test_time_axes_tick_whole_weeks_and_days_for_one_week_and_a_season(
    library: Library, weeks: int
) -> None:
    plan = plan_of(weeks)
    last = plan.sessions[-1].date
    figures = progress_figures(plan, sessions_done(plan, last), library, today=last)
    for name in ("weekly-volume", "adherence"):
        for ax in x_axes(figures[name]):
            assert_whole_and_inside(ax)
            low, high = ax.get_xlim()
            assert (low, high) == (0.5, weeks + 0.5), name
            labels = [t.get_text() for t in ax.get_xticklabels()]
            assert labels[0] == "1", name
            assert all(label.isdigit() for label in labels), labels
    for name in DATE_CHARTS:
        for ax in x_axes(figures[name]):
            assert_whole_and_inside(ax)
            labels = [t.get_text() for t in ax.get_xticklabels() if t.get_text()]
            assert len(set(labels)) == len(labels), labels


def test_a_one_week_chart_is_not_ticked_in_fractions(library: Library) -> None:
    plan = plan_of(1)
    figures = progress_figures(plan, [done(plan.sessions[0].date)], library)
    (reps_axes, hold_axes) = x_axes(figures["weekly-volume"])
    for ax in (reps_axes, hold_axes):
        assert ticks(ax) == [1.0]
    (ax,) = x_axes(figures["adherence"])
    assert ticks(ax) == [1.0]
    (pain,) = x_axes(figures["pain"])
    assert ticks(pain) == [float(np.datetime64(MONDAY, "D").astype(int)) + d for d in range(7)]


def test_tick_steps_stay_within_the_budget() -> None:
    for count in range(1, 200):
        step = tick_step(count)
        assert step in (1, 2) or step % 4 == 0
        assert len(range(0, count, step)) <= MAX_TICKS


def test_weeks_to_come_are_drawn_as_planned_not_missed(library: Library) -> None:
    plan = plan_of(4)
    today = MONDAY + dt.timedelta(days=9)  # week 2, after its Wednesday, before its Saturday
    logs = sessions_done(plan, today)
    weeks = adherence(plan, logs, today)
    assert [(w.due, w.upcoming, w.done) for w in weeks] == [
        (2, 0, 2),
        (1, 1, 1),
        (0, 2, 0),
        (0, 2, 0),
    ]
    (ax,) = x_axes(progress_figures(plan, logs, library, today=today)["adherence"])
    notes = [t.get_text() for t in ax.texts]
    assert notes == ["2/2", "1/1 so far"]  # nothing like "0/2" for weeks 3 and 4
    bars = [p for p in ax.patches if isinstance(p, Rectangle)]
    planned = [b for b in bars if b.get_hatch() == PLANNED_HATCH and b.get_height() > 0]
    assert sorted(round(b.get_x() + b.get_width() / 2) for b in planned) == [2, 3, 4]
    assert all(b.get_facecolor()[3] == 0 for b in planned)  # outlines only
    done_bars = [
        b for b in bars if b.get_facecolor()[:3] == pytest.approx((0.184, 0.522, 0.353), abs=0.01)
    ]
    assert sorted(round(b.get_x() + b.get_width() / 2) for b in done_bars) == [1, 2]


def test_time_to_come_is_shaded_from_today(library: Library) -> None:
    plan = plan_of(4)
    today = MONDAY + dt.timedelta(days=9)  # in week 2
    figures = progress_figures(plan, sessions_done(plan, today), library, today=today)
    for ax in x_axes(figures["weekly-volume"]):
        (shade,) = [p for p in ax.patches if p.get_label() == "Weeks to come"]
        x0, _ = shade.get_xy()
        assert (x0, x0 + shade.get_width()) == (2.5, 4.5)  # weeks 3 and 4
    today_x = float(np.datetime64(today, "D").astype(int))
    for name in ("hold-time", "pain"):
        (ax,) = x_axes(figures[name])
        (shade,) = [p for p in ax.patches if p.get_label() == "Still to come"]
        x0, _ = shade.get_xy()
        assert x0 == pytest.approx(today_x + 0.5)
        assert x0 + shade.get_width() == pytest.approx(ax.get_xlim()[1])
        assert "Still to come" in [t.get_text() for t in ax.get_legend().get_texts()]
    logs = sessions_done(plan, plan.end_date)
    done_at_end = progress_figures(plan, logs, library, today=plan.end_date)
    for name in ("weekly-volume", "pain"):
        for ax in x_axes(done_at_end[name]):
            assert ax.get_lines()
            assert not [p for p in ax.patches if "to come" in str(p.get_label())]


def test_a_season_names_only_the_weeks_short_of_plan(library: Library) -> None:
    plan = plan_of(26)
    today = MONDAY + dt.timedelta(weeks=10, days=2)
    skipped = MONDAY + dt.timedelta(weeks=4, days=2)  # one of week 5's two sessions
    logs = [log for log in sessions_done(plan, today) if log.date != skipped]
    (ax,) = x_axes(progress_figures(plan, logs, library, today=today)["adherence"])
    assert [t.get_text() for t in ax.texts] == ["1/2"]
    (note,) = ax.texts
    assert note.xy[0] == 5


def test_texts_of_a_chart_do_not_overlap(library: Library) -> None:
    plan = plan_of(26)
    today = MONDAY + dt.timedelta(weeks=10)
    figures = progress_figures(plan, sessions_done(plan, today), library, today=today)
    for name, figure in figures.items():
        figure.canvas.draw()
        renderer = figure.canvas.get_renderer()  # type: ignore[attr-defined]
        texts = [t for t in figure.findobj(Text) if t.get_visible() and t.get_text().strip()]
        boxes = [(t.get_text(), t.get_window_extent(renderer)) for t in texts]
        width, height = figure.bbox.width, figure.bbox.height
        for text, box in boxes:
            assert -1 <= box.x0 < box.x1 <= width + 1, (name, text)
            assert -1 <= box.y0 < box.y1 <= height + 1, (name, text)
        labels = [
            (text, box)
            for text, box in boxes
            if text.startswith(("Pain-monitoring", "Session date", "Plan week", "Date"))
        ]
        for (a, box_a), (b, box_b) in itertools.combinations(labels, 2):
            assert not box_a.overlaps(box_b), (name, a, b)


def test_missed_weeks_in_the_past_still_show_as_missed(library: Library) -> None:
    plan = plan_of(2)
    today = MONDAY + dt.timedelta(weeks=3)
    (ax,) = x_axes(progress_figures(plan, [], library, today=today)["adherence"])
    assert [t.get_text() for t in ax.texts] == ["0/2", "0/2"]


def test_a_session_before_the_plan_is_inside_the_axes(library: Library) -> None:
    plan = plan_of(2)
    early = MONDAY - dt.timedelta(days=10)
    logs = [done(early, planned=False), *sessions_done(plan, plan.sessions[-1].date)]
    figures = progress_figures(plan, logs, library, today=plan.sessions[-1].date)
    early_x = float(np.datetime64(early, "D").astype(int))
    for name in DATE_CHARTS:
        for ax in x_axes(figures[name]):
            low, high = ax.get_xlim()
            assert low < early_x < high, name
            for line in ax.get_lines():
                if list(line.get_xdata()) == [0, 1]:
                    continue  # a limit line across the axes (axhline)
                xs = np.asarray(line.get_xdata(), dtype="datetime64[D]").astype(float)
                assert np.all((xs > low) & (xs < high)), name
            assert_whole_and_inside(ax)
    for ax in x_axes(figures["weekly-volume"]):
        assert ax.get_xlim()[0] < 0 < ax.get_xlim()[1]
        assert ax.get_xticklabels()[0].get_text() == "Before"
        assert min(min(line.get_xdata()) for line in ax.get_lines()) == 0


def test_variation_labels_are_distinct_even_when_names_share_a_long_start(
    library: Library,
) -> None:
    long = "Side-lying clam with a heavy band, hips stacked, slow lowering"
    changed = with_variation(library, "banded-clam", name=long + " (version A)")
    changed = with_variation(changed, "clam", name=long + " (version B)")
    plan = plan_of(1)
    logs = [done(plan.sessions[0].date)]
    figure = progress_figures(plan, logs, changed, today=plan.sessions[-1].date)
    (ax,) = x_axes(figure["variation-level"])
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert len(set(labels)) == len(labels) == len(changed.families[0].ladder())
    assert any("version A" in label for label in labels)
    assert any("version B" in label for label in labels)


def test_distinct_labels_wrap_rather_than_cut() -> None:
    names = ["Hovering reverse clam (top leg level)", "Short", "A" * 10]
    assert distinct_labels(names) == ["Hovering reverse clam (top\nleg level)", "Short", "A" * 10]
    same_start = ["word " * 12 + "one", "word " * 12 + "two"]
    labels = distinct_labels(same_start)
    assert labels[0] != labels[1]
    assert labels[0].endswith("one")
    assert labels[1].endswith("two")
    assert distinct_labels(["word " * 12 + "x"])[0].endswith("...")


def test_rendered_png_is_a_drawn_image_of_the_figure_size(library: Library) -> None:
    plan = plan_of(26)
    today = MONDAY + dt.timedelta(weeks=10)
    figures = progress_figures(plan, sessions_done(plan, today), library, today=today)
    for name, figure in figures.items():
        buffer = io.BytesIO()
        figure.savefig(buffer, format="png")
        image = imread(io.BytesIO(buffer.getvalue()), format="png")
        width_in, height_in = figure.get_size_inches()
        dpi = figure.get_dpi()
        assert image.shape[:2] == (round(height_in * dpi), round(width_in * dpi)), name
        ink = np.mean(image[..., :3] < 0.9)  # not blank, not filled
        assert 0.01 < ink < 0.5, (name, ink)
