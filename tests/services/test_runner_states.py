"""The plans in force kept between requests (services/runner_states.py), on SQLite and
PostgreSQL: a kept state is used again only while nothing was written, a write through
another connection (another server process, the CLI) is seen at once, and what is used is
always equal to the state computed afresh."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy.engine import URL

from glutecoach.domain.log import SessionLog
from glutecoach.errors import NotFoundError
from glutecoach.library.catalogue import Library
from glutecoach.services import training
from glutecoach.services.profiles import load_profile
from glutecoach.services.runner_states import RunnerStateParams, RunnerStates
from glutecoach.storage import Database, UnitOfWork, open_database
from tests.conftest import EXAMPLES
from tests.planning.factories import done_sets

START = dt.date(2026, 11, 23)
PROFILE = load_profile(EXAMPLES / "pfp-runner.toml")


def _log(state: training.RunnerState, index: int) -> SessionLog:
    session = state.plan.sessions[index]
    sets = tuple(s for p in session.prescriptions if not p.rested for s in done_sets(p))
    return SessionLog(date=session.date, sets=sets, pain_before=1)


def test_a_kept_state_is_used_until_something_is_written_from_anywhere(
    database: Database, database_url: URL, library: Library
) -> None:
    runner, _, _ = training.create_plan(database, library, PROFILE, START)
    states = RunnerStates(library)
    first = states.state(database, runner.id)
    assert first == training.runner_state(database, library, runner.id)
    assert states.state(database, runner.id) is first, "nothing written: the kept state"
    assert (states.hits, states.misses) == (1, 1)

    other_process = open_database(database_url)  # its own engine and connections
    try:
        training.log_session(other_process, library, runner.id, _log(first, 0))
        after_log = states.state(database, runner.id)
        assert len(after_log.logs) == 1
        assert after_log.decisions
        assert after_log == training.runner_state(database, library, runner.id)

        training.enter_next_morning_pain(other_process, library, runner.id, 3)
        after_pain = states.state(database, runner.id)
        assert after_pain.logs[0].log.next_morning_pain == 3
        assert after_pain == training.runner_state(database, library, runner.id)

        changed = PROFILE.model_copy(update={"minutes_per_session": 30})
        _, new_plan, _ = training.create_plan(
            other_process, library, changed, START + dt.timedelta(days=7)
        )
        after_plan = states.state(database, runner.id)
        assert after_plan.stored_plan.id == new_plan.id
        assert after_plan.runner.profile.minutes_per_session == 30
        assert after_plan == training.runner_state(database, library, runner.id)
    finally:
        other_process.dispose()
    assert (states.hits, states.misses) == (1, 4)


def test_the_kept_state_is_the_one_of_the_callers_transaction(
    database: Database, library: Library
) -> None:
    """A writer reading through the kept states inside its transaction sees its own writes."""
    runner, _, _ = training.create_plan(database, library, PROFILE, START)
    states = RunnerStates(library)
    before = states.state(database, runner.id)

    def work(uow: UnitOfWork) -> training.RunnerState:
        training.store_session(uow, library, runner.id, _log(before, 0))
        return states.state_in(uow, runner.id)

    inside = database.write(work)
    assert len(inside.logs) == 1
    assert inside == training.runner_state(database, library, runner.id)


def test_an_unknown_runner_is_not_found_and_nothing_is_kept(
    database: Database, library: Library
) -> None:
    states = RunnerStates(library)
    with pytest.raises(NotFoundError):
        states.state(database, "no-such-runner")
    assert len(states) == 0


def test_at_most_max_runners_are_kept_the_least_recently_used_dropped_first(
    database: Database, library: Library
) -> None:
    runners = [
        training.create_plan(
            database, library, PROFILE.model_copy(update={"name": f"Runner {n}"}), START
        )[0]
        for n in range(3)
    ]
    states = RunnerStates(library, RunnerStateParams(max_runners=2))
    for runner in runners:
        states.state(database, runner.id)
    assert len(states) == 2
    states.state(database, runners[1].id)  # kept
    states.state(database, runners[0].id)  # dropped before: computed again
    assert (states.hits, states.misses) == (1, 4)
