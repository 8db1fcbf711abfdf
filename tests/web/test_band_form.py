"""The guided session's set form logs which band a set was done with: the field appears on band
work only, offers the runner's bands, stores the choice, shows it once logged, and refuses a
name that is not a band beside the field. A one-tap set logs the prescribed band."""

from __future__ import annotations

import re

from glutecoach.domain.vocabulary import BandResistance
from glutecoach.library.catalogue import Library
from glutecoach.services import guided
from glutecoach.storage import Database
from tests.scenarios.test_rung_carry_over import log_until_band_work
from tests.web.support import PROFILE, Browser

BANDS = {
    **PROFILE,
    "strength_experience": "novice",
    "equipment": ["mini-band"],
    "bands": ["light", "medium", "heavy"],
    "minutes_per_session": 30,
}


def test_the_set_form_logs_the_band_used(
    browser: Browser, database: Database, library: Library
) -> None:
    browser.sign_up("bea@example.org")
    runner_id = browser.onboard(BANDS)
    day = log_until_band_work(database, library, runner_id)
    page = f"/today?day={day.isoformat()}"
    html = browser.get(page).text
    steps = guided.guided_session(database, library, runner_id, day).steps
    banded = [s for s in steps if s.band is not None]
    assert len(banded) >= 2
    assert html.count('name="band"') == len(banded)  # band work only
    for band in ("light", "medium", "heavy"):
        assert f'<option value="{band}"' in html
    assert '<option value="extra-heavy"' not in html  # not one of the runner's bands

    step = banded[0]
    reps = step.prescription.aim_reps
    data = {"day": day.isoformat(), "step": step.key, "mode": "detail", "pain_during": "0"}
    data |= {"reps_done": str(reps), "good_form_reps": str(reps), "band": "purple"}
    refused = browser.submit(page, "/today/sets", data)
    assert refused.status_code == 422
    field = re.search(
        r'name="band"[^>]*aria-invalid="true" aria-describedby="([^"]+)"', refused.text
    )
    assert field is not None, "the band field is marked invalid"
    assert re.search(rf'id="{field.group(1)}">[^<]*light', refused.text)

    stored = browser.submit(page, "/today/sets", data | {"band": "heavy"})
    assert stored.status_code == 303, stored.text
    now = guided.guided_session(database, library, runner_id, day)
    logged = next(s for s in now.steps if s.key == step.key).logged
    assert logged is not None
    assert logged.band is BandResistance.HEAVY
    assert "heavy band." in browser.get(page).text

    tapped = banded[1]  # band work has at least two sets
    one_tap = {"day": day.isoformat(), "step": tapped.key, "mode": "prescribed"}
    assert browser.submit(page, "/today/sets", one_tap).status_code == 303
    now = guided.guided_session(database, library, runner_id, day)
    as_done = next(s for s in now.steps if s.key == tapped.key).logged
    assert as_done is not None
    assert as_done.band is tapped.band
