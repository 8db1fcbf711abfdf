"""Database tables: typed SQLAlchemy 2 declarative rows.

Design rules:

- Ids are stable strings (UUIDs; runners also have a unique slug), never database-generated
  integers, so an export imports into any database without renumbering or sequence repair.
- Prescriptions, profiles and plan parameters are JSON documents: adding a progression rule
  or a profile field never needs a migration. Measurements that charts query (set logs) are
  real columns.
- No Python-side column defaults: repositories set every value, so an import written at an
  older schema inserts only the columns that schema had.
- Timestamps are UTC and come back timezone-aware on every backend (``UtcDateTime``).

The Alembic migrations in ``migrations/versions`` must build exactly these tables; a test
compares them.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import (
    JSON,
    Date,
    DateTime,
    Dialect,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    TypeDecorator,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

ID_LENGTH = 36
SLUG_LENGTH = 80
NAME_LENGTH = 80
VARIATION_LENGTH = 80
VERSION_LENGTH = 40

NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

JsonDocument = JSON().with_variant(JSONB(), "postgresql")
"""A JSON document column: JSONB on PostgreSQL, JSON text on SQLite."""


class UtcDateTime(TypeDecorator[dt.datetime]):
    """A timezone-aware UTC timestamp on every backend.

    Naive datetimes are refused on the way in (their zone is unknown). SQLite stores the UTC
    wall time; PostgreSQL a ``timestamptz``. Values always come back with ``tzinfo=UTC``.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: dt.datetime | None, dialect: Dialect) -> Any:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError(f"timestamp {value.isoformat()} has no time zone; use UTC")
        value = value.astimezone(dt.UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(
        self,
        value: Any,
        dialect: Dialect,  # noqa: ARG002 - part of the signature TypeDecorator calls
    ) -> dt.datetime | None:
        if value is None:
            return None
        assert isinstance(value, dt.datetime)
        if value.tzinfo is None:
            return value.replace(tzinfo=dt.UTC)
        return value.astimezone(dt.UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class RunnerRow(Base):
    """One runner (profile). ``profile`` is ``RunnerProfile`` as a JSON document."""

    __tablename__ = "runners"

    id: Mapped[str] = mapped_column(String(ID_LENGTH), primary_key=True)
    slug: Mapped[str] = mapped_column(String(SLUG_LENGTH), unique=True)
    name: Mapped[str] = mapped_column(String(NAME_LENGTH), unique=True)
    profile: Mapped[dict[str, Any]] = mapped_column(JsonDocument)
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    updated_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)


class PlanRow(Base):
    """One generated plan, with the generator's parameters and algorithm version."""

    __tablename__ = "plans"

    id: Mapped[str] = mapped_column(String(ID_LENGTH), primary_key=True)
    runner_id: Mapped[str] = mapped_column(ForeignKey("runners.id", ondelete="CASCADE"), index=True)
    start_date: Mapped[dt.date] = mapped_column(Date)
    weeks: Mapped[int] = mapped_column(Integer)
    running_week: Mapped[dict[str, Any]] = mapped_column(JsonDocument)
    strength_weekdays: Mapped[list[int]] = mapped_column(JsonDocument)
    notes: Mapped[list[str]] = mapped_column(JsonDocument)
    params: Mapped[dict[str, Any]] = mapped_column(JsonDocument)
    algorithm_version: Mapped[str] = mapped_column(String(VERSION_LENGTH))
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    cautions: Mapped[list[dict[str, Any]] | None] = mapped_column(JsonDocument)

    sessions: Mapped[list[PlannedSessionRow]] = relationship(
        order_by="PlannedSessionRow.position",
        cascade="all, delete-orphan",
        passive_deletes=True,
        lazy="selectin",
    )


class PlannedSessionRow(Base):
    """One planned session of a plan; ``prescriptions`` is a JSON list of ``Prescription``."""

    __tablename__ = "planned_sessions"

    plan_id: Mapped[str] = mapped_column(
        ForeignKey("plans.id", ondelete="CASCADE"), primary_key=True
    )
    position: Mapped[int] = mapped_column(Integer, primary_key=True)
    date: Mapped[dt.date] = mapped_column(Date)
    week_index: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(16))
    warm_up: Mapped[list[str]] = mapped_column(JsonDocument)
    prescriptions: Mapped[list[dict[str, Any]]] = mapped_column(JsonDocument)
    minutes_planned: Mapped[float] = mapped_column(Float)
    notes: Mapped[list[str]] = mapped_column(JsonDocument)


