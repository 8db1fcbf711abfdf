"""Who is asking, and is the request genuine: session cookies, API tokens and CSRF tokens.

- The session cookie holds the random session id, signed with the app's key (itsdangerous),
  HttpOnly, SameSite=Lax, Secure behind HTTPS. The server keeps the session row (by the id's
  hash), so signing out, or out everywhere, ends it for real.
- API clients send ``Authorization: Bearer <token>``; such requests need no CSRF token (a
  browser never adds that header by itself).
- Every state-changing request from a browser carries a CSRF token: the session's own when
  signed in, else the value of a signed pre-sign-in cookie (double submit). Forms send it as
  ``csrf_token``, scripts as the ``X-CSRF-Token`` header.
"""

from __future__ import annotations

import hmac
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Request
from itsdangerous import BadSignature, URLSafeSerializer
from starlette.concurrency import run_in_threadpool

from glutecoach.errors import AccessError
from glutecoach.services import accounts
from glutecoach.services.accounts import Role, new_secret
from glutecoach.storage.accounts import StoredUser
from glutecoach.web.state import AppState, app_state, shared_state

SESSION_COOKIE = "gc_session"
CSRF_COOKIE = "gc_csrf"
CSRF_FIELD = "csrf_token"
CSRF_HEADER = "x-csrf-token"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


class SignInRequiredError(AccessError):
    """Nobody is signed in: pages redirect to sign-in, the API answers 401."""


@dataclass(frozen=True)
class Visitor:
    """The person behind a request: ``user`` None when anonymous. ``csrf`` is the token their
    forms must carry; ``session_id`` the raw id of a cookie session."""

    user: StoredUser | None
    csrf: str
    session_id: str | None = None
    via_token: bool = False
    new_csrf_cookie: bool = False


def _serializer(state: AppState, purpose: str) -> URLSafeSerializer:
    return URLSafeSerializer(state.settings.secret_key, salt=f"glutecoach-{purpose}")


def sign_cookie(state: AppState, purpose: str, value: str) -> str:
    return _serializer(state, purpose).dumps(value)


def _unsign(state: AppState, purpose: str, cookie: str | None) -> str | None:
    if not cookie:
        return None
    try:
        value = _serializer(state, purpose).loads(cookie)
    except BadSignature:
        return None
    return value if isinstance(value, str) else None


def identify(request: Request) -> Visitor:
    """The visitor of a request (cached on it, so every dependency sees the same one)."""
    cached = getattr(request.state, "visitor", None)
    if isinstance(cached, Visitor):
        return cached
    state = app_state(request)
    visitor = _identify(request, state)
    request.state.visitor = visitor
    return visitor


def _identify(request: Request, state: AppState) -> Visitor:
    header = request.headers.get("authorization", "")
    if header.lower().startswith("bearer "):
        user = accounts.user_for_token(state.database, header[7:].strip())
        if user is None:
            raise SignInRequiredError("the API token is not valid (revoked or mistyped)")
        return Visitor(user, "", via_token=True)
    session_id = _unsign(state, "session", request.cookies.get(SESSION_COOKIE))
    if session_id is not None:
        current = accounts.current_session(state.database, session_id)
        if current is not None:
            return Visitor(current.user, current.csrf_token, session_id)
    anonymous = _unsign(state, "csrf", request.cookies.get(CSRF_COOKIE))
    if anonymous is None:
        return Visitor(None, new_secret(), new_csrf_cookie=True)
    return Visitor(None, anonymous)


async def current_visitor(request: Request) -> Visitor:
    """``identify`` as a dependency: async, so a request whose visitor is already known (the
    CSRF check found it) costs no thread hop, and the database lookup of one that is not runs
    in a worker thread, never on the event loop."""
    cached = getattr(request.state, "visitor", None)
    if isinstance(cached, Visitor):
        return cached
    return await run_in_threadpool(identify, request)


async def check_csrf(request: Request) -> None:
    """Reject a state-changing browser request without the right CSRF token (403)."""
    if request.method in SAFE_METHODS:
        return
    found = await current_visitor(request)
    if found.via_token:
        return
    sent = request.headers.get(CSRF_HEADER)
    if sent is None and "form" in request.headers.get("content-type", ""):
        form = await request.form()
        value = form.get(CSRF_FIELD)
        sent = value if isinstance(value, str) else None
    if found.new_csrf_cookie or not sent or not hmac.compare_digest(sent, found.csrf):
        raise AccessError(
            "this form has expired or did not come from glutecoach (CSRF check failed); "
            "reload the page and try again"
        )


async def signed_in(request: Request) -> StoredUser:
    """The signed-in user; ``SignInRequiredError`` for an anonymous request."""
    user = (await current_visitor(request)).user
    if user is None:
        raise SignInRequiredError("sign in first")
    return user


async def admin(user: Annotated[StoredUser, Depends(signed_in)]) -> StoredUser:
    if user.role != Role.ADMIN:
        raise AccessError("only an admin can do this")
    return user


CurrentUser = Annotated[StoredUser, Depends(signed_in)]
AdminUser = Annotated[StoredUser, Depends(admin)]
CurrentVisitor = Annotated[Visitor, Depends(current_visitor)]
State = Annotated[AppState, Depends(shared_state)]
