"""The stick-figure model: a 2D skeleton built from segment angles (``build_skeleton``), a
scene of skeleton and props turned into drawing primitives (``draw_scene``), and two renderers:
SVG text (``figure_svg``) and a ReportLab vector drawing for PDFs (``figure_drawing``).
``figures.py`` chooses the pose for each exercise.

Angle convention: every angle is the direction of a segment in the drawing plane, in degrees,
measured counter-clockwise from the +x axis (pointing right); 90 points up and 270 down. Any
real value is accepted (it is taken modulo 360). Coordinates are canvas units with y up and the
floor line at ``FLOOR``; the SVG renderer flips y. Everything here is pure and deterministic:
numbers are written with one decimal.
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass, replace
from html import escape
from typing import Any, Literal

Style = Literal["body", "back", "floor", "band", "prop"]

WIDTH = 240.0
HEIGHT = 190.0
FLOOR = 14.0
HEAD_R, NECK, TRUNK = 9.0, 5.0, 46.0
UPPER_ARM, FOREARM = 24.0, 22.0
THIGH, SHIN, FOOT = 38.0, 36.0, 9.0
STROKE = 4.0

STYLES: dict[Style, tuple[str, float]] = {
    "body": ("#1f2933", STROKE),
    "back": ("#9aa5b1", STROKE),
    "floor": ("#7b8794", 1.5),
    "band": ("#d64545", 3.0),
    "prop": ("#486581", 2.0),
}
"""Stroke colour and width per style, shared by the SVG and PDF renderers."""
BOX_FILL = "#d9e2ec"


@dataclass(frozen=True)
class Point:
    x: float
    y: float

    def to(self, deg: float, length: float) -> Point:
        """The point ``length`` away in direction ``deg`` (see the module's angle convention)."""
        rad = math.radians(deg)
        return Point(self.x + length * math.cos(rad), self.y + length * math.sin(rad))

    def shift(self, dx: float, dy: float) -> Point:
        return Point(self.x + dx, self.y + dy)

    def toward(self, other: Point, fraction: float) -> Point:
        """The point ``fraction`` of the way from here to ``other``."""
        return Point(self.x + (other.x - self.x) * fraction, self.y + (other.y - self.y) * fraction)


@dataclass(frozen=True)
class Limb:
    """Segment directions from the root joint outward: legs (thigh, shin, foot), arms (upper
    arm, forearm). ``scales`` multiplies each segment's length, to foreshorten a segment that
    points toward or away from the viewer (0 hides it); missing entries count as 1."""

    angles: tuple[float, ...]
    scales: tuple[float, ...] = ()

    def scale(self, i: int) -> float:
        return self.scales[i] if i < len(self.scales) else 1.0


@dataclass(frozen=True)
class Pose:
    """A body position. ``trunk`` is the direction from the pelvis to the shoulders.

    The hips and shoulders sit ``hip_width`` and ``shoulder_width`` apart across the trunk;
    the "near" joints lie on the clockwise side (``trunk - 90``), the "far" joints on the
    other. ``pelvis_tilt`` rotates the hip line (positive raises the near hip); ``head_tilt``
    turns the head away from the trunk line.
    """

    pelvis: Point
    trunk: float
    near_leg: Limb
    far_leg: Limb
    near_arm: Limb
    far_arm: Limb
    hip_width: float = 0.0
    shoulder_width: float = 0.0
    pelvis_tilt: float = 0.0
    head_tilt: float = 0.0
    front_view: bool = False


@dataclass(frozen=True)
class Skeleton:
    """Joint positions. Legs run hip, knee, ankle, toe; arms shoulder, elbow, hand."""

    head: Point
    neck: Point
    shoulders: tuple[Point, Point]
    hips: tuple[Point, Point]
    near_leg: tuple[Point, ...]
    far_leg: tuple[Point, ...]
    near_arm: tuple[Point, ...]
    far_arm: tuple[Point, ...]
    front_view: bool

    def points(self) -> tuple[Point, ...]:
        return (
            self.neck,
            *self.shoulders,
            *self.hips,
            *self.near_leg,
            *self.far_leg,
            *self.near_arm,
            *self.far_arm,
            self.head.shift(0, -HEAD_R),
            self.head.shift(0, HEAD_R),
            self.head.shift(-HEAD_R, 0),
            self.head.shift(HEAD_R, 0),
        )

    def moved(self, dx: float, dy: float) -> Skeleton:
        def m(points: tuple[Point, ...]) -> tuple[Point, ...]:
            return tuple(p.shift(dx, dy) for p in points)

        return Skeleton(
            head=self.head.shift(dx, dy),
            neck=self.neck.shift(dx, dy),
            shoulders=(self.shoulders[0].shift(dx, dy), self.shoulders[1].shift(dx, dy)),
            hips=(self.hips[0].shift(dx, dy), self.hips[1].shift(dx, dy)),
            near_leg=m(self.near_leg),
            far_leg=m(self.far_leg),
            near_arm=m(self.near_arm),
            far_arm=m(self.far_arm),
            front_view=self.front_view,
        )


@dataclass(frozen=True)
class Segment:
    a: Point
    b: Point
    style: Style


@dataclass(frozen=True)
class Disc:
    center: Point
    r: float
    style: Style
    filled: bool = False


@dataclass(frozen=True)
class Box:
    """An axis-aligned rectangle (a step or box), ``x, y`` its lower-left corner."""

    x: float
    y: float
    w: float
    h: float


@dataclass(frozen=True)
class StickFigure:
    """Everything to draw, in canvas units (y up). Renderers draw boxes, then segments in
    order, then discs."""

    title: str
    segments: tuple[Segment, ...]
    discs: tuple[Disc, ...]
    boxes: tuple[Box, ...] = ()
    width: float = WIDTH
    height: float = HEIGHT

    def extent(self, margin: float = 8.0) -> tuple[float, float]:
        """The band of heights worth showing, ``(bottom, top)``: from just under the floor to
        just above the highest point, within the canvas. Renderers crop to it, so a lying
        figure is not drawn under a tall empty sky; widths and scale stay the same."""
        ys = [y for s in self.segments for y in (s.a.y, s.b.y)]
        ys += [d.center.y + d.r for d in self.discs] + [b.y + b.h for b in self.boxes]
        top = min(self.height, max(ys, default=self.height) + margin)
        return max(0.0, FLOOR - margin), top


def _chain(root: Point, limb: Limb, lengths: tuple[float, ...]) -> tuple[Point, ...]:
    points = [root]
    for i, (angle, length) in enumerate(zip(limb.angles, lengths, strict=False)):
        points.append(points[-1].to(angle, length * limb.scale(i)))
    return tuple(points)


def build_skeleton(pose: Pose) -> Skeleton:
    """Joint positions from a pose (forward kinematics along each limb)."""
    hip_line = pose.trunk - 90 + pose.pelvis_tilt
    near_hip = pose.pelvis.to(hip_line, pose.hip_width / 2)
    far_hip = pose.pelvis.to(hip_line + 180, pose.hip_width / 2)
    chest = pose.pelvis.to(pose.trunk, TRUNK)
    near_shoulder = chest.to(pose.trunk - 90, pose.shoulder_width / 2)
    far_shoulder = chest.to(pose.trunk + 90, pose.shoulder_width / 2)
    neck = chest.to(pose.trunk + pose.head_tilt, NECK)
    legs = (THIGH, SHIN, FOOT)
    arms = (UPPER_ARM, FOREARM)
    return Skeleton(
        head=neck.to(pose.trunk + pose.head_tilt, HEAD_R),
        neck=neck,
        shoulders=(near_shoulder, far_shoulder),
        hips=(near_hip, far_hip),
        near_leg=_chain(near_hip, pose.near_leg, legs),
        far_leg=_chain(far_hip, pose.far_leg, legs),
        near_arm=_chain(near_shoulder, pose.near_arm, arms),
        far_arm=_chain(far_shoulder, pose.far_arm, arms),
        front_view=pose.front_view,
    )


def reach_angle(start: Point, length: float, y: float, forward: bool) -> float:
    """Direction of a segment of ``length`` from ``start`` that ends at height ``y``."""
    ratio = max(-1.0, min(1.0, (y - start.y) / length))
    down = math.degrees(math.asin(ratio))
    return down if forward else 180 - down


def settle(sk: Skeleton, contact: Point | None = None, level: float = FLOOR) -> Skeleton:
    """Move the skeleton up or down so ``contact`` sits at ``level``, or, with no contact,
    so its lowest point rests on the floor."""
    if contact is None:
        return sk.moved(0, FLOOR + STROKE / 2 - min(p.y for p in sk.points()))
    return sk.moved(0, level - contact.y)


@dataclass(frozen=True)
class Scene:
    """A settled skeleton (feet, back or forearm on the floor or a step) with its props, in
    canvas units before horizontal centring."""

    skeleton: Skeleton
    bands: tuple[tuple[Point, Point], ...] = ()
    props: tuple[Segment | Disc, ...] = ()
    boxes: tuple[Box, ...] = ()


def draw_scene(scene: Scene, title: str) -> StickFigure:
    """Segments in drawing order, centred horizontally on the canvas."""
    sk = scene.skeleton
    body: list[Segment] = []
    back: Style = "body" if sk.front_view and not _lying(sk) else "back"
    for chain, style in (
        (sk.far_leg, back),
        (sk.far_arm, back),
        ((sk.hips[1], sk.hips[0]), "body"),
        ((sk.shoulders[1], sk.shoulders[0]), "body"),
        ((sk.hips[0].toward(sk.hips[1], 0.5), sk.neck), "body"),
        (sk.near_leg, "body"),
        (sk.near_arm, "body"),
    ):
        body += [Segment(a, b, style) for a, b in itertools.pairwise(chain) if a != b]
    body += [Segment(a, b, "band") for a, b in scene.bands]
    extra = [p for p in scene.props if isinstance(p, Segment)]
    discs = [Disc(sk.head, HEAD_R, "body"), *(p for p in scene.props if isinstance(p, Disc))]
    xs = [p.x for p in sk.points()] + [x for b in scene.boxes for x in (b.x, b.x + b.w)]
    dx = round(WIDTH / 2 - (min(xs) + max(xs)) / 2, 1)
    floor = Segment(Point(6 - dx, FLOOR), Point(WIDTH - 6 - dx, FLOOR), "floor")
    segments = [floor, *body, *extra]
    return StickFigure(
        title=title,
        segments=tuple(Segment(s.a.shift(dx, 0), s.b.shift(dx, 0), s.style) for s in segments),
        discs=tuple(replace(d, center=d.center.shift(dx, 0)) for d in discs),
        boxes=tuple(replace(b, x=b.x + dx) for b in scene.boxes),
    )


def _lying(sk: Skeleton) -> bool:
    """True when the trunk lies closer to horizontal than vertical."""
    pelvis = sk.hips[0].toward(sk.hips[1], 0.5)
    return abs(sk.neck.x - pelvis.x) > abs(sk.neck.y - pelvis.y)


def _n(value: float) -> str:
    text = f"{value:.1f}"
    return "0.0" if text == "-0.0" else text


def figure_svg(figure: StickFigure) -> str:
    """Standalone SVG text for a figure; the title is escaped, output is deterministic."""
    bottom, top = figure.extent()
    h = top - bottom

    def y(v: float) -> str:
        return _n(top - v)

    title = escape(figure.title)
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {_n(figure.width)} {_n(h)}" '
        f'width="{_n(figure.width)}" height="{_n(h)}" role="img" aria-label="{title}">',
        f"<title>{title}</title>",
        '<g fill="none" stroke-linecap="round" stroke-linejoin="round">',
    ]
    colour, width = STYLES["prop"]
    for b in figure.boxes:
        out.append(
            f'<rect x="{_n(b.x)}" y="{y(b.y + b.h)}" width="{_n(b.w)}" height="{_n(b.h)}" '
            f'fill="{BOX_FILL}" stroke="{colour}" stroke-width="{_n(width)}"/>'
        )
    for s in figure.segments:
        colour, width = STYLES[s.style]
        out.append(
            f'<line x1="{_n(s.a.x)}" y1="{y(s.a.y)}" x2="{_n(s.b.x)}" y2="{y(s.b.y)}" '
            f'stroke="{colour}" stroke-width="{_n(width)}"/>'
        )
    for d in figure.discs:
        colour, width = STYLES[d.style]
        fill = colour if d.filled else "#ffffff"
        out.append(
            f'<circle cx="{_n(d.center.x)}" cy="{y(d.center.y)}" r="{_n(d.r)}" '
            f'fill="{fill}" stroke="{colour}" stroke-width="{_n(width)}"/>'
        )
    out += ["</g>", "</svg>"]
    return "\n".join(out)


