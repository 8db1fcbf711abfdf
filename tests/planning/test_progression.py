"""Progression scenarios: each rule's main cases, with the rule and reason checked."""

from __future__ import annotations

import datetime as dt

import pytest

from glutecoach.domain.log import SessionLog, SetLog, Side
from glutecoach.domain.overrides import apply_overrides
from glutecoach.errors import InputError, NotFoundError
from glutecoach.planning import REGISTRY, Action, RuleRegistry, next_prescription
from glutecoach.planning.rules import RepeatRule
from tests.planning.factories import (
    LADDER,
    PROGRESSION,
    hold_sets,
    reps_sets,
    session,
    start,
)

DAY = dt.date(2025, 3, 5)


def decide(logs: list[SessionLog], vid: str, as_of: dt.date | None = None, **changes: object):  # type: ignore[no-untyped-def]
    return next_prescription(logs, start(vid, **changes), LADDER, PROGRESSION, as_of=as_of)


def test_rules_run_in_the_documented_order() -> None:
    assert REGISTRY.names() == (
        "rested",
        "escalation",
        "long-gap",
        "pain-during",
        "next-morning-pain",
        "missed-session",
        "good-form-gate",
        "double-progression",
        "repeat",
    )


def test_top_of_range_in_the_first_session_takes_a_dose_step_not_a_rung() -> None:
    d = decide([session(DAY, reps_sets("clam", 12))], "clam")
    assert (d.action, d.rule) == (Action.PROGRESS, "double-progression")
    assert (d.prescription.variation_id, d.prescription.sets) == ("clam", 3)
    assert d.prescription.target_reps == 8
    assert "add a set (3 sets" in d.reason
    assert "The next variation, 'Banded Clam', comes after 3 more sessions" in d.reason
    assert "4 sessions (our rule, derived from" in d.reason
    assert "14 days (measured in a study, McKay" in d.reason
    assert d.prescription.reason == d.reason
    assert d.previous == start("clam")
    assert d.decided_on == DAY


def test_the_rung_changes_after_four_sessions_and_fourteen_days() -> None:
    days = [DAY + dt.timedelta(days=n) for n in (0, 3, 7, 10)]
    logs = [session(day, reps_sets("clam", 12, n=3)) for day in days]
    mastered = {"sets": 3, "tempo": "2-1-4"}
    early = decide(logs, "clam", as_of=DAY + dt.timedelta(days=13), **mastered)
    assert (early.action, early.prescription.variation_id) == (Action.HOLD, "clam")
    assert "a session on or after 2025-03-19" in early.reason
    d = decide(logs, "clam", as_of=DAY + dt.timedelta(days=14), **mastered)
    assert (d.action, d.prescription.variation_id) == (Action.PROGRESS, "banded-clam")
    assert d.prescription.target_reps == 8
    assert "'Banded Clam'" in d.reason
    assert "4 sessions over 14 days at this level since 2025-03-05" in d.reason
    assert d.guideline == "rung-pace"
    assert d.references == ("mckay-2020",)


def test_a_short_set_in_the_last_two_sessions_keeps_the_rung() -> None:
    days = [DAY + dt.timedelta(days=n) for n in (0, 3, 7, 10)]
    logs = [session(day, reps_sets("clam", 12, n=3)) for day in days]
    logs[2] = session(days[2], reps_sets("clam", 12, good=8, n=3))
    d = decide(logs, "clam", as_of=DAY + dt.timedelta(days=14), sets=3, tempo="2-1-4")
    assert (d.action, d.prescription.variation_id) == (Action.HOLD, "clam")
    assert "6 of 6 sets on 2025-03-12 fell short" in d.reason
    logs[2] = session(days[2], reps_sets("clam", 12, n=3), before=0, morning=2)
    d = decide(logs, "clam", as_of=DAY + dt.timedelta(days=14), sets=3, tempo="2-1-4")
    assert "next-morning pain rose after 2025-03-12" in d.reason


def test_reps_rise_within_the_range_on_good_form_reps() -> None:
    d = decide([session(DAY, reps_sets("clam", 10))], "clam")
    assert d.action is Action.PROGRESS
    assert d.prescription.variation_id == "clam"
    assert d.prescription.target_reps == 11
    assert "reps rise within 8-12" in d.reason


