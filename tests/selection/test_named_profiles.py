"""Recommendations for named runners, including the seed's commenter and a runner with PFP."""

from __future__ import annotations

from glutecoach.domain.profile import RunnerProfile
from glutecoach.library.catalogue import Library
from glutecoach.selection import recommend
from glutecoach.selection.params import SelectionParams
from glutecoach.selection.recommend import effective_weights
from glutecoach.services.profiles import load_profile
from tests.conftest import EXAMPLES


def test_new_runner_with_no_equipment(library: Library) -> None:
    """The seed's first commenter: new to running, weak gluteus medius, nothing at home."""
    profile = load_profile(EXAMPLES / "new-runner.toml")
    result = recommend(library, profile)
    assert 2 <= len(result.recommended) <= 6
    assert result.minutes_planned <= profile.minutes_per_session
    roles = {r.role for r in result.recommended}
    assert roles == {"isolation", "functional"}
    for r in result.recommended:
        assert library.get(r.id).equipment == ()
        assert library.get(r.id).difficulty <= 2
        if r.dose.reps is not None:  # prevention: muscular endurance (ACSM, endurance-dosing)
            rule = library.guideline("endurance-dosing")
            assert rule.value("reps_min") <= r.dose.reps[0] <= r.dose.reps[1]
            assert r.dose.reps[1] <= rule.value("reps_max")
            assert rule.value("rest_min_s") <= r.dose.rest_s <= rule.value("rest_max_s")
            assert any(rule.reference in reason.references for reason in r.reasons)
    excluded = {x.id: x.why for x in result.excluded}
    assert "needs equipment" in excluded["banded-clam"]
    assert [r.rank for r in result.recommended] == list(range(1, len(result.recommended) + 1))
    scores = [r.score for r in result.recommended]
    assert scores == sorted(scores, reverse=True)


def test_pfp_runner_whose_single_leg_squat_hurts(library: Library) -> None:
    profile = load_profile(EXAMPLES / "pfp-runner.toml")
    result = recommend(library, profile)
    excluded = {x.id: x for x in result.excluded}
    assert "6/10" in excluded["single-leg-squat"].why
    alternative = excluded["single-leg-squat"].alternative
    assert alternative is not None
    assert alternative in [v.id for v in library.easier("single-leg-squat")]
    for harder in library.harder("single-leg-squat"):
        assert harder.id in excluded
    # A novice starts the ladder on its first rung: the offer moves down to it.
    first = next(v for v in library.family_of("single-leg-squat").ladder() if v.id not in excluded)
    chosen = {r.id: r for r in result.recommended}
    assert chosen[first.id].replaces == "single-leg-squat"
    assert "instead of" in chosen[first.id].reasons[0].text.lower()
    for r in result.recommended:
        variation = library.get(r.id)
        caution = variation.caution_for(profile.conditions[0])
        assert caution is None or caution.action != "avoid", r.id
        assert library.family_of(r.id).family != "single-leg-squat" or r.id == first.id
    assert any("6/10" in w and "physiotherapist" in w for w in result.warnings)


def test_modify_caution_lowers_safety_and_is_explained(library: Library) -> None:
    profile = load_profile(EXAMPLES / "pfp-runner.toml")
    result = recommend(library, profile)
    everything = [*result.recommended, *result.alternatives]
    modified = [
        c
        for c in everything
        if (k := library.get(c.id).caution_for(profile.conditions[0])) and k.action == "modify"
    ]
    assert modified, "the library should carry 'modify' cautions for patellofemoral pain"
    for c in modified:
        assert c.criteria.safety <= SelectionParams().modify_caution_safety
        assert any("patellofemoral-pain" in r.text for r in c.reasons)


def test_itb_syndrome_weights_isolation_higher() -> None:
    base = RunnerProfile(
        name="a", strength_experience="novice", weekly_running_km=30, minutes_per_session=20
    )
    itbs = base.model_copy(update={"conditions": ("itb-syndrome",)})
    params = SelectionParams()
    assert (
        effective_weights(itbs, params)["isolation"] > effective_weights(base, params)["isolation"]
    )
    assert abs(sum(effective_weights(itbs, params).values()) - 1) < 1e-3


def test_every_number_in_a_reason_is_cited(library: Library) -> None:
    profile = load_profile(EXAMPLES / "itbs-runner.toml")
    result = recommend(library, profile)
    for r in result.recommended:
        activation = next(x for x in r.reasons if "activation" in x.text.lower())
        if "%MVIC" in activation.text:
            assert activation.references, r.id
            assert all(k in result.references for k in activation.references)
        else:
            assert "No EMG study" in activation.text
