"""Build a runner's explained recommendation from the library. Pure: no I/O."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Literal

from glutecoach.domain.exercise import Variation
from glutecoach.domain.glossary import CONDITIONS
from glutecoach.domain.profile import RunnerProfile
from glutecoach.domain.vocabulary import BodySide, Condition, DoseLevel, Experience, Goal
from glutecoach.library.catalogue import Library
from glutecoach.library.renderer import render_rule
from glutecoach.selection import criteria
from glutecoach.selection.doses import starting_dose
from glutecoach.selection.equipment import RunnerKit
from glutecoach.selection.next_step import next_step
from glutecoach.selection.params import SelectionParams, warm_up_for
from glutecoach.selection.result import (
    Candidate,
    CriterionScores,
    Exclusion,
    Reason,
    Recommendation,
    RecommendationResult,
)
from glutecoach.selection.safety import RunnerSafety, side_pain
from glutecoach.selection.week import assemble_week

TFL_SENSITIVE = (Condition.ITB_SYNDROME, Condition.LATERAL_HIP_PAIN)
DOSE_LEVEL = {
    Experience.NONE: DoseLevel.NOVICE,
    Experience.NOVICE: DoseLevel.NOVICE,
    Experience.INTERMEDIATE: DoseLevel.INTERMEDIATE,
    Experience.ADVANCED: DoseLevel.ADVANCED,
}


def effective_weights(profile: RunnerProfile, params: SelectionParams) -> dict[str, float]:
    """The goal's weights, with isolation raised for TFL-sensitive conditions, summing to 1."""
    weights = dict(params.weights_by_goal[profile.goal])
    if any(c in profile.conditions for c in TFL_SENSITIVE):
        weights["isolation"] += params.tfl_sensitive_isolation_bonus
    total = sum(weights.values())
    return {k: round(w / total, 4) for k, w in weights.items()}


def resolve_pain(library: Library, profile: RunnerProfile) -> dict[str, int]:
    """Pain scores keyed by canonical variation id, the worse side counting; unknown ids are an
    InputError."""
    resolved: dict[str, int] = {}
    for (vid, _side), score in side_pain(library, profile).items():
        resolved[vid] = max(score, resolved.get(vid, 0))
    return resolved


Offer = Literal["replace", "suggest", "none"]


def _exclusion_causes(
    safety: RunnerSafety, params: SelectionParams
) -> dict[str, tuple[str, Offer]]:
    """Variation id -> (why it is excluded, what to offer instead).

    ``replace``: pain, a caution, a loading rule or the clinician rules it out, so its nearest
    allowed easier step takes its place in the session; ``suggest``: it is too hard for now, so
    the easier step is named as the way up; ``none``: only missing equipment stands in the way.
    A one-leg exercise that one leg may do stays in (the plan gives that leg its own step);
    a two-leg exercise must suit both.
    """
    library, profile = safety.library, safety.profile
    limit = render_rule(library.guideline("pain-monitoring"), "{safe_max:g}/10", library).text
    target = params.target_difficulty[profile.strength_experience]
    kit = RunnerKit(profile, params)
    causes: dict[str, tuple[str, Offer]] = {}
    note = f" ({profile.clinician.note})" if profile.clinician and profile.clinician.note else ""
    for v in library.variations:
        conflicts = {side: safety.side_conflict(v, side) for side in BodySide}
        blocked_sides = [side for side, why in conflicts.items() if why]
        avoid = [c for c in profile.conditions if (k := v.caution_for(c)) and k.action == "avoid"]
        missing = [e.value for e in kit.missing(v)]
        if v.id in safety.forbidden:
            causes[v.id] = (f"your clinician has ruled it out{note}", "replace")
        elif missing:
            causes[v.id] = (
                f"it needs equipment you do not have: {', '.join(missing)}"
                + _lacked(profile, missing),
                "none",
            )
        elif v.id in safety.allowed:
            continue
        elif len(blocked_sides) == 2 or (blocked_sides and not v.unilateral):
            causes[v.id] = (_side_reason(conflicts, limit), "replace")
        elif rule := safety.rule_conflict(v):
            causes[v.id] = (rule, "replace")
        elif avoid:
            caution = v.caution_for(avoid[0])
            assert caution is not None
            condition = CONDITIONS.get(avoid[0].value, avoid[0].value)
            causes[v.id] = (f"not advised with {condition}: {caution.note}", "replace")
        elif v.difficulty > target + params.max_steps_above_target:
            causes[v.id] = (
                f"difficulty {v.difficulty}/5 is too far above your level ({target}/5) to hold "
                "good form yet",
                "suggest",
            )
    return causes


