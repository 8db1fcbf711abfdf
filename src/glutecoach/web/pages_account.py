"""Pages of the account: sign-up, sign-in, sign-out (here or everywhere), password reset,
the account page (timezone, API tokens, link code, coaches, deletion) and the admin page."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response

from glutecoach.errors import AccessError, InputError, InvalidFieldsError, ThrottledError
from glutecoach.services import access, accounts, password_reset, video_checks
from glutecoach.storage.accounts import StoredUser
from glutecoach.web.rendering import (
    field_errors,
    page,
    redirect,
    with_session,
    without_session,
)
from glutecoach.web.security import (
    AdminUser,
    CurrentUser,
    CurrentVisitor,
    SignInRequiredError,
    State,
)
from glutecoach.web.videos import Videos

router = APIRouter(include_in_schema=False)


def _safe_next(target: str | None) -> str:
    """Only a path on this site (never '//host' or a full URL) may follow sign-in."""
    if target and target.startswith("/") and target[1:2] not in {"/", "\\"}:
        return target
    return "/"


async def _fields(request: Request, *names: str) -> dict[str, str]:
    form = await request.form()
    return {n: v if isinstance(v := form.get(n), str) else "" for n in names}


@router.get("/")
def home(visitor: CurrentVisitor) -> Response:
    if visitor.user is None:
        raise SignInRequiredError("sign in first")
    if visitor.user.runner_id is None:
        return redirect("/admin" if visitor.user.role == "admin" else "/onboarding")
    return redirect("/today")


@router.get("/sign-up")
def sign_up_page(request: Request) -> Response:
    return page(request, "sign_up.html", zones=accounts.timezone_names(), values={}, errors={})


@router.post("/sign-up")
async def sign_up(request: Request, state: State) -> Response:
    values = await _fields(request, "email", "password", "timezone", "coach")
    try:
        signed = accounts.sign_up(
            state.database,
            values["email"],
            values["password"],
            coach=values["coach"] == "yes",
            timezone=values["timezone"] or "UTC",
            params=state.settings.accounts,
        )
    except InputError as exc:
        return page(
            request,
            "sign_up.html",
            422,
            zones=accounts.timezone_names(),
            values=values,
            errors=field_errors(exc),
        )
    target = "/onboarding" if signed.user.role == "runner" else "/account"
    return with_session(request, redirect(target), signed.session_id)


@router.get("/sign-in")
def sign_in_page(request: Request, next: str | None = None) -> Response:
    return page(request, "sign_in.html", next=_safe_next(next), email="")


@router.post("/sign-in")
async def sign_in(request: Request, state: State, visitor: CurrentVisitor) -> Response:
    values = await _fields(request, "email", "password", "next")
    try:
        signed = accounts.sign_in(
            state.database, values["email"], values["password"], params=state.settings.accounts
        )
    except AccessError as exc:
        status = 429 if isinstance(exc, ThrottledError) else 401
        return page(
            request,
            "sign_in.html",
            status,
            next=_safe_next(values["next"]),
            email=values["email"],
            errors={"": str(exc)},
        )
    if visitor.session_id is not None:  # a session planted or left before: end it
        accounts.sign_out(state.database, visitor.session_id)
    return with_session(request, redirect(_safe_next(values["next"])), signed.session_id)


@router.post("/sign-out")
def sign_out(request: Request, state: State, visitor: CurrentVisitor) -> Response:
    if visitor.session_id is not None:
        accounts.sign_out(state.database, visitor.session_id)
    return without_session(request, redirect("/sign-in"))


@router.post("/sign-out-everywhere")
def sign_out_everywhere(request: Request, state: State, user: CurrentUser) -> Response:
    accounts.sign_out_everywhere(state.database, user.id)
    return without_session(request, redirect("/sign-in"))


@router.get("/reset")
def forgot_page(request: Request, state: State) -> Response:
    return page(request, "forgot.html", email_ready=state.settings.smtp is not None, errors={})


@router.post("/reset")
async def forgot(request: Request, state: State) -> Response:
    """A forgotten password: the same answer whether or not an account uses the address."""
    values = await _fields(request, "email")
    try:
        password_reset.request_reset(
            state.database,
            state.settings.smtp,
            values["email"],
            state.settings.public_url,
            params=state.settings.accounts,
        )
    except InputError as exc:
        return page(
            request,
            "forgot.html",
            422,
            email_ready=state.settings.smtp is not None,
            email=values["email"],
            errors=field_errors(exc),
        )
    return page(
        request,
        "forgot.html",
        email_ready=True,
        sent_to=values["email"].strip(),
        minutes=state.settings.accounts.reset_minutes,
        errors={},
    )


@router.get("/reset/{code}")
def reset_page(request: Request, code: str) -> Response:
    return page(request, "reset.html", code=code, errors={})


@router.post("/reset/{code}")
async def reset(request: Request, state: State, code: str) -> Response:
    values = await _fields(request, "password")
    try:
        accounts.reset_password(
            state.database, code, values["password"], params=state.settings.accounts
        )
    except InputError as exc:
        return page(request, "reset.html", 422, code=code, errors=field_errors(exc))
    except AccessError as exc:  # the link itself: used, expired or mistyped
        return page(request, "reset.html", 422, code=code, errors={"": str(exc)})
    return redirect("/sign-in")


def _account(
    request: Request,
    state: State,
    user: StoredUser,
    failed: str = "",
    exc: InputError | None = None,
    **extra: Any,
) -> Response:
    """The account page; after a refused form, with 422 and the problem beside the field of
    the form named ``failed`` (timezone, token, link, invite, delete)."""
    return page(
        request,
        "account.html",
        422 if exc is not None else 200,
        failed=failed,
        errors=field_errors(exc) if exc is not None else {},
        tokens=accounts.api_tokens(state.database, user.id),
        links=access.coach_links(state.database, user),
        zones=accounts.timezone_names(),
        **extra,
    )


@router.get("/account")
def account(request: Request, state: State, user: CurrentUser) -> Response:
    return _account(request, state, user)


@router.post("/account/timezone")
async def set_timezone(request: Request, state: State, user: CurrentUser) -> Response:
    values = await _fields(request, "timezone")
    try:
        accounts.set_timezone(state.database, user.id, values["timezone"])
    except InputError as exc:
        return _account(request, state, user, "timezone", exc)
    return redirect("/account")


@router.post("/account/tokens")
async def new_token(request: Request, state: State, user: CurrentUser) -> Response:
    values = await _fields(request, "name")
    try:
        token = accounts.create_api_token(state.database, user.id, values["name"])
    except InputError as exc:
        return _account(request, state, user, "token", exc)
    return _account(request, state, user, new_token=token)


@router.post("/account/tokens/{token_id}/revoke")
def revoke_token(state: State, user: CurrentUser, token_id: str) -> Response:
    accounts.revoke_api_token(state.database, user.id, token_id)
    return redirect("/account")


@router.post("/account/link")
async def link_runner(request: Request, state: State, user: CurrentUser) -> Response:
    values = await _fields(request, "code")
    try:
        accounts.redeem_link_code(state.database, user.id, values["code"])
    except InputError as exc:
        return _account(request, state, user, "link", exc)
    return redirect("/today")


@router.post("/account/coaches/{coach_id}/accept")
def accept_coach(state: State, user: CurrentUser, coach_id: str) -> Response:
    access.accept_invitation(state.database, user, coach_id)
    return redirect("/account")


@router.post("/account/coaches/{other_id}/end")
def end_coaching(state: State, user: CurrentUser, other_id: str) -> Response:
    access.end_coaching(state.database, user, other_id)
    return redirect("/account")


@router.post("/account/invite")
async def invite(request: Request, state: State, user: CurrentUser) -> Response:
    values = await _fields(request, "email")
    try:
        access.invite_athlete(state.database, user, values["email"])
    except InputError as exc:
        return _account(request, state, user, "invite", exc)
    return redirect("/account")


@router.post("/account/delete")
async def delete_account(
    request: Request, state: State, videos: Videos, user: CurrentUser
) -> Response:
    values = await _fields(request, "confirm")
    if values["confirm"].strip().lower() != user.email:
        refused = InvalidFieldsError.one(
            "confirm", "type your account's email exactly to confirm the deletion"
        )
        return _account(request, state, user, "delete", refused)
    video_checks.delete_account_with_videos(state.database, videos.media_root, user)
    return without_session(request, redirect("/sign-up"))


@router.get("/admin")
def admin_page(request: Request, state: State, user: AdminUser) -> Response:
    return page(request, "admin.html", users=accounts.list_users(state.database, user), errors={})


@router.post("/admin/resets")
async def issue_reset(request: Request, state: State, user: AdminUser) -> Response:
    values = await _fields(request, "email")
    users = accounts.list_users(state.database, user)
    try:
        code = accounts.issue_reset(
            state.database, user, values["email"], params=state.settings.accounts
        )
    except InputError as exc:
        return page(
            request, "admin.html", 422, users=users, errors=field_errors(exc), typed=values["email"]
        )
    link = f"{state.settings.public_url}/reset/{code}"
    try:
        sent, mail_error = (
            password_reset.mail_reset_link(
                state.settings.smtp, values["email"], link, params=state.settings.accounts
            ),
            "",
        )
    except InputError as exc:  # the link is issued all the same: the admin passes it on
        sent, mail_error = False, str(exc)
    return page(
        request,
        "admin.html",
        users=users,
        reset_link=link,
        reset_email=values["email"],
        mailed=sent,
        mail_error=mail_error,
        errors={},
    )
