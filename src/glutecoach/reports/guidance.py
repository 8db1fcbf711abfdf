"""The pain limits every report shows, rendered from the library's ``pain-monitoring`` guideline
through the evidence renderer, so each limit carries its status ("reported secondhand") and where
the split comes from.

The stop rule itself (stop an exercise when pain during it is above the acceptable limit; see a
clinician when pain has not settled by the next morning) is coaching safety advice built on that
guideline.
"""

from __future__ import annotations

from dataclasses import dataclass

from glutecoach.domain.plan import Plan
from glutecoach.domain.safety import PlanCaution
from glutecoach.library.catalogue import Library
from glutecoach.library.renderer import (
    RenderedFigure,
    render_default,
    render_guideline,
    status_words,
)

PAIN_GUIDELINE = "pain-monitoring"


@dataclass(frozen=True)
class PainLimits:
    """Pain during exercise (0-10): up to ``safe_max`` is fine, up to ``acceptable_max`` is
    acceptable, above it stop. ``stop_above`` and ``scale`` are the rendered figures."""

    safe_max: int
    acceptable_max: int
    stop_above: RenderedFigure
    scale: RenderedFigure

    @property
    def citation(self) -> str | None:
        return self.scale.citation

    def stop_rules(self) -> tuple[str, ...]:
        """The "stop if" rules in plain words."""
        return (
            f"Pain during an exercise {self.stop_above.text}: stop that exercise for today.",
            "Pain that has not settled by the next morning: stop the exercises and see a "
            "clinician (physiotherapist or doctor) before the next session.",
        )

    def scale_note(self) -> str:
        """How to read pain scores, with the status and source of the split."""
        return self.scale.sentence("Pain during an exercise: {figure}") + "."


STOP = "above {acceptable_max:g}/10"
SCALE = (
    "0-{safe_max:g}/10 is fine; up to {acceptable_max:g}/10 is acceptable if it settles by the "
    "next morning; above {acceptable_max:g}/10 is too much"
)
DEFAULTS = {"safe_max": 3.0, "acceptable_max": 5.0}
"""Used only by a library without a ``pain-monitoring`` guideline; shown as coaching defaults."""


def pain_limits(library: Library) -> PainLimits:
    """The limits from the library's pain-monitoring guideline, else coaching defaults."""
    try:
        rule = library.guideline(PAIN_GUIDELINE)
    except KeyError:
        safe, acceptable = DEFAULTS["safe_max"], DEFAULTS["acceptable_max"]
        return PainLimits(
            int(safe),
            int(acceptable),
            render_default(acceptable, STOP.format(**DEFAULTS)),
            render_default(safe, SCALE.format(**DEFAULTS)),
        )
    return PainLimits(
        int(rule.value("safe_max")),
        int(rule.value("acceptable_max")),
        render_guideline(library, PAIN_GUIDELINE, STOP),
        render_guideline(library, PAIN_GUIDELINE, SCALE),
    )


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