def _lacked(profile: RunnerProfile, missing: list[str]) -> str:
    """' (listed under lacks in your profile)' when a missing item is a household one."""
    lacked = [x.value for x in profile.lacks if x.value in missing]
    return f" ({', '.join(lacked)} is listed under lacks in your profile)" if lacked else ""


def _side_reason(conflicts: dict[BodySide, str | None], limit: str) -> str:
    """One reason for side conflicts: without the side when both sides say the same."""
    reasons = [(side, why) for side, why in conflicts.items() if why]
    plain = {why.replace(f" on the {side.value} side", "") for side, why in reasons}
    why = plain.pop() if len(reasons) == 2 and len(plain) == 1 else reasons[0][1]
    if why.startswith("it hurts"):
        why += f", above the limit for training of {limit}"
    return why


def blocked_variations(
    library: Library,
    profile: RunnerProfile,
    params: SelectionParams | None = None,
    safety: RunnerSafety | None = None,
) -> dict[str, str]:
    """Variations this runner must not be moved onto, with why: those that hurt (or are harder
    than one that does), conflict with a caution, a loading rule or the clinician, or need
    equipment they lack. Variations that are only too hard for now are not blocked:
    progression is how a runner gets there."""
    params = params or SelectionParams()
    causes = _exclusion_causes(safety or RunnerSafety(library, profile), params)
    return {vid: why for vid, (why, offer) in causes.items() if offer != "suggest"}


def _score(
    v: Variation,
    library: Library,
    profile: RunnerProfile,
    pain_now: int | None,
    weights: dict[str, float],
    params: SelectionParams,
    replaces: tuple[str, str] | None,
    blocked: dict[str, str],
    kit: RunnerKit,
) -> Candidate:
    target = params.target_difficulty[profile.strength_experience]
    act, act_reason = criteria.activation(v, library, params)
    iso, iso_reason = criteria.isolation(v)
    fun, fun_reason = criteria.function(v)
    fit, fit_reason = criteria.level_fit(v, target, params)
    safe, safe_reasons = criteria.safety(v, profile, pain_now, library, params)
    scores = CriterionScores(
        activation=round(act, 4),
        isolation=round(iso, 4),
        function=round(fun, 4),
        level_fit=round(fit, 4),
        safety=round(safe, 4),
        equipment_fit=1.0,
    )
    total = 100 * sum(weights[k] * getattr(scores, k) for k in weights)
    reasons: list[Reason] = []
    if replaces is not None:
        reasons.append(
            Reason(
                text=f"Chosen instead of {replaces[1]}, which you should not do now: this is "
                "the nearest easier step on the same ladder that you can do."
            )
        )
    reasons += [act_reason, iso_reason, fun_reason, fit_reason, *safe_reasons]
    reasons.append(Reason(text=_equipment_words(v, kit)))
    level = DOSE_LEVEL[profile.strength_experience]
    dose, dose_reason = starting_dose(library, kit, v, level, pain_now)
    if dose_reason is not None:
        reasons.append(dose_reason)
    family = library.family_of(v.id)
    band = kit.start_band(v.dose.for_level(level), level)
    step = next_step(library, kit, blocked, v, level, band)
    return Candidate(
        id=v.id,
        name=v.name,
        family=family.family,
        pattern=family.pattern,
        role="functional" if v.weight_bearing else "isolation",
        score=round(min(100.0, max(0.0, total)), 2),
        criteria=scores,
        reasons=tuple(reasons),
        dose=dose,
        minutes=round(dose.duration_s(params.setup_s) / 60, 2),
        replaces=replaces[0] if replaces else None,
        next_step=step.text,
        dose_reason=dose_reason,
    )


