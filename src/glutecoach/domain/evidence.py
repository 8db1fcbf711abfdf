"""Citations and published measurements, each tagged with how far it was verified."""

from __future__ import annotations

import re
from typing import Literal, Protocol

from pydantic import Field, field_validator, model_validator

from glutecoach.domain.base import Frozen
from glutecoach.domain.vocabulary import EvidenceStatus, Muscle

REFERENCE_KEY = re.compile(r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$")

ReferenceKind = Literal["full-paper", "review", "abstract", "secondary"]
"""What was actually read of a source (docs/evidence.md, "Ranking of sources"):

- ``full-paper``: the article itself (or its full abstract with the numbers used, for papers
  whose figures are stated there);
- ``review``: a systematic review, meta-analysis or review table pooling studies;
- ``abstract``: a conference abstract or an abstract without a full paper behind it;
- ``secondary``: only a third party's account of the study (blog, lecture, clinician page).
"""

REFERENCE_KIND_RANK: dict[str, int] = {"full-paper": 0, "review": 1, "abstract": 2, "secondary": 3}
REFERENCE_KIND_WORDS: dict[str, str] = {
    "full-paper": "a full paper",
    "review": "a review of studies",
    "abstract": "a conference abstract",
    "secondary": "a secondhand account",
}

STATUS_WORDS: dict[EvidenceStatus, str] = {
    EvidenceStatus.V1: "measured in a study",
    EvidenceStatus.V1_REVIEW: "from a review of studies",
    EvidenceStatus.V2: "reported secondhand",
}
"""The words a runner reads for each status; U has none because a U number is never shown."""

NoiseKind = Literal["between-day", "within-session"]
"""How a measurement's error was measured: the same people filmed on different days
(``between-day``, larger: includes re-placing the camera and the person's day-to-day change) or
repeated within one session (``within-session``)."""


class Reference(Frozen):
    """A full citation. Fields that could not be verified are left empty rather than guessed."""

    key: str = Field(description="Stable kebab-case key, e.g. 'distefano-2009'.")
    authors: tuple[str, ...] = Field(
        default=(), description="'Surname Initials' for each author, in order."
    )
    group_author: str | None = Field(
        default=None, description="Used when individual authors were not verified."
    )
    year: int | None = Field(default=None, ge=1950, le=2100)
    title: str | None = None
    journal: str | None = None
    volume: str | None = None
    issue: str | None = None
    pages: str | None = None
    doi: str | None = None
    pmid: str | None = None
    pmcid: str | None = None
    note: str | None = Field(default=None, description="What is known to be uncertain.")
    kind: ReferenceKind = Field(
        description="What was read of it: full-paper, review, abstract or secondary."
    )

    @field_validator("key")
    @classmethod
    def _key_is_kebab(cls, key: str) -> str:
        if not REFERENCE_KEY.match(key):
            raise ValueError(f"reference key {key!r} must be kebab-case, e.g. 'distefano-2009'")
        return key

    @model_validator(mode="after")
    def _identifiable(self) -> Reference:
        if not (self.authors or self.group_author or self.journal):
            raise ValueError("a reference needs 'authors', 'group_author' or 'journal'")
        return self

    def short(self) -> str:
        """'Distefano et al. 2009' style label; the journal stands in for unknown authors."""
        if self.authors:
            first = self.authors[0].split()[0]
            who = first if len(self.authors) == 1 else f"{first} et al."
        else:
            who = self.group_author or self.journal or ""
        return f"{who} {self.year}" if self.year else who

    def full(self) -> str:
        """One-line citation for reports."""
        who = (
            ", ".join(self.authors)
            if self.authors
            else (self.group_author or "[authors not verified]")
        )
        parts = [who]
        if self.year:
            parts.append(f"({self.year})")
        parts.append(f"{self.title}." if self.title else "[title not verified].")
        where = self.journal or ""
        if self.volume:
            where += f" {self.volume}"
            if self.issue:
                where += f"({self.issue})"
        if self.pages:
            where += f":{self.pages}"
        if where:
            parts.append(where.strip() + ".")
        if self.doi:
            parts.append(f"doi:{self.doi}")
        if self.pmid:
            parts.append(f"PMID {self.pmid}")
        if self.pmcid:
            parts.append(self.pmcid)
        return " ".join(p for p in parts if p)


class References(Protocol):
    """Anything that looks a reference up by key (``Library`` does); the renderer needs no more."""

    def reference(self, key: str) -> Reference: ...


MeasureKind = Literal["mvic", "gluteal-tfl-index", "finding"]


class EvidenceRecord(Frozen):
    """One published result for one exercise variation.

    ``measure`` says what kind of result it is:

    - ``mvic``: muscle activation as a percentage of maximal voluntary isometric contraction,
      given as ``mean_pct`` (optionally with ``sd_pct``) or as a pooled ``range_pct``;
    - ``gluteal-tfl-index``: the gluteal-to-TFL activation index (``value``);
    - ``finding``: a result stated in words (direction of an effect, a ranking) with no number.

    An unverified (U) record may only be a ``finding`` with no numbers: U numbers are never shipped.
    """

    muscle: Muscle
    measure: MeasureKind
    mean_pct: float | None = Field(default=None, ge=0, le=300)
    sd_pct: float | None = Field(default=None, ge=0, le=300)
    range_pct: tuple[float, float] | None = None
    value: float | None = None
    finding: str | None = None
    n: int | None = Field(default=None, ge=1)
    population: str | None = None
    condition: str = Field(description="Load, posture or variant the number was measured in.")
    reference: str = Field(description="Key into references.yaml.")
    status: EvidenceStatus
    note: str | None = None
    caveat: str | None = Field(
        default=None,
        description="Short warning shown beside the number wherever it headlines an exercise "
        "(e.g. 'measured with a weight, not a band').",
    )

    @model_validator(mode="after")
    def _consistent(self) -> EvidenceRecord:
        numbers = [self.mean_pct, self.sd_pct, self.range_pct, self.value, self.n]
        if self.status is EvidenceStatus.U and any(x is not None for x in numbers):
            raise ValueError("an unverified (U) record must not carry numbers")
        if self.measure == "mvic":
            if (self.mean_pct is None) == (self.range_pct is None):
                raise ValueError("an 'mvic' record needs exactly one of 'mean_pct' or 'range_pct'")
            if self.range_pct is not None and self.range_pct[0] > self.range_pct[1]:
                raise ValueError("'range_pct' must be [low, high]")
            if self.value is not None:
                raise ValueError("an 'mvic' record uses 'mean_pct'/'range_pct', not 'value'")
        elif self.measure == "gluteal-tfl-index":
            if self.value is None:
                raise ValueError("a 'gluteal-tfl-index' record needs 'value'")
            if self.mean_pct is not None or self.range_pct is not None:
                raise ValueError("a 'gluteal-tfl-index' record uses 'value' only")
        else:
            if not self.finding:
                raise ValueError("a 'finding' record needs the 'finding' text")
            if self.mean_pct is not None or self.range_pct is not None or self.value is not None:
                raise ValueError("a 'finding' record carries no 'mean_pct', 'range_pct' or 'value'")
        if self.sd_pct is not None and self.mean_pct is None:
            raise ValueError("'sd_pct' needs 'mean_pct'")
        return self

    @property
    def central_pct(self) -> float | None:
        """The mean, or the midpoint of a pooled range; None for non-%MVIC records."""
        if self.mean_pct is not None:
            return self.mean_pct
        if self.range_pct is not None:
            return (self.range_pct[0] + self.range_pct[1]) / 2
        return None

    def value_text(self) -> str:
        """The number as a reader should see it, e.g. '81 ± 42 %MVIC' or '74–103 %MVIC'."""
        if self.measure == "finding":
            return self.finding or ""
        if self.measure == "gluteal-tfl-index":
            return f"gluteal-to-TFL index {self.value:g}"
        if self.range_pct is not None:
            return f"{self.range_pct[0]:g}–{self.range_pct[1]:g} %MVIC"
        sd = f" ± {self.sd_pct:g}" if self.sd_pct is not None else ""
        return f"{self.mean_pct:g}{sd} %MVIC"

    def status_text(self) -> str:
        """How a reader should take the record (the renderer's words; U: 'unverified')."""
        return STATUS_WORDS.get(self.status, "unverified")


class NoiseFloor(Frozen):
    """The smallest change a measurement can tell from its error, with the scope it was measured in.

    A figure measured between days in one task and population is only a guide for a single clip of
    another task: the renderer says so, and judgements within one clip based on a between-day figure
    are worded "possible", never "clear" (docs/evidence.md, "Noise floors and their scope").
    """

    id: str = Field(description="Stable kebab-case id the thresholds refer to.")
    measure: str = Field(description="What was measured, e.g. '2D knee FPPA'.")
    value: float = Field(ge=0, description="In the unit of the metrics that use it.")
    unit: str = Field(description="'deg', 's' or '' for ratios.")
    statistic: str = Field(description="e.g. 'smallest detectable difference (upper bound)'.")
    kind: NoiseKind
    population: str
    task: str
    reference: str
    status: EvidenceStatus

    @field_validator("id")
    @classmethod
    def _id_is_kebab(cls, value: str) -> str:
        if not REFERENCE_KEY.match(value):
            raise ValueError(f"noise floor id {value!r} must be kebab-case")
        return value

    @model_validator(mode="after")
    def _verified(self) -> NoiseFloor:
        if self.status is EvidenceStatus.U:
            raise ValueError("an unverified (U) number cannot be a noise floor")
        return self


class Guideline(Frozen):
    """A published rule the engine applies (intensity bands, pain limits, dosing), as data.

    ``values`` holds the rule's numbers by name; the statement says in words what they mean.
    """

    id: str
    statement: str
    values: dict[str, float] = Field(default_factory=dict)
    reference: str
    status: EvidenceStatus
    caveat: str | None = Field(
        default=None,
        description="Shown beside every figure from this rule, e.g. where a V2 split comes from.",
    )

    @model_validator(mode="after")
    def _no_unverified_numbers(self) -> Guideline:
        if self.status is EvidenceStatus.U and self.values:
            raise ValueError("an unverified (U) guideline must not carry numbers")
        return self

    def value(self, name: str) -> float:
        try:
            return self.values[name]
        except KeyError:
            raise KeyError(f"guideline {self.id!r} has no value {name!r}") from None
