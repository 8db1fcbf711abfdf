"""Two weeks of a real flow: plan, log four sessions (one painful, one with poor form), and
watch the plan adapt, every change carrying its rule and reason."""

from __future__ import annotations

import datetime as dt

import pytest

from glutecoach.domain.log import SessionLog
from glutecoach.domain.overrides import apply_overrides
from glutecoach.domain.plan import Plan, SessionKind
from glutecoach.errors import InputError
from glutecoach.planning import (
    Action,
    Decision,
    PlanParams,
    apply_decision,
    current_prescriptions,
    generate_plan,
    next_prescription,
)
from tests.planning.factories import (
    LADDER,
    MONDAY,
    PLAN,
    TYPICAL_WEEK,
    hold_sets,
    reps_sets,
    start,
)

PARAMS = apply_overrides(PLAN, {"minutes_per_session": 40})
ITEMS = (start("banded-clam"), start("glute-bridge"), start("side-plank-knees"))


def log_and_adapt(
    plan: Plan, history: list[SessionLog], log: SessionLog, params: PlanParams
) -> tuple[Plan, list[Decision]]:
    """What the log service will do: store the log, decide per exercise, revise the plan."""
    history.append(log)
    planned = plan.session_on(log.date)
    decisions = []
    for current in current_prescriptions(plan, log.date):
        nxt = plan.next_session(log.date + dt.timedelta(days=1))
        as_of = nxt.date if nxt else log.date
        performed = planned.prescription_for(current.variation_id) if planned else None
        decision = next_prescription(
            history, current, LADDER, params.progression, as_of=as_of, performed=performed
        )
        plan = apply_decision(plan, decision, log.date + dt.timedelta(days=1), params)
        decisions.append(decision)
    return plan, decisions


def by_exercise(decisions: list[Decision]) -> dict[str, Decision]:
    return {d.variation_id: d for d in decisions}


def test_two_weeks_adapt_to_pain_and_poor_form() -> None:
    plan = generate_plan("Ana", ITEMS, TYPICAL_WEEK, MONDAY, PARAMS)
    s1, s2, s3, s4 = plan.sessions[:4]
    assert [s.date.isoformat() for s in (s1, s2, s3, s4)] == [
        "2025-03-05",
        "2025-03-09",
        "2025-03-12",
        "2025-03-16",
    ]
    history: list[SessionLog] = []
    journal: list[str] = []

    def run(session_log: SessionLog) -> dict[str, Decision]:
        nonlocal plan
        plan, decisions = log_and_adapt(plan, history, session_log, PARAMS)
        journal.extend(
            f"{session_log.date} {d.variation_id}: {d.action.value} [{d.rule}] {d.reason}"
            for d in decisions
        )
        return by_exercise(decisions)

    # Session 1: everything good; the morning after is entered the next day. Before it is, the
    # decision for the next session (4 days on, past 24 h) is taken without it and says so.
    sets = (
        reps_sets("banded-clam", 10)
        + reps_sets("glute-bridge", 12, n=3, per_side=False)
        + hold_sets("side-plank-knees", 20)
    )
    first = SessionLog(date=s1.date, planned_ref=s1.ref, sets=sets, pain_before=0)
    waiting = by_exercise(log_and_adapt(plan, list(history), first, PARAMS)[1])
    assert {d.rule for d in waiting.values()} == {"double-progression"}
    assert all(
        "Next-morning pain after 2025-03-05 is not entered" in d.reason for d in waiting.values()
    )
    d1 = run(first.with_next_morning_pain(0))
    assert d1["banded-clam"].action is Action.PROGRESS
    assert d1["banded-clam"].prescription.target_reps == 11
    # One session at the top of the range is not a rung change: dose steps come first.
    bridge = d1["glute-bridge"].prescription
    assert (bridge.variation_id, bridge.sets, bridge.tempo) == ("glute-bridge", 3, "2-1-3")
    assert d1["side-plank-knees"].prescription.sets == 3
    assert plan.sessions[1].prescription_for("glute-bridge") is not None

    # Session 2: the clam hurts 6/10 during (escalation: stop, see a physiotherapist, rested one
    # step lower); next morning is worse than before.
    sets = (
        reps_sets("banded-clam", 11, pain=6)
        + reps_sets("glute-bridge", 9, n=3, per_side=False)
        + hold_sets("side-plank-knees", 20, n=3)
    )
    d2 = run(
        SessionLog(date=s2.date, planned_ref=s2.ref, sets=sets, pain_before=0, next_morning_pain=2)
    )
    clam = d2["banded-clam"]
    assert (clam.action, clam.rule) == (Action.REST, "escalation")
    assert "see a physiotherapist" in clam.reason
    assert "'Clam' (clam)" in clam.reason
    assert "6/10" in clam.reason
    assert (d2["glute-bridge"].action, d2["glute-bridge"].rule) == (
        Action.HOLD,
        "next-morning-pain",
    )
    assert d2["side-plank-knees"].action is Action.HOLD
    third = plan.session_on(s3.date)
    assert third is not None
    assert third.prescription_for("banded-clam") is None
    regressed = third.prescription_for("clam")
    assert regressed is not None
    assert regressed.rested
    assert "Pain during reached 6/10" in regressed.reason

    # Session 3: the easier clam tried pain-free (7 of 12 reps with good form): it returns.
    sets = (
        reps_sets("clam", 12, good=7)
        + reps_sets("glute-bridge", 9, n=3, per_side=False)
        + hold_sets("side-plank-knees", 20, n=3)
    )
    d3 = run(
        SessionLog(date=s3.date, planned_ref=s3.ref, sets=sets, pain_before=0, next_morning_pain=0)
    )
    assert (d3["clam"].action, d3["clam"].rule) == (Action.RETURN, "rested")
    assert not d3["clam"].prescription.rested
    assert d3["glute-bridge"].prescription.target_reps == 10
    assert d3["side-plank-knees"].prescription.hold_s == 25

    # Session 4: good form on the clam again; reps start to rise.
    sets = (
        reps_sets("clam", 10)
        + reps_sets("glute-bridge", 10, n=3, per_side=False)
        + hold_sets("side-plank-knees", 25, n=3)
    )
    d4 = run(
        SessionLog(date=s4.date, planned_ref=s4.ref, sets=sets, pain_before=0, next_morning_pain=0)
    )
    assert d4["clam"].action is Action.PROGRESS
    assert d4["clam"].prescription.target_reps == 11

    # The rest of the plan carries the adapted doses, deload weeks included.
    later = [s for s in plan.sessions if s.date > s4.date]
    for s in later:
        clam_now = s.prescription_for("clam")
        assert clam_now is not None
        assert clam_now.target_reps == 11
        if s.kind is SessionKind.DELOAD:
            assert clam_now.sets == 1
            assert clam_now.reason.startswith("Deload week")
        else:
            assert clam_now.sets == 2
    assert any(s.kind is SessionKind.DELOAD for s in later)
    assert len(journal) == 12
    assert all("] " in line for line in journal)


