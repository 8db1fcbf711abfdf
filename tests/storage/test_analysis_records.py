"""Analysis results reach storage as typed values (``AnalysisRecord``): the columns come from
the typed result, a document read back (a web job's JSON) has every key checked, and a renamed
or mistyped key fails loudly naming it instead of storing 0. SYNTHETIC single-leg squats."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from glutecoach.analysis.pipeline import analyze
from glutecoach.analysis.synthetic import single_leg_squat_series
from glutecoach.domain.analysis import AnalysisResult
from glutecoach.domain.analysis_record import AnalysisRecord
from glutecoach.errors import AnalysisError
from glutecoach.library.loader import load_library
from glutecoach.storage import Database
from tests.storage import factories as f


@pytest.fixture(scope="module")
def result() -> AnalysisResult:
    series = single_leg_squat_series(n_reps=4, stance_sides=["left", "left", "right", "right"])
    return analyze(series.pose, load_library().get("single-leg-squat"))


def test_the_record_of_a_result_and_of_its_document_agree(result: AnalysisResult) -> None:
    record = AnalysisRecord.of_result(result)
    assert (record.rep_count, record.good_form_reps) == (result.rep_count, result.good_form_reps)
    assert record.rep_count == 4
    assert AnalysisRecord.from_document(result.to_json_dict()) == record


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (lambda d: d["summary"].update(reps=d["summary"].pop("rep_count")), "no summary.rep_count"),
        (lambda d: d["summary"].pop("good_form_reps"), "no summary.good_form_reps"),
        (lambda d: d.pop("analysis_version"), "no analysis_version"),
        (lambda d: d["summary"].update(rep_count="4"), "summary.rep_count is '4'"),
        (lambda d: d["summary"].update(rep_count=True), "summary.rep_count is True"),
        (lambda d: d["summary"].update(rep_count=-1), "rep_count -1 is not a count"),
        (lambda d: d["summary"].update(good_form_reps=9), "9 good-form reps of 4"),
        (lambda d: d.pop("video"), "no video"),
    ],
)
def test_a_renamed_or_mistyped_key_fails_loudly(
    result: AnalysisResult, edit: Any, message: str
) -> None:
    document = copy.deepcopy(result.to_json_dict())
    edit(document)
    with pytest.raises(AnalysisError) as caught:
        AnalysisRecord.from_document(document)
    assert message in str(caught.value)


def test_the_typed_columns_are_stored(database: Database, result: AnalysisResult) -> None:
    record = AnalysisRecord.of_result(result)
    with database.unit_of_work() as uow:
        runner = uow.runners.add(f.profile())
        stored = uow.analyses.add(runner.id, record, video_name="squat.mp4")
    with database.unit_of_work() as uow:
        (back,) = uow.analyses.history(runner.id)
    assert back == stored
    assert (back.exercise, back.rep_count, back.good_form_reps) == (
        "single-leg-squat", result.rep_count, result.good_form_reps
    )  # fmt: skip
    assert back.result == result.to_json_dict()
    with database.unit_of_work() as uow, pytest.raises(TypeError, match="AnalysisRecord"):
        uow.analyses.add(runner.id, result.to_json_dict(), video_name="x.mp4")  # type: ignore[arg-type]
