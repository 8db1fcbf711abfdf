"""Pose value types: keypoint series from a video, angle series, and segmented reps.

Everything here is a frozen dataclass holding read-only numpy arrays, validated on construction
(``ValueError`` with a message that says which field is wrong and how). No I/O, no analysis.

Conventions
-----------
* Image coordinates are pixels with the origin at the top-left corner, ``x`` to the right and
  ``y`` pointing DOWN, exactly as the pose back ends report them.
* Times are seconds from the start of the clip (``*_s``), taken from the video's real frame
  timestamps, so a variable frame rate is represented faithfully.
* ``left`` and ``right`` always mean the person's anatomical side, never the side of the image.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Literal, TypeAlias, get_args

import numpy as np
from numpy.typing import NDArray

FloatArray: TypeAlias = NDArray[np.float64]
BoolArray: TypeAlias = NDArray[np.bool_]

Side = Literal["left", "right", "both"]
"""The working or stance leg of a rep; ``both`` for two-legged work."""

LegSide = Literal["left", "right"]
"""One of the person's legs (anatomical side)."""

View = Literal["front", "back", "side"]
"""Where the camera films from, relative to the person (same values as ``CameraView``)."""

FrontalView = Literal["front", "back"]
"""The views in which frontal-plane angles (FPPA, pelvic drop, trunk lean) are defined."""

SIDES: tuple[Side, ...] = get_args(Side)
LEG_SIDES: tuple[LegSide, ...] = get_args(LegSide)
VIEWS: tuple[View, ...] = get_args(View)


def parse_view(value: str) -> View:
    """Turn a string (or a ``CameraView`` member) into a ``View``; ``ValueError`` if unknown."""
    text = str(value).strip().lower()
    if text not in VIEWS:
        raise ValueError(f"unknown view {value!r}; expected one of {', '.join(VIEWS)}")
    return text


def other_side(side: LegSide) -> LegSide:
    """The contralateral leg."""
    return "right" if side == "left" else "left"


def _readonly(array: FloatArray | BoolArray) -> None:
    array.flags.writeable = False


def _as_float_array(name: str, value: object, ndim: int) -> FloatArray:
    try:
        array = np.array(value, dtype=np.float64, copy=True)
    except (TypeError, ValueError) as exc:
        raise ValueError(f"{name} must be numeric: {exc}") from exc
    if array.ndim != ndim:
        raise ValueError(f"{name} must have {ndim} dimension(s), got shape {array.shape}")
    return array


def _check_timestamps(name: str, timestamps_s: FloatArray) -> None:
    if not np.all(np.isfinite(timestamps_s)):
        raise ValueError(f"{name} must be finite (no NaN or inf)")
    if timestamps_s.size > 1 and not np.all(np.diff(timestamps_s) > 0):
        raise ValueError(f"{name} must be strictly increasing (real frame times in seconds)")


@dataclass(frozen=True)
class KeypointSchema:
    """The names of a pose back end's keypoints, in the back end's order.

    ``mirror_pairs`` lists the (left, right) name pairs that swap when the image is mirrored;
    keypoints not in a pair (the nose) map to themselves.
    """

    name: str
    names: tuple[str, ...]
    mirror_pairs: tuple[tuple[str, str], ...] = ()

    def __post_init__(self) -> None:
        if not self.name.strip():
            raise ValueError("a keypoint schema needs a non-empty name")
        if not self.names:
            raise ValueError(f"keypoint schema {self.name!r} has no keypoint names")
        if len(set(self.names)) != len(self.names):
            dupes = sorted({n for n in self.names if self.names.count(n) > 1})
            raise ValueError(f"keypoint schema {self.name!r} repeats names: {', '.join(dupes)}")
        seen: set[str] = set()
        for left, right in self.mirror_pairs:
            for part in (left, right):
                if part not in self.names:
                    raise ValueError(
                        f"mirror pair ({left!r}, {right!r}) of schema {self.name!r} names an "
                        f"unknown keypoint {part!r}"
                    )
                if part in seen:
                    raise ValueError(f"keypoint {part!r} appears in two mirror pairs")
                seen.add(part)
            if left == right:
                raise ValueError(f"mirror pair ({left!r}, {right!r}) pairs a keypoint with itself")

    def __len__(self) -> int:
        return len(self.names)

    def index(self, name: str) -> int:
        """Position of ``name`` in the schema; ``KeyError`` listing close names if unknown."""
        try:
            return self.names.index(name)
        except ValueError:
            hint = [n for n in self.names if name.split("_")[-1] in n][:5]
            raise KeyError(
                f"keypoint {name!r} is not in schema {self.name!r}"
                + (f"; did you mean one of {', '.join(hint)}?" if hint else "")
            ) from None

    def mirror_permutation(self) -> tuple[int, ...]:
        """Index map such that ``points[:, perm]`` swaps every left keypoint with its right."""
        perm = list(range(len(self.names)))
        for left, right in self.mirror_pairs:
            i, j = self.index(left), self.index(right)
            perm[i], perm[j] = j, i
        return tuple(perm)


