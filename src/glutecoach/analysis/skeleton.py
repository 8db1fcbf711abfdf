"""Keypoint schemas as data: names in back-end order, lookup by name, left/right mirroring.

The default schema is MediaPipe BlazePose's 33 landmarks, listed in MediaPipe's own order so
that ``points[:, i]`` from the back end lines up with ``BLAZEPOSE_33.names[i]``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from glutecoach.domain.pose import FloatArray, KeypointSchema, LegSide
from glutecoach.errors import AnalysisError

_BLAZEPOSE_NAMES: tuple[str, ...] = (
    "nose",  # 0
    "left_eye_inner",
    "left_eye",
    "left_eye_outer",
    "right_eye_inner",
    "right_eye",  # 5
    "right_eye_outer",
    "left_ear",
    "right_ear",
    "mouth_left",
    "mouth_right",  # 10
    "left_shoulder",
    "right_shoulder",
    "left_elbow",
    "right_elbow",
    "left_wrist",  # 15
    "right_wrist",
    "left_pinky",
    "right_pinky",
    "left_index",
    "right_index",  # 20
    "left_thumb",
    "right_thumb",
    "left_hip",
    "right_hip",
    "left_knee",  # 25
    "right_knee",
    "left_ankle",
    "right_ankle",
    "left_heel",
    "right_heel",  # 30
    "left_foot_index",
    "right_foot_index",
)


def pair_mirrored_names(names: tuple[str, ...]) -> tuple[tuple[str, str], ...]:
    """Pair every ``left_X`` with ``right_X`` and every ``X_left`` with ``X_right``."""
    pairs: list[tuple[str, str]] = []
    for name in names:
        if name.startswith("left_"):
            partner = "right_" + name.removeprefix("left_")
        elif name.endswith("_left"):
            partner = name.removesuffix("_left") + "_right"
        else:
            continue
        if partner in names:
            pairs.append((name, partner))
    return tuple(pairs)


BLAZEPOSE_33 = KeypointSchema(
    name="mediapipe_blazepose_33",
    names=_BLAZEPOSE_NAMES,
    mirror_pairs=pair_mirrored_names(_BLAZEPOSE_NAMES),
)
"""MediaPipe BlazePose: 33 landmarks (hips 23/24, knees 25/26, ankles 27/28, shoulders 11/12)."""

SCHEMAS: dict[str, KeypointSchema] = {BLAZEPOSE_33.name: BLAZEPOSE_33}


def get_schema(name: str) -> KeypointSchema:
    """A registered schema by name; ``AnalysisError`` naming the known ones otherwise."""
    try:
        return SCHEMAS[name]
    except KeyError:
        raise AnalysisError(
            f"unknown keypoint schema {name!r}; known: {', '.join(sorted(SCHEMAS))}"
        ) from None


@dataclass(frozen=True)
class LegNames:
    """Keypoint names of one side's leg and trunk corner, for a given schema."""

    shoulder: str
    hip: str
    knee: str
    ankle: str
    heel: str
    foot_index: str


def leg_names(side: LegSide) -> LegNames:
    """Names of one side's shoulder, hip, knee, ankle, heel and toe in the BlazePose naming."""
    return LegNames(
        shoulder=f"{side}_shoulder",
        hip=f"{side}_hip",
        knee=f"{side}_knee",
        ankle=f"{side}_ankle",
        heel=f"{side}_heel",
        foot_index=f"{side}_foot_index",
    )


def mirror_points(
    points_px: FloatArray, schema: KeypointSchema, image_width_px: float
) -> FloatArray:
    """Mirror ``(..., K, 2)`` image points left-right and swap left/right keypoint labels.

    The result is what the pose back end would report on the horizontally flipped video of the
    same person: ``x -> width - x`` and every ``left_*`` keypoint becomes ``right_*``.
    """
    points = np.asarray(points_px, dtype=np.float64)
    if points.shape[-2:] != (len(schema), 2):
        raise AnalysisError(
            f"points must end in ({len(schema)}, 2) for schema {schema.name!r}, got {points.shape}"
        )
    mirrored = points[..., list(schema.mirror_permutation()), :].copy()
    mirrored[..., 0] = image_width_px - mirrored[..., 0]
    return mirrored
