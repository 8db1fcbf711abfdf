"""The contract every registered progression rule must meet, on generated situations."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from glutecoach.domain.log import SessionLog, SetLog, Side
from glutecoach.domain.plan import Prescription
from glutecoach.planning import REGISTRY, Action, Decision, Rule, RuleContext, next_prescription
from tests.planning.factories import LADDER, PROGRESSION, start

START = dt.date(2025, 3, 3)
RULES = REGISTRY.ordered()


@st.composite
def currents(draw: st.DrawFn) -> Prescription:
    vid = draw(st.sampled_from(LADDER.ids()))
    base = start(vid)
    changes: dict[str, object] = {"sets": draw(st.integers(1, 3))}
    if base.reps is not None:
        changes["target_reps"] = draw(st.integers(*base.reps))
        changes["load_kg"] = draw(st.none() | st.sampled_from([2.0, 5.0, 12.5, 40.0]))
    else:
        changes["hold_s"] = draw(st.integers(5, 60))
    return Prescription.model_validate({**base.model_dump(), **changes})


@st.composite
def set_logs(draw: st.DrawFn, current: Prescription) -> SetLog:
    vid = draw(st.sampled_from([current.variation_id] * 4 + list(LADDER.ids())))
    side = draw(st.sampled_from(list(Side)))
    pain = draw(st.integers(0, 10))
    if draw(st.booleans()):
        done = draw(st.integers(0, 20))
        good = draw(st.none() | st.integers(0, done))
        return SetLog(
            variation_id=vid, side=side, reps_done=done, good_form_reps=good, pain_during=pain
        )
    held = draw(st.integers(0, 80))
    good_s = draw(st.none() | st.integers(0, held))
    return SetLog(
        variation_id=vid, side=side, hold_s=held, good_form_hold_s=good_s, pain_during=pain
    )


@st.composite
def contexts(draw: st.DrawFn) -> RuleContext:
    current = draw(currents())
    offsets = sorted(draw(st.sets(st.integers(0, 40), max_size=3)))
    pain = st.none() | st.integers(0, 10)
    history = tuple(
        SessionLog(
            date=START + dt.timedelta(days=o),
            sets=tuple(draw(st.lists(set_logs(current), max_size=8))),
            pain_before=draw(pain),
            next_morning_pain=draw(pain),
        )
        for o in offsets
    )
    last = history[-1].date if history else START
    as_of = draw(st.none() | st.integers(0, 30).map(lambda d: last + dt.timedelta(days=d)))
    if as_of is None and history:
        as_of = last
    return RuleContext(current, history, LADDER, PROGRESSION, as_of)


def _family_moves(ctx: RuleContext, d: Decision) -> None:
    vid = ctx.current.variation_id
    new = d.prescription.variation_id
    if d.action is Action.PROGRESS:
        assert new in {vid, *(v.id for v in LADDER.harder(vid))}
    elif d.action is Action.RETURN:
        assert ctx.current.rested
        assert not d.prescription.rested
        assert new == vid
    elif d.action in (Action.REGRESS, Action.STEP_BACK, Action.REST):
        assert new in {vid, *(v.id for v in LADDER.easier(vid))}
        assert d.prescription.rested == (d.action is Action.REST)
        if new == vid:
            assert d.prescription.sets <= ctx.current.sets
            assert (d.prescription.load_kg or 0) <= (ctx.current.load_kg or 0)
    else:
        assert d.prescription.model_copy(update={"reason": "x"}) == ctx.current.model_copy(
            update={"reason": "x"}
        )


@pytest.mark.parametrize("rule", RULES, ids=[r.name for r in RULES])
def test_rule_is_documented_and_named(rule: Rule) -> None:
    assert rule.name
    assert rule.name == rule.name.strip().lower()
    assert len((type(rule).__doc__ or "").strip()) > 40
    assert isinstance(rule.priority, int)


@pytest.mark.parametrize("rule", RULES, ids=[r.name for r in RULES])
@settings(max_examples=60, deadline=None)
@given(ctx=contexts())
def test_rule_contract(rule: Rule, ctx: RuleContext) -> None:
    decision = rule.decide(ctx)
    assert decision == rule.decide(ctx)  # deterministic
    if decision is None:
        return
    assert isinstance(decision, Decision)
    assert decision.rule == rule.name
    assert decision.reason.strip()
    assert decision.prescription.reason == decision.reason
    assert decision.previous == ctx.current
    assert decision.variation_id == ctx.current.variation_id
    assert decision.decided_on == ctx.as_of
    assert LADDER.has(decision.prescription.variation_id)
    pain = ctx.pain_during()
    if pain is not None and pain > PROGRESSION.pain_acceptable_max:
        assert decision.action is not Action.PROGRESS
    _family_moves(ctx, decision)


def test_names_are_unique() -> None:
    names = [r.name for r in RULES]
    assert len(names) == len(set(names))


@settings(max_examples=150, deadline=None)
@given(ctx=contexts())
def test_all_rules_together_progress_only_when_every_gate_is_open(ctx: RuleContext) -> None:
    d = next_prescription(ctx.history, ctx.current, LADDER, PROGRESSION, as_of=ctx.as_of)
    if d.action is not Action.PROGRESS:
        return
    latest = ctx.latest
    assert latest is not None
    assert ctx.latest_sets
    pain = ctx.pain_during()
    assert pain is not None
    assert pain <= PROGRESSION.pain_safe_max
    assert latest.next_morning_pain is not None
    assert latest.next_morning_pain <= max(ctx.baseline_pain()[0], 0)
    assert latest.next_morning_pain <= PROGRESSION.pain_safe_max
    done = sum(s.done for s in ctx.latest_sets)
    good = sum(s.counted for s in ctx.latest_sets)
    assert done
    assert good / done >= PROGRESSION.min_good_form_fraction
    last_done = ctx.last_done()
    assert ctx.as_of is not None
    assert last_done is not None
    assert (ctx.as_of - last_done).days <= PROGRESSION.gap_days
