"""Plans and logs for report tests: a generated plan on the real library, and a tiny
hand-made plan with logs whose chart numbers are worked out by hand in the tests."""

from __future__ import annotations

import datetime as dt

from glutecoach.domain.exercise import Family
from glutecoach.domain.log import SessionLog, SetLog, Side
from glutecoach.domain.overrides import apply_overrides
from glutecoach.domain.plan import Plan, PlannedSession, Prescription, RunningWeek
from glutecoach.domain.vocabulary import DoseLevel
from glutecoach.library.catalogue import Library
from glutecoach.planning import PlanParams, generate_plan, prescriptions_for
from tests.planning.factories import MONDAY, TYPICAL_WEEK

RACE = dt.date(2025, 4, 27)  # the last Sunday of an 8-week plan: the plan ends with a taper
IDS = ("side-lying-hip-abduction", "clam", "banded-glute-bridge", "side-plank-knees", "hip-hitch")
WEEK = RunningWeek.from_days(TYPICAL_WEEK.days, race_date=RACE)


def make_plan(library: Library, runner: str = "Ana Runner", ids: tuple[str, ...] = IDS) -> Plan:
    """An 8-week plan with normal, deload and taper sessions, every exercise in every one."""
    params = apply_overrides(
        PlanParams.from_guidelines(library.guideline), {"minutes_per_session": 90}
    )
    starts = prescriptions_for([library.get(i) for i in ids], DoseLevel.NOVICE)
    return generate_plan(runner, starts, WEEK, MONDAY, params)


def with_variation(library: Library, variation_id: str, **changes: object) -> Library:
    """A one-family library whose variation carries ``changes`` (e.g. hostile text)."""
    family = library.family_of(variation_id)
    variations = tuple(
        v.model_copy(update=changes) if v.id == variation_id else v for v in family.variations
    )
    changed = Family(
        family=family.family,
        name=family.name,
        pattern=family.pattern,
        summary=family.summary,
        variations=variations,
    )
    return Library(
        families=(changed,), references=library.references, guidelines=library.guidelines
    )


def rx(variation_id: str, hold_s: int | None = None) -> Prescription:
    return Prescription(
        variation_id=variation_id,
        sets=2,
        reps=None if hold_s else (8, 12),
        hold_s=hold_s,
        rest_s=45,
        per_side=True,
        reason="test",
    )


def day(n: int) -> dt.date:
    """The n-th of March 2025 (the 3rd is the plan's first Monday)."""
    return dt.date(2025, 3, n)


def tiny_plan() -> Plan:
    """Two weeks, Wednesday and Sunday sessions: clam and a side plank from the knees."""
    items = (rx("clam"), rx("side-plank-knees", hold_s=20))
    sessions = tuple(
        PlannedSession(
            date=d, week_index=(d - MONDAY).days // 7, prescriptions=items, minutes_planned=12
        )
        for d in (day(5), day(9), day(12), day(16))
    )
    return Plan(
        runner="Tiny",
        start_date=MONDAY,
        weeks=2,
        running_week=RunningWeek(),
        strength_weekdays=(2, 6),
        sessions=sessions,
        algorithm_version="test",
    )


def reps(vid: str, side: Side, done: int, good: int | None, pain: int = 0) -> SetLog:
    return SetLog(
        variation_id=vid, side=side, reps_done=done, good_form_reps=good, pain_during=pain
    )


def hold(vid: str, side: Side, seconds: int, good: int, pain: int = 0) -> SetLog:
    return SetLog(
        variation_id=vid, side=side, hold_s=seconds, good_form_hold_s=good, pain_during=pain
    )


def tiny_logs() -> list[SessionLog]:
    """Week 1: one session done, one missed. Week 2: an unplanned extra session, and the
    Wednesday session done a day late on the next clam variation with pain 6."""
    left, right = Side.LEFT, Side.RIGHT
    return [
        SessionLog(
            date=day(5),
            planned_ref="2025-03-05",
            sets=(
                reps("clam", left, 10, 8, pain=2),
                reps("clam", right, 10, 10, pain=4),
                hold("side-plank-knees", left, 20, 15),
                hold("side-plank-knees", right, 20, 20),
            ),
            pain_before=0,
            next_morning_pain=1,
        ),
        SessionLog(date=day(9), planned_ref="2025-03-09"),
        SessionLog(date=day(11), sets=(reps("clam", Side.BOTH, 12, 12),)),
        SessionLog(
            date=day(13),
            planned_ref="2025-03-12",
            sets=(
                reps("banded-clam", left, 8, None, pain=6),
                reps("banded-clam", right, 8, 6, pain=5),
                hold("side-plank-knees", left, 25, 25),
            ),
        ),
    ]
