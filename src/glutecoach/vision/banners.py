"""Text on the annotated video: sized to the frame, wrapped to its width, stacked so that no
two banners overlap.

``TextStyle.for_frame`` sizes text from the frame height (a line is ``line_fraction`` of it,
never under ``min_text_px`` pixels so 360p stays readable, and never so large that the
budgeted lines overfill a small frame). ``layout_banners`` places the panel lines (title,
counter, readouts) down from the top-left and the alert banners (faults, step contacts) up
from the bottom, each wrapped to the frame width; when they would meet, the lowest panel lines
give way first, then the oldest alerts, replaced by a "+N more" banner. Boxes never overlap
and never leave the frame, so ``draw_banner`` can paint them in any order. Labels beside a
joint (``banner_near``) are moved clear of the banners and of each other (``clear_of``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from textwrap import wrap

import numpy as np

from glutecoach.vision._cv import cv2
from glutecoach.vision.video import ImageArray

FONT = cv2.FONT_HERSHEY_SIMPLEX
_REF_HEIGHT_PX = cv2.getTextSize("Hg", FONT, 1.0, 2)[0][1]
"""Height of 'Hg' (ascender to baseline) at font scale 1: what a scale is measured against."""


@dataclass(frozen=True)
class TextParams:
    """How large the overlay text is.

    ``line_fraction``: each text line's glyph height as a share of the frame height (0.028 =
    30 px on 1080p). ``min_text_px``: never smaller than this (11 px on 360p is about the
    smallest a phone shows legibly). ``min_lines``: the frame always fits at least this many
    banner lines, so a tiny frame shrinks the text below ``min_text_px`` rather than showing
    nothing. ``min_chars``: a line holds at least this many characters where ``min_text_px``
    allows (a portrait frame gets smaller text than its height alone would give).
    ``margin_fraction``: the space kept free along the frame edges.
    """

    line_fraction: float = 0.028
    min_text_px: int = 11
    min_lines: int = 8
    min_chars: int = 36
    margin_fraction: float = 0.02


@dataclass(frozen=True)
class TextStyle:
    """Font scale, stroke, padding and margins in pixels for one frame size."""

    scale: float
    thickness: int
    pad_px: int
    margin_px: int
    gap_px: int

    @classmethod
    @lru_cache(maxsize=64)
    def for_frame(cls, width: int, height: int, params: TextParams = TextParams()) -> TextStyle:
        """The style for a ``width`` x ``height`` frame: text ``line_fraction`` of the height,
        made smaller until ``min_chars`` characters fit across the frame (a tall portrait
        frame) but not below ``min_text_px``, and until ``min_lines`` banners fit the height."""
        text_px = max(params.line_fraction * height, float(params.min_text_px))
        margin = max(2, round(params.margin_fraction * min(width, height)))
        while True:
            style = cls(
                scale=text_px / _REF_HEIGHT_PX,
                thickness=max(1, round(text_px / 14)),
                pad_px=max(2, round(text_px * 0.3)),
                margin_px=margin,
                gap_px=max(1, round(text_px * 0.25)),
            )
            line_w = style.text_size("x" * params.min_chars)[0] + 2 * (style.pad_px + margin)
            narrow = line_w > width and text_px * 0.95 >= params.min_text_px
            if (not narrow and style.rows(height) >= params.min_lines) or text_px <= 4:
                return style
            text_px *= 0.95

    def rows(self, height: int) -> int:
        """How many banner lines fit one above the other in a frame ``height`` pixels tall."""
        step = self.line_px + self.gap_px
        return max(0, (height - 2 * self.margin_px + self.gap_px) // step)

    def text_size(self, text: str) -> tuple[int, int, int]:
        """Width, height above the baseline and depth below it, in pixels."""
        (w, h), base = cv2.getTextSize(text, FONT, self.scale, self.thickness)
        return w, h, base

    @property
    def line_px(self) -> int:
        """The height of one banner box (glyphs plus padding)."""
        _, h, base = self.text_size("Hg")
        return h + base + 2 * self.pad_px


@dataclass(frozen=True)
class Banner:
    """One line of text placed in a box: ``box`` is (x0, y0, x1, y1), exclusive ends;
    ``origin`` the text's baseline start; ``alert`` banners get the alert colours."""

    text: str
    box: tuple[int, int, int, int]
    origin: tuple[int, int]
    alert: bool


def wrap_to_width(text: str, style: TextStyle, width_px: int) -> list[str]:
    """``text`` split at spaces into lines no wider than ``width_px`` (a single word too long
    for the line is cut with '...')."""
    return list(_wrapped(text, style, width_px))


@lru_cache(maxsize=512)
def _wrapped(text: str, style: TextStyle, width_px: int) -> tuple[str, ...]:
    """``wrap_to_width``, remembered: the same banners come back frame after frame."""
    if style.text_size(text)[0] + 2 * style.pad_px <= width_px:
        return (text,)
    for chars in range(len(text), 0, -1):
        lines = wrap(text, chars) or [text]
        if all(style.text_size(line)[0] + 2 * style.pad_px <= width_px for line in lines):
            return tuple(lines)
    return (_cut(text, style, width_px),)


