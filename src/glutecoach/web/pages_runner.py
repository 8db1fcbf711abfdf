"""The runner's pages: onboarding, recommendation, plan, today's guided session, next-morning
pain, history, progress charts, downloads and exercise figures. Each works on the signed-in
user's own training only; routes call services and render, nothing more."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response

from glutecoach.domain.profile import RunnerProfile
from glutecoach.errors import InputError, InvalidFieldsError
from glutecoach.services import accounts, downloads, guided, onboarding
from glutecoach.services.access import own_runner, require_runner
from glutecoach.storage.accounts import StoredUser
from glutecoach.web.forms import flat_values, form_data, model_form
from glutecoach.web.rendering import field_errors, page, redirect
from glutecoach.web.security import CurrentUser, State

router = APIRouter(include_in_schema=False)

SET_DETAIL_FIELDS = (
    "reps_done",
    "good_form_reps",
    "hold_s",
    "good_form_hold_s",
    "rpe",
    "reps_in_reserve",
    "pain_during",
    "band",
)


def _profile_form(state: State) -> Any:
    return model_form(RunnerProfile, state.library.ids())


@router.get("/onboarding")
def onboarding_page(request: Request, state: State, user: CurrentUser) -> Response:
    require_runner(user)
    values: dict[str, Any] = {"running.sunday": "long-run", "running.tuesday": "easy"}
    if user.runner_id is not None:
        profile = onboarding.stored_profile(state.database, user.runner_id)
        values = flat_values(profile.model_dump(mode="json"))
    return page(request, "onboarding.html", fields=_profile_form(state), values=values, errors={})


@router.post("/onboarding")
async def onboard(request: Request, state: State, user: CurrentUser) -> Response:
    fields = _profile_form(state)
    data = form_data(fields, await request.form())
    try:
        profile = onboarding.check_profile(data)
        onboarding.onboard(
            state.database, state.library, user.id, profile, accounts.today_for(user)
        )
    except InvalidFieldsError as exc:
        return page(
            request,
            "onboarding.html",
            422,
            fields=fields,
            values=flat_values(data),
            errors=exc.fields,
        )
    return redirect("/recommendation")


@router.get("/recommendation")
def recommendation(request: Request, state: State, user: CurrentUser) -> Response:
    result = onboarding.recommendation(state.database, state.library, own_runner(user))
    return page(request, "recommendation.html", result=result, library=state.library)


@router.get("/plan")
def plan(request: Request, state: State, user: CurrentUser) -> Response:
    runner = state.states.state(state.database, own_runner(user))
    weeks = [runner.plan.week(i) for i in range(runner.plan.weeks)]
    return page(
        request,
        "plan.html",
        plan=runner.plan,
        weeks=weeks,
        library=state.library,
        today=accounts.today_for(user),
    )


def _day(user: StoredUser, raw: str | None) -> dt.date:
    if not raw:
        return accounts.today_for(user)
    try:
        return dt.date.fromisoformat(raw)
    except ValueError:
        raise InputError(f"day {raw!r} is not a date; use YYYY-MM-DD") from None


@router.get("/today")
def today(request: Request, state: State, user: CurrentUser, day: str | None = None) -> Response:
    runner_id = own_runner(user)
    when = _day(user, day)
    session = state.guided_session(runner_id, when, user)
    return page(
        request,
        "today.html",
        guided=session,
        pain_due=session.morning_pain_due,
        library=state.library,
    )


async def _form(request: Request) -> dict[str, str]:
    form = await request.form()
    return {k: v for k, v in form.items() if isinstance(v, str)}


@router.post("/today/sets")
async def log_set(request: Request, state: State, user: CurrentUser) -> Response:
    values = await _form(request)
    runner_id = own_runner(user)
    when = _day(user, values.get("day"))
    detail = None
    if values.get("mode") == "detail":
        detail = {k: values[k] for k in SET_DETAIL_FIELDS if values.get(k, "").strip()}
    step = values.get("step", "")
    try:
        guided.log_step(
            state.database, state.library, runner_id, when, step, detail, states=state.states
        )
    except InvalidFieldsError as exc:  # the runner's own numbers: shown beside each field
        sent = {k: values.get(k, "") for k in SET_DETAIL_FIELDS}
        return _today_again(request, state, user, when, exc.fields, step=step, sent=sent)
    except InputError as exc:
        return _today_again(request, state, user, when, field_errors(exc))
    return redirect(f"/today?day={when.isoformat()}#{values.get('next', '')}")


@router.post("/today/finish")
async def finish(request: Request, state: State, user: CurrentUser) -> Response:
    values = await _form(request)
    runner_id = own_runner(user)
    when = _day(user, values.get("day"))
    sent = {"pain_before": values.get("pain_before", ""), "notes": values.get("notes", "")}
    try:
        guided.finish_session(
            state.database,
            state.library,
            runner_id,
            when,
            guided.whole_score("pain_before", sent["pain_before"]),
            sent["notes"],
        )
    except InputError as exc:
        return _today_again(request, state, user, when, field_errors(exc), step="finish", sent=sent)
    return redirect("/history")


def _today_again(
    request: Request,
    state: State,
    user: StoredUser,
    when: dt.date,
    errors: dict[str, str],
    *,
    step: str = "",
    sent: dict[str, str] | None = None,
    pain_day: dt.date | None = None,
) -> Response:
    """Today's page once more (422) with what was wrong with the form just sent: beside each
    field of that form (``step`` is its set's key, 'finish' or 'morning'), filled in as it was
    sent; problems of no one field above it. ``pain_day``: the session whose next-morning
    pain was sent."""
    session = state.guided_session(own_runner(user), when, user)
    pain_due = pain_day or session.morning_pain_due
    if step == "morning" and pain_due is None:  # no prompt to show it beside
        step = ""
    return page(
        request,
        "today.html",
        422,
        guided=session,
        pain_due=pain_due,
        library=state.library,
        errors=errors if step else {},
        error=None if step else errors.get(""),
        failed_step=step,
        sent=sent or {},
    )


@router.post("/morning-pain")
async def morning_pain(request: Request, state: State, user: CurrentUser) -> Response:
    values = await _form(request)
    runner_id = own_runner(user)
    day = _day(user, values["day"]) if values.get("day") else None
    try:
        score = guided.whole_score("score", values.get("score", ""), required=True)
        assert score is not None
        onboarding.enter_morning_pain(state.database, state.library, runner_id, score, day)
    except InputError as exc:
        sent = {"score": values.get("score", "")}
        errors = field_errors(exc)
        when = accounts.today_for(user)
        return _today_again(
            request, state, user, when, errors, step="morning", sent=sent, pain_day=day
        )
    return redirect("/history")


@router.get("/history")
def history(request: Request, state: State, user: CurrentUser) -> Response:
    runner = state.states.state(state.database, own_runner(user))
    by_log: dict[str | None, list[Any]] = {}
    for decision in runner.decisions:
        by_log.setdefault(decision.session_log_id, []).append(decision.decision)
    return page(
        request,
        "history.html",
        logs=list(reversed(runner.logs)),
        decisions=by_log,
        library=state.library,
    )


@router.get("/progress")
def progress(request: Request, user: CurrentUser) -> Response:
    own_runner(user)
    return page(request, "progress.html", charts=downloads.CHART_NAMES)


@router.get("/progress/{name}.svg")
def progress_chart(state: State, user: CurrentUser, name: str) -> Response:
    svg = downloads.progress_chart(state.database, state.library, own_runner(user), name)
    return Response(svg, media_type="image/svg+xml")


@router.get("/downloads/handout.{fmt}")
def handout(state: State, user: CurrentUser, fmt: str) -> Response:
    body = downloads.handout(state.database, state.library, own_runner(user), fmt)
    media = "application/pdf" if fmt == "pdf" else "text/html; charset=utf-8"
    return Response(body, media_type=media, headers=_attachment(f"glutecoach-plan.{fmt}"))


@router.get("/downloads/calendar.ics")
def calendar(state: State, user: CurrentUser) -> Response:
    body = downloads.calendar(state.database, state.library, own_runner(user))
    return Response(body, media_type="text/calendar", headers=_attachment("glutecoach.ics"))


@router.get("/downloads/export.json")
def export(state: State, user: CurrentUser) -> Response:
    document = onboarding.export_runner(state.database, user.id)
    return Response(
        json.dumps(document, indent=2, ensure_ascii=False),
        media_type="application/json",
        headers=_attachment("glutecoach-export.json"),
    )


@router.get("/exercises/{variation_id}/figure.svg")
def figure(state: State, variation_id: str) -> Response:
    svg = downloads.exercise_figure(state.library, variation_id)
    return Response(svg, media_type="image/svg+xml", headers={"Cache-Control": "max-age=86400"})


def _attachment(name: str) -> dict[str, str]:
    return {"Content-Disposition": f'attachment; filename="{name}"', "Cache-Control": "no-store"}
