"""Which person to follow when several are in frame: boxes, prominence and crops (pure numpy).

Policy (kept simple on purpose): at the first frame where anyone is seen, follow the most
*prominent* person, prominence = (box area as a fraction of the frame) x (centrality, 1 at the
centre falling to 0 at the corners). Then follow that person by running the pose model on a crop
around their box from the previous frame; when they are lost, re-acquire the person nearest to
where they were last seen.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from glutecoach.domain.pose import FloatArray


@dataclass(frozen=True)
class Box:
    """An axis-aligned box in pixels (``x0 < x1``, ``y0 < y1``, y down)."""

    x0: float
    y0: float
    x1: float
    y1: float

    @property
    def width(self) -> float:
        return self.x1 - self.x0

    @property
    def height(self) -> float:
        return self.y1 - self.y0

    @property
    def center(self) -> tuple[float, float]:
        return ((self.x0 + self.x1) / 2, (self.y0 + self.y1) / 2)

    @property
    def area(self) -> float:
        return max(self.width, 0.0) * max(self.height, 0.0)

    def expanded(self, fraction: float) -> Box:
        """Grow each side by ``fraction`` of the box's larger side."""
        pad = fraction * max(self.width, self.height)
        return Box(self.x0 - pad, self.y0 - pad, self.x1 + pad, self.y1 + pad)

    def clipped(self, image_size_px: tuple[int, int]) -> Box:
        width, height = image_size_px
        return Box(
            min(max(self.x0, 0.0), width),
            min(max(self.y0, 0.0), height),
            min(max(self.x1, 0.0), width),
            min(max(self.y1, 0.0), height),
        )


def landmarks_box(
    points_px: FloatArray, visibility: FloatArray, min_visibility: float = 0.3
) -> Box | None:
    """The box around the landmarks seen with at least ``min_visibility`` (all finite ones if
    fewer than four pass); None if there are no finite landmarks."""
    finite = np.isfinite(points_px).all(axis=1)
    seen = finite & (visibility >= min_visibility)
    use = seen if seen.sum() >= 4 else finite
    if not use.any():
        return None
    xs, ys = points_px[use, 0], points_px[use, 1]
    box = Box(float(xs.min()), float(ys.min()), float(xs.max()), float(ys.max()))
    return box if box.width > 0 and box.height > 0 else None


def overlap(a: Box, b: Box) -> float:
    """Intersection area over the smaller box's area (1 when one box contains the other)."""
    ix = max(0.0, min(a.x1, b.x1) - max(a.x0, b.x0))
    iy = max(0.0, min(a.y1, b.y1) - max(a.y0, b.y0))
    smaller = min(a.area, b.area)
    return ix * iy / smaller if smaller > 0 else 0.0


def prominence(box: Box, image_size_px: tuple[int, int]) -> float:
    """Area fraction x centrality: bigger and nearer the middle of the frame wins."""
    width, height = image_size_px
    visible = box.clipped(image_size_px)
    area_fraction = visible.area / float(width * height)
    cx, cy = visible.center
    distance = math.hypot((cx - width / 2) / (width / 2), (cy - height / 2) / (height / 2))
    centrality = max(0.0, 1.0 - distance / math.sqrt(2.0))
    return area_fraction * (0.25 + 0.75 * centrality)


def choose_subject(boxes: Sequence[Box], image_size_px: tuple[int, int]) -> int:
    """Index of the most prominent box (``ValueError`` for an empty list)."""
    if not boxes:
        raise ValueError("no person boxes to choose from")
    scores = [prominence(box, image_size_px) for box in boxes]
    return int(np.argmax(scores))


def nearest(boxes: Sequence[Box], last: Box) -> tuple[int, float]:
    """Index of the box nearest ``last`` and its distance in units of ``last``'s height."""
    if not boxes:
        raise ValueError("no person boxes to choose from")
    lx, ly = last.center
    scale = max(last.height, 1.0)
    distances = [math.hypot(b.center[0] - lx, b.center[1] - ly) / scale for b in boxes]
    best = int(np.argmin(distances))
    return best, distances[best]


@dataclass(frozen=True)
class Crop:
    """An integer pixel window ``[x0, x1) x [y0, y1)`` of the frame."""

    x0: int
    y0: int
    x1: int
    y1: int

    @property
    def width(self) -> int:
        return self.x1 - self.x0

    @property
    def height(self) -> int:
        return self.y1 - self.y0


def crop_around(box: Box, image_size_px: tuple[int, int], margin: float = 0.3) -> Crop:
    """A crop around ``box`` with ``margin`` (fraction of its larger side) on every side,
    made at least as wide as half its height (pose models expect room for the limbs)."""
    grown = box.expanded(margin)
    cx, _ = grown.center
    half_w = max(grown.width, grown.height * 0.5) / 2
    grown = Box(cx - half_w, grown.y0, cx + half_w, grown.y1).clipped(image_size_px)
    x0, y0 = math.floor(grown.x0), math.floor(grown.y0)
    x1, y1 = math.ceil(grown.x1), math.ceil(grown.y1)
    width, height = image_size_px
    return Crop(x0, y0, max(x1, min(x0 + 16, width)), max(y1, min(y0 + 16, height)))


def needs_new_crop(crop: Crop, box: Box, image_size_px: tuple[int, int]) -> bool:
    """True when ``box`` nears an edge of ``crop`` (one that is not the frame's own edge), or
    fills too much or too little of it, so the crop should be re-centred."""
    width, height = image_size_px
    pad_x, pad_y = 0.05 * crop.width, 0.05 * crop.height
    near_edge = (
        (crop.x0 > 0 and box.x0 < crop.x0 + pad_x)
        or (crop.y0 > 0 and box.y0 < crop.y0 + pad_y)
        or (crop.x1 < width and box.x1 > crop.x1 - pad_x)
        or (crop.y1 < height and box.y1 > crop.y1 - pad_y)
    )
    fill = box.height / max(crop.height, 1)
    return near_edge or fill < 0.45


def describe_position(box: Box, image_size_px: tuple[int, int]) -> str:
    """E.g. 'in the centre of the frame, about 70% of the frame height tall'."""
    width, height = image_size_px
    cx = box.center[0] / width
    where = (
        "on the left of" if cx < 0.37 else "on the right of" if cx > 0.63 else "in the centre of"
    )
    tall = round(100 * min(box.height / height, 1.0))
    return f"{where} the frame, about {tall}% of the frame height tall"