def _equipment_words(v: Variation, kit: RunnerKit) -> str:
    if not v.equipment:
        return "Equipment: none needed."
    needs = ", ".join(e.value for e in v.equipment)
    stand_in = kit.stand_in(v)
    if stand_in is not None:
        return f"Equipment: needs {needs}; a loaded {stand_in.value} stands in for what you lack."
    return f"Equipment: needs {needs}, which you have."


def _preferred(library: Library, safety: RunnerSafety, ranked: list[Candidate]) -> Candidate | None:
    """The best candidate carrying a load a 'prefer' rule puts first (e.g. an isometric hold for
    a painful tendon), or None."""
    loads = safety.preferred_loads()
    return next((c for c in ranked if any(library.get(c.id).carries(x) for x in loads)), None)


def _starts_low(profile: RunnerProfile) -> bool:
    """A runner new to strength work starts every ladder on its first rung they may do."""
    return profile.strength_experience in (Experience.NONE, Experience.NOVICE)


def _first_rungs(library: Library, ranked: list[Candidate]) -> list[Candidate]:
    """The lowest eligible rung of each family, in rank order. A rung offered in place of a
    painful exercise hands that offer down to the first rung, where the novice starts."""
    lowest: dict[str, Candidate] = {}
    offered: dict[str, Candidate] = {}
    for c in ranked:
        held = lowest.get(c.family)
        if c.replaces:
            offered.setdefault(c.family, c)
        if held is None or library.get(c.id).ladder_position < library.get(held.id).ladder_position:
            lowest[c.family] = c
    for family, offer in offered.items():
        first = lowest[family]
        if first is not offer and offer.replaces:
            name = library.get(offer.replaces).name
            note = Reason(
                text=f"Offered instead of {name}: the first step of the same ladder, where "
                "someone new to strength work starts."
            )
            lowest[family] = first.model_copy(
                update={"replaces": offer.replaces, "reasons": (note, *first.reasons)}
            )
    keep = {c.id: c for c in lowest.values()}
    return [keep[c.id] for c in ranked if c.id in keep]


LEG_NOTE = ("Left leg: not this step", "Right leg: not this step")
"""How the reasons that say one leg may not do a step start (``main_reason`` skips them)."""


def main_reason(candidate: Candidate) -> str:
    """The first reason that is not a leg note: why the exercise was chosen."""
    return next(r.text for r in candidate.reasons if not r.text.startswith(LEG_NOTE))


def _with_side_note(candidate: Candidate, safety: RunnerSafety) -> Candidate:
    """A one-leg exercise one leg may not do says so first: the plan gives that leg an easier
    step of the same ladder, or leaves it out of this exercise."""
    v = safety.library.get(candidate.id)
    notes = [
        Reason(text=f"{side.value.capitalize()} leg: not this step, as {why}; the plan gives "
             "that leg an easier step of the same ladder, or none.")
        for side in BodySide
        if (why := safety.side_conflict(v, side))
    ]  # fmt: skip
    if not notes:
        return candidate
    return candidate.model_copy(update={"reasons": (*notes, *candidate.reasons)})


def _warnings(library: Library, profile: RunnerProfile, pain: dict[str, int]) -> list[str]:
    rule = library.guideline("pain-monitoring")
    high = rule.value("acceptable_max")
    above = render_rule(rule, "above {acceptable_max:g}/10", library).text
    out = [
        f"You report {score}/10 pain with {library.get(vid).name}. Pain {above} is a "
        "reason to see a physiotherapist or doctor before loading it again."
        for vid, score in sorted(pain.items())
        if score > high
    ]
    if profile.goal is Goal.REHABILITATION and not profile.conditions:
        out.append(
            "Your goal is rehabilitation but no condition is listed: add it to the profile so "
            "cautions for it apply."
        )
    return out


def _citations(library: Library, items: Iterable[Candidate]) -> dict[str, str]:
    keys = sorted({k for c in items for r in c.reasons for k in r.references})
    return {k: library.reference(k).full() for k in keys}


