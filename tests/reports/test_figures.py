"""Stick figures: the skeleton's geometry, each position's tweaks and valid, deterministic SVG."""

from __future__ import annotations

import math
import xml.etree.ElementTree as ET

import pytest

from glutecoach.domain.vocabulary import Equipment, Position
from glutecoach.library.catalogue import Library
from glutecoach.reports.figures import (
    figure_for,
    figure_svg,
    scene_for,
    variation_figure,
    variation_scene,
    variation_svg,
)
from glutecoach.reports.stickfigure import (
    FLOOR,
    HEIGHT,
    SHIN,
    THIGH,
    TRUNK,
    WIDTH,
    Limb,
    Point,
    Pose,
    StickFigure,
    build_skeleton,
)

SVG = "{http://www.w3.org/2000/svg}"
STILL = Limb((270, 270, 0))


def close(a: Point, b: Point, tol: float = 1e-9) -> bool:
    return math.dist((a.x, a.y), (b.x, b.y)) <= tol


def test_angles_point_counterclockwise_from_the_right_modulo_360() -> None:
    origin = Point(0, 0)
    assert close(origin.to(0, 10), Point(10, 0))
    assert close(origin.to(90, 10), Point(0, 10))
    assert close(origin.to(270, 10), Point(0, -10))
    assert close(origin.to(450, 10), origin.to(90, 10))
    assert close(origin.to(-90, 10), origin.to(270, 10))


def test_standing_skeleton_stacks_shoulders_over_hips_over_ankles() -> None:
    pelvis = Point(100, 100)
    arm = Limb((270, 270))
    sk = build_skeleton(Pose(pelvis, 90, STILL, STILL, arm, arm))
    assert close(sk.shoulders[0], Point(100, 100 + TRUNK))
    knee, ankle = sk.near_leg[1], sk.near_leg[2]
    assert close(knee, Point(100, 100 - THIGH))
    assert close(ankle, Point(100, 100 - THIGH - SHIN))
    assert sk.head.y > sk.neck.y > sk.shoulders[0].y


def test_front_view_puts_hips_apart_across_the_trunk_and_tilt_raises_the_near_hip() -> None:
    pelvis = Point(0, 0)
    arm = Limb((270, 270))
    sk = build_skeleton(Pose(pelvis, 90, STILL, STILL, arm, arm, hip_width=20, pelvis_tilt=10))
    near, far = sk.hips
    assert math.dist((near.x, near.y), (far.x, far.y)) == pytest.approx(20)
    assert near.x > 0 > far.x
    assert near.y > 0 > far.y


def test_foreshortening_scales_a_segment() -> None:
    arm = Limb((270, 270))
    sk = build_skeleton(Pose(Point(0, 0), 90, Limb((0, 0, 0), (0.5, 1, 0)), STILL, arm, arm))
    hip, knee, ankle, toe = sk.near_leg
    assert knee.x - hip.x == pytest.approx(THIGH / 2)
    assert ankle.x - knee.x == pytest.approx(SHIN)
    assert toe == ankle


def inside(figure: StickFigure) -> bool:
    points = [p for s in figure.segments for p in (s.a, s.b)]
    points += [d.center for d in figure.discs]
    return all(0 <= p.x <= WIDTH and 0 <= p.y <= HEIGHT for p in points)


@pytest.mark.parametrize("position", list(Position))
def test_every_position_draws_on_the_canvas(position: Position) -> None:
    figure = figure_for(position)
    assert inside(figure)
    assert len(figure.discs) == 1  # the head
    assert [s for s in figure.segments if s.style == "floor"]
    lowest = min(min(s.a.y, s.b.y) for s in figure.segments if s.style != "floor")
    lowest = min(lowest, *(d.center.y - d.r for d in figure.discs))
    assert lowest == pytest.approx(FLOOR + 2, abs=0.5)  # resting on the floor, not in it


def test_every_library_variation_gives_valid_svg_inside_its_view(library: Library) -> None:
    for v in library.variations:
        text = variation_svg(v, library.family_of(v.id).family)
        root = ET.fromstring(text)
        assert root.tag == f"{SVG}svg"
        _, _, width, height = (float(n) for n in root.attrib["viewBox"].split())
        assert root.find(f"{SVG}title") is not None
        assert root.findall(f".//{SVG}circle")
        for line in root.iter(f"{SVG}line"):
            for axis, limit in (("x", width), ("y", height)):
                for end in "12":
                    assert 0 <= float(line.attrib[f"{axis}{end}"]) <= limit, v.id
        assert inside(variation_figure(v)), v.id


