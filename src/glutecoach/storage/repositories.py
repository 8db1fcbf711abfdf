"""Repositories: read and write domain values through a session. They never commit.

Each repository takes the ``Session`` of the current unit of work (see ``unit_of_work.py``),
which commits or rolls back the whole use case. Every query about a runner's data filters by
that runner's id, and every write that links rows checks they belong to the same runner, so
two runners' data never mix.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
import uuid
from collections.abc import Callable

from sqlalchemy import select
from sqlalchemy.orm import Session

from glutecoach.domain.analysis_record import AnalysisRecord
from glutecoach.domain.plan import Plan
from glutecoach.domain.profile import RunnerProfile
from glutecoach.errors import InputError, NotFoundError
from glutecoach.storage.parsed_cache import ParsedCache
from glutecoach.storage.records import (
    StoredAnalysis,
    StoredPlan,
    StoredRunner,
    UtcClock,
    analysis_from_row,
    dump,
    plan_from_row,
    plan_row,
    runner_from_row,
)
from glutecoach.storage.tables import (
    SLUG_LENGTH,
    AnalysisRow,
    PlanRow,
    RunnerRow,
    SessionLogRow,
)

Clock = Callable[[], dt.datetime]
"""Returns the current time, timezone-aware (UTC)."""


def new_id() -> str:
    """A fresh, stable row id (a random UUID as text)."""
    return str(uuid.uuid4())


def slugify(name: str) -> str:
    """'Zoë Runner' -> 'zoe-runner': lowercase ASCII words joined by '-' ('runner' if none)."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")
    return slug[: SLUG_LENGTH - 8].strip("-") or "runner"


class RunnerRepository:
    """Runners (profiles). Names are unique; the id and slug never change."""

    def __init__(self, session: Session, clock: Clock | None = None) -> None:
        self._session = session
        self._now = clock or UtcClock()

    def add(self, profile: RunnerProfile) -> StoredRunner:
        """Store a new runner; ``InputError`` if the name is taken."""
        same = self._by_name(profile.name)
        if same is not None:
            raise InputError(
                f"a runner named {same.name!r} already exists (names are compared ignoring "
                "case); choose another name or update that runner's profile"
            )
        now = self._now()
        row = RunnerRow(
            id=new_id(),
            slug=self._free_slug(slugify(profile.name)),
            name=profile.name,
            profile=dump(profile),
            created_at=now,
            updated_at=now,
        )
        self._session.add(row)
        self._session.flush()
        return runner_from_row(row)

    def get(self, runner_id: str) -> StoredRunner:
        return runner_from_row(self._row(runner_id))

    def find(self, ref: str) -> StoredRunner | None:
        """The runner whose id, slug or name is ``ref`` (in that order of priority), else the
        one whose name is ``ref`` ignoring case ('ana' finds 'Ana'), or None."""
        stmt = select(RunnerRow).where(
            (RunnerRow.id == ref) | (RunnerRow.slug == ref) | (RunnerRow.name == ref)
        )
        rows = list(self._session.scalars(stmt))
        for row in rows:
            _keep(self._session, row)
        for field in ("id", "slug", "name"):
            for row in rows:
                if getattr(row, field) == ref:
                    return runner_from_row(row)
        same = self._by_name(ref)
        return None if same is None else runner_from_row(same)

    def resolve(self, ref: str) -> StoredRunner:
        """Like ``find``; ``NotFoundError`` listing the known runners if none matches."""
        runner = self.find(ref)
        if runner is None:
            known = ", ".join(r.slug for r in self.list()) or "none yet"
            raise NotFoundError(f"no runner {ref!r} in the database (runners: {known})")
        return runner

    def lock(self, runner_id: str) -> None:
        """Hold the runner's row until the transaction ends (PostgreSQL ``SELECT ... FOR
        UPDATE``), so writers for one runner take turns and each reads what the one before it
        committed. SQLite needs no row lock: a writer holds the whole database from ``BEGIN
        IMMEDIATE`` on."""
        stmt = select(RunnerRow.id).where(RunnerRow.id == runner_id).with_for_update()
        if self._session.scalars(stmt).first() is None:
            raise NotFoundError(f"no runner with id {runner_id!r} in the database")

    def list(self) -> tuple[StoredRunner, ...]:
        rows = self._session.scalars(select(RunnerRow).order_by(RunnerRow.name))
        return tuple(runner_from_row(row) for row in rows)

    def update_profile(self, runner_id: str, profile: RunnerProfile) -> StoredRunner:
        """Replace the profile (the name may change; the id and slug stay)."""
        row = self._row(runner_id)
        other = self._by_name(profile.name)
        if other is not None and other.id != runner_id:
            raise InputError(
                f"another runner is already named {other.name!r} (names are compared ignoring "
                "case); choose another name"
            )
        row.name = profile.name
        row.profile = dump(profile)
        row.updated_at = self._now()
        self._session.flush()
        return runner_from_row(row)

    def remove(self, runner_id: str) -> None:
        """Delete a runner and everything stored for them."""
        self._session.delete(self._row(runner_id))
        self._session.flush()

    def _row(self, runner_id: str) -> RunnerRow:
        row = self._session.get(RunnerRow, runner_id)
        if row is None:
            raise NotFoundError(f"no runner with id {runner_id!r} in the database")
        return row

    def _by_name(self, name: str) -> RunnerRow | None:
        """The runner named ``name`` ignoring case (Unicode case folding, so 'ZOË' is 'Zoë'),
        exactly first when a database from before this rule holds both 'Ana' and 'ana'."""
        key = name.casefold()
        pairs = self._session.execute(select(RunnerRow.id, RunnerRow.name)).all()
        same = sorted(
            (stored != name, runner_id) for runner_id, stored in pairs if stored.casefold() == key
        )
        return self._session.get(RunnerRow, same[0][1]) if same else None

    def _free_slug(self, base: str) -> str:
        taken = set(
            self._session.scalars(
                select(RunnerRow.slug).where(RunnerRow.slug.startswith(base, autoescape=True))
            )
        )
        slug, n = base, 2
        while slug in taken:
            slug, n = f"{base}-{n}", n + 1
        return slug