def test_short_of_the_aim_holds() -> None:
    d = decide([session(DAY, reps_sets("clam", 9))], "clam", target_reps=10)
    assert (d.action, d.rule) == (Action.HOLD, "double-progression")
    assert d.prescription.target_reps == 10


def test_only_good_form_reps_count_toward_the_top_of_the_range() -> None:
    d = decide([session(DAY, reps_sets("clam", 12, good=11))], "clam", target_reps=11)
    assert d.action is Action.PROGRESS
    assert d.prescription.variation_id == "clam"
    assert d.prescription.target_reps == 12


def test_poor_form_holds_with_the_cue() -> None:
    d = decide([session(DAY, reps_sets("banded-clam", 12, good=6))], "banded-clam")
    assert (d.action, d.rule) == (Action.HOLD, "good-form-gate")
    assert d.prescription.variation_id == "banded-clam"
    assert "24 of 48 reps had good form" in d.reason
    assert "Keep the pelvis still." in d.reason


def test_unrecorded_form_holds() -> None:
    sets = tuple(
        SetLog(variation_id="clam", side=side, reps_done=12, pain_during=0)
        for side in (Side.LEFT, Side.RIGHT, Side.LEFT, Side.RIGHT)
    )
    d = decide([session(DAY, sets)], "clam")
    assert (d.action, d.rule) == (Action.HOLD, "good-form-gate")
    assert "not recorded" in d.reason


def test_pain_six_escalates_and_rests_one_step_lower() -> None:
    d = decide([session(DAY, reps_sets("banded-clam", 12, pain=6))], "banded-clam")
    assert (d.action, d.rule, d.rule_version) == (Action.REST, "escalation", "escalation@1")
    assert d.escalated
    assert d.prescription.rested
    assert d.prescription.variation_id == "clam"
    assert "'Clam' (clam)" in d.reason
    assert "see a physiotherapist" in d.reason
    assert "6/10" in d.reason
    assert "5/10 (reported secondhand, Silbernagel et al. 2007" in d.reason
    assert d.guideline == "pain-monitoring"
    assert d.references == ("silbernagel-2007",)


def test_pain_six_on_the_easiest_variation_rests_a_lighter_dose() -> None:
    d = decide([session(DAY, reps_sets("clam", 12, pain=6))], "clam")
    assert d.action is Action.REST
    assert (d.prescription.variation_id, d.prescription.sets) == ("clam", 1)
    assert d.prescription.rested
    assert d.prescription.duration_s() == 0


def test_next_morning_pain_up_two_sessions_running_escalates() -> None:
    first = session(DAY - dt.timedelta(days=3), reps_sets("clam", 12), before=1, morning=2)
    second = session(DAY, reps_sets("clam", 12), before=1, morning=3)
    d = decide([first, second], "clam")
    assert (d.action, d.rule) == (Action.REST, "escalation")
    assert "2 sessions running" in d.reason
    assert "coaching default" in d.reason
    once = decide([first.with_next_morning_pain(1), second], "clam")
    assert once.action is Action.REGRESS  # one rise reduces the load without escalating


def test_pain_at_rest_escalates() -> None:
    d = decide([session(DAY, reps_sets("clam", 12), before=5, morning=5)], "clam")
    assert (d.action, d.rule) == (Action.REST, "escalation")
    assert "Pain at rest" in d.reason


def test_a_rested_exercise_returns_when_logged_pain_free_or_cleared() -> None:
    rested = start("clam", rested=True)
    still = next_prescription(
        [session(DAY, reps_sets("clam", 10, pain=5))], rested, LADDER, PROGRESSION
    )
    assert (still.action, still.rule, still.prescription.rested) == (Action.HOLD, "rested", True)
    back = next_prescription(
        [session(DAY, reps_sets("clam", 10, pain=1))], rested, LADDER, PROGRESSION
    )
    assert (back.action, back.prescription.rested) == (Action.RETURN, False)
    assert back.prescription.variation_id == "clam"
    cleared = next_prescription(
        [session(DAY, ())], rested, LADDER, PROGRESSION, cleared=frozenset({"clam"})
    )
    assert (cleared.action, cleared.prescription.rested) == (Action.RETURN, False)
    assert "clinician" in cleared.reason


