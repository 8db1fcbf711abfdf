"""Stick figures of each exercise's position: which pose, which tweaks, which props.

Per position: side-lying, side plank and supine figures show the working leg (a raised top
leg, knees open for a clam, hips up for a bridge); standing work is drawn from the front when
it moves in the frontal plane (hip abduction, band walks, hip hitches) and from the side
otherwise (single-leg stance for unilateral work, squats, deadlifts, step-ups). A loop band is
a short red line where the instructions put it; a step is a box; a dumbbell or ankle weight a
small filled shape. Side views face right; lying positions put the head on the left; limbs
drawn grey are behind (side views) or supporting (lying views). See ``stickfigure.py`` for
the angle convention.
"""

from __future__ import annotations

import math
from dataclasses import replace
from typing import Any, Literal

from glutecoach.domain.exercise import Variation
from glutecoach.domain.vocabulary import Equipment, Position
from glutecoach.reports.stickfigure import (
    FLOOR,
    FOREARM,
    SHIN,
    THIGH,
    TRUNK,
    UPPER_ARM,
    Box,
    Disc,
    Limb,
    Point,
    Pose,
    Scene,
    Segment,
    Skeleton,
    StickFigure,
    build_skeleton,
    draw_scene,
    figure_svg,
    reach_angle,
    settle,
)

__all__ = [
    "Scene",
    "StickFigure",
    "figure_for",
    "figure_svg",
    "scene_for",
    "variation_figure",
    "variation_scene",
    "variation_svg",
]


BandAt = Literal["knees", "ankles", "feet"]
STEP_W = 36.0
ORIGIN = Point(120, 100)
FLAT = -17.0  # head tilt for lying flat: the head rests a little above the shoulder line


def _band(sk: Skeleton, at: BandAt) -> tuple[Point, Point]:
    """A loop band between the legs at the knees (just above), ankles or feet; where the legs
    overlap (a side view), a short line across them instead."""

    def spot(leg: tuple[Point, ...]) -> Point:
        if at == "knees":
            return leg[0].toward(leg[1], 0.82)
        if at == "ankles" or len(leg) < 4:
            return leg[1].toward(leg[2], 0.85)
        return leg[2].toward(leg[3], 0.6)

    a, b = spot(sk.near_leg), spot(sk.far_leg)
    if math.dist((a.x, a.y), (b.x, b.y)) >= 4:
        return a, b
    thigh = math.degrees(math.atan2(sk.near_leg[1].y - a.y, sk.near_leg[1].x - a.x))
    return a.to(thigh + 90, 6), a.to(thigh - 90, 6)


def _dumbbell(hand: Point) -> tuple[Segment | Disc, ...]:
    left, right = hand.shift(-5, 0), hand.shift(5, 0)
    return (
        Segment(left, right, "prop"),
        Disc(left, 3, "prop", filled=True),
        Disc(right, 3, "prop", filled=True),
    )


def _step(left: float, right: float, top: float) -> Box:
    return Box(left, FLOOR, right - left, top - FLOOR)


def _side_lying(key: str, gear: frozenset[Equipment]) -> Scene:
    """Front view, head left; the top leg is the near leg, the bottom limbs are drawn behind."""
    clam = "clam" in key
    hips_straight = "hips-extended" in key
    bent = (0.7, 0.7, 0.0) if clam and not hips_straight else (1.0, 0.35, 0.0)
    pose = Pose(
        pelvis=ORIGIN,
        trunk=180,
        near_leg=Limb((28, 28, 0), (1, 1, 0)),
        far_leg=Limb((0, 0, 0), bent if clam else (1, 1, 0)),
        near_arm=Limb((355, 0)),
        far_arm=Limb((172, 180)),
        hip_width=12,
        shoulder_width=12,
        head_tilt=-12,
        front_view=True,
    )
    sk = build_skeleton(pose)
    hip, (_, knee, ankle, *_) = sk.hips[0], sk.far_leg
    top: tuple[Point, ...]
    if clam and hips_straight:
        top_knee = knee.shift(0, 12)
        top = (hip, top_knee, top_knee.to(50, SHIN * 0.45))
    elif "top-leg-parallel" in key:
        top = (hip, knee.shift(0, 14), ankle.shift(0, 30))
    elif "foot-lift" in key:
        top = (hip, knee.shift(0, 6), ankle.shift(0, 24))
    elif clam:
        top = (hip, hip.to(40, THIGH * 0.7), ankle.shift(0, 6))
    else:
        top = sk.near_leg
    sk = settle(replace(sk, near_leg=top))
    props: tuple[Segment | Disc, ...] = ()
    if Equipment.ANKLE_WEIGHT in gear:
        props = (Disc(sk.near_leg[1].toward(sk.near_leg[2], 0.85), 4, "prop", filled=True),)
    return Scene(sk, props=props)


