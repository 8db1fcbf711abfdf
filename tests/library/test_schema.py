"""The domain schema rejects what the evidence rules forbid, with a message that says why."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import ValidationError

from glutecoach.domain.evidence import EvidenceRecord, Guideline, Reference
from glutecoach.domain.exercise import Dose, Mistake, Threshold

RECORD: dict[str, Any] = {
    "muscle": "gluteus-medius",
    "measure": "mvic",
    "mean_pct": 81,
    "sd_pct": 42,
    "n": 21,
    "condition": "body weight",
    "reference": "distefano-2009",
    "status": "V1",
}


def test_valid_mvic_record_renders_mean_and_sd() -> None:
    record = EvidenceRecord.model_validate(RECORD)
    assert record.value_text() == "81 ± 42 %MVIC"
    assert record.central_pct == 81


def test_pooled_range_uses_midpoint() -> None:
    data = {**RECORD, "mean_pct": None, "sd_pct": None, "range_pct": [74, 103]}
    record = EvidenceRecord.model_validate(data)
    assert record.central_pct == pytest.approx(88.5)
    assert record.value_text() == "74–103 %MVIC"


def test_unverified_record_may_not_carry_a_number() -> None:
    with pytest.raises(ValidationError, match=r"unverified \(U\) record must not carry numbers"):
        EvidenceRecord.model_validate({**RECORD, "status": "U"})


def test_unverified_finding_without_numbers_is_allowed() -> None:
    record = EvidenceRecord.model_validate(
        {
            "muscle": "gluteus-medius",
            "measure": "finding",
            "finding": "Higher with more hip flexion.",
            "condition": "clam",
            "reference": "willcox-2013",
            "status": "U",
        }
    )
    assert record.status_text() == "unverified"


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"mean_pct": None, "sd_pct": None}, "exactly one of 'mean_pct' or 'range_pct'"),
        ({"range_pct": [90, 10], "mean_pct": None, "sd_pct": None}, r"\[low, high\]"),
        ({"measure": "finding"}, "needs the 'finding' text"),
        ({"measure": "gluteal-tfl-index"}, "needs 'value'"),
        ({"status": "V3"}, "V1"),
        ({"extra": 1}, "Extra inputs are not permitted"),
    ],
)
def test_inconsistent_records_are_rejected(change: dict[str, Any], message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        EvidenceRecord.model_validate({**RECORD, **change})


def test_status_text_marks_secondary_sources_as_reported() -> None:
    record = EvidenceRecord.model_validate({**RECORD, "status": "V2"})
    assert record.status_text() == "reported secondhand"


def test_dose_needs_reps_or_hold_and_computes_duration() -> None:
    dose = Dose(sets=2, reps=(8, 12), tempo="2-1-2", rest_s=60, per_side=True)
    # 2 sets x 2 sides = 4 bouts of 12 reps x 5 s, 3 rests of 60 s, 20 s set-up
    assert dose.duration_s(setup_s=20) == 20 + 4 * 60 + 3 * 60
    assert dose.text() == "2 x 8-12 reps, tempo 2-1-2, rest 60 s, each side"
    hold = Dose(sets=3, hold_s=20, rest_s=30, per_side=False)
    assert hold.duration_s(setup_s=0) == 3 * 20 + 2 * 30
    with pytest.raises(ValidationError, match="exactly one of 'reps' or 'hold_s'"):
        Dose(sets=2, reps=(8, 12), hold_s=20, rest_s=60, per_side=True)
    with pytest.raises(ValidationError, match="lift-pause-lower"):
        Dose(sets=2, reps=(8, 12), tempo="fast", rest_s=60, per_side=True)
    with pytest.raises(ValidationError, match=r"\[low, high\]"):
        Dose(sets=2, reps=(12, 8), rest_s=60, per_side=True)


def test_literature_threshold_needs_a_citation_and_never_a_u_number() -> None:
    base: dict[str, Any] = {"metric": "knee_fppa_deg", "comparison": "above", "value": 13.5}
    with pytest.raises(ValidationError, match="needs 'reference' and 'status'"):
        Threshold.model_validate({**base, "basis": "literature"})
    with pytest.raises(ValidationError, match="cannot be a threshold"):
        Threshold.model_validate(
            {**base, "basis": "literature", "reference": "x-2000", "status": "U"}
        )
    with pytest.raises(ValidationError, match="needs a 'note'"):
        Threshold.model_validate({**base, "basis": "coaching-default"})
    with pytest.raises(ValidationError, match="knee_fppa_deg"):
        Threshold.model_validate({**base, "metric": "knee_angle", "basis": "literature"})


def test_mistake_id_has_variation_and_fault() -> None:
    fields: dict[str, Any] = {
        "name": "n",
        "description": "d",
        "cue": "c",
        "view": "front",
    }
    assert Mistake(id="single-leg-squat.knee-valgus", **fields).measurable is False
    for bad in ("knee-valgus", "Single.knee", "a.b.c"):
        with pytest.raises(ValidationError):
            Mistake(id=bad, **fields)


def test_reference_labels() -> None:
    ref = Reference(
        key="distefano-2009",
        kind="full-paper",
        authors=("Distefano LJ", "Blackburn JT"),
        year=2009,
        journal="J Orthop Sports Phys Ther",
        volume="39",
        issue="7",
        pages="532-540",
    )
    assert ref.short() == "Distefano et al. 2009"
    assert "[title not verified]" in ref.full()
    assert "39(7):532-540" in ref.full()
    with pytest.raises(ValidationError, match="kebab-case"):
        Reference(key="Distefano 2009", kind="full-paper", authors=("A",))
    with pytest.raises(ValidationError, match="'authors', 'group_author' or 'journal'"):
        Reference(key="x-2000", kind="full-paper")
    unattributed = Reference(
        key="review-2014", kind="review", journal="Int J Sports Phys Ther", year=2014
    )
    assert unattributed.short() == "Int J Sports Phys Ther 2014"
    assert unattributed.full().startswith("[authors not verified] (2014)")


def test_guideline_rejects_unverified_numbers_and_unknown_values() -> None:
    rule = Guideline(id="g", statement="s", values={"a": 1}, reference="r", status="V1")
    assert rule.value("a") == 1
    with pytest.raises(KeyError, match="has no value 'b'"):
        rule.value("b")
    with pytest.raises(ValidationError, match="must not carry numbers"):
        Guideline(id="g", statement="s", values={"a": 1}, reference="r", status="U")