@dataclass(frozen=True)
class PoseBackend:
    """Which pose estimator produced a sequence (recorded with every result)."""

    name: str
    version: str

    def __post_init__(self) -> None:
        if not self.name.strip() or not self.version.strip():
            raise ValueError("a pose back end needs a non-empty name and version")


@dataclass(frozen=True, eq=False)
class PoseSequence:
    """One person's 2D keypoints over a clip.

    ``points_px`` is ``(T, K, 2)`` image coordinates in pixels (``y`` down); a keypoint the back end
    did not report is NaN and must then have visibility 0. ``visibility`` is ``(T, K)`` in 0..1.
    ``image_size_px`` is ``(width, height)`` of the frames the points refer to.
    """

    timestamps_s: FloatArray
    points_px: FloatArray
    visibility: FloatArray
    schema: KeypointSchema
    image_size_px: tuple[int, int]
    backend: PoseBackend

    def __post_init__(self) -> None:
        times = _as_float_array("timestamps_s", self.timestamps_s, 1)
        points = _as_float_array("points_px", self.points_px, 3)
        vis = _as_float_array("visibility", self.visibility, 2)
        n, k = times.shape[0], len(self.schema)
        if n == 0:
            raise ValueError("a pose sequence needs at least one frame")
        _check_timestamps("timestamps_s", times)
        if points.shape != (n, k, 2):
            raise ValueError(
                f"points_px must have shape (frames, keypoints, 2) = ({n}, {k}, 2) for schema "
                f"{self.schema.name!r}, got {points.shape}"
            )
        if vis.shape != (n, k):
            raise ValueError(f"visibility must have shape ({n}, {k}), got {vis.shape}")
        if not np.all(np.isfinite(vis)) or vis.min() < 0.0 or vis.max() > 1.0:
            raise ValueError("visibility must be finite and within 0..1")
        if np.any(np.isinf(points)):
            raise ValueError("points_px must not contain inf (use NaN for a missing keypoint)")
        missing = np.isnan(points).any(axis=2)
        if np.any(vis[missing] > 0.0):
            raise ValueError("a keypoint with NaN coordinates must have visibility 0")
        width, height = self.image_size_px
        if int(width) != width or int(height) != height or width <= 0 or height <= 0:
            raise ValueError(
                f"image_size_px must be two positive integers, got {self.image_size_px}"
            )
        for array in (times, points, vis):
            _readonly(array)
        object.__setattr__(self, "timestamps_s", times)
        object.__setattr__(self, "points_px", points)
        object.__setattr__(self, "visibility", vis)
        object.__setattr__(self, "image_size_px", (int(width), int(height)))

    @property
    def n_frames(self) -> int:
        return int(self.timestamps_s.shape[0])

    @property
    def duration_s(self) -> float:
        return float(self.timestamps_s[-1] - self.timestamps_s[0])

    def point(self, name: str) -> FloatArray:
        """The ``(T, 2)`` track of one keypoint (a read-only view)."""
        return self.points_px[:, self.schema.index(name), :]

    def visibility_of(self, name: str) -> FloatArray:
        """The ``(T,)`` visibility of one keypoint (a read-only view)."""
        return self.visibility[:, self.schema.index(name)]

    def with_points(
        self, points_px: FloatArray, visibility: FloatArray | None = None
    ) -> PoseSequence:
        """A copy with new coordinates (e.g. filtered) and optionally new visibility."""
        return PoseSequence(
            timestamps_s=self.timestamps_s,
            points_px=points_px,
            visibility=self.visibility if visibility is None else visibility,
            schema=self.schema,
            image_size_px=self.image_size_px,
            backend=self.backend,
        )