def _side_plank(key: str) -> Scene:
    """Front view, head left: a straight line from the forearm to the feet (or knees)."""
    knees = "knees" in key
    reach = THIGH if knees else THIGH + SHIN
    rise = math.degrees(math.asin(UPPER_ARM / (TRUNK + reach)))
    line = 360 - rise
    lift = 28 if "abduction" in key else 0
    shin: tuple[float, ...] = (1, 0.5, 0) if knees else (1, 1, 0)
    pose = Pose(
        pelvis=ORIGIN,
        trunk=180 - rise,
        near_leg=Limb((line + lift, line + lift + (110 if knees else 0), 0), shin),
        far_leg=Limb((line, line + (110 if knees else 0), 0), shin),
        near_arm=Limb((line + 4, line)),
        far_arm=Limb((270, 180), (1, 0.35)),
        hip_width=10,
        shoulder_width=10,
        head_tilt=rise,
        front_view=True,
    )
    return Scene(settle(build_skeleton(pose)))


def _supine(key: str) -> Scene:
    """Side view, head left: a bridge at the top (shoulders, hips and knees in line), or lying
    with knees bent."""
    bridge = "bridge" in key or "thrust" in key
    tilt = 23.0 if bridge else 0.0
    thigh = tilt if bridge else 50.0
    pelvis = ORIGIN
    shoulder = pelvis.to(180 + tilt, TRUNK)
    shin = reach_angle(pelvis.to(thigh, THIGH), SHIN, shoulder.y, forward=not bridge)
    near = (thigh, shin, 0.0)
    if "single-leg" in key:
        near = (thigh, thigh, thigh + 90)
    elif "march" in key:
        near = (thigh + 25, shin + 10, 0.0)
    pose = Pose(
        pelvis=pelvis,
        trunk=180 + tilt,
        near_leg=Limb(near),
        far_leg=Limb((thigh, shin, 0)),
        near_arm=Limb((0, 0)),
        far_arm=Limb((2, 0)),
        head_tilt=FLAT - tilt,
    )
    return Scene(settle(build_skeleton(pose)))


def _lying_prone() -> Scene:
    pose = Pose(
        pelvis=ORIGIN,
        trunk=180,
        near_leg=Limb((0, 0, 270), (1, 1, 0.8)),
        far_leg=Limb((0, 2, 270), (1, 1, 0.8)),
        near_arm=Limb((0, 0)),
        far_arm=Limb((358, 0)),
        head_tilt=-FLAT,
    )
    return Scene(settle(build_skeleton(pose)))


def _quadruped() -> Scene:
    """Side view facing right: hands under shoulders, knees under hips."""
    rise = math.degrees(math.asin((UPPER_ARM + FOREARM - THIGH) / TRUNK))
    pose = Pose(
        pelvis=ORIGIN,
        trunk=rise,
        near_leg=Limb((270, 180, 180), (1, 1, 0.6)),
        far_leg=Limb((274, 180, 180), (1, 1, 0.6)),
        near_arm=Limb((270, 270)),
        far_arm=Limb((266, 272)),
        head_tilt=-rise,
    )
    return Scene(settle(build_skeleton(pose)))


def _front_standing(
    near: tuple[float, ...],
    far: tuple[float, ...],
    legs: tuple[float, float] = (1.0, 1.0),
    tilt: float = 0,
) -> Skeleton:
    """Front view: the near leg is on the right of the picture; hands on hips."""
    return build_skeleton(
        Pose(
            pelvis=ORIGIN,
            trunk=90,
            near_leg=Limb(near, (*legs, 0.6)),
            far_leg=Limb(far, (*legs, 0.6)),
            near_arm=Limb((300, 232)),
            far_arm=Limb((240, 308)),
            hip_width=16,
            shoulder_width=26,
            pelvis_tilt=tilt,
            front_view=True,
        )
    )


def _side_standing(
    near: tuple[float, ...],
    far: tuple[float, ...],
    trunk: float = 90,
    arms: tuple[tuple[float, ...], tuple[float, ...]] = ((262, 285), (275, 292)),
) -> Skeleton:
    """Side view facing right."""
    return build_skeleton(
        Pose(
            pelvis=ORIGIN,
            trunk=trunk,
            near_leg=Limb(near),
            far_leg=Limb(far),
            near_arm=Limb(arms[0]),
            far_arm=Limb(arms[1]),
            head_tilt=90 - trunk if trunk < 45 else 0,
        )
    )


