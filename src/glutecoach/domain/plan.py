"""A runner's week, the prescriptions we give them and the multi-week plan that holds them.

All values are frozen. Dates are passed in by the caller; nothing here reads a clock.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from pydantic import Field, JsonValue, field_validator, model_validator

from glutecoach.domain.base import Frozen
from glutecoach.domain.exercise import TEMPO, Dose, check_slug
from glutecoach.domain.safety import PlanCaution
from glutecoach.domain.vocabulary import BodySide, RepUnit
from glutecoach.errors import InputError

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


class DayKind(StrEnum):
    """What a runner does on a weekday. Long runs, intervals, tempo runs and races are key."""

    REST = "rest"
    EASY = "easy"
    LONG_RUN = "long-run"
    INTERVALS = "intervals"
    TEMPO = "tempo"
    RACE = "race"

    @property
    def is_key(self) -> bool:
        """A key session: hard enough that the legs should be fresh for it."""
        return self not in (DayKind.REST, DayKind.EASY)


class SessionKind(StrEnum):
    """NORMAL sessions carry the full dose; DELOAD (every few weeks) and TAPER (before a race)
    carry fewer sets."""

    NORMAL = "normal"
    DELOAD = "deload"
    TAPER = "taper"


class RunningWeek(Frozen):
    """The runner's usual week, Monday to Sunday, and an optional race date."""

    monday: DayKind = DayKind.REST
    tuesday: DayKind = DayKind.REST
    wednesday: DayKind = DayKind.REST
    thursday: DayKind = DayKind.REST
    friday: DayKind = DayKind.REST
    saturday: DayKind = DayKind.REST
    sunday: DayKind = DayKind.REST
    race_date: dt.date | None = None

    @classmethod
    def from_days(cls, days: tuple[DayKind, ...], race_date: dt.date | None = None) -> RunningWeek:
        """Build from seven day kinds, Monday first."""
        if len(days) != 7:
            raise InputError(f"a running week needs 7 days (Monday first), got {len(days)}")
        return cls(**dict(zip(WEEKDAYS, days, strict=True)), race_date=race_date)

    @property
    def days(self) -> tuple[DayKind, ...]:
        """The seven day kinds, Monday (index 0) to Sunday (index 6)."""
        return tuple(getattr(self, name) for name in WEEKDAYS)

    def day(self, weekday: int) -> DayKind:
        """The kind of day for ``weekday`` (0 = Monday, as ``date.weekday()``); wraps weekly."""
        return self.days[weekday % 7]

    def key_days(self) -> tuple[int, ...]:
        return tuple(i for i, kind in enumerate(self.days) if kind.is_key)


class Prescription(Frozen):
    """What to do for one exercise in one session, and why it was set that way.

    Exactly one of ``reps`` (a ``[low, high]`` range, as in double progression) or ``hold_s``.
    ``target_reps`` is the number to aim for on every set this time, within the range; it rises
    as good-form reps rise. ``load_kg`` is external load, or None for body weight or a band
    (``load_note`` describes it in words). ``per_side`` means every set is done on each side;
    ``side`` names the one leg this prescription is for when the legs are prescribed apart
    (then ``per_side`` is false). ``rested`` means the exercise is paused after an escalation
    (pain above the limit, rising next-morning pain, pain at rest) until the runner logs it
    pain-free or a clinician clears it; a rested prescription takes no time in a session.
    """

    variation_id: str
    sets: int = Field(ge=1, le=10)
    reps: tuple[int, int] | None = None
    target_reps: int | None = None
    hold_s: int | None = Field(default=None, ge=5, le=600)
    tempo: str = "2-1-2"
    rest_s: int = Field(ge=0, le=600)
    per_side: bool
    load_kg: float | None = Field(default=None, ge=0, le=500)
    load_note: str | None = None
    reason: str = Field(min_length=1)
    side: BodySide | None = None
    rested: bool = False
    unit: RepUnit = RepUnit.REP

    @field_validator("variation_id")
    @classmethod
    def _slug(cls, value: str) -> str:
        return check_slug(value)

    @model_validator(mode="after")
    def _consistent(self) -> Prescription:
        if (self.reps is None) == (self.hold_s is None):
            raise ValueError("a prescription needs exactly one of 'reps' or 'hold_s'")
        if self.reps is not None:
            low, high = self.reps
            if not 1 <= low <= high <= 50:
                raise ValueError("'reps' must be [low, high] with 1 <= low <= high <= 50")
            if self.target_reps is not None and not low <= self.target_reps <= high:
                raise ValueError(f"'target_reps' {self.target_reps} is outside reps {low}-{high}")
        elif self.target_reps is not None:
            raise ValueError("'target_reps' only applies to a rep range, not a hold")
        if self.side is not None and self.per_side:
            raise ValueError("a prescription for one 'side' is not also 'per_side'")
        if not TEMPO.match(self.tempo):
            raise ValueError(
                f"tempo {self.tempo!r} must be 'lift-pause-lower' seconds, e.g. '2-1-2'"
            )
        return self

    @classmethod
    def from_dose(
        cls, variation_id: str, dose: Dose, reason: str, load_kg: float | None = None
    ) -> Prescription:
        """A prescription carrying a library dose unchanged, aiming at the bottom of the range."""
        return cls(
            variation_id=variation_id,
            sets=dose.sets,
            reps=dose.reps,
            target_reps=dose.reps[0] if dose.reps else None,
            hold_s=dose.hold_s,
            tempo=dose.tempo,
            rest_s=dose.rest_s,
            per_side=dose.per_side,
            load_kg=load_kg,
            load_note=dose.load,
            reason=reason,
            unit=dose.unit,
        )

    @property
    def aim_reps(self) -> int | None:
        """Reps to aim for on every set: the target, else the bottom of the range."""
        if self.reps is None:
            return None
        return self.target_reps if self.target_reps is not None else self.reps[0]

    @property
    def sides(self) -> int:
        return 2 if self.per_side else 1

    @property
    def key(self) -> tuple[str, BodySide | None]:
        """What identifies a prescription within a session: the exercise and its leg."""
        return self.variation_id, self.side

    def legs(self) -> tuple[BodySide, ...]:
        """The legs that work: the named side, else both."""
        return (self.side,) if self.side is not None else tuple(BodySide)

    def duration_s(self, setup_s: int = 20) -> int:
        """Whole time: every set on every side at the top of the range, rests, one set-up;
        nothing while rested."""
        if self.rested:
            return 0
        match = TEMPO.match(self.tempo)
        assert match is not None  # checked by the validator
        if self.hold_s is not None:
            work_s = self.hold_s
        else:
            assert self.reps is not None
            work_s = self.reps[1] * sum(int(g) for g in match.groups())
        bouts = self.sets * self.sides
        return setup_s + bouts * work_s + (bouts - 1) * self.rest_s

    def text(self) -> str:
        """'3 x 8-12 reps (aim 10), tempo 2-1-2, rest 60 s, each side, 5 kg'."""
        if self.reps is not None:
            low, high = self.reps
            amount = self.unit.amount(f"{low}" if low == high else f"{low}-{high}")
            if self.target_reps is not None and low != high:
                amount += f" (aim {self.target_reps})"
            amount += f", tempo {self.tempo}"
        else:
            amount = f"{self.hold_s} s hold"
        side = f", {self.unit.each_side}" if self.per_side else ""
        if self.side is not None:
            side = f", {self.side.value} leg only"
        load = f", {self.load_kg:g} kg" if self.load_kg is not None else ""
        note = f", {self.load_note}" if self.load_note else ""
        text = f"{self.sets} x {amount}, rest {self.rest_s} s{side}{load}{note}"
        return (
            f"RESTED (see a physiotherapist before doing it again): {text}" if self.rested else text
        )


