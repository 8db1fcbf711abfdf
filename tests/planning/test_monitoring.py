"""Adherence and the coach's flags on small plans and logs, with exact expectations."""

from __future__ import annotations

import datetime as dt

from glutecoach.planning.monitoring import MonitoringParams, adherence, flags, latest_pain
from tests.planning.factories import reps_sets, roomy_plan, session

PLAN = roomy_plan()
DAYS = [s.date for s in PLAN.sessions]
ACCEPTABLE = 5


def test_adherence_counts_planned_sessions_of_the_last_four_weeks_that_were_logged() -> None:
    today = DAYS[6]  # six planned sessions lie before it
    logs = [session(d, reps_sets("glute-bridge", 10)) for d in DAYS[:4]]
    logs.append(session(DAYS[4]))  # logged as missed: no sets
    result = adherence(PLAN, logs, today)
    assert (result.planned, result.done) == (6, 4)
    assert result.fraction == 4 / 6
    later = adherence(PLAN, logs, DAYS[6] + dt.timedelta(days=40))
    assert later.planned < len([d for d in DAYS if d < DAYS[6] + dt.timedelta(days=40)])


def test_latest_pain_is_the_worst_of_the_newest_session_during_or_next_morning() -> None:
    logs = [
        session(DAYS[0], reps_sets("glute-bridge", 10, pain=6), morning=1),
        session(DAYS[1], reps_sets("glute-bridge", 10, pain=2), morning=3),
    ]
    assert latest_pain(logs) == 3
    assert latest_pain([]) is None


def test_pain_above_the_acceptable_level_is_flagged() -> None:
    logs = [session(d, reps_sets("glute-bridge", 10, pain=1)) for d in DAYS[:2]]
    logs.append(session(DAYS[2], reps_sets("glute-bridge", 10, pain=6)))
    (flag,) = flags(PLAN, logs, [], DAYS[3], ACCEPTABLE)
    assert flag.kind == "pain"
    assert "6/10" in flag.message
    assert "5/10" in flag.message


def test_pain_rising_three_sessions_in_a_row_is_flagged_below_the_limit() -> None:
    logs = [
        session(d, reps_sets("glute-bridge", 10, pain=p))
        for d, p in zip(DAYS[:3], (1, 2, 3), strict=True)
    ]
    (flag,) = flags(PLAN, logs, [], DAYS[3], ACCEPTABLE)
    assert flag.kind == "pain"
    assert "1 → 2 → 3" in flag.message
    steady = [
        session(d, reps_sets("glute-bridge", 10, pain=p))
        for d, p in zip(DAYS[:3], (1, 3, 3), strict=True)
    ]
    assert flags(PLAN, steady, [], DAYS[3], ACCEPTABLE) == ()


def test_missed_sessions_in_the_last_two_weeks_are_flagged() -> None:
    today = DAYS[6]
    window = [d for d in DAYS if today - dt.timedelta(days=14) <= d < today]
    logs = [session(d, reps_sets("glute-bridge", 10)) for d in window[:-2]]
    (flag,) = flags(PLAN, logs, [], today, ACCEPTABLE)
    assert flag.kind == "missed"
    assert flag.message.startswith("2 planned sessions missed")
    one_missed = [session(d, reps_sets("glute-bridge", 10)) for d in window[:-1]]
    assert flags(PLAN, one_missed, [], today, ACCEPTABLE) == ()


def test_next_morning_pain_missing_after_the_last_two_sessions_is_flagged() -> None:
    logs = [session(d, reps_sets("glute-bridge", 10)) for d in DAYS[:2]]
    logs += [session(d, reps_sets("glute-bridge", 10), morning=None) for d in DAYS[2:4]]
    (flag,) = flags(PLAN, logs, [], DAYS[4], ACCEPTABLE)
    assert flag.kind == "morning"
    assert "after the last 2 sessions" in flag.message
    logs[2] = logs[2].with_next_morning_pain(0)
    assert flags(PLAN, logs, [], DAYS[4], ACCEPTABLE) == ()


def test_a_fault_in_two_of_the_latest_three_checks_is_flagged() -> None:
    checks = [["Knee caves in"], [], ["Knee caves in", "Hip drops"], ["Hip drops"]]
    (flag,) = flags(PLAN, [], checks, DAYS[0], ACCEPTABLE)
    assert flag.kind == "faults"
    assert flag.message.startswith("Knee caves in found again")
    fewer = MonitoringParams(recent_checks=2)
    assert flags(PLAN, [], checks, DAYS[0], ACCEPTABLE, fewer) == ()
