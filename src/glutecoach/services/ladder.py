"""The exercise ladder as one runner may climb it."""

from __future__ import annotations

from dataclasses import dataclass, field

from glutecoach.domain.evidence import Guideline, Reference
from glutecoach.domain.exercise import Variation
from glutecoach.domain.profile import RunnerProfile
from glutecoach.library.catalogue import Library
from glutecoach.selection import blocked_variations


@dataclass(frozen=True)
class RunnerLadder:
    """The library's ladders without the steps this runner must not be moved onto (painful,
    cautioned or needing equipment they lack), so progression never steps onto one and a
    regression skips past one. Satisfies the planning layer's ``LadderView``."""

    library: Library
    profile: RunnerProfile
    blocked: dict[str, str] = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "blocked", blocked_variations(self.library, self.profile))

    def get(self, variation_id: str) -> Variation:
        return self.library.get(variation_id)

    def guideline(self, guideline_id: str) -> Guideline:
        return self.library.guideline(guideline_id)

    def reference(self, key: str) -> Reference:
        return self.library.reference(key)

    def easier(self, variation_id: str) -> tuple[Variation, ...]:
        return tuple(v for v in self.library.easier(variation_id) if v.id not in self.blocked)

    def harder(self, variation_id: str) -> tuple[Variation, ...]:
        return tuple(v for v in self.library.harder(variation_id) if v.id not in self.blocked)