class PlannedSession(Frozen):
    """One strength session on one date. ``week_index`` counts from 0 (the first plan week)."""

    date: dt.date
    week_index: int = Field(ge=0)
    kind: SessionKind = SessionKind.NORMAL
    warm_up: tuple[str, ...] = ()
    prescriptions: tuple[Prescription, ...] = Field(min_length=1)
    minutes_planned: float = Field(ge=0)
    notes: tuple[str, ...] = ()

    @property
    def ref(self) -> str:
        """Stable reference a session log points at: the ISO date (one session a day at most)."""
        return self.date.isoformat()

    def prescription_for(
        self, variation_id: str, side: BodySide | None = None
    ) -> Prescription | None:
        return next((p for p in self.prescriptions if p.key == (variation_id, side)), None)


class Plan(Frozen):
    """A multi-week strength plan around a running week.

    ``parameters`` records every parameter the generator used and ``algorithm_version`` the
    generator's version, so the plan can be reproduced and explained later.
    """

    runner: str = Field(min_length=1, max_length=80)
    start_date: dt.date
    weeks: int = Field(ge=1, le=52)
    running_week: RunningWeek
    strength_weekdays: tuple[int, ...] = Field(description="0 = Monday.")
    sessions: tuple[PlannedSession, ...]
    notes: tuple[str, ...] = ()
    parameters: dict[str, JsonValue] = Field(default_factory=dict)
    algorithm_version: str
    cautions: tuple[PlanCaution, ...] = Field(
        default=(), description="Loading rules of the runner's own conditions."
    )

    @model_validator(mode="after")
    def _sessions_in_order(self) -> Plan:
        dates = [s.date for s in self.sessions]
        if dates != sorted(set(dates)):
            raise ValueError("plan sessions must have distinct dates in increasing order")
        end = self.end_date
        for s in self.sessions:
            if not self.start_date <= s.date < end:
                raise ValueError(f"session on {s.date} lies outside the plan ({self.start_date}+)")
        if any(not 0 <= d <= 6 for d in self.strength_weekdays):
            raise ValueError("strength weekdays are 0 (Monday) to 6 (Sunday)")
        return self

    @property
    def end_date(self) -> dt.date:
        """The first day after the plan."""
        return self.start_date + dt.timedelta(days=7 * self.weeks)

    def session_on(self, day: dt.date) -> PlannedSession | None:
        return next((s for s in self.sessions if s.date == day), None)

    def next_session(self, day: dt.date) -> PlannedSession | None:
        """The first session on or after ``day``."""
        return next((s for s in self.sessions if s.date >= day), None)

    def week(self, week_index: int) -> tuple[PlannedSession, ...]:
        return tuple(s for s in self.sessions if s.week_index == week_index)
