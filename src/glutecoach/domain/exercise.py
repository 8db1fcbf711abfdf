"""Exercise families, their variations, doses, cues, common mistakes and cautions."""

from __future__ import annotations

import re
from typing import Literal

from pydantic import Field, field_validator, model_validator

from glutecoach.domain.base import Frozen
from glutecoach.domain.evidence import EvidenceRecord, NoiseFloor
from glutecoach.domain.vocabulary import (
    BodySide,
    CameraView,
    Condition,
    DoseLevel,
    Equipment,
    EvidenceStatus,
    Load,
    Metric,
    Muscle,
    Pattern,
    Position,
    RepUnit,
)

SLUG = re.compile(r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$")
TEMPO = re.compile(r"^(\d+)-(\d+)-(\d+)$")


def check_slug(value: str) -> str:
    if not SLUG.match(value):
        raise ValueError(f"{value!r} is not a kebab-case id (lowercase words joined by '-')")
    return value


class Dose(Frozen):
    """One prescription: sets of a rep range, or sets of a timed hold.

    ``tempo`` is ``lift-pause-lower`` in whole seconds (e.g. ``2-1-2``); ``per_side`` means the
    sets are done on each side; ``unit`` is ``step`` for walking exercises, whose ``reps`` count
    steps each way.
    """

    sets: int = Field(ge=1, le=10)
    reps: tuple[int, int] | None = Field(default=None, description="[low, high] rep range")
    hold_s: int | None = Field(default=None, ge=5, le=300)
    tempo: str = "2-1-2"
    rest_s: int = Field(ge=0, le=300)
    per_side: bool
    load: str | None = Field(default=None, description="External load, in words.")
    unit: RepUnit = RepUnit.REP

    @model_validator(mode="after")
    def _reps_or_hold(self) -> Dose:
        if (self.reps is None) == (self.hold_s is None):
            raise ValueError("a dose needs exactly one of 'reps' or 'hold_s'")
        if self.reps is not None and not 1 <= self.reps[0] <= self.reps[1] <= 50:
            raise ValueError("'reps' must be [low, high] with 1 <= low <= high <= 50")
        if not TEMPO.match(self.tempo):
            raise ValueError(
                f"tempo {self.tempo!r} must be 'lift-pause-lower' seconds, e.g. '2-1-2'"
            )
        return self

    @property
    def rep_s(self) -> int:
        """Seconds one repetition takes at this tempo."""
        match = TEMPO.match(self.tempo)
        assert match is not None  # checked by the validator
        return sum(int(g) for g in match.groups())

    @property
    def sides(self) -> int:
        return 2 if self.per_side else 1

    def work_s(self) -> int:
        """Seconds under load in one set on one side (top of the rep range)."""
        if self.hold_s is not None:
            return self.hold_s
        assert self.reps is not None
        return self.reps[1] * self.rep_s

    def duration_s(self, setup_s: int = 20) -> int:
        """Whole time the dose takes: every set on every side, rests between them, one set-up."""
        bouts = self.sets * self.sides
        return setup_s + bouts * self.work_s() + (bouts - 1) * self.rest_s

    def text(self) -> str:
        """'3 x 8-12 reps, tempo 2-1-2, rest 60 s, each side' ('8-12 steps ... each way' for a
        walk)."""
        if self.reps is not None:
            low, high = self.reps
            amount = self.unit.amount(f"{low}" if low == high else f"{low}-{high}")
            amount += f", tempo {self.tempo}"
        else:
            amount = f"{self.hold_s} s hold"
        side = f", {self.unit.each_side}" if self.per_side else ""
        load = f", {self.load}" if self.load else ""
        return f"{self.sets} x {amount}, rest {self.rest_s} s{side}{load}"


class Doses(Frozen):
    novice: Dose
    intermediate: Dose
    advanced: Dose

    def for_level(self, level: DoseLevel) -> Dose:
        return {
            DoseLevel.NOVICE: self.novice,
            DoseLevel.INTERMEDIATE: self.intermediate,
            DoseLevel.ADVANCED: self.advanced,
        }[level]


class Threshold(Frozen):
    """When a measured metric counts as a fault.

    ``basis`` says where the number comes from:

    - ``literature``: a study gives this number as a cut-off (``reference``, ``status``,
      ``population`` and ``task`` required);
    - ``derived``: our rule computed from a study's numbers (``reference``, ``status`` of those
      numbers, ``population``, ``task`` and ``derivation``, e.g. "healthy mean + 1 SD (8.4 + 5.1
      deg)", required);
    - ``coaching-default``: no study gives a number (``note`` says why this value).

    ``noise`` is the measurement's noise floor with its scope (kind, population, task), resolved
    by the loader from the id the YAML gives (``noise: <id>`` into ``noise.yaml``).
    """

    metric: Metric
    comparison: Literal["above", "below"]
    value: float
    basis: Literal["literature", "derived", "coaching-default"]
    reference: str | None = None
    status: EvidenceStatus | None = None
    population: str | None = None
    task: str | None = None
    derivation: str | None = None
    noise: NoiseFloor | None = None
    note: str | None = None

    @model_validator(mode="after")
    def _basis_documented(self) -> Threshold:
        if self.basis in ("literature", "derived"):
            if not self.reference or self.status is None:
                raise ValueError(f"a {self.basis!r} threshold needs 'reference' and 'status'")
            if self.status is EvidenceStatus.U:
                raise ValueError("an unverified (U) number cannot be a threshold")
            if not self.population or not self.task:
                raise ValueError(
                    f"a {self.basis!r} threshold needs the 'population' and 'task' it was "
                    "measured in"
                )
            if (self.basis == "derived") != bool(self.derivation):
                raise ValueError(
                    "'derivation' is required for, and only for, a 'derived' threshold"
                )
        elif not self.note:
            raise ValueError("a 'coaching-default' threshold needs a 'note' saying why this value")
        return self

    @property
    def figure_status(self) -> str:
        """The status the renderer shows: 'derived', 'coaching-default' or the study's status."""
        if self.basis == "literature":
            assert self.status is not None  # checked by the validator
            return self.status.value
        return self.basis

    @property
    def noise_floor(self) -> float | None:
        """The noise floor's value in the metric's unit, or None."""
        return self.noise.value if self.noise is not None else None

    @property
    def noise_reference(self) -> str | None:
        return self.noise.reference if self.noise is not None else None

    def text(self) -> str:
        sign = ">" if self.comparison == "above" else "<"
        return f"{self.metric.value} {sign} {self.value:g}"


class Mistake(Frozen):
    """A common technique fault, with the cue that fixes it and how a camera can measure it."""

    id: str = Field(description="'<variation-id>.<fault>', e.g. 'single-leg-squat.knee-valgus'.")
    name: str
    description: str
    cue: str
    view: CameraView
    threshold: Threshold | None = None
    evidence: str | None = Field(default=None, description="Why the fault matters, in words.")
    references: tuple[str, ...] = ()

    @field_validator("id")
    @classmethod
    def _id_shape(cls, value: str) -> str:
        parts = value.split(".")
        if len(parts) != 2:
            raise ValueError(f"mistake id {value!r} must be '<variation-id>.<fault>'")
        for part in parts:
            check_slug(part)
        return value

    @property
    def measurable(self) -> bool:
        return self.threshold is not None


class Caution(Frozen):
    """What to do with this exercise when a runner has a condition.

    ``avoid`` removes it from recommendations; ``modify`` keeps it with a lower safety score
    and the note as an instruction.
    """

    condition: Condition
    action: Literal["avoid", "modify"]
    note: str


class Rating(Frozen):
    """A 1-5 judgement with its reason and the references it rests on."""

    score: int = Field(ge=1, le=5)
    reason: str
    references: tuple[str, ...] = ()


ActivationBand = Literal["low", "moderate", "high", "very-high"]


class ActivationEstimate(Frozen):
    """Used only when no study gives a gluteus medius %MVIC for the variation."""

    band: ActivationBand
    reason: str
    references: tuple[str, ...] = ()

    @model_validator(mode="after")
    def _numbers_are_cited(self) -> ActivationEstimate:
        if "%MVIC" in self.reason and not self.references:
            raise ValueError("the reason quotes %MVIC numbers: list their 'references'")
        return self


class Variation(Frozen):
    """One exercise variation: the unit a runner is prescribed."""

    id: str
    name: str
    aliases: tuple[str, ...] = ()
    ladder_position: int = Field(ge=1, description="1 = easiest on the family's ladder.")
    summary: str
    instructions: tuple[str, ...] = Field(min_length=2)
    position: Position
    weight_bearing: bool = Field(description="Standing weight through the working leg(s).")
    unilateral: bool
    equipment: tuple[Equipment, ...] = ()
    difficulty: int = Field(ge=1, le=5)
    running_relevance: Rating
    isolation: Rating = Field(description="How well it works gluteus medius while sparing TFL.")
    activation_estimate: ActivationEstimate | None = None
    dose: Doses
    cues: tuple[str, ...] = Field(min_length=2)
    mistakes: tuple[Mistake, ...] = Field(min_length=1)
    cautions: tuple[Caution, ...] = ()
    loads: tuple[Load, ...] = Field(
        default=(),
        description="Positions and loads a condition's loading rules may avoid or prefer "
        "(lying on a side follows from 'position' and is not listed).",
    )
    evidence: tuple[EvidenceRecord, ...] = ()
    evidence_note: str | None = None

    @field_validator("id")
    @classmethod
    def _id_is_slug(cls, value: str) -> str:
        return check_slug(value)

    @model_validator(mode="after")
    def _consistent(self) -> Variation:
        for mistake in self.mistakes:
            if not mistake.id.startswith(self.id + "."):
                raise ValueError(f"mistake {mistake.id!r} must start with '{self.id}.'")
        if not any(m.measurable for m in self.mistakes):
            raise ValueError("at least one mistake must carry a measurable 'threshold'")
        has_number = bool(self.gmed_mvic_records())
        if not has_number and self.activation_estimate is None:
            raise ValueError(
                "no gluteus medius %MVIC record: add 'activation_estimate' saying so and why"
            )
        if has_number and self.activation_estimate is not None:
            raise ValueError("'activation_estimate' is only for variations with no %MVIC record")
        if not self.evidence and not self.evidence_note:
            raise ValueError("no evidence records: 'evidence_note' must say that none exists")
        if Load.LYING_ON_SIDE in self.loads:
            raise ValueError("'lying-on-side' follows from 'position'; do not list it in 'loads'")
        if len(set(self.equipment)) != len(self.equipment):
            raise ValueError("'equipment' lists an item twice")
        return self

    def gmed_mvic_records(self) -> tuple[EvidenceRecord, ...]:
        """Every shown gluteus medius %MVIC record; ``library.ranking`` picks the one to rank by."""
        return tuple(
            r
            for r in self.evidence
            if r.muscle is Muscle.GLUTEUS_MEDIUS
            and r.measure == "mvic"
            and r.status is not EvidenceStatus.U
        )

    def lying_on(self, working: BodySide) -> BodySide | None:
        """The side the body rests on when ``working`` is the leg that works: side-lying work
        rests on the other side (the working leg is on top), side-plank work on the working
        side (the bottom hip holds the body up); None for every other position."""
        if self.position is Position.SIDE_LYING:
            return working.other
        if self.position is Position.SIDE_PLANK:
            return working
        return None

    def carries(self, load: Load) -> bool:
        """Whether this variation carries ``load`` (lying on a side from its position)."""
        if load is Load.LYING_ON_SIDE:
            return self.position in (Position.SIDE_LYING, Position.SIDE_PLANK)
        return load in self.loads

    def caution_for(self, condition: Condition) -> Caution | None:
        return next((c for c in self.cautions if c.condition is condition), None)

    def references(self) -> set[str]:
        """Every reference key this variation cites."""
        keys = {r.reference for r in self.evidence}
        keys.update(self.running_relevance.references)
        keys.update(self.isolation.references)
        if self.activation_estimate is not None:
            keys.update(self.activation_estimate.references)
        for m in self.mistakes:
            keys.update(m.references)
            if m.threshold is not None:
                keys.update(k for k in (m.threshold.reference, m.threshold.noise_reference) if k)
        return keys


class Family(Frozen):
    """An ordered ladder of variations, easiest first."""

    family: str
    name: str
    pattern: Pattern = Field(
        description="The movement pattern the family trains: isolation (hip abduction, lying "
        "or standing), side-plank, single-leg (standing one-leg work) or bridge."
    )
    summary: str
    variations: tuple[Variation, ...] = Field(min_length=1)

    @field_validator("family")
    @classmethod
    def _family_is_slug(cls, value: str) -> str:
        return check_slug(value)

    @model_validator(mode="after")
    def _ladder_is_contiguous(self) -> Family:
        positions = sorted(v.ladder_position for v in self.variations)
        if positions != list(range(1, len(positions) + 1)):
            raise ValueError(
                f"ladder positions must be 1..{len(positions)} with no gaps or repeats, "
                f"got {positions}"
            )
        return self

    def ladder(self) -> tuple[Variation, ...]:
        return tuple(sorted(self.variations, key=lambda v: v.ladder_position))
