"""The JSON API of coaching: invitation links, accepting and ending a coach, the roster, and
the coach's notes with the allow/forbid list for one athlete."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from fastapi import APIRouter, Path
from fastapi.responses import Response
from pydantic import BaseModel, ConfigDict, Field

from glutecoach.services import access, accounts, coaching
from glutecoach.storage.video_jobs import StoredCoachNote
from glutecoach.web.security import CurrentUser, State

router = APIRouter(prefix="/api", tags=["coaching"])

RunnerId = Annotated[str, Path(max_length=36, description="The athlete's runner id.")]
ExerciseIds = Annotated[list[str], Field(max_length=200)]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class InviteLinkOut(Strict):
    url: str = Field(description="Send it to the athlete; valid once, for 14 days.")


class CoachOut(Strict):
    coach_id: str
    coach_email: str


class FlagOut(Strict):
    kind: str
    message: str


class RosterOut(Strict):
    user_id: str
    email: str
    runner_id: str | None
    name: str | None
    adherence_planned: int | None = Field(description="Planned sessions, last 4 weeks.")
    adherence_done: int | None
    latest_pain: int | None
    flags: list[FlagOut]
    last_check_at: dt.datetime | None
    last_check_exercise: str | None


class NoteIn(Strict):
    notes: str = Field("", max_length=coaching.NOTES_MAX_CHARS)
    allowed: ExerciseIds = Field(default_factory=list)
    forbidden: ExerciseIds = Field(default_factory=list)


class NoteOut(Strict):
    notes: str
    allowed: list[str]
    forbidden: list[str]
    updated_at: dt.datetime | None


def note_out(note: StoredCoachNote) -> NoteOut:
    return NoteOut(
        notes=note.notes,
        allowed=list(note.allowed),
        forbidden=list(note.forbidden),
        updated_at=note.updated_at,
    )


@router.post("/coach/invite-links", status_code=201)
def invite_link(state: State, user: CurrentUser) -> InviteLinkOut:
    code = coaching.create_invite_link_code(state.database, user)
    return InviteLinkOut(url=f"{state.settings.public_url}/invite/{code}")


@router.post("/me/invitations/{invite}/accept")
def accept_invite(
    state: State, user: CurrentUser, invite: Annotated[str, Path(max_length=100)]
) -> CoachOut:
    """Accept a coach's invitation link (its last part is the code)."""
    coach = coaching.accept_invite_link(state.database, user, invite)
    return CoachOut(coach_id=coach.id, coach_email=coach.email)


@router.delete("/me/coaches/{coach_id}", status_code=204)
def end_coach(
    state: State, user: CurrentUser, coach_id: Annotated[str, Path(max_length=36)]
) -> Response:
    """End a coaching link (an athlete revokes their coach, or a coach lets go)."""
    access.end_coaching(state.database, user, coach_id)
    return Response(status_code=204)


@router.get("/coach/roster")
def roster(state: State, user: CurrentUser) -> list[RosterOut]:
    entries = coaching.roster(state.database, state.library, user, accounts.today_for(user))
    return [
        RosterOut(
            user_id=e.user_id,
            email=e.email,
            runner_id=e.runner_id,
            name=e.name,
            adherence_planned=e.adherence.planned if e.adherence else None,
            adherence_done=e.adherence.done if e.adherence else None,
            latest_pain=e.latest_pain,
            flags=[FlagOut(kind=f.kind, message=f.message) for f in e.flags],
            last_check_at=e.last_check.created_at if e.last_check else None,
            last_check_exercise=e.last_check.exercise if e.last_check else None,
        )
        for e in entries
    ]


@router.get("/coach/runners/{runner_id}/notes")
def get_note(state: State, user: CurrentUser, runner_id: RunnerId) -> NoteOut:
    return note_out(coaching.coach_note(state.database, user, runner_id))


@router.put("/coach/runners/{runner_id}/notes")
def put_note(body: NoteIn, state: State, user: CurrentUser, runner_id: RunnerId) -> NoteOut:
    note = coaching.save_note(
        state.database,
        state.library,
        user,
        runner_id,
        body.notes,
        tuple(body.allowed),
        tuple(body.forbidden),
    )
    return note_out(note)