def _standing(key: str, unilateral: bool, gear: frozenset[Equipment], text: str) -> Scene:
    """Standing work: frontal-plane exercises from the front, the rest from the side."""
    reach = ((5, 0), (2, 355))
    boxes: tuple[Box, ...] = ()
    props: tuple[Segment | Disc, ...] = ()
    if "hitch" in key:
        on_step = Equipment.STEP in gear
        # on a step the free side drops below the step; on the floor it hikes the foot up
        free = (268, 274, 180) if on_step else (260, 292, 180)
        sk = _front_standing((270, 270, 0), free, tilt=6 if on_step else -8)
        top = FLOOR + (18 if on_step else 0)
        sk = settle(sk, sk.near_leg[2], top)
        if on_step:
            boxes = (_step(sk.near_leg[2].x - 8, sk.near_leg[2].x + STEP_W, top),)
        if Equipment.DUMBBELL in gear:
            props = _dumbbell(sk.far_arm[2])
    elif "walk" in key:
        squat = "squat" in text
        if squat:
            sk = _front_standing((305, 265, 0), (235, 275, 180), (0.7, 0.95))
        else:
            sk = _front_standing((285, 272, 0), (255, 268, 180))
        sk = settle(sk)
    elif "abduction" in key:
        sk = _front_standing((297, 297, 27), (270, 270, 180))
        sk = settle(sk, sk.far_leg[2])
    elif "deadlift" in key:
        sk = _side_standing((285, 262, 0), (192, 190, 280), 12, ((270, 272), (266, 270)))
        sk = settle(sk, sk.near_leg[2])
        if Equipment.DUMBBELL in gear:
            props = _dumbbell(sk.near_arm[2])
    elif "step-down" in key:
        sk = _side_standing((335, 245, 0), (310, 285, 0), 75, reach)
        top = FLOOR + sk.near_leg[2].y - sk.far_leg[2].y + 2
        sk = settle(sk, sk.near_leg[2], top)
        boxes = (_step(sk.near_leg[3].x + 1 - 1.3 * STEP_W, sk.near_leg[3].x + 1, top),)
    elif "step-up" in key:
        lateral = "lateral" in key
        if lateral:
            sk = _front_standing((318, 262, 0), (268, 270, 180))
        else:
            sk = _side_standing((328, 258, 0), (256, 262, 0), 82)
        sk = settle(sk, sk.far_leg[2])
        ankle = sk.near_leg[2]
        boxes = (_step(ankle.x - 12, ankle.x + STEP_W - 10, ankle.y),)
    elif "squat" in key:
        far = (342, 300, 20) if unilateral else (336, 252, 0)
        sk = settle(_side_standing((338, 250, 0), far, 62, reach), None)
        if "box" in key:
            hip = sk.hips[0]
            boxes = (_step(hip.x - 24, hip.x + 4, hip.y - THIGH * 0.18),)
        if Equipment.DUMBBELL in gear:
            props = _dumbbell(sk.near_arm[2])
    elif unilateral:
        sk = settle(_side_standing((270, 270, 0), (262, 215, 300)))
    else:
        sk = settle(_side_standing((270, 270, 0), (266, 275, 0)))
    return Scene(sk, props=props, boxes=boxes)


def _band_at(text: str) -> BandAt:
    """Where the loop band goes, read from the instruction that mentions it."""
    line = next((s for s in text.split(".") if "band" in s), text)
    if "ankle" in line:
        return "ankles"
    if "knee" in line or "thigh" in line:
        return "knees"
    return "feet" if "feet" in line or "foot" in line else "knees"


def scene_for(
    position: Position,
    *,
    key: str = "",
    unilateral: bool = False,
    equipment: tuple[Equipment, ...] = (),
    instructions: str = "",
) -> Scene:
    """The settled skeleton and props for a body position. ``key`` (variation and family
    ids) selects the per-exercise tweaks; ``instructions`` say where a band sits."""
    gear = frozenset(equipment)
    text = instructions.lower()
    if position is Position.SIDE_LYING:
        scene = _side_lying(key, gear)
    elif position is Position.SIDE_PLANK:
        scene = _side_plank(key)
    elif position is Position.SUPINE:
        scene = _supine(key)
    elif position is Position.PRONE:
        scene = _lying_prone()
    elif position is Position.QUADRUPED:
        scene = _quadruped()
    else:
        scene = _standing(key, unilateral, gear, text)
    if gear & {Equipment.MINI_BAND, Equipment.LONG_BAND}:
        scene = replace(scene, bands=(_band(scene.skeleton, _band_at(text)),))
    return scene


def figure_for(position: Position, *, title: str = "", **tweaks: Any) -> StickFigure:
    """A stick figure for a body position; ``tweaks`` are ``scene_for``'s keywords."""
    return draw_scene(scene_for(position, **tweaks), title or position.value)


def variation_scene(variation: Variation, family: str = "") -> Scene:
    """The scene of one variation's position, with its per-exercise tweaks."""
    return scene_for(
        variation.position,
        key=f"{variation.id} {family}",
        unilateral=variation.unilateral,
        equipment=variation.equipment,
        instructions=" ".join(variation.instructions),
    )


def variation_figure(variation: Variation, family: str = "") -> StickFigure:
    """The stick figure of one variation's position, with its per-exercise tweaks."""
    title = f"{variation.name}: {variation.position.value}"
    return draw_scene(variation_scene(variation, family), title)


def variation_svg(variation: Variation, family: str = "") -> str:
    """SVG text of a variation's stick figure."""
    return figure_svg(variation_figure(variation, family))
