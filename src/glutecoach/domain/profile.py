"""A runner's profile: what selection and planning need to know about them."""

from __future__ import annotations

from typing import Any

from pydantic import Field, field_validator, model_validator

from glutecoach.domain.base import Frozen
from glutecoach.domain.plan import RunningWeek
from glutecoach.domain.vocabulary import (
    SIDED_CONDITIONS,
    BandResistance,
    BodySide,
    Condition,
    Equipment,
    Experience,
    Goal,
    HouseholdItem,
)

SIDES_TEXT = "left or right"


class ClinicianWord(Frozen):
    """A clinician's instructions, obeyed over glutecoach's own rules: exercise ids (or
    aliases) to ``allow`` although a rule would leave them out, ids to ``forbid``, and a note
    shown with every exercise they touch."""

    allow: tuple[str, ...] = ()
    forbid: tuple[str, ...] = ()
    note: str | None = Field(default=None, max_length=500)

    @model_validator(mode="after")
    def _not_both(self) -> ClinicianWord:
        both = sorted(set(self.allow) & set(self.forbid))
        if both:
            raise ValueError(f"{', '.join(both)} is both allowed and forbidden; keep one")
        return self


def split_pain_key(key: str) -> tuple[str, BodySide | None]:
    """'single-leg-squat:left' -> ('single-leg-squat', left); a plain id has no side."""
    name, colon, side = key.partition(":")
    if not colon:
        return key, None
    try:
        return name, BodySide(side)
    except ValueError:
        raise ValueError(
            f"pain key {key!r} names the side {side!r}; use {SIDES_TEXT} "
            f"(e.g. '{name}:left'), or no side for both"
        ) from None


class RunnerProfile(Frozen):
    """Who the runner is, what hurts, what they have and how long they can train.

    ``conditions`` accepts plain ids or ``{id, side}`` tables (the side is kept in
    ``condition_sides``; a condition without a side counts on both sides). ``pain`` maps
    exercise ids (or aliases), optionally with ``:left``/``:right``, to a 0-10 score; a plain
    id hurts on both sides. ``conditions`` and ``equipment`` accept the word ``none`` for an
    empty list. ``running`` is the usual running week (and race date) that plans are fitted
    around. ``clinician`` holds a clinician's allow and forbid lists.
    """

    name: str = Field(min_length=1, max_length=80)
    strength_experience: Experience
    weekly_running_km: float = Field(ge=0, le=400)
    conditions: tuple[Condition, ...] = ()
    condition_sides: dict[Condition, BodySide] = Field(default_factory=dict)
    pain: dict[str, int] = Field(default_factory=dict)
    equipment: tuple[Equipment, ...] = ()
    bands: tuple[BandResistance, ...] = ()
    lacks: tuple[HouseholdItem, ...] = ()
    minutes_per_session: int = Field(ge=5, le=120)
    goal: Goal = Goal.PREVENTION
    running: RunningWeek | None = None
    clinician: ClinicianWord | None = None

    @model_validator(mode="before")
    @classmethod
    def _sided_conditions(cls, data: Any) -> Any:
        if not isinstance(data, dict) or not isinstance(data.get("conditions"), list):
            return data
        plain: list[object] = []
        given = data.get("condition_sides") or {}
        if not isinstance(given, dict):
            return data  # the field's own validation names the wrong type
        sides = dict(given)
        for entry in data["conditions"]:
            if not isinstance(entry, dict):
                plain.append(entry)
                continue
            unknown = sorted(set(entry) - {"id", "side"})
            if unknown or "id" not in entry:
                raise ValueError(
                    f"a condition table takes 'id' and 'side' only, e.g. "
                    f'{{ id = "gluteal-tendinopathy", side = "right" }}; got {entry}'
                )
            plain.append(entry["id"])
            side = entry.get("side")
            if side is not None:
                if side not in {s.value for s in BodySide}:
                    raise ValueError(
                        f"conditions: side {side!r} for {entry['id']} is not a side; use "
                        f"{SIDES_TEXT}, or leave 'side' out when both sides hurt"
                    )
                sides[entry["id"]] = side
        return {**data, "conditions": plain, "condition_sides": sides}

    @field_validator("name")
    @classmethod
    def _plain_name(cls, value: str) -> str:
        if any(not ch.isprintable() for ch in value):
            raise ValueError(
                f"name {value!r} holds control characters (such as terminal escape codes or a "
                "line break); use plain text"
            )
        if not value.strip():
            raise ValueError("name is blank; give the runner's name")
        return value

    @field_validator("conditions", "equipment", "bands", "lacks", mode="before")
    @classmethod
    def _none_means_empty(cls, value: object) -> object:
        if isinstance(value, str):
            value = [value]
        if isinstance(value, list | tuple):
            return tuple(dict.fromkeys(v for v in value if v != "none"))
        return value

    @field_validator("pain")
    @classmethod
    def _pain_in_range(cls, value: dict[str, int]) -> dict[str, int]:
        for key, score in value.items():
            split_pain_key(key)
            if not 0 <= score <= 10:
                raise ValueError(f"pain for {key!r} is {score}; use a score from 0 to 10")
        return value

    @model_validator(mode="after")
    def _sides_fit(self) -> RunnerProfile:
        for condition in self.condition_sides:
            if condition not in SIDED_CONDITIONS:
                sided = ", ".join(sorted(c.value for c in SIDED_CONDITIONS))
                raise ValueError(
                    f"conditions: {condition.value} has no side; give it as a plain id "
                    f"(sides are accepted for {sided})"
                )
            if condition not in self.conditions:
                raise ValueError(f"condition_sides names {condition.value}, not in conditions")
        return self

    @field_validator("bands")
    @classmethod
    def _bands_sorted(cls, value: tuple[BandResistance, ...]) -> tuple[BandResistance, ...]:
        return tuple(sorted(value, key=lambda b: b.rank))

    @model_validator(mode="after")
    def _have_or_lack(self) -> RunnerProfile:
        both = [e.value for e in self.lacks if e.equipment in self.equipment]
        if both:
            raise ValueError(
                f"{', '.join(both)} is listed both in equipment and in lacks; keep one"
            )
        return self

    def available_equipment(self) -> frozenset[Equipment]:
        """What the runner can use: their equipment, a mini band when they list band
        resistances, and every household item they do not lack."""
        have = set(self.equipment) | {e.equipment for e in HouseholdItem if e not in self.lacks}
        if self.bands:
            have.add(Equipment.MINI_BAND)
        return frozenset(have)

    def painful_sides(self, condition: Condition) -> frozenset[BodySide]:
        """The sides a condition is on: the named side, both when none is named, or none."""
        if condition not in self.conditions:
            return frozenset()
        side = self.condition_sides.get(condition)
        return frozenset({side}) if side else frozenset(BodySide)

    def pain_entries(self) -> tuple[tuple[str, BodySide | None, int], ...]:
        """(exercise id or alias, side or None for both, score) for every ``[pain]`` entry."""
        return tuple((*split_pain_key(key), score) for key, score in self.pain.items())
