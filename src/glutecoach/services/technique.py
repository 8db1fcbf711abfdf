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
from glutecoach.domain.log import SetLog, parse_set_log
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
from glutecoach.vision.annotate import Overlays, Readout, TimedLabel
from glutecoach.vision.pipeline import VideoPose, estimate_video, video_summary
from glutecoach.vision.quiet import quiet_native_stderr

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
            video, options.backend, target_fps=target, on_progress=report, **threads
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
    """What the annotated video shows: live angles, the rep counter and each rep's faults."""
    readouts: list[Readout] = []
    if result.frames is not None:
        for name in result.frames.names:
            if name.endswith("_deg") and len(readouts) < READOUT_LIMIT:
                label = name.removesuffix("_deg").replace("_", " ")
                readouts.append(
                    Readout(label, result.frames.timestamps_s, result.frames.column(name))
                )
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
    return Overlays(
        readouts=tuple(readouts),
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


LOW_CONFIDENCE = 0.6
"""Reps below this confidence are pointed out when the runner is asked to confirm the count."""


def corrected_sets(sets: tuple[SetLog, ...], counts: Mapping[str, int]) -> tuple[SetLog, ...]:
    """``sets`` with the runner's rep count per side (``counts``: side -> reps) in place of the
    check's; good-form reps never exceed it. The runner has the last word."""
    sides = {s.side.value for s in sets if s.reps_done is not None}
    unknown = sorted(set(counts) - sides)
    if unknown:
        filmed = ", ".join(sorted(sides)) or "none"
        raise InputError(f"--reps names side(s) {', '.join(unknown)}, but the check counted reps "
                         f"on: {filmed}")  # fmt: skip
    out = []
    for s in sets:
        n = counts.get(s.side.value) if s.reps_done is not None else None
        if n is None:
            out.append(s)
            continue
        good = min(s.good_form_reps or 0, n)
        out.append(parse_set_log({**s.model_dump(mode="json"), "reps_done": n,
                                  "good_form_reps": good}))  # fmt: skip
    return tuple(out)


def rep_count_question(result: AnalysisResult, side: str) -> str:
    """How the count of ``side`` is put to the runner: the count and any doubtful reps."""
    reps = [r for r in result.reps if r.side == side and not r.partial]
    doubtful = [str(r.index) for r in reps if r.confidence < LOW_CONFIDENCE]
    flagged = [str(r.index) for r in reps if r.flags]
    text = f"{side}: the check counted {len(reps)} rep(s)"
    if doubtful:
        text += f" (rep(s) {', '.join(doubtful)} uncertain)"
    if flagged:
        text += f" (rep(s) {', '.join(flagged)} flagged: see the notes)"
    return text + ". How many did you do?"


def sets_from_result(result: AnalysisResult, pain_during: int) -> tuple[SetLog, ...]:
    """One set per side filmed: its complete reps, and the good-form ones (no fault, measurable).

    Holds become a set of their duration with the good-alignment time as good-form seconds.
    """
    sets: list[SetLog] = []
    for side in ("left", "right", "both"):
        reps = [r for r in result.reps if r.side == side and not r.partial]
        if reps:
            sets.append(
                parse_set_log(
                    {
                        "variation_id": result.exercise,
                        "side": side,
                        "reps_done": len(reps),
                        "good_form_reps": sum(r.good_form for r in reps),
                        "pain_during": pain_during,
                    }
                )
            )
    for hold in result.holds:
        sets.append(
            parse_set_log(
                {
                    "variation_id": result.exercise,
                    "side": hold.side,
                    "hold_s": round(hold.duration_s),
                    "good_form_hold_s": min(round(hold.good_alignment_s), round(hold.duration_s)),
                    "pain_during": pain_during,
                }
            )
        )
    if not sets:
        raise InputError(
            "the check found no complete rep or hold, so there is nothing to log; "
            "see the notes above and film again"
        )
    return tuple(sets)
