"""Write other tools' keypoint files from glutecoach landmarks, as those tools lay them out:
OpenPose ``--write_json`` folders (BODY_25, COCO-18) and COCO keypoint JSON (dataset or
results). The tests read them back through ``load_keypoints``."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from glutecoach.analysis.skeleton import BLAZEPOSE_33
from glutecoach.domain.pose import FloatArray
from glutecoach.vision.fake import synthetic_points
from glutecoach.vision.keypoint_maps import COCO_17, LandmarkMap

Person = tuple[FloatArray, FloatArray]  # (33, 2) points, (33,) confidence


def source_values(layout: LandmarkMap, points: FloatArray, conf: FloatArray) -> list[float]:
    """One person in ``layout``'s order: x, y, c per keypoint; a missing one is 0, 0, 0."""
    values = np.zeros((layout.size, 3))
    for k, target in enumerate(layout.targets):
        if target is None:
            continue
        j = BLAZEPOSE_33.index(target)
        if np.isfinite(points[j]).all() and conf[j] > 0:
            values[k] = (points[j, 0], points[j, 1], conf[j])
    return [float(v) for v in values.ravel()]


def write_openpose(
    folder: Path, layout: LandmarkMap, frames: dict[int, Sequence[Person]], name: str = "clip"
) -> Path:
    """One ``<name>_<12-digit frame>_keypoints.json`` per entry of ``frames``."""
    folder.mkdir(parents=True, exist_ok=True)
    for number, people in frames.items():
        data = {
            "version": 1.3,
            "people": [
                {"person_id": [-1], "pose_keypoints_2d": source_values(layout, p, c)}
                for p, c in people
            ],
        }
        (folder / f"{name}_{number:012d}_keypoints.json").write_text(json.dumps(data))
    return folder


def write_coco_dataset(
    path: Path, frames: dict[int, Sequence[Person]], size: tuple[int, int], n_images: int
) -> Path:
    """A COCO dataset file with ``n_images`` images ``frame_<n>.jpg`` and one annotation per
    person of ``frames``; visibility flag 2 where seen, 0 (and 0, 0) where missing."""
    images = [
        {"id": 100 + n, "file_name": f"frame_{n:05d}.jpg", "width": size[0], "height": size[1]}
        for n in range(n_images)
    ]
    annotations = []
    for number, people in frames.items():
        for points, conf in people:
            values = np.asarray(source_values(COCO_17, points, conf)).reshape(-1, 3)
            values[:, 2] = np.where(values[:, 2] > 0, 2.0, 0.0)
            annotations.append(
                {
                    "id": len(annotations) + 1,
                    "image_id": 100 + number,
                    "category_id": 1,
                    "num_keypoints": int((values[:, 2] > 0).sum()),
                    "keypoints": [float(v) for v in values.ravel()],
                }
            )
    data = {
        "images": images,
        "annotations": annotations,
        "categories": [{"id": 1, "name": "person", "keypoints": list(COCO_17.source_names)}],
    }
    path.write_text(json.dumps(data))
    return path


def squatter(t: float, size: tuple[int, int] = (640, 480), shift_px: float = 0.0) -> Person:
    """The fake back end's squatting person at time ``t`` (moved ``shift_px`` to the right),
    every landmark seen with confidence 0.9."""
    points = synthetic_points(t, size)
    points[:, 0] += shift_px
    return points, np.full(len(BLAZEPOSE_33), 0.9)


def small_person(t: float, size: tuple[int, int] = (640, 480), x_px: float = 610.0) -> Person:
    """A second, smaller person near the right edge (a bystander)."""
    points, conf = squatter(t, size)
    centre = np.nanmean(points, axis=0)
    return (points - centre) * 0.4 + np.array([x_px, size[1] * 0.6]), conf
