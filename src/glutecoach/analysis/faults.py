"""Fault rules: a registry of evaluators keyed by ``Metric``, and the check of a variation's
library mistakes against measured reps and holds.

A mistake in the library carries a ``Threshold`` (metric, ``above``/``below``, value, basis,
reference, noise floor). Its evaluator says from which views the metric can be measured and
compares one measured value with the threshold: ``above`` is a fault when the value is greater
than the threshold, ``below`` when it is smaller. A fault is ``beyond_noise_floor`` when the
value passes the threshold by more than the noise floor (for example a knee FPPA of 15 deg
against 13.5 deg with an 8 deg noise floor is a fault within measurement error). Every noise
floor in the library is a between-day figure, so a fault beyond it is judged "possible", never
"clear" (``domain.analysis.judgement``).

Metrics of exercises not analysed from video yet are listed in ``NOT_MEASURABLE_YET`` with the
reason; a contract test requires every measurable mistake of the analysed families to have an
evaluator or such an entry.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from glutecoach.domain.analysis import FaultFinding, RepFault, UnmeasuredMistake
from glutecoach.domain.exercise import Mistake, Threshold, Variation
from glutecoach.domain.pose import View
from glutecoach.domain.vocabulary import CameraView, Metric
from glutecoach.errors import AnalysisError

FRONTAL: frozenset[View] = frozenset({"front", "back"})
SIDE: frozenset[View] = frozenset({"side"})
ANY_VIEW: frozenset[View] = frozenset({"front", "back", "side"})


@dataclass(frozen=True)
class Verdict:
    """One value against one threshold."""

    faulty: bool
    beyond_noise_floor: bool | None


@dataclass(frozen=True)
class FaultEvaluator:
    """How one metric is judged. ``views`` are the camera views it can be measured from;
    ``count`` marks an integer count (e.g. touchdowns), compared the same way."""

    metric: Metric
    unit: str
    views: frozenset[View]
    description: str
    count: bool = False

    def evaluate(self, threshold: Threshold, value: float) -> Verdict:
        """Compare ``value`` with ``threshold`` (``AnalysisError`` for another metric or a
        value that is not a finite number)."""
        if threshold.metric is not self.metric:
            raise AnalysisError(
                f"evaluator for {self.metric.value} got a {threshold.metric.value} threshold"
            )
        if not math.isfinite(value):
            raise AnalysisError(f"{self.metric.value}: cannot judge a non-finite value {value}")
        if threshold.comparison == "above":
            margin = value - threshold.value
        else:
            margin = threshold.value - value
        faulty = margin > 0.0
        if threshold.noise_floor is None:
            return Verdict(faulty, None)
        return Verdict(faulty, faulty and margin > threshold.noise_floor)


_EVALUATORS: dict[Metric, FaultEvaluator] = {}


def register_evaluator(evaluator: FaultEvaluator) -> None:
    _EVALUATORS[evaluator.metric] = evaluator


def evaluator_for(metric: Metric) -> FaultEvaluator | None:
    return _EVALUATORS.get(metric)


def registered_evaluators() -> tuple[FaultEvaluator, ...]:
    return tuple(_EVALUATORS[m] for m in Metric if m in _EVALUATORS)


NOT_MEASURABLE_YET: Mapping[Metric, str] = {
    Metric.TRUNK_ROTATION_DEG: "trunk rotation out of the image plane is not measured from "
    "2D video yet",
    Metric.PELVIS_ROLL_DEG: "pelvis roll turns the pelvis about the body's long axis, out of "
    "the picture filmed from the front; its 2D trace (hips looking under 2% closer for a "
    "10-degree roll) is below the pose model's noise, so it is not measured from video yet",
}
"""Metrics no evaluator judges yet, with the reason shown to the runner."""

for _evaluator in (
    FaultEvaluator(Metric.KNEE_FPPA_DEG, "deg", FRONTAL, "knee frontal plane projection angle"),
    FaultEvaluator(Metric.PELVIC_DROP_DEG, "deg", FRONTAL, "contralateral pelvic drop"),
    FaultEvaluator(Metric.TRUNK_LEAN_DEG, "deg", FRONTAL, "lateral trunk lean (either way)"),
    FaultEvaluator(Metric.TRUNK_FORWARD_LEAN_DEG, "deg", SIDE, "sagittal trunk inclination"),
    FaultEvaluator(Metric.KNEE_FLEXION_DEG, "deg", SIDE, "knee flexion proxy"),
    FaultEvaluator(Metric.HIP_ABDUCTION_DEG, "deg", FRONTAL, "frontal hip abduction"),
    FaultEvaluator(Metric.HIP_HIKE_DEG, "deg", FRONTAL, "free-side pelvis above level"),
    FaultEvaluator(Metric.PELVIC_RANGE_DEG, "deg", FRONTAL, "pelvic tilt range over a rep"),
    FaultEvaluator(Metric.STEP_WIDTH_RATIO, "hip widths", FRONTAL, "widest ankle separation"),
    FaultEvaluator(
        Metric.FEET_SEPARATION_RATIO, "hip widths", FRONTAL, "narrowest ankle separation"
    ),
    FaultEvaluator(
        Metric.KNEE_TO_ANKLE_WIDTH_RATIO, "ratio", FRONTAL, "knee over ankle separation"
    ),
    FaultEvaluator(
        Metric.FREE_FOOT_TOUCHDOWNS, "count", ANY_VIEW, "free foot touching down", count=True
    ),
    FaultEvaluator(Metric.REP_DURATION_S, "s", ANY_VIEW, "rep duration"),
    FaultEvaluator(
        Metric.HIP_FLEXION_DRIFT_DEG,
        "deg",
        ANY_VIEW,
        "leg drifting forward: from the side, the thigh's angle forward of the trunk line; "
        "lying filmed from the front, toward the camera, from its foreshortening (rough)",
    ),
    FaultEvaluator(
        Metric.HIP_SAG_DEG, "deg", ANY_VIEW, "hip below the shoulder-ankle (or -knee) line"
    ),
    FaultEvaluator(Metric.KNEE_OPENING_DEG, "deg", FRONTAL, "angle between the thighs"),
    FaultEvaluator(Metric.HIP_EXTENSION_DEG, "deg", SIDE, "hip extension at the top of a bridge"),
    FaultEvaluator(
        Metric.LUMBAR_EXTENSION_DEG,
        "deg",
        SIDE,
        "hips pushed above the shoulder-knee line (a 2D proxy of lumbar hyperextension)",
    ),
):
    register_evaluator(_evaluator)


@dataclass(frozen=True)
class Measured:
    """One rep or hold as the fault check sees it."""

    kind: str  # "rep" or "hold"
    index: int
    metrics: Mapping[str, float]
    measurable: bool


@dataclass(frozen=True)
class MistakeReport:
    """Faults per rep/hold (keyed by ``(kind, index)``), findings, and what was not measured."""

    faults: Mapping[tuple[str, int], tuple[RepFault, ...]]
    findings: tuple[FaultFinding, ...]
    not_measured: tuple[UnmeasuredMistake, ...]


def view_needed(mistake: Mistake, evaluator: FaultEvaluator) -> str:
    """The view to film for this mistake, in words."""
    if mistake.view in (CameraView.FRONT, CameraView.BACK) and evaluator.views == FRONTAL:
        return (
            f"{mistake.view.value} (or {'back' if mistake.view is CameraView.FRONT else 'front'})"
        )
    return mistake.view.value


def measurable_in_view(variation: Variation, available: frozenset[str]) -> tuple[Mistake, ...]:
    """The variation's mistakes that a clip with ``available`` metrics can check."""
    out = []
    for mistake in variation.mistakes:
        t = mistake.threshold
        if t is not None and t.metric in _EVALUATORS and t.metric.value in available:
            out.append(mistake)
    return tuple(out)


