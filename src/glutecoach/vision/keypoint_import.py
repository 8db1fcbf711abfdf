"""Keypoints from other tools: one entry point, a registry of readers, one way to assemble.

``load_keypoints(path, format=None, fps=None)`` reads a keypoint file or folder in any
registered format (``openpose``, ``coco``, ``trc``, ``glutecoach``; detected from the content
when ``format`` is None) and returns a ``KeypointImport``: one person's ``PoseSequence`` in
glutecoach's landmarks, which frames had them, the warnings, and the landmarks the format
lacks. ``KeypointFileError`` (exit 2) says what is wrong with a file and how to fix it.

A reader parses its format into ``ParsedKeypoints`` (every person of every frame, in
glutecoach's landmarks) and ``assemble`` does the rest the same way for every format: timing
(the file's own, or ``fps`` for formats without it: refused when missing), missing frames
(numbered frames with no entry count as frames where nobody was found), the subject when
several people are listed (the video's rule, ``keypoint_people``), the image size.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

import numpy as np

from glutecoach.analysis.skeleton import BLAZEPOSE_33
from glutecoach.domain.glossary import plural
from glutecoach.domain.pose import FloatArray, KeypointSchema, PoseBackend, PoseSequence
from glutecoach.errors import KeypointFileError
from glutecoach.input_files import require_regular_file
from glutecoach.vision.backends import PoseEstimate, detection_warnings
from glutecoach.vision.keypoint_file import MAX_KEYPOINT_BYTES
from glutecoach.vision.keypoint_maps import missing_note
from glutecoach.vision.keypoint_people import Person, follow_subject
from glutecoach.vision.progress import ProgressCallback
from glutecoach.vision.video import Frame, VideoInfo


@dataclass(frozen=True, eq=False)
class KeypointImport:
    """One person's keypoints read from a file: the estimate (sequence, detected frames,
    warnings, people seen), the format it came in, and the glutecoach landmarks that format
    does not have (NaN throughout, declared in the warnings). ``video`` is the clip a
    glutecoach keypoint file records, if any; ``image_size_known`` is False when the size
    was taken from the keypoints' extent (the format does not record it)."""

    estimate: PoseEstimate
    format: str
    path: Path
    missing_landmarks: tuple[str, ...] = ()
    video: VideoInfo | None = None
    image_size_known: bool = True

    @property
    def sequence(self) -> PoseSequence:
        return self.estimate.sequence


@dataclass(frozen=True, eq=False)
class ParsedKeypoints:
    """What a reader found: per frame present in the source, its number and everyone listed.

    ``times_s`` (one per frame) when the source carries timing, else None (then ``fps`` is
    needed). ``layout`` names the source's keypoint layout (e.g. "OpenPose BODY_25").
    """

    format: str
    layout: str
    version: str
    frame_numbers: tuple[int, ...]
    people: tuple[tuple[Person, ...], ...]
    missing: tuple[str, ...]
    times_s: FloatArray | None = None
    image_size_px: tuple[int, int] | None = None
    notes: tuple[str, ...] = ()


class KeypointReader(Protocol):
    """What every registered reader provides (contract-tested for each)."""

    @property
    def name(self) -> str: ...

    @property
    def description(self) -> str: ...

    def detect(self, path: Path) -> bool:
        """True when ``path`` holds this format (cheap: reads only the start of a file)."""
        ...

    def read(self, path: Path, fps: float | None) -> KeypointImport:
        """Read ``path``; ``KeypointFileError`` naming the file and the fix when it cannot."""
        ...


_READERS: dict[str, KeypointReader] = {}


def register_reader(reader: KeypointReader, *, replace: bool = False) -> None:
    """Make ``load_keypoints(path, reader.name)`` use ``reader``; detection tries readers in
    registration order."""
    if reader.name in _READERS and not replace:
        raise ValueError(f"a keypoint reader named {reader.name!r} is already registered")
    _READERS[reader.name] = reader


