"""The built-in keypoint readers: OpenPose JSON folders, COCO keypoint JSON, glutecoach's own.

(TRC marker files are read in ``marker_files``.) Each is registered in ``keypoint_import``
the way an extension would be, and passes the same contract tests.

* ``openpose``: a folder of OpenPose ``--write_json`` files, one per frame, named
  ``<name>_<frame number>_keypoints.json`` (the frame number is the last number in the name),
  each ``{"people": [{"pose_keypoints_2d": [x, y, c, ...]}, ...]}`` with 75 values a person
  (BODY_25) or 54 (COCO-18). A single such file reads as one frame. No timing: ``fps`` needed.
* ``coco``: COCO keypoint JSON, either a dataset file (``images``, ``annotations``,
  ``categories``) or a results list (``[{"image_id", "keypoints", "score"}]``), 17 keypoints a
  person. A frame's number is the image's ``frame_id`` (or ``frame_index``), else the last
  number in its ``file_name``, else its ``id``. Dataset visibility flags 0/1/2 become
  visibility 0 (not labelled), 0.5 (labelled, hidden) and 1. No timing: ``fps`` needed.
* ``glutecoach``: the CSV/JSON keypoint export (``keypoint_file``).
"""

from __future__ import annotations

import dataclasses
import json
import re
from pathlib import Path
from typing import Any

import numpy as np

from glutecoach.errors import KeypointFileError
from glutecoach.input_files import read_limited
from glutecoach.vision.keypoint_file import FORMAT as GLUTECOACH_FORMAT
from glutecoach.vision.keypoint_file import MAX_KEYPOINT_BYTES, read_keypoints
from glutecoach.vision.keypoint_import import (
    KeypointImport,
    ParsedKeypoints,
    assemble,
    register_reader,
    unused_fps_note,
)
from glutecoach.vision.keypoint_maps import (
    COCO_17,
    OPENPOSE_BODY_25,
    OPENPOSE_COCO_18,
    LandmarkMap,
)
from glutecoach.vision.keypoint_people import Person

_HEAD_BYTES = 4096
_NUMBER = re.compile(r"(\d+)")
_KEYPOINT_SUFFIXES = {".json", ".csv", ".trc"}


def _head(path: Path) -> str:
    """The first few kilobytes of a file as text ('' for a folder or an unreadable file)."""
    if not path.is_file():
        return ""
    try:
        with path.open("rb") as handle:
            return handle.read(_HEAD_BYTES).decode("utf-8", errors="replace").lstrip("\ufeff")
    except OSError:
        return ""


def _load_json(path: Path) -> Any:
    try:
        return json.loads(read_limited(path, MAX_KEYPOINT_BYTES, "a keypoint file").decode("utf-8"))
    except UnicodeDecodeError:
        raise KeypointFileError(f"{path.name} is not a text file, so not keypoint JSON") from None
    except json.JSONDecodeError as exc:
        raise KeypointFileError(f"{path.name} is not valid JSON ({exc})") from None


def _last_number(name: str) -> int | None:
    found = _NUMBER.findall(Path(name).stem)
    return int(found[-1]) if found else None


def _people(raw: list[list[float]], layout: LandmarkMap) -> tuple[Person, ...]:
    """People whose keypoint arrays hold anything, in glutecoach's landmarks."""
    if not raw:
        return ()
    points, vis = layout.to_glutecoach(np.asarray(raw, dtype=np.float64).reshape(len(raw), -1, 3))
    return tuple((points[i], vis[i]) for i in range(len(raw)) if vis[i].any())


# --- OpenPose -------------------------------------------------------------------------------

_OPENPOSE_LAYOUTS = {m.size * 3: m for m in (OPENPOSE_BODY_25, OPENPOSE_COCO_18)}


def _is_openpose_text(text: str) -> bool:
    return text.lstrip().startswith("{") and '"people"' in text


