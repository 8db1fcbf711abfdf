"""The files every video check writes besides its own result: the keypoints (so the analysis
can be re-run without the pose model) and, when asked, the annotated video."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from glutecoach.vision.annotate import Overlays, write_annotated_video
from glutecoach.vision.keypoint_file import write_keypoints
from glutecoach.vision.pipeline import VideoPose
from glutecoach.vision.video import sample_stride

Progress = Callable[[str, int, int], None]
"""``(stage, done, total)``: stage is 'pose' or 'video'."""


def annotated_fps(video_pose: VideoPose) -> float | None:
    """The annotated video's frame rate: the clip's own when the pose ran on every frame (None);
    else the rate of the frames the pose model saw, every k-th frame (``sample_stride``: 30 fps
    at 12.5 Hz: 15 fps; 25 fps: 12.5 fps), so each frame shown is one the pose model saw.
    Drawing and encoding only those frames divides the video's cost by k."""
    source_fps = video_pose.video.fps
    step = sample_stride(source_fps, video_pose.target_fps)
    return source_fps / step if step > 1 else None


def write_pose_files(
    video_pose: VideoPose,
    out_dir: Path,
    overlays: Overlays | None,
    progress: Progress | None = None,
    *,
    full_rate_video: bool = False,
) -> dict[str, Path]:
    """Write ``keypoints.json`` and, when ``overlays`` are given, ``annotated.mp4`` (at
    ``annotated_fps``, or at the clip's own rate with ``full_rate_video``)."""
    files = {
        "keypoints": write_keypoints(
            out_dir / "keypoints.json", video_pose.estimate, video=video_pose.video
        )
    }
    if overlays is not None:

        def report(done: int, total: int) -> None:
            if progress is not None:
                progress("video", done, total)

        written = write_annotated_video(
            video_pose.video,
            out_dir / "annotated.mp4",
            video_pose.sequence,
            overlays,
            fps=None if full_rate_video else annotated_fps(video_pose),
            on_progress=report,
        )
        files["video"] = written.path
    return files
