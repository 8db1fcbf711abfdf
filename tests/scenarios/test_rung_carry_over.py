"""Eight weeks of perfect logs through the real services (SQLite, the bundled library) for a
runner who owns three bands and no dumbbell: every rung change starts the new rung in the
runner's own equipment (a band by the resistance they own, a backpack for a dumbbell), at the
bottom of its range, and says so; every band step names a band the runner owns.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from sqlalchemy.engine import make_url

from glutecoach.domain.log import SessionLog
from glutecoach.library.catalogue import Library
from glutecoach.planning import Action, Decision
from glutecoach.planning.doses import band_in
from glutecoach.services import training
from glutecoach.services.profiles import load_profile
from glutecoach.storage import Database, open_database
from tests.planning.factories import prescribed_sets
from tests.scenarios.profiles import THREE_BANDS

START = dt.date(2026, 11, 2)  # a Monday


def simulate(tmp_path: Path, library: Library) -> list[Decision]:
    """Every planned session of 8 weeks done as prescribed (the guided session's one-tap sets,
    which log the prescribed band), next-morning pain 0; the decisions that stand."""
    path = tmp_path / "three-bands.toml"
    path.write_text(THREE_BANDS, encoding="utf-8")
    decisions: list[Decision] = []
    with open_database(make_url(f"sqlite:///{tmp_path / 'bands.db'}")) as db:
        _, stored, _ = training.create_plan(db, library, load_profile(path), START)
        for planned in stored.plan.sessions:
            session = training.runner_state(db, library, None).plan.session_on(planned.date)
            assert session is not None
            log = SessionLog(date=planned.date, sets=prescribed_sets(session), pain_before=0)
            training.log_session(db, library, None, log, today=planned.date)
            outcome = training.enter_next_morning_pain(db, library, None, 0, planned.date)
            decisions += outcome.decisions
    return decisions


def log_until_band_work(database: Database, library: Library, runner_id: str) -> dt.date:
    """Log every planned session perfectly (as the one-tap sets log them), next-morning pain 0,
    until the plan in force prescribes band work; that session's date."""
    for _ in range(40):
        state = training.runner_state(database, library, runner_id)
        done = {s.log.date for s in state.logs}
        session = next(s for s in state.plan.sessions if s.date not in done)
        if any(band_in(p.load_note) for p in session.prescriptions):
            return session.date
        log = SessionLog(date=session.date, sets=prescribed_sets(session), pain_before=0)
        training.log_session(database, library, runner_id, log, today=session.date)
        training.enter_next_morning_pain(database, library, runner_id, 0, session.date)
    raise AssertionError("perfect logs never reached band work")


def test_rung_changes_keep_the_runners_equipment_and_restart_lighter(
    tmp_path: Path, library: Library
) -> None:
    decisions = simulate(tmp_path, library)
    owned = {"light", "medium", "heavy"}
    ups = [d for d in decisions if d.action is Action.PROGRESS and d.changed_variation]
    assert ups, "8 weeks of perfect logs must climb at least one ladder"
    for d in ups:
        new = d.prescription
        assert "a harder rung restarts lighter (coaching default)" in d.reason, d.reason
        if new.reps is not None:
            assert new.target_reps == new.reps[0], d.reason
        note = new.load_note or ""
        assert "dumbbell" not in note or "backpack" in note, note
        band = band_in(note)
        if band is not None:
            assert note.startswith("your "), note  # the runner's own band, by resistance
            assert band.value in owned
            before = band_in(d.previous.load_note)
            if before is not None:
                assert band.rank <= before.rank, (d.previous.load_note, note)
    for d in decisions:
        band = band_in(d.prescription.load_note)
        assert band is None or band.value in owned, d.prescription.load_note
