"""Repositories of the training log: session logs with their sets, and the progression
decisions taken from them. They never commit (see ``repositories.py``).

Histories are read without the ORM: one query for the sessions and one for their sets (or
one for the decisions), turned straight into domain values. A season of logs is thousands of
set rows, and building mapped objects for each cost more than the queries themselves.
"""

from __future__ import annotations

import datetime as dt
from itertools import groupby
from typing import Any

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from glutecoach.domain.log import SessionLog, SetLog, parse_session_log
from glutecoach.errors import NotFoundError
from glutecoach.planning.progression import Decision
from glutecoach.storage.parsed_cache import ParsedCache
from glutecoach.storage.records import (
    SET_COLUMNS,
    StoredDecision,
    StoredSessionLog,
    UtcClock,
    decision_from_row,
    decision_row,
    session_log_from_row,
    session_log_from_rows,
    session_log_row,
    set_row,
)
from glutecoach.storage.repositories import (
    Clock,
    check_plan,
    check_runner,
    check_session_log,
    new_id,
)
from glutecoach.storage.tables import DecisionRow, SessionLogRow, SetLogRow

_LOGS = SessionLogRow.__table__
_SETS = SetLogRow.__table__
_DECISIONS = DecisionRow.__table__


LOGS: ParsedCache[StoredSessionLog] = ParsedCache(max_entries=5_000)
"""Logs already read, by id, plan link and last change (see ``parsed_cache.py``): a season's
history (100 sessions) for 50 runners; a log of 20 sets is 2 kB pickled, some 40 MB at most."""
DECISIONS: ParsedCache[StoredDecision] = ParsedCache(max_entries=10_000)
"""Decisions already read, by id and log link: 1 kB pickled each, some 40 MB at most."""
CHUNK = 500
"""Ids per ``IN (...)`` list, well under every backend's limit on bound parameters."""


def _chunks(ids: list[str]) -> list[list[str]]:
    return [ids[i : i + CHUNK] for i in range(0, len(ids), CHUNK)]


class SessionLogRepository:
    """Logged sessions with their sets, in one row per session and one per set."""

    def __init__(self, session: Session, clock: Clock | None = None) -> None:
        self._session = session
        self._now = clock or UtcClock()

    def add(self, runner_id: str, log: SessionLog, plan_id: str | None = None) -> StoredSessionLog:
        """Store a session log (and its sets) for a runner, optionally following a plan of
        theirs. Nothing is committed until the unit of work ends."""
        check_runner(self._session, runner_id)
        if plan_id is not None:
            check_plan(self._session, plan_id, runner_id)
        row = session_log_row(new_id(), runner_id, plan_id, log, self._now())
        self._session.add(row)
        self._session.flush()
        return session_log_from_row(row)

    def get(self, log_id: str, runner_id: str | None = None) -> StoredSessionLog:
        return session_log_from_row(self._row(log_id, runner_id))

    def history(
        self,
        runner_id: str,
        *,
        since: dt.date | None = None,
        until: dt.date | None = None,
        plan_id: str | None = None,
    ) -> tuple[StoredSessionLog, ...]:
        """The runner's logs in date order (then in the order logged), optionally between
        ``since`` and ``until`` inclusive and for one plan."""
        check_runner(self._session, runner_id)
        ids = select(_LOGS.c.id).where(_LOGS.c.runner_id == runner_id)
        if since is not None:
            ids = ids.where(_LOGS.c.date >= since)
        if until is not None:
            ids = ids.where(_LOGS.c.date <= until)
        if plan_id is not None:
            ids = ids.where(_LOGS.c.plan_id == plan_id)
        return self._read(ids)

    def _read(self, ids: Select[Any]) -> tuple[StoredSessionLog, ...]:
        """The logs whose ids ``ids`` selects, in date order, each with its sets: those read
        before and unchanged since from ``LOGS``, the others from their rows."""
        keys = self._session.execute(
            select(_LOGS.c.id, _LOGS.c.plan_id, _LOGS.c.updated_at)
            .where(_LOGS.c.id.in_(ids.scalar_subquery()))
            .order_by(_LOGS.c.date, _LOGS.c.created_at, _LOGS.c.id)
        ).all()
        found = [(tuple(k), LOGS.known(self._session, tuple(k))) for k in keys]
        parsed = {
            stored.id: stored
            for chunk in _chunks([k[0] for k, v in found if v is None])
            for stored in self._parse(chunk)
        }
        return tuple(v or LOGS.keep(self._session, k, parsed[k[0]]) for k, v in found)

    def _parse(self, log_ids: list[str]) -> list[StoredSessionLog]:
        logs = self._session.execute(select(_LOGS).where(_LOGS.c.id.in_(log_ids))).all()
        columns = [_SETS.c[name] for name in SET_COLUMNS]
        set_rows = self._session.execute(
            select(_SETS.c.session_log_id, *columns)
            .where(_SETS.c.session_log_id.in_(log_ids))
            .order_by(_SETS.c.session_log_id, _SETS.c.position)
        ).all()
        sets: dict[str, list[dict[str, Any]]] = {
            log_id: [dict(zip(SET_COLUMNS, r[1:], strict=True)) for r in rows]
            for log_id, rows in groupby(set_rows, key=lambda r: r[0])
        }
        return [session_log_from_rows(row, sets.get(row.id, [])) for row in logs]

    def latest(self, runner_id: str) -> StoredSessionLog | None:
        """The runner's most recent log (latest date, then last logged), or None."""
        check_runner(self._session, runner_id)
        stmt = (
            select(SessionLogRow)
            .where(SessionLogRow.runner_id == runner_id)
            .order_by(
                SessionLogRow.date.desc(), SessionLogRow.created_at.desc(), SessionLogRow.id.desc()
            )
            .limit(1)
        )
        row = self._session.scalars(stmt).first()
        return None if row is None else session_log_from_row(row)

    def set_next_morning_pain(
        self, log_id: str, score: int, runner_id: str | None = None
    ) -> StoredSessionLog:
        """Enter next-morning pain (0-10) on a stored log; ``InputError`` if out of range."""
        row = self._row(log_id, runner_id)
        updated = session_log_from_row(row).log.with_next_morning_pain(score)
        row.next_morning_pain = updated.next_morning_pain
        row.updated_at = self._now()
        self._session.flush()
        return session_log_from_row(row)

    def add_sets(
        self, log_id: str, sets: tuple[SetLog, ...], runner_id: str | None = None
    ) -> StoredSessionLog:
        """Append sets to a stored session (e.g. a set measured by a video check)."""
        row = self._row(log_id, runner_id)
        current = session_log_from_row(row).log
        parse_session_log({**current.model_dump(), "sets": [*current.sets, *sets]})
        start = len(row.sets)
        row.sets.extend(set_row(start + i, s) for i, s in enumerate(sets))
        row.updated_at = self._now()
        self._session.flush()
        return session_log_from_row(row)

    def _row(self, log_id: str, runner_id: str | None) -> SessionLogRow:
        row = self._session.get(SessionLogRow, log_id)
        if row is None or (runner_id is not None and row.runner_id != runner_id):
            raise NotFoundError(f"no session log with id {log_id!r} for this runner")
        return row


