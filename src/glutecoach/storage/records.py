"""Stored values: a domain value with the ids and timestamps the database gave it, and the
conversions between table rows and domain values.

Domain types know nothing of ids; these frozen wrappers carry them to the services. Documents
are validated again on the way out, so a damaged or foreign row is reported, not passed on.
"""

from __future__ import annotations

import datetime as dt
import threading
from dataclasses import dataclass
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError
from sqlalchemy import Row

from glutecoach.domain.log import SessionLog, SetLog
from glutecoach.domain.plan import Plan, PlannedSession, Prescription
from glutecoach.domain.profile import RunnerProfile
from glutecoach.errors import StorageError
from glutecoach.planning.progression import Decision
from glutecoach.storage.tables import (
    AnalysisRow,
    DecisionRow,
    PlannedSessionRow,
    PlanRow,
    RunnerRow,
    SessionLogRow,
    SetLogRow,
)

ModelT = TypeVar("ModelT", bound=BaseModel)


class UtcClock:
    """Current UTC time, strictly increasing within the process (ties broken by 1 µs), so rows
    written one after another sort in the order they were written."""

    def __init__(self) -> None:
        self._last = dt.datetime.min.replace(tzinfo=dt.UTC)
        self._lock = threading.Lock()

    def __call__(self) -> dt.datetime:
        with self._lock:
            now = dt.datetime.now(dt.UTC)
            if now <= self._last:
                now = self._last + dt.timedelta(microseconds=1)
            self._last = now
            return now


@dataclass(frozen=True)
class StoredRunner:
    """A runner: stable ``id`` (UUID) and ``slug`` (kept when the name changes)."""

    id: str
    slug: str
    profile: RunnerProfile
    created_at: dt.datetime
    updated_at: dt.datetime

    @property
    def name(self) -> str:
        return self.profile.name


@dataclass(frozen=True)
class StoredPlan:
    id: str
    runner_id: str
    plan: Plan
    created_at: dt.datetime


@dataclass(frozen=True)
class StoredSessionLog:
    """A logged session; ``plan_id`` is the plan it followed, if any. ``updated_at`` is when it
    was last changed after logging (e.g. next-morning pain entered), or None."""

    id: str
    runner_id: str
    plan_id: str | None
    log: SessionLog
    created_at: dt.datetime
    updated_at: dt.datetime | None


@dataclass(frozen=True)
class StoredDecision:
    """A progression decision; ``session_log_id`` is the log it was decided from, if any."""

    id: str
    runner_id: str
    session_log_id: str | None
    decision: Decision
    created_at: dt.datetime


def load_model(model: type[ModelT], document: Any, what: str) -> ModelT:
    """Validate a stored document; ``StorageError`` saying which row is unreadable."""
    try:
        return model.model_validate(document)
    except ValidationError as exc:
        raise StorageError(
            f"{what} in the database is not valid for this glutecoach "
            f"({exc.error_count()} problem(s), first: {exc.errors()[0]['msg']}); "
            "it may have been written by another version"
        ) from exc


def dump(model: BaseModel) -> dict[str, Any]:
    """A domain value as a JSON document (dates as ISO text, tuples as lists)."""
    return model.model_dump(mode="json")


def runner_from_row(row: RunnerRow) -> StoredRunner:
    return StoredRunner(
        id=row.id,
        slug=row.slug,
        profile=load_model(RunnerProfile, row.profile, f"runner {row.slug!r}"),
        created_at=row.created_at,
        updated_at=row.updated_at,
    )


def planned_session_row(position: int, session: PlannedSession) -> PlannedSessionRow:
    return PlannedSessionRow(
        position=position,
        date=session.date,
        week_index=session.week_index,
        kind=session.kind.value,
        warm_up=list(session.warm_up),
        prescriptions=[dump(p) for p in session.prescriptions],
        minutes_planned=session.minutes_planned,
        notes=list(session.notes),
    )


def plan_row(plan_id: str, runner_id: str, plan: Plan, now: dt.datetime) -> PlanRow:
    return PlanRow(
        id=plan_id,
        runner_id=runner_id,
        start_date=plan.start_date,
        weeks=plan.weeks,
        running_week=dump(plan.running_week),
        strength_weekdays=list(plan.strength_weekdays),
        notes=list(plan.notes),
        params=dict(plan.parameters),
        algorithm_version=plan.algorithm_version,
        created_at=now,
        cautions=[dump(c) for c in plan.cautions],
        sessions=[planned_session_row(i, s) for i, s in enumerate(plan.sessions)],
    )


def plan_from_row(row: PlanRow, runner_name: str) -> StoredPlan:
    document = {
        "runner": runner_name,
        "start_date": row.start_date,
        "weeks": row.weeks,
        "running_week": row.running_week,
        "strength_weekdays": row.strength_weekdays,
        "sessions": [
            {
                "date": s.date,
                "week_index": s.week_index,
                "kind": s.kind,
                "warm_up": s.warm_up,
                "prescriptions": s.prescriptions,
                "minutes_planned": s.minutes_planned,
                "notes": s.notes,
            }
            for s in row.sessions
        ],
        "notes": row.notes,
        "parameters": row.params,
        "algorithm_version": row.algorithm_version,
        "cautions": row.cautions or [],
    }
    plan = load_model(Plan, document, f"plan {row.id}")
    return StoredPlan(id=row.id, runner_id=row.runner_id, plan=plan, created_at=row.created_at)