def check_runner(session: Session, runner_id: str) -> RunnerRow:
    """The runner's row; ``NotFoundError`` when there is none."""
    row = session.get(RunnerRow, runner_id)
    if row is None:
        raise NotFoundError(f"no runner with id {runner_id!r} in the database")
    return _keep(session, row)


_KEPT_RUNNERS = "glutecoach.runner_rows"


def _keep(session: Session, row: RunnerRow) -> RunnerRow:
    """Hold a runner row for the rest of the unit of work. The session's identity map holds
    rows weakly, so a row already turned into a ``StoredRunner`` was dropped and every later
    ``session.get`` (each repository checks its runner) read it again: one query each. Held
    here, those checks cost nothing; a deleted row still leaves the identity map."""
    session.info.setdefault(_KEPT_RUNNERS, {})[row.id] = row
    return row


def check_session_log(session: Session, log_id: str, runner_id: str) -> None:
    """``NotFoundError`` unless session log ``log_id`` is the runner's. One narrow query (the
    owner's id): loading the row would load its sets too."""
    stmt = select(SessionLogRow.runner_id).where(SessionLogRow.id == log_id)
    if session.scalars(stmt).first() != runner_id:
        raise NotFoundError(f"no session log with id {log_id!r} for this runner")


def check_plan(session: Session, plan_id: str, runner_id: str) -> None:
    """``NotFoundError`` unless plan ``plan_id`` is the runner's (one narrow query: loading
    the row would load every planned session)."""
    stmt = select(PlanRow.runner_id).where(PlanRow.id == plan_id)
    if session.scalars(stmt).first() != runner_id:
        raise NotFoundError(f"no plan with id {plan_id!r} for this runner")


PLANS: ParsedCache[StoredPlan] = ParsedCache(max_entries=16)
"""Plans already read, by id and the runner's name (a plan carries it; a runner may be renamed):
the plans in use of 16 runners; a year-long plan is 260 kB pickled, some 16 MB at most."""