def _builtins() -> dict[str, KeypointReader]:
    """The registry, with the built-in readers registered (on first use: they import this)."""
    from glutecoach.vision import keypoint_readers, marker_files

    del keypoint_readers, marker_files
    return _READERS


def reader_names() -> tuple[str, ...]:
    return tuple(_builtins())


def get_reader(name: str) -> KeypointReader:
    _builtins()
    try:
        return _READERS[name]
    except KeyError:
        raise KeypointFileError(
            f"unknown keypoint format {name!r}; choose one of: {', '.join(sorted(_READERS))}"
        ) from None


def detect_format(path: Path) -> str:
    """The registered format ``path`` holds, from its content."""
    if not path.exists():
        raise KeypointFileError(f"keypoint file or folder not found: {path}. Check the path.")
    for reader in _builtins().values():
        if reader.detect(path):
            return reader.name
    raise KeypointFileError(
        f"cannot tell which keypoint format {path} holds: glutecoach reads OpenPose JSON "
        "folders, COCO keypoint JSON, TRC marker files and its own keypoint files. Check the "
        f"file, or name its format with --keypoint-format ({'|'.join(sorted(_READERS))})."
    )


def load_keypoints(
    path: str | Path, format: str | None = None, fps: float | None = None
) -> KeypointImport:
    """Read one person's keypoints from ``path`` (see the module docstring)."""
    path = Path(path)
    if fps is not None and not (math.isfinite(fps) and fps > 0):
        raise KeypointFileError(f"--fps must be a positive number of frames a second, got {fps}")
    if path.exists() and not path.is_dir():  # a FIFO or device would hang the readers
        require_regular_file(path, MAX_KEYPOINT_BYTES, "a keypoint file or folder")
    name = format if format is not None else detect_format(path)
    reader = get_reader(name)
    if not path.exists():
        raise KeypointFileError(f"keypoint file or folder not found: {path}. Check the path.")
    return reader.read(path, fps)


def unused_fps_note(fps: float, path: Path) -> str:
    return f"--fps {fps:g} was not used: {path.name} carries its own timestamps"


def _times(parsed: ParsedKeypoints, fps: float | None, path: Path) -> tuple[FloatArray, list[str]]:
    """Per-frame times and the frame-slot layout: gaps in the numbering become empty frames
    when the timing comes from ``fps``."""
    notes: list[str] = []
    if parsed.times_s is not None:
        if fps is not None:
            notes.append(unused_fps_note(fps, path))
        return np.asarray(parsed.times_s, dtype=np.float64), notes
    if fps is None:
        raise KeypointFileError(
            f"{parsed.layout} keypoints carry no timing: give the frame rate of the video they "
            f"came from with --fps (e.g. --fps 30) to read {path.name}"
        )
    first = parsed.frame_numbers[0]
    return (np.arange(parsed.frame_numbers[-1] - first + 1) + first) / fps, notes


def _fill_gaps(parsed: ParsedKeypoints) -> tuple[list[Sequence[Person]], list[str]]:
    """Frames numbered first..last, empty where the source has none, and a note on the gaps."""
    numbers = parsed.frame_numbers
    slots: list[Sequence[Person]] = [() for _ in range(numbers[-1] - numbers[0] + 1)]
    for number, people in zip(numbers, parsed.people, strict=True):
        slots[number - numbers[0]] = people
    present = set(numbers)
    gaps = [n for n in range(numbers[0], numbers[-1] + 1) if n not in present]
    if not gaps:
        return slots, []
    shown = ", ".join(str(n) for n in gaps[:8]) + (" ..." if len(gaps) > 8 else "")
    return slots, [
        f"{plural(len(gaps), 'frame')} missing from the keypoints (frame numbers {shown}): they "
        "are treated as frames where nobody was found"
    ]


