"""Each runner's plan in force, kept by a long-running process (the web server) between
requests, and checked against the database on every use.

Working out the plan in force means reading the runner, their plan with every session, their
logs and decisions, and replaying the decisions over the plan: the bulk of the work of opening
today's page or logging a set. It changes only when a writer stores something, so it is kept
with the version of the stored training it was computed from (``TrainingVersionRepository``:
one cheap query) and used again while that version stands. The version is read in the
caller's own transaction, so what is used is exactly what that transaction would have
computed, whichever process (another server, the CLI) wrote last.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from glutecoach.services.training import RunnerState, runner_state_in
from glutecoach.storage.parsed_cache import ParsedCache

if TYPE_CHECKING:
    from glutecoach.library.catalogue import Library
    from glutecoach.storage.training_versions import TrainingVersion
    from glutecoach.storage.unit_of_work import Database, UnitOfWork


@dataclass(frozen=True)
class RunnerStateParams:
    """- ``max_runners`` = 512: runners kept at once; the least recently used one is dropped
    first. A runner's state (a 12-week plan, its logs and decisions) takes some tens of
    kilobytes, so the default bounds the memory at some tens of megabytes.
    """

    max_runners: int = 512


class RunnerStates:
    """The plans in force of one library's runners, by database and runner (a bounded
    ``ParsedCache``). Safe to share between threads: the states kept are frozen values."""

    def __init__(self, library: Library, params: RunnerStateParams | None = None) -> None:
        self.library = library
        self.params = params or RunnerStateParams()
        self._kept: ParsedCache[tuple[TrainingVersion, RunnerState]] = ParsedCache(
            self.params.max_runners
        )
        self.hits = 0
        self.misses = 0

    def state_in(self, uow: UnitOfWork, runner_id: str) -> RunnerState:
        """The runner's state as of the caller's transaction (``NotFoundError`` as
        ``runner_state_in`` for an unknown runner or one without a plan)."""
        version = uow.training_versions.version(runner_id)
        if version is not None:
            kept = self._kept.known(uow.session, runner_id)
            if kept is not None and kept[0] == version:
                self.hits += 1
                return kept[1]
            self.misses += 1
        state = runner_state_in(uow, self.library, runner_id)
        if version is not None and state.runner.id == runner_id:
            self._kept.keep(uow.session, runner_id, (version, state))
        return state

    def state(self, database: Database, runner_id: str) -> RunnerState:
        """``state_in`` in a read-only transaction of its own."""
        with database.unit_of_work(read_only=True) as uow:
            return self.state_in(uow, runner_id)

    def __len__(self) -> int:
        return len(self._kept)
