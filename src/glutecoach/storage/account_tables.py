"""Tables of the web app's accounts: users, their sign-in sessions, API tokens, one-time codes
(password reset, linking a CLI runner), coach-athlete links, sign-in failures (for throttling)
and the sets of a guided session not yet finished.

Secrets are never stored: sessions, tokens and one-time codes are kept as the SHA-256 of the
random value handed out, passwords as argon2 hashes. Every row that belongs to a user goes
when the user is deleted (``ON DELETE CASCADE``), and a user's runner is deleted with them by
the accounts service, so deleting an account leaves no row of that person.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import Date, ForeignKey, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from glutecoach.storage.tables import ID_LENGTH, Base, JsonDocument, UtcDateTime

EMAIL_LENGTH = 254
HASH_LENGTH = 64
"""A SHA-256 hex digest: how session ids, API tokens and one-time codes are stored."""
PASSWORD_HASH_LENGTH = 200
ROLE_LENGTH = 16
TIMEZONE_LENGTH = 64
PURPOSE_LENGTH = 16


class UserRow(Base):
    """One account. ``runner_id`` is the runner whose training this user owns (None until
    onboarding, or for a coach or admin without their own training)."""

    __tablename__ = "users"

    id: Mapped[str] = mapped_column(String(ID_LENGTH), primary_key=True)
    email: Mapped[str] = mapped_column(String(EMAIL_LENGTH), unique=True)
    password_hash: Mapped[str] = mapped_column(String(PASSWORD_HASH_LENGTH))
    role: Mapped[str] = mapped_column(String(ROLE_LENGTH))
    timezone: Mapped[str] = mapped_column(String(TIMEZONE_LENGTH))
    runner_id: Mapped[str | None] = mapped_column(
        ForeignKey("runners.id", ondelete="SET NULL"), unique=True
    )
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)


class AuthSessionRow(Base):
    """A signed-in browser: the cookie carries the random id, the row its SHA-256."""

    __tablename__ = "auth_sessions"

    id_hash: Mapped[str] = mapped_column(String(HASH_LENGTH), primary_key=True)
    user_id: Mapped[str] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    csrf_token: Mapped[str] = mapped_column(String(HASH_LENGTH))
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    expires_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)


class ApiTokenRow(Base):
    """A bearer token for the JSON API, named by its owner; shown once, stored as a hash."""

    __tablename__ = "api_tokens"

    id: Mapped[str] = mapped_column(String(ID_LENGTH), primary_key=True)
    user_id: Mapped[str] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(HASH_LENGTH), unique=True)
    name: Mapped[str] = mapped_column(String(80))
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)


class OneTimeCodeRow(Base):
    """A one-time code: ``purpose`` 'reset' (a password reset for ``user_id``) or 'link'
    (claims the CLI runner ``runner_id`` for whoever redeems it). Deleted when used."""

    __tablename__ = "one_time_codes"

    code_hash: Mapped[str] = mapped_column(String(HASH_LENGTH), primary_key=True)
    purpose: Mapped[str] = mapped_column(String(PURPOSE_LENGTH))
    user_id: Mapped[str | None] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), index=True
    )
    runner_id: Mapped[str | None] = mapped_column(
        ForeignKey("runners.id", ondelete="CASCADE"), index=True
    )
    expires_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)


class CoachLinkRow(Base):
    """A coach's invitation to an athlete; the coach sees the athlete's training only once
    ``accepted_at`` is set (by the athlete)."""

    __tablename__ = "coach_links"
    __table_args__ = (UniqueConstraint("coach_id", "athlete_id"),)

    id: Mapped[str] = mapped_column(String(ID_LENGTH), primary_key=True)
    coach_id: Mapped[str] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    athlete_id: Mapped[str] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    accepted_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime)


class SignInFailureRow(Base):
    """One failed sign-in, keyed by the SHA-256 of the lower-cased email (so an address that
    has no account is throttled too, and no address is stored in clear)."""

    __tablename__ = "sign_in_failures"
    __table_args__ = (Index(None, "key_hash", "failed_at"),)

    id: Mapped[str] = mapped_column(String(ID_LENGTH), primary_key=True)
    key_hash: Mapped[str] = mapped_column(String(HASH_LENGTH))
    failed_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)


class DraftSetRow(Base):
    """A set logged during a guided session that is not finished yet. ``tap_key`` is the
    one-time key of the button that logged it: a second tap with the same key stores nothing."""

    __tablename__ = "draft_sets"
    __table_args__ = (UniqueConstraint("runner_id", "tap_key"),)

    id: Mapped[str] = mapped_column(String(ID_LENGTH), primary_key=True)
    runner_id: Mapped[str] = mapped_column(ForeignKey("runners.id", ondelete="CASCADE"))
    date: Mapped[dt.date] = mapped_column(Date)
    tap_key: Mapped[str] = mapped_column(String(HASH_LENGTH))
    position: Mapped[int] = mapped_column(Integer)
    set_log: Mapped[dict[str, Any]] = mapped_column(JsonDocument)
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)


ACCOUNT_TABLES = (
    UserRow,
    AuthSessionRow,
    ApiTokenRow,
    OneTimeCodeRow,
    CoachLinkRow,
    SignInFailureRow,
    DraftSetRow,
)
