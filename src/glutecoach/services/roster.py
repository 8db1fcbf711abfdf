"""The runners stored in a database, each with where they stand: the list ``runners`` shows."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from glutecoach.storage.records import StoredPlan, StoredRunner
    from glutecoach.storage.unit_of_work import Database


@dataclass(frozen=True)
class RunnerSummary:
    """One runner: the plan in use (None before the first), the sessions logged over all
    their plans (``missed`` of them recorded as missed) and the date of the latest one."""

    runner: StoredRunner
    plan: StoredPlan | None
    sessions: int
    missed: int
    last_session: dt.date | None


def runner_summaries(database: Database) -> tuple[RunnerSummary, ...]:
    """Every stored runner, by name, with their plan and sessions (one read transaction)."""
    with database.unit_of_work(read_only=True) as uow:
        out = []
        for runner in uow.runners.list():
            logs = uow.logs.history(runner.id)
            out.append(
                RunnerSummary(
                    runner=runner,
                    plan=uow.plans.latest(runner.id),
                    sessions=len(logs),
                    missed=sum(1 for s in logs if s.log.missed),
                    last_session=max((s.log.date for s in logs), default=None),
                )
            )
    return tuple(out)
