"""Build an N-week strength plan around a running week, and revise it after decisions.

Weeks count from the start date. Every ``deload_every_weeks``-th week is lighter (fewer sets);
sessions in the ``taper_days`` before a race are lighter too, and none fall in the days just
around the race. Each session is a warm-up plus the prescriptions, fitted to the minutes
available by trimming sets from the lowest-ranked exercise first, then dropping exercises.
When the selection rotates sessions (one session cannot hold every pattern), the plan's
sessions take them in turn. ``cap_to_time`` brings a session that decisions have lengthened
past the minutes back within them by fewer sets: when time is capped, progress comes from
intensity (a harder rung, a heavier band, load, tempo), not volume.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from enum import Enum
from typing import Any

from pydantic import JsonValue

from glutecoach.domain.exercise import Variation
from glutecoach.domain.glossary import plural
from glutecoach.domain.plan import Plan, PlannedSession, Prescription, RunningWeek, SessionKind
from glutecoach.domain.safety import PlanCaution
from glutecoach.domain.vocabulary import BodySide, DoseLevel
from glutecoach.errors import InputError
from glutecoach.planning.progression import (
    GuidelineLookup,
    ProgressionParams,
    revise,
    whole,
)
from glutecoach.planning.schedule import choose_strength_days

PLAN_ALGORITHM_VERSION = "plan-1.2"

DEFAULT_WARM_UP = (
    "3-5 min easy movement: brisk walk, easy jog or bike",
    "Leg swings: 10 forward-back and 10 side to side on each leg",
    "10 slow body-weight squats",
    "First set of the first exercise at half effort",
)


@dataclass(frozen=True)
class PlanParams:
    """How a plan is built. Cited numbers have no defaults: use ``from_guidelines``.

    sessions_min, sessions_max
        Strength days a week (guideline ``novice-dosing``: ACSM 2009, 2-3 days a week).
    dosing_reference
        Reference key of that guideline, cited in plan notes.
    progression
        Parameters of the progression rules, recorded with the plan.
    weeks
        Plan length (issue 3: default 8).
    deload_every_weeks, deload_sets_removed
        Every N-th week is lighter by this many sets per exercise (issue 3: every 4th week);
        0 turns deloads off.
    taper_days, taper_sets_removed
        Sessions in the ``taper_days`` before a race drop this many sets: volume falls,
        intensity stays (coaching default).
    race_rest_days_before, race_rest_days_after
        No strength session on race day or within these days of it (coaching default).
    minutes_per_session, warm_up_s, setup_s
        Time available, the warm-up's share and the set-up time counted per exercise.
    fit_min_sets
        When fitting to time, sets are trimmed down to this before an exercise is dropped.
    warm_up
        Warm-up items shown before every session.
    """

    sessions_min: int
    sessions_max: int
    dosing_reference: str
    progression: ProgressionParams
    weeks: int = 8
    deload_every_weeks: int = 4
    deload_sets_removed: int = 1
    taper_days: int = 10
    taper_sets_removed: int = 1
    race_rest_days_before: int = 2
    race_rest_days_after: int = 1
    minutes_per_session: int = 20
    warm_up_s: int = 300
    setup_s: int = 20
    fit_min_sets: int = 2
    warm_up: tuple[str, ...] = field(default=DEFAULT_WARM_UP)

    def __post_init__(self) -> None:
        checks = [
            (1 <= self.sessions_min <= self.sessions_max <= 7,
             "1 <= sessions_min <= sessions_max <= 7"),
            (1 <= self.weeks <= 52, "1 <= weeks <= 52"),
            (self.deload_every_weeks >= 0, "deload_every_weeks >= 0"),
            (self.deload_sets_removed >= 0 and self.taper_sets_removed >= 0, "sets removed >= 0"),
            (self.taper_days >= 0, "taper_days >= 0"),
            (self.race_rest_days_before >= 0 and self.race_rest_days_after >= 0,
             "race rest days >= 0"),
            (5 <= self.minutes_per_session <= 180, "5 <= minutes_per_session <= 180"),
            (0 <= self.warm_up_s < self.minutes_per_session * 60,
             "warm_up_s shorter than a session"),
            (self.setup_s >= 0, "setup_s >= 0"),
            (self.fit_min_sets >= 1, "fit_min_sets >= 1"),
        ]  # fmt: skip
        broken = [text for ok, text in checks if not ok]
        if broken:
            raise InputError(f"invalid plan parameters: need {'; '.join(broken)}")

    @classmethod
    def from_guidelines(cls, guideline: GuidelineLookup) -> PlanParams:
        """Defaults with the cited numbers read from ``novice-dosing`` and the progression
        guidelines; override the rest with ``domain.overrides.apply_overrides``."""
        dosing = guideline("novice-dosing")
        return cls(
            sessions_min=whole(dosing, "days_min"),
            sessions_max=whole(dosing, "days_max"),
            dosing_reference=dosing.reference,
            progression=ProgressionParams.from_guidelines(guideline),
        )

    def as_dict(self) -> dict[str, JsonValue]:
        """Every parameter, nested and JSON-ready, as recorded in ``Plan.parameters``."""
        data = _jsonable(dataclasses.asdict(self))
        assert isinstance(data, dict)
        return data


def _jsonable(value: Any) -> JsonValue:
    if isinstance(value, Enum):
        return _jsonable(value.value)
    if isinstance(value, Mapping):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    if value is None or isinstance(value, str | int | float | bool):
        return value
    raise TypeError(f"cannot record parameter value {value!r}")


def prescriptions_for(
    variations: Sequence[Variation], level: DoseLevel
) -> tuple[Prescription, ...]:
    """Starting prescriptions: each variation's library dose at ``level``, in the given order."""
    return tuple(
        Prescription.from_dose(
            v.id, v.dose.for_level(level), f"Starting {level.value} dose for {v.name}."
        )
        for v in variations
    )


