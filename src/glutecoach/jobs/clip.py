"""One technique check as a job for a worker process: what to run (``ClipJob``), what comes back
(``ClipRecord``, stored in the batch's folder), and the function a worker runs
(``run_clip_job``).

A job is keyed by the clip's content hash, the exercise, the hash of everything that changes
the result (analysis parameters, side, view, frame sampling, pose back end) and the analysis
version, so a rerun can tell a finished result from one that must be computed again.
"""

from __future__ import annotations

import functools
import hashlib
import json
import logging
import os
import resource
import socket
import sys
import time
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Any, Literal, TypedDict

from glutecoach import __version__
from glutecoach.analysis import ANALYSIS_VERSION
from glutecoach.domain.analysis import AnalysisResult
from glutecoach.domain.pose import LegSide
from glutecoach.errors import GlutecoachError
from glutecoach.library.catalogue import Library
from glutecoach.library.loader import load_library
from glutecoach.services.technique import CheckOptions, run_check
from glutecoach.vision.mediapipe_pose import BACKEND_NAME, check_models
from glutecoach.vision.video import VideoInfo

log = logging.getLogger("glutecoach.jobs")

Status = Literal["ok", "failed"]
POSE_BACKEND = "mediapipe"


def params_hash(settings: Mapping[str, Any]) -> str:
    """A short, stable hash of everything besides the clip that changes a check's result."""
    text = json.dumps(settings, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def job_key(clip_sha256: str, exercise: str, parameters_hash: str) -> str:
    """The result's key: clip content, exercise, parameters and analysis version."""
    text = f"{clip_sha256}|{exercise}|{parameters_hash}|{ANALYSIS_VERSION}"
    return hashlib.sha256(text.encode()).hexdigest()[:32]


@dataclass(frozen=True)
class ClipJob:
    """Everything a worker needs to check one clip; plain values, so it pickles cheaply.

    ``report_dir`` (when given) receives the check's usual files (JSON, CSV, keypoints, HTML
    report, annotated video). ``attempts_dir`` is where each worker process that starts the job
    leaves a marker, so the batch can say how many attempts a clip took; both folders must be
    reachable from the workers (a shared file system on a real cluster). ``video`` is the clip
    as the plan probed it (the worker then neither opens nor hashes it again) and
    ``work_frames`` the frames its check will run the pose model on, for scheduling the
    longest first.
    """

    key: str
    path: str
    exercise: str
    clip_sha256: str
    params_hash: str
    side: LegSide | None = None
    view: str | None = None
    params: Mapping[str, object] = field(default_factory=dict)
    every_frame: bool = False
    report_dir: str | None = None
    attempts_dir: str | None = None
    pose_threads: int = 1
    keypoints: bool = False
    keypoint_format: str | None = None
    fps: float | None = None
    video: VideoInfo | None = None
    work_frames: float = 0.0


@dataclass(frozen=True)
class ClipRecord:
    """The stored outcome of one job: the analysis (its documented JSON) and per-frame series
    when it succeeded, else the reason it failed; with the provenance of the run."""

    key: str
    status: Status
    clip_sha256: str
    exercise: str
    params_hash: str
    analysis_version: str
    glutecoach_version: str
    pose_model: str
    pose_model_version: str
    failure: str | None = None
    result: Mapping[str, Any] | None = None
    frames: Mapping[str, list[float | None]] | None = None
    elapsed_s: float | None = None
    peak_rss_mb: float | None = None
    worker: str | None = None

    @property
    def ok(self) -> bool:
        return self.status == "ok"

    def analysis(self) -> AnalysisResult | None:
        return AnalysisResult.from_json_dict(self.result) if self.result is not None else None

    def to_json_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json_dict(cls, data: Mapping[str, Any]) -> ClipRecord:
        return cls(**data)


def failed_record(
    job: ClipJob, reason: str, worker: str | None = None, cost: Cost | None = None
) -> ClipRecord:
    """A failure of ``job`` with the provenance of this process's installation."""
    return _record(job, "failed", worker, cost, failure=reason)


def _record(
    job: ClipJob, status: Status, worker: str | None, cost: Cost | None, **fields: Any
) -> ClipRecord:
    """A record of ``job``; ``fields`` (the result, or the reason) override the provenance of
    this installation where the result names what actually ran."""
    values: dict[str, Any] = {
        **installed_provenance(),
        "elapsed_s": cost["elapsed_s"] if cost else None,
        "peak_rss_mb": cost["peak_rss_mb"] if cost else None,
        **fields,
    }
    return ClipRecord(
        key=job.key,
        status=status,
        clip_sha256=job.clip_sha256,
        exercise=job.exercise,
        params_hash=job.params_hash,
        worker=worker,
        **values,
    )


def run_clip_job(job: ClipJob) -> ClipRecord:
    """Run one check in this (worker) process; a clip's own problem becomes a failed record,
    never an exception, so the batch goes on and Dask does not retry a clip that cannot work."""
    started = time.perf_counter()
    worker = f"{socket.gethostname()}:{os.getpid()}"
    _mark_attempt(job, worker)
    options = CheckOptions(
        view=job.view,
        side=job.side,
        every_frame=job.every_frame,
        annotate=job.report_dir is not None,
        backend=POSE_BACKEND,
        params=dict(job.params),
        pose_threads=job.pose_threads,
        keypoints=Path(job.path) if job.keypoints else None,
        keypoint_format=job.keypoint_format,
        fps=job.fps,
        video_info=job.video,
    )
    out_dir = Path(job.report_dir) if job.report_dir else None
    video = None if job.keypoints else Path(job.path)
    try:
        outcome = run_check(_library(), video, job.exercise, options, out_dir)
    except GlutecoachError as exc:
        return failed_record(job, str(exc), worker, _cost(started))
    except Exception as exc:  # process boundary: the worker must answer for every clip
        log.exception("unexpected error checking %s", job.path)
        reason = f"unexpected error ({type(exc).__name__}: {exc})"
        return failed_record(job, reason, worker, _cost(started))
    result = outcome.result
    return _record(
        job,
        "ok",
        worker,
        _cost(started),
        analysis_version=result.analysis_version,
        pose_model=result.backend.name,
        pose_model_version=result.backend.version,
        result=result.to_json_dict(),
        frames=_frames(result),
    )


@functools.cache
def _library() -> Library:
    """The exercise library, loaded once per worker process."""
    return load_library()


def dask_setup(_worker: object) -> None:
    """Dask calls this in each worker process that preloads this module (the local cluster's
    workers; ``dask worker --preload glutecoach.jobs.clip``) as it starts: the library is
    loaded and the pose model's package imported (about 0.7 s) before the worker takes any
    work, so a first check (such as a web app's video job) does not wait for them."""
    _library()
    check_models()


class Provenance(TypedDict):
    glutecoach_version: str
    analysis_version: str
    pose_model: str
    pose_model_version: str


class Cost(TypedDict):
    elapsed_s: float
    peak_rss_mb: float


@functools.cache
def installed_provenance() -> Provenance:
    """The versions this process would run a check with (for a record without a result)."""
    try:
        pose_version = metadata.version("mediapipe")
    except metadata.PackageNotFoundError:
        pose_version = "not installed"
    return Provenance(
        glutecoach_version=__version__,
        analysis_version=ANALYSIS_VERSION,
        pose_model=BACKEND_NAME,
        pose_model_version=pose_version,
    )


def _cost(started: float) -> Cost:
    """Wall time of the job and the process's peak resident memory so far, in MB."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    peak_mb = peak / 1024 / 1024 if sys.platform == "darwin" else peak / 1024
    return Cost(elapsed_s=round(time.perf_counter() - started, 3), peak_rss_mb=round(peak_mb, 1))


def _mark_attempt(job: ClipJob, worker: str) -> None:
    """Leave ``attempts_dir/KEY/HOST:PID``: one marker per worker process that started the job.
    Best effort: a worker that cannot reach the folder still runs the job."""
    if job.attempts_dir is None:
        return
    folder = Path(job.attempts_dir) / job.key
    try:
        folder.mkdir(parents=True, exist_ok=True)
        (folder / worker.replace(":", "-")).write_text(f"{time.time():.3f}\n", encoding="utf-8")
    except OSError as exc:
        log.warning("cannot mark the attempt for %s in %s: %s", job.path, folder, exc)


def _frames(result: AnalysisResult) -> dict[str, list[float | None]] | None:
    """The per-frame series as JSON-ready lists (NaN as null)."""
    table = result.frames
    if table is None:
        return None
    out: dict[str, list[float | None]] = {"timestamp_s": _floats(table.timestamps_s)}
    for name, values in table.columns:
        out[name] = _floats(values)
    return out


def _floats(values: Any) -> list[float | None]:
    return [None if v != v else float(v) for v in values.tolist()]
