"""The database handle and the unit of work: one transaction per use case.

Services own transactions::

    database = open_database()              # resolve the URL, connect, migrate to head
    with database.unit_of_work() as uow:    # BEGIN
        runner = uow.runners.resolve("alex")
        stored = uow.logs.add(runner.id, session_log, plan_id=plan.id)
        uow.decisions.add(runner.id, decision, session_log_id=stored.id)
                                            # COMMIT here, or ROLLBACK on any exception

Leaving the block normally commits everything written in it; leaving it by any exception
(including KeyboardInterrupt and ``Interrupted``) rolls all of it back, so an interrupted log
leaves either the whole session or nothing. The commit itself is shielded from SIGINT and
SIGTERM, and what it stored is recorded (``interrupts.record_done``) in the same breath, so a
signal right after it is reported as "stored", never as "nothing written". A process killed
mid-way never commits either. Database errors come out as ``StorageError`` naming the
database without its password.

Writers that must not lose an update use ``Database.write(work)``: ``work(uow)`` runs in one
transaction that takes the write lock first (SQLite ``BEGIN IMMEDIATE``, waiting its turn up
to the busy timeout); when the database still reports itself busy (SQLite) or the transaction
lost a serialization race or deadlock (PostgreSQL), the whole transaction is retried from the
start, a bounded number of times, so each attempt decides on everything committed before it.
Read-only work uses ``unit_of_work(read_only=True)``, which never waits for writers.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TypeVar

from sqlalchemy import Engine
from sqlalchemy.engine import URL
from sqlalchemy.exc import DBAPIError, SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from glutecoach import interrupts
from glutecoach.storage.accounts import AccountRepository
from glutecoach.storage.engine import (
    READ_ONLY,
    check_connection,
    create_database_engine,
    describe_url,
    resolve_database_url,
    storage_error,
)
from glutecoach.storage.log_repositories import DecisionRepository, SessionLogRepository
from glutecoach.storage.records import UtcClock
from glutecoach.storage.repositories import (
    AnalysisRepository,
    Clock,
    PlanRepository,
    RunnerRepository,
)
from glutecoach.storage.schema import upgrade_to_head
from glutecoach.storage.training_versions import TrainingVersionRepository
from glutecoach.storage.video_jobs import VideoJobRepository

T = TypeVar("T")


@dataclass(frozen=True)
class RetryParams:
    """How ``Database.write`` retries a transaction the database turned away.

    * ``attempts`` = 4: the first try and three more. Each SQLite attempt already waits up to
      the busy timeout (10 s) for the write lock, so four attempts bound the wait at about 40 s.
    * ``backoff_s`` = 0.05, doubled per retry with up to 50 % random jitter, so writers that
      collided do not collide again in step.
    """

    attempts: int = 4
    backoff_s: float = 0.05


_SQLITE_BUSY = ("database is locked", "database is busy", "database table is locked")
_POSTGRES_RETRY_STATES = {"40001", "40P01"}  # serialization_failure, deadlock_detected


def is_transient(exc: SQLAlchemyError) -> bool:
    """True for a write the database turned away for now (busy, lost race), not for good."""
    if not isinstance(exc, DBAPIError):
        return False
    state = getattr(exc.orig, "sqlstate", None)
    if state in _POSTGRES_RETRY_STATES:
        return True
    return any(text in str(exc.orig).lower() for text in _SQLITE_BUSY)


class UnitOfWork:
    """The repositories of one transaction, all sharing its session and clock."""

    def __init__(self, session: Session, clock: Clock) -> None:
        self.session = session
        self.runners = RunnerRepository(session, clock)
        self.plans = PlanRepository(session, clock)
        self.logs = SessionLogRepository(session, clock)
        self.decisions = DecisionRepository(session, clock)
        self.analyses = AnalysisRepository(session, clock)
        self.accounts = AccountRepository(session, clock)
        self.video_jobs = VideoJobRepository(session, clock)
        self.training_versions = TrainingVersionRepository(session)


class Database:
    """An open database: the engine, a session factory and a clock for timestamps."""

    def __init__(self, engine: Engine, clock: Clock | None = None) -> None:
        self.engine = engine
        self.clock: Clock = clock or UtcClock()
        self._sessions = sessionmaker(bind=engine, expire_on_commit=False)
        self._read_sessions = sessionmaker(
            bind=engine.execution_options(**{READ_ONLY: True}), expire_on_commit=False
        )
        lookups = (
            engine.execution_options(isolation_level="AUTOCOMMIT")
            if engine.dialect.name == "postgresql"
            else engine.execution_options(**{READ_ONLY: True})
        )
        self._lookup_sessions = sessionmaker(bind=lookups, expire_on_commit=False)
        self.retry = RetryParams()

    @property
    def url(self) -> URL:
        return self.engine.url

    @property
    def description(self) -> str:
        """The URL without its password, for messages."""
        return describe_url(self.engine.url)

    @property
    def backend(self) -> str:
        """'sqlite' or 'postgresql'."""
        return self.engine.dialect.name

    @contextmanager
    def unit_of_work(self, *, read_only: bool = False, saved: str = "") -> Iterator[UnitOfWork]:
        """A transaction: commit on normal exit, roll back on any exception. ``saved`` says
        what a commit stored ("the session of 2026-11-25"), for an interrupt's message."""
        with self._transaction(read_only=read_only, saved=saved) as uow:
            yield uow

    @contextmanager
    def lookup(self) -> Iterator[UnitOfWork]:
        """For one read of one statement that every request makes (who is signed in): on
        PostgreSQL it runs on its own, without BEGIN and COMMIT (two round trips fewer);
        on SQLite in a read-only transaction. Never for writes, nor for reads that must
        agree with each other: those use ``unit_of_work``."""
        with self._transaction(read_only=True, saved="", factory=self._lookup_sessions) as uow:
            yield uow

    @contextmanager
    def _transaction(
        self,
        *,
        read_only: bool,
        saved: str,
        retryable: bool = False,
        factory: sessionmaker[Session] | None = None,
    ) -> Iterator[UnitOfWork]:
        session = (factory or (self._read_sessions if read_only else self._sessions))()
        try:
            yield UnitOfWork(session, self.clock)
            with interrupts.shielded():
                session.commit()
                if saved:
                    interrupts.record_done(f"{saved} was stored")
        except SQLAlchemyError as exc:
            _quiet_rollback(session)
            if retryable and is_transient(exc):
                raise _Transient(exc) from exc
            raise storage_error("cannot write to the database", self.url, exc) from exc
        except BaseException:
            _quiet_rollback(session)
            raise
        finally:
            session.close()

    def write(self, work: Callable[[UnitOfWork], T], *, saved: str = "") -> T:
        """Run ``work(uow)`` in one write transaction and commit; retried from the start (up to
        ``retry.attempts`` times) while the database reports it busy or a lost race."""
        for attempt in range(1, self.retry.attempts + 1):
            try:
                with self._transaction(read_only=False, saved=saved, retryable=True) as uow:
                    return work(uow)
            except _Transient as exc:
                if attempt == self.retry.attempts:
                    raise storage_error(
                        f"gave up after {attempt} attempts: the database stayed busy; try "
                        "again when the other writers are done",
                        self.url,
                        exc.cause,
                    ) from exc.cause
                pause = self.retry.backoff_s * 2 ** (attempt - 1)
                time.sleep(pause * (1 + random.random() / 2))
        raise AssertionError("unreachable")  # pragma: no cover

    def dispose(self) -> None:
        """Close every pooled connection (call when done with the database)."""
        self.engine.dispose()

    def __enter__(self) -> Database:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.dispose()


class _Transient(Exception):  # noqa: N818 - internal signal to retry, never shown
    """A write the database turned away for now; ``Database.write`` retries it."""

    def __init__(self, cause: SQLAlchemyError) -> None:
        super().__init__(str(cause))
        self.cause = cause


def _quiet_rollback(session: Session) -> None:
    """Roll back; a connection already broken (e.g. by an interrupt) is simply discarded."""
    try:
        session.rollback()
    except SQLAlchemyError:
        session.invalidate()


def open_database(
    url: str | URL | None = None, *, migrate: bool = True, clock: Clock | None = None
) -> Database:
    """Open the database named by ``url`` (else ``$GLUTECOACH_DATABASE_URL``, else the default
    SQLite file), check it can be reached and, unless ``migrate`` is False, bring its schema to
    the newest revision. ``InputError`` for a bad URL, ``StorageError`` for an unreachable or
    unusable database."""
    engine = create_database_engine(resolve_database_url(url))
    try:
        check_connection(engine)
        if migrate:
            upgrade_to_head(engine)
    except BaseException:
        engine.dispose()
        raise
    return Database(engine, clock)
