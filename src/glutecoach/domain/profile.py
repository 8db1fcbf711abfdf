"""A runner's profile: what selection and planning need to know about them."""

from __future__ import annotations

from pydantic import Field, field_validator

from glutecoach.domain.base import Frozen
from glutecoach.domain.plan import RunningWeek
from glutecoach.domain.vocabulary import Condition, Equipment, Experience, Goal


class RunnerProfile(Frozen):
    """Who the runner is, what hurts, what they have and how long they can train.

    ``pain`` maps exercise ids (or aliases) that hurt now to a 0-10 score. ``conditions`` and
    ``equipment`` accept the word ``none`` for an empty list. ``running`` is the usual running
    week (and race date) that plans are fitted around.
    """

    name: str = Field(min_length=1, max_length=80)
    strength_experience: Experience
    weekly_running_km: float = Field(ge=0, le=400)
    conditions: tuple[Condition, ...] = ()
    pain: dict[str, int] = Field(default_factory=dict)
    equipment: tuple[Equipment, ...] = ()
    minutes_per_session: int = Field(ge=5, le=120)
    goal: Goal = Goal.PREVENTION
    running: RunningWeek | None = None

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

    @field_validator("conditions", "equipment", mode="before")
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
        for exercise, score in value.items():
            if not 0 <= score <= 10:
                raise ValueError(f"pain for {exercise!r} is {score}; use a score from 0 to 10")
        return value
