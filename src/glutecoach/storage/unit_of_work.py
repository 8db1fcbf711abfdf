"""The database handle and the unit of work: one transaction per use case.

Services own transactions::

    database = open_database()              # resolve the URL, connect, migrate to head
    with database.unit_of_work() as uow:    # BEGIN
        runner = uow.runners.resolve("alex")
        stored = uow.logs.add(runner.id, session_log, plan_id=plan.id)
        uow.decisions.add(runner.id, decision, session_log_id=stored.id)
                                            # COMMIT here, or ROLLBACK on any exception

Leaving the block normally commits everything written in it; leaving it by any exception
(including KeyboardInterrupt) rolls all of it back, so an interrupted log leaves either the whole
session or nothing. A process killed mid-way never commits either. Database errors come out as
``StorageError`` naming the database without its password.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import Engine
from sqlalchemy.engine import URL
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from glutecoach.storage.accounts import AccountRepository
from glutecoach.storage.engine import (
    check_connection,
    create_database_engine,
    describe_url,
    resolve_database_url,
    storage_error,
)
from glutecoach.storage.records import UtcClock
from glutecoach.storage.repositories import (
    AnalysisRepository,
    Clock,
    DecisionRepository,
    PlanRepository,
    RunnerRepository,
    SessionLogRepository,
)
from glutecoach.storage.schema import upgrade_to_head
from glutecoach.storage.video_jobs import VideoJobRepository


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


class Database:
    """An open database: the engine, a session factory and a clock for timestamps."""

    def __init__(self, engine: Engine, clock: Clock | None = None) -> None:
        self.engine = engine
        self.clock: Clock = clock or UtcClock()
        self._sessions = sessionmaker(bind=engine, expire_on_commit=False)

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
    def unit_of_work(self) -> Iterator[UnitOfWork]:
        """A transaction: commit on normal exit, roll back on any exception."""
        session = self._sessions()
        try:
            yield UnitOfWork(session, self.clock)
            session.commit()
        except SQLAlchemyError as exc:
            session.rollback()
            raise storage_error("cannot write to the database", self.url, exc) from exc
        except BaseException:
            session.rollback()
            raise
        finally:
            session.close()

    def dispose(self) -> None:
        """Close every pooled connection (call when done with the database)."""
        self.engine.dispose()

    def __enter__(self) -> Database:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.dispose()


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
