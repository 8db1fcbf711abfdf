"""The seed's selection criteria, each scored 0..1 with the reason in plain words."""

from __future__ import annotations

from glutecoach.domain.exercise import ActivationBand, Variation
from glutecoach.domain.profile import RunnerProfile
from glutecoach.domain.vocabulary import EvidenceStatus
from glutecoach.library.catalogue import Library
from glutecoach.library.ranking import best_gmed_mvic
from glutecoach.library.renderer import render_evidence, render_rule, rule_source
from glutecoach.selection.params import SelectionParams
from glutecoach.selection.result import Reason

BAND_SCORE: dict[ActivationBand, float] = {
    "low": 0.25,
    "moderate": 0.5,
    "high": 0.75,
    "very-high": 1.0,
}
BAND_WORDS: dict[ActivationBand, str] = {
    "low": "low",
    "moderate": "moderate",
    "high": "high",
    "very-high": "very high",
}


def activation_band(pct: float, library: Library) -> ActivationBand:
    """Grade a %MVIC by the published intensity bands (guideline 'activation-bands')."""
    bands = library.guideline("activation-bands")
    if pct <= bands.value("low_max_pct"):
        return "low"
    if pct <= bands.value("moderate_max_pct"):
        return "moderate"
    if pct <= bands.value("high_max_pct"):
        return "high"
    return "very-high"


def activation(v: Variation, library: Library, params: SelectionParams) -> tuple[float, Reason]:
    """Gluteus medius activation, from the best-verified %MVIC record or a stated estimate."""
    bands_ref = library.guideline("activation-bands").reference
    record = best_gmed_mvic(v, library)
    if record is None:
        assert v.activation_estimate is not None  # the schema requires one
        band = v.activation_estimate.band
        text = (
            f"No EMG study measured this variation; activation is estimated as "
            f"{BAND_WORDS[band]}: {v.activation_estimate.reason}"
        )
        reason = Reason(text=text, references=v.activation_estimate.references)
        return BAND_SCORE[band] * params.estimated_activation_factor, reason
    central = record.central_pct
    assert central is not None  # an mvic record always has a mean or a range
    band = activation_band(central, library)
    factor = params.reported_evidence_factor if record.status is EvidenceStatus.V2 else 1.0
    figure = render_evidence(record, library, with_caveat=True)
    scale = rule_source(library.guideline("activation-bands"), library)
    text = (
        f"Gluteus medius activation {figure.text}: a {BAND_WORDS[band]} level on the published "
        f"scale ({scale})."
    )
    return BAND_SCORE[band] * factor, Reason(
        text=text, references=(record.reference, bands_ref), figures=(figure.as_json(),)
    )


def isolation(v: Variation) -> tuple[float, Reason]:
    """How well the variation works gluteus medius while sparing TFL."""
    rating = v.isolation
    return (rating.score - 1) / 4, Reason(
        text=f"Isolation {rating.score}/5: {rating.reason}", references=rating.references
    )


def function(v: Variation) -> tuple[float, Reason]:
    """How directly the variation carries over to running."""
    rating = v.running_relevance
    return (rating.score - 1) / 4, Reason(
        text=f"Running relevance {rating.score}/5: {rating.reason}", references=rating.references
    )


def level_fit(v: Variation, target: int, params: SelectionParams) -> tuple[float, Reason]:
    """Can the runner hold good form? Too hard costs more than too easy."""
    gap = v.difficulty - target
    if gap > 0:
        score = 1 - params.harder_penalty * gap
        text = (
            f"Difficulty {v.difficulty}/5 is above your level ({target}/5): expect only a few "
            "good-form reps at first, and build from there."
        )
    elif gap < 0:
        score = 1 - params.easier_penalty * -gap
        text = (
            f"Difficulty {v.difficulty}/5, easier than the {target}/5 that suits you now: a "
            "gentle start that is easy to do well."
        )
    else:
        score = 1.0
        text = f"Difficulty {v.difficulty}/5 matches your level."
    return max(0.0, score), Reason(text=text)


def safety(
    v: Variation,
    profile: RunnerProfile,
    pain_now: int | None,
    library: Library,
    params: SelectionParams,
) -> tuple[float, list[Reason]]:
    """Safety given the runner's conditions and the pain they report with this exercise.

    Only variations that passed exclusion reach here: 'avoid' cautions and pain above the safe
    limit are already removed.
    """
    score = 1.0
    reasons: list[Reason] = []
    for condition in profile.conditions:
        caution = v.caution_for(condition)
        if caution is not None and caution.action == "modify":
            score = min(score, params.modify_caution_safety)
            reasons.append(Reason(text=f"With {condition.value}: {caution.note}"))
    if pain_now:
        rule = library.guideline("pain-monitoring")
        limit = render_rule(rule, "{safe_max:g}/10", library)
        score -= params.pain_safety_per_point * pain_now
        reasons.append(
            Reason(
                text=(
                    f"Hurts {pain_now}/10 now: within the limit the pain-monitoring model treats "
                    f"as safe, {limit.text}. Stop if it rises or is worse the next morning."
                ),
                references=(rule.reference,),
                figures=(limit.as_json(),),
            )
        )
    if not reasons:
        reasons.append(Reason(text="No caution applies to your conditions or reported pain."))
    return max(0.0, score), reasons
