"""No dead end: from every rung there is a next step the runner can take with what they have,
or the exercise is mastered and a harder family is offered (issue 11)."""

from __future__ import annotations

import tomllib

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from glutecoach.domain.profile import RunnerProfile
from glutecoach.domain.vocabulary import BandResistance, DoseLevel, Equipment, HouseholdItem
from glutecoach.library.catalogue import Library
from glutecoach.library.loader import load_library
from glutecoach.selection import SelectionParams, blocked_variations, recommend
from glutecoach.selection.equipment import RunnerKit
from glutecoach.selection.next_step import next_step
from tests.selection.test_properties import profiles

LIBRARY: Library = load_library()


def doable(kit: RunnerKit, vid: str) -> bool:
    return not kit.missing(LIBRARY.get(vid))


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(profiles(), st.sampled_from(list(LIBRARY.ids())), st.sampled_from(DoseLevel))
def test_every_rung_has_a_next_step_with_the_runners_equipment(
    profile: RunnerProfile, vid: str, level: DoseLevel
) -> None:
    kit = RunnerKit(profile, SelectionParams())
    blocked = blocked_variations(LIBRARY, profile)
    v = LIBRARY.get(vid)
    band = kit.start_band(v.dose.for_level(level), level)
    step = next_step(LIBRARY, kit, blocked, v, level, band)
    assert step.text
    if step.kind == "band":
        assert step.band in profile.bands
        assert band is not None
        assert step.band is not None
        assert step.band.rank > band.rank
    elif step.kind == "rung":
        assert step.variation_id in {h.id for h in LIBRARY.harder(vid)}
        assert step.variation_id not in blocked
        assert doable(kit, step.variation_id)
    elif step.kind == "load":
        assert step.equipment in profile.available_equipment()
        if step.equipment is Equipment.BACKPACK:
            assert step.load_kg is not None
            assert f"{step.load_kg:g} kg" in step.text
    else:
        assert step.kind == "mastered"
        assert "mastered" in step.text
        assert not [h for h in LIBRARY.harder(vid) if h.id not in blocked]
        if step.variation_id is not None:
            assert step.variation_id not in blocked
            assert LIBRARY.get(step.variation_id).difficulty > v.difficulty
            assert LIBRARY.get(step.variation_id).name in step.text


def profile_of(text: str) -> RunnerProfile:
    return RunnerProfile.model_validate(tomllib.loads(text))


NOTHING = """
name = "No equipment"
strength_experience = "none"
weekly_running_km = 15
equipment = ["none"]
minutes_per_session = 20
"""


def test_a_runner_with_no_equipment_never_stalls_on_a_ladder() -> None:
    """Issue 11: the rungs after the first need a wall or a step, which every home has."""
    profile = profile_of(NOTHING)
    kit = RunnerKit(profile, SelectionParams())
    blocked = blocked_variations(LIBRARY, profile)
    for family in LIBRARY.families:
        for v in family.ladder():
            if v.id in blocked:
                continue
            step = next_step(LIBRARY, kit, blocked, v, DoseLevel.NOVICE)
            harder = [h for h in LIBRARY.harder(v.id) if h.id not in blocked]
            assert step.kind in ("rung", "load") or not harder, (v.id, step)
    assert "side-lying-hip-abduction-wall" not in blocked
    assert not any(LIBRARY.get(vid).equipment == (Equipment.STEP,) for vid in blocked)
    # A dumbbell rung is done with a loaded backpack, and says how many kg.
    result = recommend(LIBRARY, profile)
    everything = {c.id: c for c in (*result.recommended, *result.alternatives)}
    loaded = [c for c in everything.values() if Equipment.DUMBBELL in LIBRARY.get(c.id).equipment]
    assert all(c.dose.load and "backpack" in c.dose.load and "kg" in c.dose.load for c in loaded)


def test_lacking_a_household_item_removes_what_needs_it() -> None:
    profile = profile_of(NOTHING + 'lacks = ["step", "wall"]\n')
    assert HouseholdItem.STEP in profile.lacks
    blocked = blocked_variations(LIBRARY, profile)
    for v in LIBRARY.variations:
        if Equipment.STEP in v.equipment or Equipment.WALL in v.equipment:
            assert "lacks" in blocked[v.id]


def test_band_resistance_is_a_ladder_and_a_new_band_is_suggested_at_the_top() -> None:
    profile = profile_of(NOTHING + 'bands = ["medium", "light"]\n')
    assert profile.bands == (BandResistance.LIGHT, BandResistance.MEDIUM)
    kit = RunnerKit(profile, SelectionParams())
    blocked = blocked_variations(LIBRARY, profile)
    walk = LIBRARY.get("lateral-band-walk")
    start = kit.start_band(walk.dose.novice, DoseLevel.NOVICE)
    assert start is BandResistance.LIGHT
    up = next_step(LIBRARY, kit, blocked, walk, DoseLevel.NOVICE, start)
    assert (up.kind, up.band) == ("band", BandResistance.MEDIUM)
    assert "medium band" in up.text
    top = LIBRARY.family_of("lateral-band-walk").ladder()[-1]
    last = next_step(LIBRARY, kit, blocked, top, DoseLevel.NOVICE, BandResistance.MEDIUM)
    assert last.kind == "mastered"
    assert last.band is BandResistance.HEAVY
    assert "heavy band" in last.text
    chosen = recommend(LIBRARY, profile)
    banded = [
        c
        for c in (*chosen.recommended, *chosen.alternatives)
        if Equipment.MINI_BAND in LIBRARY.get(c.id).equipment
    ]
    assert banded
    assert all(c.dose.load and c.dose.load.startswith("your ") for c in banded)


def test_old_equipment_files_keep_working() -> None:
    profile = profile_of(NOTHING.replace('["none"]', '["step", "wall", "mini-band"]'))
    assert Equipment.STEP in profile.available_equipment()
    assert Equipment.MINI_BAND in profile.available_equipment()
    assert Equipment.CHAIR in profile.available_equipment()
