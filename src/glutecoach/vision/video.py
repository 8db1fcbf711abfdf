"""Video in: probe a clip, then stream its frames upright with their real timestamps.

* ``probe_video(path)`` checks the file (exists, not empty, a video, at least one frame decodes)
  and returns a ``VideoInfo``; every problem is a ``VideoError`` naming the problem and the fix.
* ``open_video(path, ...)`` returns a ``FrameStream``: iterate it for ``Frame`` objects. Frames are
  decoded one at a time (optionally in a background thread with a bounded queue, so decoding
  overlaps the caller's work), so memory stays flat however long the clip is.

Rotation: phone clips often store portrait video as landscape pixels plus a display rotation.
OpenCV's FFmpeg back end is asked to apply it (``CAP_PROP_ORIENTATION_AUTO``); if it refuses,
the frames are rotated here. Frames, sizes and keypoints are always in the upright image.

Timestamps: each frame's presentation time (``CAP_PROP_POS_MSEC``), shifted so the first frame is
0 s, so a variable frame rate is represented faithfully. If the container's times are missing
or go backwards, the stream switches to frame number / frame rate from that frame on, and says so
in its warnings.

Damaged files: when decoding stops well before the frame count the container declares (a file
corrupt or truncated halfway), the frames that did decode are delivered and a warning says how
many; only a file from which no frame at all decodes is an error.
"""

from __future__ import annotations

import contextlib
import math
import queue
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType

import numpy as np
from numpy.typing import NDArray

from glutecoach.errors import VideoError
from glutecoach.vision._cv import cv2
from glutecoach.vision.progress import ProgressCallback, Throttle
from glutecoach.vision.sniff import (
    check_readable_file,
    describe_unreadable,
    file_sha256,
    refuse_non_video,
)

ImageArray = NDArray[np.uint8]

_ROTATE_CODES = {
    90: cv2.ROTATE_90_CLOCKWISE,
    180: cv2.ROTATE_180,
    270: cv2.ROTATE_90_COUNTERCLOCKWISE,
}
_DEFAULT_FPS = 30.0
# Decoding may stop this many frames short of the declared count without a warning: containers
# often declare one or two frames more than they hold.
_MISSING_FRAMES_TOLERANCE = 2


@dataclass(frozen=True)
class VideoInfo:
    """What a clip is, recorded with every analysis.

    ``width``/``height`` are those of the upright frames (after ``rotation_deg``, the clockwise
    rotation applied from the stored pixels). ``fps`` is the container's nominal rate;
    ``frame_count`` and ``duration_s`` are what the container declares (a damaged file may
    decode fewer frames: see ``DecodeReport``). ``sha256`` identifies the exact file.
    """

    path: Path
    sha256: str
    fps: float
    frame_count: int
    duration_s: float
    width: int
    height: int
    rotation_deg: int
    codec: str


@dataclass(frozen=True, eq=False)
class Frame:
    """One decoded frame: ``index`` counts every decoded frame from 0 (kept or skipped),
    ``timestamp_s`` is its real time from the first frame, ``image`` is upright BGR uint8."""

    index: int
    timestamp_s: float
    image: ImageArray


@dataclass
class DecodeReport:
    """How a stream went; complete once iteration has finished."""

    declared_frames: int
    decoded_frames: int = 0
    kept_frames: int = 0
    last_timestamp_s: float = 0.0
    timestamps_from: str = "container"
    reached_end: bool = False
    warnings: list[str] = field(default_factory=list)


def _fourcc(cap: cv2.VideoCapture) -> str:
    code = int(cap.get(cv2.CAP_PROP_FOURCC))
    text = "".join(chr((code >> (8 * i)) & 0xFF) for i in range(4)).strip().strip("\x00")
    return text if text.isprintable() and text else "unknown"


def _open_capture(path: Path) -> tuple[cv2.VideoCapture, int, bool]:
    """Open with FFmpeg and auto-rotation; returns (capture, rotation_deg, rotate_here)."""
    cap = cv2.VideoCapture(str(path), cv2.CAP_FFMPEG)
    if not cap.isOpened():
        cap.release()
        raise VideoError(describe_unreadable(path))
    meta = cap.get(cv2.CAP_PROP_ORIENTATION_META)
    rotation = round(meta) % 360 if math.isfinite(meta) else 0
    if rotation not in _ROTATE_CODES:
        rotation = 0
    auto = bool(cap.set(cv2.CAP_PROP_ORIENTATION_AUTO, 1)) if rotation else True
    return cap, rotation, not auto


def _nominal_fps(cap: cv2.VideoCapture) -> float:
    fps = float(cap.get(cv2.CAP_PROP_FPS))
    return fps if math.isfinite(fps) and 0.5 <= fps <= 1000.0 else 0.0


