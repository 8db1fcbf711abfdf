"""The way up from a rung, with what the runner has: no dead end. Pure.

From any variation there is always an answer, tried in this order:

1. ``band``: a heavier band the runner owns (band resistance is a ladder of its own);
2. ``rung``: the next step of the ladder the runner may do (not painful, not ruled out, and
   doable with their equipment or a household stand-in);
3. ``load``: a load the runner has and the exercise can take (an ankle weight, a dumbbell, or
   a backpack with a stated number of kilograms);
4. ``mastered``: the exercise is mastered; a harder family of the same pattern is offered, and
   a heavier band to buy is named where bands are the limit.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Literal

from pydantic import Field

from glutecoach.domain.base import Frozen
from glutecoach.domain.exercise import Variation
from glutecoach.domain.vocabulary import BandResistance, DoseLevel, Equipment
from glutecoach.library.catalogue import Library
from glutecoach.selection.equipment import RunnerKit

StepKind = Literal["band", "rung", "load", "mastered"]


class NextStep(Frozen):
    """What to do once the current dose is done with good form at the top of its range."""

    kind: StepKind
    text: str
    variation_id: str | None = Field(
        default=None, description="The rung to step up to, or the harder family's first rung."
    )
    equipment: Equipment | None = None
    band: BandResistance | None = None
    load_kg: float | None = None


def next_step(
    library: Library,
    kit: RunnerKit,
    blocked: Mapping[str, str],
    v: Variation,
    level: DoseLevel,
    band: BandResistance | None = None,
) -> NextStep:
    """The next step up from ``v`` (done with ``band`` when it is band work); see the module
    docstring for the order. ``blocked`` holds the variations the runner must not move onto."""
    if kit.uses_band(v):
        heavier = kit.heavier_band(band)
        if heavier is not None:
            return NextStep(
                kind="band",
                text=f"move to your {heavier.words} band, same reps, before a harder step",
                band=heavier,
                equipment=Equipment.MINI_BAND,
            )
    up = next((h for h in library.harder(v.id) if h.id not in blocked), None)
    if up is not None:
        stand_in = kit.stand_in(up)
        extra = f" (with {kit.backpack_kg(level):g} kg in a backpack)" if stand_in else ""
        return NextStep(kind="rung", text=f"step up to {up.name}{extra}", variation_id=up.id)
    load = kit.load_equipment(v)
    if load is Equipment.BACKPACK:
        kg = kit.backpack_kg(level)
        step = kit.params.backpack_step_kg
        return NextStep(
            kind="load",
            text=f"wear a backpack holding {kg:g} kg (water bottles or books), adding {step:g} kg "
            "each time every rep is clean",
            equipment=load,
            load_kg=kg,
        )
    if load is not None:
        what = "an ankle weight" if load is Equipment.ANKLE_WEIGHT else "a dumbbell"
        return NextStep(
            kind="load",
            text=f"add {what} you can lift 10-12 times with good form, and log it in kg",
            equipment=load,
        )
    return _mastered(library, blocked, v, kit)


def _mastered(
    library: Library, blocked: Mapping[str, str], v: Variation, kit: RunnerKit
) -> NextStep:
    family = library.family_of(v.id)
    starts = [
        (f, first)
        for f in library.families
        if f.family != family.family
        and (first := next((x for x in f.ladder() if x.id not in blocked), None)) is not None
        and first.difficulty > v.difficulty
    ]
    starts.sort(key=lambda p: (p[0].pattern is not family.pattern, p[1].difficulty, p[0].family))
    buy = kit.band_to_buy() if kit.uses_band(v) else None
    extra = ""
    if buy is not None:
        extra = f"; a {buy.words} band would make it harder again"
    elif kit.uses_band(v) and not kit.profile.bands:
        extra = "; a heavier band than yours would make it harder again"
    if starts:
        f, first = starts[0]
        kind = "of the same kind" if f.pattern is family.pattern else f"({f.pattern.value} work)"
        return NextStep(
            kind="mastered",
            text=f"mastered with what you have{extra}: move on to {first.name}, a harder "
            f"exercise {kind}",
            variation_id=first.id,
            band=buy,
        )
    return NextStep(
        kind="mastered",
        text=f"mastered with what you have{extra}: keep it as maintenance",
        band=buy,
    )
