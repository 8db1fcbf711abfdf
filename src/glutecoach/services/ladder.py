"""The exercise ladder as one runner may climb it."""

from __future__ import annotations

from dataclasses import dataclass, field

from glutecoach.domain.evidence import Guideline, Reference
from glutecoach.domain.exercise import Variation
from glutecoach.domain.profile import RunnerProfile
from glutecoach.domain.vocabulary import BodySide
from glutecoach.library.catalogue import Library
from glutecoach.selection import SelectionParams, blocked_variations
from glutecoach.selection.equipment import RunnerKit
from glutecoach.selection.next_step import next_step
from glutecoach.selection.recommend import DOSE_LEVEL
from glutecoach.selection.safety import RunnerSafety


@dataclass(frozen=True)
class RunnerLadder:
    """The library's ladders without the steps this runner must not be moved onto (painful,
    cautioned, against a loading rule or the clinician, or needing equipment they lack), so
    progression never steps onto one and a regression skips past one. With ``side``, the steps
    that leg may not do (lying on a painful side, pain on that side) are hidden too; without
    it, steps either leg may not do. Satisfies the planning layer's ``LadderView``."""

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

    def load_advice(self, variation_id: str) -> str:
        """How to make ``variation_id`` harder with what the runner has once its ladder and
        sets are used up: a heavier band, a load (which one, how many kg in a backpack), or
        'mastered' with a harder exercise to move on to."""
        kit = RunnerKit(self.profile, SelectionParams())
        level = DOSE_LEVEL[self.profile.strength_experience]
        v = self.library.get(variation_id)
        band = kit.start_band(v.dose.for_level(level), level)
        return next_step(self.library, kit, self.blocked, v, level, band).text
