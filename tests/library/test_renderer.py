"""The evidence renderer on single records: words per status, citation, scope, JSON, tagging."""

from __future__ import annotations

import pytest

from glutecoach.domain.evidence import EvidenceRecord, Guideline
from glutecoach.library.catalogue import Library
from glutecoach.library.loader import load_library
from glutecoach.library.ranking import best_gmed_mvic
from glutecoach.library.renderer import (
    TAG_CLOSE,
    TAG_OPEN,
    render_evidence,
    render_noise_floor,
    render_rule,
    render_threshold,
    tagging,
)


@pytest.fixture(scope="module")
def library() -> Library:
    return load_library()


def _threshold(library: Library, mistake_id: str):  # type: ignore[no-untyped-def]
    variation = library.get(mistake_id.split(".")[0])
    mistake = next(m for m in variation.mistakes if m.id == mistake_id)
    assert mistake.threshold is not None
    return mistake.threshold


def test_derived_fppa_threshold_says_how_it_was_derived(library: Library) -> None:
    figure = render_threshold(_threshold(library, "single-leg-squat.knee-valgus"), library)
    assert figure.status == "derived"
    assert figure.source_status == "V1"
    assert figure.text.startswith("> 13.5 deg (our rule, derived from Herrington 2014: ")
    assert "healthy mean + 1 SD (8.4 + 5.1 deg)" in figure.text
    assert "single-leg squat" in figure.text  # the task it was measured in


def test_the_same_rule_reused_elsewhere_says_it_too(library: Library) -> None:
    figure = render_threshold(_threshold(library, "lateral-band-walk.knee-valgus"), library)
    assert figure.status == "derived"
    assert "our rule, derived from Herrington 2014" in figure.text
    assert "single-leg squat" in figure.text


def test_coaching_default_carries_no_citation(library: Library) -> None:
    figure = render_threshold(_threshold(library, "squat.knee-valgus"), library)
    assert figure.text == "< 0.9 (coaching default, no published figure)"
    assert figure.reference is None


def test_noise_floor_names_its_kind_population_and_task(library: Library) -> None:
    threshold = _threshold(library, "single-leg-squat.knee-valgus")
    assert threshold.noise is not None
    figure = render_noise_floor(threshold.noise, library)
    assert figure.text == (
        "8 deg (measured in a study, Munro et al. 2012; between-day, 20 active students, "
        "single-leg squat, drop jump, landing)"
    )
    assert "20 active students" in figure.text


def test_pain_split_is_reported_secondhand_with_its_origin(library: Library) -> None:
    pain = library.guideline("pain-monitoring")
    figure = render_rule(pain, "above {acceptable_max:g}/10", library)
    assert figure.value == 5
    assert figure.text.startswith("above 5/10 (reported secondhand, Silbernagel et al. 2007; ")
    assert "clinical teaching" in figure.text
    assert figure.sentence("stop {figure}").startswith("stop above 5/10 (reported")


def test_review_figure_and_abstract_caveat(library: Library) -> None:
    bridge = library.get("glute-bridge")
    best = best_gmed_mvic(bridge, library)
    assert best is not None
    assert best.reference == "ijspt-2014-review"  # the review outranks the n = 15 abstract
    assert render_evidence(best, library, with_caveat=True).text == (
        "28 %MVIC (from a review of studies, Int J Sports Phys Ther 2014)"
    )
    squat = best_gmed_mvic(library.get("squat"), library)
    assert squat is not None
    text = render_evidence(squat, library, with_caveat=True).text
    assert "a conference abstract, used as no full paper or review measured this" in text


def test_json_carries_status_and_reference_beside_the_number(library: Library) -> None:
    figure = render_threshold(_threshold(library, "single-leg-squat.knee-valgus"), library)
    data = figure.as_json()
    assert data["value"] == 13.5
    assert data["status"] == "derived"
    assert data["reference"] == "herrington-2014"
    assert data["derivation"] == "healthy mean + 1 SD (8.4 + 5.1 deg)"


def test_unverified_numbers_are_never_rendered(library: Library) -> None:
    rule = Guideline(id="x", statement="s", reference="herrington-2014", status="U")
    with pytest.raises(ValueError, match="names no value"):
        render_rule(rule, "{missing}", library)
    record = EvidenceRecord.model_validate(
        {
            "muscle": "gluteus-medius",
            "measure": "finding",
            "finding": "more active",
            "condition": "c",
            "reference": "herrington-2014",
            "status": "U",
        }
    )
    with pytest.raises(ValueError, match="never shown"):
        render_evidence(record, library)


def test_tagging_marks_text_only_inside_the_context(library: Library) -> None:
    figure = render_rule(library.guideline("pain-monitoring"), "{safe_max:g}/10", library)
    assert TAG_OPEN not in figure.text
    with tagging():
        tagged = figure.text
    assert tagged.startswith(TAG_OPEN)
    assert tagged.endswith(TAG_CLOSE)
    assert TAG_OPEN not in figure.text
