"""The pose back-end protocol, its result type, and the registry of back ends by name.

Every back end declares its keypoint ``schema`` and its ``backend`` (name and version, recorded
with every analysis), and turns a stream of frames into one person's ``PoseSequence`` wrapped in
a ``PoseEstimate`` that also says in which frames a person was found and what went wrong.

Built-in back ends (registered the same way an extension would be):

* ``mediapipe``: MediaPipe BlazePose (full model shipped inside the mediapipe wheel; default).
* ``keypoint-file``: keypoints read from a file or folder (``path=...``, optional
  ``format=`` and ``fps=``: our own CSV/JSON export, OpenPose, COCO, TRC), so an analysis
  runs without estimating the pose.
* ``fake``: deterministic, for tests; returns a given sequence or a synthetic squatting figure.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, Protocol, TypeAlias, runtime_checkable

import numpy as np
from numpy.typing import NDArray

from glutecoach.domain.pose import BoolArray, KeypointSchema, PoseBackend, PoseSequence
from glutecoach.errors import PoseBackendError
from glutecoach.vision.progress import ProgressCallback
from glutecoach.vision.video import Frame

IntArray: TypeAlias = NDArray[np.int64]

NO_PERSON_WARNING = (
    "no person was found in any frame: film the whole body, well lit, with the camera steady "
    "and the person filling at least half of the frame height"
)


def _no_indices() -> IntArray:
    return np.zeros(0, dtype=np.int64)


@dataclass(frozen=True, eq=False)
class PoseEstimate:
    """A back end's answer for one clip.

    ``detected[i]`` is True when a person was found in sample ``i`` (otherwise that sample's
    points are NaN with visibility 0). ``frame_indices[i]`` is the decoded-frame index of sample
    ``i`` (empty when not known, e.g. imported keypoints). ``people_seen`` is the most people
    seen at once (0 if nobody). ``warnings`` are sentences for the report.
    """

    sequence: PoseSequence
    detected: BoolArray
    warnings: tuple[str, ...] = ()
    people_seen: int = 1
    frame_indices: IntArray = field(default_factory=_no_indices)

    def __post_init__(self) -> None:
        detected = np.array(self.detected, dtype=np.bool_, copy=True)
        if detected.shape != (self.sequence.n_frames,):
            raise ValueError(
                f"detected must have one flag per frame ({self.sequence.n_frames}), "
                f"got shape {detected.shape}"
            )
        indices = np.array(self.frame_indices, dtype=np.int64, copy=True)
        if indices.size and indices.shape != detected.shape:
            raise ValueError("frame_indices must be empty or have one index per frame")
        detected.flags.writeable = False
        indices.flags.writeable = False
        object.__setattr__(self, "detected", detected)
        object.__setattr__(self, "frame_indices", indices)

    @property
    def person_found(self) -> bool:
        """False when no frame had a person: the 'no person' indication."""
        return bool(self.detected.any())

    @property
    def detection_rate(self) -> float:
        """Fraction of samples in which a person was found."""
        return float(self.detected.mean()) if self.detected.size else 0.0


@runtime_checkable
class PoseEstimator(Protocol):
    """What every pose back end provides."""

    @property
    def schema(self) -> KeypointSchema:
        """The keypoints it reports, in order."""
        ...

    @property
    def backend(self) -> PoseBackend:
        """Its name and version (recorded with every result)."""
        ...

    @property
    def needs_frames(self) -> bool:
        """False for back ends that ignore the frames (imported keypoints): skip decoding."""
        ...

    def estimate(
        self,
        frames: Iterable[Frame],
        *,
        image_size_px: tuple[int, int],
        expected_frames: int | None = None,
        on_progress: ProgressCallback | None = None,
    ) -> PoseEstimate:
        """One person's keypoints in every frame of ``frames`` (upright, ``image_size_px``)."""
        ...


BackendFactory: TypeAlias = Callable[..., PoseEstimator]


@dataclass(frozen=True)
class BackendEntry:
    name: str
    factory: BackendFactory
    description: str


_REGISTRY: dict[str, BackendEntry] = {}
DEFAULT_BACKEND = "mediapipe"


def register_backend(
    name: str, factory: BackendFactory, description: str, *, replace: bool = False
) -> None:
    """Make ``create_backend(name, **options)`` call ``factory(**options)``."""
    if not name.strip():
        raise ValueError("a back end needs a non-empty name")
    if name in _REGISTRY and not replace:
        raise ValueError(f"a pose back end named {name!r} is already registered")
    _REGISTRY[name] = BackendEntry(name, factory, description)


def backend_entries() -> tuple[BackendEntry, ...]:
    """Every registered back end, by name."""
    return tuple(_REGISTRY[name] for name in sorted(_REGISTRY))


def backend_names() -> tuple[str, ...]:
    return tuple(sorted(_REGISTRY))


def create_backend(name: str = DEFAULT_BACKEND, **options: Any) -> PoseEstimator:
    """Build the back end registered as ``name``; ``PoseBackendError`` if there is none."""
    try:
        entry = _REGISTRY[name]
    except KeyError:
        raise PoseBackendError(
            f"unknown pose back end {name!r}; choose one of: {', '.join(backend_names())}"
        ) from None
    return entry.factory(**options)


def detection_warnings(detected: BoolArray, timestamps_s: Iterable[float]) -> list[str]:
    """'No person' and 'person found in only N% of frames' sentences."""
    if detected.size == 0 or not detected.any():
        return [NO_PERSON_WARNING]
    rate = float(detected.mean())
    if rate < 0.8:
        times = np.asarray(list(timestamps_s), dtype=np.float64)
        missing = times[~detected]
        span = f" (between {missing.min():.1f} s and {missing.max():.1f} s)" if missing.size else ""
        return [
            f"a person was found in only {100 * rate:.0f}% of the frames{span}; frames without "
            "one are not measured"
        ]
    return []


def _mediapipe_factory(**options: Any) -> PoseEstimator:
    from glutecoach.vision.mediapipe_pose import MediaPipePoseEstimator

    return MediaPipePoseEstimator(**options)


def _keypoint_file_factory(**options: Any) -> PoseEstimator:
    from glutecoach.vision.keypoint_import import ImportedPoseEstimator, load_keypoints

    return ImportedPoseEstimator(load_keypoints(**options))


def _fake_factory(**options: Any) -> PoseEstimator:
    from glutecoach.vision.fake import FakePoseEstimator

    return FakePoseEstimator(**options)


register_backend(
    "mediapipe",
    _mediapipe_factory,
    "MediaPipe BlazePose full (33 landmarks), model shipped with mediapipe; never downloads",
)
register_backend(
    "keypoint-file",
    _keypoint_file_factory,
    "keypoints read from a file (path=..., format=, fps=): glutecoach's export, OpenPose, "
    "COCO or TRC; no video decoding",
)
register_backend(
    "fake",
    _fake_factory,
    "deterministic fake for tests: a given PoseSequence or a synthetic squatting figure",
)
