"""A profile built from untrusted JSON (the web API, an edited file) refuses wrong types with a
validation error naming the field, never a crash (schemathesis found condition_sides: true)."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from glutecoach.domain.profile import RunnerProfile

BASE = {
    "name": "Ann",
    "weekly_running_km": 20.0,
    "minutes_per_session": 20,
    "strength_experience": "none",
}


@pytest.mark.parametrize("sides", [True, 3, "left", ["itb-syndrome"]])
def test_condition_sides_of_the_wrong_type_is_a_validation_error(sides: object) -> None:
    with pytest.raises(ValidationError, match="condition_sides"):
        RunnerProfile.model_validate({**BASE, "conditions": [], "condition_sides": sides})


def test_sided_conditions_still_read() -> None:
    profile = RunnerProfile.model_validate(
        {**BASE, "conditions": [{"id": "itb-syndrome", "side": "left"}, "patellofemoral-pain"]}
    )
    assert [str(c) for c in profile.conditions] == ["itb-syndrome", "patellofemoral-pain"]
    assert {str(c): str(s) for c, s in profile.condition_sides.items()} == {"itb-syndrome": "left"}
