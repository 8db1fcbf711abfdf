"""A labelled corpus of keypoint series changed the ways real footage differs.

A ``CorpusBase`` is one person's keypoints with KNOWN reps (their start, extreme and end) and
holds: our own pose estimates of real clips (checked against their manifest truth) or the
synthetic series of ``analysis.synthetic``. Each transform in ``TRANSFORMS`` changes it the way
another phone, person or set would, keeping the truth known by construction:

* ``touch_and_go``: the return to rest and the rest between two reps on the same side are cut
  out (the signal turns back at about a fifth of its depth), with a 0.2 s blend at the joint;
* ``cut_start`` / ``cut_end``: the clip starts 0.6 of the first rep's way down (at most 1.5 s)
  before its extreme, or ends 0.3 of the last rep's way back (at most 1.5 s) before its end:
  its extreme filmed, so it still counts;
* ``slow`` / ``fast``: every movement 1.4 or 0.7 times as long, resampled at the clip's rate;
* ``pause``: a 1.5 s pause at each rep's extreme (the frame held, with 0.3 % jitter);
* ``tremor``: a 5 Hz shake of 1.5 % of the trunk length plus 0.5 % landmark noise throughout;
* ``pan_zoom``: a handheld camera: per frame zoom 0.87-1.15x, a pan of 15 % of the width and
  a 3 Hz shake of 1 %, applied to the keypoints about the image centre;
* ``dropped``: 12 % of the frames dropped at random plus a 0.3 s burst;
* ``second_person``: for 1 s in a rest between reps (or before the first) the keypoints jump
  to a standing figure 35 % of the width away, 80 % of the size (the pose model latching onto
  a passer-by);
* ``mirrored``: the picture flipped left to right (a selfie camera).

A holds-only base (a side plank) takes the transforms that keep a hold a hold (tempo, tremor,
camera, dropped frames, mirroring). Each ``CorpusItem`` keeps the base's exercise, count and
holds. Everything is deterministic for a given seed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

import numpy as np

from glutecoach.domain.pose import BoolArray, FloatArray, PoseSequence, Rep


@dataclass(frozen=True, eq=False)
class CorpusBase:
    """Keypoints with known reps and holds (``holds`` as ``(start_s, end_s)``)."""

    name: str
    exercise: str
    pose: PoseSequence
    reps: tuple[Rep, ...]
    holds: tuple[tuple[float, float], ...] = ()
    view: str | None = None

    @property
    def count(self) -> int:
        return len(self.reps)


@dataclass(frozen=True, eq=False)
class CorpusItem:
    """One transformed series and its truth."""

    base: str
    transform: str
    exercise: str
    pose: PoseSequence
    count: int
    holds: int
    view: str | None

    @property
    def name(self) -> str:
        return f"{self.base}/{self.transform}"


def _with(pose: PoseSequence, points: FloatArray, vis: FloatArray | None = None) -> PoseSequence:
    """``pose`` with new points (and visibility); a point made NaN gets visibility 0."""
    visibility = (pose.visibility if vis is None else vis).copy()
    visibility[np.isnan(points).any(axis=-1)] = 0.0
    return pose.with_points(points, visibility)


def _subset(pose: PoseSequence, keep: BoolArray, t: FloatArray | None = None) -> PoseSequence:
    return replace(
        pose,
        timestamps_s=pose.timestamps_s[keep] if t is None else t,
        points_px=pose.points_px[keep],
        visibility=pose.visibility[keep],
    )


def _splice(pose: PoseSequence, cuts: list[tuple[float, float]]) -> PoseSequence:
    """``pose`` without the spans in ``cuts``, time closed up, each joint blended over 0.2 s."""
    t = pose.timestamps_s
    keep = np.ones(t.size, dtype=np.bool_)
    for a, b in cuts:
        keep &= ~((t > a) & (t < b))
    dt = np.diff(t, prepend=t[0])
    dt[0] = 0.0
    new_t = np.cumsum(np.where(keep, dt, 0.0))[keep]
    new_t = t[0] + new_t - new_t[0]
    out = _subset(pose, keep, new_t)
    points = out.points_px.copy()
    for a, _ in cuts:  # blend 0.1 s either side of each joint
        joint = int(np.searchsorted(t[keep], a))
        lo, hi = max(joint - 2, 0), min(joint + 2, new_t.size - 1)
        if hi - lo >= 2:
            w = np.linspace(0.0, 1.0, hi - lo + 1)[:, None, None]
            points[lo : hi + 1] = (1 - w) * points[lo] + w * points[hi]
    return _with(out, points)


def touch_and_go(base: CorpusBase, rng: np.random.Generator) -> CorpusBase | None:
    del rng
    cuts = [
        (a.end_s - 0.3 * (a.end_s - a.bottom_s), b.start_s + 0.3 * (b.bottom_s - b.start_s))
        for a, b in zip(base.reps[:-1], base.reps[1:], strict=True)
        if a.side == b.side
    ]
    if not cuts:
        return None
    return replace(base, pose=_splice(base.pose, cuts))


def cut_start(base: CorpusBase, rng: np.random.Generator) -> CorpusBase | None:
    del rng
    if not base.reps:
        return None
    first = base.reps[0]
    at = first.bottom_s - 0.6 * min(first.bottom_s - first.start_s, 1.5)
    return replace(base, pose=_subset(base.pose, base.pose.timestamps_s >= at))


def cut_end(base: CorpusBase, rng: np.random.Generator) -> CorpusBase | None:
    del rng
    if not base.reps:
        return None
    last = base.reps[-1]
    at = last.end_s - 0.3 * min(last.end_s - last.bottom_s, 1.5)
    return replace(base, pose=_subset(base.pose, base.pose.timestamps_s <= at))


def _tempo(factor: float) -> Callable[[CorpusBase, np.random.Generator], CorpusBase | None]:
    """The movement ``factor`` times as long, sampled at the clip's own rate (linear
    interpolation between samples; a sample next to a missing one stays missing)."""

    def change(base: CorpusBase, rng: np.random.Generator) -> CorpusBase | None:
        del rng
        pose, t = base.pose, base.pose.timestamps_s
        step = float(np.median(np.diff(t)))
        stretched = t[0] + (t - t[0]) * factor
        new_t = np.arange(stretched[0], stretched[-1], step)
        pos = np.interp(new_t, stretched, np.arange(t.size, dtype=np.float64))
        lo = np.floor(pos).astype(int)
        hi = np.minimum(lo + 1, t.size - 1)
        w = (pos - lo)[:, None, None]
        points = (1 - w) * pose.points_px[lo] + w * pose.points_px[hi]
        vis = np.minimum(pose.visibility[lo], pose.visibility[hi])
        moved = replace(pose, timestamps_s=new_t, points_px=pose.points_px[lo],
                        visibility=pose.visibility[lo])  # fmt: skip
        return replace(base, pose=_with(moved, points, vis))

    return change


def pause(base: CorpusBase, rng: np.random.Generator) -> CorpusBase | None:
    if not base.reps:
        return None
    pose, t = base.pose, base.pose.timestamps_s
    step = float(np.median(np.diff(t)))
    index = np.arange(t.size)
    extra = round(1.5 / step)
    for rep in reversed(base.reps):
        at = int(np.searchsorted(t, rep.bottom_s))
        index = np.concatenate([index[: at + 1], np.full(extra, index[at]), index[at + 1 :]])
    points = pose.points_px[index] * (1 + rng.normal(0.0, 0.003, (index.size, 1, 1)))
    new_t = t[0] + step * np.arange(index.size)
    return replace(base, pose=replace(pose, timestamps_s=new_t, points_px=points,
                                      visibility=pose.visibility[index]))  # fmt: skip


def _trunk_px(pose: PoseSequence) -> float:
    mid = (pose.point("left_hip") + pose.point("right_hip")) / 2
    top = (pose.point("left_shoulder") + pose.point("right_shoulder")) / 2
    length = np.linalg.norm(top - mid, axis=1)
    return float(np.nanmedian(length))


def tremor(base: CorpusBase, rng: np.random.Generator) -> CorpusBase | None:
    pose, t = base.pose, base.pose.timestamps_s
    size = _trunk_px(pose)
    phase = rng.uniform(0, 2 * np.pi, 2)
    shake = 0.015 * size * np.stack([np.sin(2 * np.pi * 5 * t + phase[0]),
                                     np.cos(2 * np.pi * 5 * t + phase[1])], axis=1)  # fmt: skip
    noise = rng.normal(0.0, 0.005 * size, pose.points_px.shape)
    return replace(base, pose=_with(pose, pose.points_px + shake[:, None, :] + noise))


def pan_zoom(base: CorpusBase, rng: np.random.Generator) -> CorpusBase | None:
    pose, t = base.pose, base.pose.timestamps_s
    width, height = pose.image_size_px
    u = (t - t[0]) / max(float(t[-1] - t[0]), 1e-9)
    zoom = np.exp(np.log(1.15) * np.sin(2 * np.pi * u))
    pan_x = 0.15 * width * np.sin(np.pi * u + rng.uniform(0, np.pi))
    shake = 0.01 * width * np.stack([np.sin(2 * np.pi * 3 * t), np.sin(2 * np.pi * 3.3 * t)], 1)
    centre = np.array([width / 2, height / 2])
    points = (pose.points_px - centre) * zoom[:, None, None] + centre
    points[..., 0] += pan_x[:, None]
    points += shake[:, None, :]
    return replace(base, pose=_with(pose, points))


def dropped(base: CorpusBase, rng: np.random.Generator) -> CorpusBase | None:
    t = base.pose.timestamps_s
    keep = rng.uniform(size=t.size) >= 0.12
    middle = t[0] + 0.5 * (t[-1] - t[0])
    keep &= ~((t >= middle) & (t < middle + 0.3))
    keep[[0, -1]] = True
    return replace(base, pose=_subset(base.pose, keep))


def second_person(base: CorpusBase, rng: np.random.Generator) -> CorpusBase | None:
    del rng
    pose, t = base.pose, base.pose.timestamps_s
    spans = [(r1.end_s, r2.start_s) for r1, r2 in zip(base.reps[:-1], base.reps[1:], strict=True)]
    spans.append((float(t[0]), base.reps[0].start_s if base.reps else float(t[-1])))
    start, end = max(spans, key=lambda span: span[1] - span[0])
    if end - start < 1.4:
        return None
    middle = (start + end) / 2
    inside = (t >= middle - 0.5) & (t <= middle + 0.5)
    width = pose.image_size_px[0]
    seen = np.isfinite(pose.points_px[..., 0]).sum(axis=1)
    frame = int(np.argmax(np.where(t <= end, seen, -1)))  # the person, best seen, at rest
    figure = pose.points_px[frame]
    if not np.any(np.isfinite(figure)):
        return None
    centre = np.nanmean(figure, axis=0)
    shift = np.array([0.35 * width if centre[0] < width / 2 else -0.35 * width, 0.0])
    points, vis = pose.points_px.copy(), pose.visibility.copy()
    points[inside] = (figure - centre) * 0.8 + centre + shift
    vis[inside] = pose.visibility[frame]
    return replace(base, pose=_with(pose, points, vis))


def mirrored(base: CorpusBase, rng: np.random.Generator) -> CorpusBase | None:
    del rng
    points = base.pose.points_px.copy()
    points[..., 0] = base.pose.image_size_px[0] - points[..., 0]
    return replace(base, pose=_with(base.pose, points))


Transform = Callable[[CorpusBase, np.random.Generator], CorpusBase | None]
TRANSFORMS: dict[str, Transform] = {
    "original": lambda base, _rng: base,
    "touch_and_go": touch_and_go,
    "cut_start": cut_start,
    "cut_end": cut_end,
    "slow": _tempo(1.4),
    "fast": _tempo(0.7),
    "pause": pause,
    "tremor": tremor,
    "pan_zoom": pan_zoom,
    "dropped": dropped,
    "second_person": second_person,
    "mirrored": mirrored,
}
HOLD_TRANSFORMS = frozenset({"original", "slow", "tremor", "pan_zoom", "dropped", "mirrored"})


def corpus_items(bases: list[CorpusBase], seed: int = 0) -> list[CorpusItem]:
    """Every base under every transform that applies to it (module notes)."""
    items: list[CorpusItem] = []
    for k, base in enumerate(bases):
        for name, transform in TRANSFORMS.items():
            if not base.reps and name not in HOLD_TRANSFORMS:
                continue
            changed = transform(base, np.random.default_rng([seed, k, len(items)]))
            if changed is None:
                continue
            items.append(CorpusItem(base.name, name, base.exercise, changed.pose, base.count,
                                    len(base.holds), base.view))  # fmt: skip
    return items