def _extent_size(frames: Sequence[Sequence[Person]]) -> tuple[int, int]:
    """The image size implied by the keypoints: their largest x and y (plus a 5% margin)."""
    top = np.zeros(2)
    for people in frames:
        for points, _ in people:
            finite = points[np.isfinite(points).all(axis=1)]
            if finite.size:
                top = np.maximum(top, finite.max(axis=0))
    return (max(1, math.ceil(top[0] * 1.05)), max(1, math.ceil(top[1] * 1.05)))


def assemble(parsed: ParsedKeypoints, path: Path, fps: float | None) -> KeypointImport:
    """Timing, missing frames, the subject and the image size, the same for every format."""
    if not parsed.frame_numbers:
        raise KeypointFileError(f"{path.name} holds no frames, so nothing can be measured")
    times, notes = _times(parsed, fps, path)
    if parsed.times_s is None:
        frames, gap_notes = _fill_gaps(parsed)
        notes += gap_notes
    else:
        frames = list(parsed.people)
    if len(times) > 1 and not np.all(np.diff(times) > 0):
        raise KeypointFileError(
            f"{path.name}: the frame times do not increase; check the file's time column"
        )
    size = parsed.image_size_px or _extent_size(frames)
    subject = follow_subject(frames, times, size)
    sequence = PoseSequence(
        timestamps_s=times,
        points_px=subject.points_px,
        visibility=subject.visibility,
        schema=BLAZEPOSE_33,
        image_size_px=size,
        backend=PoseBackend(f"{parsed.format}: {parsed.layout}", parsed.version or "unknown"),
    )
    declared = missing_note(parsed.layout, parsed.missing)
    warnings = [
        f"keypoints imported from {path.name} ({parsed.layout})",
        *parsed.notes,
        *notes,
        *([declared] if declared else []),
        *subject.warnings,
        *detection_warnings(subject.detected, times),
    ]
    estimate = PoseEstimate(
        sequence=sequence,
        detected=subject.detected,
        warnings=tuple(dict.fromkeys(warnings)),
        people_seen=subject.people_seen,
    )
    return KeypointImport(
        estimate=estimate,
        format=parsed.format,
        path=path,
        missing_landmarks=parsed.missing,
        image_size_known=parsed.image_size_px is not None,
    )


class ImportedPoseEstimator:
    """A pose back end returning imported keypoints for the frames of their video (so the
    annotated video can be drawn). A format that records no image size takes the video's."""

    def __init__(self, imported: KeypointImport) -> None:
        self.imported = imported

    @property
    def schema(self) -> KeypointSchema:
        return self.imported.sequence.schema

    @property
    def backend(self) -> PoseBackend:
        return self.imported.sequence.backend

    @property
    def needs_frames(self) -> bool:
        return False

    def estimate(
        self,
        frames: Iterable[Frame],
        *,
        image_size_px: tuple[int, int],
        expected_frames: int | None = None,
        on_progress: ProgressCallback | None = None,
    ) -> PoseEstimate:
        del frames, expected_frames  # the keypoints are already known
        stored = self.imported.estimate
        size = stored.sequence.image_size_px
        if self.imported.image_size_known and tuple(image_size_px) != size:
            raise KeypointFileError(
                f"the keypoints in {self.imported.path.name} were estimated on "
                f"{size[0]}x{size[1]} frames, not {image_size_px[0]}x{image_size_px[1]}: they "
                "belong to another video (or another rotation of it)"
            )
        seq = stored.sequence
        sequence = PoseSequence(
            seq.timestamps_s, seq.points_px, seq.visibility, seq.schema,
            tuple(image_size_px), seq.backend,  # type: ignore[arg-type]
        )  # fmt: skip
        if on_progress is not None:
            on_progress(seq.n_frames, seq.n_frames)
        note = f"keypoints read from {self.imported.path.name} (not re-estimated)"
        return dataclasses.replace(
            stored, sequence=sequence, warnings=tuple(dict.fromkeys((*stored.warnings, note)))
        )
