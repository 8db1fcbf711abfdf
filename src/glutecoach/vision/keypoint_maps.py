"""How other pose estimators' keypoints map onto glutecoach's landmarks (BlazePose 33 names).

Every imported sequence uses glutecoach's own schema (``BLAZEPOSE_33``), so the analysis runs
unchanged. A landmark the source format does not have stays NaN with visibility 0 in every
frame and is *declared* missing (``LandmarkMap.missing``): the import says so once, and every
measure that rests on it reports it not measured instead of guessing a value.

Mappings (source index: source name -> glutecoach name):

* OpenPose BODY_25: 0 Nose, 2/5 R/LShoulder, 3/6 R/LElbow, 4/7 R/LWrist, 9/12 R/LHip,
  10/13 R/LKnee, 11/14 R/LAnkle, 15/16 R/LEye, 17/18 R/LEar, 19/22 L/RBigToe (-> foot_index,
  BlazePose's tip of the foot), 21/24 L/RHeel. Neck (1), MidHip (8) and the small toes (20, 23)
  have no glutecoach landmark and are dropped (glutecoach computes mid-points itself).
* OpenPose COCO-18: as BODY_25 without MidHip and feet (no heels, no toes).
* COCO-17 (the COCO keypoint dataset and models trained on it): nose, eyes, ears, shoulders,
  elbows, wrists, hips, knees, ankles; no heels, no toes.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from glutecoach.analysis.skeleton import BLAZEPOSE_33
from glutecoach.domain.pose import FloatArray

OPENPOSE_NAMES: dict[str, str] = {
    "Nose": "nose",
    "RShoulder": "right_shoulder",
    "RElbow": "right_elbow",
    "RWrist": "right_wrist",
    "LShoulder": "left_shoulder",
    "LElbow": "left_elbow",
    "LWrist": "left_wrist",
    "RHip": "right_hip",
    "RKnee": "right_knee",
    "RAnkle": "right_ankle",
    "LHip": "left_hip",
    "LKnee": "left_knee",
    "LAnkle": "left_ankle",
    "REye": "right_eye",
    "LEye": "left_eye",
    "REar": "right_ear",
    "LEar": "left_ear",
    "LBigToe": "left_foot_index",
    "LHeel": "left_heel",
    "RBigToe": "right_foot_index",
    "RHeel": "right_heel",
}

FEET = ("left_heel", "right_heel", "left_foot_index", "right_foot_index")
"""The foot landmarks the standing and running measures use beside the ankles."""


@dataclass(frozen=True)
class LandmarkMap:
    """One source layout: its keypoint names in order, and which glutecoach landmark each
    feeds (None: no glutecoach landmark, dropped)."""

    name: str
    label: str
    source_names: tuple[str, ...]
    targets: tuple[str | None, ...]

    def __post_init__(self) -> None:
        if len(self.source_names) != len(self.targets):
            raise ValueError(f"{self.name}: one target per source keypoint")
        known = set(BLAZEPOSE_33.names)
        for target in self.targets:
            if target is not None and target not in known:
                raise ValueError(f"{self.name}: {target!r} is not a glutecoach landmark")
        given = [t for t in self.targets if t is not None]
        if len(set(given)) != len(given):
            raise ValueError(f"{self.name}: a glutecoach landmark is fed twice")

    @property
    def size(self) -> int:
        return len(self.source_names)

    @property
    def provided(self) -> tuple[str, ...]:
        return tuple(t for t in self.targets if t is not None)

    @property
    def missing(self) -> tuple[str, ...]:
        """glutecoach landmarks this layout cannot give, in glutecoach's order."""
        have = set(self.provided)
        return tuple(n for n in BLAZEPOSE_33.names if n not in have)

    def to_glutecoach(self, raw: FloatArray) -> tuple[FloatArray, FloatArray]:
        """``(..., size, 3)`` source ``[x, y, confidence]`` -> ``(..., 33, 2)`` points and
        ``(..., 33)`` visibility. A point without finite coordinates or with confidence 0 is
        missing (NaN, visibility 0); confidences are clipped to 0..1."""
        raw = np.asarray(raw, dtype=np.float64)
        shape = raw.shape[:-2]
        points = np.full((*shape, len(BLAZEPOSE_33), 2), np.nan)
        vis = np.zeros((*shape, len(BLAZEPOSE_33)))
        for k, target in enumerate(self.targets):
            if target is None:
                continue
            j = BLAZEPOSE_33.index(target)
            xy, conf = raw[..., k, :2], np.nan_to_num(raw[..., k, 2], nan=0.0)
            ok = np.isfinite(xy).all(axis=-1) & (conf > 0.0)
            points[..., j, :] = np.where(ok[..., None], xy, np.nan)
            vis[..., j] = np.where(ok, np.clip(conf, 0.0, 1.0), 0.0)
        return points, vis


def _openpose(name: str, label: str, names: tuple[str, ...]) -> LandmarkMap:
    return LandmarkMap(name, label, names, tuple(OPENPOSE_NAMES.get(n) for n in names))


_COCO18_NAMES = (
    "Nose", "Neck", "RShoulder", "RElbow", "RWrist", "LShoulder", "LElbow", "LWrist", "RHip",
    "RKnee", "RAnkle", "LHip", "LKnee", "LAnkle", "REye", "LEye", "REar", "LEar",
)  # fmt: skip
_BODY25_NAMES = (
    "Nose", "Neck", "RShoulder", "RElbow", "RWrist", "LShoulder", "LElbow", "LWrist", "MidHip",
    "RHip", "RKnee", "RAnkle", "LHip", "LKnee", "LAnkle", "REye", "LEye", "REar", "LEar",
    "LBigToe", "LSmallToe", "LHeel", "RBigToe", "RSmallToe", "RHeel",
)  # fmt: skip
_COCO17_NAMES = (
    "nose", "left_eye", "right_eye", "left_ear", "right_ear", "left_shoulder",
    "right_shoulder", "left_elbow", "right_elbow", "left_wrist", "right_wrist", "left_hip",
    "right_hip", "left_knee", "right_knee", "left_ankle", "right_ankle",
)  # fmt: skip

OPENPOSE_BODY_25 = _openpose("openpose-body25", "OpenPose BODY_25", _BODY25_NAMES)
OPENPOSE_COCO_18 = _openpose("openpose-coco18", "OpenPose COCO-18", _COCO18_NAMES)
COCO_17 = LandmarkMap("coco17", "COCO-17", _COCO17_NAMES, _COCO17_NAMES)

LANDMARK_MAPS: dict[str, LandmarkMap] = {
    m.name: m for m in (OPENPOSE_BODY_25, OPENPOSE_COCO_18, COCO_17)
}


def missing_note(label: str, missing: tuple[str, ...]) -> str | None:
    """The sentence declaring which glutecoach landmarks a source lacks (None if it lacks
    none the analysis uses)."""
    feet = [n for n in FEET if n in missing]
    if not feet:
        return None
    names = ", ".join(n.replace("_", " ") for n in feet)
    return (
        f"{label} keypoints have no {names}: a foot's ground contact is found from the ankle "
        "alone, and measures that need the feet are not measured (a side view needs them to "
        "tell which way the person faces)"
    )
