"""Checks from imported keypoints (any format ``load_keypoints`` reads), with or without the
video they came from, and the research exports (TRC, MOT) every check can write."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from glutecoach.domain.analysis import FrameTable
from glutecoach.errors import InputError
from glutecoach.vision.keypoint_import import ImportedPoseEstimator, KeypointImport, load_keypoints
from glutecoach.vision.marker_files import sampling_rate_hz
from glutecoach.vision.pipeline import VideoPose, estimate_video
from glutecoach.vision.research_export import ExportInput, export_files, exporter_names
from glutecoach.vision.video import DecodeReport, VideoInfo


@dataclass(frozen=True)
class KeypointSource:
    """Where a check's keypoints come from instead of the pose model: ``path`` (file or
    folder), its ``format`` (None: detected) and ``fps`` for formats without timing."""

    path: Path
    format: str | None = None
    fps: float | None = None


@dataclass(frozen=True)
class ResearchExports:
    """Which research files to write (``trc``, ``mot``) and the runner's height for metres."""

    names: tuple[str, ...] = ()
    runner_height_m: float | None = None

    def __post_init__(self) -> None:
        unknown = [n for n in self.names if n not in exporter_names()]
        if unknown:
            raise InputError(
                f"unknown export {', '.join(unknown)}; choose from {', '.join(exporter_names())}"
            )
        if self.runner_height_m is not None and "trc" not in self.names:
            raise InputError("--height-m scales the TRC export: add --export trc")


def keypoint_sha256(path: Path) -> str:
    """sha256 of a keypoint file, or of a folder's files in name order."""
    files = [path] if path.is_file() else sorted(p for p in path.iterdir() if p.is_file())
    digest = hashlib.sha256()
    for file in files:
        digest.update(file.name.encode())
        digest.update(file.read_bytes())
    return digest.hexdigest()


def source_info(imported: KeypointImport) -> VideoInfo:
    """The clip facts of keypoints read without a video: the keypoint source's path and hash,
    the keypoints' frame rate, length and image size; codec 'keypoints (<format>)'."""
    seq = imported.sequence
    width, height = seq.image_size_px
    return VideoInfo(
        path=imported.path,
        sha256=keypoint_sha256(imported.path),
        fps=sampling_rate_hz(seq.timestamps_s),
        frame_count=seq.n_frames,
        duration_s=seq.duration_s,
        width=width,
        height=height,
        rotation_deg=0,
        codec=f"keypoints ({imported.format})",
    )


def pose_from_keypoints(source: KeypointSource, video: Path | None) -> VideoPose:
    """The keypoints of ``source`` as a ``VideoPose``: against ``video`` when given (its
    size checked, or adopted by formats that record none), else on their own."""
    imported = load_keypoints(source.path, source.format, source.fps)
    if video is not None:
        return estimate_video(video, ImportedPoseEstimator(imported))
    info = imported.video if imported.video is not None else source_info(imported)
    report = DecodeReport(declared_frames=imported.sequence.n_frames, timestamps_from="keypoints")
    return VideoPose(info, report, imported.estimate, None)


def write_research_files(
    exports: ResearchExports, video_pose: VideoPose, frames: FrameTable | None, out_dir: Path
) -> dict[str, Path]:
    """The research files asked for, in ``out_dir``."""
    data = ExportInput(video_pose.sequence, frames, exports.runner_height_m)
    return export_files(exports.names, data, out_dir)


def check_sources(
    video: Path | None, keypoints: Path | None, exports: ResearchExports, out_dir: Path | None
) -> Path:
    """The input a check is named after (the video, else the keypoints); ``InputError`` when
    there is neither, or research exports are asked for without an output folder."""
    if exports.names and out_dir is None:
        raise InputError(f"--export {exports.names[0]} writes into a folder: add --out DIR")
    if video is not None:
        return video
    if keypoints is None:
        raise InputError("give a VIDEO, or keypoints with --keypoints PATH (or both)")
    return keypoints
