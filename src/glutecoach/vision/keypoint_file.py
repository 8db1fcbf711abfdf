"""Our keypoint export (CSV or JSON), and the back end that reads it back.

Writing the pose of a clip once lets an analysis be re-run (new parameters, a fixed rule)
without running the pose model again. Both formats hold the same data, format version 1:

JSON (``.json``)::

    {
      "format": "glutecoach-keypoints",
      "format_version": 1,
      "schema": {"name": "mediapipe_blazepose_33", "keypoints": ["nose", ...],
                 "mirror_pairs": [["left_eye_inner", "right_eye_inner"], ...]},
      "backend": {"name": "mediapipe-blazepose-full", "version": "0.10.21"},
      "image_size_px": [1280, 720],
      "people_seen": 1,
      "warnings": ["..."],
      "video": {"path": ..., "sha256": ..., "fps": ..., "frame_count": ..., "duration_s": ...,
                "width": ..., "height": ..., "rotation_deg": ..., "codec": ...} or null,
      "frames": [{"frame": 0, "t": 0.0, "detected": true,
                  "points": [[x, y, visibility], ...]}, ...]
    }

CSV (``.csv``): comment lines ``# key: <JSON value>`` carrying the same header fields (``format``,
``format_version``, ``schema``, ``backend``, ``image_size_px``, ``people_seen``, ``warnings``,
``video``), then one header row ``frame,t,detected,<kp>_x,<kp>_y,<kp>_visibility,...`` in schema
order, then one row per frame.

Conventions: pixels of the upright frame, origin top-left, ``y`` down; ``t`` is seconds from the
first frame (real timestamps); ``frame`` is the decoded-frame index (empty/null if unknown); a
keypoint not found has empty (CSV) or null (JSON) coordinates and visibility 0. Floats are written
in shortest round-trip form, so reading a file back gives exactly the numbers that were written.
"""

from __future__ import annotations

import csv
import json
import math
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import numpy as np

from glutecoach.analysis.skeleton import SCHEMAS, pair_mirrored_names
from glutecoach.domain.pose import KeypointSchema, PoseBackend, PoseSequence
from glutecoach.errors import KeypointFileError
from glutecoach.input_files import read_limited
from glutecoach.vision.backends import PoseEstimate
from glutecoach.vision.video import VideoInfo

FORMAT = "glutecoach-keypoints"
FORMAT_VERSION = 1
_HEADER_KEYS = (
    "format",
    "format_version",
    "schema",
    "backend",
    "image_size_px",
    "people_seen",
    "warnings",
    "video",
)


@dataclass(frozen=True, eq=False)
class KeypointFile:
    """What a keypoint file holds: the pose estimate and, if recorded, the video it came from."""

    estimate: PoseEstimate
    video: VideoInfo | None
    path: Path


def _num(value: float) -> str:
    return "" if math.isnan(value) else repr(float(value))


def _header(estimate: PoseEstimate, video: VideoInfo | None) -> dict[str, Any]:
    seq = estimate.sequence
    return {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "schema": {
            "name": seq.schema.name,
            "keypoints": list(seq.schema.names),
            "mirror_pairs": [list(pair) for pair in seq.schema.mirror_pairs],
        },
        "backend": {"name": seq.backend.name, "version": seq.backend.version},
        "image_size_px": list(seq.image_size_px),
        "people_seen": estimate.people_seen,
        "warnings": list(estimate.warnings),
        "video": None if video is None else {**asdict(video), "path": str(video.path)},
    }


def _frame_number(estimate: PoseEstimate, i: int) -> int | None:
    return int(estimate.frame_indices[i]) if estimate.frame_indices.size else None