def figure_drawing(figure: StickFigure, width_pt: float) -> Any:
    """A ReportLab vector ``Drawing`` of a stick figure, scaled to ``width_pt`` points wide."""
    from reportlab.graphics.shapes import Circle, Drawing, Group, Line, Rect
    from reportlab.lib.colors import HexColor

    scale = width_pt / figure.width
    bottom, top = figure.extent()
    group = Group(transform=(scale, 0, 0, scale, 0, -bottom * scale))
    colour, width = STYLES["prop"]
    for b in figure.boxes:
        group.add(
            Rect(
                b.x,
                b.y,
                b.w,
                b.h,
                fillColor=HexColor(BOX_FILL),
                strokeColor=HexColor(colour),
                strokeWidth=width,
            )
        )
    for s in figure.segments:
        colour, width = STYLES[s.style]
        group.add(
            Line(
                s.a.x,
                s.a.y,
                s.b.x,
                s.b.y,
                strokeColor=HexColor(colour),
                strokeWidth=width,
                strokeLineCap=1,
            )
        )
    for d in figure.discs:
        colour, width = STYLES[d.style]
        fill = HexColor(colour) if d.filled else HexColor("#ffffff")
        group.add(
            Circle(
                d.center.x,
                d.center.y,
                d.r,
                fillColor=fill,
                strokeColor=HexColor(colour),
                strokeWidth=width,
            )
        )
    drawing = Drawing(width_pt, (top - bottom) * scale)
    drawing.add(group)
    return drawing
