"""MediaPipe BlazePose (full model) through the legacy ``mp.solutions.pose`` API, offline.

Only ``model_complexity=1`` is ever used: its model (``pose_landmark_full.tflite``) and the
person detector (``pose_detection.tflite``) ship inside the mediapipe 0.10.21 wheel. The lite
and heavy models (complexity 0 and 2) are not shipped and mediapipe would try to download them,
so they are not offered. Both model files are checked before anything starts.

Landmarks are converted to pixels of the upright frame; ``visibility`` is MediaPipe's own
(0..1). Mediapipe's temporal smoothing is off by default: the analysis applies its own
zero-phase filter on real timestamps, and a causal smoother would delay the bottom of each rep.

Several people: see ``tracking.py``. The subject is the most prominent person at the start,
then followed on a crop around their box from the previous frame, so the model cannot jump to
someone else; a lost subject is re-acquired near where they were last seen.

Speed: MediaPipe runs one graph on one core. With ``workers=2`` (the default on a machine with
two or more cores) frames go round-robin to two threads, each with its own tracking graph,
sharing the choice of subject and the (rarely used) whole-frame search graph; each tracker then
sees every other frame, which is ample for slow movements. Each graph holds about 110 MB.
"""

from __future__ import annotations

import os
import queue
import threading
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import numpy as np

from glutecoach.analysis.skeleton import BLAZEPOSE_33
from glutecoach.domain.pose import KeypointSchema, PoseBackend, PoseSequence
from glutecoach.errors import PoseBackendError, VideoError
from glutecoach.vision.backends import PoseEstimate, detection_warnings
from glutecoach.vision.progress import ProgressCallback, Throttle
from glutecoach.vision.tracking import Landmarks, SharedSubject, SubjectWorker
from glutecoach.vision.video import Frame

MODEL_COMPLEXITY = 1
MODEL_FILES = (
    "modules/pose_landmark/pose_landmark_full.tflite",
    "modules/pose_detection/pose_detection.tflite",
)
BACKEND_NAME = "mediapipe-blazepose-full"


def _import_mediapipe() -> Any:
    try:
        import mediapipe
    except ImportError as exc:  # pragma: no cover - depends on the installation
        raise PoseBackendError(
            f"the mediapipe package cannot be imported ({exc}); reinstall the project's locked "
            "dependencies (make) to use the MediaPipe pose back end"
        ) from exc
    return mediapipe


def check_models() -> Path:
    """The installed mediapipe package folder, after checking that both model files are there."""
    mediapipe = _import_mediapipe()
    package = Path(mediapipe.__file__).resolve().parent
    missing = [name for name in MODEL_FILES if not (package / name).is_file()]
    if missing:
        raise PoseBackendError(
            f"mediapipe {mediapipe.__version__} at {package} lacks its shipped pose model(s) "
            f"{', '.join(missing)}; glutecoach never downloads models. Install mediapipe==0.10.21 "
            "(it ships the full BlazePose model), e.g. by re-running make."
        )
    return package


