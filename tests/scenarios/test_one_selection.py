"""Issue 11 on the runners of docs/clinical-scenarios.md: the ITB runner keeps the families of
published programmes, novices start on first rungs, and eight weeks of good sessions logged on
a real database never stall a runner with no equipment or push a session past the minutes."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from sqlalchemy.engine import make_url

from glutecoach.domain.log import SessionLog, SetLog, Side
from glutecoach.domain.plan import Prescription
from glutecoach.domain.vocabulary import BodySide, Experience, Pattern
from glutecoach.library.catalogue import Library
from glutecoach.services import training
from glutecoach.services.ladder import RunnerLadder
from glutecoach.storage import open_database
from tests.scenarios.test_clinical_scenarios import START, profile_from

NOVICES = ("pfp-left", "gt-right", "lbp", "beginner")


def test_itb_runner_keeps_the_four_families_of_its_programme(
    tmp_path: Path, library: Library
) -> None:
    """McKay 2020: side-lying abduction, a modified side plank, hip hikes and bridges."""
    plan, result = training.build_plan(library, profile_from(tmp_path, "itbs-right"), START)
    week = [s for s in plan.sessions if (s.date - START).days < 7]
    chosen = {library.family_of(p.variation_id) for s in week for p in s.prescriptions}
    families = {f.family for f in chosen}
    patterns = {f.pattern for f in chosen}
    assert patterns == set(Pattern)
    assert "side-plank" in families
    assert "glute-bridge" in families
    assert families & {"hip-hitch", "single-leg-squat"}
    assert all(s.minutes_planned <= 30 for s in plan.sessions)
    assert not result.left_out or all(x.why for x in result.left_out)


@pytest.mark.parametrize("key", NOVICES)
def test_a_novice_starts_every_ladder_on_its_first_rung(
    tmp_path: Path, library: Library, key: str
) -> None:
    profile = profile_from(tmp_path, key)
    assert profile.strength_experience in (Experience.NONE, Experience.NOVICE)
    plan, _ = training.build_plan(library, profile, START)
    ladder = RunnerLadder(library, profile)
    for s in plan.sessions[:3]:
        for p in s.prescriptions:
            legs = (p.side,) if p.side else (None,)
            for leg in legs:
                below = ladder.for_side(leg).easier(p.variation_id)
                assert below == (), f"{p.variation_id} ({leg}): could start on {below[0].id}"


def good_sets(p: Prescription) -> tuple[SetLog, ...]:
    """Every set of ``p`` at the top of its range with good form and no pain."""
    if p.side is not None:
        sides: tuple[Side, ...] = (Side(p.side.value),)
    else:
        sides = (Side.LEFT, Side.RIGHT) if p.per_side else (Side.BOTH,)
    out = []
    for _ in range(p.sets):
        for side in sides:
            if p.hold_s is not None:
                out.append(
                    SetLog(variation_id=p.variation_id, side=side, hold_s=p.hold_s,
                           good_form_hold_s=p.hold_s, pain_during=0, load_kg=p.load_kg)
                )  # fmt: skip
            else:
                assert p.reps is not None
                out.append(
                    SetLog(variation_id=p.variation_id, side=side, reps_done=p.reps[1],
                           good_form_reps=p.reps[1], pain_during=0, load_kg=p.load_kg)
                )  # fmt: skip
    return tuple(out)


@pytest.mark.parametrize("key", ["beginner", "itbs-right", "gt-right"])
def test_eight_weeks_of_good_sessions_fit_the_minutes_and_never_stall(
    tmp_path: Path, library: Library, key: str
) -> None:
    profile = profile_from(tmp_path, key)
    have = profile.available_equipment()
    url = make_url(f"sqlite:///{tmp_path / 'weeks.db'}")
    with open_database(url) as db:
        training.create_plan(db, library, profile, START)
        reasons: list[str] = []
        day = START
        while True:
            state = training.runner_state(db, library, None)
            session = state.plan.next_session(day)
            if session is None:
                break
            sets = tuple(s for p in session.prescriptions if not p.rested for s in good_sets(p))
            log = SessionLog(date=session.date, sets=sets, pain_before=0, next_morning_pain=0)
            outcome = training.log_session(db, library, None, log, force=True, today=session.date)
            for d in outcome.decisions:
                reasons.append(d.reason)
                needs = set(library.get(d.prescription.variation_id).equipment)
                assert needs - have <= {e for e in needs if e.value == "dumbbell"}, d.reason
            day = session.date + dt.timedelta(days=1)
        final = training.runner_state(db, library, None).plan
    for s in final.sessions:
        assert s.minutes_planned <= profile.minutes_per_session + 1e-9, (s.date, s.notes)
    # "Add load" always says how: never the bare advice without which load or how much.
    assert not [r for r in reasons if "external load (log it in kg)" in r]
    started = {
        p.key: p for p in training.build_plan(library, profile, START)[0].sessions[0].prescriptions
    }
    last = {p.key for p in final.sessions[-1].prescriptions}
    moved = [
        k for k, p in started.items() if k not in last or p not in final.sessions[-1].prescriptions
    ]
    assert moved, "eight weeks of good sessions changed nothing"
    for side in BodySide:  # both legs still train
        assert any(p.side in (None, side) for p in final.sessions[-1].prescriptions)
