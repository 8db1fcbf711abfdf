"""Effort per set through the web API: reps in reserve or RPE, optional, never both, stored
with the set in the guided session."""

from __future__ import annotations

from tests.web.support import Browser


def test_reps_in_reserve_is_stored_and_rpe_with_it_is_refused(browser: Browser) -> None:
    browser.sign_up("rae@example.org")
    runner_id = browser.onboard()
    day = browser.get(f"/api/runners/{runner_id}/plan").json()["sessions"][0]["date"]
    steps = browser.get(f"/api/runners/{runner_id}/today?day={day}").json()["steps"]
    step = next(s for s in steps if "reps" in s["dose"])
    detail = {"day": day, "step": step["key"], "as_prescribed": False, "pain_during": 0,
              "reps_done": 10, "good_form_reps": 10, "reps_in_reserve": 2, "rpe": 8}  # fmt: skip
    both = browser.api("POST", f"/api/runners/{runner_id}/sets", json=detail)
    assert both.status_code == 422
    assert "RPE or as reps in reserve, not both" in both.text
    del detail["rpe"]
    stored = browser.api("POST", f"/api/runners/{runner_id}/sets", json=detail)
    assert stored.json() == {"stored": True}
    page = browser.get(f"/today?day={day}")
    assert "2 in reserve" in page.text
    assert 'name="reps_in_reserve"' in page.text
