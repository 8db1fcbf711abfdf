"""The accounts repository: users, sign-in sessions, API tokens, one-time codes, coach links,
sign-in failures and draft sets. It never commits (the unit of work does) and never sees a
secret in clear: callers pass the SHA-256 of session ids, tokens and codes.

``StoredUser`` carries no password hash; only ``password_hash`` returns it, for the one
service that verifies a password, so no page or API answer can leak it by accident.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete, func, select
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from glutecoach.errors import InputError, NotFoundError
from glutecoach.storage.account_tables import (
    ApiTokenRow,
    AuthSessionRow,
    CoachLinkRow,
    DraftSetRow,
    OneTimeCodeRow,
    SignInFailureRow,
    UserRow,
)
from glutecoach.storage.records import UtcClock
from glutecoach.storage.repositories import Clock, new_id


@dataclass(frozen=True)
class StoredUser:
    id: str
    email: str
    role: str
    timezone: str
    runner_id: str | None
    created_at: dt.datetime


@dataclass(frozen=True)
class StoredCoachLink:
    id: str
    coach_id: str
    athlete_id: str
    coach_email: str
    athlete_email: str
    accepted: bool


@dataclass(frozen=True)
class StoredDraftSet:
    position: int
    set_log: dict[str, Any]


def _user(row: UserRow) -> StoredUser:
    return StoredUser(row.id, row.email, row.role, row.timezone, row.runner_id, row.created_at)


_USER_COLUMNS = (
    UserRow.id,
    UserRow.email,
    UserRow.role,
    UserRow.timezone,
    UserRow.runner_id,
    UserRow.created_at,
)
"""The columns of a ``StoredUser``, in its fields' order (never the password hash)."""


