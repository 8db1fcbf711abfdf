"""Small, fully populated domain values for storage tests (every optional field set somewhere)."""

from __future__ import annotations

import datetime as dt

from glutecoach.domain.log import SessionLog, SetLog, Side
from glutecoach.domain.plan import (
    DayKind,
    Plan,
    PlannedSession,
    Prescription,
    RunningWeek,
    SessionKind,
)
from glutecoach.domain.profile import RunnerProfile
from glutecoach.domain.vocabulary import BandResistance, Condition, Equipment, Experience, Goal
from glutecoach.planning.progression import Action, Decision

START = dt.date(2026, 3, 2)  # a Monday


def running_week() -> RunningWeek:
    return RunningWeek(
        monday=DayKind.EASY,
        tuesday=DayKind.INTERVALS,
        wednesday=DayKind.REST,
        thursday=DayKind.EASY,
        friday=DayKind.REST,
        saturday=DayKind.TEMPO,
        sunday=DayKind.LONG_RUN,
        race_date=dt.date(2026, 6, 14),
    )


def profile(name: str = "Alex Runner") -> RunnerProfile:
    return RunnerProfile(
        name=name,
        strength_experience=Experience.NOVICE,
        weekly_running_km=32.5,
        conditions=(Condition.ITB_SYNDROME,),
        pain={"side-plank": 2},
        equipment=(Equipment.MINI_BAND, Equipment.STEP),
        minutes_per_session=25,
        goal=Goal.REHABILITATION,
        running=running_week(),
    )


def clam(target: int = 10, load_kg: float | None = None) -> Prescription:
    return Prescription(
        variation_id="clam-band",
        sets=3,
        reps=(8, 12),
        target_reps=target,
        tempo="2-1-2",
        rest_s=45,
        per_side=True,
        load_kg=load_kg,
        load_note="mini band above the knees",
        reason="Start at the bottom of the novice range [novice-dosing; acsm-2009].",
    )


def side_plank(hold_s: int = 20) -> Prescription:
    return Prescription(
        variation_id="side-plank-knees",
        sets=2,
        hold_s=hold_s,
        rest_s=30,
        per_side=True,
        reason="Short holds while pain stays at 3/10 or below.",
    )


def plan(runner: str = "Alex Runner", weeks: int = 2) -> Plan:
    sessions = []
    for week in range(weeks):
        for offset, kind in ((0, SessionKind.NORMAL), (3, SessionKind.DELOAD)):
            sessions.append(
                PlannedSession(
                    date=START + dt.timedelta(days=7 * week + offset),
                    week_index=week,
                    kind=kind,
                    warm_up=("10 leg swings each side", "5 glute bridges"),
                    prescriptions=(clam(8 + week), side_plank(20 + 5 * week)),
                    minutes_planned=18.5,
                    notes=("not the day before intervals",),
                )
            )
    return Plan(
        runner=runner,
        start_date=START,
        weeks=weeks,
        running_week=running_week(),
        strength_weekdays=(0, 3),
        sessions=tuple(sessions),
        notes=("Lighter week every 4th week.",),
        parameters={"sessions_per_week": 2, "deload_every_weeks": 4, "load_step_pct": 2.5},
        algorithm_version="plan-1.0",
    )


def sets(n: int = 10, variation_id: str = "clam-band", pain: int = 1) -> tuple[SetLog, ...]:
    """``n`` sets alternating left and right, every optional field used across them."""
    out = []
    for i in range(n):
        side = Side.LEFT if i % 2 == 0 else Side.RIGHT
        out.append(
            SetLog(
                variation_id=variation_id,
                side=side,
                reps_done=10 + i % 3,
                good_form_reps=9 + i % 3,
                load_kg=2.5 if i % 4 == 0 else None,
                rpe=7.5 if i % 2 == 0 else None,
                reps_in_reserve=None if i % 2 == 0 else 2,
                pain_during=pain,
                band=BandResistance.MEDIUM if i % 3 == 0 else None,
            )
        )
    return tuple(out)


def hold_set(seconds: int = 25) -> SetLog:
    return SetLog(
        variation_id="side-plank-knees",
        side=Side.BOTH,
        hold_s=seconds,
        good_form_hold_s=seconds - 5,
        pain_during=3,
    )


def session_log(
    day: dt.date = START, n_sets: int = 10, pain: int = 1, notes: str = "felt strong"
) -> SessionLog:
    return SessionLog(
        date=day,
        planned_ref=day.isoformat(),
        sets=(*sets(n_sets, pain=pain), hold_set()),
        pain_before=1,
        next_morning_pain=None,
        notes=notes,
    )


def decision(day: dt.date = START, variation_id: str = "clam-band") -> Decision:
    return Decision(
        variation_id=variation_id,
        action=Action.PROGRESS,
        rule="double-progression",
        reason="All sets reached 12 good-form reps: aim one rep higher [novice-dosing].",
        prescription=clam(11, load_kg=2.5),
        previous=clam(10),
        guideline="novice-dosing",
        references=("acsm-2009",),
        decided_on=day,
    )