def test_svg_is_deterministic_and_escapes_the_title() -> None:
    figure = figure_for(Position.STANDING, title='<b>Tom & "Jerry"</b>')
    assert figure_svg(figure) == figure_svg(figure_for(Position.STANDING, title=figure.title))
    root = ET.fromstring(figure_svg(figure))
    title = root.find(f"{SVG}title")
    assert title is not None
    assert title.text == '<b>Tom & "Jerry"</b>'
    assert root.attrib["aria-label"] == '<b>Tom & "Jerry"</b>'


def test_side_lying_abduction_raises_the_top_leg(library: Library) -> None:
    sk = variation_scene(library.get("side-lying-hip-abduction")).skeleton
    top_ankle, bottom_ankle = sk.near_leg[2], sk.far_leg[2]
    assert top_ankle.y > bottom_ankle.y + 20
    assert sk.head.x < sk.hips[0].x  # head on the left


def test_clam_opens_the_knees_with_feet_together(library: Library) -> None:
    sk = variation_scene(library.get("clam")).skeleton
    top_knee, bottom_knee = sk.near_leg[1], sk.far_leg[1]
    top_ankle, bottom_ankle = sk.near_leg[2], sk.far_leg[2]
    assert top_knee.y - bottom_knee.y > 15
    assert math.dist((top_ankle.x, top_ankle.y), (bottom_ankle.x, bottom_ankle.y)) < 8


def test_bridge_lifts_the_hips_above_the_shoulders(library: Library) -> None:
    bridge = variation_scene(library.get("glute-bridge")).skeleton
    lying = scene_for(Position.SUPINE).skeleton
    assert bridge.hips[0].y > bridge.shoulders[0].y + 12
    assert lying.hips[0].y == pytest.approx(lying.shoulders[0].y)
    single = variation_scene(library.get("single-leg-bridge")).skeleton
    assert single.near_leg[2].y > single.far_leg[2].y + 20  # the free leg is straightened up


def test_unilateral_standing_work_stands_on_one_leg(library: Library) -> None:
    for vid in ("single-leg-deadlift", "standing-hip-abduction", "floor-hip-hitch"):
        sk = variation_scene(library.get(vid)).skeleton
        feet = sorted((sk.near_leg[2].y, sk.far_leg[2].y))
        assert feet[1] - feet[0] > 3, vid
    both = scene_for(Position.STANDING).skeleton
    assert both.near_leg[2].y == pytest.approx(both.far_leg[2].y, abs=1)
    one = scene_for(Position.STANDING, unilateral=True).skeleton
    assert one.far_leg[2].y > one.near_leg[2].y + 10


@pytest.mark.parametrize(
    ("vid", "where"),
    [
        ("band-walk-knees-upright", "knees"),
        ("band-walk-ankles-upright", "ankles"),
        ("banded-clam", "knees"),
    ],
)
def test_band_is_a_short_line_where_the_instructions_put_it(
    library: Library, vid: str, where: str
) -> None:
    v = library.get(vid)
    assert Equipment.MINI_BAND in v.equipment
    scene = variation_scene(v)
    (band,) = scene.bands
    a, _ = band
    hip, knee, ankle = scene.skeleton.near_leg[:3]
    if where == "knees":
        assert min(hip.y, knee.y) <= a.y <= max(hip.y, knee.y) + 0.5
    else:
        assert min(knee.y, ankle.y) <= a.y <= max(knee.y, ankle.y) + 0.5
    assert [s for s in variation_figure(v).segments if s.style == "band"]
    assert not [s for s in variation_figure(library.get("clam")).segments if s.style == "band"]


def test_step_work_draws_a_step_under_the_standing_foot(library: Library) -> None:
    for vid in ("hip-hitch", "step-down", "forward-step-up", "lateral-step-up"):
        figure = variation_figure(library.get(vid))
        (box,) = figure.boxes
        assert box.y == FLOOR
        assert box.h > 5, vid
    assert not variation_figure(library.get("floor-hip-hitch")).boxes
