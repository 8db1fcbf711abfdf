"""OpenSim's text formats: TRC marker trajectories (read and written) and MOT angles (written).

TRC (tab-separated, as OpenSim's ``TRCFileAdapter`` and Pose2Sim read and write it)::

    PathFileType  4  (X/Y/Z)  <file name>
    DataRate  CameraRate  NumFrames  NumMarkers  Units  OrigDataRate  OrigDataStartFrame  ...
    <rate>    <rate>      <n>        <m>         <px|m> <rate>        1                   <n>
    Frame#  Time  <marker 1>   <marker 2> ...
                  X1  Y1  Z1   X2  Y2  Z2 ...
    1       0.0   x   y   z ...

A missing marker is written ``NaN`` in all three columns (OpenSim reads it as NaN).

glutecoach writes a single phone view as 2D markers named as its landmarks (``left_hip``...):
``X`` = image x (right), ``Y`` = image height - image y (up; origin at the bottom-left corner
of the frame), ``Z`` = 0; in pixels, or in metres when scaled by the runner's height.

MOT (OpenSim storage, ``inDegrees=yes``)::

    <name>
    version=1
    nRows=<n>
    nColumns=<columns + 1>
    inDegrees=yes
    endheader
    time  <angle 1>  <angle 2> ...

Reading a TRC (``TrcReader``): markers named as glutecoach's landmarks or as OpenPose/Pose2Sim
keypoints (``LHip``, ``RBigToe``...); image x = X, image y = top - Y (so up stays up), Z is
dropped (3D markers are seen along Z, OpenSim's sagittal view, and the import says so); metres
and centimetres become millimetres so one unit is about a pixel's size for the analysis.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from glutecoach.analysis.skeleton import BLAZEPOSE_33
from glutecoach.domain.pose import FloatArray, PoseSequence
from glutecoach.errors import KeypointFileError
from glutecoach.input_files import read_limited
from glutecoach.vision.keypoint_file import MAX_KEYPOINT_BYTES
from glutecoach.vision.keypoint_import import (
    KeypointImport,
    ParsedKeypoints,
    assemble,
    register_reader,
)
from glutecoach.vision.keypoint_maps import OPENPOSE_NAMES

TRC_UNITS_TO_MM = {"mm": 1.0, "cm": 10.0, "m": 1000.0, "px": 1.0}
_IGNORED_MARKERS = {"Neck", "MidHip", "Hip", "Head", "LSmallToe", "RSmallToe"}


def _number(value: float) -> str:
    return "NaN" if not math.isfinite(value) else repr(float(value))


def sampling_rate_hz(timestamps_s: FloatArray) -> float:
    """The median frame rate of ``timestamps_s`` (0 for a single frame)."""
    steps = np.diff(timestamps_s)
    return float(1.0 / np.median(steps)) if steps.size else 0.0


def write_trc(
    path: Path,
    timestamps_s: FloatArray,
    markers: Sequence[str],
    xyz: FloatArray,
    units: str,
) -> Path:
    """Write ``(T, M, 3)`` marker positions as a TRC file (see the module docstring)."""
    n, m = len(timestamps_s), len(markers)
    if xyz.shape != (n, m, 3):
        raise ValueError(f"xyz must have shape ({n}, {m}, 3), got {xyz.shape}")
    rate = f"{sampling_rate_hz(timestamps_s):.6g}"
    lines = [
        f"PathFileType\t4\t(X/Y/Z)\t{path.name}",
        "DataRate\tCameraRate\tNumFrames\tNumMarkers\tUnits\tOrigDataRate\t"
        "OrigDataStartFrame\tOrigNumFrames",
        f"{rate}\t{rate}\t{n}\t{m}\t{units}\t{rate}\t1\t{n}",
        "\t".join(["Frame#", "Time", *(f"{name}\t\t" for name in markers)]).rstrip("\t"),
        "\t".join(["", "", *(f"X{k}\tY{k}\tZ{k}" for k in range(1, m + 1))]),
    ]
    for i in range(n):
        values = "\t".join(_number(v) for v in xyz[i].ravel())
        lines.append(f"{i + 1}\t{_number(timestamps_s[i])}\t{values}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def write_mot(
    path: Path, timestamps_s: FloatArray, columns: Sequence[tuple[str, FloatArray]]
) -> Path:
    """Write angle columns in degrees as an OpenSim MOT file; NaN where not measured."""
    lines = [
        path.stem,
        "version=1",
        f"nRows={len(timestamps_s)}",
        f"nColumns={len(columns) + 1}",
        "inDegrees=yes",
        "endheader",
        "\t".join(["time", *(name for name, _ in columns)]),
    ]
    for i, t in enumerate(timestamps_s):
        lines.append("\t".join([_number(t), *(_number(values[i]) for _, values in columns)]))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def image_markers(sequence: PoseSequence, scale: float = 1.0) -> tuple[list[str], FloatArray]:
    """The landmarks seen at least once, as 2D TRC markers (X right, Y up from the bottom-left
    corner, Z = 0) times ``scale``."""
    seen = [k for k in range(len(sequence.schema)) if np.isfinite(sequence.points_px[:, k]).any()]
    xyz = np.zeros((sequence.n_frames, len(seen), 3))
    xyz[:, :, 0] = sequence.points_px[:, seen, 0]
    xyz[:, :, 1] = sequence.image_size_px[1] - sequence.points_px[:, seen, 1]
    xyz[np.isnan(xyz[:, :, :2]).any(axis=2)] = np.nan
    return [sequence.schema.names[k] for k in seen], xyz * scale


# --- reading --------------------------------------------------------------------------------


def _target(name: str) -> str | None:
    if name in BLAZEPOSE_33.names:
        return name
    return OPENPOSE_NAMES.get(name)


def _fail(path: Path, problem: str) -> KeypointFileError:
    return KeypointFileError(
        f"{path.name} is not a TRC marker file glutecoach can read: {problem}. See "
        "docs/research-formats.md for the layout (OpenSim's TRC)."
    )


def _float(text: str) -> float:
    text = text.strip()
    return math.nan if text == "" else float(text)


class TrcReader:
    name = "trc"
    description = "TRC marker trajectories (OpenSim, Pose2Sim, glutecoach's own); timed"

    def detect(self, path: Path) -> bool:
        if not path.is_file():
            return False
        try:
            with path.open("rb") as handle:
                return handle.read(64).lstrip(b"\xef\xbb\xbf").startswith(b"PathFileType")
        except OSError:
            return False

    def read(self, path: Path, fps: float | None) -> KeypointImport:
        try:
            raw = read_limited(path, MAX_KEYPOINT_BYTES, "a TRC marker file")
            lines = raw.decode("utf-8").splitlines()
        except UnicodeDecodeError as exc:
            raise _fail(path, f"it cannot be read as text ({exc})") from None
        if len(lines) < 6 or not lines[0].lstrip("\ufeff").startswith("PathFileType"):
            raise _fail(path, "the five header lines are missing")
        keys, values = lines[1].split("\t"), lines[2].split("\t")
        header = dict(zip((k.strip() for k in keys), (v.strip() for v in values), strict=False))
        units = header.get("Units", "")
        if units not in TRC_UNITS_TO_MM:
            raise _fail(path, f"its Units are {units!r}; glutecoach reads mm, cm, m and px")
        names = [c.strip() for c in lines[3].split("\t")[2:] if c.strip()]
        if not names:
            raise _fail(path, "line 4 names no markers")
        targets = [_target(n) for n in names]
        unknown = [n for n, t in zip(names, targets, strict=True)
                   if t is None and n not in _IGNORED_MARKERS]  # fmt: skip
        if not any(targets):
            raise KeypointFileError(
                f"{path.name}: none of its markers ({', '.join(names[:6])}"
                f"{' ...' if len(names) > 6 else ''}) is a landmark glutecoach knows, so "
                "nothing can be measured. Name markers as glutecoach's landmarks (left_hip, "
                "right_knee...) or as OpenPose/Pose2Sim keypoints (LHip, RKnee...)."
            )
        rows = self._rows(path, lines[5:], len(names))
        if not rows:
            raise _fail(path, "it has no data rows")
        times = np.array([r[0] for r in rows])
        data = np.array([r[1] for r in rows]).reshape(len(rows), len(names), 3)
        data *= TRC_UNITS_TO_MM[units]
        notes = []
        if unknown:
            notes.append(f"markers glutecoach does not know were left out: {', '.join(unknown)}")
        if np.nanmax(np.abs(data[:, :, 2]), initial=0.0) > 0:
            notes.append(
                "the markers are 3D: they are seen along Z (X right, Y up: OpenSim's sagittal "
                "view); rotate the data first for another view"
            )
        top = float(np.nanmax(data[:, :, 1], initial=0.0))
        points = np.full((len(rows), len(BLAZEPOSE_33), 2), np.nan)
        vis = np.zeros((len(rows), len(BLAZEPOSE_33)))
        for k, target in enumerate(targets):
            if target is None:
                continue
            j = BLAZEPOSE_33.index(target)
            xy = np.column_stack([data[:, k, 0], top - data[:, k, 1]])
            ok = np.isfinite(xy).all(axis=1)
            points[ok, j] = xy[ok]
            vis[ok, j] = 1.0
        provided = {t for t in targets if t is not None}
        parsed = ParsedKeypoints(
            format=self.name,
            layout=f"TRC ({units})",
            version=header.get("PathFileType", "") or "4",
            frame_numbers=tuple(range(len(rows))),
            people=tuple(((points[i], vis[i]),) if vis[i].any() else () for i in range(len(rows))),
            missing=tuple(n for n in BLAZEPOSE_33.names if n not in provided),
            times_s=times,
            notes=tuple(notes),
        )
        return assemble(parsed, path, fps)

    def _rows(self, path: Path, lines: list[str], markers: int) -> list[tuple[float, list[float]]]:
        rows = []
        for number, line in enumerate(lines, start=6):
            if not line.strip():
                continue
            cells = line.split("\t")
            cells += [""] * (2 + 3 * markers - len(cells))  # trailing empty markers
            if len(cells) != 2 + 3 * markers:
                raise _fail(path, f"line {number} has {len(cells)} cells, not {2 + 3 * markers}")
            try:
                rows.append((_float(cells[1]), [_float(c) for c in cells[2:]]))
            except ValueError:
                raise _fail(path, f"line {number} holds a value that is not a number") from None
        return rows


register_reader(TrcReader())
