"""SQLite writers wait their turn: ``BEGIN IMMEDIATE`` waits for the write lock up to the busy
timeout, a write still turned away is retried from the start a bounded number of times, and
then it is a clear ``StorageError``. Real SQLite files, another connection holding the lock;
the busy timeout is shortened so the test is quick."""

from __future__ import annotations

import sqlite3
import threading
import time
from pathlib import Path

import pytest

from glutecoach.errors import StorageError
from glutecoach.storage import engine as engine_module
from glutecoach.storage import open_database
from glutecoach.storage.unit_of_work import Database, RetryParams, UnitOfWork
from tests.storage import factories as f


@pytest.fixture(autouse=True)
def quick_busy(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(engine_module, "SQLITE_BUSY_TIMEOUT_MS", 200)


def _hold_lock(path: Path, seconds: float) -> threading.Thread:
    locked = threading.Event()

    def hold() -> None:
        connection = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
        connection.execute("BEGIN IMMEDIATE")
        locked.set()
        time.sleep(seconds)
        connection.execute("ROLLBACK")
        connection.close()

    thread = threading.Thread(target=hold)
    thread.start()
    assert locked.wait(10)
    return thread


def _add_runner(db: Database, name: str) -> str:
    def work(uow: UnitOfWork) -> str:
        return uow.runners.add(f.profile(name)).id

    return db.write(work)


def test_a_writer_waits_for_the_lock_and_is_retried_until_it_is_free(
    tmp_path: Path,
) -> None:
    path = tmp_path / "db.sqlite"
    with open_database(f"sqlite:///{path}") as db:
        db.retry = RetryParams(attempts=10, backoff_s=0.05)
        holder = _hold_lock(path, 0.8)  # longer than one busy timeout (0.2 s)
        began = time.monotonic()
        _add_runner(db, "Patient Runner")
        waited = time.monotonic() - began
        holder.join()
        with db.unit_of_work(read_only=True) as uow:
            assert [r.name for r in uow.runners.list()] == ["Patient Runner"]
    assert waited >= 0.5  # it waited for the other writer instead of failing at once


def test_a_writer_gives_up_after_the_bounded_retries(tmp_path: Path) -> None:
    path = tmp_path / "db.sqlite"
    with open_database(f"sqlite:///{path}") as db:
        db.retry = RetryParams(attempts=3, backoff_s=0.01)
        holder = _hold_lock(path, 3.0)
        with pytest.raises(StorageError, match="gave up after 3 attempts") as refused:
            _add_runner(db, "Impatient Runner")
        holder.join()
        assert refused.value.exit_code == 4
        with db.unit_of_work(read_only=True) as uow:
            assert uow.runners.list() == ()


def test_readers_do_not_wait_for_a_writer(tmp_path: Path) -> None:
    path = tmp_path / "db.sqlite"
    with open_database(f"sqlite:///{path}") as db:
        _add_runner(db, "Reader")
        holder = _hold_lock(path, 1.0)
        began = time.monotonic()
        with db.unit_of_work(read_only=True) as uow:
            assert len(uow.runners.list()) == 1
        assert time.monotonic() - began < 0.5
        holder.join()
