"""Analysis parameters: family defaults, nested overrides merged by one function, JSON form."""

from __future__ import annotations

import dataclasses
import json

import pytest

from glutecoach.analysis.params import (
    AnalysisParams,
    QualityParams,
    default_params,
    merge_analysis_params,
    params_to_json,
    registered_families,
)
from glutecoach.analysis.pipeline import analyze, resolve_params
from glutecoach.analysis.reps import RepParams
from glutecoach.analysis.synthetic import single_leg_squat_series
from glutecoach.errors import InputError
from tests.analysis.pipeline_support import variation


def test_each_standing_family_has_documented_defaults() -> None:
    assert {"single-leg-squat", "hip-hitch", "lateral-band-walk"} <= set(registered_families())
    squat = default_params("single-leg-squat")
    assert squat.analysis_rate_hz == 12.5
    assert squat.reps.min_range == 0.15
    assert default_params("lateral-band-walk").reps.min_duration_s == 0.3
    hitch = default_params("hip-hitch")
    assert hitch.rep_params("side") is hitch.side_reps
    assert hitch.rep_params("front") is hitch.reps
    assert squat.rep_params("side") is squat.reps
    with pytest.raises(InputError, match="known: "):
        default_params("gait")


def test_nested_overrides_are_merged_without_touching_the_defaults() -> None:
    base = default_params("single-leg-squat")
    merged = merge_analysis_params(
        base,
        {
            "analysis_rate_hz": 30,
            "signal": {"cutoff_hz": 4},
            "reps": {"min_range": 0.3},
            "quality": {"wrong_view": "error"},
            "side_reps": {"min_range": 20},
        },
    )
    assert merged.analysis_rate_hz == 30.0
    assert merged.signal.cutoff_hz == 4.0
    assert merged.signal.max_gap_s == base.signal.max_gap_s
    assert merged.reps.min_range == 0.3
    assert merged.quality.wrong_view == "error"
    assert merged.side_reps == dataclasses.replace(base.reps, min_range=20.0)
    assert base == default_params("single-leg-squat")
    assert base.signal.cutoff_hz == 6.0


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        (
            {"signal": {"cutof_hz": 4}},
            "unknown parameter signal.cutof_hz .did you mean",
        ),
        ({"signal.cutof_hz": 4}, "did you mean signal.cutoff_hz"),
        ({"speed": 2}, "Known AnalysisParams parameters"),
        ({"quality": {"min_fps": "fast"}}, "must be a number"),
        ({"quality": {"wrong_view": "ignore"}}, "wrong_view"),
        ({"reps": 3}, "group of parameters"),
        ({"family": "hip-hitch"}, "cannot be overridden"),
        ({"reps": {"direction": "trough"}}, "must stay 'peak'"),
        ({"measures": {"peak_percentile": 20}}, "peak_percentile"),
    ],
)
def test_bad_overrides_are_refused_with_a_clear_message(
    overrides: dict[str, object], message: str
) -> None:
    with pytest.raises(InputError, match=message):
        merge_analysis_params(default_params("single-leg-squat"), overrides)


def test_params_are_recorded_in_plain_json() -> None:
    data = params_to_json(default_params("hip-hitch"))
    assert json.loads(json.dumps(data)) == data
    assert data["quality"] == vars(QualityParams())


def test_analyze_takes_defaults_overrides_or_a_params_object() -> None:
    series = single_leg_squat_series(n_reps=2)
    sls = variation("single-leg-squat")
    strict = analyze(series.pose, sls, {"reps": {"min_range": 5.0}})
    assert strict.reps == ()
    assert strict.params["reps"]["min_range"] == 5.0
    given = AnalysisParams(family="single-leg-squat", reps=RepParams(min_range=0.1))
    assert analyze(series.pose, sls, given).rep_count == 2
    with pytest.raises(InputError, match="are for the 'hip-hitch' family"):
        resolve_params("single-leg-squat", default_params("hip-hitch"))