class MediaPipePoseEstimator:
    """The default pose back end. See the module docstring for the policy."""

    def __init__(
        self,
        *,
        min_detection_confidence: float = 0.5,
        min_tracking_confidence: float = 0.5,
        smooth_landmarks: bool = False,
        follow_subject: bool = True,
        scan_interval_s: float = 2.0,
        max_people: int = 3,
        workers: int | None = None,
    ) -> None:
        for name, value in (
            ("min_detection_confidence", min_detection_confidence),
            ("min_tracking_confidence", min_tracking_confidence),
        ):
            if not 0.0 <= value <= 1.0:
                raise ValueError(f"{name} must be within 0..1, got {value}")
        if max_people < 1:
            raise ValueError(f"max_people must be at least 1, got {max_people}")
        if workers is not None and workers < 1:
            raise ValueError(f"workers must be at least 1, got {workers}")
        check_models()
        self._mp = _import_mediapipe()
        self._min_detection = min_detection_confidence
        self._min_tracking = min_tracking_confidence
        self._smooth = smooth_landmarks
        self._follow = follow_subject
        self._scan_interval_s = scan_interval_s
        self._max_people = max_people
        self._workers = workers or min(2, os.cpu_count() or 1)
        self._backend = PoseBackend(BACKEND_NAME, str(self._mp.__version__))

    @property
    def schema(self) -> KeypointSchema:
        return BLAZEPOSE_33

    @property
    def backend(self) -> PoseBackend:
        return self._backend

    @property
    def needs_frames(self) -> bool:
        return True

    def _pose(self, *, static: bool) -> Any:
        return self._mp.solutions.pose.Pose(
            static_image_mode=static,
            model_complexity=MODEL_COMPLEXITY,
            smooth_landmarks=self._smooth,
            enable_segmentation=False,
            min_detection_confidence=self._min_detection,
            min_tracking_confidence=self._min_tracking,
        )

    def _start(self, shared: SharedSubject, count: int) -> tuple[list[SubjectWorker], list[Any]]:
        """``count`` workers, each with its own tracking graph, sharing one scanning graph (whole
        frame searches are rare; every graph holds about 110 MB)."""
        graphs: list[Any] = []
        try:
            scanner = self._pose(static=True)
            graphs.append(scanner)
            for _ in range(count):
                graphs.append(self._pose(static=False))
        except Exception as exc:  # the graph failed to start: a back-end problem, said once
            for graph in graphs:
                graph.close()
            raise PoseBackendError(f"MediaPipe pose could not start: {exc}") from exc
        workers = [
            SubjectWorker(
                tracker, scanner, shared, follow=self._follow, max_people=self._max_people
            )
            for tracker in graphs[1:]
        ]
        return workers, graphs

    def estimate(
        self,
        frames: Iterable[Frame],
        *,
        image_size_px: tuple[int, int],
        expected_frames: int | None = None,
        on_progress: ProgressCallback | None = None,
    ) -> PoseEstimate:
        size = (int(image_size_px[0]), int(image_size_px[1]))
        shared = SharedSubject(self._scan_interval_s)
        progress = Throttle(on_progress)
        if self._workers == 1:
            samples = self._run_serial(frames, size, shared, expected_frames, progress)
        else:
            samples = self._run_parallel(frames, size, shared, expected_frames, progress)
        if not samples:
            raise VideoError("the video gave no frames to estimate poses on")
        progress(len(samples), expected_frames or len(samples), final=True)
        k = len(BLAZEPOSE_33)
        points = np.full((len(samples), k, 2), np.nan)
        vis = np.zeros((len(samples), k))
        detected = np.zeros(len(samples), dtype=np.bool_)
        for i, (_, _, found) in enumerate(samples):
            if found is not None:
                points[i], vis[i], detected[i] = found[0], found[1], True
        times = [t for _, t, _ in samples]
        sequence = PoseSequence(
            timestamps_s=np.asarray(times),
            points_px=points,
            visibility=vis,
            schema=BLAZEPOSE_33,
            image_size_px=size,
            backend=self._backend,
        )
        warnings = detection_warnings(detected, times) + shared.warnings(size)
        return PoseEstimate(
            sequence=sequence,
            detected=detected,
            warnings=tuple(warnings),
            people_seen=shared.people_seen,
            frame_indices=np.asarray([i for i, _, _ in samples], dtype=np.int64),
        )

    def _run_serial(
        self,
        frames: Iterable[Frame],
        size: tuple[int, int],
        shared: SharedSubject,
        expected: int | None,
        progress: Throttle,
    ) -> list[_Sample]:
        (worker,), graphs = self._start(shared, 1)
        samples: list[_Sample] = []
        try:
            for frame in frames:
                _check_size(frame, size)
                samples.append((frame.index, frame.timestamp_s, worker.process(frame)))
                progress(len(samples), expected or len(samples))
        finally:
            for graph in graphs:
                graph.close()
        return samples

    def _run_parallel(
        self,
        frames: Iterable[Frame],
        size: tuple[int, int],
        shared: SharedSubject,
        expected: int | None,
        progress: Throttle,
    ) -> list[_Sample]:
        """Frames go round-robin to one worker thread each with its own tracking graph; each
        worker tracks on every n-th frame (ample for the slow movements checked here). This
        thread decides when scans are due and every frame is finished with ``shared``, even on
        an error, so the workers' shared choices do not depend on their timing."""
        inboxes: list[queue.Queue[tuple[int, Frame, bool] | None]] = [
            queue.Queue(maxsize=2) for _ in range(self._workers)
        ]
        results: dict[int, _Sample] = {}
        errors: list[BaseException] = []
        workers, graphs = self._start(shared, self._workers)

        def run(worker: SubjectWorker, inbox: queue.Queue[tuple[int, Frame, bool] | None]) -> None:
            while (item := inbox.get()) is not None:
                slot, frame, scan_due = item
                try:
                    if not errors:
                        found = worker.process(frame, slot=slot, scan_due=scan_due)
                        results[slot] = (frame.index, frame.timestamp_s, found)
                except BaseException as exc:  # re-raised in the calling thread
                    errors.append(exc)
                finally:
                    shared.finish(slot)

        threads = [
            threading.Thread(target=run, args=(w, box), name=f"pose-{i}", daemon=True)
            for i, (w, box) in enumerate(zip(workers, inboxes, strict=True))
        ]
        for thread in threads:
            thread.start()
        count = 0
        try:
            for frame in frames:
                if errors:
                    break
                _check_size(frame, size)
                scan_due = shared.scan_due(frame.timestamp_s)
                inboxes[count % self._workers].put((count, frame, scan_due))
                count += 1
                progress(max(count - 2 * self._workers, 0), expected or count)
        finally:
            for inbox in inboxes:
                inbox.put(None)
            for thread in threads:
                thread.join()
            for graph in graphs:
                graph.close()
        if errors:
            raise errors[0]
        return [results[slot] for slot in range(count)]


_Sample = tuple[int, float, Landmarks | None]


def _check_size(frame: Frame, size: tuple[int, int]) -> None:
    height, width = frame.image.shape[:2]
    if (width, height) != size:
        raise VideoError(
            f"frame {frame.index} is {width}x{height}, expected {size[0]}x{size[1]}: the video "
            "changes size midway; export it again at one resolution"
        )
