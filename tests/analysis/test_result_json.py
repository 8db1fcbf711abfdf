"""The result's versioned JSON form: round trip, required keys, documentation, validation.

Results come from SYNTHETIC series (``glutecoach.analysis.synthetic``) chosen so that every
part of the JSON is filled: reps with faults, a not-measurable rep, a left/right comparison,
holds (a band walk filmed from the side) and unmeasured mistakes.
"""

from __future__ import annotations

import json
import math
import re
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from glutecoach.analysis.pipeline import analyze
from glutecoach.analysis.skeleton_model import LegPose, Posture, side_keypoints
from glutecoach.analysis.synthetic import make_timestamps, single_leg_squat_series
from glutecoach.domain.analysis import (
    SCHEMA_VERSION,
    AnalysisResult,
    FrameTable,
    Hold,
    RepFault,
    RepResult,
    VideoSummary,
)
from glutecoach.domain.pose import FloatArray
from tests.analysis.pipeline_support import drawn_pose, hide, variation

DOC = Path(__file__).resolve().parents[2] / "docs" / "analysis-json.md"


def squat_result() -> AnalysisResult:
    series = single_leg_squat_series(
        n_reps=4, stance_sides=["left", "left", "right", "right"], fppa_deg=[5, 5, 16, 16],
        rest_s=1.5, seed=1,
    )  # fmt: skip
    fourth = series.reps[3]
    pose = hide(series.pose, ("right_knee",), fourth.start_s, fourth.end_s)
    return analyze(pose, variation("single-leg-squat"))


def hold_result() -> AnalysisResult:
    times = make_timestamps(5.0, 30.0, 0.0, np.random.default_rng(0))

    def draw(t: float) -> FloatArray:
        knee = 30.0 if t < 2.0 else 10.0
        leg = LegPose(0.0, 0.0, 0.55 * knee, knee)
        return side_keypoints(Posture("left", leg, leg))

    return analyze(drawn_pose(times, draw), variation("lateral-band-walk"))


@pytest.mark.parametrize("make", [squat_result, hold_result])
def test_json_round_trip_gives_the_same_result(make: Any) -> None:
    result = make().with_video(
        VideoSummary(sha256="ab" * 32, fps=30.0, frame_count=300, duration_s=10.0,
                     rotation_deg=90, width_px=720, height_px=1280)
    )  # fmt: skip
    text = json.dumps(result.to_json_dict(), allow_nan=False)
    back = AnalysisResult.from_json_dict(json.loads(text))
    assert back == result
    assert back.frames is None
    assert back.to_json_dict() == result.to_json_dict()


def test_required_keys_of_issue_4_are_present() -> None:
    data = squat_result().to_json_dict()
    for key in ("schema_version", "analysis_version", "exercise", "video", "backend", "params",
                "reps", "holds", "warnings"):  # fmt: skip
        assert key in data
    assert data["schema_version"] == SCHEMA_VERSION
    assert set(data["video"]) >= {"sha256", "fps", "frame_count", "duration_s", "rotation_deg"}
    assert set(data["backend"]) == {"name", "version"}
    assert data["params"]["family"] == "single-leg-squat"
    assert data["params"]["signal"]["cutoff_hz"] == 6.0
    rep = data["reps"][2]
    assert set(rep) >= {"index", "side", "start_s", "end_s", "bottom_s", "metrics", "faults",
                        "measurable", "reason"}  # fmt: skip
    (fault,) = rep["faults"]
    assert set(fault) >= {"mistake_id", "measured_value", "threshold_value", "cue"}
    assert data["reps"][3]["measurable"] is False
    assert "right knee not visible" in data["reps"][3]["reason"]
    assert data["summary"] == {"rep_count": 4, "good_form_reps": 2, "partial_reps": 0}
    hold = hold_result().to_json_dict()["holds"][0]
    assert set(hold) >= {"side", "start_s", "end_s", "duration_s", "good_alignment_s"}


def _keys(value: Any) -> set[str]:
    if isinstance(value, dict):
        found = set(value)
        for name, item in value.items():
            if name not in ("metrics", "params"):  # metric names are documented in a table
                found |= _keys(item)
        return found
    if isinstance(value, list):
        return set().union(*(_keys(v) for v in value)) if value else set()
    return set()


def test_every_emitted_key_and_metric_is_documented() -> None:
    doc = DOC.read_text(encoding="utf-8")
    documented = set(re.findall(r"`([a-z_0-9]+)`", doc))
    results = [squat_result(), hold_result()]
    for result in results:
        data = result.to_json_dict()
        missing = _keys(data) - documented
        assert not missing, f"undocumented JSON keys: {sorted(missing)}"
        metrics = {m for r in data["reps"] + data["holds"] for m in r["metrics"]}
        assert not metrics - documented, f"undocumented metrics: {sorted(metrics - documented)}"
        assert set(data["params"]) - {"family"} <= documented


def test_another_major_schema_or_a_malformed_document_is_refused() -> None:
    data = squat_result().to_json_dict()
    with pytest.raises(ValueError, match="cannot be read"):
        AnalysisResult.from_json_dict({**data, "schema_version": "2.0"})
    assert AnalysisResult.from_json_dict({**data, "schema_version": "1.7"}).exercise == (
        "single-leg-squat"
    )
    broken = {**data, "reps": [{"index": 1}]}
    with pytest.raises(ValueError, match="malformed"):
        AnalysisResult.from_json_dict(broken)


def test_result_types_validate_their_fields() -> None:
    with pytest.raises(ValueError, match="partial"):
        RepResult(1, "left", 0.0, 1.0, 2.0, partial=True)
    with pytest.raises(ValueError, match="no reason"):
        RepResult(1, "left", 0.0, 1.0, 2.0, measurable=False)
    with pytest.raises(ValueError, match="finite"):
        RepResult(1, "left", 0.0, 1.0, 2.0, metrics={"knee_fppa_deg": math.nan})
    with pytest.raises(ValueError, match="in order"):
        RepResult(1, "left", 0.0, 3.0, 2.0)
    fault = RepFault("x.y", "knee_fppa_deg", 15.0, 13.5, "above", "cue")
    with pytest.raises(ValueError, match="cannot carry faults"):
        RepResult(1, "left", 0.0, 1.0, 2.0, faults=(fault,), measurable=False, reason="hidden")
    with pytest.raises(ValueError, match="duration_s"):
        Hold(1, "both", 0.0, 2.0, 3.0, 1.0)
    with pytest.raises(ValueError, match="good_alignment_s"):
        Hold(1, "both", 0.0, 2.0, 2.0, 2.5)
    with pytest.raises(ValueError, match="shape"):
        FrameTable(np.arange(3.0), (("a", np.zeros(2)),))
    rep = RepResult(1, "left", 0.0, 1.0, 2.0, metrics={"b_deg": 1.0, "a_deg": 2.0})
    assert list(rep.metrics) == ["a_deg", "b_deg"]
    with pytest.raises(TypeError):
        rep.metrics["a_deg"] = 3.0  # type: ignore[index]


def test_frames_stay_out_of_the_json_but_give_csv_rows() -> None:
    result = squat_result()
    assert "frames" not in result.to_json_dict()
    assert result.frames is not None
    first = next(result.frames.rows())
    assert first[0] == 0.0
    assert len(first) == 1 + len(result.frames.names)
