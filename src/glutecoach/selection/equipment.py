"""What a runner can train with: their equipment, household items, bands by resistance. Pure.

Selection, the plan's starting doses and the next-step advice all ask ``RunnerKit`` the same
questions: can this variation be done with what the runner has (a backpack of water bottles
stands in for a dumbbell), which band to start on, and how to add load.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from glutecoach.domain.exercise import Dose, Variation
from glutecoach.domain.profile import RunnerProfile
from glutecoach.domain.vocabulary import BandResistance, DoseLevel, Equipment, Position
from glutecoach.selection.params import SelectionParams

LEVEL_BAND = {
    DoseLevel.NOVICE: BandResistance.LIGHT,
    DoseLevel.INTERMEDIATE: BandResistance.MEDIUM,
    DoseLevel.ADVANCED: BandResistance.HEAVY,
}
"""The band a dose suggests when its load text names none (the library's own doses name light,
medium and heavy loop bands for novice, intermediate and advanced)."""

STAND_INS = {Equipment.DUMBBELL: Equipment.BACKPACK}
"""Equipment a household item can replace: a loaded backpack carries load like a dumbbell."""


def suggested_band(dose: Dose, level: DoseLevel) -> BandResistance:
    """The band resistance a library dose names in its load text, else the level's band."""
    text = (dose.load or "").lower()
    for band in sorted(BandResistance, key=lambda b: -len(b.words)):
        if f"{band.words} " in text or text.startswith(band.words):
            return band
    return LEVEL_BAND[level]


@dataclass(frozen=True)
class RunnerKit:
    """The runner's equipment as selection and planning use it."""

    profile: RunnerProfile
    params: SelectionParams
    available: frozenset[Equipment] = field(init=False)

    def __post_init__(self) -> None:  # computed once: selection asks for every variation
        object.__setattr__(self, "available", self.profile.available_equipment())

    def missing(self, v: Variation) -> tuple[Equipment, ...]:
        """Equipment ``v`` needs that the runner has no stand-in for."""
        have = self.available
        return tuple(e for e in v.equipment if e not in have and STAND_INS.get(e) not in have)

    def stand_in(self, v: Variation) -> Equipment | None:
        """The household item that replaces equipment ``v`` needs (a backpack for a dumbbell)."""
        have = self.available
        return next(
            (STAND_INS[e] for e in v.equipment if e not in have and STAND_INS.get(e) in have),
            None,
        )

    def uses_band(self, v: Variation) -> bool:
        return Equipment.MINI_BAND in v.equipment or Equipment.LONG_BAND in v.equipment

    def start_band(self, dose: Dose, level: DoseLevel) -> BandResistance | None:
        """The owned band nearest the one the dose suggests, never heavier when a lighter one
        is as near (good form first); None when the runner gave no resistances."""
        owned = self.profile.bands
        if not owned:
            return None
        want = suggested_band(dose, level).rank
        return min(owned, key=lambda b: (abs(b.rank - want), b.rank))

    def heavier_band(self, band: BandResistance | None) -> BandResistance | None:
        """The next owned band above ``band``, or None."""
        if band is None:
            return None
        return next((b for b in self.profile.bands if b.rank > band.rank), None)

    def band_to_buy(self) -> BandResistance | None:
        """The resistance above the heaviest owned band (a light band when none is listed)."""
        owned = self.profile.bands
        if not owned:
            return BandResistance.LIGHT if Equipment.MINI_BAND not in self.available else None
        top = owned[-1].rank + 1
        return list(BandResistance)[top] if top < len(BandResistance) else None

    def backpack_kg(self, level: DoseLevel) -> float:
        return self.params.backpack_start_kg[level]

    def load_equipment(self, v: Variation) -> Equipment | None:
        """The load the runner has that ``v`` can take beyond its ladder, or None: an ankle weight
        for lying or standing leg lifts, a dumbbell or a backpack for standing one-leg work and
        bridges. Holds and band work take none (they progress by time and by band)."""
        if v.dose.novice.hold_s is not None or self.uses_band(v):
            return None
        have = self.available
        if not v.weight_bearing and v.position in (Position.SIDE_LYING, Position.STANDING):
            return Equipment.ANKLE_WEIGHT if Equipment.ANKLE_WEIGHT in have else None
        if v.weight_bearing or v.position is Position.SUPINE:
            for item in (Equipment.DUMBBELL, Equipment.BACKPACK):
                if item in have:
                    return item
        return None

    def dose_for(self, v: Variation, dose: Dose, level: DoseLevel) -> Dose:
        """``dose`` with its load in the runner's own terms: which of their bands, or a loaded
        backpack in place of a dumbbell."""
        if self.uses_band(v):
            band = self.start_band(dose, level)
            if band is not None:
                return dose.model_copy(update={"load": f"your {band.words} loop band"})
            return dose
        if self.stand_in(v) is Equipment.BACKPACK:
            kg = self.backpack_kg(level)
            return dose.model_copy(
                update={
                    "load": f"a backpack holding about {kg:g} kg (water bottles or books) in "
                    "place of the dumbbell"
                }
            )
        return dose