def test_acceptable_pain_holds_and_safe_pain_may_progress() -> None:
    held = decide([session(DAY, reps_sets("clam", 12, pain=4))], "clam")
    assert (held.action, held.rule) == (Action.HOLD, "pain-during")
    safe = decide([session(DAY, reps_sets("clam", 12, pain=3))], "clam")
    assert safe.action is Action.PROGRESS


def test_next_morning_pain_higher_than_before_regresses() -> None:
    log = session(DAY, reps_sets("banded-clam", 12), before=1, morning=3)
    d = decide([log], "banded-clam")
    assert (d.action, d.rule) == (Action.REGRESS, "next-morning-pain")
    assert d.prescription.variation_id == "clam"
    assert "3/10 is higher than 1/10 (before the session)" in d.reason


def test_next_morning_baseline_falls_back_to_the_previous_morning() -> None:
    earlier = session(DAY - dt.timedelta(days=3), reps_sets("clam", 10), before=2, morning=2)
    latest = session(DAY, reps_sets("clam", 12), before=None, morning=2)
    d = decide([earlier, latest], "clam")
    assert d.action is Action.PROGRESS  # 2/10 is not higher than the previous morning's 2/10
    worse = latest.with_next_morning_pain(3)
    d = decide([earlier, worse], "clam")
    assert (d.action, d.rule) == (Action.REGRESS, "next-morning-pain")
    assert "the morning after" in d.reason


def test_next_morning_pain_not_entered_holds_within_24_hours_unless_disabled() -> None:
    log = session(DAY, reps_sets("clam", 12), morning=None)
    d = decide([log], "clam")  # the next prescription is for the same day
    assert (d.action, d.rule) == (Action.HOLD, "next-morning-pain")
    assert "within 24 h" in d.reason
    relaxed = apply_overrides(PROGRESSION, {"require_next_morning_pain": False})
    d = next_prescription([log], start("clam"), LADDER, relaxed)
    assert d.action is Action.PROGRESS


def test_next_morning_pain_not_entered_after_24_hours_counts_as_not_reported() -> None:
    log = session(DAY, reps_sets("clam", 12), morning=None)
    d = decide([log], "clam", as_of=DAY + dt.timedelta(days=1))
    assert (d.action, d.rule) == (Action.PROGRESS, "double-progression")
    assert "Next-morning pain after 2025-03-05 is not entered: it counts as not reported" in (
        d.reason
    )
    assert "decision for 2025-03-06 is taken without it" in d.reason
    entered = decide([log.with_next_morning_pain(0)], "clam", as_of=DAY + dt.timedelta(days=1))
    assert "not entered" not in entered.reason
    painful = decide(
        [session(DAY, reps_sets("clam", 12, pain=4), morning=None)],
        "clam",
        as_of=DAY + dt.timedelta(days=2),
    )
    assert (painful.action, painful.rule) == (Action.HOLD, "pain-during")
    assert "counts as not reported" in painful.reason


def test_steady_but_high_morning_pain_holds() -> None:
    earlier = session(DAY - dt.timedelta(days=3), reps_sets("clam", 10), before=None, morning=4)
    d = decide([earlier, session(DAY, reps_sets("clam", 12), before=None, morning=4)], "clam")
    assert (d.action, d.rule) == (Action.HOLD, "next-morning-pain")


def test_missed_session_does_not_progress() -> None:
    logs = [session(DAY, reps_sets("clam", 12)), session(DAY + dt.timedelta(days=3))]
    d = decide(logs, "clam")
    assert (d.action, d.rule) == (Action.HOLD, "missed-session")
    assert "was missed" in d.reason


def test_no_history_holds() -> None:
    d = decide([], "clam")
    assert (d.action, d.rule, d.decided_on) == (Action.HOLD, "missed-session", None)


def test_a_long_gap_steps_back() -> None:
    logs = [session(DAY, reps_sets("banded-clam", 12))]
    d = decide(logs, "banded-clam", as_of=DAY + dt.timedelta(days=15))
    assert (d.action, d.rule) == (Action.STEP_BACK, "long-gap")
    assert d.prescription.variation_id == "clam"
    assert "15 days" in d.reason
    within = decide(logs, "banded-clam", as_of=DAY + dt.timedelta(days=14))
    assert within.action is Action.PROGRESS


