"""The web app's video checks on the Dask engine: what a worker runs for one uploaded clip
(``run_video_task``) and the job runner that feeds the cluster from the database
(``VideoQueue``).

Each job's state lives in the database (``services.video_checks``); the cluster only runs
tasks. The runner claims queued jobs, submits them, copies each task's progress (a small file
the worker rewrites in the job's folder) into the database, and records the outcome. A worker
writes its outcome to ``record.json`` in the job's folder before answering, so:

- a server restart puts jobs left running back in the queue (``requeue_interrupted``) and runs
  them again, but a job whose ``record.json`` exists is recorded from it, never redone;
- a worker process that dies is replaced by Dask and the task retried on a worker
  (``ClusterSpec.worker_deaths_allowed`` times), then the job fails saying so.

The media root must be reachable by the workers at the same path (on a cluster of several
machines: a shared file system; docs/deploy.md).
"""

from __future__ import annotations

import contextlib
import functools
import json
import logging
import os
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from distributed import Future, KilledWorker

from glutecoach.errors import GlutecoachError
from glutecoach.jobs.engine import ClusterSpec, Engine
from glutecoach.library.catalogue import Library
from glutecoach.library.loader import load_library
from glutecoach.services import video_checks
from glutecoach.services.gait import GaitOptions, run_gait
from glutecoach.services.technique import CheckOptions, run_check
from glutecoach.storage.unit_of_work import Database

log = logging.getLogger("glutecoach.jobs")

WORKER_NICENESS = 10
"""Video checks are background work: a worker process lowers its CPU priority by this much
(``os.nice``) before its first check, so pages and set logs of a server that shares its cores
with the workers stay quick (docs/benchmarks.md)."""
RECORD_FILE = "record.json"
PROGRESS_FILE = "progress.json"
PROGRESS_EVERY_S = 0.5
EXPIRE_EVERY_S = 3600.0


@dataclass(frozen=True)
class VideoTask:
    """One job as a worker sees it: plain values, so it pickles cheaply."""

    job_id: str
    kind: str
    exercise: str
    video: str
    video_name: str
    folder: str


def _write_json(path: Path, data: Any) -> None:
    """Replace ``path`` atomically, so a reader never sees half a file."""
    partial = path.with_suffix(f".{os.getpid()}.part")
    partial.write_text(json.dumps(data), encoding="utf-8")
    os.replace(partial, path)