def fit_to_time(
    prescriptions: Sequence[Prescription], params: PlanParams
) -> tuple[tuple[Prescription, ...], tuple[str, ...]]:
    """Trim sets (lowest-ranked exercise first, down to ``fit_min_sets``), then drop exercises
    from the end, until the session fits; the first exercise is always kept."""
    budget_s = params.minutes_per_session * 60 - params.warm_up_s
    items = list(prescriptions)
    original = {p.key: p.sets for p in items}

    def total_s() -> int:
        return sum(p.duration_s(params.setup_s) for p in items)

    dropped: list[str] = []
    while total_s() > budget_s:
        trimmable = [i for i, p in enumerate(items) if p.sets > params.fit_min_sets]
        if trimmable:
            i = max(trimmable, key=lambda j: (items[j].sets, j))
            items[i] = revise(items[i], sets=items[i].sets - 1)
        elif len(items) > 1:
            dropped.append(items.pop().variation_id)
        else:
            break
    notes: list[str] = []
    minutes = params.minutes_per_session
    for i, p in enumerate(items):
        if p.sets != original[p.key]:
            was = original[p.key]
            fewer = f"{plural(p.sets, 'set')} instead of {was} to fit {minutes} min"
            items[i] = revise(p, reason=f"{p.reason} {fewer[:1].upper()}{fewer[1:]}.")
            notes.append(f"{p.variation_id}: {fewer}")
    if dropped:
        notes.append(f"left out to fit {minutes} min: {', '.join(dropped)}")
    if total_s() > budget_s:
        notes.append(f"runs over {minutes} min even with one exercise; allow more time")
    return tuple(items), tuple(notes)


def adjust_for_kind(
    prescription: Prescription, kind: SessionKind, params: PlanParams
) -> Prescription:
    """The prescription as done in a session of ``kind``: deload and taper remove sets."""
    if kind is SessionKind.NORMAL:
        return prescription
    if kind is SessionKind.DELOAD:
        removed = params.deload_sets_removed
        why = f"Deload week (every {params.deload_every_weeks}th week is lighter)"
    else:
        removed = params.taper_sets_removed
        why = "Race taper (volume down, intensity kept)"
    sets = max(1, prescription.sets - removed)
    fewer = f"{plural(sets, 'set')} instead of {prescription.sets}"
    return revise(prescription, sets=sets, reason=f"{why}: {fewer}. {prescription.reason}")


def session_kind(
    day: dt.date, week_index: int, race: dt.date | None, params: PlanParams
) -> SessionKind | None:
    """NORMAL, DELOAD or TAPER for a strength day, or None when it is too close to the race."""
    if race is not None:
        if -params.race_rest_days_after <= (race - day).days <= params.race_rest_days_before:
            return None
        if 0 < (race - day).days <= params.taper_days:
            return SessionKind.TAPER
    every = params.deload_every_weeks
    if every and (week_index + 1) % every == 0:
        return SessionKind.DELOAD
    return SessionKind.NORMAL


def session_minutes(prescriptions: Sequence[Prescription], params: PlanParams) -> float:
    seconds = params.warm_up_s + sum(p.duration_s(params.setup_s) for p in prescriptions)
    return round(seconds / 60, 1)


def prescription_label(key: tuple[str, BodySide | None]) -> str:
    vid, side = key
    return vid if side is None else f"{vid} ({side.value} leg)"