class AccountRepository:
    """Everything about accounts, in the session of the current unit of work."""

    def __init__(self, session: Session, clock: Clock | None = None) -> None:
        self._session = session
        self._now = clock or UtcClock()

    # users -------------------------------------------------------------------------------
    def add_user(self, email: str, password_hash: str, role: str, timezone: str) -> StoredUser:
        if self.find_user(email) is not None:
            raise InputError(f"an account with the email {email!r} already exists; sign in")
        row = UserRow(
            id=new_id(),
            email=email,
            password_hash=password_hash,
            role=role,
            timezone=timezone,
            runner_id=None,
            created_at=self._now(),
        )
        self._session.add(row)
        self._session.flush()
        return _user(row)

    def find_user(self, email: str) -> StoredUser | None:
        row = self._session.scalars(select(UserRow).where(UserRow.email == email)).first()
        return None if row is None else _user(row)

    def get_user(self, user_id: str) -> StoredUser:
        return _user(self._user_row(user_id))

    def user_of_runner(self, runner_id: str) -> StoredUser | None:
        row = self._session.scalars(select(UserRow).where(UserRow.runner_id == runner_id)).first()
        return None if row is None else _user(row)

    def list_users(self) -> tuple[StoredUser, ...]:
        rows = self._session.scalars(select(UserRow).order_by(UserRow.email))
        return tuple(_user(row) for row in rows)

    def count_role(self, role: str) -> int:
        stmt = select(func.count()).select_from(UserRow).where(UserRow.role == role)
        return int(self._session.scalar(stmt) or 0)

    def password_hash(self, user_id: str) -> str:
        return self._user_row(user_id).password_hash

    def set_password_hash(self, user_id: str, password_hash: str) -> None:
        self._user_row(user_id).password_hash = password_hash
        self._session.flush()

    def set_timezone(self, user_id: str, timezone: str) -> StoredUser:
        row = self._user_row(user_id)
        row.timezone = timezone
        self._session.flush()
        return _user(row)

    def set_runner(self, user_id: str, runner_id: str) -> StoredUser:
        row = self._user_row(user_id)
        row.runner_id = runner_id
        try:
            self._session.flush()
        except IntegrityError:
            raise InputError("that runner already belongs to another account") from None
        return _user(row)

    def remove_user(self, user_id: str) -> None:
        self._session.delete(self._user_row(user_id))
        self._session.flush()

    def _user_row(self, user_id: str) -> UserRow:
        row = self._session.get(UserRow, user_id)
        if row is None:
            raise NotFoundError(f"no account with id {user_id!r}")
        return row

    # sign-in sessions --------------------------------------------------------------------
    def add_auth_session(
        self, id_hash: str, user_id: str, csrf_token: str, expires_at: dt.datetime
    ) -> None:
        row = AuthSessionRow(
            id_hash=id_hash,
            user_id=user_id,
            csrf_token=csrf_token,
            created_at=self._now(),
            expires_at=expires_at,
        )
        self._session.add(row)
        self._session.flush()

    def auth_session(self, id_hash: str) -> tuple[StoredUser, str, dt.datetime] | None:
        """The user, CSRF token and expiry of a session, or None if there is no such session
        (one query: every request of a signed-in browser asks)."""
        stmt = (
            select(*_USER_COLUMNS, AuthSessionRow.csrf_token, AuthSessionRow.expires_at)
            .join(UserRow, UserRow.id == AuthSessionRow.user_id)
            .where(AuthSessionRow.id_hash == id_hash)
        )
        row = self._session.execute(stmt).first()
        if row is None:
            return None
        return StoredUser(*row[:-2]), row.csrf_token, row.expires_at

    def remove_auth_session(self, id_hash: str) -> None:
        self._session.execute(delete(AuthSessionRow).where(AuthSessionRow.id_hash == id_hash))

    def remove_auth_sessions(self, user_id: str) -> int:
        """End every session of a user; returns how many there were."""
        result = self._session.execute(
            delete(AuthSessionRow).where(AuthSessionRow.user_id == user_id)
        )
        return int(getattr(result, "rowcount", 0) or 0)

    # API tokens --------------------------------------------------------------------------
    def add_api_token(self, user_id: str, token_hash: str, name: str) -> str:
        row = ApiTokenRow(
            id=new_id(), user_id=user_id, token_hash=token_hash, name=name, created_at=self._now()
        )
        self._session.add(row)
        self._session.flush()
        return row.id

    def user_of_token(self, token_hash: str) -> StoredUser | None:
        stmt = (
            select(*_USER_COLUMNS)
            .join(ApiTokenRow, ApiTokenRow.user_id == UserRow.id)
            .where(ApiTokenRow.token_hash == token_hash)
        )
        row = self._session.execute(stmt).first()
        return None if row is None else StoredUser(*row)

    def api_tokens(self, user_id: str) -> tuple[tuple[str, str, dt.datetime], ...]:
        """(id, name, created_at) of each of the user's tokens, oldest first."""
        stmt = (
            select(ApiTokenRow)
            .where(ApiTokenRow.user_id == user_id)
            .order_by(ApiTokenRow.created_at)
        )
        return tuple((r.id, r.name, r.created_at) for r in self._session.scalars(stmt))

    def remove_api_token(self, user_id: str, token_id: str) -> None:
        result = self._session.execute(
            delete(ApiTokenRow).where(ApiTokenRow.id == token_id, ApiTokenRow.user_id == user_id)
        )
        if not getattr(result, "rowcount", 0):
            raise NotFoundError(f"no API token {token_id!r} on this account")

    # one-time codes ----------------------------------------------------------------------
    def add_code(
        self,
        code_hash: str,
        purpose: str,
        expires_at: dt.datetime,
        *,
        user_id: str | None = None,
        runner_id: str | None = None,
    ) -> None:
        row = OneTimeCodeRow(
            code_hash=code_hash,
            purpose=purpose,
            user_id=user_id,
            runner_id=runner_id,
            expires_at=expires_at,
        )
        self._session.add(row)
        self._session.flush()

    def take_code(self, code_hash: str, purpose: str) -> tuple[str | None, str | None] | None:
        """Use a code once: its (user_id, runner_id) if it exists, has this purpose and has
        not expired, else None. The code is deleted either way."""
        row = self._session.get(OneTimeCodeRow, code_hash)
        if row is None:
            return None
        valid = row.purpose == purpose and row.expires_at > self._now()
        owners = (row.user_id, row.runner_id)
        self._session.delete(row)
        self._session.flush()
        return owners if valid else None

    # coach links -------------------------------------------------------------------------
    def add_coach_link(self, coach_id: str, athlete_id: str) -> None:
        if self._link_row(coach_id, athlete_id) is not None:
            return
        row = CoachLinkRow(
            id=new_id(),
            coach_id=coach_id,
            athlete_id=athlete_id,
            created_at=self._now(),
            accepted_at=None,
        )
        self._session.add(row)
        self._session.flush()

    def accept_coach_link(self, coach_id: str, athlete_id: str) -> None:
        row = self._link_row(coach_id, athlete_id)
        if row is None:
            raise NotFoundError("no invitation from that coach")
        row.accepted_at = row.accepted_at or self._now()
        self._session.flush()

    def remove_coach_link(self, coach_id: str, athlete_id: str) -> None:
        self._session.execute(
            delete(CoachLinkRow).where(
                CoachLinkRow.coach_id == coach_id, CoachLinkRow.athlete_id == athlete_id
            )
        )

    def coach_links(self, user_id: str) -> tuple[StoredCoachLink, ...]:
        """Every link where the user is the coach or the athlete."""
        stmt = select(CoachLinkRow).where(
            (CoachLinkRow.coach_id == user_id) | (CoachLinkRow.athlete_id == user_id)
        )
        out = []
        for row in self._session.scalars(stmt.order_by(CoachLinkRow.created_at)):
            coach, athlete = self.get_user(row.coach_id), self.get_user(row.athlete_id)
            out.append(
                StoredCoachLink(
                    row.id, coach.id, athlete.id, coach.email, athlete.email, bool(row.accepted_at)
                )
            )
        return tuple(out)

    def is_coach_of(self, coach_id: str, athlete_id: str) -> bool:
        row = self._link_row(coach_id, athlete_id)
        return row is not None and row.accepted_at is not None

    def _link_row(self, coach_id: str, athlete_id: str) -> CoachLinkRow | None:
        stmt = select(CoachLinkRow).where(
            CoachLinkRow.coach_id == coach_id, CoachLinkRow.athlete_id == athlete_id
        )
        return self._session.scalars(stmt).first()

    # sign-in failures --------------------------------------------------------------------
    def add_failure(self, key_hash: str) -> None:
        self._session.add(SignInFailureRow(id=new_id(), key_hash=key_hash, failed_at=self._now()))
        self._session.flush()

    def failures_since(self, key_hash: str, since: dt.datetime) -> int:
        stmt = (
            select(func.count())
            .select_from(SignInFailureRow)
            .where(SignInFailureRow.key_hash == key_hash, SignInFailureRow.failed_at >= since)
        )
        return int(self._session.scalar(stmt) or 0)

    def clear_failures(self, key_hash: str) -> None:
        self._session.execute(delete(SignInFailureRow).where(SignInFailureRow.key_hash == key_hash))

    # draft sets --------------------------------------------------------------------------
    def add_draft_set(
        self, runner_id: str, day: dt.date, tap_key: str, set_log: dict[str, Any]
    ) -> bool:
        """Store a set of an unfinished session, after the day's sets stored before it; False
        (and nothing stored) if ``tap_key`` was already used, i.e. the same button was tapped
        twice, also when the two taps race in at once. One statement (an insert that does
        nothing on the runner's tap key), as a phone waits for it after each set."""
        position = (
            select(func.count())
            .select_from(DraftSetRow)
            .where(DraftSetRow.runner_id == runner_id, DraftSetRow.date == day)
            .scalar_subquery()
        )
        dialect = self._session.get_bind().dialect.name
        insert = postgresql_insert if dialect == "postgresql" else sqlite_insert
        stmt = (
            insert(DraftSetRow)
            .values(
                id=new_id(),
                runner_id=runner_id,
                date=day,
                tap_key=tap_key,
                position=position,
                set_log=set_log,
                created_at=self._now(),
            )
            .on_conflict_do_nothing(index_elements=[DraftSetRow.runner_id, DraftSetRow.tap_key])
            .returning(DraftSetRow.id)
        )
        return self._session.execute(stmt).first() is not None

    def draft_sets(self, runner_id: str, day: dt.date) -> tuple[StoredDraftSet, ...]:
        return self.unfinished_drafts(runner_id, day).get(day, ())

    def unfinished_drafts(
        self, runner_id: str, day: dt.date | None = None
    ) -> dict[dt.date, tuple[StoredDraftSet, ...]]:
        """The runner's draft sets by day (days in order, sets in the order tapped), of every
        unfinished session, or of ``day``'s only; one query."""
        stmt = select(DraftSetRow.date, DraftSetRow.position, DraftSetRow.set_log).where(
            DraftSetRow.runner_id == runner_id
        )
        if day is not None:
            stmt = stmt.where(DraftSetRow.date == day)
        stmt = stmt.order_by(DraftSetRow.date, DraftSetRow.position, DraftSetRow.created_at)
        out: dict[dt.date, list[StoredDraftSet]] = {}
        for row in self._session.execute(stmt):
            out.setdefault(row.date, []).append(StoredDraftSet(row.position, row.set_log))
        return {date: tuple(sets) for date, sets in out.items()}

    def clear_draft_sets(self, runner_id: str, day: dt.date) -> None:
        self._session.execute(
            delete(DraftSetRow).where(DraftSetRow.runner_id == runner_id, DraftSetRow.date == day)
        )
