"""A rung change keeps the runner's own equipment, and the band a runner logged steers the band
step: the real library, the runner's ladder (``RunnerLadder``) and the built-in rules.

The history is five sessions over 16 days at one level, every set at the top of the range with
good form and no pain, and next-morning pain 0: the pace (4 sessions, 14 days) is met, so the
next decision steps up the ladder, unless the ladder ends there.
"""

from __future__ import annotations

import datetime as dt
import tomllib

from glutecoach.domain.log import SessionLog
from glutecoach.domain.plan import Prescription
from glutecoach.domain.profile import RunnerProfile
from glutecoach.domain.vocabulary import BandResistance, DoseLevel
from glutecoach.library.catalogue import Library
from glutecoach.planning import Action, Decision, ProgressionParams, next_prescription
from glutecoach.planning.doses import band_in
from glutecoach.services.ladder import RunnerLadder
from tests.planning.factories import done_sets

START = dt.date(2026, 11, 2)
DAYS = (0, 4, 7, 11, 16)


def runner(extra: str = "") -> RunnerProfile:
    text = f"""
name = "Carry"
strength_experience = "novice"
weekly_running_km = 30
minutes_per_session = 30
{extra}
"""
    return RunnerProfile.model_validate(tomllib.loads(text))


def decide(
    library: Library,
    profile: RunnerProfile,
    current: Prescription,
    *,
    band: BandResistance | None = None,
    load_kg: float | None = None,
    days: tuple[int, ...] = DAYS,
) -> Decision:
    """The decision after sessions on ``days`` done perfectly at ``current``, every set
    logged with ``band`` and ``load_kg``."""
    sets = tuple(
        s.model_copy(update={"band": band, "load_kg": load_kg}) for s in done_sets(current)
    )
    history = [
        SessionLog(date=START + dt.timedelta(days=d), sets=sets, pain_before=0, next_morning_pain=0)
        for d in days
    ]
    ladder = RunnerLadder(library, profile)
    params = ProgressionParams.from_guidelines(library.guideline)
    return next_prescription(
        history,
        current,
        ladder,
        params,
        as_of=history[-1].date + dt.timedelta(days=3),
        kit=ladder,
    )


def start(library: Library, profile: RunnerProfile, variation_id: str) -> Prescription:
    dose = RunnerLadder(library, profile).start_dose(variation_id, DoseLevel.NOVICE)
    return Prescription.from_dose(variation_id, dose, "start")


def test_a_band_rung_change_restarts_one_owned_band_below_the_band_logged(
    library: Library,
) -> None:
    profile = runner('bands = ["light", "medium", "heavy"]')
    current = start(library, profile, "band-walk-knees-upright")
    assert band_in(current.load_note) is BandResistance.LIGHT
    d = decide(library, profile, current, band=BandResistance.HEAVY)
    assert d.action is Action.PROGRESS
    assert d.prescription.variation_id == "band-walk-ankles-upright"
    # Heavy was logged on every set, so the new rung restarts one band lower: medium, in the
    # runner's own words, at the bottom of the range.
    assert d.prescription.load_note is not None
    assert "your medium loop band" in d.prescription.load_note
    assert d.prescription.reps is not None
    assert d.prescription.target_reps == d.prescription.reps[0]
    assert "one below the heavy band of the rung before" in d.reason
    assert "a harder rung restarts lighter (coaching default)" in d.reason


def test_the_lightest_owned_band_is_kept_when_there_is_none_below(library: Library) -> None:
    profile = runner('bands = ["medium", "heavy"]')
    current = start(library, profile, "band-walk-knees-upright")
    d = decide(library, profile, current, band=BandResistance.MEDIUM)
    assert d.prescription.variation_id == "band-walk-ankles-upright"
    assert band_in(d.prescription.load_note) is BandResistance.MEDIUM
    assert "your medium band, the lightest you have" in d.reason


def test_a_backpack_runner_steps_onto_a_dumbbell_rung_with_the_backpack(
    library: Library,
) -> None:
    profile = runner('equipment = ["step"]')
    current = start(library, profile, "hip-hitch")
    d = decide(library, profile, current, load_kg=None)
    assert d.prescription.variation_id == "weighted-hip-hitch"
    note = d.prescription.load_note or ""
    assert "backpack" in note, note
    assert "in place of the dumbbell" in note, note
    assert "light dumbbell on the free-leg side" not in note
    # Without the runner's kit the library's own words come back: what the rung used to say.
    ladder = RunnerLadder(library, profile)
    params = ProgressionParams.from_guidelines(library.guideline)
    sets = done_sets(current)
    history = [
        SessionLog(date=START + dt.timedelta(days=x), sets=sets, pain_before=0, next_morning_pain=0)
        for x in DAYS
    ]
    bare = next_prescription(history, current, ladder, params, as_of=START + dt.timedelta(days=19))
    assert bare.prescription.load_note == "light dumbbell on the free-leg side"


def test_a_logged_load_restarts_one_notch_lighter_on_a_rung_taking_the_same_load(
    library: Library,
) -> None:
    profile = runner('equipment = ["ankle-weight"]')
    current = start(library, profile, "side-lying-hip-abduction")
    d = decide(library, profile, current, load_kg=3.0)
    assert d.prescription.variation_id == "side-lying-hip-abduction-wall"
    assert d.prescription.load_kg is not None
    assert 0 < d.prescription.load_kg < 3.0
    assert f"load down from 3 to {d.prescription.load_kg:g} kg" in d.reason
    assert "your ankle weight" in d.reason


def test_a_heavier_band_logged_is_not_offered_again(library: Library) -> None:
    """At the top of its ladder with the pace not met, the band step goes past the band the
    runner already logged instead of telling them to move to it."""
    profile = runner('bands = ["light", "medium", "heavy"]')
    current = start(library, profile, "band-walk-feet-squat")
    # sets and tempo used up: the band step is next
    current = current.model_copy(update={"sets": 3, "tempo": "1-1-4"})
    d = decide(library, profile, current, band=BandResistance.MEDIUM, days=(0, 3))
    assert d.action is Action.PROGRESS
    assert band_in(d.prescription.load_note) is BandResistance.HEAVY
    assert "top of 10-12 with the medium band you logged" in d.reason
    # Logged with the prescribed (light) band, the step is to medium.
    plain = decide(library, profile, current, band=BandResistance.LIGHT, days=(0, 3))
    assert band_in(plain.prescription.load_note) is BandResistance.MEDIUM


def test_the_band_step_follows_the_bands_the_runner_owns(library: Library) -> None:
    profile = runner('bands = ["light", "heavy"]')
    current = start(library, profile, "band-walk-feet-squat")
    current = current.model_copy(update={"sets": 3, "tempo": "1-1-4"})
    d = decide(library, profile, current, band=BandResistance.LIGHT, days=(0, 3))
    assert band_in(d.prescription.load_note) is BandResistance.HEAVY  # no medium band owned
    top = decide(library, profile, current, band=BandResistance.HEAVY, days=(0, 3))
    assert band_in(top.prescription.load_note) is not BandResistance.EXTRA_HEAVY
    assert "your light loop band" not in (top.prescription.load_note or "")
