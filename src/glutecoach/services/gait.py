"""The running-gait check as a use case: a running video in, the gait result and its files
(JSON, per-frame CSV, keypoints, HTML report, annotated video) out; storing checks per runner
and reading them back to compare before and after a training block."""

from __future__ import annotations

import csv
import dataclasses
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from glutecoach.analysis.gait import GaitParams, analyze_gait
from glutecoach.analysis.running_check import cycle_problem, posture_problem
from glutecoach.atomic_files import write_staged
from glutecoach.domain.analysis_record import AnalysisRecord
from glutecoach.domain.gait import GAIT_EXERCISE_ID, GaitResult
from glutecoach.domain.overrides import apply_overrides
from glutecoach.domain.pose import Rep, View, parse_view
from glutecoach.errors import AnalysisError, InputError
from glutecoach.library.catalogue import Library
from glutecoach.library.loader import load_library
from glutecoach.services.keypoint_input import (
    KeypointSource,
    ResearchExports,
    check_sources,
    pose_from_keypoints,
    write_research_files,
)
from glutecoach.services.training import resolve_runner
from glutecoach.services.video_files import Progress, write_pose_files
from glutecoach.vision.annotate import Overlays, TimedLabel
from glutecoach.vision.pipeline import VideoPose, estimate_video, video_summary
from glutecoach.vision.quiet import quiet_native_stderr
from glutecoach.vision.readouts import video_readouts

if TYPE_CHECKING:
    from glutecoach.storage.unit_of_work import Database, UnitOfWork


@dataclass(frozen=True)
class GaitOptions:
    """How to run a gait check. ``view`` forces back/front/side (default: detected);
    ``keypoints`` runs the analysis on keypoints read from a file or folder
    (``keypoint_format``, detected when None; ``fps`` for formats without timing);
    ``exports`` adds research files (TRC, MOT); ``params`` overrides ``GaitParams`` by dotted
    name (``apply_overrides``)."""

    view: str | None = None
    keypoints: Path | None = None
    annotate: bool = True
    backend: str = "mediapipe"
    keypoint_format: str | None = None
    fps: float | None = None
    exports: ResearchExports = field(default_factory=ResearchExports)
    params: Mapping[str, object] = field(default_factory=dict)


@dataclass(frozen=True)
class GaitOutcome:
    result: GaitResult
    video_pose: VideoPose
    files: dict[str, Path] = field(default_factory=dict)


@dataclass(frozen=True)
class StoredGaitCheck:
    """One stored gait check, as read back for the history plot."""

    created_at: str
    video_name: str
    cadence_spm: float | None
    cpd: dict[str, tuple[float, float, int]]


def _view(value: str | None) -> View | None:
    if value is None:
        return None
    try:
        return parse_view(value)
    except ValueError as exc:
        raise InputError(f"--view: {exc}") from None


def run_gait(
    video: Path | None,
    options: GaitOptions | None = None,
    out_dir: Path | None = None,
    progress: Progress | None = None,
    library: Library | None = None,
) -> GaitOutcome:
    """Estimate the pose on every frame, analyse the gait, write the outputs when ``out_dir``.
    ``library`` (default: the bundled one) gives the cited figures of the findings.

    ``InputError`` when no person is found, the view contradicts the clip, or no step is found.
    """
    options = options or GaitOptions()
    source = check_sources(video, options.keypoints, options.exports, out_dir)
    if video is None:  # nothing to draw on
        options = dataclasses.replace(options, annotate=False)
    library = library or load_library()
    view = _view(options.view)
    params = apply_overrides(GaitParams(), options.params)

    def report(done: int, total: int) -> None:
        if progress is not None:
            progress("pose", done, total)

    if options.keypoints is not None:
        keypoints = KeypointSource(options.keypoints, options.keypoint_format, options.fps)
        video_pose = pose_from_keypoints(keypoints, video)
    else:
        assert video is not None  # check_sources: a video or keypoints
        with quiet_native_stderr():
            video_pose = estimate_video(
                video,
                options.backend,
                target_fps=params.analysis_rate_hz or None,
                on_progress=report,
            )
    if not video_pose.estimate.person_found:
        raise InputError(
            f"{source}: no person was found in any frame, so no step can be measured. Film the "
            "runner's whole body from behind (pelvic drop) or from the side (overstriding)."
        )
    _refuse_not_running(source, posture_problem(video_pose.sequence))
    try:
        result = analyze_gait(video_pose.sequence, params, library=library, view=view)
    except AnalysisError as exc:
        raise InputError(f"{source.name}: {exc}") from exc
    _refuse_not_running(source, cycle_problem(result))
    result = dataclasses.replace(
        result.with_video(video_summary(video_pose)),
        warnings=tuple(dict.fromkeys((*video_pose.warnings, *result.warnings))),
    )
    outcome = GaitOutcome(result, video_pose)
    if out_dir is not None:
        write_gait_outputs(
            outcome, source, out_dir, options.annotate, progress, library, options.exports
        )
    return outcome