def test_logs_after_as_of_are_ignored() -> None:
    logs = [
        session(DAY, reps_sets("clam", 10)),
        session(DAY + dt.timedelta(days=5), reps_sets("clam", 12, pain=8)),
    ]
    d = decide(logs, "clam", as_of=DAY + dt.timedelta(days=2))
    assert d.action is Action.PROGRESS


def test_load_goes_up_by_the_acsm_step_rounded_to_the_increment() -> None:
    sets = reps_sets("dumbbell-hip-thrust", 12, n=3, per_side=False, load_kg=20)
    d = decide(
        [session(DAY, sets)], "dumbbell-hip-thrust", load_kg=20.0, target_reps=12, tempo="2-1-4"
    )
    assert d.action is Action.PROGRESS
    assert d.prescription.load_kg == 20.5  # +2 % is 20.4 kg, rounded up to the 0.5 kg step
    assert d.prescription.target_reps == 8
    assert d.guideline == "load-progression"
    assert "no effort logged, so judged from every rep done with good form" in d.reason
    assert "add 2-10 % once 1-2 reps more than the target are possible (from a review" in d.reason


def test_sets_and_tempo_come_before_load() -> None:
    sets = reps_sets("dumbbell-hip-thrust", 12, n=2, per_side=False, load_kg=20)
    d = decide([session(DAY, sets)], "dumbbell-hip-thrust", load_kg=20.0, sets=2)
    assert (d.prescription.sets, d.prescription.load_kg) == (3, 20.0)
    sets = reps_sets("dumbbell-hip-thrust", 12, n=3, per_side=False, load_kg=20)
    d = decide([session(DAY, sets)], "dumbbell-hip-thrust", load_kg=20.0, tempo="2-1-2")
    assert (d.prescription.tempo, d.prescription.load_kg) == ("2-1-3", 20.0)
    assert "tempo 2-1-3" in d.reason


def _effort(sets: tuple[SetLog, ...], **effort: float) -> tuple[SetLog, ...]:
    return tuple(s.model_copy(update=effort) for s in sets)


def test_logged_effort_decides_the_load_step() -> None:
    sets = reps_sets("dumbbell-hip-thrust", 12, n=3, per_side=False, load_kg=20)
    at_max = _effort(sets, reps_in_reserve=0)
    d = decide([session(DAY, at_max)], "dumbbell-hip-thrust", load_kg=20.0, tempo="2-1-4")
    assert (d.action, d.prescription.load_kg) == (Action.HOLD, 20.0)
    assert "left 0 reps in reserve" in d.reason
    assert "RPE 10 = 0 in reserve (measured in a study, Zourdos" in d.reason
    rpe_nine = _effort(sets, rpe=9)
    d = decide([session(DAY, rpe_nine)], "dumbbell-hip-thrust", load_kg=20.0, tempo="2-1-4")
    assert (d.action, d.prescription.load_kg) == (Action.PROGRESS, 20.5)
    assert "the hardest set left 1 reps in reserve" in d.reason


def test_a_load_step_bigger_than_ten_percent_says_so() -> None:
    sets = reps_sets("dumbbell-hip-thrust", 12, n=3, per_side=False, load_kg=2)
    d = decide([session(DAY, sets)], "dumbbell-hip-thrust", load_kg=2.0, tempo="2-1-4")
    assert d.prescription.load_kg == 2.5
    assert "more than 10 %" in d.reason


def test_painful_loaded_work_on_the_easiest_lightens_by_load() -> None:
    sets = reps_sets("glute-bridge", 12, n=3, per_side=False, pain=7)
    d = decide([session(DAY, sets)], "glute-bridge", load_kg=10.0)
    assert d.action is Action.REST
    assert d.prescription.load_kg == 9.0