def probe_video(path: str | Path) -> VideoInfo:
    """Check that ``path`` is a readable video and describe it; ``VideoError`` otherwise."""
    path = Path(path)
    check_readable_file(path)
    refuse_non_video(path)
    cap, rotation, rotate_here = _open_capture(path)
    try:
        codec = _fourcc(cap)
        fps = _nominal_fps(cap)
        declared = int(max(cap.get(cv2.CAP_PROP_FRAME_COUNT), 0))
        ok, image = cap.read()
        if not ok or image is None or image.size == 0:
            raise VideoError(
                f"{path.name} opened as a {codec} video but no frame could be decoded: the file "
                "is damaged or uses a codec that cannot be decoded here. Export or copy the clip "
                "again as MP4 (H.264)."
            )
        if rotate_here:
            image = cv2.rotate(image, _ROTATE_CODES[rotation])
    finally:
        cap.release()
    height, width = image.shape[:2]
    declared = max(declared, 1)
    duration = declared / fps if fps else 0.0
    return VideoInfo(
        path=path,
        sha256=file_sha256(path),
        fps=fps or _DEFAULT_FPS,
        frame_count=declared,
        duration_s=duration,
        width=int(width),
        height=int(height),
        rotation_deg=rotation,
        codec=codec,
    )


class _Timestamps:
    """Real frame times, falling back to index / fps (sticky) when the container's are broken."""

    def __init__(self, fps: float, report: DecodeReport) -> None:
        self._fps = fps
        self._report = report
        self._origin: float | None = None
        self._last_raw = -math.inf
        self._last_t = 0.0
        self._last_i = 0
        self._fallback = False

    def __call__(self, index: int, raw_ms: float) -> float:
        if not self._fallback:
            raw = raw_ms / 1000.0
            if self._origin is None and math.isfinite(raw) and raw >= 0:
                self._origin = raw
            if self._origin is not None and math.isfinite(raw) and raw > self._last_raw:
                self._last_raw = raw
                self._last_t, self._last_i = raw - self._origin, index
                return self._last_t
            self._fallback = True
            self._report.timestamps_from = "index/fps"
            self._report.warnings.append(
                f"the video's frame timestamps are missing or out of order from frame {index} "
                f"(about {self._last_t:.2f} s); times from there on are frame number / frame "
                f"rate ({self._fps:g} fps), so any variable frame rate there is not represented"
            )
        return self._last_t + (index - self._last_i) / self._fps


def sample_stride(source_fps: float, min_rate_hz: float | None) -> int:
    """The largest whole number of frames k with ``source_fps / k`` at or above
    ``min_rate_hz`` (1 when None or when the clip is not faster): keeping every k-th frame
    spaces the samples evenly, which the low-pass filter assumes, and never samples more
    sparsely than asked. With the analysis's 12.5 Hz (``AnalysisParams.analysis_rate_hz``):
    25 fps -> every 2nd frame (12.5 Hz), 30 -> 2 (15 Hz), 50 -> 4 (12.5 Hz), 60 -> 4 (15 Hz),
    24 -> 1 (every frame)."""
    if not min_rate_hz or min_rate_hz <= 0 or source_fps <= min_rate_hz:
        return 1
    return max(1, math.floor(source_fps / min_rate_hz * (1 + 1e-9)))


class _Sampler:
    """Keep every ``sample_stride``-th frame, by real time (None keeps every frame): frames
    ``stride / source_fps`` apart, so a clip with a variable frame rate is sampled evenly in
    time too."""

    def __init__(self, min_rate_hz: float | None, source_fps: float) -> None:
        stride = sample_stride(source_fps, min_rate_hz)
        self._period = stride / source_fps if stride > 1 else 0.0
        self._tolerance = 0.25 / source_fps
        self._next = 0.0

    def keep(self, t: float) -> bool:
        if self._period <= 0.0:
            return True
        if t + self._tolerance < self._next:
            return False
        self._next = max(self._next + self._period, t + self._period / 2)
        return True


_END = object()


