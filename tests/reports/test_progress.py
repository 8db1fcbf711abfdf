"""The numbers behind the charts, worked out by hand on ``tiny_logs`` (see factories)."""

from __future__ import annotations

import datetime as dt

from glutecoach.library.catalogue import Library
from glutecoach.planning import Action, Decision
from glutecoach.reports.progress import (
    WeekAdherence,
    adherence,
    decision_marks,
    hold_times,
    pain_series,
    plan_week,
    variation_levels,
    weekly_volume,
)
from tests.reports.factories import MONDAY, day, rx, tiny_logs, tiny_plan


def test_plan_weeks_start_on_the_plan_start_date() -> None:
    assert plan_week(MONDAY, MONDAY) == 1
    assert plan_week(MONDAY, MONDAY + dt.timedelta(days=6)) == 1
    assert plan_week(MONDAY, MONDAY + dt.timedelta(days=7)) == 2
    assert plan_week(MONDAY, MONDAY - dt.timedelta(days=1)) == 0


def test_weekly_volume_counts_good_form_work_only() -> None:
    volume = weekly_volume(tiny_logs(), MONDAY)
    # week 1: clam 8 + 10 good-form reps; week 2: 12 (extra session)
    # banded clam: form not recorded on the left counts 0, 6 on the right
    assert volume.reps == {"banded-clam": {2: 6}, "clam": {1: 18, 2: 12}}
    assert volume.hold_s == {"side-plank-knees": {1: 35, 2: 25}}
    assert not volume.empty
    assert weekly_volume([], MONDAY).empty


def test_variation_levels_follow_the_ladder(library: Library) -> None:
    levels = variation_levels(tiny_logs(), library)
    assert levels == {
        "clam": [(day(5), 1), (day(11), 1), (day(13), 2)],
        "side-plank": [(day(5), 1), (day(13), 1)],
    }


def test_hold_times_take_the_longest_good_form_hold_per_session() -> None:
    assert hold_times(tiny_logs()) == {"side-plank-knees": [(day(5), 20), (day(13), 25)]}


def test_pain_series_take_the_worst_set_and_the_morning_score() -> None:
    pain = pain_series(tiny_logs())
    assert pain.during == [(day(5), 4), (day(11), 0), (day(13), 6)]
    assert pain.next_morning == [(day(5), 1)]
    assert pain_series([]).empty


def test_adherence_counts_planned_sessions_done_and_extras() -> None:
    assert adherence(tiny_plan(), tiny_logs()) == [
        WeekAdherence(week=1, planned=2, done=1, extra=0),  # Sunday logged as missed
        WeekAdherence(week=2, planned=2, done=1, extra=1),  # Wednesday's done on Thursday
    ]
    assert adherence(tiny_plan(), []) == [
        WeekAdherence(1, 2, 0, 0),
        WeekAdherence(2, 2, 0, 0),
    ]


def test_decision_marks_keep_dated_changes(library: Library) -> None:
    def decision(action: Action, new: str, on: dt.date | None) -> Decision:
        return Decision(
            variation_id="clam",
            action=action,
            rule="test",
            reason="test",
            prescription=rx(new),
            previous=rx("clam"),
            decided_on=on,
        )

    marks = decision_marks(
        [
            decision(Action.PROGRESS, "banded-clam", day(11)),
            decision(Action.HOLD, "clam", day(12)),
            decision(Action.REGRESS, "clam", None),
            decision(Action.STEP_BACK, "clam", day(20)),
        ],
        library,
    )
    assert marks == {"clam": [(day(11), 2, Action.PROGRESS), (day(20), 1, Action.STEP_BACK)]}
