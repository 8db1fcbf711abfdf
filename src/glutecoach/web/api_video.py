"""The JSON API of video checks: upload a clip (technique or gait), follow its job, read its
result, log the checked set (with the runner's corrected count) or delete it; a runner's
checks and gait history for the runner and their coaches; the check's files (``/media``)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from fastapi import APIRouter, File, Form, Path, UploadFile
from fastapi.responses import FileResponse, Response
from pydantic import BaseModel, ConfigDict, Field

from glutecoach.services import accounts, gait, video_checks
from glutecoach.services.access import require_read
from glutecoach.services.checked_sets import SetCorrection
from glutecoach.storage.video_jobs import StoredVideoJob
from glutecoach.web.security import CurrentUser, State
from glutecoach.web.videos import Videos

router = APIRouter(tags=["video checks"])

JobId = Annotated[str, Path(max_length=36, description="The check's id.")]
RunnerId = Annotated[str, Path(max_length=36, description="The runner's id (from /api/me).")]
MediaName = Literal["annotated.mp4", "clip", "report.html", "gait_report.html"]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class CheckOut(Strict):
    id: str
    runner_id: str
    kind: Literal["technique", "gait"]
    exercise: str
    status: Literal["queued", "running", "done", "failed"]
    stage: str | None = Field(description="'pose' or 'video' while running.")
    progress: float = Field(ge=0, le=1)
    failure: str | None = Field(description="Why the check failed, and what to do.")
    video_name: str
    attempts: int
    logged_session_id: str | None
    created_at: dt.datetime
    finished_at: dt.datetime | None
    expires_at: dt.datetime
    result: dict[str, Any] | None = Field(
        description="The analysis JSON (docs/analysis-json.md) once done."
    )
    annotated_video: str | None = Field(description="URL of the annotated video once done.")


def check_out(job: StoredVideoJob, with_result: bool = True) -> CheckOut:
    done = job.status == "done"
    return CheckOut(
        id=job.id,
        runner_id=job.runner_id,
        kind=job.kind,
        exercise=job.exercise,
        status=job.status,
        stage=job.stage,
        progress=job.progress,
        failure=job.failure,
        video_name=job.video_name,
        attempts=job.attempts,
        logged_session_id=job.session_log_id,
        created_at=job.created_at,
        finished_at=job.finished_at,
        expires_at=job.expires_at,
        result=job.result if with_result else None,
        annotated_video=f"/media/{job.id}/annotated.mp4" if done else None,
    )


class CorrectionIn(Strict):
    side: Literal["left", "right", "both"]
    reps_done: int = Field(ge=0, le=500)
    good_form_reps: int = Field(ge=0, le=500)


class LogIn(Strict):
    pain_during: int = Field(ge=0, le=10, description="Worst pain during the set, 0-10.")
    date: dt.date | None = Field(None, description="Session date; default: your today.")
    corrections: list[CorrectionIn] = Field(
        default_factory=list, max_length=3, description="Your own count, per side."
    )


class LoggedOut(Strict):
    session_id: str
    date: dt.date
    decisions: list[str]


class GaitCheckOut(Strict):
    created_at: str
    video_name: str
    cadence_spm: float | None
    pelvic_drop_deg: dict[str, tuple[float, float, int]] = Field(
        description="Per side: mean, SD and number of steps of contralateral pelvic drop."
    )


@router.post("/api/checks", status_code=201)
def upload_check(
    state: State,
    videos: Videos,
    user: CurrentUser,
    video: Annotated[UploadFile, File(description="The clip (MP4, MOV, WebM ...).")],
    kind: Annotated[Literal["technique", "gait"], Form()] = "technique",
    exercise: Annotated[str | None, Form(max_length=80)] = None,
) -> CheckOut:
    """Upload a clip; it is checked (type, size, length, readable) before it is stored and its
    check queued. 422 naming the problem when refused."""
    job = video_checks.submit_upload(
        state.database,
        state.library,
        videos.media_root,
        videos.params,
        user,
        kind,
        exercise,
        video.filename or "clip",
        video.file,
    )
    return check_out(job)


@router.get("/api/checks")
def my_checks(state: State, user: CurrentUser) -> list[CheckOut]:
    if user.runner_id is None:
        return []
    jobs = video_checks.runner_jobs(state.database, user, user.runner_id)
    return [check_out(j, with_result=False) for j in jobs]


@router.get("/api/checks/{job_id}")
def one_check(state: State, user: CurrentUser, job_id: JobId) -> CheckOut:
    return check_out(video_checks.readable_job(state.database, user, job_id))


@router.post("/api/checks/{job_id}/log")
def log_check(body: LogIn, state: State, user: CurrentUser, job_id: JobId) -> LoggedOut:
    """Add the checked set (with your corrections) to the session of the day, as
    ``glutecoach check --log`` does."""
    day = body.date or accounts.today_for(user)
    fixes = [SetCorrection(c.side, c.reps_done, c.good_form_reps) for c in body.corrections]
    outcome = video_checks.log_job(
        state.database, state.library, user, job_id, day, body.pain_during, fixes
    )
    return LoggedOut(
        session_id=outcome.log.id,
        date=outcome.log.log.date,
        decisions=[d.reason for d in outcome.decisions],
    )


@router.delete("/api/checks/{job_id}", status_code=204)
def delete_check(state: State, videos: Videos, user: CurrentUser, job_id: JobId) -> Response:
    """Delete the check, its video and files (a set logged from it stays logged)."""
    video_checks.delete_job(state.database, videos.media_root, user, job_id)
    return Response(status_code=204)


@router.get("/api/runners/{runner_id}/checks")
def runner_checks(state: State, user: CurrentUser, runner_id: RunnerId) -> list[CheckOut]:
    jobs = video_checks.runner_jobs(state.database, user, runner_id)
    return [check_out(j, with_result=False) for j in jobs]


@router.get("/api/runners/{runner_id}/gait")
def gait_history(state: State, user: CurrentUser, runner_id: RunnerId) -> list[GaitCheckOut]:
    require_read(state.database, user, runner_id)
    _, checks = gait.gait_history(state.database, runner_id)
    return [
        GaitCheckOut(
            created_at=c.created_at,
            video_name=c.video_name,
            cadence_spm=c.cadence_spm,
            pelvic_drop_deg=c.cpd,
        )
        for c in checks
    ]


@router.get("/media/{job_id}/{file}", response_class=FileResponse)
def media(
    state: State, videos: Videos, user: CurrentUser, job_id: JobId, file: MediaName
) -> FileResponse:
    """A file of a check (its clip, annotated video or report), for its runner and their
    coaches only; 404 for anyone else."""
    path = video_checks.media_file(state.database, videos.media_root, user, job_id, file)
    return FileResponse(path, headers={"Cache-Control": "private, no-store"})