_SET_FIELDS = (
    "variation_id",
    "reps_done",
    "good_form_reps",
    "hold_s",
    "good_form_hold_s",
    "load_kg",
    "rpe",
    "reps_in_reserve",
    "pain_during",
)

LogFields = SessionLogRow | Row[Any]
"""A session log's columns: the mapped row, or a plain row of ``session_logs`` read without
the ORM (history reads many; building mapped objects for them costs more than the query)."""


def set_row(position: int, set_log: SetLog) -> SetLogRow:
    values = {name: getattr(set_log, name) for name in _SET_FIELDS}
    band = set_log.band.value if set_log.band is not None else None
    return SetLogRow(position=position, side=set_log.side.value, band=band, **values)


def session_log_row(
    log_id: str, runner_id: str, plan_id: str | None, log: SessionLog, now: dt.datetime
) -> SessionLogRow:
    return SessionLogRow(
        id=log_id,
        runner_id=runner_id,
        plan_id=plan_id,
        date=log.date,
        planned_ref=log.planned_ref,
        pain_before=log.pain_before,
        next_morning_pain=log.next_morning_pain,
        notes=log.notes,
        created_at=now,
        updated_at=None,
        sets=[set_row(i, s) for i, s in enumerate(log.sets)],
    )


SET_COLUMNS = ("side", "band", *_SET_FIELDS)
"""Every column of a set that ``SetLog`` holds, for reading sets as plain rows."""


def session_log_from_row(row: SessionLogRow) -> StoredSessionLog:
    sets = [{name: getattr(s, name) for name in SET_COLUMNS} for s in row.sets]
    return session_log_from_rows(row, sets)


def session_log_from_rows(row: LogFields, sets: list[dict[str, Any]]) -> StoredSessionLog:
    """A stored log from its row and its sets' ``SET_COLUMNS`` (in position order), validated."""
    document = {
        "date": row.date,
        "planned_ref": row.planned_ref,
        "sets": sets,
        "pain_before": row.pain_before,
        "next_morning_pain": row.next_morning_pain,
        "notes": row.notes,
    }
    return StoredSessionLog(
        id=row.id,
        runner_id=row.runner_id,
        plan_id=row.plan_id,
        log=load_model(SessionLog, document, f"session log {row.id}"),
        created_at=row.created_at,
        updated_at=row.updated_at,
    )


def decision_row(
    decision_id: str,
    runner_id: str,
    session_log_id: str | None,
    decision: Decision,
    now: dt.datetime,
) -> DecisionRow:
    return DecisionRow(
        id=decision_id,
        runner_id=runner_id,
        session_log_id=session_log_id,
        variation_id=decision.variation_id,
        action=decision.action.value,
        rule=decision.rule,
        reason=decision.reason,
        previous_prescription=dump(decision.previous),
        new_prescription=dump(decision.prescription),
        guideline=decision.guideline,
        reference_keys=list(decision.references),
        decided_on=decision.decided_on,
        algorithm_version=decision.algorithm_version,
        rule_version=decision.rule_version,
        created_at=now,
    )


def decision_from_row(row: DecisionRow | Row[Any]) -> StoredDecision:
    """A stored decision from its mapped row or a plain row of ``decisions``, validated."""
    what = f"decision {row.id}"
    document = {
        "variation_id": row.variation_id,
        "action": row.action,
        "rule": row.rule,
        "reason": row.reason,
        "prescription": load_model(Prescription, row.new_prescription, what),
        "previous": load_model(Prescription, row.previous_prescription, what),
        "guideline": row.guideline,
        "references": row.reference_keys,
        "decided_on": row.decided_on,
        "algorithm_version": row.algorithm_version,
        "rule_version": row.rule_version,
    }
    return StoredDecision(
        id=row.id,
        runner_id=row.runner_id,
        session_log_id=row.session_log_id,
        decision=load_model(Decision, document, what),
        created_at=row.created_at,
    )


@dataclass(frozen=True)
class StoredAnalysis:
    """A stored technique check: the analysis JSON (``AnalysisResult.to_json_dict()``) and the
    session log it fed, if it was logged."""

    id: str
    runner_id: str
    session_log_id: str | None
    exercise: str
    video_name: str
    rep_count: int
    good_form_reps: int
    result: dict[str, Any]
    created_at: dt.datetime


def analysis_from_row(row: AnalysisRow) -> StoredAnalysis:
    return StoredAnalysis(
        id=row.id,
        runner_id=row.runner_id,
        session_log_id=row.session_log_id,
        exercise=row.exercise,
        video_name=row.video_name,
        rep_count=row.rep_count,
        good_form_reps=row.good_form_reps,
        result=dict(row.result),
        created_at=row.created_at,
    )
