"""Pipeline steps 1-2 in one call: a clip in, one person's keypoints out, with what went wrong.

``estimate_video(path, "mediapipe", target_fps=15)`` probes the clip, streams its frames (decoded
in a background thread, so decoding overlaps inference), optionally keeps about ``target_fps``
frames a second by their real timestamps, and runs the pose back end on them.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from glutecoach.domain.analysis import VideoSummary
from glutecoach.domain.pose import PoseSequence
from glutecoach.vision.backends import PoseEstimate, PoseEstimator, create_backend
from glutecoach.vision.progress import ProgressCallback
from glutecoach.vision.video import DecodeReport, VideoInfo, open_video, probe_video


@dataclass(frozen=True, eq=False)
class VideoPose:
    """The clip (as declared by its container), how decoding went, and the pose estimate."""

    video: VideoInfo
    decode: DecodeReport
    estimate: PoseEstimate
    target_fps: float | None

    @property
    def sequence(self) -> PoseSequence:
        return self.estimate.sequence

    @property
    def warnings(self) -> tuple[str, ...]:
        """Decoding warnings first (damaged file, broken timestamps), then the back end's."""
        return (*self.decode.warnings, *self.estimate.warnings)

    @property
    def decoded_video(self) -> VideoInfo:
        """``video`` with the frame count and duration actually decoded (they differ from the
        declared ones for a damaged file); for the report's ``video`` block."""
        report = self.decode
        if not report.reached_end or report.decoded_frames == 0:
            return self.video
        duration = report.last_timestamp_s + 1.0 / self.video.fps
        return replace(self.video, frame_count=report.decoded_frames, duration_s=duration)


def video_summary(video_pose: VideoPose) -> VideoSummary:
    """The clip's facts as an analysis result records them (decoded frame count and length)."""
    info = video_pose.decoded_video
    return VideoSummary(
        sha256=info.sha256,
        fps=info.fps,
        frame_count=info.frame_count,
        duration_s=info.duration_s,
        rotation_deg=info.rotation_deg,
        width_px=info.width,
        height_px=info.height,
    )


def estimate_video(
    path: str | Path,
    estimator: PoseEstimator | str = "mediapipe",
    *,
    target_fps: float | None = None,
    max_frames: int | None = None,
    threaded: bool = True,
    on_progress: ProgressCallback | None = None,
    info: VideoInfo | None = None,
    **backend_options: Any,
) -> VideoPose:
    """Estimate one person's pose over ``path``; see the module docstring.

    ``estimator`` is a back end or a registered name (then built with ``backend_options``).
    ``target_fps=None`` keeps every frame (needed for fast movements such as running).
    Raises ``VideoError`` for an unreadable clip; a clip without a person is a result
    (``estimate.person_found`` is False, with a warning), not an error.
    """
    if isinstance(estimator, str):
        backend = create_backend(estimator, **backend_options)
    elif backend_options:
        raise TypeError("back-end options go with a back-end name, not with a built back end")
    else:
        backend = estimator
    video = info if info is not None else probe_video(path)
    size = (video.width, video.height)
    if not backend.needs_frames:
        estimate = backend.estimate((), image_size_px=size, on_progress=on_progress)
        report = DecodeReport(declared_frames=video.frame_count, timestamps_from="keypoint file")
        return VideoPose(video, report, estimate, target_fps)
    stream = open_video(
        path,
        target_fps=target_fps,
        max_frames=max_frames,
        threaded=threaded,
        on_progress=on_progress,
        info=video,
    )
    with stream:
        estimate = backend.estimate(stream, image_size_px=size)
    return VideoPose(video, stream.report, estimate, target_fps)
