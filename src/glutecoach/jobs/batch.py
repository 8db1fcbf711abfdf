"""A batch of technique checks on the engine: plan (probe and hash each clip, skip what the
folder already holds), run the rest longest first, store each result as it arrives, and write
the tables.

``plan_batch`` does no computing beyond probing and hashing; ``run_batch`` takes an ``Engine``
so the same plan can run on a local or a remote cluster. Ctrl-C (KeyboardInterrupt) cancels
what is queued, writes the tables from every finished result and re-raises: finished results
are never lost.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from glutecoach.analysis.exercises import analyzer_for
from glutecoach.analysis.params import params_to_json
from glutecoach.analysis.pipeline import resolve_params
from glutecoach.domain.pose import LegSide
from glutecoach.errors import VideoError
from glutecoach.jobs.clip import (
    POSE_BACKEND,
    ClipJob,
    ClipRecord,
    installed_provenance,
    job_key,
    params_hash,
)
from glutecoach.jobs.engine import Engine
from glutecoach.jobs.sources import BatchSource, ClipRow, RowProblem
from glutecoach.jobs.store import ResultStore
from glutecoach.jobs.tables import ClipEntry, write_tables
from glutecoach.library.catalogue import Library
from glutecoach.services.keypoint_input import keypoint_sha256
from glutecoach.vision.sniff import file_sha256
from glutecoach.vision.video import VideoInfo, probe_video, sample_stride

REPORTS_FOLDER = "reports"


@dataclass(frozen=True)
class BatchSettings:
    """How every clip of a batch is checked. ``params``: analysis parameter overrides (as
    ``--param``); ``every_frame``: pose on every frame; ``reports``: each clip's usual files
    under ``OUT/reports/``; ``frames``: also write the per-frame table."""

    params: Mapping[str, object] = field(default_factory=dict)
    every_frame: bool = False
    reports: bool = False
    frames: bool = False
    pose_threads: int = 1


@dataclass(frozen=True)
class PlannedClip:
    row: ClipRow
    job: ClipJob
    done: ClipRecord | None


@dataclass(frozen=True)
class BatchPlan:
    source: BatchSource
    clips: tuple[PlannedClip, ...]
    problems: tuple[RowProblem, ...]

    @property
    def to_run(self) -> dict[str, ClipJob]:
        """Jobs without a finished result, one per key (the same clip twice runs once)."""
        return {c.job.key: c.job for c in self.clips if c.done is None}

    @property
    def skipped(self) -> int:
        return sum(c.done is not None for c in self.clips)


@dataclass(frozen=True)
class BatchProgress:
    total: int
    done: int
    failed: int


@dataclass(frozen=True)
class BatchSummary:
    total: int
    ok: int
    failed: int
    skipped: int
    tables: dict[str, Path]
    failures: tuple[str, ...] = ()


def plan_batch(
    source: BatchSource, library: Library, store: ResultStore, settings: BatchSettings
) -> BatchPlan:
    """Hash every clip and key its job; a clip whose result is already stored (successfully)
    is not run again. A clip that cannot be read for hashing becomes a row problem; analysis
    parameters that do not apply stop the plan (InputError), as they concern every row."""
    clips: list[PlannedClip] = []
    problems = list(source.problems)
    for row in source.rows:
        try:
            job = _job(row, library, store, settings)
        except VideoError as exc:  # the file vanished or cannot be read since it was listed
            problems.append(RowProblem.of(row, str(exc)))
            continue
        stored = store.get(job.key)
        clips.append(PlannedClip(row, job, stored if stored and stored.ok else None))
    return BatchPlan(source, tuple(clips), tuple(problems))


def _job(row: ClipRow, library: Library, store: ResultStore, settings: BatchSettings) -> ClipJob:
    family = analyzer_for(library.get(row.exercise)).family
    params = resolve_params(family, dict(settings.params) or None)
    every = settings.every_frame or params.analysis_rate_hz <= 0  # as the check samples
    rate_hz = None if every else params.analysis_rate_hz
    side: LegSide | None = "left" if row.side == "left" else "right" if row.side else None
    phash = params_hash(
        {
            "params": params_to_json(params),
            "side": side,
            "view": row.view,
            "every_frame": settings.every_frame,
            "backend": POSE_BACKEND,
            "keypoint_format": row.keypoint_format,
            "fps": row.fps,
        }
    )
    info = None if row.is_keypoints else _probe(row.path)
    if row.is_keypoints:
        clip_sha = keypoint_sha256(row.path)
    else:
        clip_sha = info.sha256 if info is not None else file_sha256(row.path)
    key = job_key(clip_sha, row.exercise, phash)
    reports = store.out_dir / REPORTS_FOLDER / f"{row.path.stem}-{key[:8]}"
    return ClipJob(
        key=key,
        path=str(row.path),
        exercise=row.exercise,
        clip_sha256=clip_sha,
        params_hash=phash,
        side=side,
        view=row.view,
        params=dict(settings.params),
        every_frame=settings.every_frame,
        report_dir=str(reports) if settings.reports else None,
        attempts_dir=str(store.attempts_dir),
        pose_threads=settings.pose_threads,
        keypoints=row.is_keypoints,
        keypoint_format=row.keypoint_format,
        fps=row.fps,
        video=info,
        work_frames=0.0 if info is None else frames_to_analyse(info, rate_hz),
    )


def _probe(path: Path) -> VideoInfo | None:
    """The clip probed (its hash included), or None when it is not a readable video: its
    check then fails in a worker with the reason, as any other clip's problem does."""
    try:
        return probe_video(path)
    except VideoError:
        return None


