"""The video jobs and coach notes repository. It never commits (the unit of work does).

A job moves ``queued -> running -> done | failed``; ``claim`` takes the oldest queued job and
marks it running in the same transaction, and ``requeue_running`` puts back jobs a stopped
server left running, so a restart loses none.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, Literal

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from glutecoach.errors import NotFoundError
from glutecoach.storage.records import UtcClock
from glutecoach.storage.repositories import Clock, new_id
from glutecoach.storage.video_tables import CoachNoteRow, VideoJobRow

JobKind = Literal["technique", "gait"]
JobStatus = Literal["queued", "running", "done", "failed"]


@dataclass(frozen=True)
class StoredVideoJob:
    id: str
    runner_id: str
    kind: str
    exercise: str
    status: str
    stage: str | None
    progress: float
    failure: str | None
    video_name: str
    video_sha256: str
    attempts: int
    result: dict[str, Any] | None
    session_log_id: str | None
    created_at: dt.datetime
    started_at: dt.datetime | None
    finished_at: dt.datetime | None
    expires_at: dt.datetime


@dataclass(frozen=True)
class StoredCoachNote:
    notes: str
    allowed: tuple[str, ...]
    forbidden: tuple[str, ...]
    updated_at: dt.datetime | None


def _job(row: VideoJobRow) -> StoredVideoJob:
    return StoredVideoJob(
        row.id,
        row.runner_id,
        row.kind,
        row.exercise,
        row.status,
        row.stage,
        row.progress,
        row.failure,
        row.video_name,
        row.video_sha256,
        row.attempts,
        row.result,
        row.session_log_id,
        row.created_at,
        row.started_at,
        row.finished_at,
        row.expires_at,
    )


class VideoJobRepository:
    def __init__(self, session: Session, clock: Clock | None = None) -> None:
        self._session = session
        self._now = clock or UtcClock()

    def add(
        self,
        runner_id: str,
        kind: JobKind,
        exercise: str,
        video_name: str,
        video_sha256: str,
        keep: dt.timedelta,
        job_id: str | None = None,
    ) -> StoredVideoJob:
        """A queued job whose files are kept for ``keep`` from now."""
        now = self._now()
        row = VideoJobRow(
            id=job_id or new_id(),
            runner_id=runner_id,
            kind=kind,
            exercise=exercise,
            status="queued",
            stage=None,
            progress=0.0,
            failure=None,
            video_name=video_name,
            video_sha256=video_sha256,
            attempts=0,
            result=None,
            session_log_id=None,
            created_at=now,
            started_at=None,
            finished_at=None,
            expires_at=now + keep,
        )
        self._session.add(row)
        self._session.flush()
        return _job(row)

    def get(self, job_id: str) -> StoredVideoJob:
        return _job(self._row(job_id))

    def find(self, job_id: str) -> StoredVideoJob | None:
        row = self._session.get(VideoJobRow, job_id)
        return _job(row) if row is not None else None

    def list_for(self, runner_id: str) -> tuple[StoredVideoJob, ...]:
        stmt = (
            select(VideoJobRow)
            .where(VideoJobRow.runner_id == runner_id)
            .order_by(VideoJobRow.created_at.desc(), VideoJobRow.id)
        )
        return tuple(_job(r) for r in self._session.scalars(stmt))

    def claim(self) -> StoredVideoJob | None:
        """The oldest queued job, now marked running (its attempt counted)."""
        stmt = (
            select(VideoJobRow)
            .where(VideoJobRow.status == "queued")
            .order_by(VideoJobRow.created_at, VideoJobRow.id)
            .limit(1)
            .with_for_update(skip_locked=True)
        )
        row = self._session.scalars(stmt).first()
        if row is None:
            return None
        row.status = "running"
        row.stage = "queued"
        row.progress = 0.0
        row.attempts += 1
        row.started_at = self._now()
        self._session.flush()
        return _job(row)

    def requeue_running(self) -> int:
        """Put every running job back in the queue (after a restart); how many."""
        stmt = (
            update(VideoJobRow)
            .where(VideoJobRow.status == "running")
            .values(status="queued", stage=None, progress=0.0)
        )
        return int(self._session.execute(stmt).rowcount or 0)  # type: ignore[attr-defined]

    def set_progress(self, job_id: str, stage: str, progress: float) -> None:
        row = self._row(job_id)
        if row.status == "running":
            row.stage, row.progress = stage, max(0.0, min(1.0, progress))

    def finish(self, job_id: str, result: dict[str, Any]) -> StoredVideoJob:
        row = self._row(job_id)
        row.status, row.stage, row.progress = "done", None, 1.0
        row.result, row.failure, row.finished_at = result, None, self._now()
        self._session.flush()
        return _job(row)

    def fail(self, job_id: str, reason: str) -> StoredVideoJob:
        row = self._row(job_id)
        row.status, row.stage, row.failure, row.finished_at = "failed", None, reason, self._now()
        self._session.flush()
        return _job(row)

    def set_logged(self, job_id: str, session_log_id: str) -> None:
        self._row(job_id).session_log_id = session_log_id

    def remove(self, job_id: str) -> None:
        self._session.delete(self._row(job_id))

    def expired(self, now: dt.datetime) -> tuple[StoredVideoJob, ...]:
        stmt = select(VideoJobRow).where(VideoJobRow.expires_at <= now)
        return tuple(_job(r) for r in self._session.scalars(stmt))

    def _row(self, job_id: str) -> VideoJobRow:
        row = self._session.get(VideoJobRow, job_id)
        if row is None:
            raise NotFoundError(f"no video check {job_id!r}")
        return row

    # coach notes ---------------------------------------------------------------------------
    def coach_note(self, coach_id: str, athlete_id: str) -> StoredCoachNote:
        row = self._note_row(coach_id, athlete_id)
        if row is None:
            return StoredCoachNote("", (), (), None)
        return StoredCoachNote(row.notes, tuple(row.allowed), tuple(row.forbidden), row.updated_at)

    def set_coach_note(
        self,
        coach_id: str,
        athlete_id: str,
        notes: str,
        allowed: tuple[str, ...],
        forbidden: tuple[str, ...],
    ) -> None:
        row = self._note_row(coach_id, athlete_id)
        if row is None:
            row = CoachNoteRow(id=new_id(), coach_id=coach_id, athlete_id=athlete_id)
            self._session.add(row)
        row.notes, row.allowed, row.forbidden = notes, list(allowed), list(forbidden)
        row.updated_at = self._now()
        self._session.flush()

    def _note_row(self, coach_id: str, athlete_id: str) -> CoachNoteRow | None:
        stmt = select(CoachNoteRow).where(
            CoachNoteRow.coach_id == coach_id, CoachNoteRow.athlete_id == athlete_id
        )
        return self._session.scalars(stmt).first()
