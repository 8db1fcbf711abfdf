"""The loaded library and the questions other layers ask of it."""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass, field

from glutecoach.domain.evidence import Guideline, NoiseFloor, Reference
from glutecoach.domain.exercise import Family, Variation
from glutecoach.domain.safety import LoadingRule, WarmUpItem
from glutecoach.domain.vocabulary import Condition, Equipment, Position
from glutecoach.errors import NotFoundError


@dataclass(frozen=True)
class Library:
    """All families, variations, references and guidelines, indexed by their stable ids."""

    families: tuple[Family, ...]
    references: tuple[Reference, ...]
    guidelines: tuple[Guideline, ...] = ()
    noise_floors: tuple[NoiseFloor, ...] = ()
    loading_rules: tuple[LoadingRule, ...] = ()
    warm_up: tuple[WarmUpItem, ...] = ()
    _by_id: dict[str, Variation] = field(init=False, repr=False, compare=False)
    _family_of: dict[str, Family] = field(init=False, repr=False, compare=False)
    _refs: dict[str, Reference] = field(init=False, repr=False, compare=False)
    _rules: dict[str, Guideline] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        by_id = {v.id: v for f in self.families for v in f.variations}
        family_of = {v.id: f for f in self.families for v in f.variations}
        object.__setattr__(self, "_by_id", by_id)
        object.__setattr__(self, "_family_of", family_of)
        object.__setattr__(self, "_refs", {r.key: r for r in self.references})
        object.__setattr__(self, "_rules", {g.id: g for g in self.guidelines})

    @property
    def variations(self) -> tuple[Variation, ...]:
        """Every variation, family by family, easiest first."""
        return tuple(v for f in self.families for v in f.ladder())

    def ids(self) -> tuple[str, ...]:
        return tuple(v.id for v in self.variations)

    def get(self, variation_id: str) -> Variation:
        """The variation with this id or alias; NotFoundError with suggestions otherwise."""
        if variation_id in self._by_id:
            return self._by_id[variation_id]
        for v in self._by_id.values():
            if variation_id in v.aliases:
                return v
        close = difflib.get_close_matches(variation_id, list(self._by_id), n=3, cutoff=0.5)
        hint = f" Did you mean: {', '.join(close)}?" if close else ""
        raise NotFoundError(
            f"No exercise with id {variation_id!r}.{hint} "
            "Run 'glutecoach exercises' to list the ids."
        )

    def has(self, variation_id: str) -> bool:
        return variation_id in self._by_id

    def family_of(self, variation_id: str) -> Family:
        return self._family_of[self.get(variation_id).id]

    def reference(self, key: str) -> Reference:
        return self._refs[key]

    def guideline(self, guideline_id: str) -> Guideline:
        return self._rules[guideline_id]

    def rules_for(self, conditions: Iterable[Condition]) -> tuple[LoadingRule, ...]:
        """The loading rules of these conditions, in library order."""
        wanted = set(conditions)
        return tuple(r for r in self.loading_rules if r.condition in wanted)

    def noise_floor_of(self, reference: str | None, value: float | None) -> NoiseFloor | None:
        """The noise floor a stored result used, found by its reference and value."""
        return next(
            (f for f in self.noise_floors if f.reference == reference and f.value == value), None
        )

    def noise_floor(self, floor_id: str) -> NoiseFloor:
        """The noise floor with this id (``KeyError`` when the library has none)."""
        for floor in self.noise_floors:
            if floor.id == floor_id:
                return floor
        raise KeyError(f"no noise floor {floor_id!r} in the library")

    def easier(self, variation_id: str) -> tuple[Variation, ...]:
        """Variations below this one on its ladder, nearest first."""
        variation = self.get(variation_id)
        ladder = self.family_of(variation.id).ladder()
        return tuple(reversed([v for v in ladder if v.ladder_position < variation.ladder_position]))

    def harder(self, variation_id: str) -> tuple[Variation, ...]:
        """Variations above this one on its ladder, nearest first."""
        variation = self.get(variation_id)
        ladder = self.family_of(variation.id).ladder()
        return tuple(v for v in ladder if v.ladder_position > variation.ladder_position)

    def filter(
        self,
        *,
        family: str | None = None,
        position: Position | None = None,
        weight_bearing: bool | None = None,
        available: Iterable[Equipment] | None = None,
        max_difficulty: int | None = None,
        text: str | None = None,
    ) -> tuple[Variation, ...]:
        """Variations matching every given criterion; ``available`` keeps what needs no more."""
        have = set(available) if available is not None else None
        needle = text.lower() if text else None
        out = []
        for v in self.variations:
            if family and self._family_of[v.id].family != family:
                continue
            if position and v.position is not position:
                continue
            if weight_bearing is not None and v.weight_bearing != weight_bearing:
                continue
            if have is not None and not set(v.equipment) <= have:
                continue
            if max_difficulty is not None and v.difficulty > max_difficulty:
                continue
            if needle and not any(needle in s.lower() for s in (v.id, v.name, *v.aliases)):
                continue
            out.append(v)
        return tuple(out)