def frames_to_analyse(info: VideoInfo, rate_hz: float | None) -> float:
    """How many frames the pose model will run on: every k-th frame of the clip for the
    analysis rate (``sample_stride``; every frame when ``rate_hz`` is None), the measure of a
    check's work."""
    return info.duration_s * info.fps / sample_stride(info.fps, rate_hz)


def schedule(jobs: Iterable[ClipJob]) -> list[ClipJob]:
    """Longest first (frames to analyse, then frames to decode and their size), so the last
    checks to start are short and no worker waits long for the others at the end (the
    classic longest-processing-time rule)."""

    def decode_work(job: ClipJob) -> float:
        if job.video is None:
            return 0.0
        return job.video.frame_count * job.video.width * job.video.height

    return sorted(jobs, key=lambda job: (-job.work_frames, -decode_work(job), job.path))


def run_batch(
    plan: BatchPlan,
    engine: Engine,
    store: ResultStore,
    settings: BatchSettings,
    on_progress: Callable[[BatchProgress], None] | None = None,
) -> BatchSummary:
    """Run every job of ``plan`` that has no result yet, storing each record as it arrives;
    then write the tables over the whole source (earlier results included)."""
    pending = plan.to_run
    records: dict[str, ClipRecord] = {c.job.key: c.done for c in plan.clips if c.done}
    for key in pending:
        store.clear_attempts(key)
    ordered = schedule(pending.values())
    jobs = [engine.submit(job, priority=len(ordered) - rank) for rank, job in enumerate(ordered)]
    failed = 0
    try:
        for number, job in enumerate(engine.completed(jobs), 1):
            record = job.record()
            store.put(record)
            records[record.key] = record
            failed += not record.ok
            if on_progress is not None:
                on_progress(BatchProgress(len(pending), number, failed))
    finally:  # Ctrl-C included: cancel the rest, keep and tabulate what finished
        engine.cancel(jobs)
        summary = summarize(plan, records, store, settings)
    return summary


def summarize(
    plan: BatchPlan,
    records: Mapping[str, ClipRecord],
    store: ResultStore,
    settings: BatchSettings,
) -> BatchSummary:
    """Write the tables over the whole source from ``records`` (plus what the plan found
    already done) and count the outcome."""
    records = {**{c.job.key: c.done for c in plan.clips if c.done}, **records}
    tables = write_tables(_entries(plan, records, store), store.out_dir, settings.frames)
    return _summary(plan, records, tables)


def _entries(
    plan: BatchPlan, records: Mapping[str, ClipRecord], store: ResultStore
) -> list[ClipEntry]:
    entries: list[ClipEntry] = []
    installed = installed_provenance()
    environment: dict[str, str | None] = {k: str(v) for k, v in installed.items()}
    for clip in plan.clips:
        row, record = clip.row, records.get(clip.job.key)
        attempts = len(store.attempts(clip.job.key)) if record is not None else None
        entries.append(
            ClipEntry(
                identity=_identity(row),
                side=row.side,
                view=row.view,
                label=row.label,
                record=record,
                failure=None if record else "not run yet (the batch was interrupted)",
                attempts=attempts,
                provenance={
                    **environment,
                    "params_hash": clip.job.params_hash,
                    "clip_sha256": clip.job.clip_sha256,
                },
            )
        )
    for problem in plan.problems:
        entries.append(
            ClipEntry(
                identity=_identity(problem.clip),
                side=problem.clip.side,
                view=problem.clip.view,
                label=problem.clip.label,
                record=None,
                failure=problem.reason,
                provenance=environment,
            )
        )
    entries.sort(key=lambda e: int(e.identity["row"]))
    return entries


def _identity(row: ClipRow) -> dict[str, Any]:
    path = str(row.path) if row.path.parts else ""
    return {
        "row": row.row,
        "path": path,
        "exercise": row.exercise,
        "subject": row.subject,
        "session": row.session,
    }


def _summary(
    plan: BatchPlan, records: Mapping[str, ClipRecord], tables: dict[str, Path]
) -> BatchSummary:
    ok = failed = 0
    failures: list[str] = [p.reason for p in plan.problems]
    for clip in plan.clips:
        record = records.get(clip.job.key)
        if record is None:
            continue
        if record.ok:
            ok += 1
        else:
            failed += 1
            failures.append(f"row {clip.row.row} ({clip.row.path.name}): {record.failure}")
    return BatchSummary(
        total=plan.source.total,
        ok=ok,
        failed=failed + len(plan.problems),
        skipped=plan.skipped,
        tables=tables,
        failures=tuple(failures),
    )