class SessionLogRow(Base):
    """One logged (or missed) session. ``next_morning_pain`` stays NULL until entered."""

    __tablename__ = "session_logs"
    __table_args__ = (Index(None, "runner_id", "date"),)

    id: Mapped[str] = mapped_column(String(ID_LENGTH), primary_key=True)
    runner_id: Mapped[str] = mapped_column(ForeignKey("runners.id", ondelete="CASCADE"))
    plan_id: Mapped[str | None] = mapped_column(ForeignKey("plans.id", ondelete="SET NULL"))
    date: Mapped[dt.date] = mapped_column(Date)
    planned_ref: Mapped[str | None] = mapped_column(String(32))
    pain_before: Mapped[int | None] = mapped_column(Integer)
    next_morning_pain: Mapped[int | None] = mapped_column(Integer)
    notes: Mapped[str] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    updated_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime)
    """When the log was last changed after it was written (e.g. next-morning pain entered);
    NULL if never. Added in schema revision 0002."""

    sets: Mapped[list[SetLogRow]] = relationship(
        order_by="SetLogRow.position",
        cascade="all, delete-orphan",
        passive_deletes=True,
        lazy="selectin",
    )


class SetLogRow(Base):
    """One set as done, in logged order within its session."""

    __tablename__ = "set_logs"
    __table_args__ = (Index(None, "variation_id"),)

    session_log_id: Mapped[str] = mapped_column(
        ForeignKey("session_logs.id", ondelete="CASCADE"), primary_key=True
    )
    position: Mapped[int] = mapped_column(Integer, primary_key=True)
    variation_id: Mapped[str] = mapped_column(String(VARIATION_LENGTH))
    side: Mapped[str] = mapped_column(String(8))
    reps_done: Mapped[int | None] = mapped_column(Integer)
    good_form_reps: Mapped[int | None] = mapped_column(Integer)
    hold_s: Mapped[int | None] = mapped_column(Integer)
    good_form_hold_s: Mapped[int | None] = mapped_column(Integer)
    load_kg: Mapped[float | None] = mapped_column(Float)
    rpe: Mapped[float | None] = mapped_column(Float)
    reps_in_reserve: Mapped[int | None] = mapped_column(Integer)
    pain_during: Mapped[int] = mapped_column(Integer)
    band: Mapped[str | None] = mapped_column(String(16))
    """The band's resistance ('light', 'medium', ...) when the set was done with a band and
    the runner said which; NULL otherwise. Added in schema revision s10_band_logged."""


class DecisionRow(Base):
    """One progression decision: the rule, its reason, and the prescriptions before and after
    (JSON documents, so a new rule or prescription field needs no migration)."""

    __tablename__ = "decisions"
    __table_args__ = (Index(None, "runner_id", "variation_id"),)

    id: Mapped[str] = mapped_column(String(ID_LENGTH), primary_key=True)
    runner_id: Mapped[str] = mapped_column(ForeignKey("runners.id", ondelete="CASCADE"))
    session_log_id: Mapped[str | None] = mapped_column(
        ForeignKey("session_logs.id", ondelete="SET NULL"), index=True
    )
    variation_id: Mapped[str] = mapped_column(String(VARIATION_LENGTH))
    action: Mapped[str] = mapped_column(String(16))
    rule: Mapped[str] = mapped_column(String(VARIATION_LENGTH))
    reason: Mapped[str] = mapped_column(Text)
    previous_prescription: Mapped[dict[str, Any]] = mapped_column(JsonDocument)
    new_prescription: Mapped[dict[str, Any]] = mapped_column(JsonDocument)
    guideline: Mapped[str | None] = mapped_column(String(VARIATION_LENGTH))
    reference_keys: Mapped[list[str]] = mapped_column(JsonDocument)
    decided_on: Mapped[dt.date | None] = mapped_column(Date)
    algorithm_version: Mapped[str] = mapped_column(String(VERSION_LENGTH))
    rule_version: Mapped[str | None] = mapped_column(String(VERSION_LENGTH))
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)


class AnalysisRow(Base):
    """One stored technique check: the whole analysis JSON, and the session it fed, if any."""

    __tablename__ = "analyses"
    __table_args__ = (Index(None, "runner_id", "exercise"),)

    id: Mapped[str] = mapped_column(String(ID_LENGTH), primary_key=True)
    runner_id: Mapped[str] = mapped_column(ForeignKey("runners.id", ondelete="CASCADE"))
    session_log_id: Mapped[str | None] = mapped_column(
        ForeignKey("session_logs.id", ondelete="SET NULL"), index=True
    )
    exercise: Mapped[str] = mapped_column(String(VARIATION_LENGTH))
    video_name: Mapped[str] = mapped_column(Text)
    video_sha256: Mapped[str | None] = mapped_column(String(64))
    analysis_version: Mapped[str] = mapped_column(String(VERSION_LENGTH))
    rep_count: Mapped[int] = mapped_column(Integer)
    good_form_reps: Mapped[int] = mapped_column(Integer)
    result: Mapped[dict[str, Any]] = mapped_column(JsonDocument)
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)


TABLES_IN_ORDER = tuple(Base.metadata.sorted_tables)
"""Every table, parents before children (insert order; reverse it to delete)."""
