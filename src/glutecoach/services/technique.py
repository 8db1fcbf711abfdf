"""The technique check as a use case: a phone video and a library exercise in, the analysis and
its files (JSON, CSV, keypoints, HTML report, annotated video) out."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from glutecoach.analysis.exercises import analyzer_for
from glutecoach.analysis.pipeline import analyze, resolve_params
from glutecoach.atomic_files import write_staged
from glutecoach.domain.analysis import AnalysisResult
from glutecoach.domain.exercise import Variation
from glutecoach.domain.pose import LegSide, Rep
from glutecoach.errors import AnalysisError, InputError
from glutecoach.library.catalogue import Library
from glutecoach.reports.technique_text import rep_nouns
from glutecoach.services.keypoint_input import (
    KeypointSource,
    ResearchExports,
    check_sources,
    pose_from_keypoints,
    write_research_files,
)
from glutecoach.services.video_files import Progress, write_pose_files
from glutecoach.vision.annotate import Overlays, TimedLabel
from glutecoach.vision.pipeline import VideoPose, estimate_video, video_summary
from glutecoach.vision.quiet import quiet_native_stderr
from glutecoach.vision.readouts import video_readouts
from glutecoach.vision.video import VideoInfo

READOUT_LIMIT = 4


@dataclass(frozen=True)
class CheckOptions:
    """How to run a check. ``keypoints`` runs the analysis on keypoints read from a file or
    folder (``keypoint_format``, detected when None; ``fps`` for formats without timing)
    instead of estimating the pose; ``exports`` adds research files (TRC, MOT);
    ``every_frame`` runs the pose model on every frame (the default samples at the exercise's
    analysis rate). The annotated video shows the frames
    at about the pose rate (see ``annotated_fps``) unless ``full_rate_video``. ``pose_threads``
    caps the MediaPipe back end's threads (default: two on a machine with two cores or more); a
    check inside a batch uses one, as the batch already runs one check per core."""

    view: str | None = None
    side: LegSide | None = None
    keypoints: Path | None = None
    every_frame: bool = False
    annotate: bool = True
    full_rate_video: bool = False
    backend: str = "mediapipe"
    params: Mapping[str, object] = field(default_factory=dict)
    keypoint_format: str | None = None
    fps: float | None = None
    exports: ResearchExports = field(default_factory=ResearchExports)
    pose_threads: int | None = None
    video_info: VideoInfo | None = None
    """The clip as already probed (e.g. by a batch's plan), so it is not opened and hashed
    again; None probes it."""


@dataclass(frozen=True)
class CheckOutcome:
    result: AnalysisResult
    variation: Variation
    video_pose: VideoPose
    files: dict[str, Path] = field(default_factory=dict)


def _pose(
    video: Path | None, options: CheckOptions, rate_hz: float, progress: Progress | None
) -> VideoPose:
    def report(done: int, total: int) -> None:
        if progress is not None:
            progress("pose", done, total)

    if options.keypoints is not None:
        source = KeypointSource(options.keypoints, options.keypoint_format, options.fps)
        return pose_from_keypoints(source, video)
    assert video is not None  # check_sources: a video or keypoints
    target = None if options.every_frame or rate_hz <= 0 else rate_hz
    threads: dict[str, Any] = {"workers": options.pose_threads} if options.pose_threads else {}
    with quiet_native_stderr():
        return estimate_video(
            video,
            options.backend,
            target_fps=target,
            on_progress=report,
            info=options.video_info,
            **threads,
        )


def run_check(
    library: Library,
    video: Path | None,
    exercise_id: str,
    options: CheckOptions | None = None,
    out_dir: Path | None = None,
    progress: Progress | None = None,
) -> CheckOutcome:
    """Estimate the pose, analyse it, and write the outputs into ``out_dir`` when given.

    An InputError when no person is found anywhere in the clip (nothing can be measured);
    everything else the runner can learn from is in the result's warnings.
    """
    options = options or CheckOptions()
    source = check_sources(video, options.keypoints, options.exports, out_dir)
    if video is None:  # nothing to draw on
        options = dataclasses.replace(options, annotate=False)
    variation = library.get(exercise_id)
    family = analyzer_for(variation).family
    params = resolve_params(family, dict(options.params) or None)
    video_pose = _pose(video, options, params.analysis_rate_hz, progress)
    if not video_pose.estimate.person_found:
        raise InputError(
            f"{source}: no person was found in any frame, so nothing can be measured. Film the "
            f"whole body in good light (see 'glutecoach film-guide {variation.id}')."
        )
    try:
        result = analyze(
            video_pose.sequence, variation, params, view=options.view, side=options.side
        )
    except AnalysisError as exc:  # nothing measurable in this clip: the clip is the problem
        raise InputError(f"{source.name}: {exc}") from exc
    result = dataclasses.replace(
        result.with_video(video_summary(video_pose)),
        warnings=tuple(dict.fromkeys((*video_pose.warnings, *result.warnings))),
    )
    outcome = CheckOutcome(result, variation, video_pose)
    if out_dir is not None:
        write_outputs(outcome, library, source, out_dir, options, progress)
    return outcome


def overlays_for(result: AnalysisResult, variation: Variation) -> Overlays:
    """What the annotated video shows: live angles (the working leg's only, for one-leg work),
    the rep counter and each rep's faults."""
    names = {m.id: m.name for m in variation.mistakes}
    faults = tuple(
        TimedLabel(
            r.start_s, r.end_s, f"Rep {r.index}: {names.get(f.mistake_id, f.mistake_id)}. {f.cue}"
        )
        for r in result.reps
        for f in r.faults
    )
    reps = tuple(
        Rep(r.index, r.side, r.start_s, r.bottom_s, r.end_s, measurable=r.measurable,
            reason=r.reason, partial=r.partial, flags=r.flags, confidence=r.confidence)
        for r in result.reps
    )  # fmt: skip
    noun, _ = rep_nouns(result)  # a band walk counts steps
    readouts = video_readouts(
        result.frames, reps, one_leg=variation.unilateral, limit=READOUT_LIMIT
    )
    return Overlays(
        readouts=readouts,
        reps=reps,
        faults=faults,
        title=variation.name,
        counter=(f"{noun.capitalize()}s", noun),
    )


def write_outputs(
    outcome: CheckOutcome,
    library: Library,
    video: Path,
    out_dir: Path,
    options: CheckOptions,
    progress: Progress | None = None,
) -> None:
    """Write every output of a check into ``out_dir`` and record the paths in ``outcome.files``.

    The files are written into a temporary folder beside ``out_dir`` and moved into place
    when all are complete (``atomic_files``): a failure or an interrupt leaves ``out_dir`` as
    it was."""
    outcome.files.update(
        write_staged(
            out_dir,
            lambda staging: _write_outputs(outcome, library, video, staging, options, progress),
        )
    )


def _write_outputs(
    outcome: CheckOutcome,
    library: Library,
    video: Path,
    out_dir: Path,
    options: CheckOptions,
    progress: Progress | None,
) -> dict[str, Path]:
    files: dict[str, Path] = {}
    from glutecoach.reports.technique import technique_html
    from glutecoach.reports.technique_exports import write_frames_csv, write_result_json

    result, variation = outcome.result, outcome.variation
    files["json"] = write_result_json(result, out_dir / "analysis.json")
    files["csv"] = write_frames_csv(result, outcome.video_pose.sequence, out_dir / "frames.csv")
    overlays = overlays_for(result, variation) if options.annotate else None
    files.update(
        write_pose_files(
            outcome.video_pose,
            out_dir,
            overlays,
            progress,
            full_rate_video=options.full_rate_video,
        )
    )
    html = technique_html(
        result,
        variation,
        video_name=video.name,
        annotated_video="annotated.mp4" if options.annotate else None,
        library=library,
    )
    files["html"] = out_dir / "report.html"
    files["html"].write_text(html, encoding="utf-8")
    files.update(write_research_files(options.exports, outcome.video_pose, result.frames, out_dir))
    return files