@dataclass(frozen=True, eq=False)
class AngleSeries:
    """A named measure over time, e.g. ``knee_fppa_left`` in ``deg``.

    ``values`` is NaN wherever ``valid`` is False; where valid it is finite.
    """

    name: str
    unit: str
    values: FloatArray
    timestamps_s: FloatArray
    valid: BoolArray = field(default_factory=lambda: np.zeros(0, dtype=np.bool_))

    def __post_init__(self) -> None:
        if not self.name.strip():
            raise ValueError("an angle series needs a non-empty name")
        if not self.unit.strip():
            raise ValueError(f"angle series {self.name!r} needs a unit (e.g. 'deg')")
        values = _as_float_array(f"{self.name}.values", self.values, 1)
        times = _as_float_array(f"{self.name}.timestamps_s", self.timestamps_s, 1)
        _check_timestamps(f"{self.name}.timestamps_s", times)
        if values.shape != times.shape:
            raise ValueError(
                f"{self.name}: values {values.shape} and timestamps_s {times.shape} "
                "differ in length"
            )
        valid = np.array(self.valid, dtype=np.bool_, copy=True)
        if valid.size == 0 and values.size > 0:
            valid = np.isfinite(values)
        if valid.shape != values.shape:
            raise ValueError(
                f"{self.name}: valid mask {valid.shape} must match values {values.shape}"
            )
        if np.any(~np.isfinite(values[valid])):
            raise ValueError(f"{self.name}: values marked valid must be finite")
        values[~valid] = np.nan
        for array in (values, times, valid):
            _readonly(array)
        object.__setattr__(self, "values", values)
        object.__setattr__(self, "timestamps_s", times)
        object.__setattr__(self, "valid", valid)

    @property
    def valid_fraction(self) -> float:
        return float(self.valid.mean()) if self.valid.size else 0.0


@dataclass(frozen=True)
class Rep:
    """One repetition found in a primary signal.

    ``index`` counts from 1 in time order. ``bottom_s`` is the time of the rep's extreme (the
    deepest point of a squat, the highest drop of a hip hitch); a pause there is part of the rep.
    ``partial`` marks a rep cut by the start or end of the clip: it is reported, never counted
    as a complete rep, and is not measurable. ``reason`` says why a rep is not measurable.
    ``flags`` are short notes that do not stop the rep counting (``TOUCH_AND_GO``: the signal
    did not return to the start before this rep). ``confidence`` (0-1) is how sure the
    segmentation is that this is one real rep (``reps.rep_confidence``).
    """

    index: int
    side: Side
    start_s: float
    bottom_s: float
    end_s: float
    measurable: bool = True
    reason: str | None = None
    partial: bool = False
    flags: tuple[str, ...] = ()
    confidence: float = 1.0

    def __post_init__(self) -> None:
        if self.index < 1:
            raise ValueError(f"rep index counts from 1, got {self.index}")
        if self.side not in SIDES:
            raise ValueError(f"rep side must be one of {', '.join(SIDES)}, got {self.side!r}")
        times = (self.start_s, self.bottom_s, self.end_s)
        if not all(math.isfinite(t) for t in times):
            raise ValueError(f"rep {self.index}: start, bottom and end times must be finite")
        if not self.start_s <= self.bottom_s <= self.end_s:
            raise ValueError(
                f"rep {self.index}: need start_s <= bottom_s <= end_s, got "
                f"{self.start_s:.3f}, {self.bottom_s:.3f}, {self.end_s:.3f}"
            )
        if not self.measurable and not (self.reason and self.reason.strip()):
            raise ValueError(f"rep {self.index} is not measurable but gives no reason")
        if self.partial and self.measurable:
            raise ValueError(f"rep {self.index} is partial, so it cannot be measurable")
        if not 0.0 <= self.confidence <= 1.0:
            raise ValueError(f"rep {self.index}: confidence must be within 0..1")

    @property
    def duration_s(self) -> float:
        return self.end_s - self.start_s