def _cut(text: str, style: TextStyle, width_px: int) -> str:
    for end in range(len(text), 0, -1):
        candidate = text[:end] + "..."
        if style.text_size(candidate)[0] + 2 * style.pad_px <= width_px:
            return candidate
    return "."


def layout_banners(
    width: int,
    height: int,
    panel: Sequence[str],
    alerts: Sequence[str],
    style: TextStyle | None = None,
) -> list[Banner]:
    """Place ``panel`` lines from the top and ``alerts`` (newest last) from the bottom of a
    ``width`` x ``height`` frame, wrapped to its width, without overlaps (see module doc)."""
    style = style or TextStyle.for_frame(width, height)
    usable_w = max(1, width - 2 * style.margin_px)
    step = style.line_px + style.gap_px
    room = style.rows(height)
    top = [line for text in panel for line in wrap_to_width(text, style, usable_w)]
    groups = [wrap_to_width(text, style, usable_w) for text in alerts]
    bottom = _fit_alerts(groups, room - min(len(top), room // 2))
    top = top[: max(room - len(bottom), 0)]
    banners = []
    y = style.margin_px
    for line in top:
        banners.append(_place(line, style, style.margin_px, y, alert=False))
        y += step
    y = height - style.margin_px - style.line_px
    for line in reversed(bottom):
        banners.append(_place(line, style, style.margin_px, y, alert=True))
        y -= step
    return banners


def _fit_alerts(groups: Sequence[Sequence[str]], budget: int) -> list[str]:
    """The alert lines within ``budget`` lines: all of them, or the newest alerts that fit
    under a "+N more" line counting the older ones left out."""
    lines = [line for group in groups for line in group]
    if len(lines) <= budget:
        return lines
    if budget <= 0:
        return []
    kept: list[Sequence[str]] = []
    used = 0
    for group in reversed(groups):
        if used + len(group) > budget - 1:
            break
        kept.insert(0, group)
        used += len(group)
    if not kept:  # the newest alone, without the count, rather than the count alone
        return list(groups[-1])[-budget:]
    return [f"+{len(groups) - len(kept)} more", *(line for group in kept for line in group)]


def _place(text: str, style: TextStyle, x: int, y: int, *, alert: bool) -> Banner:
    w, h, _ = style.text_size(text)
    box = (x, y, x + w + 2 * style.pad_px, y + style.line_px)
    return Banner(text, box, (x + style.pad_px, y + style.pad_px + h), alert)


def banner_near(
    text: str, style: TextStyle, anchor: tuple[int, int], width: int, height: int
) -> Banner:
    """A label beside a joint: its box starts at ``anchor``'s x, centred on its y, and is
    moved back inside the ``width`` x ``height`` frame where it would leave it."""
    w, _, _ = style.text_size(text)
    box_w, box_h = w + 2 * style.pad_px, style.line_px
    x = min(max(anchor[0], 0), max(width - box_w, 0))
    y = min(max(anchor[1] - box_h // 2, 0), max(height - box_h, 0))
    return _place(text, style, x, y, alert=False)


def clear_of(
    banner: Banner, taken: Sequence[tuple[int, int, int, int]], height: int, step_px: int
) -> Banner:
    """``banner`` moved up or down by whole ``step_px`` steps, nearest first, to the first
    place inside the frame where it overlaps none of the ``taken`` boxes; unmoved when there
    is none (a crowded small frame)."""
    x0, y0, x1, y1 = banner.box
    for n in range(1, 2 * max(1, height // max(step_px, 1)) + 2):
        dy = (n // 2) * step_px * (1 if n % 2 else -1)
        if y0 + dy < 0 or y1 + dy > height:
            continue
        box = (x0, y0 + dy, x1, y1 + dy)
        if not any(boxes_overlap(box, other) for other in taken):
            origin = (banner.origin[0], banner.origin[1] + dy)
            return Banner(banner.text, box, origin, banner.alert)
    return banner


def draw_banner(
    image: ImageArray,
    banner: Banner,
    style: TextStyle,
    colour: tuple[int, int, int],
    background: tuple[int, int, int],
) -> None:
    """Paint the banner's box (a translucent dark or alert background) and its text."""
    x0, y0, x1, y1 = banner.box
    x1, y1 = min(x1, image.shape[1]), min(y1, image.shape[0])
    if x1 > x0 and y1 > y0:
        roi = image[y0:y1, x0:x1]
        shade = np.empty_like(roi)
        shade[:] = background
        cv2.addWeighted(roi, 0.3, shade, 0.7, 0.0, dst=roi)
    cv2.putText(
        image, banner.text, banner.origin, FONT, style.scale, colour, style.thickness, cv2.LINE_AA
    )


def boxes_overlap(a: tuple[int, int, int, int], b: tuple[int, int, int, int]) -> bool:
    """Whether two (x0, y0, x1, y1) boxes with exclusive ends share a pixel."""
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]
