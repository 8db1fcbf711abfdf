"""The plan and log value types: ranges checked with messages a runner can act on."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from pydantic import ValidationError

from glutecoach.domain.log import SessionLog, Side, parse_session_log, parse_set_log
from glutecoach.domain.plan import DayKind, Plan, Prescription, RunningWeek
from glutecoach.errors import InputError
from tests.planning.factories import MONDAY, roomy_plan, start

SET: dict[str, Any] = {
    "variation_id": "clam",
    "side": "left",
    "reps_done": 10,
    "good_form_reps": 9,
    "pain_during": 2,
}


def test_a_valid_set_and_what_counts() -> None:
    s = parse_set_log(SET)
    assert (s.side, s.done, s.counted, s.form_recorded) == (Side.LEFT, 10, 9, True)
    hold = parse_set_log({"variation_id": "side-plank", "hold_s": 30, "pain_during": 0})
    assert (hold.done, hold.counted, hold.form_recorded) == (30, 0, False)


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"pain_during": 11}, r"pain during the set is 11; use a score from 0 \(no pain\) to 10"),
        ({"pain_during": -1}, "use a score from 0"),
        ({"good_form_reps": 11}, r"good-form reps \(11\) cannot exceed reps done \(10\)"),
        ({"hold_s": 30}, "either reps done or a hold"),
        ({"reps_done": None}, "either reps done or a hold"),
        ({"rpe": 11}, "RPE is 11; it must be between 1 and 10"),
        ({"rpe": 8, "reps_in_reserve": 2}, "RPE or as reps in reserve, not both"),
        ({"reps_in_reserve": -1}, "reps in reserve is -1"),
        ({"load_kg": -2}, "load is -2; it must be between 0 and 500 kg"),
        ({"variation_id": "Clam Shell"}, "not a kebab-case id"),
        ({"good_form_hold_s": 3}, "good-form hold only applies to a hold"),
        ({"colour": "red"}, "unknown field"),
    ],
)
def test_bad_sets_say_what_is_wrong(changes: dict[str, Any], message: str) -> None:
    with pytest.raises(InputError, match=message):
        parse_set_log({**SET, **changes})


def test_session_log_pain_ranges_and_next_morning_entry() -> None:
    log = parse_session_log({"date": "2025-03-05", "sets": [SET], "pain_before": 1})
    assert log.next_morning_pain is None
    assert not log.missed
    later = log.with_next_morning_pain(2)
    assert later.next_morning_pain == 2
    assert log.next_morning_pain is None
    with pytest.raises(InputError, match="next-morning pain is 12"):
        log.with_next_morning_pain(12)
    with pytest.raises(InputError, match="pain before the session is 11"):
        parse_session_log({"date": "2025-03-05", "pain_before": 11})
    assert SessionLog(date=MONDAY).missed
    assert log.max_pain_during("clam") == 2
    assert log.max_pain_during("other") is None


def test_prescription_rules() -> None:
    p = start("clam")
    assert (p.aim_reps, p.sides) == (8, 2)
    assert p.duration_s() == 20 + 4 * 60 + 3 * 45
    with pytest.raises(ValidationError, match="outside reps 8-12"):
        Prescription.model_validate({**p.model_dump(), "target_reps": 13})
    with pytest.raises(ValidationError, match="exactly one of 'reps' or 'hold_s'"):
        Prescription.model_validate({**p.model_dump(), "hold_s": 20})
    with pytest.raises(ValidationError, match="tempo"):
        Prescription.model_validate({**p.model_dump(), "tempo": "fast"})
    assert "each side" in p.text()
    assert "aim 8" in p.text()


def test_running_week() -> None:
    week = RunningWeek(tuesday=DayKind.INTERVALS, saturday=DayKind.LONG_RUN)
    assert week.key_days() == (1, 5)
    assert week.day(7) is DayKind.REST  # wraps to Monday
    with pytest.raises(InputError, match="7 days"):
        RunningWeek.from_days((DayKind.EASY,) * 6)
    with pytest.raises(ValidationError):
        RunningWeek(monday="jog")


def test_plan_sessions_must_be_ordered_and_inside_the_plan() -> None:
    plan = roomy_plan()
    assert plan.session_on(plan.sessions[0].date) == plan.sessions[0]
    assert plan.next_session(MONDAY) == plan.sessions[0]
    assert plan.end_date == MONDAY + dt.timedelta(days=56)
    data = plan.model_dump()
    data["sessions"] = list(reversed(data["sessions"]))
    with pytest.raises(ValidationError, match="increasing order"):
        Plan.model_validate(data)
    data = plan.model_dump()
    data["start_date"] = MONDAY + dt.timedelta(days=7)
    with pytest.raises(ValidationError, match="outside the plan"):
        Plan.model_validate(data)
    assert Plan.model_validate_json(plan.model_dump_json()) == plan
