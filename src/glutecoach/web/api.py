"""The JSON API: everything the pages do, for scripts and apps. Authenticate with a session
cookie (and the ``X-CSRF-Token`` header on writes) or ``Authorization: Bearer <token>``.
Runner data lives under ``/api/runners/{runner_id}``: its owner reads and writes it, a coach
the athlete accepted reads it, anyone else gets 404. Bad input answers 422 naming the field.
The schema is at ``/openapi.json``."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Path, Query
from fastapi.responses import Response
from pydantic import BaseModel, ConfigDict, Field

from glutecoach.domain.plan import Plan, PlannedSession
from glutecoach.domain.profile import RunnerProfile
from glutecoach.domain.vocabulary import BandResistance
from glutecoach.errors import InputError
from glutecoach.planning import Decision
from glutecoach.selection import RecommendationResult
from glutecoach.services import (
    access,
    accounts,
    downloads,
    guided,
    onboarding,
    password_reset,
    video_checks,
)
from glutecoach.web.security import AdminUser, CurrentUser, State
from glutecoach.web.videos import Videos

router = APIRouter(prefix="/api", tags=["api"])

RunnerId = Annotated[str, Path(max_length=36, description="The runner's id (from /api/me).")]
Day = Annotated[dt.date | None, Query(description="The day (YYYY-MM-DD); default: your today.")]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Health(Strict):
    status: Literal["ok"]
    version: str


class Me(Strict):
    id: str
    email: str
    role: str
    timezone: str
    runner_id: str | None
    today: dt.date


class TimezoneIn(Strict):
    timezone: str = Field(max_length=64, examples=["Europe/London"])


class TokenIn(Strict):
    name: str = Field(min_length=1, max_length=80)


class TokenOut(Strict):
    token: str = Field(description="Shown once: keep it; only its hash is stored.")


class TokenInfo(Strict):
    id: str
    name: str
    created_at: dt.datetime


class CodeIn(Strict):
    code: str = Field(min_length=1, max_length=100)


class EmailIn(Strict):
    email: str = Field(max_length=254)


class ResetOut(Strict):
    reset_link: str
    emailed: bool
    mail_error: str | None = None


class SetIn(Strict):
    day: dt.date | None = None
    step: str = Field(max_length=64, description="The step's key from the guided session.")
    as_prescribed: bool = True
    reps_done: int | None = None
    good_form_reps: int | None = None
    hold_s: int | None = None
    good_form_hold_s: int | None = None
    rpe: float | None = None
    reps_in_reserve: int | None = None
    pain_during: int | None = None
    band: BandResistance | None = Field(
        default=None, description="The band used, by resistance (light, medium, ...)."
    )


class SetOut(Strict):
    stored: bool = Field(description="False when that step was already logged (a repeat).")


class StepOut(Strict):
    key: str
    variation_id: str
    name: str
    set_number: int
    side: str
    dose: str
    cues: list[str]
    logged: dict[str, Any] | None


class TodayOut(Strict):
    day: dt.date
    session: PlannedSession | None
    next_session: PlannedSession | None
    steps: list[StepOut]
    finished: bool
    morning_pain_due: dt.date | None


class FinishIn(Strict):
    day: dt.date | None = None
    pain_before: int | None = None
    notes: str = Field(default="", max_length=2000)


class FinishOut(Strict):
    date: dt.date
    sets: int
    decisions: list[Decision]
    next_session: PlannedSession | None


class PainIn(Strict):
    score: int
    day: dt.date | None = None


class LogOut(Strict):
    id: str
    date: dt.date
    pain_before: int | None
    next_morning_pain: int | None
    sets: list[dict[str, Any]]
    decisions: list[Decision]


class AthleteOut(Strict):
    user_id: str
    email: str
    runner_id: str | None


@router.get("/health")
def health() -> Health:
    """A trivial answer: the app is up (no database work)."""
    from glutecoach import __version__

    return Health(status="ok", version=__version__)


@router.get("/me")
def me(user: CurrentUser) -> Me:
    return Me(
        id=user.id,
        email=user.email,
        role=user.role,
        timezone=user.timezone,
        runner_id=user.runner_id,
        today=accounts.today_for(user),
    )


@router.put("/me/timezone")
def set_timezone(body: TimezoneIn, state: State, user: CurrentUser) -> Me:
    return me(accounts.set_timezone(state.database, user.id, body.timezone))


@router.put("/me/profile")
def put_profile(body: RunnerProfile, state: State, user: CurrentUser) -> RunnerProfile:
    """Onboard, or change the profile: a new plan starts today."""
    runner, _, _ = onboarding.onboard(
        state.database, state.library, user.id, body, accounts.today_for(user)
    )
    return runner.profile


@router.get("/me/export")
def export(state: State, user: CurrentUser) -> dict[str, Any]:
    return onboarding.export_runner(state.database, user.id)


@router.delete("/me", status_code=204)
def delete_me(state: State, videos: Videos, user: CurrentUser) -> Response:
    """Delete the account and all its data, its videos included."""
    video_checks.delete_account_with_videos(state.database, videos.media_root, user)
    return Response(status_code=204)


@router.get("/me/tokens")
def tokens(state: State, user: CurrentUser) -> list[TokenInfo]:
    return [
        TokenInfo(id=i, name=n, created_at=c)
        for i, n, c in accounts.api_tokens(state.database, user.id)
    ]


@router.post("/me/tokens", status_code=201)
def new_token(body: TokenIn, state: State, user: CurrentUser) -> TokenOut:
    return TokenOut(token=accounts.create_api_token(state.database, user.id, body.name))


@router.delete("/me/tokens/{token_id}", status_code=204)
def revoke_token(
    state: State, user: CurrentUser, token_id: Annotated[str, Path(max_length=36)]
) -> Response:
    accounts.revoke_api_token(state.database, user.id, token_id)
    return Response(status_code=204)


@router.post("/me/link")
def link(body: CodeIn, state: State, user: CurrentUser) -> Me:
    """Link the CLI runner of a code printed by ``glutecoach link-code``."""
    return me(accounts.redeem_link_code(state.database, user.id, body.code))


@router.post("/me/coaches/{coach_id}/accept", status_code=204)
def accept_coach(
    state: State, user: CurrentUser, coach_id: Annotated[str, Path(max_length=36)]
) -> Response:
    access.accept_invitation(state.database, user, coach_id)
    return Response(status_code=204)


@router.post("/coach/invitations", status_code=204)
def invite(body: EmailIn, state: State, user: CurrentUser) -> Response:
    access.invite_athlete(state.database, user, body.email)
    return Response(status_code=204)


@router.get("/coach/athletes")
def athletes(state: State, user: CurrentUser) -> list[AthleteOut]:
    return [
        AthleteOut(user_id=a.user_id, email=a.email, runner_id=a.runner_id)
        for a in access.athletes(state.database, user)
    ]


@router.post("/admin/resets", status_code=201)
def issue_reset(body: EmailIn, state: State, user: AdminUser) -> ResetOut:
    code = accounts.issue_reset(state.database, user, body.email, params=state.settings.accounts)
    link_url = f"{state.settings.public_url}/reset/{code}"
    try:
        emailed = password_reset.mail_reset_link(
            state.settings.smtp, body.email, link_url, params=state.settings.accounts
        )
    except InputError as exc:  # the link is issued all the same: the admin passes it on
        return ResetOut(reset_link=link_url, emailed=False, mail_error=str(exc))
    return ResetOut(reset_link=link_url, emailed=emailed)


@router.get("/runners/{runner_id}/profile")
def profile(runner_id: RunnerId, state: State, user: CurrentUser) -> RunnerProfile:
    access.require_read(state.database, user, runner_id)
    return onboarding.stored_profile(state.database, runner_id)


@router.get("/runners/{runner_id}/recommendation")
def recommendation(runner_id: RunnerId, state: State, user: CurrentUser) -> RecommendationResult:
    access.require_read(state.database, user, runner_id)
    return onboarding.recommendation(state.database, state.library, runner_id)


@router.get("/runners/{runner_id}/plan")
def plan(runner_id: RunnerId, state: State, user: CurrentUser) -> Plan:
    """The plan in force: the stored plan with every progression decision applied."""
    access.require_read(state.database, user, runner_id)
    return state.states.state(state.database, runner_id).plan


@router.get("/runners/{runner_id}/today")
def today(runner_id: RunnerId, state: State, user: CurrentUser, day: Day = None) -> TodayOut:
    access.require_read(state.database, user, runner_id)
    when = day or accounts.today_for(user)
    session = state.guided_session(runner_id, when, user)
    steps = [
        StepOut(
            key=s.key,
            variation_id=s.variation.id,
            name=s.variation.name,
            set_number=s.set_number,
            side=s.side.value,
            dose=s.prescription.text(),
            cues=list(s.variation.cues),
            logged=None if s.logged is None else s.logged.model_dump(mode="json"),
        )
        for s in session.steps
    ]
    return TodayOut(
        day=when,
        session=session.session,
        next_session=session.next_session,
        steps=steps,
        finished=session.finished,
        morning_pain_due=session.morning_pain_due,
    )


@router.post("/runners/{runner_id}/sets")
def log_set(runner_id: RunnerId, body: SetIn, state: State, user: CurrentUser) -> SetOut:
    """Log one step of the guided session (as prescribed, or with your own numbers). A
    repeat of the same step stores nothing and answers ``stored: false``."""
    access.require_write(user, runner_id)
    detail = None
    if not body.as_prescribed:
        detail = body.model_dump(exclude={"day", "step", "as_prescribed"}, exclude_none=True)
    stored = guided.log_step(
        state.database,
        state.library,
        runner_id,
        body.day or accounts.today_for(user),
        body.step,
        detail,
        states=state.states,
    )
    return SetOut(stored=stored)


@router.post("/runners/{runner_id}/sessions")
def finish(runner_id: RunnerId, body: FinishIn, state: State, user: CurrentUser) -> FinishOut:
    """Finish the day's guided session: store it and decide progression."""
    access.require_write(user, runner_id)
    outcome = guided.finish_session(
        state.database,
        state.library,
        runner_id,
        body.day or accounts.today_for(user),
        body.pain_before,
        body.notes,
    )
    return FinishOut(
        date=outcome.log.log.date,
        sets=len(outcome.log.log.sets),
        decisions=list(outcome.decisions),
        next_session=outcome.next_session,
    )


