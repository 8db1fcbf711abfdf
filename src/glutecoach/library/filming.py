"""How to film each exercise for a technique check, derived from what its mistakes need.

The camera view is the one most of the exercise's measurable mistakes are defined in (each
mistake in the library names the view that shows it); height and distance follow from the body
position, so the whole body stays in frame and the measured joints face the lens.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from glutecoach.domain.exercise import Variation
from glutecoach.domain.vocabulary import CameraView, Position

VIEW_WORDS = {
    CameraView.FRONT: "from the front: the camera faces you",
    CameraView.BACK: "from behind: the camera faces your back",
    CameraView.SIDE: "from the side: the camera sees your profile",
}
HEIGHT = {
    Position.STANDING: "at hip height (on a shelf or a tripod; not held in the hand)",
    Position.SIDE_LYING: "at floor level, or a little above on a low stool, level with your hips",
    Position.SUPINE: "at floor level, level with your hips",
    Position.PRONE: "at floor level, level with your hips",
    Position.QUADRUPED: "at about knee height when you kneel",
    Position.SIDE_PLANK: "at floor level, level with your hips",
}
DISTANCE = {
    Position.STANDING: "2.5-3.5 m away, so your head and feet are both in frame with a margin",
    Position.SIDE_LYING: "2-3 m away, so your whole body from head to feet fills the width",
    Position.SUPINE: "2-3 m away, so your whole body from head to feet fills the width",
    Position.PRONE: "2-3 m away, so your whole body from head to feet fills the width",
    Position.QUADRUPED: "2-3 m away, so your whole body fills the width",
    Position.SIDE_PLANK: "2-3 m away, so your whole body from head to feet fills the width",
}


@dataclass(frozen=True)
class FilmGuide:
    exercise: str
    view: CameraView
    steps: tuple[str, ...]
    why: str


def film_guide(variation: Variation) -> FilmGuide:
    """The recording instructions for ``variation``."""
    views = Counter(m.view for m in variation.mistakes if m.measurable)
    view = views.most_common(1)[0][0]
    checked = [m.name.lower() for m in variation.mistakes if m.measurable and m.view is view]
    orientation = (
        "landscape (phone on its side)"
        if variation.position is not Position.STANDING or variation.unilateral is False
        else "portrait or landscape; landscape if you move sideways"
    )
    steps: tuple[str, ...] = (
        f"Film {VIEW_WORDS[view]}.",
        f"Put the phone {HEIGHT[variation.position]}, {DISTANCE[variation.position]}.",
        f"Hold the phone in {orientation}, level and still, for the whole set.",
        "Light from in front of you or from the side, not behind you; wear fitted clothes "
        "that show your hips and knees, and clear the floor around you.",
        "Only you in the frame if you can; start recording before the first rep and stop after "
        "the last, with a second or two standing (or lying) still at each end.",
    )
    if variation.unilateral:
        steps += ("Do both sides in one clip if you like: each rep's side is detected.",)
    why = f"This view shows {', '.join(checked)}." if checked else "This view shows the movement."
    return FilmGuide(exercise=variation.id, view=view, steps=steps, why=why)
