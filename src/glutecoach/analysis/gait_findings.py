"""A gait check's findings in words, tied to the library's evidence; never a pass/fail cut-off.

Every literature figure (the odds ratio of Bramah 2018, the noise floor of 2D pelvic drop) comes
from the library through the evidence renderer. Pelvic drop is described as an association, with
the evidence against hip strength as its mechanism (Schmitz 2014); the left/right difference is
judged against the clip's own step-to-step spread when there are enough steps, else against the
library's between-day noise floor, which can only make a difference "possible".
"""

from __future__ import annotations

from collections.abc import Callable

from glutecoach.domain.gait import GaitAsymmetry, GaitFinding, GaitSideSummary, MetricStats
from glutecoach.domain.pose import View
from glutecoach.library.catalogue import Library
from glutecoach.library.renderer import (
    render_guideline,
    render_noise_floor,
    rule_source,
)

ASSOCIATION = "pelvic-drop-injury-association"
STRENGTH = "hip-strength-running-kinematics"


def _each_side(
    sides: tuple[GaitSideSummary, ...], metric: str, words: Callable[[str, MetricStats], str]
) -> list[str]:
    """``words(side, stats)`` for each side that measured ``metric``."""
    return [words(s.side, s.metrics[metric]) for s in sides if metric in s.metrics]


def _drop_text(side: str, stats: MetricStats) -> str:
    return f"{side} stance {stats.mean:.1f} ± {stats.sd:.1f} deg over {stats.n} steps"


def pelvic_drop_text(drops: list[str], library: Library) -> str:
    """The pelvic-drop finding: the measurement, the association and what it does not show."""
    odds = render_guideline(library, ASSOCIATION, "an odds ratio of about {odds_ratio_per_deg:g}")
    against = rule_source(library.guideline(STRENGTH), library)
    return (
        "Contralateral pelvic drop at midstance: " + "; ".join(drops) + ". Runners with more "
        "drop were more likely to be in the injured group of a comparison of injured and "
        f"healthy runners: per degree of drop, {odds.text}. That is an association, not proof "
        "that the drop causes injury, and no validated cut-off exists, so none is applied here. "
        "Nor is it established that hip-abductor strength work reduces the drop: in 38 healthy "
        f"female runners isometric hip strength was not related to hip motion in running "
        f"({against}). Your plan's hip work may still help; re-check after a training block."
    )


def asymmetry_text(cpd: GaitAsymmetry, library: Library) -> str:
    """The left/right pelvic-drop difference and how sure it is."""
    worse = "left" if cpd.difference > 0 else "right"
    size = f"Left/right difference in pelvic drop {abs(cpd.difference):.1f} deg"
    if cpd.noise_kind == "rep-to-rep":
        spread = f"{cpd.noise_floor:.1f} deg, twice the standard error from this clip's steps"
        if cpd.beyond_noise_floor:
            return (
                f"{size} (more with the {worse} leg in stance): beyond this clip's own "
                f"step-to-step spread ({spread}), so likely real in this clip."
            )
        return (
            f"{size}: within this clip's own step-to-step spread ({spread}), so treat the "
            "sides as equal."
        )
    floor = library_floor_text(cpd, library)
    if cpd.beyond_noise_floor:
        return (
            f"{size} (more with the {worse} leg in stance): beyond the noise floor of 2D video, "
            f"{floor}, so a possible difference; that figure was measured between days, so "
            "within one clip it is a guide only. Film more steps to judge it by the clip's own "
            "spread."
        )
    return (
        f"{size}: under the noise floor of 2D video, {floor}, so treat the sides as equal "
        "(measurement noise)."
    )


def library_floor_text(item: GaitAsymmetry, library: Library) -> str:
    """The library noise floor a comparison used, rendered with its status and scope."""
    floor = library.noise_floor_of(item.noise_reference, item.noise_floor)
    if floor is None:
        raise ValueError(f"{item.metric}: no library noise floor of {item.noise_floor}")
    return render_noise_floor(floor, library).text


def asymmetry_verdict(item: GaitAsymmetry, library: Library) -> str | None:
    """'likely real: ...', 'possible: ...' or 'no: ...' for a judged left/right difference."""
    if item.beyond_noise_floor is None or item.noise_floor is None:
        return None
    if item.noise_kind == "rep-to-rep":
        spread = f"this clip's step-to-step spread, {item.noise_floor:.1f} deg"
        return (
            f"likely real: beyond {spread}" if item.beyond_noise_floor else f"no: within {spread}"
        )
    floor = library_floor_text(item, library)
    if item.beyond_noise_floor:
        return f"possible: beyond the between-day noise floor {floor}"
    return f"no: within measurement noise, {floor}"


def findings_for(
    view: View,
    sides: tuple[GaitSideSummary, ...],
    asymmetry: tuple[GaitAsymmetry, ...],
    cadence: float | None,
    library: Library,
) -> tuple[GaitFinding, ...]:
    """The result in words, tied to the library's evidence; never a pass/fail cut-off."""
    out: list[GaitFinding] = []
    if cadence is not None:
        out.append(GaitFinding("cadence", f"Cadence {cadence:.0f} steps per minute."))
    if view != "side":
        drops = _each_side(sides, "pelvic_drop_deg", _drop_text)
        if drops:
            out.append(
                GaitFinding(
                    "pelvic-drop",
                    pelvic_drop_text(drops, library),
                    ("bramah-2018", "schmitz-2014"),
                )
            )
        cpd = next((a for a in asymmetry if a.metric == "pelvic_drop_deg"), None)
        if cpd is not None:
            refs = () if cpd.noise_kind == "rep-to-rep" else ("dingenen-2018",)
            out.append(GaitFinding("pelvic-drop-asymmetry", asymmetry_text(cpd, library), refs))
    else:
        stride = _each_side(
            sides, "overstride_ratio", lambda side, st: f"{side} {st.mean:.2f} leg lengths"
        )
        if stride:
            out.append(
                GaitFinding(
                    "overstride",
                    "Foot ahead of the hip at contact: " + ", ".join(stride) + " (a larger "
                    "value and a shank reaching forward mean the foot lands further in front; "
                    "no validated cut-off exists).",
                )
            )
        out.append(
            GaitFinding(
                "view",
                "Pelvic drop cannot be seen from the side: film from behind for it.",
                ("dingenen-2018",),
            )
        )
    return tuple(out)
