"""The version of a runner's training as stored: one cheap query whose answer changes whenever
anything the plan in force is computed from changes, so a process may keep that plan between
requests and still never show one older than the database.

The plan in force is computed from the runner's row (name and profile), their newest plan and
the session logs (with their sets) and decisions stored since. Plans, logs, sets and decisions
are only ever added, never rewritten, except that a log gets its next-morning pain or more sets
later (``updated_at`` is set each time, and the pain and the set count are read as well, so a
change within one tick of a frozen clock is still seen); runners change only in
``update_profile`` (``updated_at``; the name and profile, a small document, are read as well).
Rows are removed only with their runner, whose version is then None. Any process writing
through the repositories (the CLI, another server) moves the version the same way.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import BindParameter, Select, bindparam, func, select, true
from sqlalchemy.orm import Session

from glutecoach.storage.tables import DecisionRow, PlanRow, RunnerRow, SessionLogRow, SetLogRow

TrainingVersion = tuple[Any, ...]
"""Compared for equality only; its parts are not for reading."""


def _version_statement() -> Select[Any]:
    runner_id: BindParameter[str] = bindparam("runner_id")
    newest_plan = (
        select(PlanRow.id)
        .where(PlanRow.runner_id == runner_id)
        .order_by(PlanRow.created_at.desc(), PlanRow.id.desc())
        .limit(1)
        .scalar_subquery()
    )
    logs = (
        select(
            func.count().label("n"),
            func.max(SessionLogRow.created_at).label("added"),
            func.max(SessionLogRow.updated_at).label("changed"),
            func.count(SessionLogRow.next_morning_pain).label("pains"),
            func.sum(SessionLogRow.next_morning_pain).label("pain_total"),
        )
        .where(SessionLogRow.runner_id == runner_id)
        .subquery()
    )
    sets = (
        select(func.count())
        .select_from(SetLogRow)
        .join(SessionLogRow, SessionLogRow.id == SetLogRow.session_log_id)
        .where(SessionLogRow.runner_id == runner_id)
        .scalar_subquery()
    )
    decisions = (
        select(func.count().label("n"), func.max(DecisionRow.created_at).label("added"))
        .where(DecisionRow.runner_id == runner_id)
        .subquery()
    )
    return (
        select(
            RunnerRow.updated_at,
            RunnerRow.name,
            RunnerRow.profile,
            newest_plan,
            logs.c.n,
            logs.c.added,
            logs.c.changed,
            logs.c.pains,
            logs.c.pain_total,
            sets,
            decisions.c.n,
            decisions.c.added,
        )
        .select_from(RunnerRow)
        .join(logs, true())
        .join(decisions, true())
        .where(RunnerRow.id == runner_id)
    )


_VERSION = _version_statement()  # built once: it runs on every page and every set logged


class TrainingVersionRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

    def version(self, runner_id: str) -> TrainingVersion | None:
        """The version of the runner's stored training, or None when there is no such runner."""
        row = self._session.connection().execute(_VERSION, {"runner_id": runner_id}).first()
        return None if row is None else tuple(row)
