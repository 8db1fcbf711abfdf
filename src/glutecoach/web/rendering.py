"""Responses of the pages: a template with the visitor and their CSRF token, and the cookies
that come with signing in and out."""

from __future__ import annotations

from typing import Any

from fastapi import Request
from fastapi.responses import RedirectResponse, Response

from glutecoach.errors import InputError, InvalidFieldsError
from glutecoach.web.security import (
    CSRF_COOKIE,
    CSRF_FIELD,
    SESSION_COOKIE,
    identify,
    sign_cookie,
)
from glutecoach.web.state import AppState, app_state

SESSION_MAX_AGE_S = 14 * 24 * 3600


def _cookie_flags(state: AppState) -> dict[str, Any]:
    return {"httponly": True, "samesite": "lax", "secure": state.settings.secure_cookies}


def page(request: Request, template: str, status_code: int = 200, **context: Any) -> Response:
    """Render a page; an anonymous visitor without a CSRF cookie gets one with it."""
    state = app_state(request)
    visitor = identify(request)
    response = state.templates.TemplateResponse(
        request,
        template,
        {
            "visitor": visitor,
            "user": visitor.user,
            "csrf": visitor.csrf,
            "csrf_field": CSRF_FIELD,
            **context,
        },
        status_code=status_code,
    )
    if visitor.new_csrf_cookie:
        response.set_cookie(
            CSRF_COOKIE, sign_cookie(state, "csrf", visitor.csrf), **_cookie_flags(state)
        )
    response.headers["Cache-Control"] = "no-store"
    return response


def field_errors(exc: InputError) -> dict[str, str]:
    """What was wrong with a form, by field name for showing beside each field ('' for the
    form as a whole, shown above it)."""
    return dict(exc.fields) if isinstance(exc, InvalidFieldsError) else {"": str(exc)}


def redirect(url: str) -> RedirectResponse:
    """After a form: see the result at ``url`` (303, so a reload does not post again)."""
    return RedirectResponse(url, status_code=303)


def with_session(request: Request, response: Response, session_id: str) -> Response:
    """Give the browser a new session cookie (and drop the pre-sign-in CSRF cookie)."""
    state = app_state(request)
    response.set_cookie(
        SESSION_COOKIE,
        sign_cookie(state, "session", session_id),
        max_age=SESSION_MAX_AGE_S,
        **_cookie_flags(state),
    )
    response.delete_cookie(CSRF_COOKIE)
    return response


def without_session(request: Request, response: Response) -> Response:
    state = app_state(request)
    response.delete_cookie(SESSION_COOKIE, **_cookie_flags(state))
    return response
