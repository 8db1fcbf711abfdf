"""The shipped library meets the product's coverage and evidence rules."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from glutecoach.domain.vocabulary import EvidenceStatus
from glutecoach.library.catalogue import Library

SEED_EXERCISES = (
    "side-lying-hip-abduction",
    "clam",
    "side-plank",
    "hip-hitch",
    "single-leg-squat",
    "lateral-band-walk",
    "glute-bridge",
)
EVIDENCE_MD = Path(__file__).resolve().parents[3] / "shared" / "evidence" / "evidence.md"


def test_covers_the_seed_exercises_with_enough_variations(library: Library) -> None:
    assert len(library.variations) >= 25
    for exercise_id in (*SEED_EXERCISES, "squat"):
        assert library.has(exercise_id), exercise_id
    squat_ladder = library.family_of("single-leg-squat").ladder()
    assert squat_ladder[0].id == "squat"
    assert library.family_of("squat") == library.family_of("single-leg-squat")


def test_every_variation_has_cues_and_a_measurable_mistake(library: Library) -> None:
    for v in library.variations:
        assert len(v.cues) >= 2, v.id
        assert any(m.measurable for m in v.mistakes), v.id
        assert all(m.id.startswith(v.id + ".") for m in v.mistakes), v.id


def test_ladders_have_regressions_and_progressions(library: Library) -> None:
    for exercise_id in SEED_EXERCISES:
        family = library.family_of(exercise_id)
        assert len(family.variations) >= 2, f"{family.family} needs a ladder"
        difficulties = [v.difficulty for v in family.ladder()]
        assert difficulties == sorted(difficulties), f"{family.family} ladder is not ordered"


def test_every_number_is_tagged_and_cited(library: Library) -> None:
    keys = {r.key for r in library.references}
    for v in library.variations:
        for record in v.evidence:
            assert record.reference in keys
            if record.status is EvidenceStatus.U:
                assert record.measure == "finding"
        for m in v.mistakes:
            t = m.threshold
            if t is not None and t.basis == "literature":
                assert t.reference in keys
                assert t.status is not EvidenceStatus.U


def test_a_variation_without_emg_says_so(library: Library) -> None:
    unmeasured = [v for v in library.variations if not v.gmed_mvic_records()]
    for v in unmeasured:
        assert v.activation_estimate is not None
        assert v.activation_estimate.reason


def _number_forms(value: float) -> set[str]:
    return {f"{value:g}", f"{value:.1f}"}


@pytest.mark.skipif(not EVIDENCE_MD.exists(), reason=f"{EVIDENCE_MD} not present")
def test_every_emg_number_appears_in_the_evidence_file(library: Library) -> None:
    """Each %MVIC, SD and index in the data stands in the evidence tables: nothing invented."""
    text = EVIDENCE_MD.read_text(encoding="utf-8")
    numbers_in_file = set(re.findall(r"\d+(?:\.\d+)?", text))
    for v in library.variations:
        for record in v.evidence:
            values = [record.mean_pct, record.sd_pct, record.value]
            if record.range_pct is not None:
                values += list(record.range_pct)
            for value in values:
                if value is None:
                    continue
                assert _number_forms(value) & numbers_in_file, (
                    f"{v.id}: {value} ({record.reference}) is not in evidence.md"
                )
