"""The data files of a technique check: the per-frame CSV and the result as JSON.

``write_frames_csv`` writes one row per analysed frame: ``t_s``, each keypoint's
``<name>_x_px``, ``<name>_y_px`` and ``<name>_visibility`` when the pose is given, then every
column of ``result.frames``; missing values are empty cells. ``write_result_json`` writes
``result.to_json_dict()`` (``docs/analysis-json.md``).
"""

from __future__ import annotations

import csv
import json
import math
from collections.abc import Iterable, Sequence
from pathlib import Path

import numpy as np
from numpy.typing import NDArray

from glutecoach.domain.analysis import AnalysisResult
from glutecoach.domain.pose import FloatArray, PoseSequence
from glutecoach.errors import AnalysisError
from glutecoach.reports.technique_metrics import fixed_point

TIME_TOLERANCE_S = 1e-6


def _digits(column: str) -> int:
    """Decimals written for a column: whole numbers for indices and counts."""
    if column == "rep_index" or column.endswith(("_index", "_touchdowns")):
        return 0
    if column == "t_s":
        return 6
    for suffix, digits in (("_px", 2), ("_visibility", 3), ("_deg", 2), ("_ratio", 4), ("_s", 3)):
        if column.endswith(suffix):
            return digits
    return 4


def match_frames(frame_times: FloatArray, pose_times: FloatArray) -> NDArray[np.intp]:
    """For each frame-table time, the index of the pose frame with the same timestamp;
    ``AnalysisError`` when some have none (the pose is not the one the analysis ran on)."""
    if frame_times.size == 0:
        return np.zeros(0, dtype=np.intp)
    right = np.clip(np.searchsorted(pose_times, frame_times), 0, pose_times.size - 1)
    left = np.clip(right - 1, 0, pose_times.size - 1)
    nearer = np.abs(pose_times[left] - frame_times) < np.abs(pose_times[right] - frame_times)
    index = np.where(nearer, left, right)
    off = np.abs(pose_times[index] - frame_times) > TIME_TOLERANCE_S
    if np.any(off):
        first = float(frame_times[np.argmax(off)])
        raise AnalysisError(
            f"the keypoints do not match this analysis: {int(off.sum())} of {frame_times.size} "
            f"analysed frames (the first at {first:.3f} s) have no keypoint frame with the same "
            "timestamp; write the CSV with the pose the analysis ran on"
        )
    return index


def write_frames_csv(result: AnalysisResult, pose: PoseSequence | None, path: Path) -> Path:
    """One row per analysed frame (see the module notes); returns ``path``.

    Without a frame table (a result read back from JSON) the rows are the pose's frames."""
    path = Path(path)
    frames = result.frames
    if frames is not None:
        times = np.asarray(frames.timestamps_s, dtype=np.float64)
    elif pose is not None:
        times = np.asarray(pose.timestamps_s, dtype=np.float64)
    else:
        times = np.zeros(0)
    columns: list[tuple[str, FloatArray]] = [("t_s", times)]
    if pose is not None:
        index = match_frames(times, pose.timestamps_s)
        for k, name in enumerate(pose.schema.names):
            columns.append((f"{name}_x_px", pose.points_px[index, k, 0]))
            columns.append((f"{name}_y_px", pose.points_px[index, k, 1]))
            columns.append((f"{name}_visibility", pose.visibility[index, k]))
    if frames is not None:
        taken = {name for name, _ in columns}
        for name, values in frames.columns:
            if name in taken:
                raise AnalysisError(f"frame column {name!r} clashes with a keypoint column")
            columns.append((name, values))
    digits = [_digits(name) for name, _ in columns]
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow([name for name, _ in columns])
        writer.writerows(_rows(columns, digits))
    return path


def _rows(columns: Sequence[tuple[str, FloatArray]], digits: Sequence[int]) -> Iterable[list[str]]:
    """The CSV rows: each value with its column's decimals, an empty cell when missing."""
    if columns[0][1].size == 0:
        return
    stacked = np.column_stack([values for _, values in columns])
    for row in stacked:
        yield [
            fixed_point(float(v), d) if math.isfinite(v) else ""
            for v, d in zip(row, digits, strict=True)
        ]


def write_result_json(result: AnalysisResult, path: Path) -> Path:
    """``result.to_json_dict()`` as indented UTF-8 JSON; returns ``path``."""
    path = Path(path)
    text = json.dumps(result.to_json_dict(), indent=2, ensure_ascii=False, allow_nan=False)
    path.write_text(text + "\n", encoding="utf-8")
    return path


__all__ = ["match_frames", "write_frames_csv", "write_result_json"]
