"""What a runner actually did: sets, form, effort and pain, session by session.

Pain scores are 0 (none) to 10 (worst imaginable). Range problems are reported in words a
runner can act on; ``parse_set_log`` and ``parse_session_log`` turn them into ``InputError``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from enum import StrEnum
from typing import Any

from pydantic import Field, ValidationError, ValidationInfo, field_validator, model_validator

from glutecoach.domain.base import Frozen
from glutecoach.domain.exercise import check_slug
from glutecoach.domain.vocabulary import BandResistance
from glutecoach.errors import InputError
from glutecoach.validation import describe

PAIN_SCALE = "use a score from 0 (no pain) to 10 (worst pain imaginable)"


class Side(StrEnum):
    """Which side a set worked. BOTH is a bilateral set, or one entry standing for both sides."""

    LEFT = "left"
    RIGHT = "right"
    BOTH = "both"


def _pain(name: str, value: int | None) -> int | None:
    if value is not None and not 0 <= value <= 10:
        raise ValueError(f"{name} is {value}; {PAIN_SCALE}")
    return value


def _between(value: float | None, what: str, low: float, high: float, unit: str) -> None:
    if value is not None and not low <= value <= high:
        raise ValueError(f"{what} is {value:g}; it must be between {low:g} and {high:g} {unit}")


_RANGES: dict[str, tuple[str, float, float, str]] = {
    "reps_done": ("reps done", 0, 100, "reps"),
    "good_form_reps": ("good-form reps", 0, 100, "reps"),
    "hold_s": ("hold", 0, 600, "seconds"),
    "good_form_hold_s": ("good-form hold", 0, 600, "seconds"),
    "load_kg": ("load", 0, 500, "kg"),
    "rpe": ("RPE", 1, 10, "(1 = very easy, 10 = maximal effort)"),
    "reps_in_reserve": ("reps in reserve", 0, 10, "reps"),
}


class SetLog(Frozen):
    """One set as done: either reps (``reps_done``) or a hold (``hold_s``), never both.

    Only good-form work counts toward progression: ``good_form_reps`` (or ``good_form_hold_s``
    for a hold) says how much of the set was done with good form, from the runner's own
    judgement or a video check. None means form was not recorded, which counts as no good-form
    work. Effort is either ``rpe`` (1-10) or ``reps_in_reserve`` (0-10), or neither.
    ``band`` names the band's resistance when the set was done with one (the names the
    profile's ``bands`` use), or None when not recorded.
    """

    variation_id: str
    side: Side = Side.BOTH
    reps_done: int | None = None
    good_form_reps: int | None = None
    hold_s: int | None = None
    good_form_hold_s: int | None = None
    load_kg: float | None = None
    rpe: float | None = None
    reps_in_reserve: int | None = None
    pain_during: int = Field(description="Worst pain during the set, 0-10.")
    band: BandResistance | None = Field(
        default=None, description="The band used, by resistance; None when not recorded."
    )

    @field_validator("variation_id")
    @classmethod
    def _slug(cls, value: str) -> str:
        return check_slug(value)

    @field_validator("pain_during")
    @classmethod
    def _pain_range(cls, value: int) -> int:
        _pain("pain during the set", value)
        return value

    @field_validator(*_RANGES)
    @classmethod
    def _in_range(cls, value: float | None, info: ValidationInfo) -> float | None:
        assert info.field_name is not None
        _between(value, *_RANGES[info.field_name])
        return value

    @model_validator(mode="after")
    def _consistent(self) -> SetLog:
        if (self.reps_done is None) == (self.hold_s is None):
            raise ValueError("a set records either reps done or a hold in seconds, not both")
        if self.reps_done is None and self.good_form_reps is not None:
            raise ValueError("good-form reps only apply to a set of reps; use good-form hold")
        if self.hold_s is None and self.good_form_hold_s is not None:
            raise ValueError("good-form hold only applies to a hold; use good-form reps")
        if (
            self.reps_done is not None
            and self.good_form_reps is not None
            and self.good_form_reps > self.reps_done
        ):
            raise ValueError(
                f"good-form reps ({self.good_form_reps}) cannot exceed reps done ({self.reps_done})"
            )
        if (
            self.hold_s is not None
            and self.good_form_hold_s is not None
            and self.good_form_hold_s > self.hold_s
        ):
            raise ValueError(
                f"good-form hold ({self.good_form_hold_s} s) cannot exceed "
                f"the hold ({self.hold_s} s)"
            )
        if self.rpe is not None and self.reps_in_reserve is not None:
            raise ValueError("give effort as RPE or as reps in reserve, not both")
        return self

    @property
    def counted(self) -> int:
        """Work that counts toward progression: good-form reps, or good-form hold seconds."""
        if self.reps_done is not None:
            return self.good_form_reps or 0
        return self.good_form_hold_s or 0

    @property
    def done(self) -> int:
        """Work done regardless of form: reps, or hold seconds."""
        return self.reps_done if self.reps_done is not None else (self.hold_s or 0)

    @property
    def form_recorded(self) -> bool:
        return self.good_form_reps is not None or self.good_form_hold_s is not None


class SessionLog(Frozen):
    """One session as done, or missed (no sets).

    ``planned_ref`` points at the planned session (``PlannedSession.ref``), or is None for an
    unplanned session. ``pain_before`` is the pain at rest before the session and
    ``next_morning_pain`` the pain on waking the next day; it stays None until entered. The
    pain-monitoring model compares the two.
    """

    date: dt.date
    planned_ref: str | None = None
    sets: tuple[SetLog, ...] = ()
    pain_before: int | None = None
    next_morning_pain: int | None = None
    notes: str = ""

    @field_validator("pain_before")
    @classmethod
    def _before_range(cls, value: int | None) -> int | None:
        return _pain("pain before the session", value)

    @field_validator("next_morning_pain")
    @classmethod
    def _morning_range(cls, value: int | None) -> int | None:
        return _pain("next-morning pain", value)

    @property
    def missed(self) -> bool:
        """True when the session was logged with no sets: it was planned but not done."""
        return not self.sets

    def sets_for(self, variation_id: str) -> tuple[SetLog, ...]:
        return tuple(s for s in self.sets if s.variation_id == variation_id)

    def variation_ids(self) -> tuple[str, ...]:
        """Variations done, in the order first logged."""
        return tuple(dict.fromkeys(s.variation_id for s in self.sets))

    def max_pain_during(self, variation_id: str | None = None) -> int | None:
        """Worst pain during any set (of one variation if given); None with no sets."""
        sets = self.sets if variation_id is None else self.sets_for(variation_id)
        return max((s.pain_during for s in sets), default=None)

    def with_next_morning_pain(self, score: int) -> SessionLog:
        """A copy with the next-morning pain entered (validated like any other field)."""
        return parse_session_log({**self.model_dump(), "next_morning_pain": score})


def parse_set_log(data: Mapping[str, Any]) -> SetLog:
    """Validate one set from a form, flags or a file; InputError lists every problem."""
    try:
        return SetLog.model_validate(dict(data))
    except ValidationError as exc:
        raise InputError(describe("set", exc, dict(data), "see 'glutecoach log --help'")) from exc


def parse_session_log(data: Mapping[str, Any]) -> SessionLog:
    """Validate one session log; InputError lists every problem with where it is."""
    try:
        return SessionLog.model_validate(dict(data))
    except ValidationError as exc:
        raise InputError(
            describe("session log", exc, dict(data), "see 'glutecoach log --help'")
        ) from exc
