"""Loading rules per condition, warm-up items and the cautions a plan carries, as data.

A loading rule says, for one condition, which positions to avoid, which work to prefer first or
what the runner is told (sleep, sitting, load management). Rules from a study carry its
reference and status; a rule without a checked source is a ``coaching-default`` and says why.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field, field_validator, model_validator

from glutecoach.domain.base import Frozen
from glutecoach.domain.exercise import check_slug
from glutecoach.domain.vocabulary import Condition, EvidenceStatus, Load

RuleKind = Literal["avoid", "prefer", "advice"]


class LoadingRule(Frozen):
    """One rule for one condition.

    ``avoid``: no part of a session (warm-up included) may carry any of ``loads``; for
    ``lying-on-side`` only the painful side counts (both sides when the profile names none).
    ``prefer``: work carrying ``loads`` comes first in every session. ``advice``: ``text`` is
    told to the runner wherever the plan is shown.
    """

    id: str
    condition: Condition
    kind: RuleKind
    loads: tuple[Load, ...] = ()
    text: str = Field(min_length=1, description="What the runner is told, in plain words.")
    basis: Literal["literature", "coaching-default"]
    reference: str | None = None
    status: EvidenceStatus | None = None
    note: str | None = Field(default=None, description="What the source says, or why a default.")

    @field_validator("id")
    @classmethod
    def _slug(cls, value: str) -> str:
        return check_slug(value)

    @model_validator(mode="after")
    def _documented(self) -> LoadingRule:
        if self.kind in ("avoid", "prefer") and not self.loads:
            raise ValueError(f"an '{self.kind}' rule needs the 'loads' it is about")
        if self.kind == "advice" and self.loads:
            raise ValueError("an 'advice' rule carries no 'loads'")
        if self.basis == "literature":
            if not self.reference or self.status is None:
                raise ValueError("a 'literature' rule needs 'reference' and 'status'")
            if self.status is EvidenceStatus.U:
                raise ValueError("an unverified (U) source cannot make a rule")
        elif not self.note:
            raise ValueError("a 'coaching-default' rule needs a 'note' saying why")
        return self

    def caution(self) -> PlanCaution:
        return PlanCaution(
            id=self.id,
            condition=self.condition,
            text=self.text,
            reference=self.reference,
            status=self.status,
            basis=self.basis,
        )


class WarmUpItem(Frozen):
    """One warm-up item and the loads it carries (so a condition's rules apply to it too)."""

    id: str
    text: str = Field(min_length=1)
    loads: tuple[Load, ...] = ()
    replaced_by: str | None = Field(
        default=None, description="Text used instead when a runner must avoid one of 'loads'."
    )

    @field_validator("id")
    @classmethod
    def _slug(cls, value: str) -> str:
        return check_slug(value)


class PlanCaution(Frozen):
    """A loading rule as a plan carries it, for one of the runner's own conditions."""

    id: str
    condition: Condition
    text: str
    reference: str | None = None
    status: EvidenceStatus | None = None
    basis: Literal["literature", "coaching-default"] = "literature"

    @property
    def figure_status(self) -> Literal["V1", "V1-review", "V2", "coaching-default"]:
        """The status the evidence renderer words (``renderer.status_words``)."""
        if self.basis == "coaching-default" or self.status is None:
            return "coaching-default"
        words: dict[EvidenceStatus, Literal["V1", "V1-review", "V2"]] = {
            EvidenceStatus.V1: "V1",
            EvidenceStatus.V1_REVIEW: "V1-review",
            EvidenceStatus.V2: "V2",
        }
        if self.status not in words:
            raise ValueError("an unverified (U) rule is never shown")
        return words[self.status]
