"""The glossary (issue 13) names everything a person reads: every metric the checks report,
every registered progression rule, every decision action, recommend criterion and condition."""

from __future__ import annotations

import re

import pytest

import glutecoach.planning  # noqa: F401 - registers the built-in rules
from glutecoach.analysis.pipeline import analyze
from glutecoach.domain.glossary import (
    ACTIONS,
    CONDITIONS,
    CRITERIA,
    METRICS,
    RULES,
    Term,
    gait_term,
    metric_name,
    metric_term,
    numbered,
    plural,
    rule_name,
)
from glutecoach.domain.vocabulary import Condition, Metric, RepUnit
from glutecoach.library.loader import load_library
from glutecoach.planning.progression import REGISTRY, Action
from glutecoach.selection.result import CriterionScores
from tests.analysis.corpus_support import bases_from_fixtures, synthetic_bases

CODE = re.compile(r"_|\b(?:deg|fppa)\b")


def _plain(term: Term) -> None:
    assert term.name[:1].isupper(), term
    assert term.meaning, term
    assert not CODE.search(term.name + " " + term.meaning), term


def test_every_metric_of_the_vocabulary_has_a_plain_name_and_meaning() -> None:
    for metric in Metric:
        assert metric.value in METRICS, metric
    for term in METRICS.values():
        _plain(term)


@pytest.mark.parametrize("base", [*bases_from_fixtures(), *synthetic_bases()], ids=str)
def test_every_metric_a_check_reports_is_in_the_glossary(base: object) -> None:
    result = analyze(base.pose, load_library().get(base.exercise))  # type: ignore[attr-defined]
    reported = {m for rep in result.reps for m in rep.metrics}
    reported |= {m for hold in result.holds for m in hold.metrics}
    reported |= {c.metric for c in result.comparison}
    assert reported - set(METRICS) == set()


def test_signed_measures_say_what_their_sign_means() -> None:
    for metric in ("pelvic_drop_deg", "knee_fppa_deg", "trunk_lean_deg", "foot_midline_ratio"):
        assert (
            "positive" in metric_term(metric).meaning or "negative" in metric_term(metric).meaning
        ), metric
    assert "negative: it is higher" in metric_term("pelvic_drop_deg").meaning
    assert "midstance" in gait_term("pelvic_drop_deg").name
    assert gait_term("overstride_ratio") == METRICS["overstride_ratio"]


def test_unknown_code_names_still_read_as_words() -> None:
    term = metric_term("left_hip_wobble_deg")
    assert (term.name, term.unit) == ("Left hip wobble", "deg")
    assert metric_name("knee_fppa_deg") == "knee angle from the front"
    assert metric_term("knee_fppa_deg").heading() == "Knee angle from the front (deg)"
    assert metric_term("knee_to_ankle_width_ratio").heading() == "Knee-to-ankle width"


def test_rules_actions_criteria_and_conditions_are_named() -> None:
    assert set(REGISTRY.names()) <= set(RULES)
    assert {a.value for a in Action} == set(ACTIONS)
    assert set(CriterionScores.model_fields) == set(CRITERIA)
    assert {c.value for c in Condition} == set(CONDITIONS)
    for term in (*RULES.values(), *ACTIONS.values(), *CRITERIA.values()):
        _plain(term)
    assert rule_name("good-form-gate") == "Good form first"
    assert rule_name("some-new-rule") == "Some new rule"


def test_counts_agree_with_their_nouns() -> None:
    assert plural(1, "set") == "1 set"
    assert plural(2, "set") == "2 sets"
    assert plural(0, "rep") == "0 reps"
    assert numbered("rep", [3]) == "rep 3"
    assert numbered("rep", [3, 4]) == "reps 3 and 4"
    assert numbered("hold", (1, 2, 5)) == "holds 1, 2 and 5"
    assert RepUnit.STEP.amount("8-12") == "8-12 steps"
    assert RepUnit.REP.amount("1") == "1 rep"
    assert RepUnit.STEP.each_side == "each way"
