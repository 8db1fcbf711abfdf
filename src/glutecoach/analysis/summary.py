"""Per-side summaries of reps and the left/right comparison, and the input-quality warnings
that do not depend on the exercise (frame rate, size of the person in the frame, landmarks
missing from most of the clip)."""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np

from glutecoach.analysis.filters import typical_interval_s
from glutecoach.analysis.params import QualityParams
from glutecoach.domain.analysis import RepResult, SideComparison, SideSummary
from glutecoach.domain.evidence import NoiseFloor
from glutecoach.domain.exercise import Variation
from glutecoach.domain.pose import SIDES, PoseSequence, View

BODY = (
    "nose",
    "left_shoulder",
    "right_shoulder",
    "left_hip",
    "right_hip",
    "left_knee",
    "right_knee",
    "left_ankle",
    "right_ankle",
)
_HEAD = ("nose", "left_shoulder", "right_shoulder")
_FEET = ("left_ankle", "right_ankle")


def side_summaries(reps: Sequence[RepResult]) -> tuple[SideSummary, ...]:
    """One summary per side that has reps: counts, and metric means over measurable reps."""
    out: list[SideSummary] = []
    for side in SIDES:
        mine = [r for r in reps if r.side == side]
        if not mine:
            continue
        complete = [r for r in mine if not r.partial]
        usable = [r for r in complete if r.measurable]
        names = sorted({n for r in usable for n in r.metrics})
        means = {n: float(np.mean([r.metrics[n] for r in usable if n in r.metrics])) for n in names}
        out.append(
            SideSummary(
                side=side,
                reps=len(complete),
                measurable_reps=len(usable),
                good_form_reps=sum(r.good_form for r in mine),
                metrics=means,
            )
        )
    return tuple(out)


def noise_of(variation: Variation, metric: str) -> NoiseFloor | None:
    """The library's noise floor for ``metric`` in this variation (the largest, if several)."""
    floors = [
        m.threshold.noise
        for m in variation.mistakes
        if m.threshold is not None
        and m.threshold.metric.value == metric
        and m.threshold.noise is not None
    ]
    return max(floors, key=lambda f: f.value) if floors else None


def rep_spread_floor(
    left: Sequence[float], right: Sequence[float], min_reps: int = 3
) -> float | None:
    """Twice the standard error of the left-minus-right difference of means, from the clip's
    own rep-to-rep spread (sample SD of each side); None with fewer than
    ``min_reps`` reps on a side (``MeasureParams.min_reps_for_spread``). A difference beyond it
    is unlikely (about 5 %) to be rep-to-rep scatter alone."""
    if min(len(left), len(right)) < max(min_reps, 2):  # a spread needs two reps
        return None
    se = math.sqrt(
        float(np.var(left, ddof=1)) / len(left) + float(np.var(right, ddof=1)) / len(right)
    )
    return 2.0 * se


def compare_sides(
    summaries: Sequence[SideSummary],
    variation: Variation,
    reps: Sequence[RepResult] = (),
    min_reps: int = 3,
) -> tuple[SideComparison, ...]:
    """Left minus right for every metric both sides measured, judged against the clip's own
    rep-to-rep spread when each side has ``min_reps`` measured ``reps``, else against the library's
    noise floor for the metric (a between-day figure: a difference beyond it is "possible")."""
    by_side = {s.side: s for s in summaries}
    left, right = by_side.get("left"), by_side.get("right")
    if left is None or right is None:
        return ()
    usable = [r for r in reps if r.measurable and not r.partial]
    out: list[SideComparison] = []
    for metric in sorted(set(left.metrics) & set(right.metrics)):
        a, b = left.metrics[metric], right.metrics[metric]
        per_side = [
            [r.metrics[metric] for r in usable if r.side == side and metric in r.metrics]
            for side in ("left", "right")
        ]
        spread = rep_spread_floor(per_side[0], per_side[1], min_reps)
        if spread is not None:
            out.append(
                SideComparison(metric, a, b, a - b, spread, abs(a - b) > spread, "rep-to-rep")
            )
            continue
        noise = noise_of(variation, metric)
        if noise is None:
            out.append(SideComparison(metric, a, b, a - b))
            continue
        out.append(
            SideComparison(
                metric,
                a,
                b,
                a - b,
                noise.value,
                abs(a - b) > noise.value,
                noise.kind,
                noise.reference,
                noise.status.value,
            )
        )
    return tuple(out)


def sampling_rate_hz(pose: PoseSequence) -> float:
    if pose.n_frames < 2:
        return math.nan
    return 1.0 / typical_interval_s(pose.timestamps_s)


def quality_warnings(
    pose: PoseSequence, quality: QualityParams, min_visibility: float, view: View | None = None
) -> list[str]:
    """Warnings about the input itself, before any exercise logic. In a side view the far
    side's joints are often hidden behind the near ones, so a hidden joint is only reported
    there when its partner on the near side is hidden too."""
    warnings: list[str] = []
    fps = sampling_rate_hz(pose)
    if math.isfinite(fps) and fps < quality.min_fps:
        warnings.append(
            f"the pose was sampled at {fps:.1f} frames a second, below the {quality.min_fps:g} "
            "this check needs: quick movements may be blurred or missed; film at 25-30 fps"
        )
    names = [n for n in BODY if n in pose.schema.names]
    if not names:
        return warnings
    idx = [pose.schema.index(n) for n in names]
    ys = pose.points_px[:, idx, 1]
    seen = pose.visibility[:, idx] >= min_visibility
    head = seen[:, [names.index(n) for n in _HEAD if n in names]].any(axis=1)
    feet = seen[:, [names.index(n) for n in _FEET if n in names]].any(axis=1)
    whole = head & feet
    if np.any(whole):
        # Head-to-feet extent along the body: vertical for standing work, horizontal for lying
        # and planking, whichever fills more of its side of the frame.
        xs = pose.points_px[:, idx, 0]
        width, height = pose.image_size_px
        with np.errstate(invalid="ignore"):
            tall = np.where(seen, ys, np.nan)[whole]
            wide = np.where(seen, xs, np.nan)[whole]
            span_y = (np.nanmax(tall, axis=1) - np.nanmin(tall, axis=1)) / height
            span_x = (np.nanmax(wide, axis=1) - np.nanmin(wide, axis=1)) / width
        fraction = float(np.median(np.maximum(span_y, span_x)))
        if fraction < quality.min_person_height_fraction:
            warnings.append(
                f"the person fills only {fraction:.0%} of the frame: stand closer or "
                f"zoom in until they fill at least {quality.min_person_height_fraction:.0%}, "
                "small figures make the angles noisy"
            )
    shown = {name: float(column.mean()) for name, column in zip(names, seen.T, strict=True)}
    for name, share in shown.items():
        if name == "nose" or share >= 0.5:  # the face is hidden in a back view anyway
            continue
        partner = name.replace("left_", "right_") if name.startswith("left_") else name.replace(
            "right_", "left_")  # fmt: skip
        if view == "side" and shown.get(partner, 0.0) >= 0.5:
            continue
        warnings.append(
            f"the {name.replace('_', ' ')} is hidden or out of frame in {1.0 - share:.0%} of "
            "the clip: keep the whole body in view"
        )
    return warnings
