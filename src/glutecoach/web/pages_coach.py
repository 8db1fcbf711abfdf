"""The coach's pages: the roster with an invitation link, an athlete's training read-only
with the coach's notes and allow/forbid list; and the page where a runner accepts a coach's
invitation link. Routes call services and render."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from glutecoach.errors import InputError
from glutecoach.services import accounts, coaching
from glutecoach.services.access import require_runner
from glutecoach.web.rendering import field_errors, page, redirect
from glutecoach.web.security import CurrentUser, CurrentVisitor, State

router = APIRouter(include_in_schema=False)


@router.get("/coach")
def roster_page(request: Request, state: State, user: CurrentUser) -> Response:
    entries = coaching.roster(state.database, state.library, user, accounts.today_for(user))
    link = request.query_params.get("link")
    return page(request, "coach.html", entries=entries, link=link, library=state.library)


@router.post("/coach/invite-links")
def new_link(state: State, user: CurrentUser) -> Response:
    code = coaching.create_invite_link_code(state.database, user)
    return redirect(f"/coach?link={code}")


@router.get("/coach/runners/{runner_id}")
def athlete_page(request: Request, state: State, user: CurrentUser, runner_id: str) -> Response:
    view = coaching.athlete_view(
        state.database, state.library, user, runner_id, accounts.today_for(user)
    )
    return page(request, "coach_athlete.html", view=view, library=state.library)


@router.post("/coach/runners/{runner_id}/notes")
async def save_notes(request: Request, state: State, user: CurrentUser, runner_id: str) -> Response:
    coaching.coach_note(state.database, user, runner_id)  # 404 unless this coach's athlete
    form = await request.form()
    notes = form.get("notes")
    allowed = tuple(str(v) for v in form.getlist("allowed"))
    forbidden = tuple(str(v) for v in form.getlist("forbidden"))
    try:
        coaching.save_note(
            state.database,
            state.library,
            user,
            runner_id,
            notes if isinstance(notes, str) else "",
            allowed,
            forbidden,
        )
    except InputError as exc:
        view = coaching.athlete_view(
            state.database, state.library, user, runner_id, accounts.today_for(user)
        )
        sent = {"notes": notes if isinstance(notes, str) else "", "allowed": allowed}
        return page(
            request,
            "coach_athlete.html",
            422,
            view=view,
            library=state.library,
            errors=field_errors(exc),
            sent={**sent, "forbidden": forbidden},
        )
    return redirect(f"/coach/runners/{runner_id}")


@router.get("/invite/{invite}")
def invite_page(request: Request, visitor: CurrentVisitor, invite: str) -> Response:
    return page(request, "invite.html", code=invite, signed_in=visitor.user is not None)


@router.post("/invite/{invite}")
def accept(request: Request, state: State, user: CurrentUser, invite: str) -> Response:
    require_runner(user)
    try:
        coaching.accept_invite_link(state.database, user, invite)
    except InputError as exc:
        return page(request, "invite.html", 422, code=invite, signed_in=True, error=str(exc))
    return redirect("/account")