class OpenPoseReader:
    name = "openpose"
    description = "OpenPose JSON, one file per frame (BODY_25 or COCO-18); needs --fps"

    def detect(self, path: Path) -> bool:
        if path.is_dir():
            return any(_is_openpose_text(_head(p)) for p in sorted(path.glob("*.json"))[:20])
        return _is_openpose_text(_head(path))

    def _files(self, path: Path) -> list[Path]:
        if path.is_file():
            return [path]
        files = sorted(p for p in path.iterdir() if p.suffix.lower() in _KEYPOINT_SUFFIXES)
        others = [p.name for p in files if p.suffix.lower() != ".json"]
        others += [p.name for p in files if p.suffix.lower() == ".json" and _head(p)
                   and not _is_openpose_text(_head(p))]  # fmt: skip
        if others:
            shown = ", ".join(others[:3]) + (" ..." if len(others) > 3 else "")
            raise KeypointFileError(
                f"{path} mixes formats: besides OpenPose JSON files it holds {shown}. Keep one "
                "clip's OpenPose files alone in a folder (or name the one file to read)."
            )
        jsons = [p for p in files if p.suffix.lower() == ".json"]
        if not jsons:
            raise KeypointFileError(f"{path} holds no OpenPose JSON files (*_keypoints.json)")
        return jsons

    def read(self, path: Path, fps: float | None) -> KeypointImport:
        files = self._files(path)
        frames: dict[int, tuple[Person, ...]] = {}
        unreadable: list[str] = []
        layout: LandmarkMap | None = None
        version = ""
        for order, file in enumerate(files):
            try:
                data = _load_json(file)
                people = data["people"]
                if not isinstance(people, list):
                    raise TypeError
                raw = [p["pose_keypoints_2d"] for p in people if p.get("pose_keypoints_2d")]
            except KeypointFileError:
                unreadable.append(file.name)
                continue
            except (KeyError, TypeError, AttributeError):
                unreadable.append(file.name)
                continue
            for values in raw:
                found = _OPENPOSE_LAYOUTS.get(len(values))
                if found is None:
                    raise KeypointFileError(
                        f"{file.name}: a person has {len(values)} keypoint values; OpenPose "
                        "BODY_25 has 75 and COCO-18 54 (x, y, confidence per keypoint). Other "
                        "OpenPose models (MPI, BODY_135) are not read."
                    )
                if layout is not None and found is not layout:
                    raise KeypointFileError(
                        f"{path.name} mixes OpenPose layouts ({layout.label} and {found.label} "
                        f"in {file.name}): export the clip again with one model"
                    )
                layout = found
            number = _last_number(file.name) if len(files) > 1 else 0
            number = order if number is None else number
            if number in frames:
                raise KeypointFileError(
                    f"{path.name}: two files are frame {number} (one is {file.name}); keep one "
                    "clip's files per folder"
                )
            version = version or str(data.get("version", ""))
            frames[number] = _people(raw, layout) if layout is not None else ()
        if not frames:
            raise KeypointFileError(
                f"none of the {len(files)} OpenPose file(s) in {path.name} could be read "
                f"({', '.join(unreadable[:3])}...): they are not OpenPose JSON with a 'people' "
                "list, so nothing can be measured"
            )
        layout = layout or OPENPOSE_BODY_25
        notes = []
        if unreadable:
            notes.append(
                f"{len(unreadable)} file(s) could not be read and count as missing frames "
                f"({', '.join(unreadable[:3])}{' ...' if len(unreadable) > 3 else ''})"
            )
        numbers = tuple(sorted(frames))
        parsed = ParsedKeypoints(
            format=self.name,
            layout=layout.label,
            version=version,
            frame_numbers=numbers,
            people=tuple(frames[n] for n in numbers),
            missing=layout.missing,
            notes=tuple(notes),
        )
        return assemble(parsed, path, fps)


# --- COCO -----------------------------------------------------------------------------------


def _coco_kind(text: str) -> str | None:
    """'dataset' or 'results' from the start of a file (a large dataset's 'annotations' may
    begin megabytes after its 'images', so either key is enough)."""
    start = text.lstrip()[:1]
    if start == "{" and ('"annotations"' in text or '"images"' in text):
        return "dataset"
    if start == "[" and '"keypoints"' in text and '"image_id"' in text:
        return "results"
    return None


def _frame_number(image: dict[str, Any], position: int) -> int:
    for key in ("frame_id", "frame_index"):
        if isinstance(image.get(key), int):
            return int(image[key])
    number = _last_number(str(image.get("file_name", "")))
    if number is not None:
        return number
    image_id = image.get("id")
    return int(image_id) if isinstance(image_id, int) else position


