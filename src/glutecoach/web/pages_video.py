"""The pages of video checks: choose the exercise, read its film guide and upload the clip;
follow the check live; read the report with its annotated video, correct the count and log the
set in one step; gait checks with the gait history. Routes call services and render."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response
from starlette.datastructures import UploadFile

from glutecoach.domain.analysis import AnalysisResult
from glutecoach.errors import InputError, InvalidFieldsError
from glutecoach.library.filming import film_guide
from glutecoach.reports.technique_text import fault_cards
from glutecoach.services import accounts, gait, video_checks
from glutecoach.services.access import own_runner, require_runner, require_write
from glutecoach.services.checked_sets import SetCorrection
from glutecoach.storage.accounts import StoredUser
from glutecoach.storage.video_jobs import JobKind
from glutecoach.web.rendering import field_errors, page, redirect
from glutecoach.web.security import CurrentUser, State
from glutecoach.web.videos import Videos

router = APIRouter(include_in_schema=False)

GAIT_GUIDE = (
    "Film on a treadmill or a flat path, the phone at hip height, 3-5 m behind the runner "
    "(pelvic drop) or beside them (overstriding).",
    "Keep the whole body in the frame for at least 10 steps at your easy pace.",
    "Good light, fitted clothes, one runner in view.",
)


@router.get("/checks")
def checks_page(request: Request, state: State, user: CurrentUser) -> Response:
    require_runner(user)
    jobs = video_checks.runner_jobs(state.database, user, own_runner(user))
    return page(
        request,
        "checks.html",
        jobs=[j for j in jobs if j.kind == "technique"],
        exercises=video_checks.checkable_exercises(state.library),
        library=state.library,
    )


@router.get("/checks/new")
def new_check(request: Request, state: State, user: CurrentUser, exercise: str) -> Response:
    require_runner(user)
    own_runner(user)
    variation = state.library.get(exercise)
    return page(
        request, "check_new.html", variation=variation, guide=film_guide(variation), errors={}
    )


async def _upload(request: Request, state: State, videos: Videos, user: CurrentUser) -> Any:
    form = await request.form()
    video = form.get("video")
    kind: JobKind = "gait" if form.get("kind") == "gait" else "technique"
    exercise = form.get("exercise")
    if not isinstance(video, UploadFile):
        raise InvalidFieldsError.one("video", "choose the clip to upload")
    return video_checks.submit_upload(
        state.database,
        state.library,
        videos.media_root,
        videos.params,
        user,
        kind,
        exercise if isinstance(exercise, str) else None,
        video.filename or "clip",
        video.file,
    )


@router.post("/checks")
async def upload(request: Request, state: State, videos: Videos, user: CurrentUser) -> Response:
    require_runner(user)
    own_runner(user)
    try:
        job = await _upload(request, state, videos, user)
    except InputError as exc:
        form = await request.form()
        exercise = form.get("exercise")
        errors = field_errors(exc)
        if form.get("kind") == "gait":
            return _gait_page(request, state, user, errors=errors, status_code=422)
        variation = state.library.get(exercise if isinstance(exercise, str) else "")
        return page(
            request,
            "check_new.html",
            422,
            variation=variation,
            guide=film_guide(variation),
            errors=errors,
        )
    return redirect(f"/checks/{job.id}")


@router.get("/checks/{job_id}")
def check_page(request: Request, state: State, user: CurrentUser, job_id: str) -> Response:
    return _check_page(request, state, user, job_id)


def _check_page(
    request: Request,
    state: State,
    user: StoredUser,
    job_id: str,
    errors: dict[str, str] | None = None,
    sent: dict[str, str] | None = None,
) -> Response:
    """A check's page; after a refused log form, with 422 and each problem beside its field,
    the form filled in as it was sent."""
    job = video_checks.readable_job(state.database, user, job_id)
    result = None
    analysed: AnalysisResult | None = None
    sides: list[dict[str, Any]] = []
    if job.status == "done" and job.result is not None and job.kind == "technique":
        analysed = AnalysisResult.from_json_dict(job.result)
        result = job.result
        for side in ("left", "right", "both"):
            reps = [r for r in analysed.reps if r.side == side and not r.partial]
            if reps:
                sides.append(
                    {"side": side, "reps": len(reps), "good": sum(r.good_form for r in reps)}
                )
    variation = state.library.get(job.exercise) if job.kind == "technique" else None
    cards = fault_cards(analysed, variation, state.library) if analysed and variation else []
    return page(
        request,
        "check.html",
        422 if errors else 200,
        errors=errors or {},
        sent=sent or {},
        job=job,
        result=result,
        sides=sides,
        variation=variation,
        cards=cards,
        owner=user.runner_id == job.runner_id,
        today=accounts.today_for(user),
    )


@router.post("/checks/{job_id}/log")
async def log_check(request: Request, state: State, user: CurrentUser, job_id: str) -> Response:
    job = video_checks.readable_job(state.database, user, job_id)
    require_write(user, job.runner_id)
    form = await request.form()
    try:
        pain = _int(form.get("pain_during"), "pain_during")
        fixes = [
            SetCorrection(
                side,
                _int(form.get(f"reps_{side}"), f"reps_{side}"),
                _int(form.get(f"good_{side}"), f"good_{side}"),
            )
            for side in ("left", "right", "both")
            if form.get(f"reps_{side}") is not None
        ]
        video_checks.log_job(
            state.database, state.library, user, job_id, accounts.today_for(user), pain, fixes
        )
    except InputError as exc:
        sent = {k: v for k, v in form.items() if isinstance(v, str)}
        return _check_page(request, state, user, job_id, field_errors(exc), sent)
    return redirect("/today?logged=check")


def _int(value: object, name: str) -> int:
    top = 10 if name == "pain_during" else 500
    try:
        number = int(str(value))
    except ValueError:
        raise InvalidFieldsError.one(name, f"give a whole number from 0 to {top}") from None
    if not 0 <= number <= top:
        raise InvalidFieldsError.one(name, f"{number} is out of range; use 0 to {top}")
    return number


@router.post("/checks/{job_id}/delete")
def delete_check(state: State, videos: Videos, user: CurrentUser, job_id: str) -> Response:
    job = video_checks.readable_job(state.database, user, job_id)
    video_checks.delete_job(state.database, videos.media_root, user, job_id)
    return redirect("/gait" if job.kind == "gait" else "/checks")


def _gait_page(
    request: Request, state: State, user: CurrentUser, status_code: int = 200, **extra: Any
) -> Response:
    require_runner(user)
    runner_id = own_runner(user)
    jobs = video_checks.runner_jobs(state.database, user, runner_id)
    _, history = gait.gait_history(state.database, runner_id)
    return page(
        request,
        "gait.html",
        status_code,
        jobs=[j for j in jobs if j.kind == "gait"],
        history=history,
        guide=GAIT_GUIDE,
        **extra,
    )


@router.get("/gait")
def gait_page(request: Request, state: State, user: CurrentUser) -> Response:
    return _gait_page(request, state, user)
