"""Plan generation: schedule, deload every 4th week, taper, time fitting and parameters."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from glutecoach.domain.overrides import apply_overrides
from glutecoach.domain.plan import DayKind, RunningWeek, SessionKind
from glutecoach.domain.vocabulary import DoseLevel
from glutecoach.errors import InputError
from glutecoach.planning import (
    PLAN_ALGORITHM_VERSION,
    fit_to_time,
    generate_plan,
)
from tests.planning.factories import MONDAY, PLAN, TYPICAL_WEEK, start

ITEMS = (start("banded-clam"), start("glute-bridge"), start("side-plank-knees"))
ROOMY = apply_overrides(PLAN, {"minutes_per_session": 40})


def test_eight_weeks_on_the_chosen_days_with_every_fourth_week_lighter() -> None:
    plan = generate_plan("Ana", ITEMS, TYPICAL_WEEK, MONDAY, ROOMY)
    assert plan.weeks == 8
    assert len(plan.sessions) == 16
    assert plan.strength_weekdays == (2, 6)
    assert {s.date.weekday() for s in plan.sessions} == {2, 6}
    assert all(not TYPICAL_WEEK.day(s.date.weekday() + 1).is_key for s in plan.sessions)
    deload_weeks = {s.week_index for s in plan.sessions if s.kind is SessionKind.DELOAD}
    assert deload_weeks == {3, 7}
    for s in plan.sessions:
        full = {p.variation_id: p.sets for p in ITEMS}
        for p in s.prescriptions:
            expected = full[p.variation_id] - (s.kind is SessionKind.DELOAD)
            assert p.sets == expected
            if s.kind is SessionKind.DELOAD:
                assert p.reason.startswith("Deload week")
    assert all(s.warm_up == PLAN.warm_up for s in plan.sessions)
    assert plan.algorithm_version == PLAN_ALGORITHM_VERSION
    assert plan.parameters["weeks"] == 8
    assert plan.parameters["progression"]["pain_acceptable_max"] == 5  # type: ignore[index,call-overload]


def test_generation_is_deterministic() -> None:
    a = generate_plan("Ana", ITEMS, TYPICAL_WEEK, MONDAY, ROOMY)
    b = generate_plan("Ana", ITEMS, TYPICAL_WEEK, MONDAY, ROOMY)
    assert a == b


def test_taper_before_a_race_and_no_session_around_it() -> None:
    race = MONDAY + dt.timedelta(days=40)  # a Saturday in week 6
    week = TYPICAL_WEEK.model_copy(update={"race_date": race})
    plan = generate_plan("Ana", ITEMS, week, MONDAY, ROOMY)
    for s in plan.sessions:
        to_race = (race - s.date).days
        assert not -PLAN.race_rest_days_after <= to_race <= PLAN.race_rest_days_before
        if 0 < to_race <= PLAN.taper_days:
            assert s.kind is SessionKind.TAPER
            assert all(p.reason.startswith("Race taper") for p in s.prescriptions)
    assert any(s.kind is SessionKind.TAPER for s in plan.sessions)
    assert any("Race on" in n for n in plan.notes)


def test_session_fits_the_minutes_by_trimming_sets_then_dropping_exercises() -> None:
    tight = apply_overrides(PLAN, {"minutes_per_session": 16})
    fitted, notes = fit_to_time(ITEMS, tight)
    total_s = tight.warm_up_s + sum(p.duration_s(tight.setup_s) for p in fitted)
    assert total_s <= 16 * 60
    assert [(p.variation_id, p.sets) for p in fitted] == [("banded-clam", 2), ("glute-bridge", 2)]
    assert fitted[1].reason.endswith("2 sets instead of 3 to fit 16 min.")
    assert notes == (
        "glute-bridge: 2 sets instead of 3 to fit 16 min",
        "left out to fit 16 min: side-plank-knees",
    )
    plan = generate_plan("Ana", ITEMS, TYPICAL_WEEK, MONDAY, tight)
    assert all(s.minutes_planned <= 16 for s in plan.sessions)


def test_first_exercise_is_kept_even_when_over_time() -> None:
    tiny = apply_overrides(PLAN, {"minutes_per_session": 6})
    fitted, notes = fit_to_time(ITEMS, tiny)
    assert [p.variation_id for p in fitted] == ["banded-clam"]
    assert any("runs over" in n for n in notes)


def test_impossible_week_is_an_input_error_that_says_why() -> None:
    every_day_key = RunningWeek.from_days((DayKind.INTERVALS,) * 7)
    with pytest.raises(InputError, match="no strength day fits"):
        generate_plan("Ana", ITEMS, every_day_key, MONDAY, PLAN)


def test_compromise_is_recorded_in_the_plan_notes() -> None:
    k, e = DayKind.TEMPO, DayKind.EASY
    plan = generate_plan("Ana", ITEMS, RunningWeek.from_days((k, e, k, e, k, e, k)), MONDAY, ROOMY)
    assert plan.sessions
    assert plan.notes
    assert "Compromise" in " ".join(plan.notes)


@pytest.mark.parametrize("items", [(), (ITEMS[0], ITEMS[0])])
def test_bad_selection_is_an_input_error(items: tuple) -> None:  # type: ignore[type-arg]
    with pytest.raises(InputError):
        generate_plan("Ana", items, TYPICAL_WEEK, MONDAY, PLAN)


def test_overrides_nested_and_dotted_without_touching_defaults() -> None:
    merged = apply_overrides(PLAN, {"weeks": 6, "progression.gap_days": 21})
    assert (merged.weeks, merged.progression.gap_days) == (6, 21)
    merged = apply_overrides(PLAN, {"progression": {"dose_level": "intermediate"}})
    assert merged.progression.dose_level is DoseLevel.INTERMEDIATE
    assert apply_overrides(PLAN, {"warm_up": ["jog"]}).warm_up == ("jog",)
    assert (
        apply_overrides(
            PLAN, {"progression": {"load_increment_kg": 1}}
        ).progression.load_increment_kg
        == 1.0
    )
    assert (PLAN.weeks, PLAN.progression.gap_days) == (8, 14)
    assert apply_overrides(PLAN, {}) == PLAN


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"week": 6}, "unknown parameter"),
        ({"progression.gapdays": 3}, "unknown parameter"),
        ({"weeks": "six"}, "whole number"),
        ({"weeks": True}, "whole number"),
        ({"progression": {"require_next_morning_pain": 1}}, "true or false"),
        ({"progression": {"dose_level": "expert"}}, "one of novice"),
        ({"progression": 3}, "group of parameters"),
        ({"weeks": 0}, "1 <= weeks <= 52"),
        ({"sessions_min": 4}, "sessions_min <= sessions_max"),
        ({"progression.pain_safe_max": 7}, "pain_acceptable_max"),
        ({"progression": {"gap_days": 2}, "progression.gap_days": 3}, "given twice"),
        ({"weeks": 6, "weeks.days": 3}, "both whole and by field"),
    ],
)
def test_overrides_rejects_bad_overrides(overrides: dict, message: str) -> None:  # type: ignore[type-arg]
    with pytest.raises(InputError, match=message):
        apply_overrides(PLAN, overrides)


def test_params_are_frozen_and_recorded_whole() -> None:
    with pytest.raises(dataclasses.FrozenInstanceError):
        PLAN.weeks = 3  # type: ignore[misc]
    recorded = PLAN.as_dict()
    assert recorded["dosing_reference"] == "acsm-2009"
    assert recorded["warm_up"] == list(PLAN.warm_up)