def check_mistakes(
    variation: Variation, view: View, items: Sequence[Measured], available: frozenset[str]
) -> MistakeReport:
    """Judge every mistake of ``variation`` on every measurable rep/hold that has its metric.

    ``available`` are the metric names the analyzer reports from ``view``.
    """
    faults: dict[tuple[str, int], list[RepFault]] = {(i.kind, i.index): [] for i in items}
    findings: list[FaultFinding] = []
    missing: list[UnmeasuredMistake] = []
    for mistake in variation.mistakes:
        threshold = mistake.threshold
        if threshold is None:
            reason = "the library gives no measurable threshold"
            missing.append(UnmeasuredMistake(mistake.id, mistake.name, None, reason))
            continue
        metric = threshold.metric
        evaluator = _EVALUATORS.get(metric)
        if evaluator is None:
            reason = NOT_MEASURABLE_YET.get(metric, "no evaluator for this metric yet")
            missing.append(UnmeasuredMistake(mistake.id, mistake.name, metric.value, reason))
            continue
        if metric.value not in available:
            if view in evaluator.views:
                reason = f"not measured for this exercise from the {view} yet"
                missing.append(UnmeasuredMistake(mistake.id, mistake.name, metric.value, reason))
            else:
                needed = view_needed(mistake, evaluator)
                reason = f"needs a {needed} view; this clip is filmed from the {view}"
                missing.append(
                    UnmeasuredMistake(mistake.id, mistake.name, metric.value, reason,
                                      mistake.view.value)
                )  # fmt: skip
            continue
        judged = [i for i in items if i.measurable and metric.value in i.metrics]
        if not judged:
            reason = "no measurable rep or hold to check it on"
            missing.append(UnmeasuredMistake(mistake.id, mistake.name, metric.value, reason))
            continue
        found = _judge(mistake, threshold, evaluator, judged, faults)
        if found is not None:
            findings.append(found)
    return MistakeReport(
        faults={k: tuple(v) for k, v in faults.items()},
        findings=tuple(findings),
        not_measured=tuple(missing),
    )


