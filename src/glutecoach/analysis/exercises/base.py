"""What an exercise-family analyzer receives and returns, and the registry that finds it.

An analyzer turns a cleaned pose into reps (or holds) with their metrics for one family of
exercises. It knows which metrics it can measure from which view (``metrics_for_view``), so the
pipeline can tell the runner which of the library's mistakes a clip can check. Everything else
(cleaning, view checks, visibility, faults, warnings, the result) is shared and lives in
``glutecoach.analysis.pipeline``. A new family (side-lying abduction, clam, side plank, bridge,
gait) registers an analyzer with ``register_analyzer`` and its parameters with
``params.register_family_params``; nothing else changes.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Protocol, Self

import numpy as np

from glutecoach.analysis import angles as ang
from glutecoach.analysis.exercises.coverage import NOT_CHECKABLE
from glutecoach.analysis.exercises.measures import rolling_median, thigh_foreshortened
from glutecoach.analysis.params import AnalysisParams
from glutecoach.analysis.reps import RejectedCandidate, RepSegmentation
from glutecoach.domain.exercise import Variation
from glutecoach.domain.pose import FloatArray, FrontalView, LegSide, PoseSequence, Rep, Side, View
from glutecoach.errors import AnalysisError, NotCheckableError

TIMING_METRICS = frozenset(
    {"rep_duration_s", "descent_s", "bottom_pause_s", "ascent_s", "lowering_s", "raising_s"}
)
"""Metrics that come from the rep's timing alone; kept even when a rep is not measurable."""


@dataclass(frozen=True, eq=False)
class ExerciseContext:
    """The input of an analyzer.

    ``pose`` is cleaned (``filters.clean_pose``): NaN where no trustworthy point remains.
    ``view`` is the view the clip is analysed as; ``frontal_view`` the view that sets the sign
    of frontal-plane angles (it follows the keypoints' own left/right layout, see
    ``angles.infer_view``), None in a side view. ``side`` restricts the working side if given.
    ``hip_width_px`` is the median hip-to-hip distance (NaN in a side view), ``trunk_length_px``
    the median mid-hip to mid-shoulder distance.
    """

    pose: PoseSequence
    variation: Variation
    view: View
    frontal_view: FrontalView | None
    side: LegSide | None
    params: AnalysisParams
    hip_width_px: float
    trunk_length_px: float

    @property
    def t(self) -> FloatArray:
        return self.pose.timestamps_s

    def point(self, name: str) -> FloatArray:
        return self.pose.point(name)

    def x(self, name: str) -> FloatArray:
        return np.asarray(self.pose.point(name)[:, 0], dtype=np.float64)

    def y(self, name: str) -> FloatArray:
        return np.asarray(self.pose.point(name)[:, 1], dtype=np.float64)

    def middle(self, part: str) -> FloatArray:
        """``(T, 2)`` midpoint of the left and right ``part`` (e.g. ``hip``); where only one
        side is seen, that side. Meant for side views, where both sides project close
        together; frontal measures use each side's own points."""
        left, right = self.point(f"left_{part}"), self.point(f"right_{part}")
        both = np.stack([left, right])
        seen = np.isfinite(both).all(axis=2)
        total = np.where(seen[..., None], both, 0.0).sum(axis=0)
        count = seen.sum(axis=0)[:, None]
        with np.errstate(invalid="ignore", divide="ignore"):
            return np.asarray(np.where(count > 0, total / count, np.nan), dtype=np.float64)

    def length_series(self, a: str, b: str, fallback_px: float) -> FloatArray:
        """Per-frame distance between landmarks ``a`` and ``b`` (e.g. the hips), its running
        median over ``MeasureParams.scale_window_s``, ``fallback_px`` where never seen: a body
        length that follows a camera zooming or the person moving closer, without the per-frame
        noise."""
        length = np.linalg.norm(self.point(a) - self.point(b), axis=1)
        steady = rolling_median(
            self.t, np.asarray(length, dtype=np.float64), self.params.measures.scale_window_s
        )
        return np.asarray(np.where(np.isfinite(steady), steady, fallback_px), dtype=np.float64)

    def need_frontal(self) -> FrontalView:
        if self.frontal_view is None:
            raise AnalysisError("this measure needs a front or back view")
        return self.frontal_view


def knee_fppa(ctx: ExerciseContext, side: LegSide) -> FloatArray:
    """Knee FPPA of ``side`` (``angles.knee_fppa``), NaN where the thigh is too foreshortened
    for it to be defined (``MeasureParams.min_thigh_length_fraction``) or the value is beyond
    ``MeasureParams.plausible_fppa_deg`` (landmark errors)."""
    hip, knee = ctx.point(f"{side}_hip"), ctx.point(f"{side}_knee")
    fppa = ang.knee_fppa(hip, knee, ctx.point(f"{side}_ankle"), side=side, view=ctx.need_frontal())
    m = ctx.params.measures
    with np.errstate(invalid="ignore"):
        too_short = thigh_foreshortened(hip, knee, m.min_thigh_length_fraction)
        undefined = too_short | ~(np.abs(fppa) <= m.plausible_fppa_deg)
    return np.asarray(np.where(undefined, np.nan, fppa), dtype=np.float64)


