"""Tables of the web app's video checks and coaching notes.

- ``video_jobs``: one uploaded clip and its check (technique or gait) as a job: its state
  (queued, running with the stage and progress, done with the result, failed with the reason),
  where its files are (a folder named by the job id under the media root), when they expire,
  and the session its checked set was logged in.
- ``coach_notes``: what a coach writes about one athlete: free notes and the coach's clinician
  allow/forbid list of exercises for that athlete.

Rows go with the runner or the users they belong to (``ON DELETE CASCADE``); the files on disk
are removed by the video service when a job or an account is deleted.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import Float, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from glutecoach.storage.tables import ID_LENGTH, VARIATION_LENGTH, Base, JsonDocument, UtcDateTime

STATUS_LENGTH = 16


class VideoJobRow(Base):
    __tablename__ = "video_jobs"
    __table_args__ = (Index(None, "status", "created_at"),)

    id: Mapped[str] = mapped_column(String(ID_LENGTH), primary_key=True)
    runner_id: Mapped[str] = mapped_column(ForeignKey("runners.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(STATUS_LENGTH))
    exercise: Mapped[str] = mapped_column(String(VARIATION_LENGTH))
    status: Mapped[str] = mapped_column(String(STATUS_LENGTH))
    stage: Mapped[str | None] = mapped_column(String(STATUS_LENGTH))
    progress: Mapped[float] = mapped_column(Float)
    failure: Mapped[str | None] = mapped_column(Text)
    video_name: Mapped[str] = mapped_column(Text)
    video_sha256: Mapped[str] = mapped_column(String(64))
    attempts: Mapped[int] = mapped_column(Integer)
    result: Mapped[dict[str, Any] | None] = mapped_column(JsonDocument)
    session_log_id: Mapped[str | None] = mapped_column(
        ForeignKey("session_logs.id", ondelete="SET NULL")
    )
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    started_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime)
    finished_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime)
    expires_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)


class CoachNoteRow(Base):
    __tablename__ = "coach_notes"
    __table_args__ = (UniqueConstraint("coach_id", "athlete_id"),)

    id: Mapped[str] = mapped_column(String(ID_LENGTH), primary_key=True)
    coach_id: Mapped[str] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    athlete_id: Mapped[str] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    notes: Mapped[str] = mapped_column(Text)
    allowed: Mapped[list[str]] = mapped_column(JsonDocument)
    forbidden: Mapped[list[str]] = mapped_column(JsonDocument)
    updated_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)


VIDEO_TABLES = (VideoJobRow, CoachNoteRow)