def _refuse_not_running(source: Path, problem: str | None) -> None:
    """``InputError`` saying what was seen when the clip does not show running."""
    if problem is not None:
        raise InputError(
            f"{source.name} does not show running, so no gait numbers are given: {problem}. "
            "Film at least 10 seconds of steady running (treadmill or track) with the whole "
            "body in frame, the phone upright; for a strength exercise use 'glutecoach check'."
        )


def gait_overlays(result: GaitResult) -> Overlays:
    """Contacts as timed labels; live pelvic drop and the stance knee's inward angle
    (rear/front) or the stance knee's bend (side), never the swinging leg's."""
    steps = tuple(
        Rep(s.index, s.side, s.contact_s, s.midstance_s, s.toe_off_s or s.midstance_s)
        for s in result.steps
    )
    wanted = (
        ("knee_flexion_left_deg", "knee_flexion_right_deg")
        if result.view == "side"
        else ("pelvic_drop_deg", "knee_fppa_left_deg", "knee_fppa_right_deg")
    )
    readouts = video_readouts(result.frames, steps, one_leg=True, only=wanted)
    labels = tuple(
        TimedLabel(
            s.contact_s,
            s.toe_off_s if s.toe_off_s is not None else s.midstance_s,
            f"Step {s.index}: {s.side} contact",
            (f"{s.side}_ankle",),
        )
        for s in result.steps
    )
    cadence = f"Cadence {result.cadence_spm:.0f} steps/min" if result.cadence_spm else "Cadence -"
    return Overlays(
        readouts=readouts,
        reps=steps,
        faults=labels,
        title=f"Running gait ({result.view} view)",
        extra_lines=(cadence,),
        counter=("Steps", "step"),
    )


def write_frames_csv(result: GaitResult, path: Path) -> Path:
    """The per-frame table: ``t_s`` then every column; empty cells where not measured."""
    frames = result.frames
    if frames is None:
        raise InputError("this gait result has no per-frame table to export")
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(("t_s", *frames.names))
        for row in frames.rows():
            writer.writerow("" if np.isnan(v) else f"{v:.4f}" for v in row)
    return path


def write_gait_outputs(
    outcome: GaitOutcome,
    video: Path,
    out_dir: Path,
    annotate: bool,
    progress: Progress | None = None,
    library: Library | None = None,
    exports: ResearchExports | None = None,
) -> None:
    """Write every output of a gait check into ``out_dir``; record paths in ``outcome.files``.
    All or nothing, as for the technique check (``atomic_files.staged_folder``)."""
    outcome.files.update(
        write_staged(
            out_dir,
            lambda staging: _write_gait_outputs(
                outcome, video, staging, annotate, progress, library, exports
            ),
        )
    )


def _write_gait_outputs(
    outcome: GaitOutcome,
    video: Path,
    out_dir: Path,
    annotate: bool,
    progress: Progress | None,
    library: Library | None,
    exports: ResearchExports | None,
) -> dict[str, Path]:
    from glutecoach.reports.gait_report import gait_html

    result = outcome.result
    files: dict[str, Path] = {}
    files["json"] = out_dir / "gait.json"
    files["json"].write_text(
        json.dumps(result.to_json_dict(), indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    files["csv"] = write_frames_csv(result, out_dir / "gait_frames.csv")
    overlays = gait_overlays(result) if annotate else None
    files.update(write_pose_files(outcome.video_pose, out_dir, overlays, progress))
    html = gait_html(
        result,
        library or load_library(),
        video_name=video.name,
        annotated_video="annotated.mp4" if annotate else None,
    )
    files["html"] = out_dir / "gait_report.html"
    files["html"].write_text(html, encoding="utf-8")
    if exports is not None:
        files.update(write_research_files(exports, outcome.video_pose, result.frames, out_dir))
    return files


def save_gait_check(
    db: Database, runner_ref: str | None, result: GaitResult, video_name: str
) -> str:
    """Store the gait result JSON for the runner; returns the runner's name."""

    def work(uow: UnitOfWork) -> str:
        runner = resolve_runner(uow, runner_ref)
        uow.analyses.add(runner.id, AnalysisRecord.of_gait(result), video_name=video_name)
        return runner.name

    return db.write(work, saved="the gait check")


def gait_history(db: Database, runner_ref: str | None) -> tuple[str, tuple[StoredGaitCheck, ...]]:
    """The runner's stored gait checks, oldest first, reduced to what the history plot shows."""
    with db.unit_of_work(read_only=True) as uow:
        runner = resolve_runner(uow, runner_ref)
        stored = [a for a in uow.analyses.history(runner.id) if a.exercise == GAIT_EXERCISE_ID]
        checks = tuple(_check(a.result, a.created_at.isoformat(), a.video_name) for a in stored)
        return runner.name, checks


def _check(data: dict[str, Any], created_at: str, video_name: str) -> StoredGaitCheck:
    cpd: dict[str, tuple[float, float, int]] = {}
    for side in data.get("sides", []):
        stats = side.get("metrics", {}).get("pelvic_drop_deg")
        if stats:
            cpd[str(side["side"])] = (float(stats["mean"]), float(stats["sd"]), int(stats["n"]))
    cadence = data.get("cadence_spm")
    return StoredGaitCheck(created_at, video_name, None if cadence is None else float(cadence), cpd)
