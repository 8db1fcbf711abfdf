"""What selection returns: ranked, explained recommendations and explained exclusions."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import Field

from glutecoach.domain.base import Frozen
from glutecoach.domain.exercise import Dose
from glutecoach.domain.vocabulary import Pattern


class Reason(Frozen):
    """One plain-words reason, with the references behind any number in it."""

    text: str
    references: tuple[str, ...] = ()
    figures: tuple[dict[str, Any], ...] = Field(
        default=(),
        description="Each literature figure in the text, in the evidence renderer's JSON form.",
    )


class CriterionScores(Frozen):
    """Each criterion on 0..1, kept apart so a user sees the trade-off."""

    activation: float = Field(ge=0, le=1)
    isolation: float = Field(ge=0, le=1)
    function: float = Field(ge=0, le=1)
    level_fit: float = Field(ge=0, le=1)
    safety: float = Field(ge=0, le=1)
    equipment_fit: float = Field(ge=0, le=1)


class Candidate(Frozen):
    """A scored, eligible variation."""

    id: str
    name: str
    family: str
    role: Literal["isolation", "functional"]
    pattern: Pattern
    score: float = Field(ge=0, le=100, description="Weighted sum of the criteria, 0-100.")
    criteria: CriterionScores
    reasons: tuple[Reason, ...]
    dose: Dose
    minutes: float
    replaces: str | None = None
    next_step: str = Field(
        default="", description="The way up once this dose is done well, with what you have."
    )
    dose_reason: Reason | None = Field(
        default=None, description="The dosing rule that set the starting dose, with its figure."
    )


class Recommendation(Candidate):
    """A candidate chosen for the session, with its place in the ranking."""

    rank: int = Field(ge=1)


class Exclusion(Frozen):
    """A variation the runner should not do now, why, and what to do instead."""

    id: str
    name: str
    why: str
    alternative: str | None = None


class LeftOut(Frozen):
    """Something the session would hold with more time or fewer rules, and why it does not."""

    what: str
    why: str
    id: str | None = None


class RecommendationResult(Frozen):
    """The session (ranked), the other eligible options, the exclusions and any warnings."""

    profile: str
    goal: str
    dose_level: str
    minutes_available: int
    minutes_planned: float = Field(description="The longest session, warm-up included.")
    warm_up_minutes: float = 0.0
    recommended: tuple[Recommendation, ...]
    alternatives: tuple[Candidate, ...]
    excluded: tuple[Exclusion, ...]
    warnings: tuple[str, ...]
    sessions: tuple[tuple[str, ...], ...] = Field(
        default=(),
        description="The exercise ids of each session, in order; the plan rotates through "
        "them when one session cannot hold every pattern in the runner's minutes.",
    )
    left_out: tuple[LeftOut, ...] = ()
    weights: dict[str, float]
    references: dict[str, str] = Field(description="Key -> full citation of every key cited.")

    def cited_references(self) -> dict[str, str]:
        """The references the recommended exercises' reasons cite (what a reader of the session
        can look up), in the order of ``references``."""
        cited = {k for r in self.recommended for reason in r.reasons for k in reason.references}
        return {key: text for key, text in self.references.items() if key in cited}