class CocoReader:
    name = "coco"
    description = "COCO keypoint JSON (dataset or results list, 17 keypoints); needs --fps"

    def detect(self, path: Path) -> bool:
        return path.is_file() and _coco_kind(_head(path)) is not None

    def read(self, path: Path, fps: float | None) -> KeypointImport:
        data = _load_json(path)
        try:
            if isinstance(data, dict):
                return self._dataset(path, data, fps)
            if isinstance(data, list):
                return self._results(path, data, fps)
        except (KeyError, TypeError, ValueError) as exc:
            raise KeypointFileError(
                f"{path.name} is not valid COCO keypoint JSON ({type(exc).__name__}: {exc}); "
                "see docs/research-formats.md for the fields read"
            ) from None
        raise KeypointFileError(f"{path.name}: COCO JSON is an object or a list of results")

    def _check_names(self, path: Path, data: dict[str, Any]) -> None:
        for category in data.get("categories", []):
            names = category.get("keypoints")
            if names and tuple(names) != COCO_17.source_names:
                raise KeypointFileError(
                    f"{path.name}: category {category.get('name', '?')!r} has keypoints "
                    f"{', '.join(names[:5])}...; glutecoach reads the 17 COCO person keypoints "
                    "(nose, left_eye, ... right_ankle) in COCO's order"
                )

    def _dataset(self, path: Path, data: dict[str, Any], fps: float | None) -> KeypointImport:
        self._check_names(path, data)
        images = sorted(data["images"], key=lambda im: im["id"])
        number_of = {im["id"]: _frame_number(im, k) for k, im in enumerate(images)}
        if len(set(number_of.values())) != len(number_of):
            raise KeypointFileError(
                f"{path.name}: two images share a frame number; give each a 'frame_id'"
            )
        sizes = {(int(im["width"]), int(im["height"])) for im in images if "width" in im}
        raw: dict[int, list[list[float]]] = {n: [] for n in number_of.values()}
        for ann in data["annotations"]:
            if ann.get("num_keypoints", 1) == 0 or "keypoints" not in ann:
                continue
            values = self._values(path, ann["keypoints"])
            flags = np.asarray(values, dtype=np.float64).reshape(-1, 3)
            flags[:, 2] = np.select([flags[:, 2] >= 2, flags[:, 2] >= 1], [1.0, 0.5], 0.0)
            raw[number_of[ann["image_id"]]].append(flags.ravel().tolist())
        notes = [] if len(sizes) <= 1 else ["the images differ in size; the first is used"]
        return self._assemble(path, raw, fps, sorted(sizes)[0] if sizes else None, notes)

    def _results(self, path: Path, data: list[Any], fps: float | None) -> KeypointImport:
        raw: dict[int, list[list[float]]] = {}
        for item in data:
            values = self._values(path, item["keypoints"])
            raw.setdefault(int(item["image_id"]), []).append(values)
        return self._assemble(path, raw, fps, None, [])

    def _values(self, path: Path, values: list[float]) -> list[float]:
        if len(values) != COCO_17.size * 3:
            raise KeypointFileError(
                f"{path.name}: a person has {len(values)} keypoint values; COCO person "
                "keypoints are 17 x (x, y, visibility) = 51"
            )
        return [float(v) for v in values]

    def _assemble(
        self,
        path: Path,
        raw: dict[int, list[list[float]]],
        fps: float | None,
        size: tuple[int, int] | None,
        notes: list[str],
    ) -> KeypointImport:
        numbers = tuple(sorted(raw))
        parsed = ParsedKeypoints(
            format=self.name,
            layout=COCO_17.label,
            version="",
            frame_numbers=numbers,
            people=tuple(_people(raw[n], COCO_17) for n in numbers),
            missing=COCO_17.missing,
            image_size_px=size,
            notes=tuple(notes),
        )
        return assemble(parsed, path, fps)


# --- glutecoach -----------------------------------------------------------------------------


class GlutecoachReader:
    name = "glutecoach"
    description = "glutecoach's own keypoint export (keypoints.json or .csv); timed"

    def detect(self, path: Path) -> bool:
        head = _head(path)
        return f'"{GLUTECOACH_FORMAT}"' in head and (
            head.startswith("{") or head.startswith("# format:")
        )

    def read(self, path: Path, fps: float | None) -> KeypointImport:
        stored = read_keypoints(path)
        estimate = stored.estimate
        if fps is not None:
            note = unused_fps_note(fps, path)
            estimate = dataclasses.replace(estimate, warnings=(*estimate.warnings, note))
        return KeypointImport(estimate=estimate, format=self.name, path=path, video=stored.video)


for _reader in (GlutecoachReader(), OpenPoseReader(), CocoReader()):
    register_reader(_reader)
