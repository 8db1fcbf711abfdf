"""The files every video check writes besides its own result: the keypoints (so the analysis
can be re-run without the pose model) and, when asked, the annotated video."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from glutecoach.errors import InputError
from glutecoach.vision.annotate import Overlays, write_annotated_video
from glutecoach.vision.keypoint_file import write_keypoints
from glutecoach.vision.pipeline import VideoPose

Progress = Callable[[str, int, int], None]
"""``(stage, done, total)``: stage is 'pose' or 'video'."""


def output_folder(out_dir: Path) -> Path:
    """Create ``out_dir``; an InputError naming it when that fails."""
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise InputError(f"cannot create the output folder {out_dir}: {exc.strerror}") from exc
    return out_dir


def write_pose_files(
    video_pose: VideoPose,
    out_dir: Path,
    overlays: Overlays | None,
    progress: Progress | None = None,
) -> dict[str, Path]:
    """Write ``keypoints.json`` and, when ``overlays`` are given, ``annotated.mp4``."""
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
            on_progress=report,
        )
        files["video"] = written.path
    return files
