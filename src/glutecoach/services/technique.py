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
from glutecoach.domain.analysis import AnalysisResult
from glutecoach.domain.exercise import Variation
from glutecoach.domain.log import SetLog, parse_set_log
from glutecoach.domain.pose import LegSide, Rep
from glutecoach.errors import AnalysisError, InputError
from glutecoach.library.catalogue import Library
from glutecoach.reports.technique_text import rep_nouns
from glutecoach.services.video_files import Progress, output_folder, write_pose_files
from glutecoach.vision.annotate import Overlays, Readout, TimedLabel
from glutecoach.vision.keypoint_file import KeypointFileEstimator
from glutecoach.vision.pipeline import VideoPose, estimate_video, video_summary
from glutecoach.vision.quiet import quiet_native_stderr

READOUT_LIMIT = 4


@dataclass(frozen=True)
class CheckOptions:
    """How to run a check. ``keypoints`` re-runs the analysis from a saved keypoint file
    instead of estimating the pose again; ``every_frame`` runs the pose model on every frame
    (the default samples at the exercise's analysis rate). The annotated video shows the frames
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
    pose_threads: int | None = None


@dataclass(frozen=True)
class CheckOutcome:
    result: AnalysisResult
    variation: Variation
    video_pose: VideoPose
    files: dict[str, Path] = field(default_factory=dict)


def _pose(
    video: Path, options: CheckOptions, rate_hz: float, progress: Progress | None
) -> VideoPose:
    def report(done: int, total: int) -> None:
        if progress is not None:
            progress("pose", done, total)

    if options.keypoints is not None:
        return estimate_video(video, KeypointFileEstimator(options.keypoints))
    target = None if options.every_frame or rate_hz <= 0 else rate_hz
    threads: dict[str, Any] = {"workers": options.pose_threads} if options.pose_threads else {}
    with quiet_native_stderr():
        return estimate_video(
            video, options.backend, target_fps=target, on_progress=report, **threads
        )


def run_check(
    library: Library,
    video: Path,
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
    variation = library.get(exercise_id)
    family = analyzer_for(variation).family
    params = resolve_params(family, dict(options.params) or None)
    video_pose = _pose(video, options, params.analysis_rate_hz, progress)
    if not video_pose.estimate.person_found:
        raise InputError(
            f"{video}: no person was found in any frame, so nothing can be measured. Film the "
            f"whole body in good light (see 'glutecoach film-guide {variation.id}')."
        )
    try:
        result = analyze(
            video_pose.sequence, variation, params, view=options.view, side=options.side
        )
    except AnalysisError as exc:  # nothing measurable in this clip: the clip is the problem
        raise InputError(f"{video.name}: {exc}") from exc
    result = dataclasses.replace(
        result.with_video(video_summary(video_pose)),
        warnings=tuple(dict.fromkeys((*video_pose.warnings, *result.warnings))),
    )
    outcome = CheckOutcome(result, variation, video_pose)
    if out_dir is not None:
        write_outputs(outcome, library, video, out_dir, options, progress)
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
        Rep(r.index, r.side, r.start_s, r.bottom_s, r.end_s, r.measurable, r.reason, r.partial)
        for r in result.reps
    )
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
    """Write every output of a check into ``out_dir`` and record the paths in ``outcome.files``."""
    from glutecoach.reports.technique import TWO_D_KEY, technique_html
    from glutecoach.reports.technique_exports import write_frames_csv, write_result_json

    output_folder(out_dir)
    result, variation = outcome.result, outcome.variation
    files = outcome.files
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
    keys = {TWO_D_KEY}
    keys |= {
        k
        for m in variation.mistakes
        if m.threshold
        for k in (m.threshold.reference, m.threshold.noise_reference)
        if k
    }
    references = {k: library.reference(k).full() for k in sorted(keys)}
    html = technique_html(
        result,
        variation,
        video_name=video.name,
        annotated_video="annotated.mp4" if options.annotate else None,
        references=references,
    )
    files["html"] = out_dir / "report.html"
    files["html"].write_text(html, encoding="utf-8")


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