def write_keypoints(
    path: str | Path, estimate: PoseEstimate, *, video: VideoInfo | None = None
) -> Path:
    """Write ``estimate`` as CSV or JSON, chosen by the suffix of ``path``."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in (".csv", ".json"):
        raise KeypointFileError(f"keypoint files end in .csv or .json, got {path.name!r}")
    header = _header(estimate, video)
    seq = estimate.sequence
    if suffix == ".json":
        frames = []
        for i in range(seq.n_frames):
            pts = [
                [None if math.isnan(x) else float(x), None if math.isnan(y) else float(y), float(v)]
                for (x, y), v in zip(seq.points_px[i], seq.visibility[i], strict=True)
            ]
            frames.append(
                {
                    "frame": _frame_number(estimate, i),
                    "t": float(seq.timestamps_s[i]),
                    "detected": bool(estimate.detected[i]),
                    "points": pts,
                }
            )
        path.write_text(json.dumps({**header, "frames": frames}, indent=1) + "\n")
        return path
    with path.open("w", newline="") as handle:
        for key in _HEADER_KEYS:
            handle.write(f"# {key}: {json.dumps(header[key])}\n")
        writer = csv.writer(handle)
        columns = ["frame", "t", "detected"]
        for name in seq.schema.names:
            columns += [f"{name}_x", f"{name}_y", f"{name}_visibility"]
        writer.writerow(columns)
        for i in range(seq.n_frames):
            number = _frame_number(estimate, i)
            row = ["" if number is None else str(number), _num(seq.timestamps_s[i])]
            row.append("1" if estimate.detected[i] else "0")
            for (x, y), v in zip(seq.points_px[i], seq.visibility[i], strict=True):
                row += [_num(x), _num(y), _num(v)]
            writer.writerow(row)
    return path


def _fail(path: Path, problem: str) -> KeypointFileError:
    return KeypointFileError(
        f"{path.name} is not a valid glutecoach keypoint file: {problem}. Write it again with "
        "glutecoach (a keypoint export), or run the analysis on the video instead."
    )


def _schema(path: Path, raw: Any, names: list[str] | None = None) -> KeypointSchema:
    if not isinstance(raw, dict) or not isinstance(raw.get("name"), str):
        raise _fail(path, "the 'schema' header is missing or has no name")
    keypoints = raw.get("keypoints", names)
    if names is not None and keypoints != names:
        raise _fail(path, "the schema's keypoints differ from the column names")
    if not isinstance(keypoints, list) or not all(isinstance(n, str) for n in keypoints):
        raise _fail(path, "the schema needs a list of keypoint names")
    known = SCHEMAS.get(raw["name"])
    if known is not None and list(known.names) == keypoints:
        return known
    pairs = raw.get("mirror_pairs")
    mirror = (
        tuple((str(a), str(b)) for a, b in pairs)
        if isinstance(pairs, list)
        else pair_mirrored_names(tuple(keypoints))
    )
    try:
        return KeypointSchema(name=raw["name"], names=tuple(keypoints), mirror_pairs=mirror)
    except (ValueError, TypeError) as exc:
        raise _fail(path, f"bad schema: {exc}") from None


def _check_header(path: Path, header: dict[str, Any]) -> None:
    if header.get("format") != FORMAT:
        raise _fail(path, f"its 'format' is {header.get('format')!r}, expected {FORMAT!r}")
    version = header.get("format_version")
    if version != FORMAT_VERSION:
        raise KeypointFileError(
            f"{path.name} is keypoint format version {version!r}; this glutecoach reads version "
            f"{FORMAT_VERSION}. Use the glutecoach release that wrote it, or re-run the analysis "
            "on the video."
        )


def _build(
    path: Path,
    header: dict[str, Any],
    schema: KeypointSchema,
    rows: Iterable[tuple[int | None, float, bool, list[float]]],
) -> KeypointFile:
    frames, times, detected, values = [], [], [], []
    for number, t, found, flat in rows:
        frames.append(-1 if number is None else number)
        times.append(t)
        detected.append(found)
        values.append(flat)
    if not times:
        raise _fail(path, "it has no frames")
    data = np.asarray(values, dtype=np.float64).reshape(len(times), len(schema), 3)
    try:
        backend = PoseBackend(str(header["backend"]["name"]), str(header["backend"]["version"]))
        width, height = (int(v) for v in header["image_size_px"])
        sequence = PoseSequence(
            timestamps_s=np.asarray(times),
            points_px=data[:, :, :2],
            visibility=data[:, :, 2],
            schema=schema,
            image_size_px=(width, height),
            backend=backend,
        )
        video_raw = header.get("video")
        video = (
            None
            if video_raw is None
            else VideoInfo(**{**video_raw, "path": Path(video_raw["path"])})
        )
        estimate = PoseEstimate(
            sequence=sequence,
            detected=np.asarray(detected, dtype=np.bool_),
            warnings=tuple(str(w) for w in header.get("warnings", [])),
            people_seen=int(header.get("people_seen", 1)),
            frame_indices=np.asarray(frames if min(frames) >= 0 else [], dtype=np.int64),
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise _fail(path, str(exc) or type(exc).__name__) from None
    return KeypointFile(estimate=estimate, video=video, path=path)


def _float(path: Path, line: int, text: str) -> float:
    if text == "":
        return math.nan
    try:
        return float(text)
    except ValueError:
        raise _fail(path, f"line {line} has {text!r} where a number belongs") from None


def _read_csv(path: Path, text: str) -> KeypointFile:
    lines = text.splitlines()
    header: dict[str, Any] = {}
    body_start = 0
    for number, line in enumerate(lines):
        if not line.startswith("#"):
            body_start = number
            break
        key, sep, value = line[1:].partition(":")
        if not sep:
            raise _fail(path, f"line {number + 1} is a comment without 'key: value'")
        try:
            header[key.strip()] = json.loads(value)
        except json.JSONDecodeError:
            raise _fail(
                path, f"line {number + 1}: the value of {key.strip()!r} is not JSON"
            ) from None
    _check_header(path, header)
    reader = csv.reader(lines[body_start:])
    columns = next(reader, None)
    if not columns or columns[:3] != ["frame", "t", "detected"] or (len(columns) - 3) % 3:
        raise _fail(path, "the column header must be frame,t,detected then x,y,visibility triples")
    names = [c.removesuffix("_x") for c in columns[3::3]]
    schema = _schema(path, header.get("schema"), names)

    def rows() -> Iterable[tuple[int | None, float, bool, list[float]]]:
        for offset, row in enumerate(reader):
            line = body_start + 2 + offset
            if len(row) != len(columns):
                raise _fail(path, f"line {line} has {len(row)} cells, expected {len(columns)}")
            frame, found = row[0].strip(), row[2].strip()
            if (frame and not frame.isdigit()) or found not in ("0", "1"):
                raise _fail(
                    path,
                    f"line {line}: 'frame' must be a whole number or empty and 'detected' 0 or 1",
                )
            flat = [_float(path, line, cell) for cell in row[3:]]
            yield int(frame) if frame else None, _float(path, line, row[1]), found == "1", flat

    return _build(path, header, schema, rows())


def _read_json(path: Path, text: str) -> KeypointFile:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise _fail(path, f"it is not valid JSON ({exc})") from None
    if not isinstance(data, dict):
        raise _fail(path, "the top level must be a JSON object")
    _check_header(path, data)
    schema = _schema(path, data.get("schema"))
    frames = data.get("frames")
    if not isinstance(frames, list):
        raise _fail(path, "'frames' must be a list")

    def rows() -> Iterable[tuple[int | None, float, bool, list[float]]]:
        for i, frame in enumerate(frames):
            try:
                points = frame["points"]
                if len(points) != len(schema):
                    raise ValueError(f"{len(points)} points for {len(schema)} keypoints")
                flat = [math.nan if v is None else float(v) for p in points for v in p]
                if len(flat) != 3 * len(schema):
                    raise ValueError("each point must be [x, y, visibility]")
                number = frame.get("frame")
                yield (
                    None if number is None else int(number),
                    float(frame["t"]),
                    bool(frame.get("detected", True)),
                    flat,
                )
            except (KeyError, TypeError, ValueError) as exc:
                raise _fail(path, f"frame {i}: {exc}") from None

    return _build(path, data, schema, rows())


MAX_KEYPOINT_BYTES = 256 << 20
"""Ten minutes of every-frame keypoints at 30 fps are about 40 MB; a larger file is not ours."""


def read_keypoints(path: str | Path) -> KeypointFile:
    """Read a CSV or JSON keypoint file; ``KeypointFileError`` says what is wrong."""
    path = Path(path)
    if not path.exists():
        raise KeypointFileError(f"keypoint file not found: {path}. Check the path.")
    try:
        text = read_limited(path, MAX_KEYPOINT_BYTES, "a keypoint file").decode("utf-8")
    except UnicodeDecodeError:
        raise _fail(path, "it is not a text file") from None
    suffix = path.suffix.lower()
    if suffix == ".json" or (suffix != ".csv" and text.lstrip().startswith("{")):
        return _read_json(path, text)
    return _read_csv(path, text)
