"""Safety promises over generated profiles (conditions with and without sides, pain per side,
clinician lists, equipment): the rules, not the eight scenario runners."""

from __future__ import annotations

import datetime as dt
from typing import Any

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from glutecoach.cli.training_json import plan_json
from glutecoach.domain.plan import Plan
from glutecoach.domain.profile import RunnerProfile
from glutecoach.domain.vocabulary import (
    SIDED_CONDITIONS,
    Condition,
    Equipment,
    Experience,
    Goal,
    Load,
)
from glutecoach.errors import InputError
from glutecoach.library.loader import load_library
from glutecoach.selection.safety import RunnerSafety
from glutecoach.services.ladder import RunnerLadder
from glutecoach.services.training import build_plan

LIBRARY = load_library()
IDS = LIBRARY.ids()
START = dt.date(2026, 12, 7)
WEEK = {"tuesday": "intervals", "wednesday": "easy", "saturday": "long-run", "sunday": "easy"}
HIP = (Condition.GLUTEAL_TENDINOPATHY, Condition.LATERAL_HIP_PAIN)


@st.composite
def profiles(draw: st.DrawFn) -> RunnerProfile:
    conditions: list[Any] = []
    for condition in draw(st.lists(st.sampled_from(list(Condition)), unique=True, max_size=3)):
        side = draw(st.none() | st.sampled_from(["left", "right"]))
        if side is None or condition not in SIDED_CONDITIONS:
            conditions.append(condition.value)
        else:
            conditions.append({"id": condition.value, "side": side})
    pain = {
        f"{vid}{suffix}": score
        for vid, suffix, score in draw(
            st.lists(
                st.tuples(
                    st.sampled_from(IDS),
                    st.sampled_from(["", ":left", ":right"]),
                    st.integers(0, 10),
                ),
                max_size=4,
            )
        )
    }
    named = draw(st.lists(st.sampled_from(IDS), unique=True, max_size=4))
    cut = draw(st.integers(0, len(named)))
    clinician = None
    if named:
        clinician = {"forbid": named[:cut], "allow": named[cut:], "note": "Seen by a physio"}
    return RunnerProfile.model_validate(
        {
            "name": "generated",
            "strength_experience": draw(st.sampled_from(list(Experience))).value,
            "weekly_running_km": 30,
            "conditions": conditions,
            "pain": pain,
            "equipment": [e.value for e in draw(st.sets(st.sampled_from(list(Equipment))))],
            "minutes_per_session": draw(st.integers(12, 60)),
            "goal": draw(st.sampled_from(list(Goal))).value,
            "running": WEEK,
            "clinician": clinician,
        }
    )


def plan_for(profile: RunnerProfile) -> tuple[Plan, dict[str, Any]]:
    try:
        plan, _ = build_plan(LIBRARY, profile, START)
    except InputError:
        assume(False)  # nothing fits at all: a clear message, tested elsewhere
        raise
    return plan, plan_json(plan, LIBRARY)


def entries(document: dict[str, Any]) -> list[dict[str, Any]]:
    return [e for s in document["sessions"] for e in s["exercises"]]


SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(profiles())
def test_never_lying_on_a_painful_hip(profile: RunnerProfile) -> None:
    _, doc = plan_for(profile)
    allowed = RunnerSafety(LIBRARY, profile).allowed
    painful = {s.value for c in HIP for s in profile.painful_sides(c)}
    for e in entries(doc):
        if e["id"] not in allowed:
            assert e["lying_on"] not in painful, e


@SETTINGS
@given(profiles())
def test_no_adduction_past_neutral_anywhere_for_a_painful_hip(profile: RunnerProfile) -> None:
    assume(any(c in profile.conditions for c in HIP))
    plan, doc = plan_for(profile)
    allowed = RunnerSafety(LIBRARY, profile).allowed
    for e in entries(doc):
        if e["id"] not in allowed:
            assert not LIBRARY.get(e["id"]).carries(Load.HIP_ADDUCTION_PAST_NEUTRAL), e["id"]
    swings = next(w for w in LIBRARY.warm_up if Load.HIP_ADDUCTION_PAST_NEUTRAL in w.loads)
    for session in plan.sessions:
        assert swings.text not in session.warm_up


@SETTINGS
@given(profiles())
def test_no_exercise_above_its_pain_limit_on_the_painful_side(profile: RunnerProfile) -> None:
    _, doc = plan_for(profile)
    allowed = RunnerSafety(LIBRARY, profile).allowed
    limit = LIBRARY.guideline("pain-monitoring").value("safe_max")
    hurts: set[tuple[str, str]] = set()  # (variation id, leg) above the limit, from the profile
    for name, side, score in profile.pain_entries():
        if score > limit:
            for leg in [side.value] if side else ["left", "right"]:
                hurts.add((LIBRARY.get(name).id, leg))
    for e in entries(doc):
        if e["id"] in allowed:
            continue
        at_or_below = [e["id"], *(v.id for v in LIBRARY.easier(e["id"]))]
        for leg in e["sides"]:
            assert not any((vid, leg) in hurts for vid in at_or_below), (e["id"], leg)


@SETTINGS
@given(profiles())
def test_a_forbidden_id_never_appears_nor_is_climbed_onto(profile: RunnerProfile) -> None:
    _, doc = plan_for(profile)
    forbidden = RunnerSafety(LIBRARY, profile).forbidden
    assert not forbidden & {e["id"] for e in entries(doc)}
    ladder = RunnerLadder(LIBRARY, profile)
    for vid in IDS:
        reachable = {v.id for v in (*ladder.harder(vid), *ladder.easier(vid))}
        assert not forbidden & reachable


@SETTINGS
@given(profiles())
def test_cautions_only_for_the_runners_own_conditions(profile: RunnerProfile) -> None:
    _, doc = plan_for(profile)
    own = {c.value for c in profile.conditions}
    assert {c["condition"] for c in doc["cautions"]} <= own
    assert {c["condition"] for c in doc["cautions"]} == {
        r.condition.value for r in LIBRARY.rules_for(profile.conditions)
    }
    for e in entries(doc):
        assert {c["condition"] for c in e["cautions"]} <= own
