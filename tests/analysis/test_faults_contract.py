"""Contract tests for the fault rules and the analyzer registry, against the REAL library.

Every registered fault evaluator must judge ``above``/``below`` thresholds and noise floors the
same way; every measurable mistake of the analysed families (single-leg squat ladder, hip hitch,
lateral band walk and the floor families) must have an evaluator and an analyzer that measures
its metric from the view the mistake names, or be listed as not measurable from video yet, with
a reason.
"""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from glutecoach.analysis.exercises import (
    analyzer_for,
    checkable,
    not_checkable_reason,
    registered_analyzers,
)
from glutecoach.analysis.exercises.coverage import NOT_CHECKABLE
from glutecoach.analysis.faults import (
    FRONTAL,
    NOT_MEASURABLE_YET,
    FaultEvaluator,
    Measured,
    check_mistakes,
    evaluator_for,
    registered_evaluators,
)
from glutecoach.analysis.params import default_params
from glutecoach.domain.exercise import Mistake, Threshold, Variation
from glutecoach.domain.pose import VIEWS, View
from glutecoach.domain.vocabulary import CameraView, Metric
from glutecoach.errors import AnalysisError, NotCheckableError
from glutecoach.library.catalogue import Library
from glutecoach.library.loader import load_library

ANALYSED_FAMILIES = (
    "single-leg-squat",
    "hip-hitch",
    "lateral-band-walk",
    "side-lying-hip-abduction",
    "clam",
    "side-plank",
    "glute-bridge",
    "standing-hip-abduction",
    "step-up",
)
LIBRARY = load_library()
EVALUATORS = registered_evaluators()


def _variations() -> list[Variation]:
    return [v for f in LIBRARY.families if f.family in ANALYSED_FAMILIES for v in f.variations]


def _measurable_mistakes() -> list[tuple[Variation, Mistake]]:
    return [(v, m) for v in _variations() for m in v.mistakes if m.threshold is not None]


def _threshold(metric: Metric, comparison: str, noise_floor: float | None = 2.0) -> Threshold:
    return Threshold.model_validate(
        {
            "metric": metric,
            "comparison": comparison,
            "value": 10.0,
            "basis": "coaching-default",
            "note": "contract test",
            "noise": None
            if noise_floor is None
            else {
                "id": "test-floor",
                "measure": "test",
                "value": noise_floor,
                "unit": "deg",
                "statistic": "smallest detectable difference",
                "kind": "between-day",
                "population": "test",
                "task": "test",
                "reference": "test",
                "status": "V1",
            },
        }
    )


def _views_of(mistake: Mistake) -> set[View]:
    """The clip views a mistake's stated view allows (front and back are interchangeable for
    frontal-plane measures)."""
    if mistake.view is CameraView.SIDE:
        return {"side"}
    return {"front", "back"}


@pytest.mark.parametrize("evaluator", EVALUATORS, ids=lambda e: e.metric.value)
def test_every_evaluator_judges_thresholds_the_same_way(evaluator: FaultEvaluator) -> None:
    above = _threshold(evaluator.metric, "above")
    below = _threshold(evaluator.metric, "below")
    assert evaluator.evaluate(above, 13.0).faulty
    assert evaluator.evaluate(above, 13.0).beyond_noise_floor is True
    assert evaluator.evaluate(above, 11.0).faulty
    assert evaluator.evaluate(above, 11.0).beyond_noise_floor is False
    assert not evaluator.evaluate(above, 10.0).faulty  # at the threshold is not past it
    assert evaluator.evaluate(above, 9.0).beyond_noise_floor is False
    assert evaluator.evaluate(below, 7.0).faulty
    assert evaluator.evaluate(below, 7.0).beyond_noise_floor is True
    assert not evaluator.evaluate(below, 12.0).faulty
    bare = _threshold(evaluator.metric, "above", noise_floor=None)
    assert evaluator.evaluate(bare, 20.0).beyond_noise_floor is None
    with pytest.raises(AnalysisError, match="non-finite"):
        evaluator.evaluate(above, math.nan)
    other = next(m for m in Metric if m is not evaluator.metric)
    with pytest.raises(AnalysisError, match="got a"):
        evaluator.evaluate(_threshold(other, "above"), 1.0)
    assert evaluator.views <= set(VIEWS)
    assert evaluator.unit


def test_not_measurable_yet_and_evaluators_do_not_overlap() -> None:
    judged = {e.metric for e in EVALUATORS}
    assert not judged & set(NOT_MEASURABLE_YET)
    assert all(reason.strip() for reason in NOT_MEASURABLE_YET.values())


@pytest.mark.parametrize(
    ("variation", "mistake"), _measurable_mistakes(), ids=lambda x: getattr(x, "id", "")
)
def test_every_measurable_mistake_is_measured_from_its_view_or_listed(
    variation: Variation, mistake: Mistake
) -> None:
    assert mistake.threshold is not None
    metric = mistake.threshold.metric
    if metric in NOT_MEASURABLE_YET:
        return
    evaluator = evaluator_for(metric)
    assert evaluator is not None, f"{mistake.id}: no evaluator for {metric.value}"
    analyzer = analyzer_for(variation)
    # measurable from the view the library says to film (front and back interchangeable)
    views = _views_of(mistake) & evaluator.views
    assert views, f"{mistake.id}: its view {mistake.view.value} cannot measure {metric.value}"
    for view in views:
        assert metric.value in analyzer.metrics_for_view(variation, view), (
            f"{mistake.id}: {analyzer.family} does not measure {metric.value} from the {view}"
        )