class DecisionRepository:
    """Progression decisions with their rule, reason and prescriptions before and after."""

    def __init__(self, session: Session, clock: Clock | None = None) -> None:
        self._session = session
        self._now = clock or UtcClock()

    def add(
        self, runner_id: str, decision: Decision, session_log_id: str | None = None
    ) -> StoredDecision:
        """Store a decision for a runner, optionally linked to the log it was decided from."""
        return self.add_all(runner_id, (decision,), session_log_id)[0]

    def add_all(
        self, runner_id: str, decisions: tuple[Decision, ...], session_log_id: str | None = None
    ) -> tuple[StoredDecision, ...]:
        """Store decisions in the order given, checking the runner and the log once."""
        check_runner(self._session, runner_id)
        if session_log_id is not None:
            check_session_log(self._session, session_log_id, runner_id)
        rows = [
            decision_row(new_id(), runner_id, session_log_id, decision, self._now())
            for decision in decisions
        ]
        self._session.add_all(rows)
        self._session.flush()
        return tuple(decision_from_row(row) for row in rows)

    def history(
        self, runner_id: str, variation_id: str | None = None, *, plan_id: str | None = None
    ) -> tuple[StoredDecision, ...]:
        """The runner's decisions in the order they were made, optionally for one exercise
        (by the variation decided for), or only those decided from the logs of one plan."""
        check_runner(self._session, runner_id)
        stmt = select(_DECISIONS).where(_DECISIONS.c.runner_id == runner_id)
        if variation_id is not None:
            stmt = stmt.where(_DECISIONS.c.variation_id == variation_id)
        if plan_id is not None:
            logs = select(_LOGS.c.id).where(
                _LOGS.c.runner_id == runner_id, _LOGS.c.plan_id == plan_id
            )
            stmt = stmt.where(_DECISIONS.c.session_log_id.in_(logs.scalar_subquery()))
        return self._read(stmt.order_by(_DECISIONS.c.created_at, _DECISIONS.c.id))

    def for_session_log(self, session_log_id: str) -> tuple[StoredDecision, ...]:
        stmt = select(_DECISIONS).where(_DECISIONS.c.session_log_id == session_log_id)
        return self._read(stmt.order_by(_DECISIONS.c.created_at, _DECISIONS.c.id))

    def _read(self, stmt: Select[Any]) -> tuple[StoredDecision, ...]:
        """The decisions ``stmt`` selects, in its order: those read before from
        ``DECISIONS``, the others from their rows."""
        picked = stmt.with_only_columns(_DECISIONS.c.id, _DECISIONS.c.session_log_id)
        keys = self._session.execute(picked).all()
        found = [(tuple(k), DECISIONS.known(self._session, tuple(k))) for k in keys]
        parsed = {
            row.id: decision_from_row(row)
            for chunk in _chunks([k[0] for k, v in found if v is None])
            for row in self._session.execute(select(_DECISIONS).where(_DECISIONS.c.id.in_(chunk)))
        }
        return tuple(v or DECISIONS.keep(self._session, k, parsed[k[0]]) for k, v in found)

    def latest_by_variation(self, runner_id: str) -> dict[str, StoredDecision]:
        """The newest decision for each variation decided for."""
        latest: dict[str, StoredDecision] = {}
        for stored in self.history(runner_id):
            latest[stored.decision.variation_id] = stored
        return latest
