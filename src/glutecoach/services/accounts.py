"""Accounts: sign-up, sign-in (throttled), sign-in sessions, sign-out everywhere, API tokens,
password resets, linking a CLI runner with a one-time code, timezones, and deleting an account
with every row of its owner. Every use case is one transaction.

Secrets handed out (session ids, API tokens, one-time codes) are random 256-bit values; only
their SHA-256 is stored, so a copy of the database signs nobody in. Passwords are argon2id
hashes (argon2-cffi's defaults, RFC 9106's second recommended option).
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import re
import secrets
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from glutecoach.errors import AccessError, InputError, InvalidFieldsError, ThrottledError

if TYPE_CHECKING:
    from glutecoach.storage.accounts import StoredUser
    from glutecoach.storage.unit_of_work import Database


class Role(StrEnum):
    """What an account may do: a runner sees their own training only; a coach also reads the
    training of athletes who accepted their invitation; an admin manages accounts."""

    RUNNER = "runner"
    COACH = "coach"
    ADMIN = "admin"


@dataclass(frozen=True)
class AccountParams:
    """Security settings (coaching defaults of this app, not clinical rules).

    - ``session_days``: a sign-in lasts this long (14, as common for consumer apps).
    - ``throttle_failures`` failed sign-ins for one email within ``throttle_window_s`` block
      further attempts for that email until the window passes (5 in 15 minutes, in line with
      OWASP's advice to throttle by account, not by IP alone).
    - ``min_password_length``: NIST SP 800-63B asks for at least 8; we ask 10.
    - ``reset_minutes`` / ``link_minutes``: how long a reset link or a link code is valid.
    - ``reset_requests`` forgotten-password emails per address within ``reset_window_s``
      (3 in 15 minutes): more send nothing, so the form cannot flood an inbox.
    - ``hash_time_cost``, ``hash_memory_kib``, ``hash_parallelism``: argon2id cost of new
      password hashes (RFC 9106's second recommended option: 3 passes over 64 MiB, 4 lanes).
      A stored hash carries its own cost, so raising these later keeps old passwords working.
    """

    session_days: int = 14
    throttle_failures: int = 5
    throttle_window_s: int = 900
    min_password_length: int = 10
    max_password_length: int = 1024
    reset_minutes: int = 60
    link_minutes: int = 30
    reset_requests: int = 3
    reset_window_s: int = 900
    hash_time_cost: int = 3
    hash_memory_kib: int = 65536
    hash_parallelism: int = 4


DEFAULTS = AccountParams()
EMAIL = re.compile(r"^[^@\s\x00-\x1f\x7f]{1,64}@[^@\s.\x00-\x1f\x7f]+(\.[^@\s.\x00-\x1f\x7f]+)+$")
_VERIFIER = PasswordHasher()  # verifying reads the cost from the stored hash


@functools.cache
def _hasher(time_cost: int, memory_kib: int, parallelism: int) -> PasswordHasher:
    return PasswordHasher(time_cost=time_cost, memory_cost=memory_kib, parallelism=parallelism)


@dataclass(frozen=True)
class SignedIn:
    """A new sign-in: ``session_id`` goes in the cookie, ``csrf_token`` in every form."""

    user: StoredUser
    session_id: str
    csrf_token: str


@dataclass(frozen=True)
class CurrentSession:
    user: StoredUser
    csrf_token: str


def new_secret() -> str:
    """A random 256-bit secret, URL-safe text."""
    return secrets.token_urlsafe(32)


def digest(secret: str) -> str:
    """How a secret is stored: its SHA-256, hex."""
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def reset_request_key(address: str) -> str:
    """How forgotten-password requests for an address are counted (a hash, like sign-in
    failures), for throttling them."""
    return digest(f"reset-request|{address}")


def normal_email(email: str) -> str:
    """The email trimmed and lower-cased; ``InputError`` if it does not look like an address."""
    value = email.strip().lower()
    if not EMAIL.match(value) or len(value) > 254:
        raise InvalidFieldsError.one(
            "email", f"{email!r} is not an email address; write it as name@example.org"
        )
    return value


def check_timezone(name: str) -> str:
    """A valid IANA timezone name (e.g. 'Europe/Paris'); ``InvalidFieldsError`` otherwise."""
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise InvalidFieldsError.one(
            "timezone",
            f"{name!r} is not known; use a name such as Europe/London or America/Chicago",
        ) from None
    return name


def timezone_names() -> tuple[str, ...]:
    return tuple(sorted(n for n in available_timezones() if "/" in n and not n.startswith("Etc")))


def today_for(user: StoredUser, now: dt.datetime | None = None) -> dt.date:
    """'Today' in the user's own timezone."""
    moment = now or dt.datetime.now(dt.UTC)
    return moment.astimezone(ZoneInfo(user.timezone)).date()


def _check_password(password: str, params: AccountParams) -> str:
    if len(password) < params.min_password_length:
        raise InvalidFieldsError.one(
            "password",
            f"{len(password)} characters; use at least {params.min_password_length}",
        )
    if len(password) > params.max_password_length:
        raise InvalidFieldsError.one(
            "password", f"longer than {params.max_password_length} characters"
        )
    hasher = _hasher(params.hash_time_cost, params.hash_memory_kib, params.hash_parallelism)
    return hasher.hash(password)


def create_user(
    database: Database,
    email: str,
    password: str,
    *,
    role: Role = Role.RUNNER,
    timezone: str = "UTC",
    params: AccountParams = DEFAULTS,
) -> StoredUser:
    """A new account. Sign-up makes runners and coaches; ``create_admin`` makes admins."""
    address = normal_email(email)
    password_hash = _check_password(password, params)
    zone = check_timezone(timezone)
    with database.unit_of_work() as uow:
        return uow.accounts.add_user(address, password_hash, role.value, zone)


def sign_up(
    database: Database,
    email: str,
    password: str,
    *,
    coach: bool = False,
    timezone: str = "UTC",
    params: AccountParams = DEFAULTS,
) -> SignedIn:
    """Create a runner (or coach) account and sign it in. Never makes an admin."""
    role = Role.COACH if coach else Role.RUNNER
    create_user(database, email, password, role=role, timezone=timezone, params=params)
    return sign_in(database, email, password, params=params)


def create_admin(
    database: Database, email: str, password: str, *, params: AccountParams = DEFAULTS
) -> StoredUser:
    """An admin account, from the command line only. The first admin can only be made here."""
    return create_user(database, email, password, role=Role.ADMIN, params=params)


def sign_in(
    database: Database, email: str, password: str, *, params: AccountParams = DEFAULTS
) -> SignedIn:
    """Check the password and open a new session (a new id every time, so a session id
    planted before sign-in is never the one signed in). ``ThrottledError`` after too many
    failures for this email; ``AccessError`` (one message for a wrong email or password)."""
    key = digest(email.strip().lower())
    with database.unit_of_work() as uow:
        now = database.clock()
        since = now - dt.timedelta(seconds=params.throttle_window_s)
        if uow.accounts.failures_since(key, since) >= params.throttle_failures:
            raise ThrottledError(
                "too many failed sign-ins for this email; wait "
                f"{params.throttle_window_s // 60} minutes, or ask an admin for a reset link"
            )
        user = uow.accounts.find_user(email.strip().lower())
        if user is None or not _verify(uow.accounts.password_hash(user.id), password):
            uow.accounts.add_failure(key)
            user = None
        else:
            uow.accounts.clear_failures(key)
            session_id, csrf = new_secret(), new_secret()
            expires = now + dt.timedelta(days=params.session_days)
            uow.accounts.add_auth_session(digest(session_id), user.id, csrf, expires)
    if user is None:  # raised after the unit of work, so the failure is committed
        raise AccessError("wrong email or password")
    return SignedIn(user, session_id, csrf)


def _verify(password_hash: str, password: str) -> bool:
    try:
        return _VERIFIER.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def current_session(database: Database, session_id: str) -> CurrentSession | None:
    """The user and CSRF token of a live session, or None (unknown or expired; an expired
    one is removed). Every request of a signed-in browser asks: one lookup."""
    with database.lookup() as uow:
        found = uow.accounts.auth_session(digest(session_id))
    if found is None:
        return None
    user, csrf, expires = found
    if expires <= database.clock():
        with database.unit_of_work() as uow:
            uow.accounts.remove_auth_session(digest(session_id))
        return None
    return CurrentSession(user, csrf)


def sign_out(database: Database, session_id: str) -> None:
    with database.unit_of_work() as uow:
        uow.accounts.remove_auth_session(digest(session_id))


def sign_out_everywhere(database: Database, user_id: str) -> int:
    """End every session of the user, on every device; returns how many ended."""
    with database.unit_of_work() as uow:
        return uow.accounts.remove_auth_sessions(user_id)


def create_api_token(database: Database, user_id: str, name: str) -> str:
    """A new bearer token for the JSON API, returned once (only its hash is kept)."""
    label = name.strip()
    if not 1 <= len(label) <= 80:
        raise InvalidFieldsError.one("name", "give a name of 1 to 80 characters, e.g. 'my watch'")
    if not label.isprintable():  # a NUL or a control character (PostgreSQL text holds no NUL)
        raise InvalidFieldsError.one("name", "use letters, digits and spaces, e.g. 'my watch'")
    token = new_secret()
    with database.unit_of_work() as uow:
        uow.accounts.add_api_token(user_id, digest(token), label)
    return token


def user_for_token(database: Database, token: str) -> StoredUser | None:
    with database.lookup() as uow:
        return uow.accounts.user_of_token(digest(token))


def api_tokens(database: Database, user_id: str) -> tuple[tuple[str, str, dt.datetime], ...]:
    with database.unit_of_work() as uow:
        return uow.accounts.api_tokens(user_id)


def revoke_api_token(database: Database, user_id: str, token_id: str) -> None:
    with database.unit_of_work() as uow:
        uow.accounts.remove_api_token(user_id, token_id)


def issue_reset(
    database: Database, admin: StoredUser, email: str, *, params: AccountParams = DEFAULTS
) -> str:
    """A one-time password-reset code for the account ``email``, issued by an admin."""
    if admin.role != Role.ADMIN:
        raise AccessError("only an admin can issue a password reset")
    code = new_secret()
    with database.unit_of_work() as uow:
        user = uow.accounts.find_user(normal_email(email))
        if user is None:
            raise InvalidFieldsError.one("email", f"no account with the email {email!r}")
        expires = database.clock() + dt.timedelta(minutes=params.reset_minutes)
        uow.accounts.add_code(digest(code), "reset", expires, user_id=user.id)
    return code


def reset_password(
    database: Database, code: str, password: str, *, params: AccountParams = DEFAULTS
) -> StoredUser:
    """Use a reset code once: set the new password and end every session of the account."""
    password_hash = _check_password(password, params)
    with database.unit_of_work() as uow:
        taken = uow.accounts.take_code(digest(code), "reset")
        if taken is None or taken[0] is None:
            user = None
        else:
            user = uow.accounts.get_user(taken[0])
            uow.accounts.set_password_hash(user.id, password_hash)
            uow.accounts.remove_auth_sessions(user.id)
    if user is None:
        raise AccessError("this reset link is not valid (used, expired or mistyped); ask again")
    return user


def issue_link_code(
    database: Database, runner_ref: str, *, params: AccountParams = DEFAULTS
) -> str:
    """A one-time code that links the CLI runner ``runner_ref`` to the account entering it."""
    code = new_secret()[:12]
    with database.unit_of_work() as uow:
        runner = uow.runners.resolve(runner_ref)
        if uow.accounts.user_of_runner(runner.id) is not None:
            raise InputError(f"runner {runner.name!r} is already linked to an account")
        expires = database.clock() + dt.timedelta(minutes=params.link_minutes)
        uow.accounts.add_code(digest(code), "link", expires, runner_id=runner.id)
    return code


def redeem_link_code(database: Database, user_id: str, code: str) -> StoredUser:
    """Link the runner of a code to the account (once; the code is then used up)."""
    with database.unit_of_work() as uow:
        user = uow.accounts.get_user(user_id)
        if user.runner_id is not None:
            raise InputError("this account already has its own training; a code cannot replace it")
        taken = uow.accounts.take_code(digest(code.strip()), "link")
        linked = (
            None
            if taken is None or taken[1] is None
            else uow.accounts.set_runner(user_id, taken[1])
        )
    if linked is None:
        raise InvalidFieldsError.one("code", "not a valid link code (used, expired or mistyped)")
    return linked


def set_timezone(database: Database, user_id: str, timezone: str) -> StoredUser:
    zone = check_timezone(timezone)
    with database.unit_of_work() as uow:
        return uow.accounts.set_timezone(user_id, zone)


def delete_account(database: Database, user_id: str) -> None:
    """Delete the account and everything of its owner: their runner with its plans, logs,
    decisions, analyses and draft sets, their sessions, tokens, codes and coach links."""
    with database.unit_of_work() as uow:
        user = uow.accounts.get_user(user_id)
        if user.runner_id is not None:
            uow.runners.remove(user.runner_id)
        uow.accounts.clear_failures(digest(user.email))
        uow.accounts.clear_failures(reset_request_key(user.email))
        uow.accounts.remove_user(user.id)


def list_users(database: Database, admin: StoredUser) -> tuple[StoredUser, ...]:
    """Every account (no password hashes), for an admin."""
    if admin.role != Role.ADMIN:
        raise AccessError("only an admin can list accounts")
    with database.unit_of_work() as uow:
        return uow.accounts.list_users()