@router.post("/runners/{runner_id}/morning-pain", status_code=204)
def morning_pain(runner_id: RunnerId, body: PainIn, state: State, user: CurrentUser) -> Response:
    access.require_write(user, runner_id)
    onboarding.enter_morning_pain(state.database, state.library, runner_id, body.score, body.day)
    return Response(status_code=204)


@router.get("/runners/{runner_id}/history")
def history(runner_id: RunnerId, state: State, user: CurrentUser) -> list[LogOut]:
    """Every logged session with the decisions it led to, and their reasons."""
    access.require_read(state.database, user, runner_id)
    runner = state.states.state(state.database, runner_id)
    return [
        LogOut(
            id=s.id,
            date=s.log.date,
            pain_before=s.log.pain_before,
            next_morning_pain=s.log.next_morning_pain,
            sets=[x.model_dump(mode="json") for x in s.log.sets],
            decisions=[d.decision for d in runner.decisions if d.session_log_id == s.id],
        )
        for s in runner.logs
    ]


SVG = {"content": {"image/svg+xml": {}}, "description": "SVG image"}


@router.get("/runners/{runner_id}/charts/{name}", response_class=Response, responses={200: SVG})
def chart(
    runner_id: RunnerId,
    state: State,
    user: CurrentUser,
    name: Annotated[str, Path(max_length=40, description=", ".join(downloads.CHART_NAMES))],
) -> Response:
    access.require_read(state.database, user, runner_id)
    svg = downloads.progress_chart(state.database, state.library, runner_id, name)
    return Response(svg, media_type="image/svg+xml")


@router.get("/runners/{runner_id}/handout", response_class=Response)
def handout(
    runner_id: RunnerId,
    state: State,
    user: CurrentUser,
    fmt: Annotated[Literal["html", "pdf"], Query(alias="format")] = "pdf",
) -> Response:
    access.require_read(state.database, user, runner_id)
    body = downloads.handout(state.database, state.library, runner_id, fmt)
    return Response(body, media_type="application/pdf" if fmt == "pdf" else "text/html")


@router.get("/runners/{runner_id}/calendar", response_class=Response)
def calendar(runner_id: RunnerId, state: State, user: CurrentUser) -> Response:
    access.require_read(state.database, user, runner_id)
    body = downloads.calendar(state.database, state.library, runner_id)
    return Response(body, media_type="text/calendar")
