"""The options ``check`` and ``gait`` share for researchers: keypoints in, TRC/MOT out."""

from __future__ import annotations

from enum import StrEnum

import typer


class KeypointFormat(StrEnum):
    openpose = "openpose"
    coco = "coco"
    trc = "trc"
    glutecoach = "glutecoach"


class ExportFormat(StrEnum):
    trc = "trc"
    mot = "mot"


VIDEO_ARGUMENT = typer.Argument(
    None, help="The video file (mp4, mov, avi, webm, gif); optional with --keypoints."
)
KEYPOINTS_OPTION = typer.Option(
    None,
    "--keypoints",
    help="Analyse keypoints from a file or folder instead of running the pose model: OpenPose "
    "JSON folder, COCO keypoint JSON, TRC, or glutecoach's keypoints.json "
    "(docs/research-formats.md).",
)
KEYPOINT_FORMAT_OPTION = typer.Option(
    None, "--keypoint-format", help="Format of --keypoints (default: detected from the content)."
)
FPS_OPTION = typer.Option(
    None,
    "--fps",
    min=0.001,
    help="Frame rate of the keypoints' video, for formats without timing (OpenPose, COCO).",
)
EXPORT_OPTION = typer.Option(
    [],
    "--export",
    help="Also write markers.trc (keypoints) or angles.mot (angles) into --out; repeatable.",
)
HEIGHT_OPTION = typer.Option(
    None,
    "--height-m",
    help="The runner's standing height in metres: markers.trc in metres instead of pixels.",
)


def format_name(value: KeypointFormat | None) -> str | None:
    return None if value is None else value.value


def export_names(values: list[ExportFormat]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(v.value for v in values))


__all__ = [
    "EXPORT_OPTION",
    "FPS_OPTION",
    "HEIGHT_OPTION",
    "KEYPOINTS_OPTION",
    "KEYPOINT_FORMAT_OPTION",
    "VIDEO_ARGUMENT",
    "ExportFormat",
    "KeypointFormat",
    "export_names",
    "format_name",
]