def generate_plan(
    runner: str,
    prescriptions: Sequence[Prescription],
    running_week: RunningWeek,
    start_date: dt.date,
    params: PlanParams,
    cautions: Sequence[PlanCaution] = (),
    rotation: Sequence[Sequence[Prescription]] = (),
) -> Plan:
    """A ``params.weeks``-week plan from ranked starting prescriptions (best first).

    ``rotation``, when given, holds the prescriptions of each session the week rotates
    through (``prescriptions`` is then ignored): the plan's sessions take them in turn.

    Raises InputError when no prescription is given, one is given twice in a session, or no
    weekday can hold a strength session without falling on the day before a key session.
    """
    turns = [tuple(r) for r in rotation if r] or [tuple(prescriptions)]
    if not turns[0]:
        raise InputError("a plan needs at least one exercise; select exercises first")
    for turn in turns:
        keys = [p.key for p in turn]
        twice = sorted({prescription_label(k) for k in keys if keys.count(k) > 1})
        if twice:
            raise InputError(f"given twice: {', '.join(twice)}")
    days = choose_strength_days(running_week, params.sessions_min, params.sessions_max)
    if not days.weekdays:
        raise InputError("no strength day fits this running week: " + " ".join(days.notes))
    fits = [fit_to_time(turn, params) for turn in turns]
    race = running_week.race_date
    notes = [*days.notes, *dict.fromkeys(n for _, turn_notes in fits for n in turn_notes)]
    if len(turns) > 1:
        notes.append(_rotation_note(turns, len(days.weekdays)))
    sessions: list[PlannedSession] = []
    for offset in range(7 * params.weeks):
        day = start_date + dt.timedelta(days=offset)
        if day.weekday() not in days.weekdays:
            continue
        week_index = offset // 7
        kind = session_kind(day, week_index, race, params)
        if kind is None:
            continue
        fitted = fits[len(sessions) % len(fits)][0]
        items = tuple(adjust_for_kind(p, kind, params) for p in fitted)
        sessions.append(
            PlannedSession(
                date=day,
                week_index=week_index,
                kind=kind,
                warm_up=params.warm_up,
                prescriptions=items,
                minutes_planned=session_minutes(items, params),
            )
        )
    if race is not None:
        end = start_date + dt.timedelta(days=7 * params.weeks)
        if start_date <= race < end:
            notes.append(
                f"Race on {race.isoformat()}: lighter sessions in the {params.taper_days} days "
                f"before it, none from {plural(params.race_rest_days_before, 'day')} before to "
                f"{plural(params.race_rest_days_after, 'day')} after."
            )
        elif start_date <= race < end + dt.timedelta(days=params.taper_days):
            notes.append(
                f"Race on {race.isoformat()} is just after the plan: the last week tapers."
            )
    return Plan(
        runner=runner,
        start_date=start_date,
        weeks=params.weeks,
        running_week=running_week,
        strength_weekdays=days.weekdays,
        sessions=tuple(sessions),
        notes=tuple(notes),
        parameters=params.as_dict(),
        algorithm_version=PLAN_ALGORITHM_VERSION,
        cautions=tuple(cautions),
    )


def room_s(prescriptions: Sequence[Prescription], params: PlanParams) -> int:
    """Seconds a session of ``prescriptions`` leaves within the runner's minutes, warm-up
    included (negative: over them)."""
    used_s = sum(p.duration_s(params.setup_s) for p in prescriptions)
    return params.minutes_per_session * 60 - params.warm_up_s - used_s


def cap_to_time(plan: Plan, params: PlanParams) -> Plan:
    """The plan with every session that runs past the minutes brought back within them by
    fewer sets (the exercise with the most sets first, down to one), each trimmed exercise
    saying why: when time is capped, progress comes from intensity, not volume. A pure pass over
    the plan in force, applied after every decision, so the order decisions were folded in
    does not change the result."""
    minutes = params.minutes_per_session
    sessions = []
    for s in plan.sessions:
        items = list(s.prescriptions)
        was = {p.key: p.sets for p in items}
        while room_s(items, params) < 0:
            trimmable = [i for i, p in enumerate(items) if p.sets > 1 and not p.rested]
            if not trimmable:
                break
            i = max(trimmable, key=lambda j: (items[j].sets, j))
            items[i] = revise(items[i], sets=items[i].sets - 1)
        for i, p in enumerate(items):
            if p.sets != was[p.key]:
                items[i] = revise(
                    p,
                    reason=f"{p.reason} {plural(p.sets, 'set')} instead of {was[p.key]} to fit "
                    f"{minutes} min: with the time capped, progress comes from a harder step, "
                    "a heavier band or load, not more volume.",
                )
        if items != list(s.prescriptions):
            update = {
                "prescriptions": tuple(items),
                "minutes_planned": session_minutes(items, params),
            }
            s = s.model_copy(update=update)
        sessions.append(s)
    return plan.model_copy(update={"sessions": tuple(sessions)})


def _rotation_note(turns: Sequence[Sequence[Prescription]], per_week: int) -> str:
    names = " / ".join(", ".join(dict.fromkeys(p.variation_id for p in turn)) for turn in turns)
    how = "in turn" if per_week >= len(turns) else "in turn, one a week"
    return (
        f"One session cannot hold every exercise pattern in the time, so sessions take "
        f"{len(turns)} forms {how}: {names}."
    )