class PlanRepository:
    """Plans, each with its planned sessions, parameters and algorithm version."""

    def __init__(self, session: Session, clock: Clock | None = None) -> None:
        self._session = session
        self._now = clock or UtcClock()

    def add(self, runner_id: str, plan: Plan) -> StoredPlan:
        """Store a plan for a runner; ``plan.runner`` must be that runner's name."""
        runner = check_runner(self._session, runner_id)
        if plan.runner != runner.name:
            raise InputError(
                f"the plan is for {plan.runner!r} but runner {runner.slug!r} is named "
                f"{runner.name!r}; a plan is stored only for the runner it was made for"
            )
        row = plan_row(new_id(), runner_id, plan, self._now())
        self._session.add(row)
        self._session.flush()
        return plan_from_row(row, runner.name)

    def get(self, plan_id: str, runner_id: str | None = None) -> StoredPlan:
        """A plan by id; with ``runner_id``, ``NotFoundError`` unless it is that runner's."""
        row = self._session.get(PlanRow, plan_id)
        if row is None or (runner_id is not None and row.runner_id != runner_id):
            raise NotFoundError(f"no plan with id {plan_id!r} for this runner")
        return plan_from_row(row, check_runner(self._session, row.runner_id).name)

    def list_for(self, runner_id: str) -> tuple[StoredPlan, ...]:
        """The runner's plans, oldest first."""
        runner = check_runner(self._session, runner_id)
        stmt = (
            select(PlanRow)
            .where(PlanRow.runner_id == runner_id)
            .order_by(PlanRow.created_at, PlanRow.id)
        )
        return tuple(plan_from_row(row, runner.name) for row in self._session.scalars(stmt))

    def latest(self, runner_id: str) -> StoredPlan | None:
        """The runner's newest plan (the one in use), or None. Plans are never rewritten, so a
        plan read before comes from ``PLANS`` after a query of its id alone."""
        runner = check_runner(self._session, runner_id)
        stmt = (
            select(PlanRow.id)
            .where(PlanRow.runner_id == runner_id)
            .order_by(PlanRow.created_at.desc(), PlanRow.id.desc())
            .limit(1)
        )
        plan_id = self._session.scalars(stmt).first()
        if plan_id is None:
            return None

        def parse() -> StoredPlan:
            row = self._session.get(PlanRow, plan_id)
            assert row is not None  # just selected, in this transaction
            return plan_from_row(row, runner.name)

        return PLANS.get(self._session, (plan_id, runner.name), parse)


class AnalysisRepository:
    """Stored technique checks (the whole analysis JSON), per runner."""

    def __init__(self, session: Session, clock: Clock | None = None) -> None:
        self._session = session
        self._now = clock or UtcClock()

    def add(
        self,
        runner_id: str,
        record: AnalysisRecord,
        *,
        video_name: str,
        session_log_id: str | None = None,
    ) -> StoredAnalysis:
        """Store a checked analysis (``AnalysisRecord``: typed columns and the JSON)."""
        if not isinstance(record, AnalysisRecord):
            raise TypeError(f"store an AnalysisRecord, not {type(record).__name__}")
        check_runner(self._session, runner_id)
        if session_log_id is not None:
            check_session_log(self._session, session_log_id, runner_id)
        row = AnalysisRow(
            id=new_id(),
            runner_id=runner_id,
            session_log_id=session_log_id,
            exercise=record.exercise,
            video_name=video_name,
            video_sha256=record.video_sha256,
            analysis_version=record.analysis_version,
            rep_count=record.rep_count,
            good_form_reps=record.good_form_reps,
            result=dict(record.document),
            created_at=self._now(),
        )
        self._session.add(row)
        self._session.flush()
        return analysis_from_row(row)

    def history(self, runner_id: str) -> tuple[StoredAnalysis, ...]:
        check_runner(self._session, runner_id)
        stmt = (
            select(AnalysisRow)
            .where(AnalysisRow.runner_id == runner_id)
            .order_by(AnalysisRow.created_at, AnalysisRow.id)
        )
        return tuple(analysis_from_row(row) for row in self._session.scalars(stmt))