def read_record(folder: Path) -> dict[str, Any] | None:
    try:
        data = json.loads((folder / RECORD_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


@functools.cache
def _library() -> Library:
    return load_library()


@functools.cache
def _lower_priority() -> None:
    """Once per worker process (not on POSIX-less systems)."""
    with contextlib.suppress(AttributeError, OSError):
        os.nice(WORKER_NICENESS)


def run_video_task(task: VideoTask) -> dict[str, Any]:
    """Run one check in this worker process; its outcome (``{"result": ..., "failure": ...}``)
    is written to the job's folder and returned. Never raises for a clip's own problem."""
    _lower_priority()
    folder = Path(task.folder)
    if (done := read_record(folder)) is not None:
        return done  # finished by an earlier attempt: never redone
    last = [0.0]

    def progress(stage: str, done_count: int, total: int) -> None:
        now = time.monotonic()
        if now - last[0] >= PROGRESS_EVERY_S or done_count >= total:
            last[0] = now
            fraction = done_count / total if total else 0.0
            with contextlib.suppress(OSError):  # progress is a nicety; the check goes on
                _write_json(folder / PROGRESS_FILE, {"stage": stage, "progress": fraction})

    video, out = Path(task.video), folder / "out"
    record: dict[str, Any]
    try:
        if task.kind == "gait":
            gait = run_gait(video, GaitOptions(), out, progress, _library())
            record = {"result": gait.result.to_json_dict(), "failure": None}
        else:
            options = CheckOptions(pose_threads=1)
            check = run_check(_library(), video, task.exercise, options, out, progress)
            record = {"result": check.result.to_json_dict(), "failure": None}
    except GlutecoachError as exc:
        message = video_checks.as_uploaded(str(exc), video, task.video_name)
        record = {"result": None, "failure": message}
    except Exception as exc:  # process boundary: the worker answers for every clip
        log.exception("unexpected error checking %s", task.video)
        record = {"result": None, "failure": f"unexpected error ({type(exc).__name__})"}
    _write_json(folder / RECORD_FILE, record)
    return record


class VideoQueue:
    """Feeds queued video jobs from the database to a Dask cluster and records what comes back.

    ``start()`` puts interrupted jobs back in the queue, connects to the cluster (a local one
    unless ``spec.scheduler``; a ``ClusterError`` when that fails) and starts the runner thread;
    ``stop()`` stops it and the local cluster's workers. Jobs still running then stay 'running'
    in the database and run again at the next start.
    """

    def __init__(
        self, database: Database, media_root: Path, spec: ClusterSpec, poll_s: float = 0.3
    ) -> None:
        self.database = database
        self.media_root = media_root
        self.spec = spec
        self.poll_s = poll_s
        self.engine: Engine | None = None
        self._running: dict[str, Future[Any]] = {}
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._next_expiry = 0.0

    def start(self) -> None:
        requeued = video_checks.requeue_interrupted(self.database)
        if requeued:
            log.info("%d video check(s) interrupted by a restart are queued again", requeued)
        self.engine = Engine(self.spec)
        self._thread = threading.Thread(target=self._loop, name="video-jobs", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=30)
        if self.engine is not None:
            self.engine.close()
            self.engine = None

    @property
    def capacity(self) -> int:
        return max(1, self.engine.worker_count if self.engine else 1) * 2

    def _loop(self) -> None:
        while not self._stop.wait(self.poll_s):
            try:
                self._tick()
            except Exception:  # process boundary: the runner thread must keep going
                log.exception("the video job runner hit a problem; retrying")

    def _tick(self) -> None:
        for job_id, future in list(self._running.items()):
            if future.done():  # type: ignore[no-untyped-call]
                del self._running[job_id]
                self._record(job_id, future)
            else:
                self._copy_progress(job_id)
        while len(self._running) < self.capacity and not self._stop.is_set():
            job = video_checks.claim_next(self.database)
            if job is None:
                break
            self._submit(job.id, job.kind, job.exercise, job.video_name, job.attempts)
        if time.monotonic() >= self._next_expiry:
            self._next_expiry = time.monotonic() + EXPIRE_EVERY_S
            expired = video_checks.expire_videos(self.database, self.media_root)
            if expired:
                log.info("deleted %d video check(s) past their keeping time", expired)

    def _submit(self, job_id: str, kind: str, exercise: str, name: str, attempt: int) -> None:
        folder = video_checks.job_folder(self.media_root, job_id)
        if (record := read_record(folder)) is not None:
            video_checks.record_outcome(self.database, job_id, record["result"], record["failure"])
            return
        clip = video_checks.upload_path(self.media_root, job_id)
        if clip is None:
            video_checks.record_outcome(
                self.database, job_id, None, "the video was deleted before it was checked"
            )
            return
        task = VideoTask(job_id, kind, exercise, str(clip), name, str(folder))
        assert self.engine is not None
        self._running[job_id] = self.engine.submit_call(
            run_video_task, task, key=f"video-{job_id}-{attempt}"
        )

    def _record(self, job_id: str, future: Future[Any]) -> None:
        try:
            record = future.result()
            result, failure = record["result"], record["failure"]
        except KilledWorker:
            result, failure = (
                None,
                (
                    "the worker process checking this clip died each time it was tried (killed, "
                    "or out of memory: a very long or very large video needs more memory)"
                ),
            )
        except Exception as exc:  # the cluster's problem, recorded as the job's reason
            log.warning("video job %s failed on the cluster: %r", job_id, exc)
            result, failure = None, f"the check could not run on the cluster ({type(exc).__name__})"
        if video_checks.record_outcome(self.database, job_id, result, failure) is None:
            # deleted while it ran (by the runner, with the account, or expired): the worker
            # may have written outputs since; remove them too
            video_checks.remove_folders(self.media_root, [job_id])

    def _copy_progress(self, job_id: str) -> None:
        path = video_checks.job_folder(self.media_root, job_id) / PROGRESS_FILE
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return
        video_checks.record_progress(
            self.database, job_id, str(data["stage"]), float(data["progress"])
        )
