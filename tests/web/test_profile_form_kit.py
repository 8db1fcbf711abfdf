"""The onboarding form covers the profile's bands and household items (issue 11)."""

from __future__ import annotations

from starlette.datastructures import FormData

from glutecoach.domain.profile import RunnerProfile
from glutecoach.domain.vocabulary import BandResistance, Equipment, HouseholdItem
from glutecoach.web.forms import flat_values, form_data, model_form


def test_bands_and_lacks_are_checkboxes_that_round_trip_through_the_model() -> None:
    fields = {f.name: f for f in model_form(RunnerProfile, ("clam",))}
    assert fields["bands"].kind == "checkboxes"
    assert fields["bands"].choices == tuple(b.value for b in BandResistance)
    assert fields["lacks"].kind == "checkboxes"
    assert fields["lacks"].choices == tuple(h.value for h in HouseholdItem)
    assert "backpack" in fields["lacks"].help or "tick" in fields["lacks"].help.lower()
    submitted = FormData(
        [
            ("name", "Sam"),
            ("strength_experience", "novice"),
            ("weekly_running_km", "30"),
            ("minutes_per_session", "25"),
            ("bands", "medium"),
            ("bands", "light"),
            ("lacks", "step"),
        ]
    )
    profile = RunnerProfile.model_validate(form_data(tuple(fields.values()), submitted))
    assert profile.bands == (BandResistance.LIGHT, BandResistance.MEDIUM)
    assert profile.lacks == (HouseholdItem.STEP,)
    have = profile.available_equipment()
    assert Equipment.STEP not in have
    assert {Equipment.WALL, Equipment.CHAIR, Equipment.BACKPACK, Equipment.MINI_BAND} <= have
    flat = flat_values(profile.model_dump(mode="json"))
    assert flat["bands"] == ["light", "medium"]
    assert flat["lacks"] == ["step"]