def test_analyzers_serve_exactly_the_library_families() -> None:
    for family in ANALYSED_FAMILIES:
        ids = {v.id for f in LIBRARY.families if f.family == family for v in f.variations}
        analyzer = next(a for a in registered_analyzers() if a.family == family)
        assert analyzer.variation_ids == ids
        assert default_params(family).family == family
        for variation_id in ids:
            assert analyzer_for(LIBRARY.get(variation_id)) is analyzer


def test_an_exercise_without_an_analyzer_is_a_clear_error(library: Library) -> None:
    belt = library.get("supine-isometric-hip-abduction")  # nothing moves: it says why, exit 2
    with pytest.raises(NotCheckableError, match="no video analysis for exercise") as caught:
        analyzer_for(belt)
    assert NOT_CHECKABLE["supine-isometric-hip-abduction"] in str(caught.value)
    assert "standing-hip-abduction" in str(caught.value)  # what can be checked instead
    assert caught.value.exit_code == 2
    with pytest.raises(AnalysisError, match="no video analysis for the 'no-such' family"):
        analyzer_for(belt, "no-such")


def test_every_library_variation_is_checkable_or_says_why_in_the_docs() -> None:
    doc = (Path(__file__).resolve().parents[2] / "docs" / "video-coverage.md").read_text()
    for v in LIBRARY.variations:
        if checkable(v.id):
            assert v.id not in NOT_CHECKABLE, f"{v.id} is checked but listed as not checkable"
            assert not_checkable_reason(v.id) is None
            continue
        assert v.id in NOT_CHECKABLE, f"{v.id}: no analyzer and no reason in NOT_CHECKABLE"
        assert f"`{v.id}`" in doc, f"{v.id} is missing from docs/video-coverage.md"
    assert set(NOT_CHECKABLE) <= {v.id for v in LIBRARY.variations}


@pytest.mark.parametrize("view", VIEWS)
def test_analyzers_only_claim_metrics_their_view_can_show(view: View) -> None:
    for variation in _variations():
        analyzer = analyzer_for(variation)
        for name in analyzer.metrics_for_view(variation, view):
            metric = next((m for m in Metric if m.value == name), None)
            evaluator = evaluator_for(metric) if metric is not None else None
            if evaluator is not None:
                assert view in evaluator.views, f"{name} claimed from the {view}"


def test_check_mistakes_on_hand_made_reps() -> None:
    sls = LIBRARY.get("single-leg-squat")
    items = [
        Measured("rep", 1, {"knee_fppa_deg": 9.0, "pelvic_drop_deg": 9.0}, True),
        Measured("rep", 2, {"knee_fppa_deg": 25.0, "pelvic_drop_deg": 6.0}, True),
        Measured("rep", 3, {"knee_fppa_deg": 30.0}, False),  # not measurable: never judged
        Measured("rep", 4, {"knee_fppa_deg": 15.0, "pelvic_drop_deg": 2.0}, True),
    ]
    available = frozenset({"knee_fppa_deg", "pelvic_drop_deg", "trunk_lean_deg"})
    report = check_mistakes(sls, "front", items, available)
    valgus = next(f for f in report.findings if f.metric == "knee_fppa_deg")
    assert valgus.reps == (2, 4)
    assert valgus.measured_value == 25.0
    assert valgus.checked == 3
    assert valgus.beyond_noise_floor is True  # 25 - 13.5 > 8
    drop = next(f for f in report.findings if f.metric == "pelvic_drop_deg")
    assert drop.reps == (1, 2)
    assert [f.beyond_noise_floor for f in report.faults[("rep", 2)]] == [True, False]
    assert report.faults[("rep", 3)] == ()
    reasons = {m.mistake_id: m.reason for m in report.not_measured}
    assert reasons["single-leg-squat.trunk-lean"] == "no measurable rep or hold to check it on"
    assert "needs a front (or back) view" not in reasons["single-leg-squat.trunk-lean"]
    side = check_mistakes(sls, "side", items, frozenset({"free_foot_touchdowns"}))
    needed = {m.mistake_id: m for m in side.not_measured}
    assert needed["single-leg-squat.knee-valgus"].view_needed == "front"
    assert needed["single-leg-squat.knee-valgus"].reason.startswith("needs a front (or back)")


def test_frontal_evaluators_need_a_frontal_view() -> None:
    for metric in (Metric.KNEE_FPPA_DEG, Metric.PELVIC_DROP_DEG, Metric.TRUNK_LEAN_DEG):
        evaluator = evaluator_for(metric)
        assert evaluator is not None
        assert evaluator.views == FRONTAL
