"""Running gait from 2D keypoints: ``analyze_gait(pose, params, library=...) -> GaitResult``.

Steps come from ``gait_events.detect_steps`` (midstance = lowest pelvis, contact and toe-off
from the stance foot leaving its ground height). Per step, with the angle conventions of
``angles``:

* SIDE view: ``overstride_ratio`` (horizontal distance of the contact foot's ankle ahead of the
  mid-hip at contact, in leg lengths; + = ahead, toward where the runner faces),
  ``shank_angle_contact_deg`` (shank knee -> ankle from the vertical at contact; + = ankle ahead
  of the knee, a reaching foot), ``knee_flexion_contact_deg`` and ``knee_flexion_midstance_deg``
  (``knee_flexion_proxy``, 0 = straight), ``trunk_forward_lean_deg`` at midstance.
* BACK / FRONT view: ``pelvic_drop_deg`` (contralateral pelvic drop, CPD, at midstance; + = the
  swing side lower), ``pelvic_drop_peak_deg`` (its largest value during stance),
  ``knee_fppa_deg`` (stance knee's 2D frontal projection angle at midstance, + = knee medial
  to the hip-ankle line; a 2D projection, not 3D valgus: in running 2D knee "valgus" did not
  relate to 3D knee abduction), ``trunk_lean_deg`` (lateral lean at
  midstance, + = toward the stance side), ``foot_midline_ratio`` (the stance ankle's lateral
  distance from the mid-hip at midstance in hip widths; + = on its own side, negative = the
  foot crosses the midline).

Each side is summarised by mean, SD and number of steps; left minus right gives the asymmetry.
No cut-off is applied anywhere: the literature gives none for running CPD (Bramah 2018 found
an association between more drop and being an injured runner). The findings' cited figures come
from the library through the evidence renderer (``gait_findings``); the left/right CPD difference
is judged against the clip's own step-to-step spread, or the library's between-day noise floor.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from glutecoach.analysis import angles
from glutecoach.analysis.filters import SignalParams, clean_pose
from glutecoach.analysis.gait_events import (
    StepDetection,
    StepEvent,
    StepEventParams,
    detect_steps,
    frontal_series,
    frontal_step_metrics,
    side_step_metrics,
)
from glutecoach.analysis.gait_findings import findings_for
from glutecoach.domain.analysis import FrameTable, VideoSummary
from glutecoach.domain.gait import (
    GaitAsymmetry,
    GaitResult,
    GaitSideSummary,
    GaitStep,
    MetricStats,
)
from glutecoach.domain.glossary import plural
from glutecoach.domain.pose import FloatArray, LegSide, PoseSequence, View, other_side
from glutecoach.errors import AnalysisError, InputError
from glutecoach.library.catalogue import Library
from glutecoach.library.renderer import render_guideline

GAIT_ANALYSIS_VERSION = "gait-1.1"
FRONTAL_METRICS = (
    "pelvic_drop_deg",
    "pelvic_drop_peak_deg",
    "knee_fppa_deg",
    "trunk_lean_deg",
    "foot_midline_ratio",
)
SIDE_METRICS = (
    "overstride_ratio",
    "shank_angle_contact_deg",
    "knee_flexion_contact_deg",
    "knee_flexion_midstance_deg",
    "trunk_forward_lean_deg",
    "contact_time_s",
)


@dataclass(frozen=True)
class GaitParams:
    """Gait-check parameters and why.

    * ``analysis_rate_hz`` = 0: run the pose model on every frame (running is fast; one stance
      lasts 6-8 frames at 30 fps).
    * ``signal``: the usual chain, adapted to running: ``min_visibility`` 0.2 (the far leg of a
      side view is often reported with low confidence but a usable position), ``max_gap_s``
      0.1 (a foot moves too fast to bridge longer gaps), Hampel window 0.2 s (a stride lasts
      0.7 s), low-pass 8 Hz (contacts are sharper than strength-exercise movements).
    * ``events``: see ``gait_events.StepEventParams``.
    * ``min_steps_per_side`` = 7: our rule, derived from the library guideline
      ``gait-steps-per-side`` (Dingenen 2018 needed about 6.3 steps for a stable mean of 2D
      CPD); fewer gets a warning.
    * The left/right CPD difference is judged against the clip's own step-to-step spread when
      each side has at least ``min_steps_per_side`` steps, else against the library's
      ``pelvic-drop-2d-sdd`` noise floor (a between-day figure, so only "possible").
    * ``side_view_width_ratio`` = 0.2: hips closer than this fraction of the trunk length mean
      a side view (``angles.infer_view``).
    * ``side_knee_min_visibility`` = 0.5: in a side view the far leg runs behind the near one,
      and the model then guesses its knee. A step's knee flexion at contact or midstance is
      left out when the stance knee's confidence at that frame is below this (on the real
      treadmill clip the far knee's median confidence was 0.53, the near knee's 0.97, and the
      far leg's "midstance" flexion came out below its contact flexion, which running never
      does).
    """

    analysis_rate_hz: float = 0.0
    signal: SignalParams = field(
        default_factory=lambda: SignalParams(
            min_visibility=0.2, max_gap_s=0.1, hampel_window_s=0.2, cutoff_hz=8.0
        )
    )
    events: StepEventParams = field(default_factory=StepEventParams)
    min_steps_per_side: int = 7
    side_view_width_ratio: float = 0.2
    side_knee_min_visibility: float = 0.5

    def __post_init__(self) -> None:
        if not (math.isfinite(self.analysis_rate_hz) and self.analysis_rate_hz >= 0):
            raise InputError("analysis_rate_hz must be >= 0 (0 = every frame)")
        if self.min_steps_per_side < 1:
            raise InputError("min_steps_per_side must be >= 1")
        if not 0.0 < self.side_view_width_ratio < 1.0:
            raise InputError("side_view_width_ratio must be in (0, 1)")
        if not 0.0 <= self.side_knee_min_visibility <= 1.0:
            raise InputError("side_knee_min_visibility must be within 0..1")


def params_json(params: GaitParams) -> dict[str, Any]:
    """The parameters as plain JSON values, recorded with every result."""
    return dataclasses.asdict(params)


def detect_view(pose: PoseSequence, params: GaitParams | None = None) -> View:
    """``side``, ``front`` or ``back`` from the hip and shoulder tracks (``angles.infer_view``)."""
    p = params or GaitParams()
    return angles.infer_view(
        pose.point("left_hip"),
        pose.point("right_hip"),
        pose.point("left_shoulder"),
        pose.point("right_shoulder"),
        side_width_ratio=p.side_view_width_ratio,
    )


def _stats(values: list[float]) -> MetricStats:
    array = np.asarray(values, dtype=np.float64)
    sd = float(np.std(array, ddof=1)) if array.size > 1 else 0.0
    return MetricStats(mean=float(array.mean()), sd=sd, n=int(array.size))


def summarise_sides(steps: tuple[GaitStep, ...]) -> tuple[GaitSideSummary, ...]:
    """Mean, SD and count of every metric per side."""
    out: list[GaitSideSummary] = []
    for side in ("left", "right"):
        mine = [s for s in steps if s.side == side]
        names = sorted({name for s in mine for name in s.metrics})
        stats = {n: _stats([s.metrics[n] for s in mine if n in s.metrics]) for n in names}
        out.append(GaitSideSummary(side=side, steps=len(mine), metrics=stats))
    return tuple(out)


CPD_NOISE = "pelvic-drop-2d-sdd"


def compare_sides(
    sides: tuple[GaitSideSummary, ...], library: Library, min_steps: int = 7
) -> tuple[GaitAsymmetry, ...]:
    """Left minus right of each metric both sides have. Pelvic drop is judged against the clip's
    own step-to-step spread (twice the standard error of the difference) when each side has
    ``min_steps`` steps (``GaitParams.min_steps_per_side``), else against the library's
    between-day noise floor for 2D pelvic drop."""
    left = next(s for s in sides if s.side == "left").metrics
    right = next(s for s in sides if s.side == "right").metrics
    out: list[GaitAsymmetry] = []
    for name in sorted(set(left) & set(right)):
        a, b = left[name], right[name]
        diff = a.mean - b.mean
        if not name.startswith("pelvic_drop"):
            out.append(GaitAsymmetry(name, a.mean, b.mean, diff))
            continue
        if min(a.n, b.n) >= max(min_steps, 2):  # a spread needs two steps
            floor = 2.0 * math.sqrt(a.sd**2 / a.n + b.sd**2 / b.n)
            out.append(
                GaitAsymmetry(name, a.mean, b.mean, diff, floor, abs(diff) > floor, "rep-to-rep")
            )
            continue
        noise = library.noise_floor(CPD_NOISE)
        out.append(
            GaitAsymmetry(
                name,
                a.mean,
                b.mean,
                diff,
                noise.value,
                abs(diff) >= noise.value,
                noise.kind,
                noise.reference,
                noise.status.value,
            )
        )
    return tuple(out)


def cadence_spm(steps: tuple[GaitStep, ...]) -> float | None:
    """Steps per minute: 60 over the mean interval between consecutive midstances, leaving out
    intervals over 1.5 times the median (a step missed or a pause). The mean, not the median,
    because at 30 fps single intervals are rounded to whole frames (11 or 12 frames here)."""
    if len(steps) < 2:
        return None
    gaps = np.diff([s.midstance_s for s in steps])
    kept = gaps[gaps <= 1.5 * float(np.median(gaps))]
    mean = float(kept.mean()) if kept.size else 0.0
    return 60.0 / mean if mean > 0 else None


def _frame_table(
    pose: PoseSequence, view: View, series: dict[str, FloatArray], detection: StepDetection
) -> FrameTable:
    times = pose.timestamps_s
    stance = np.zeros(times.size)
    step_index = np.zeros(times.size)
    for k, step in enumerate(detection.steps, 1):
        end = step.toe_off if step.toe_off is not None else step.midstance
        stance[step.contact : end + 1] = 1.0 if step.side == "left" else 2.0
        step_index[step.contact : end + 1] = k
    columns: list[tuple[str, FloatArray]] = [
        ("step_index", step_index),
        ("stance_side_code", stance),
    ]
    if view != "side":
        drop = np.where(
            stance == 1.0,
            series["pelvic_drop_left_stance_deg"],
            np.where(stance == 2.0, series["pelvic_drop_right_stance_deg"], np.nan),
        )
        obliquity = series["pelvic_drop_left_stance_deg"]
        columns += [("pelvic_drop_deg", drop), ("pelvic_obliquity_deg", obliquity)]
        columns += [(f"knee_fppa_{s}_deg", series[f"knee_fppa_{s}_deg"]) for s in ("left", "right")]
    for side in ("left", "right"):
        pt = pose.point
        flexion = angles.knee_flexion_proxy(
            pt(f"{side}_hip"), pt(f"{side}_knee"), pt(f"{side}_ankle")
        )
        columns.append((f"knee_flexion_{side}_deg", flexion))
    return FrameTable(times, tuple(columns))


def analyze_gait(
    pose: PoseSequence,
    params: GaitParams | None = None,
    *,
    library: Library,
    view: View | None = None,
) -> GaitResult:
    """Steps, per-step metrics, per-side summaries, asymmetry, cadence and findings.

    ``library`` gives the noise floor and the cited figures the findings render.

    ``view`` forces the view; otherwise it is detected. ``AnalysisError`` when the view given
    contradicts the keypoints (e.g. ``back`` for a side-view clip) or no step can be found.
    """
    p = params or GaitParams()
    cleaned, _ = clean_pose(pose, p.signal)
    inferred = detect_view(cleaned, p)
    chosen: View = view or inferred
    if (chosen == "side") != (inferred == "side"):
        raise AnalysisError(
            f"this clip looks filmed from the {inferred} but --view {chosen} was given: film "
            "from behind (or in front) for pelvic drop and knee FPPA, from the side for "
            "overstriding and knee flexion, or leave out --view"
        )
    mismatch: tuple[str, ...] = ()
    if chosen != inferred:
        mismatch = (
            f"filmed from the {chosen} as given, but the pose model's left and right look like "
            f"a {inferred} view: its labels were swapped back, so the step sides follow the "
            "runner (the per-frame CSV columns keep the model's labels)",
        )
    detection = detect_steps(cleaned, p.events)
    if not detection.steps:
        raise AnalysisError(
            "no running step was found: film at least 10 seconds of steady running with the "
            "whole body (hips to feet) in frame"
        )
    times = cleaned.timestamps_s
    # Frontal angles use the view the labels imply, so their signs stay anatomical; a
    # contradicting --view means the model swapped the labels, so the sides are swapped back.
    series = frontal_series(cleaned, inferred) if chosen != "side" else {}
    facing, facing_notes = _facing(cleaned) if chosen == "side" else (1.0, ())
    steps: list[GaitStep] = []
    hidden: dict[LegSide, int] = {}
    for k, ev in enumerate(detection.steps, 1):
        if chosen == "side":
            metrics = side_step_metrics(cleaned, facing, detection.leg_length_px, ev, times)
            if drop_hidden_knee(metrics, pose, ev, p.side_knee_min_visibility):
                hidden[ev.side] = hidden.get(ev.side, 0) + 1
        else:
            metrics = frontal_step_metrics(cleaned, inferred, series, ev)
            if ev.toe_off is not None:
                metrics["contact_time_s"] = float(times[ev.toe_off] - times[ev.contact])
        toe = None if ev.toe_off is None else float(times[ev.toe_off])
        side = other_side(ev.side) if mismatch else ev.side
        steps.append(
            GaitStep(k, side, float(times[ev.contact]), float(times[ev.midstance]), toe, metrics)
        )
    result_steps = tuple(steps)
    sides = summarise_sides(result_steps)
    asymmetry = compare_sides(sides, library, p.min_steps_per_side)
    cadence = cadence_spm(result_steps)
    return GaitResult(
        analysis_version=GAIT_ANALYSIS_VERSION,
        view=chosen,
        inferred_view=inferred,
        params=params_json(p),
        backend=pose.backend,
        video=VideoSummary(frame_count=pose.n_frames, duration_s=pose.duration_s),
        steps=result_steps,
        sides=sides,
        asymmetry=asymmetry,
        cadence_spm=cadence,
        warnings=(
            *mismatch,
            *facing_notes,
            *warnings_for(pose, chosen, sides, detection, p, library),
            *hidden_knee_warnings(hidden, detection, p),
        ),
        findings=findings_for(chosen, sides, asymmetry, cadence, library),
        frames=_frame_table(cleaned, inferred, series, detection),
    )


def drop_hidden_knee(
    metrics: dict[str, float], pose: PoseSequence, step: StepEvent, min_visibility: float
) -> bool:
    """Remove the knee flexion measured at a frame where the stance knee was hidden (side view,
    ``GaitParams.side_knee_min_visibility``); True when anything was removed."""
    knee = pose.visibility[:, pose.schema.index(f"{step.foot}_knee")]
    removed = False
    for name, frame in (
        ("knee_flexion_contact_deg", step.contact),
        ("knee_flexion_midstance_deg", step.midstance),
    ):
        if name in metrics and knee[frame] < min_visibility:
            del metrics[name]
            removed = True
    return removed


def hidden_knee_warnings(
    hidden: Mapping[LegSide, int], detection: StepDetection, params: GaitParams
) -> tuple[str, ...]:
    """One sentence per side whose knee was hidden at some steps' contact or midstance."""
    out: list[str] = []
    for side, count in sorted(hidden.items()):
        total = sum(1 for s in detection.steps if s.side == side)
        out.append(
            f"the {side} knee was hidden (pose confidence under "
            f"{params.side_knee_min_visibility:g}) at contact or midstance in {count} of "
            f"{total} {side} steps, so its knee bend is left out there: from the side the "
            "far leg runs behind the near one. Film from the runner's other side to measure it"
        )
    return tuple(out)


