"""Draw the analysis on the original frames and write the annotated MP4.

The caller supplies the pose (any sample rate: it is interpolated to each frame's real time) and
``Overlays``: live readouts (angle values, optionally next to a joint), the reps (a rep counter),
and timed fault labels (a red banner plus the named joints circled in red on the frames where the
fault occurs). The person's left side is drawn in blue, the right in orange, as in the report.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from glutecoach.domain.pose import FloatArray, PoseSequence, Rep
from glutecoach.errors import VideoError
from glutecoach.vision._cv import cv2
from glutecoach.vision.banners import (
    Banner,
    TextStyle,
    banner_near,
    clear_of,
    draw_banner,
    layout_banners,
)
from glutecoach.vision.encoder import VideoEncoder
from glutecoach.vision.progress import ProgressCallback
from glutecoach.vision.readouts import AnyReadout, LegReadout, Readout
from glutecoach.vision.video import ImageArray, VideoInfo, open_video

LEFT_BGR = (176, 108, 43)  # blue, as in the HTML report
RIGHT_BGR = (32, 107, 221)  # orange, as in the HTML report
CENTRE_BGR = (235, 235, 235)
FAULT_BGR = (40, 40, 230)
PANEL_BGR = (20, 20, 20)
_CONNECTIONS = (
    ("left_shoulder", "right_shoulder"),
    ("left_hip", "right_hip"),
    ("left_shoulder", "left_hip"),
    ("right_shoulder", "right_hip"),
    ("left_shoulder", "left_elbow"),
    ("left_elbow", "left_wrist"),
    ("right_shoulder", "right_elbow"),
    ("right_elbow", "right_wrist"),
    ("left_hip", "left_knee"),
    ("left_knee", "left_ankle"),
    ("left_ankle", "left_heel"),
    ("left_heel", "left_foot_index"),
    ("left_ankle", "left_foot_index"),
    ("right_hip", "right_knee"),
    ("right_knee", "right_ankle"),
    ("right_ankle", "right_heel"),
    ("right_heel", "right_foot_index"),
    ("right_ankle", "right_foot_index"),
)


@dataclass(frozen=True)
class TimedLabel:
    """A label shown from ``start_s`` to ``end_s`` (e.g. a fault), circling ``keypoints``."""

    start_s: float
    end_s: float
    text: str
    keypoints: tuple[str, ...] = ()

    def active(self, t: float) -> bool:
        return self.start_s <= t <= self.end_s


REP_COUNTER = ("Reps", "rep")
"""What the counter calls what it counts, plural and singular (a gait check counts steps)."""


@dataclass(frozen=True)
class Overlays:
    """Everything drawn besides the skeleton. ``min_visibility`` hides unreliable joints."""

    readouts: tuple[AnyReadout, ...] = ()
    reps: tuple[Rep, ...] = ()
    faults: tuple[TimedLabel, ...] = ()
    title: str | None = None
    min_visibility: float = 0.5
    extra_lines: tuple[str, ...] = field(default_factory=tuple)
    counter: tuple[str, str] = REP_COUNTER
    """How the counter names what ``reps`` holds: plural for the total, singular for one."""


@dataclass(frozen=True)
class AnnotatedVideo:
    path: Path
    frames: int
    width: int
    height: int
    fps: float


def pose_at(pose: PoseSequence, t: float, max_gap_s: float = 0.5) -> tuple[FloatArray, FloatArray]:
    """Keypoints ``(K, 2)`` and visibility ``(K,)`` at time ``t``, linearly interpolated between
    the neighbouring samples (NaN / 0 where a neighbour is missing or they are too far apart)."""
    times = pose.timestamps_s
    k = len(pose.schema)
    j = int(np.searchsorted(times, t))
    if j < times.size and abs(times[j] - t) < 1e-9:
        return pose.points_px[j], pose.visibility[j]
    if j == 0 or j >= times.size:
        i = 0 if j == 0 else times.size - 1
        if abs(times[i] - t) <= max_gap_s / 2:
            return pose.points_px[i], pose.visibility[i]
        return np.full((k, 2), np.nan), np.zeros(k)
    t0, t1 = times[j - 1], times[j]
    if t1 - t0 > max_gap_s:
        i = j - 1 if t - t0 <= t1 - t else j
        if abs(times[i] - t) <= max_gap_s / 2:
            return pose.points_px[i], pose.visibility[i]
        return np.full((k, 2), np.nan), np.zeros(k)
    w = (t - t0) / (t1 - t0)
    points = (1 - w) * pose.points_px[j - 1] + w * pose.points_px[j]
    vis = np.minimum(pose.visibility[j - 1], pose.visibility[j])
    vis = np.where(np.isnan(points).any(axis=1), 0.0, vis)
    return points, vis


def _side_colour(name: str) -> tuple[int, int, int]:
    if name.startswith("left") or name.endswith("_left"):
        return LEFT_BGR
    if name.startswith("right") or name.endswith("_right"):
        return RIGHT_BGR
    return CENTRE_BGR


def annotate_frame(
    image: ImageArray,
    t: float,
    pose: PoseSequence,
    overlays: Overlays = Overlays(),
    *,
    scale: float = 1.0,
) -> ImageArray:
    """Draw skeleton, readouts, rep counter and active fault labels on ``image`` (in place; it
    is returned too). ``scale`` maps pose pixels to ``image`` pixels (when it was resized)."""
    height, width = image.shape[:2]
    unit = max(min(width, height) / 720.0, 0.4)
    thick = max(1, round(3 * unit))
    points, vis = pose_at(pose, t)
    points = points * scale
    names = pose.schema.names
    index = {name: i for i, name in enumerate(names)}
    seen = np.isfinite(points).all(axis=1) & (vis >= overlays.min_visibility)

    def xy(i: int) -> tuple[int, int]:
        return round(float(points[i, 0])), round(float(points[i, 1]))

    for a, b in _CONNECTIONS:
        if a in index and b in index and seen[index[a]] and seen[index[b]]:
            colour = _side_colour(a) if _side_colour(a) == _side_colour(b) else CENTRE_BGR
            cv2.line(image, xy(index[a]), xy(index[b]), colour, thick, cv2.LINE_AA)
    for i, name in enumerate(names):
        if seen[i] and not any(part in name for part in ("eye", "ear", "mouth")):
            cv2.circle(image, xy(i), thick + 2, _side_colour(name), -1, cv2.LINE_AA)

    active = [label for label in overlays.faults if label.active(t)]
    for label in active:
        for name in label.keypoints:
            j = index.get(name)
            if j is not None and seen[j]:
                cv2.circle(image, xy(j), round(18 * unit), FAULT_BGR, thick + 1, cv2.LINE_AA)

    style = TextStyle.for_frame(width, height)
    beside = dataclasses.replace(style, scale=style.scale * 0.85)
    banners = text_layout(overlays, t, (width, height), set(names), style)
    taken = [b.box for b in banners]
    for readout in overlays.readouts:
        joint = readout.keypoint_at(t)
        at = index.get(joint) if joint else None
        if at is not None and seen[at]:
            x, y = xy(at)
            tag = banner_near(readout.text(t), beside, (x + round(14 * unit), y), width, height)
            tag = clear_of(tag, taken, height, beside.line_px + beside.gap_px)
            taken.append(tag.box)
            draw_banner(image, tag, beside, CENTRE_BGR, PANEL_BGR)
    for banner in banners:
        if banner.alert:
            draw_banner(image, banner, style, (255, 255, 255), FAULT_BGR)
        else:
            draw_banner(image, banner, style, CENTRE_BGR, PANEL_BGR)
    return image


def text_layout(
    overlays: Overlays,
    t: float,
    size: tuple[int, int],
    joints: Collection[str],
    style: TextStyle | None = None,
) -> list[Banner]:
    """The panel and alert banners of a ``size`` (width, height) frame at ``t``: title, counter,
    the readouts not drawn beside one of ``joints``, extra lines; the active fault labels."""
    in_panel = []
    for readout in overlays.readouts:
        joint = readout.keypoint_at(t)
        if joint is None or joint not in joints:
            in_panel.append(readout.text(t))
    lines = [overlays.title] if overlays.title else []
    lines.append(counter_text(overlays.reps, t, overlays.counter))
    lines += in_panel
    lines += list(overlays.extra_lines)
    alerts = [label.text for label in overlays.faults if label.active(t)]
    return layout_banners(*size, lines, alerts, style)


def counter_text(reps: Sequence[Rep], t: float, counter: tuple[str, str] = REP_COUNTER) -> str:
    """The counter line at time ``t``: complete reps (or steps) so far and the one under way."""
    total, one = counter
    done = sum(1 for r in reps if r.end_s <= t and not r.partial)
    current = next((r for r in reps if r.start_s <= t <= r.end_s), None)
    if current is None:
        return f"{total}: {done}"
    side = "" if current.side == "both" else f" ({current.side})"
    return f"{total}: {done} | {one} {current.index}{side} in progress"


def output_size(width: int, height: int, max_side_px: int | None) -> tuple[int, int, float]:
    """Even output size no larger than ``max_side_px`` on its longer side, and the scale."""
    scale = 1.0
    if max_side_px is not None and max(width, height) > max_side_px:
        scale = max_side_px / max(width, height)
    out_w = max(2, int(width * scale) // 2 * 2)
    out_h = max(2, int(height * scale) // 2 * 2)
    return out_w, out_h, scale


def write_annotated_video(
    source: str | Path | VideoInfo,
    output: str | Path,
    pose: PoseSequence,
    overlays: Overlays = Overlays(),
    *,
    max_side_px: int | None = 1280,
    crf: int = 23,
    fps: float | None = None,
    on_progress: ProgressCallback | None = None,
) -> AnnotatedVideo:
    """Decode ``source`` again, draw on each frame kept, and write ``output`` (H.264 MP4).

    ``fps`` below the clip's rate keeps frames evenly by their real times (e.g. every other
    frame of a 30 fps clip for 15), which is what a check sampled at that rate measured; None
    keeps every frame. The pose must be in the upright frame of ``source`` (as the back ends
    report it).
    """
    stream = open_video(
        source.path if isinstance(source, VideoInfo) else source,
        info=source if isinstance(source, VideoInfo) else None,
        target_fps=fps,
        on_progress=on_progress,
    )
    info = stream.info
    out_fps = fps if fps is not None and fps < info.fps else info.fps
    pose_w, pose_h = pose.image_size_px
    if abs(pose_w / pose_h - info.width / info.height) > 0.02:
        raise VideoError(
            f"the pose was estimated on {pose_w}x{pose_h} frames but {info.path.name} is "
            f"{info.width}x{info.height}: it belongs to another video (or another rotation)"
        )
    out_w, out_h, _ = output_size(info.width, info.height, max_side_px)
    scale = out_w / pose_w
    with stream, VideoEncoder(output, (out_w, out_h), out_fps, crf=crf) as encoder:
        for frame in stream:
            image = frame.image
            if image.shape[1] != out_w or image.shape[0] != out_h:
                image = np.asarray(
                    cv2.resize(image, (out_w, out_h), interpolation=cv2.INTER_AREA), dtype=np.uint8
                )
            encoder.write(annotate_frame(image, frame.timestamp_s, pose, overlays, scale=scale))
    return AnnotatedVideo(Path(output), encoder.frames_written, out_w, out_h, out_fps)


__all__ = [
    "AnnotatedVideo",
    "LegReadout",
    "Overlays",
    "Readout",
    "TimedLabel",
    "annotate_frame",
    "counter_text",
    "output_size",
    "pose_at",
    "text_layout",
    "write_annotated_video",
]
