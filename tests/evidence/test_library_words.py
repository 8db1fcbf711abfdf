"""Every figure the library holds, rendered through the evidence renderer: the words match the
status, the citation is the record's, and nothing unverified is ever shown as a number."""

from __future__ import annotations

import pytest

from glutecoach.domain.evidence import STATUS_WORDS
from glutecoach.domain.vocabulary import EvidenceStatus
from glutecoach.library.catalogue import Library
from glutecoach.library.loader import load_library
from glutecoach.library.renderer import (
    DEFAULT_WORDS,
    DERIVED_WORDS,
    RenderedFigure,
    render_evidence,
    render_noise_floor,
    render_rule,
    render_threshold,
)

LIBRARY = load_library()
WORDS = {status.value: words for status, words in STATUS_WORDS.items()}


def _expected_words(figure: RenderedFigure, library: Library) -> str:
    if figure.status == "derived":
        return f"{DERIVED_WORDS} {figure.citation}"
    if figure.status == "coaching-default":
        return DEFAULT_WORDS
    assert figure.reference is not None
    if figure.status == "V1" and library.reference(figure.reference).kind == "review":
        return WORDS["V1-review"]
    return WORDS[figure.status]


def _check(figure: RenderedFigure, status: str, reference: str | None) -> None:
    assert figure.status == status
    assert figure.reference == reference
    words = _expected_words(figure, LIBRARY)
    assert figure.status_words == words
    assert words in figure.text
    assert figure.value_text in figure.text
    if reference is not None:
        citation = LIBRARY.reference(reference).short()
        assert figure.citation == citation
        assert citation in figure.text
    data = figure.as_json()
    assert data["status"] == status
    assert data["reference"] == reference
    assert data["status_words"] == words
    # no other status's words creep in
    others = [w for s, w in WORDS.items() if w != words and s != status]
    assert not [w for w in others if w in figure.label]


def _records() -> list[object]:
    out: list[object] = []
    for v in LIBRARY.variations:
        out += [pytest.param(r, id=f"{v.id}/evidence[{i}]") for i, r in enumerate(v.evidence)]
        out += [pytest.param(m.threshold, id=m.id) for m in v.mistakes if m.threshold]
    return out


@pytest.mark.parametrize("record", _records())
def test_every_record_renders_with_the_words_of_its_status(record: object) -> None:
    from glutecoach.domain.evidence import EvidenceRecord
    from glutecoach.domain.exercise import Threshold

    if isinstance(record, EvidenceRecord):
        if record.status is EvidenceStatus.U:
            with pytest.raises(ValueError, match="never shown"):
                render_evidence(record, LIBRARY)
            return
        _check(render_evidence(record, LIBRARY), record.status.value, record.reference)
        return
    assert isinstance(record, Threshold)
    figure = render_threshold(record, LIBRARY)
    _check(
        figure,
        record.figure_status,
        record.reference if record.basis != "coaching-default" else None,
    )
    if record.basis == "derived":
        assert figure.derivation == record.derivation
        assert f"{record.derivation}" in figure.text
        assert record.task is not None
        assert record.task in figure.text  # the task the numbers come from
    if record.noise is not None:
        noise = render_noise_floor(record.noise, LIBRARY)
        _check(noise, record.noise.status.value, record.noise.reference)
        assert record.noise.kind in noise.text
        assert record.noise.population in noise.text


@pytest.mark.parametrize("rule", LIBRARY.guidelines, ids=lambda g: g.id)
def test_every_guideline_value_renders_with_the_words_of_its_status(rule: object) -> None:
    from glutecoach.domain.evidence import Guideline

    assert isinstance(rule, Guideline)
    for name in rule.values:
        figure = render_rule(rule, "{" + name + ":g}", LIBRARY)
        _check(figure, rule.status.value, rule.reference)
        if rule.caveat:
            assert rule.caveat in figure.text


def test_the_pain_split_is_reported_secondhand_and_the_fppa_rule_is_derived() -> None:
    """The two cases the audit that opened issue 9 found mislabelled."""
    pain = LIBRARY.guideline("pain-monitoring")
    assert render_rule(pain, "{acceptable_max:g}/10", LIBRARY).status_words == "reported secondhand"
    fppa = [
        m.threshold
        for v in LIBRARY.variations
        for m in v.mistakes
        if m.threshold is not None and m.threshold.metric.value == "knee_fppa_deg"
    ]
    assert len(fppa) == 11
    for t in fppa:
        assert render_threshold(t, LIBRARY).text.startswith(
            "> 13.5 deg (our rule, derived from Herrington 2014: healthy mean + 1 SD "
            "(8.4 + 5.1 deg)"
        )


def test_source_kinds_rank_full_papers_and_reviews_above_abstracts() -> None:
    kinds = {ref.kind for ref in LIBRARY.references}
    assert kinds <= {"full-paper", "review", "abstract", "secondary"}
    assert LIBRARY.reference("unilateral-bilateral-emg-abstract").kind == "abstract"
    assert LIBRARY.reference("ijspt-2014-review").kind == "review"
