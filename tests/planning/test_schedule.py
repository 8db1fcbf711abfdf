"""Strength-day placement: never the day before a key session, 2-3 a week, spread, stable."""

from __future__ import annotations

from itertools import combinations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from glutecoach.domain.plan import DayKind, RunningWeek
from glutecoach.errors import InputError
from glutecoach.planning.schedule import (
    adjacent_pairs,
    allowed_weekdays,
    choose_strength_days,
)
from tests.planning.factories import TYPICAL_WEEK

K, E, R, L = DayKind.INTERVALS, DayKind.EASY, DayKind.REST, DayKind.LONG_RUN

weeks = st.builds(RunningWeek.from_days, st.tuples(*[st.sampled_from(list(DayKind))] * 7))
bounds = st.tuples(st.integers(1, 4), st.integers(0, 3)).map(lambda t: (t[0], t[0] + t[1]))


def test_typical_week_uses_the_free_days_a_few_days_apart() -> None:
    days = choose_strength_days(TYPICAL_WEEK)
    assert days.weekdays == (2, 6)  # Wednesday and Sunday; Thursday would be back to back
    assert days.ideal


def test_an_all_rest_week_gets_three_spread_sessions() -> None:
    days = choose_strength_days(RunningWeek())
    assert days.weekdays == (0, 2, 4)
    assert adjacent_pairs(days.weekdays) == 0


def test_only_consecutive_free_days_are_used_with_a_note() -> None:
    week = RunningWeek.from_days((K, K, K, R, R, R, L))  # Saturday is before the long run
    days = choose_strength_days(week)
    assert days.weekdays == (3, 4)
    assert not days.ideal
    assert "back-to-back" in days.notes[0]


def test_too_few_free_days_puts_strength_after_a_key_run_and_says_why() -> None:
    week = RunningWeek.from_days((K, E, K, E, K, E, L))  # every easy day precedes a key day
    days = choose_strength_days(week)
    assert allowed_weekdays(week) == ()
    assert len(days.weekdays) == 2
    assert all(week.day(d).is_key for d in days.weekdays)
    assert not any(week.day(d + 1).is_key for d in days.weekdays)
    text = " ".join(days.notes)
    assert "Monday (the day before intervals)" not in text  # Monday is itself a key day
    assert "Tuesday (the day before intervals)" in text
    assert "after the run" in text


def test_no_possible_day_returns_none_with_the_reason() -> None:
    days = choose_strength_days(RunningWeek.from_days((K,) * 7))
    assert days.weekdays == ()
    assert "0 days (" in days.notes[0]
    assert "Only 0 sessions a week fit" in days.notes[-1]


def test_race_days_are_never_used_for_stacking() -> None:
    week = RunningWeek.from_days((DayKind.RACE, E) * 3 + (DayKind.RACE,))
    days = choose_strength_days(week)
    assert days.weekdays == ()


@pytest.mark.parametrize(("low", "high"), [(0, 2), (3, 2), (2, 8)])
def test_bad_bounds_are_an_input_error(low: int, high: int) -> None:
    with pytest.raises(InputError, match="sessions per week"):
        choose_strength_days(RunningWeek(), low, high)


@given(weeks, bounds)
def test_never_the_day_before_a_key_session(week: RunningWeek, b: tuple[int, int]) -> None:
    days = choose_strength_days(week, *b)
    assert all(not week.day(d + 1).is_key for d in days.weekdays)
    assert list(days.weekdays) == sorted(set(days.weekdays))
    assert len(days.weekdays) <= b[1]


@given(weeks, bounds)
def test_enough_free_days_give_min_to_max_sessions_on_them(
    week: RunningWeek, b: tuple[int, int]
) -> None:
    allowed = allowed_weekdays(week)
    days = choose_strength_days(week, *b)
    if len(allowed) >= b[0]:
        assert b[0] <= len(days.weekdays) <= b[1]
        assert set(days.weekdays) <= set(allowed)
    else:
        assert days.notes  # a compromise always says why


@given(weeks, bounds)
def test_back_to_back_only_when_unavoidable(week: RunningWeek, b: tuple[int, int]) -> None:
    days = choose_strength_days(week, *b)
    allowed = allowed_weekdays(week)
    if adjacent_pairs(days.weekdays) and len(allowed) >= b[0]:
        spread = [c for c in combinations(allowed, b[0]) if adjacent_pairs(c) == 0]
        assert spread == []
        assert not days.ideal


@given(weeks, bounds)
def test_deterministic(week: RunningWeek, b: tuple[int, int]) -> None:
    assert choose_strength_days(week, *b) == choose_strength_days(week.model_copy(), *b)
