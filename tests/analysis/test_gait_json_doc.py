"""docs/gait-json.md against the JSON that ``GaitResult.to_json_dict()`` emits.

Fails when an emitted key or metric is not documented, or when a documented key is no longer
emitted. The results are SYNTHETIC: the rear-view running series of ``test_gait`` (every
back/front metric) and one side-view step drawn from the parametric skeleton (every side-view
metric), so no pose model runs.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import numpy as np

from glutecoach.analysis.gait import (
    FRONTAL_METRICS,
    SIDE_METRICS,
    GaitParams,
    analyze_gait,
    compare_sides,
    findings_for,
    summarise_sides,
)
from glutecoach.analysis.gait_events import StepEvent, leg_length_px, side_step_metrics
from glutecoach.analysis.skeleton import BLAZEPOSE_33
from glutecoach.analysis.skeleton_model import LegPose, Posture, side_keypoints
from glutecoach.domain.analysis import VideoSummary
from glutecoach.domain.gait import GAIT_SCHEMA_VERSION, GaitResult, GaitStep
from glutecoach.domain.pose import PoseBackend, PoseSequence
from glutecoach.library.loader import load_library
from tests.analysis.test_gait import rear_running_series

DOC = Path(__file__).resolve().parents[2] / "docs" / "gait-json.md"
VIDEO = VideoSummary(sha256="ab" * 32, fps=60.0, frame_count=180, duration_s=3.0,
                     rotation_deg=0, width_px=640, height_px=480)  # fmt: skip

LIBRARY = load_library()


def _tables(doc: str) -> dict[str, set[str]]:
    """Heading (``## video`` -> ``video``) to the keys in the first column of its table."""
    out: dict[str, set[str]] = {}
    heading = ""
    for line in doc.splitlines():
        if line.startswith("#"):
            heading = line.lstrip("#").strip()
        elif line.startswith("| `"):
            first = line.split("|")[1]
            out.setdefault(heading, set()).update(re.findall(r"`([a-z_0-9]+)`", first))
    return out


def _example(doc: str) -> dict[str, Any]:
    match = re.search(r"```json\n(.*?)```", doc, re.DOTALL)
    assert match, "docs/gait-json.md has no json example"
    data: dict[str, Any] = json.loads(match.group(1))
    return data


def rear_result() -> GaitResult:
    return analyze_gait(rear_running_series(duration_s=3.0).pose, library=LIBRARY).with_video(VIDEO)


def side_step() -> GaitStep:
    """One side-view stance (contact, midstance, toe-off) read by the real side-view code."""
    postures = [
        Posture("left", LegPose(thigh_flexion_deg=-20.0, knee_flexion_deg=15.0), LegPose(40, 90)),
        Posture("left", LegPose(thigh_flexion_deg=5.0, knee_flexion_deg=40.0), LegPose(10, 100)),
        Posture("left", LegPose(thigh_flexion_deg=25.0, knee_flexion_deg=20.0), LegPose(-10, 60)),
    ]
    points = np.stack([side_keypoints(p) for p in postures])
    times = np.arange(len(postures)) / 30.0
    pose = PoseSequence(times, points, np.full(points.shape[:2], 0.95), BLAZEPOSE_33,
                        (640, 480), PoseBackend("synthetic-side", "1"))  # fmt: skip
    event = StepEvent(side="left", foot="left", contact=0, midstance=1, toe_off=2)
    metrics = side_step_metrics(pose, 1.0, leg_length_px(pose), event, times)
    return GaitStep(1, "left", 0.0, float(times[1]), float(times[2]), metrics)


def side_result() -> GaitResult:
    """A side-view result put together from the same parts ``analyze_gait`` uses."""
    base, params = rear_result(), GaitParams()
    first = side_step()
    steps = (first, GaitStep(2, "right", 0.4, 0.45, 0.5, first.metrics))
    sides = summarise_sides(steps)
    asymmetry = compare_sides(sides, LIBRARY, params.min_steps_per_side)
    return GaitResult(
        analysis_version=base.analysis_version, view="side", inferred_view="side",
        params=base.params, backend=base.backend, video=VIDEO, steps=steps, sides=sides,
        asymmetry=asymmetry, cadence_spm=150.0, warnings=("only 1 left step(s)",),
        findings=findings_for("side", sides, asymmetry, 150.0, LIBRARY),
    )  # fmt: skip


def _nested(data: dict[str, Any]) -> dict[str, list[dict[str, Any]]]:
    """Documented section name -> the emitted objects it describes."""
    sides = data["sides"]
    return {
        "video": [data["video"]],
        "backend": [data["backend"]],
        "steps": data["steps"],
        "sides": sides,
        "metric statistics": [s for side in sides for s in side["metrics"].values()],
        "asymmetry": data["asymmetry"],
        "findings": data["findings"],
        "summary": [data["summary"]],
        "params": [data["params"]],
        "signal": [data["params"]["signal"]],
        "events": [data["params"]["events"]],
    }


def test_every_emitted_field_is_documented_and_every_documented_field_emitted() -> None:
    doc = DOC.read_text(encoding="utf-8")
    tables = _tables(doc)
    for result in (rear_result(), side_result()):
        data = json.loads(json.dumps(result.to_json_dict(), allow_nan=False))
        top = tables["Top level"]
        assert set(data) == top, f"undocumented {set(data) - top}, not emitted {top - set(data)}"
        for section, objects in _nested(data).items():
            assert objects, f"the synthetic result has no {section} to check"
            emitted = set().union(*(set(o) for o in objects))
            doc_keys = tables[section]
            assert emitted == doc_keys, (
                f"{section}: undocumented {emitted - doc_keys}, not emitted {doc_keys - emitted}"
            )


def test_every_metric_is_documented_and_no_stale_metric_is() -> None:
    documented = _tables(DOC.read_text(encoding="utf-8"))["metrics"]
    rear, side = rear_result(), side_result()
    known = set(FRONTAL_METRICS) | set(SIDE_METRICS)
    assert known == documented, f"undocumented {known - documented}, stale {documented - known}"
    for result, expected in ((rear, FRONTAL_METRICS), (side, SIDE_METRICS)):
        emitted = {m for s in result.to_json_dict()["steps"] for m in s["metrics"]}
        assert emitted <= documented, f"undocumented metrics: {sorted(emitted - documented)}"
        assert set(expected) <= emitted, "the synthetic steps should carry every metric"


def test_version_and_example_match_the_emitted_json() -> None:
    doc = DOC.read_text(encoding="utf-8")
    assert doc.startswith(f"# Running gait JSON (`schema_version` {GAIT_SCHEMA_VERSION})")
    example = _example(doc)
    data = rear_result().to_json_dict()
    assert set(example) == set(data)
    assert example["schema_version"] == GAIT_SCHEMA_VERSION
    for section, objects in _nested(example).items():
        emitted = set().union(*(set(o) for o in _nested(data)[section]))
        assert set().union(*(set(o) for o in objects)) == emitted, section