def test_a_deload_session_is_judged_on_its_own_sets_and_the_full_dose_carries_on() -> None:
    plan = generate_plan("Ana", ITEMS, TYPICAL_WEEK, MONDAY, PARAMS)
    deload = next(s for s in plan.sessions if s.kind is SessionKind.DELOAD)
    current = {p.variation_id: p for p in current_prescriptions(plan, deload.date)}
    assert current["glute-bridge"].sets == 3  # the full dose, not the deload's 2
    log = SessionLog(
        date=deload.date,
        sets=reps_sets("glute-bridge", 9, n=2, per_side=False),
        pain_before=0,
        next_morning_pain=0,
    )
    performed = deload.prescription_for("glute-bridge")
    full = next_prescription([log], current["glute-bridge"], LADDER, PARAMS.progression)
    assert (full.action, full.rule) == (Action.HOLD, "double-progression")  # 2 of 3 sets
    d = next_prescription(
        [log], current["glute-bridge"], LADDER, PARAMS.progression, performed=performed
    )
    assert d.action is Action.PROGRESS
    assert d.prescription.sets == 3
    revised = apply_decision(plan, d, deload.date + dt.timedelta(days=1), PARAMS)
    for s in revised.sessions:
        if s.date > deload.date:
            bridge = s.prescription_for("glute-bridge")
            assert bridge is not None
            assert bridge.target_reps == 10
            assert bridge.sets == (2 if s.kind is SessionKind.DELOAD else 3)


def test_performed_must_be_the_same_exercise() -> None:
    with pytest.raises(InputError, match="same exercise"):
        next_prescription(
            [], start("clam"), LADDER, PARAMS.progression, performed=start("glute-bridge")
        )


def test_a_regression_onto_an_exercise_already_in_the_session_drops_the_duplicate() -> None:
    items = (start("banded-clam"), start("clam"))
    plan = generate_plan("Ana", items, TYPICAL_WEEK, MONDAY, PARAMS)
    log = SessionLog(date=plan.sessions[0].date, sets=reps_sets("banded-clam", 12, pain=7))
    d = next_prescription([log], items[0], LADDER, PARAMS.progression)
    assert d.prescription.variation_id == "clam"
    revised = apply_decision(plan, d, plan.sessions[1].date, PARAMS)
    assert [p.variation_id for p in revised.sessions[1].prescriptions] == ["clam"]
    assert "already in this session" in revised.sessions[1].notes[0]
