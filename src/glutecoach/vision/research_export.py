"""Research exports of a check: registered exporters writing files other tools read.

Built in (registered the same way an extension would be):

* ``trc``: ``markers.trc``, the keypoints as 2D marker trajectories (``marker_files``): pixels,
  or metres when the runner's height is given (``scale_to_metres``).
* ``mot``: ``angles.mot``, glutecoach's per-frame angles (the ``*_deg`` columns of the check's
  frame table, named, signed and ranged as docs/research-formats.md lists) in degrees.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from glutecoach.domain.analysis import FrameTable
from glutecoach.domain.pose import FloatArray, PoseSequence
from glutecoach.errors import InputError
from glutecoach.vision.marker_files import image_markers, write_mot, write_trc

STANDING_HEIGHT_FRACTION = 0.818 - 0.039
"""Shoulder height minus ankle height as a fraction of standing height (0.818 and 0.039 in
Winter's anthropometric segment table; derived): ankle-knee + knee-hip + hip-shoulder."""


@dataclass(frozen=True, eq=False)
class ExportInput:
    """What an exporter may use: the raw keypoints, the check's per-frame measures and the
    runner's standing height in metres (None: pixels)."""

    sequence: PoseSequence
    frames: FrameTable | None
    runner_height_m: float | None = None


Exporter = Callable[[ExportInput, Path], Path]
"""Writes its file into the folder given and returns the file's path."""


@dataclass(frozen=True)
class ExporterEntry:
    name: str
    write: Exporter
    description: str


_EXPORTERS: dict[str, ExporterEntry] = {}


def register_exporter(
    name: str, write: Exporter, description: str, *, replace: bool = False
) -> None:
    if name in _EXPORTERS and not replace:
        raise ValueError(f"an exporter named {name!r} is already registered")
    _EXPORTERS[name] = ExporterEntry(name, write, description)


def exporter_names() -> tuple[str, ...]:
    return tuple(_EXPORTERS)


def export_files(names: Iterable[str], data: ExportInput, out_dir: Path) -> dict[str, Path]:
    """Run the named exporters into ``out_dir``; ``InputError`` for an unknown name."""
    written: dict[str, Path] = {}
    for name in names:
        entry = _EXPORTERS.get(name)
        if entry is None:
            raise InputError(f"unknown export {name!r}; choose from {', '.join(_EXPORTERS)}")
        written[name] = entry.write(data, out_dir)
    return written


def body_height_px(sequence: PoseSequence) -> float:
    """Standing height in pixels from the leg and trunk segments: the 90th percentile over
    frames and sides of each segment (a segment turned toward the camera looks shorter, never
    longer) summed and divided by ``STANDING_HEIGHT_FRACTION``; NaN if never seen."""
    total = 0.0
    for a, b in (("ankle", "knee"), ("knee", "hip"), ("hip", "shoulder")):
        lengths = np.concatenate(
            [
                np.linalg.norm(sequence.point(f"{s}_{a}") - sequence.point(f"{s}_{b}"), axis=1)
                for s in ("left", "right")
            ]
        )
        lengths = lengths[np.isfinite(lengths)]
        if lengths.size == 0:
            return float("nan")
        total += float(np.percentile(lengths, 90))
    return total / STANDING_HEIGHT_FRACTION


def scale_to_metres(sequence: PoseSequence, runner_height_m: float) -> float:
    """Metres per pixel for a runner of ``runner_height_m``; InputError when it cannot be
    known (the legs and trunk never seen) or the height is implausible."""
    if not 1.0 <= runner_height_m <= 2.5:
        raise InputError(
            f"--height-m {runner_height_m:g}: give the runner's standing height in metres "
            "(1.0 to 2.5)"
        )
    height_px = body_height_px(sequence)
    if not np.isfinite(height_px) or height_px <= 0:
        raise InputError(
            "the TRC cannot be scaled to metres: ankles, knees, hips and shoulders are never "
            "seen together; leave out --height-m to write pixels"
        )
    return runner_height_m / height_px


def _write_trc(data: ExportInput, out_dir: Path) -> Path:
    scale, units = 1.0, "px"
    if data.runner_height_m is not None:
        scale, units = scale_to_metres(data.sequence, data.runner_height_m), "m"
    names, xyz = image_markers(data.sequence, scale)
    return write_trc(out_dir / "markers.trc", data.sequence.timestamps_s, names, xyz, units)


def angle_columns(frames: FrameTable) -> list[tuple[str, FloatArray]]:
    """The frame table's angles: every ``*_deg`` column but the rep-finding signal."""
    return [
        (name, frames.column(name))
        for name in frames.names
        if name.endswith("_deg") and not name.startswith("signal_")
    ]


def _write_mot(data: ExportInput, out_dir: Path) -> Path:
    if data.frames is None:
        raise InputError("this check has no per-frame angles to write as MOT")
    return write_mot(out_dir / "angles.mot", data.frames.timestamps_s, angle_columns(data.frames))


register_exporter("trc", _write_trc, "markers.trc: the keypoints as 2D markers (px, or m)")
register_exporter("mot", _write_mot, "angles.mot: glutecoach's angles per frame, in degrees")