def _exclusions(
    safety: RunnerSafety, params: SelectionParams
) -> tuple[dict[str, tuple[str, Offer]], list[Exclusion], dict[str, tuple[str, str]]]:
    """The exclusion causes, the exclusions with their easier alternative, and the offers
    (alternative id -> the excluded variation it replaces)."""
    library = safety.library
    causes = _exclusion_causes(safety, params)
    offers: dict[str, tuple[str, str]] = {}
    exclusions: list[Exclusion] = []
    for v in library.variations:
        if v.id not in causes:
            continue
        why, offer = causes[v.id]
        alternative = None
        if offer != "none":
            alternative = next((e.id for e in library.easier(v.id) if e.id not in causes), None)
            if alternative is not None and offer == "replace":
                offers.setdefault(alternative, (v.id, v.name))
        exclusions.append(Exclusion(id=v.id, name=v.name, why=why, alternative=alternative))
    return causes, exclusions, offers


def excluded_variations(
    library: Library, profile: RunnerProfile, params: SelectionParams | None = None
) -> tuple[Exclusion, ...]:
    """What ``recommend`` excludes for ``profile`` and why (its ``excluded``), without scoring
    the rest: for checks that only ask whether an exercise is left out."""
    safety = RunnerSafety(library, profile)
    return tuple(_exclusions(safety, params or SelectionParams())[1])


def recommend(
    library: Library, profile: RunnerProfile, params: SelectionParams | None = None
) -> RecommendationResult:
    """Score every variation for ``profile`` and assemble a session that fits its time.

    Variations that hurt above the safe limit, are harder than one that does, conflict with an
    'avoid' caution, need missing equipment or are too hard to do well are excluded with the
    reason. For pain and cautions the nearest allowed easier variation on the same ladder takes
    their place, first in the session; for difficulty it is named as the way up.
    """
    params = params or SelectionParams()
    safety = RunnerSafety(library, profile)
    pain = resolve_pain(library, profile)
    weights = effective_weights(profile, params)
    causes, exclusions, offers = _exclusions(safety, params)

    blocked = {vid: why for vid, (why, offer) in causes.items() if offer != "suggest"}
    kit = RunnerKit(profile, params)
    candidates = [
        _with_side_note(
            _score(
                v, library, profile, pain.get(v.id), weights, params, offers.get(v.id), blocked, kit
            ),
            safety,
        )
        for v in library.variations
        if v.id not in causes
    ]
    ranked = sorted(candidates, key=lambda c: (-c.score, c.id))
    eligible = _first_rungs(library, ranked) if _starts_low(profile) else ranked
    preferred = _preferred(library, safety, eligible)
    warm_up_s = warm_up_for(profile.minutes_per_session, params.warm_up_s)
    budget_s = profile.minutes_per_session * 60 - warm_up_s
    patterns = {v.id: library.family_of(v.id).pattern for v in library.variations}
    week = assemble_week(
        eligible, budget_s, profile.minutes_per_session, params, exclusions, preferred, patterns
    )
    session = week.chosen
    warnings = _warnings(library, profile, pain)
    if not session:
        warnings.append(
            f"No exercise fits in {profile.minutes_per_session} minutes with the "
            f"{warm_up_s / 60:g}-minute warm-up at your level: allow more time per session."
        )
    chosen_ids = {c.id for c in session}
    recommended = tuple(
        Recommendation(**c.model_dump(), rank=i) for i, c in enumerate(session, start=1)
    )
    longest = max((sum(c.minutes for c in s) for s in week.sessions), default=0.0)
    return RecommendationResult(
        profile=profile.name,
        goal=profile.goal.value,
        dose_level=DOSE_LEVEL[profile.strength_experience].value,
        minutes_available=profile.minutes_per_session,
        minutes_planned=round(longest + warm_up_s / 60, 2),
        warm_up_minutes=round(warm_up_s / 60, 2),
        recommended=recommended,
        alternatives=tuple(c for c in ranked if c.id not in chosen_ids),
        excluded=tuple(exclusions),
        warnings=tuple(warnings),
        sessions=tuple(tuple(c.id for c in s) for s in week.sessions if s),
        left_out=week.left_out,
        weights=weights,
        references=_citations(library, candidates),
    )
