"""Video checks from the web: an uploaded clip becomes a queued job; the job runner (the
``jobs`` package) claims it, runs it on a worker and records the outcome here; the runner reads
the report, corrects the count and logs the checked set, or deletes the video.

Files: each job has a folder named by its id under the media root: the uploaded clip
(``upload.<ext>``) and the check's outputs (``out/``: report, annotated video, keypoints). The
folder goes when the runner deletes the check, when it expires (``VideoParams.keep_days``) and
when the account is deleted. Only the runner and the coaches they accepted see a job or its
files; anyone else is told it does not exist.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import shutil
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

from glutecoach.analysis.exercises.base import analyzer_for, checkable
from glutecoach.domain.analysis import AnalysisResult
from glutecoach.domain.analysis_record import AnalysisRecord
from glutecoach.domain.gait import GAIT_EXERCISE_ID
from glutecoach.errors import (
    AnalysisError,
    InputError,
    InvalidFieldsError,
    NotCheckableError,
    NotFoundError,
)
from glutecoach.library.catalogue import Library
from glutecoach.services.access import may_read, own_runner, require_write
from glutecoach.services.checked_sets import LogRequest, SetCorrection, log_check
from glutecoach.services.training import LogOutcome
from glutecoach.storage.accounts import StoredUser
from glutecoach.storage.repositories import new_id
from glutecoach.storage.unit_of_work import Database
from glutecoach.storage.video_jobs import JobKind, StoredVideoJob
from glutecoach.vision.video import probe_video

CHUNK_BYTES = 1 << 20
MEDIA_FILES = {
    "annotated.mp4": ("out", "annotated.mp4"),
    "report.html": ("out", "report.html"),
    "gait_report.html": ("out", "gait_report.html"),
    "clip": ("", "upload"),
}
"""The files of a job that are served: name in the URL -> (sub-folder, file stem or name)."""


@dataclass(frozen=True)
class VideoParams:
    """Limits of an uploaded clip and how long videos are kept.

    - ``max_upload_mb`` (200): a phone clip of a set is far smaller; bigger is refused as sent.
    - ``max_duration_s`` (180): a set or a gait clip lasts well under three minutes; a longer
      clip is refused before it is stored (coaching default: the check is meant for one set).
    - ``keep_days`` (30): videos and the check's files are deleted after this many days.
    - ``suffixes``: the video containers phones and cameras write.
    """

    max_upload_mb: float = 200.0
    max_duration_s: float = 180.0
    keep_days: int = 30
    suffixes: tuple[str, ...] = (".mp4", ".mov", ".m4v", ".webm", ".mkv", ".avi", ".3gp")

    def __post_init__(self) -> None:
        if self.max_upload_mb <= 0 or self.max_duration_s <= 0 or self.keep_days < 1:
            raise InputError("video limits must be positive and videos kept at least one day")


def job_folder(media_root: Path, job_id: str) -> Path:
    return media_root / job_id


def upload_path(media_root: Path, job_id: str) -> Path | None:
    """The stored clip of a job (whatever its extension), None when deleted."""
    found = sorted(job_folder(media_root, job_id).glob("upload.*"))
    return found[0] if found else None


def as_uploaded(message: str, stored: Path, name: str) -> str:
    """A check's message naming the clip as the runner named it, never the server's path."""
    return message.replace(str(stored), name).replace(stored.name, name)


def checkable_exercises(library: Library) -> tuple[tuple[str, str], ...]:
    """(id, name) of every exercise a technique check can analyse."""
    out = [(v.id, v.name) for v in library.variations if checkable(v.id)]
    return tuple(sorted(out, key=lambda pair: pair[1]))


def _receive(stream: BinaryIO, target: Path, max_bytes: int, filename: str) -> None:
    size = 0
    with target.open("wb") as out:
        while chunk := stream.read(CHUNK_BYTES):
            size += len(chunk)
            if size > max_bytes:
                raise InvalidFieldsError.one(
                    "video",
                    f"{filename} is larger than {max_bytes / 1e6:.0f} MB; film one set "
                    "only, or export the clip at a lower resolution (1080p is plenty)",
                )
            out.write(chunk)
    if size == 0:
        raise InvalidFieldsError.one("video", f"{filename} is empty; choose the clip again")


def submit_upload(
    database: Database,
    library: Library,
    media_root: Path,
    params: VideoParams,
    user: StoredUser,
    kind: JobKind,
    exercise: str | None,
    filename: str,
    stream: BinaryIO,
) -> StoredVideoJob:
    """Check and store an uploaded clip and queue its check. Refused (``InputError`` naming
    the problem, nothing stored) when the type, size or length is wrong or the file is not a
    readable video: the same messages as ``glutecoach check``."""
    runner_id = own_runner(user)
    if kind == "gait":
        exercise_id = GAIT_EXERCISE_ID
    else:
        if not exercise:
            raise InvalidFieldsError.one("exercise", "choose the exercise you filmed")
        try:
            analyzer_for(variation := library.get(exercise))
        except (AnalysisError, NotFoundError, NotCheckableError) as exc:
            raise InvalidFieldsError.one("exercise", str(exc)) from exc
        exercise_id = variation.id
    name = "".join(c for c in Path(filename or "clip").name if c.isprintable()) or "clip"
    suffix = Path(name).suffix.lower()
    if suffix not in params.suffixes:
        raise InvalidFieldsError.one(
            "video",
            f"{name!r} is not a video file glutecoach reads "
            f"({', '.join(params.suffixes)}); upload the clip as your phone saved it",
        )
    job_id = new_id()
    folder = job_folder(media_root, job_id)
    try:
        folder.mkdir(parents=True)
        target = folder / f"upload{suffix}"
        _receive(stream, target, int(params.max_upload_mb * 1e6), name)
        try:
            info = probe_video(target)
        except InputError as exc:
            raise InvalidFieldsError.one("video", as_uploaded(str(exc), target, name)) from exc
        if info.duration_s > params.max_duration_s:
            raise InvalidFieldsError.one(
                "video",
                f"{name} lasts {info.duration_s:.0f} s, longer than the "
                f"{params.max_duration_s:.0f} s a check takes; trim it to the one set you want "
                "checked",
            )
        keep = dt.timedelta(days=params.keep_days)
        with database.unit_of_work() as uow:
            return uow.video_jobs.add(
                runner_id, kind, exercise_id, name, info.sha256, keep, job_id=job_id
            )
    except BaseException as exc:
        shutil.rmtree(folder, ignore_errors=True)
        if isinstance(exc, OSError):
            raise InvalidFieldsError.one(
                "video", f"cannot store {name} ({exc.strerror}); try again"
            ) from exc
        raise


def readable_job(database: Database, user: StoredUser, job_id: str) -> StoredVideoJob:
    """The job when ``user`` is its runner or their accepted coach; NotFoundError otherwise."""
    with database.unit_of_work() as uow:
        job = uow.video_jobs.find(job_id)
        if job is None or not may_read(uow, user, job.runner_id):
            raise NotFoundError(f"no video check {job_id!r} that you can see")
        return job


def runner_jobs(database: Database, user: StoredUser, runner_id: str) -> tuple[StoredVideoJob, ...]:
    with database.unit_of_work() as uow:
        if not may_read(uow, user, runner_id):
            raise NotFoundError(f"no runner {runner_id!r} that you can see")
        return uow.video_jobs.list_for(runner_id)


def media_file(
    database: Database, media_root: Path, user: StoredUser, job_id: str, name: str
) -> Path:
    """A served file of a job the user may read; NotFoundError for anything else."""
    job = readable_job(database, user, job_id)
    if name not in MEDIA_FILES:
        raise NotFoundError(f"no file {name!r} in this check")
    sub, stem = MEDIA_FILES[name]
    path = upload_path(media_root, job.id) if stem == "upload" else None
    if stem != "upload":
        path = job_folder(media_root, job.id) / sub / stem
    if path is None or not path.is_file():
        raise NotFoundError(
            f"the {name} of this check is no longer kept (deleted, or older than the keeping time)"
        )
    return path


def delete_job(database: Database, media_root: Path, user: StoredUser, job_id: str) -> None:
    """The runner deletes a check: its video and files from disk, its job row. A set already
    logged from it stays in the training log."""
    job = readable_job(database, user, job_id)
    require_write(user, job.runner_id)
    with database.unit_of_work() as uow:
        uow.video_jobs.remove(job.id)
    shutil.rmtree(job_folder(media_root, job.id), ignore_errors=True)


def job_ids_of(database: Database, runner_id: str | None) -> tuple[str, ...]:
    if runner_id is None:
        return ()
    with database.unit_of_work() as uow:
        return tuple(j.id for j in uow.video_jobs.list_for(runner_id))


def remove_folders(media_root: Path, job_ids: Iterable[str]) -> None:
    for job_id in job_ids:
        shutil.rmtree(job_folder(media_root, job_id), ignore_errors=True)


def expire_videos(database: Database, media_root: Path) -> int:
    """Delete the files and rows of checks past their keeping time; how many."""
    with database.unit_of_work() as uow:
        expired = uow.video_jobs.expired(database.clock())
        for job in expired:
            uow.video_jobs.remove(job.id)
    remove_folders(media_root, (j.id for j in expired))
    return len(expired)


def log_job(
    database: Database,
    library: Library,
    user: StoredUser,
    job_id: str,
    day: dt.date,
    pain_during: int,
    corrections: Iterable[SetCorrection] = (),
) -> LogOutcome:
    """Add the checked set (corrected) to the runner's session on ``day``, in one step; a
    check is logged once."""
    job = readable_job(database, user, job_id)
    require_write(user, job.runner_id)
    if job.kind != "technique" or job.status != "done" or job.result is None:
        raise InputError("only a finished technique check can be logged")
    if job.session_log_id is not None:
        raise InputError("this check is already logged in your training")
    result = AnalysisResult.from_json_dict(job.result)
    request = LogRequest(job.runner_id, day, pain_during, tuple(corrections))
    _, outcome = log_check(database, library, result, request, job.video_name)
    with database.unit_of_work() as uow:
        uow.video_jobs.set_logged(job.id, outcome.log.id)
    return outcome


# the job runner's side ----------------------------------------------------------------------
def requeue_interrupted(database: Database) -> int:
    with database.unit_of_work() as uow:
        return uow.video_jobs.requeue_running()


def claim_next(database: Database) -> StoredVideoJob | None:
    with database.unit_of_work() as uow:
        return uow.video_jobs.claim()


def record_progress(database: Database, job_id: str, stage: str, progress: float) -> None:
    with database.unit_of_work() as uow:
        if uow.video_jobs.find(job_id) is not None:
            uow.video_jobs.set_progress(job_id, stage, progress)


def record_outcome(
    database: Database, job_id: str, result: dict[str, Any] | None, failure: str | None
) -> StoredVideoJob | None:
    """Store a job's result (a gait result also goes to the gait history) or its failure.
    None when the job was deleted meanwhile."""
    with database.unit_of_work() as uow:
        job = uow.video_jobs.find(job_id)
        if job is None or job.status == "done":
            return job  # deleted meanwhile, or already recorded: never twice
        if result is None:
            return uow.video_jobs.fail(job_id, failure or "the check failed")
        if job.kind == "gait":
            record = AnalysisRecord.from_document(result)
            uow.analyses.add(job.runner_id, record, video_name=job.video_name)
        return uow.video_jobs.finish(job_id, result)


def summary(job: StoredVideoJob) -> dict[str, Any]:
    """A job as plain values (for the API and the pages)."""
    values = dataclasses.asdict(job)
    values.pop("result")
    return values


def delete_account_with_videos(database: Database, media_root: Path, user: StoredUser) -> None:
    """Delete the account and all its data (``accounts.delete_account``), then its videos and
    check files from disk."""
    from glutecoach.services.accounts import delete_account

    job_ids = job_ids_of(database, user.runner_id)
    delete_account(database, user.id)
    remove_folders(media_root, job_ids)