def _facing(pose: PoseSequence) -> tuple[float, tuple[str, ...]]:
    """Which way a side-view runner faces (+1 screen right, -1 left) from heel to toe; NaN
    with a note when the feet are never seen (e.g. keypoints without heels or toes): the
    measures that need the direction are then left out, never guessed."""
    try:
        return angles.infer_facing_x_sign(
            np.concatenate([pose.point("left_heel"), pose.point("right_heel")]),
            np.concatenate([pose.point("left_foot_index"), pose.point("right_foot_index")]),
        ), ()
    except AnalysisError:
        return math.nan, (
            "which way the runner faces is unknown (heels and toes never seen), so overstride, "
            "shank angle at contact and forward trunk lean are not measured",
        )


def warnings_for(
    pose: PoseSequence,
    view: View,
    sides: tuple[GaitSideSummary, ...],
    detection: StepDetection,
    params: GaitParams,
    library: Library,
) -> tuple[str, ...]:
    """What limits the trust in this check, in sentences."""
    out: list[str] = []
    for summary in sides:
        if summary.steps < params.min_steps_per_side:
            needed = render_guideline(library, "gait-steps-per-side", "about {steps_needed:g}")
            out.append(
                f"only {plural(summary.steps, summary.side + ' step')} "
                f"{'was' if summary.steps == 1 else 'were'} measured: average at least "
                f"{params.min_steps_per_side} steps per side for a stable value (a stable 2D "
                f"pelvic-drop mean needed {needed.text} steps); film a longer stretch of steady "
                "running"
            )
    if detection.side_agreement < 0.8:
        out.append(
            f"the pose model's left and right legs agreed with strict alternation in only "
            f"{detection.side_agreement:.0%} of steps, so the left/right labels may be swapped"
        )
    if pose.n_frames > 1:
        fps = 1.0 / float(np.median(np.diff(pose.timestamps_s)))
        if fps < 50:
            out.append(
                f"at {fps:.0f} frames a second each frame spans {1000 / fps:.0f} ms: contact "
                "and toe-off times are approximate (film in slow motion, 120-240 fps, for them)"
            )
    if view == "side":
        out.append(
            "from the side the left/right labels come from the pose model, which often swaps "
            "the legs; trust the per-side split less than the averages"
        )
    return tuple(out)