class FrameStream:
    """An iterable of upright ``Frame`` objects with real timestamps; use once, then close.

    ``target_fps`` keeps every k-th frame (``sample_stride``: evenly spaced, at or above that
    rate), by their real times (skipped frames are decoded, since video codecs need them, but
    never converted to images); ``None`` keeps every frame. ``max_frames`` stops after that
    many kept frames. ``threaded`` decodes in a background thread into a queue of at most
    ``queue_size`` frames. After iteration, ``report`` says how many frames decoded and
    carries the warnings.
    """

    def __init__(
        self,
        info: VideoInfo,
        *,
        target_fps: float | None = None,
        max_frames: int | None = None,
        threaded: bool = True,
        queue_size: int = 8,
        on_progress: ProgressCallback | None = None,
    ) -> None:
        if target_fps is not None and target_fps <= 0:
            raise ValueError(f"target_fps must be positive or None, got {target_fps}")
        if max_frames is not None and max_frames < 1:
            raise ValueError(f"max_frames must be at least 1 or None, got {max_frames}")
        self.info = info
        self.report = DecodeReport(declared_frames=info.frame_count)
        self._target_fps = target_fps if target_fps and target_fps < info.fps else None
        self._max_frames = max_frames
        self._threaded = threaded
        self._queue: queue.Queue[object] = queue.Queue(maxsize=max(1, queue_size))
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._progress = Throttle(on_progress)
        self._used = False

    @property
    def warnings(self) -> tuple[str, ...]:
        return tuple(self.report.warnings)

    def __enter__(self) -> FrameStream:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def __iter__(self) -> Iterator[Frame]:
        if self._used:
            raise RuntimeError("a FrameStream can be iterated only once; open the video again")
        self._used = True
        total = self.info.frame_count
        for frame in self._frames():
            self._progress(frame.index + 1, total)
            yield frame
        self._progress(self.report.decoded_frames, total, final=True)

    def _frames(self) -> Iterator[Frame]:
        if not self._threaded:
            yield from self._decode()
            return
        self._thread = threading.Thread(target=self._produce, name="video-decode", daemon=True)
        self._thread.start()
        try:
            while True:
                item = self._queue.get()
                if item is _END:
                    return
                if isinstance(item, BaseException):
                    raise item
                assert isinstance(item, Frame)
                yield item
        finally:
            self.close()

    def close(self) -> None:
        """Stop decoding (if still running) and release the file."""
        self._stop.set()
        thread = self._thread
        if thread is not None:
            while thread.is_alive():
                with contextlib.suppress(queue.Empty):
                    self._queue.get(timeout=0.05)
            thread.join()
            self._thread = None

    def _put(self, item: object) -> bool:
        while not self._stop.is_set():
            try:
                self._queue.put(item, timeout=0.05)
                return True
            except queue.Full:
                continue
        return False

    def _produce(self) -> None:
        try:
            for frame in self._decode():
                if not self._put(frame):
                    return
        except BaseException as exc:  # handed to the consumer thread, which re-raises it
            self._put(exc)
            return
        self._put(_END)

    def _decode(self) -> Iterator[Frame]:
        info, report = self.info, self.report
        cap, rotation, rotate_here = _open_capture(info.path)
        times = _Timestamps(info.fps, report)
        sampler = _Sampler(self._target_fps, info.fps)
        index = -1
        try:
            while not self._stop.is_set():
                if self._max_frames is not None and report.kept_frames >= self._max_frames:
                    break
                if not cap.grab():
                    report.reached_end = True
                    break
                index += 1
                t = times(index, float(cap.get(cv2.CAP_PROP_POS_MSEC)))
                report.decoded_frames, report.last_timestamp_s = index + 1, t
                if not sampler.keep(t):
                    continue
                ok, image = cap.retrieve()
                if not ok or image is None:
                    report.reached_end = True
                    break
                if rotate_here:
                    image = cv2.rotate(image, _ROTATE_CODES[rotation])
                report.kept_frames += 1
                yield Frame(index=index, timestamp_s=t, image=np.asarray(image, dtype=np.uint8))
        finally:
            cap.release()
        self._finish()

    def _finish(self) -> None:
        info, report = self.info, self.report
        if report.decoded_frames == 0 and report.reached_end:
            raise VideoError(
                f"no frame of {info.path.name} could be decoded: the file is damaged. Export or "
                "copy the clip again."
            )
        missing = info.frame_count - report.decoded_frames
        if report.reached_end and missing > max(_MISSING_FRAMES_TOLERANCE, 0.02 * info.frame_count):
            report.warnings.append(
                f"only {report.decoded_frames} of the {info.frame_count} frames that "
                f"{info.path.name} declares could be decoded (up to "
                f"{report.last_timestamp_s:.2f} s of about {info.duration_s:.2f} s): the file "
                "is damaged or truncated after that point, so only the decoded part is analysed. "
                "Copy or export the original clip again to analyse all of it."
            )


def open_video(
    path: str | Path,
    *,
    target_fps: float | None = None,
    max_frames: int | None = None,
    threaded: bool = True,
    queue_size: int = 8,
    on_progress: ProgressCallback | None = None,
    info: VideoInfo | None = None,
) -> FrameStream:
    """Probe ``path`` (unless ``info`` is given) and return a ``FrameStream`` over its frames."""
    return FrameStream(
        info if info is not None else probe_video(path),
        target_fps=target_fps,
        max_frames=max_frames,
        threaded=threaded,
        queue_size=queue_size,
        on_progress=on_progress,
    )