@dataclass(frozen=True)
class MeasuredRep:
    """A rep with its metrics and the landmarks they rest on, checked for visibility by the
    pipeline: a missing ``landmarks`` entry makes the rep not measurable; a metric listed in
    ``metric_landmarks`` is only dropped when its own extra landmarks are missing."""

    rep: Rep
    metrics: Mapping[str, float]
    landmarks: tuple[str, ...]
    metric_landmarks: Mapping[str, tuple[str, ...]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        finite = {k: float(v) for k, v in self.metrics.items() if math.isfinite(v)}
        object.__setattr__(self, "metrics", finite)


@dataclass(frozen=True)
class MeasuredHold:
    """An isometric bout with its metrics; ``good_alignment_s`` as in ``domain.analysis.Hold``."""

    side: Side
    start_s: float
    end_s: float
    good_alignment_s: float
    metrics: Mapping[str, float]
    landmarks: tuple[str, ...]

    def __post_init__(self) -> None:
        finite = {k: float(v) for k, v in self.metrics.items() if math.isfinite(v)}
        object.__setattr__(self, "metrics", finite)


@dataclass(frozen=True, eq=False)
class FamilyOutput:
    """What an analyzer found.

    ``signal`` is the primary signal (``(T,)``, peaks at each rep's extreme) named
    ``signal_name``, with its resting level ``signal_rest`` and robust range ``signal_range``
    (used to spot merged reps and to judge reps cut by the clip);
    ``frame_columns`` are per-frame measures for the CSV export; ``rejected`` the movements
    that were not reps; ``warnings`` are sentences for the runner.
    """

    reps: tuple[MeasuredRep, ...]
    signal_name: str
    signal: FloatArray
    signal_range: float
    signal_rest: float = math.nan
    holds: tuple[MeasuredHold, ...] = ()
    frame_columns: tuple[tuple[str, FloatArray], ...] = ()
    rejected: tuple[RejectedCandidate, ...] = ()
    warnings: tuple[str, ...] = field(default_factory=tuple)

    @classmethod
    def from_segmentation(
        cls,
        seg: RepSegmentation,
        reps: Iterable[MeasuredRep],
        signal_name: str,
        signal: FloatArray,
        *,
        frame_columns: tuple[tuple[str, FloatArray], ...] = (),
        holds: tuple[MeasuredHold, ...] = (),
        warnings: tuple[str, ...] | None = None,
    ) -> Self:
        """The output of an analyzer whose reps come from ``segment_reps`` on ``signal``: its
        range, rest level and rejected movements are the segmentation's, and so are the
        warnings unless others are given."""
        return cls(
            reps=tuple(reps),
            signal_name=signal_name,
            signal=signal,
            signal_range=seg.high - seg.low,
            signal_rest=seg.low,
            holds=holds,
            frame_columns=frame_columns,
            rejected=seg.rejected,
            warnings=seg.notes if warnings is None else warnings,
        )


class ExerciseAnalyzer(Protocol):
    """One family's analysis. ``variation_ids`` are the library variations it serves (checked
    against the library by a contract test)."""

    @property
    def family(self) -> str: ...

    @property
    def variation_ids(self) -> frozenset[str]: ...

    def metrics_for_view(self, variation: Variation, view: View) -> frozenset[str]:
        """Every metric name this analyzer reports for ``variation`` filmed from ``view``."""
        ...

    def analyze(self, ctx: ExerciseContext) -> FamilyOutput: ...


_ANALYZERS: dict[str, ExerciseAnalyzer] = {}


def register_analyzer(analyzer: ExerciseAnalyzer) -> None:
    """Register ``analyzer`` for its family; a variation id may belong to one family only."""
    for family, other in _ANALYZERS.items():
        clash = other.variation_ids & analyzer.variation_ids
        if family != analyzer.family and clash:
            raise AnalysisError(
                f"variation(s) {', '.join(sorted(clash))} already belong to family {family!r}"
            )
    _ANALYZERS[analyzer.family] = analyzer


def registered_analyzers() -> tuple[ExerciseAnalyzer, ...]:
    return tuple(_ANALYZERS[k] for k in sorted(_ANALYZERS))


def analyzer_for(variation: Variation, family: str | None = None) -> ExerciseAnalyzer:
    """The analyzer of ``family``, or of the family that lists ``variation.id``."""
    if family is not None:
        if family not in _ANALYZERS:
            known = ", ".join(sorted(_ANALYZERS))
            raise AnalysisError(
                f"no video analysis for the {family!r} family yet; analysed families: {known}"
            )
        return _ANALYZERS[family]
    for analyzer in _ANALYZERS.values():
        if variation.id in analyzer.variation_ids:
            return analyzer
    checked = ", ".join(sorted(checked_ids()))
    raise NotCheckableError(
        f"no video analysis for exercise {variation.id!r}: {not_checkable_reason(variation.id)}. "
        f"Exercises checked from video: {checked} (see docs/video-coverage.md)"
    )


def checked_ids() -> frozenset[str]:
    """Every variation id an analyzer serves."""
    return frozenset(i for a in _ANALYZERS.values() for i in a.variation_ids)


def checkable(variation_id: str) -> bool:
    """Whether the video check judges ``variation_id``."""
    return variation_id in checked_ids()


def not_checkable_reason(variation_id: str) -> str | None:
    """Why ``variation_id`` is not judged from video (``coverage.NOT_CHECKABLE``); None when
    it is."""
    if checkable(variation_id):
        return None
    return NOT_CHECKABLE.get(variation_id, "no analyzer serves it yet")
