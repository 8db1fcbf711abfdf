"""The pain limits every report shows, taken from the library so reports cite only what the
library holds.

The stop rule itself (stop an exercise when pain during it is above the acceptable limit; see a
clinician when pain has not settled by the next morning) is coaching safety advice. Its
numbers come from the library's ``pain-monitoring`` guideline when the library has one, and
are then cited with that guideline's reference; otherwise the defaults below are shown without
a citation.
"""

from __future__ import annotations

from dataclasses import dataclass

from glutecoach.domain.plan import Plan
from glutecoach.domain.safety import PlanCaution
from glutecoach.library.catalogue import Library
from glutecoach.library.renderer import status_words

PAIN_GUIDELINE = "pain-monitoring"
DEFAULT_SAFE_MAX = 3
DEFAULT_ACCEPTABLE_MAX = 5


@dataclass(frozen=True)
class PainLimits:
    """Pain during exercise (0-10): up to ``safe_max`` is fine, up to ``acceptable_max`` is
    acceptable, above it stop. ``source`` is a short citation, or None when uncited."""

    safe_max: int
    acceptable_max: int
    source: str | None = None

    def stop_rules(self) -> tuple[str, ...]:
        """The "stop if" rules in plain words."""
        return (
            f"Pain during an exercise above {self.acceptable_max}/10: stop that exercise for "
            "today.",
            "Pain that has not settled by the next morning: stop the exercises and see a "
            "clinician (physiotherapist or doctor) before the next session.",
        )

    def scale_note(self) -> str:
        """How to read pain scores, with the source when there is one."""
        text = (
            f"Pain 0-{self.safe_max}/10 during an exercise is fine; "
            f"{self.safe_max + 1}-{self.acceptable_max}/10 is acceptable if it settles by the "
            f"next morning; above {self.acceptable_max}/10 is too much."
        )
        return f"{text} ({self.source})" if self.source else text


def pain_limits(library: Library) -> PainLimits:
    """The limits from the library's pain-monitoring guideline, else uncited defaults."""
    try:
        guideline = library.guideline(PAIN_GUIDELINE)
        safe = int(guideline.value("safe_max"))
        acceptable = int(guideline.value("acceptable_max"))
    except KeyError:
        return PainLimits(DEFAULT_SAFE_MAX, DEFAULT_ACCEPTABLE_MAX)
    try:
        source: str | None = library.reference(guideline.reference).short()
    except KeyError:
        source = None
    return PainLimits(safe, acceptable, source)


def caution_lines(plan: Plan, library: Library) -> tuple[str, ...]:
    """The plan's loading rules (the runner's own conditions only), each with its citation and
    status in plain words: 'Do not lie on ... (Grimaldi et al. 2015; reported secondhand (V2))'."""
    return tuple(f"{c.text} ({caution_source(c, library)})" for c in plan.cautions)


def caution_source(caution: PlanCaution, library: Library) -> str:
    """'reported secondhand, Grimaldi et al. 2015': the rule's status in the evidence
    renderer's words, with its citation."""
    citation = None
    if caution.reference:
        try:
            citation = library.reference(caution.reference).short()
        except KeyError:
            citation = caution.reference
    words = status_words(caution.figure_status)
    return f"{words}, {citation}" if citation else words