def _judge(
    mistake: Mistake,
    threshold: Threshold,
    evaluator: FaultEvaluator,
    judged: Sequence[Measured],
    faults: dict[tuple[str, int], list[RepFault]],
) -> FaultFinding | None:
    metric = threshold.metric.value
    noise = threshold.noise
    noise_kind = noise.kind if noise is not None else None
    hits: list[tuple[Measured, float, Verdict]] = []
    for item in judged:
        value = float(item.metrics[metric])
        verdict = evaluator.evaluate(threshold, value)
        if not verdict.faulty:
            continue
        hits.append((item, value, verdict))
        faults[(item.kind, item.index)].append(
            RepFault(mistake.id, metric, value, threshold.value, threshold.comparison,
                     mistake.cue, verdict.beyond_noise_floor, noise_kind,
                     threshold.figure_status)
        )  # fmt: skip
    if not hits:
        return None
    pick = max if threshold.comparison == "above" else min
    worst = pick(hits, key=lambda h: h[1])
    return FaultFinding(
        mistake_id=mistake.id,
        name=mistake.name,
        metric=metric,
        measured_value=worst[1],
        threshold_value=threshold.value,
        comparison=threshold.comparison,
        basis=threshold.basis,
        reference=threshold.reference,
        noise_floor=threshold.noise_floor,
        cue=mistake.cue,
        reps=tuple(h[0].index for h in hits if h[0].kind == "rep"),
        holds=tuple(h[0].index for h in hits if h[0].kind == "hold"),
        checked=len(judged),
        beyond_noise_floor=worst[2].beyond_noise_floor,
        threshold_status=threshold.figure_status,
        noise_reference=noise.reference if noise is not None else None,
        noise_status=noise.status.value if noise is not None else None,
        noise_kind=noise_kind,
    )
