"""The exercise ladder as one runner may climb it."""

from __future__ import annotations

from dataclasses import dataclass, field

from glutecoach.domain.evidence import Guideline, Reference
from glutecoach.domain.exercise import Dose, Variation
from glutecoach.domain.profile import RunnerProfile
from glutecoach.domain.vocabulary import BandResistance, BodySide, DoseLevel, Equipment
from glutecoach.library.catalogue import Library
from glutecoach.selection import SelectionParams, blocked_variations
from glutecoach.selection.doses import starting_dose
from glutecoach.selection.equipment import RunnerKit
from glutecoach.selection.next_step import next_step
from glutecoach.selection.recommend import DOSE_LEVEL, resolve_pain
from glutecoach.selection.safety import RunnerSafety

LOAD_WORDS = {
    Equipment.ANKLE_WEIGHT: "your ankle weight",
    Equipment.DUMBBELL: "your dumbbell",
    Equipment.BACKPACK: "your loaded backpack",
}


@dataclass(frozen=True)
class RunnerLadder:
    """The library's ladders without the steps this runner must not be moved onto (painful,
    cautioned, against a loading rule or the clinician, or needing equipment they lack), so
    progression never steps onto one and a regression skips past one. With ``side``, the steps
    that leg may not do (lying on a painful side, pain on that side) are hidden too; without
    it, steps either leg may not do. Satisfies the planning layer's ``LadderView``, and its
    ``RunnerKitView`` (the runner's bands, starting doses in their equipment's words, load
    advice)."""

    library: Library
    profile: RunnerProfile
    side: BodySide | None = None
    safety: RunnerSafety | None = None
    blocked: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.safety is None:  # computed once; ``for_side`` shares it
            safety = RunnerSafety(self.library, self.profile)
            blocked = blocked_variations(self.library, self.profile, safety=safety)
            object.__setattr__(self, "safety", safety)
            object.__setattr__(self, "blocked", blocked)

    def for_side(self, side: BodySide | None) -> RunnerLadder:
        """The same runner's ladder for one leg (None: both legs)."""
        return RunnerLadder(self.library, self.profile, side, self.safety, self.blocked)

    def _allowed(self, v: Variation) -> bool:
        if v.id in self.blocked:
            return False
        legs = (self.side,) if self.side is not None else tuple(BodySide)
        assert self.safety is not None  # set in __post_init__
        return all(self.safety.side_conflict(v, leg) is None for leg in legs)

    def get(self, variation_id: str) -> Variation:
        return self.library.get(variation_id)

    def guideline(self, guideline_id: str) -> Guideline:
        return self.library.guideline(guideline_id)

    def reference(self, key: str) -> Reference:
        return self.library.reference(key)

    def easier(self, variation_id: str) -> tuple[Variation, ...]:
        return tuple(v for v in self.library.easier(variation_id) if self._allowed(v))

    def harder(self, variation_id: str) -> tuple[Variation, ...]:
        return tuple(v for v in self.library.harder(variation_id) if self._allowed(v))

    @property
    def bands(self) -> tuple[BandResistance, ...]:
        return self.profile.bands

    def _kit(self) -> RunnerKit:
        return RunnerKit(self.profile, SelectionParams())

    def start_dose(self, variation_id: str, level: DoseLevel) -> Dose:
        """The dose selection would start ``variation_id`` at for this runner (their bands,
        household stand-ins and owned loads, the dosing rule of their goal)."""
        v = self.library.get(variation_id)
        pain = resolve_pain(self.library, self.profile).get(variation_id)
        return starting_dose(self.library, self._kit(), v, level, pain)[0]

    def load_kind(self, variation_id: str) -> str | None:
        """The runner's external load ``variation_id`` can take, in words, or None."""
        item = self._kit().load_equipment(self.library.get(variation_id))
        return None if item is None else LOAD_WORDS.get(item, item.value)

    def load_advice(self, variation_id: str) -> str:
        """How to make ``variation_id`` harder with what the runner has once its ladder and
        sets are used up: a heavier band, a load (which one, how many kg in a backpack), or
        'mastered' with a harder exercise to move on to."""
        kit = self._kit()
        level = DOSE_LEVEL[self.profile.strength_experience]
        v = self.library.get(variation_id)
        band = kit.start_band(v.dose.for_level(level), level)
        return next_step(self.library, kit, self.blocked, v, level, band).text
