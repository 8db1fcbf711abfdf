"""The version of a runner's stored training (storage/training_versions.py), on SQLite and
PostgreSQL: every write that changes what the plan in force is computed from moves it, even
under a clock that never ticks; reading, and writing another runner's training, do not."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from sqlalchemy.engine import URL

from glutecoach.domain.log import SessionLog
from glutecoach.library.catalogue import Library
from glutecoach.services import training
from glutecoach.services.profiles import load_profile
from glutecoach.storage import Database, UnitOfWork, open_database
from glutecoach.storage.training_versions import TrainingVersion
from tests.conftest import EXAMPLES
from tests.planning.factories import done_sets

START = dt.date(2026, 11, 23)
FROZEN = dt.datetime(2026, 11, 23, 7, 0, tzinfo=dt.UTC)


def _version(database: Database, runner_id: str) -> TrainingVersion | None:
    with database.unit_of_work(read_only=True) as uow:
        return uow.training_versions.version(runner_id)


def test_every_write_moves_the_version_even_when_the_clock_stands_still(
    database_url: URL, library: Library
) -> None:
    now = [FROZEN]
    database = open_database(database_url, clock=lambda: now[0])
    try:
        profile = load_profile(EXAMPLES / "pfp-runner.toml")
        runner, stored, _ = training.create_plan(database, library, profile, START)
        other, _, _ = training.create_plan(
            database, library, profile.model_copy(update={"name": "Other runner"}), START
        )
        session = stored.plan.sessions[0]
        sets = tuple(s for p in session.prescriptions for s in done_sets(p))
        seen = [_version(database, runner.id)]
        assert seen[0] is not None
        logged: list[str] = []

        def log(uow: UnitOfWork) -> None:
            added = uow.logs.add(runner.id, SessionLog(date=session.date, sets=sets[:1]))
            logged.append(added.id)

        writes: list[Callable[[UnitOfWork], object]] = [
            log,
            lambda uow: uow.logs.set_next_morning_pain(logged[0], 2),
            lambda uow: uow.logs.set_next_morning_pain(logged[0], 4),  # same tick, new score
            lambda uow: uow.logs.add_sets(logged[0], sets[1:2]),
            lambda uow: uow.runners.update_profile(
                runner.id, profile.model_copy(update={"weekly_running_km": 45})
            ),
        ]
        for write in writes:
            database.write(write)
            seen.append(_version(database, runner.id))
            assert seen[-1] != seen[-2], f"write {len(seen) - 1} left the version as it was"
        now[0] += dt.timedelta(seconds=1)  # a new plan is the newest by the time it was made
        database.write(lambda uow: uow.plans.add(runner.id, stored.plan))
        assert _version(database, runner.id) != seen[-1], "a new plan moves the version"
        seen.append(_version(database, runner.id))
        outcome = training.log_session(
            database, library, runner.id, SessionLog(date=session.date, sets=sets[:1]), force=True
        )
        assert outcome.decisions, "a session logged on the plan is decided"
        seen.append(_version(database, runner.id))
        database.write(
            lambda uow: uow.decisions.add(
                runner.id, outcome.decisions[0], session_log_id=outcome.log.id
            )
        )
        assert _version(database, runner.id) != seen[-1], "a stored decision moves the version"

        before = _version(database, runner.id)
        training.runner_state(database, library, runner.id)
        assert _version(database, runner.id) == before, "reading changes nothing"
        training.log_session(
            database, library, other.id, SessionLog(date=session.date, sets=sets[:1]), force=True
        )
        assert _version(database, runner.id) == before, "another runner's log is not ours"
    finally:
        database.dispose()


def test_an_unknown_runner_has_no_version(database: Database) -> None:
    assert _version(database, "no-such-runner") is None
