"""Every write is a transaction: a log is stored whole or not at all."""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest
from sqlalchemy import text
from sqlalchemy.engine import URL

from glutecoach.errors import StorageError
from glutecoach.storage import Database, open_database
from tests.storage import factories as f


def _counts(database: Database) -> dict[str, int]:
    with database.engine.connect() as connection:
        return {
            name: connection.execute(text(f"SELECT COUNT(*) FROM {name}")).scalar_one()
            for name in ("runners", "session_logs", "set_logs", "decisions")
        }


def test_a_unit_of_work_commits_on_success(database: Database) -> None:
    with database.unit_of_work() as uow:
        runner = uow.runners.add(f.profile())
        uow.logs.add(runner.id, f.session_log(n_sets=10))
    assert _counts(database) == {"runners": 1, "session_logs": 1, "set_logs": 11, "decisions": 0}


def test_an_exception_mid_log_leaves_nothing(database: Database) -> None:
    with database.unit_of_work() as uow:
        runner = uow.runners.add(f.profile())
    before = _counts(database)

    def log_then_fail() -> None:
        with database.unit_of_work() as uow:
            log = uow.logs.add(runner.id, f.session_log(n_sets=10))
            uow.decisions.add(runner.id, f.decision(), session_log_id=log.id)
            raise RuntimeError("power cut between the log and the next decision")

    with pytest.raises(RuntimeError, match="power cut"):
        log_then_fail()
    assert _counts(database) == before
    with database.unit_of_work() as uow:
        assert uow.logs.history(runner.id) == ()


def test_an_interrupt_rolls_back_too(database: Database) -> None:
    with database.unit_of_work() as uow:
        runner = uow.runners.add(f.profile())

    def log_then_interrupt() -> None:
        with database.unit_of_work() as uow:
            uow.logs.add(runner.id, f.session_log())
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        log_then_interrupt()
    assert _counts(database)["session_logs"] == 0


KILLED_MID_LOG = """
import os, sys
sys.path[:0] = {paths!r}
from glutecoach.storage import open_database
from tests.storage import factories as f

database = open_database({url!r})
with database.unit_of_work() as uow:
    runner = uow.runners.add(f.profile("Committed Runner"))
with database.unit_of_work() as uow:
    runner = uow.runners.resolve("committed-runner")
    uow.logs.add(runner.id, f.session_log(n_sets=10))
    uow.session.flush()  # the rows have reached the database, uncommitted
    os._exit(9)  # the process dies here, as if killed
"""


def test_a_process_killed_mid_log_leaves_nothing(database_url: URL) -> None:
    script = KILLED_MID_LOG.format(
        paths=[p for p in sys.path if p], url=database_url.render_as_string(hide_password=False)
    )
    done = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(script)], capture_output=True, timeout=120
    )
    assert done.returncode == 9, done.stderr.decode()
    with open_database(database_url) as database:
        counts = _counts(database)
        with database.unit_of_work() as uow:
            runner = uow.runners.resolve("committed-runner")
            assert uow.logs.history(runner.id) == ()
    assert counts == {"runners": 1, "session_logs": 0, "set_logs": 0, "decisions": 0}


def test_database_errors_become_storage_errors(database: Database) -> None:
    with database.unit_of_work() as uow:
        runner = uow.runners.add(f.profile())
    orphan_set = text(
        "INSERT INTO set_logs (session_log_id, position, variation_id, side, pain_during) "
        "VALUES ('no-such-log', 0, 'clam-band', 'left', 0)"
    )
    with (
        pytest.raises(StorageError, match="cannot write to the database") as caught,
        database.unit_of_work() as uow,
    ):
        uow.session.execute(orphan_set)
    assert database.description in str(caught.value)
    assert _counts(database)["runners"] == 1
    assert runner.id