def test_holds_add_a_set_then_lengthen_then_wait_for_the_rung() -> None:
    d = decide([session(DAY, hold_sets("side-plank-knees", 20))], "side-plank-knees")
    assert (d.action, d.prescription.sets, d.prescription.hold_s) == (Action.PROGRESS, 3, 20)
    three = hold_sets("side-plank-knees", 20, n=3)
    d = decide([session(DAY, three)], "side-plank-knees", sets=3)
    assert (d.action, d.prescription.hold_s) == (Action.PROGRESS, 25)
    full = hold_sets("side-plank-knees", 60, n=3)
    top = decide([session(DAY, full)], "side-plank-knees", hold_s=60, sets=3)
    assert (top.action, top.prescription.variation_id) == (Action.HOLD, "side-plank-knees")
    assert "every dose step at this level is used" in top.reason
    days = [DAY + dt.timedelta(days=n) for n in (0, 4, 7, 11)]
    logs = [session(day, full) for day in days]
    up = decide(logs, "side-plank-knees", as_of=DAY + dt.timedelta(days=14), hold_s=60, sets=3)
    assert up.prescription.variation_id == "side-plank"
    short = decide([session(DAY, hold_sets("side-plank-knees", 20, good_s=17))], "side-plank-knees")
    assert short.action is Action.HOLD


def test_top_of_the_ladder_adds_a_set_then_slows_then_holds() -> None:
    sets2 = reps_sets("heavy-band-clam", 12, n=2)
    d = decide([session(DAY, sets2)], "heavy-band-clam", sets=2)
    assert (d.action, d.prescription.sets) == (Action.PROGRESS, 3)
    sets3 = reps_sets("heavy-band-clam", 12, n=3)
    d = decide([session(DAY, sets3)], "heavy-band-clam")
    assert (d.action, d.prescription.tempo) == (Action.PROGRESS, "2-1-3")
    d = decide([session(DAY, sets3)], "heavy-band-clam", tempo="2-1-4")
    assert (d.action, d.rule) == (Action.HOLD, "double-progression")
    assert "hardest variation" in d.reason


def test_a_light_band_steps_to_a_medium_band() -> None:
    sets = reps_sets("banded-clam", 12, n=3)
    d = decide([session(DAY, sets)], "banded-clam", sets=3, tempo="2-1-4")
    assert (d.action, d.prescription.load_note) == (Action.PROGRESS, "medium mini-band")
    assert d.prescription.variation_id == "banded-clam"


def test_one_side_only_is_incomplete() -> None:
    sets = tuple(s for s in reps_sets("clam", 12) if s.side is Side.LEFT)
    d = decide([session(DAY, sets)], "clam")
    assert d.action is Action.HOLD
    assert "each side" in d.reason


def test_unknown_exercise_is_not_found() -> None:
    with pytest.raises(NotFoundError):
        next_prescription(
            [], start("clam").model_copy(update={"variation_id": "nope"}), LADDER, PROGRESSION
        )


def test_registry_rejects_duplicates_and_undocumented_rules() -> None:
    registry = RuleRegistry()
    registry.register(RepeatRule())
    with pytest.raises(InputError, match="already registered"):
        registry.register(RepeatRule())

    class Bare:
        name = "bare"
        priority = 1

        def decide(self, _ctx: object) -> None:
            return None

    with pytest.raises(InputError, match="docstring"):
        registry.register(Bare())


def test_an_extension_rule_needs_only_typed_values() -> None:
    class NoProgressInRaceWeek:
        """Example extension: hold everything (a rule reads typed values only)."""

        name = "race-week-hold"
        priority = 5

        def decide(self, ctx):  # type: ignore[no-untyped-def]
            return ctx.decide(Action.HOLD, self.name, ctx.current, "Race week: hold.")

    rules = (NoProgressInRaceWeek(), *REGISTRY.ordered())
    d = next_prescription(
        [session(DAY, reps_sets("clam", 12))], start("clam"), LADDER, PROGRESSION, rules=rules
    )
    assert d.rule == "race-week-hold"


def test_next_morning_rise_regresses_the_exercise_that_hurt_and_holds_the_others() -> None:
    sets = reps_sets("banded-clam", 12, pain=3) + reps_sets("glute-bridge", 12, n=3, per_side=False)
    log = session(DAY, sets, before=0, morning=2)
    culprit = decide([log], "banded-clam")
    assert (culprit.action, culprit.prescription.variation_id) == (Action.REGRESS, "clam")
    other = decide([log], "glute-bridge")
    assert (other.action, other.rule) == (Action.HOLD, "next-morning-pain")
    assert "banded-clam hurt most" in other.reason
