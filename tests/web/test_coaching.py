"""The coach's side through the app: an invitation link accepted by the runner (once), the
roster with adherence, pain and flags, the athlete's read-only page with the coach's notes and
allow/forbid list, and the runner ending the link."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from tests.web.support import Browser


def _coach_and_athlete(new_browser: Callable[[], Browser]) -> tuple[Browser, Browser, str, str]:
    coach, runner = new_browser(), new_browser()
    coach.sign_up("coach@example.org", coach=True)
    runner.sign_up("ana@example.org")
    runner_id = runner.onboard()
    made = coach.api("POST", "/api/coach/invite-links")
    assert made.status_code == 201, made.text
    code = made.json()["url"].rsplit("/", 1)[1]
    return coach, runner, runner_id, code


def test_invitation_link_roster_notes_and_revoke(new_browser: Callable[[], Browser]) -> None:
    coach, runner, runner_id, code = _coach_and_athlete(new_browser)
    assert coach.get("/api/coach/roster").json() == []
    assert coach.get(f"/coach/runners/{runner_id}").status_code == 404
    assert "A coach invites you" in runner.get(f"/invite/{code}").text
    accepted = runner.submit(f"/invite/{code}", f"/invite/{code}", {})
    assert accepted.status_code == 303
    reused = new_browser()
    reused.sign_up("other@example.org")
    again = reused.submit(f"/invite/{code}", f"/invite/{code}", {})
    assert again.status_code == 422
    assert "not valid" in again.text

    plan = runner.get(f"/api/runners/{runner_id}/plan").json()
    first = dt.date.fromisoformat(plan["sessions"][0]["date"])
    today = runner.get(f"/api/runners/{runner_id}/today?day={first}").json()
    step = today["steps"][0]
    amount = (
        {"hold_s": 20, "good_form_hold_s": 20}
        if step["dose"].endswith(" s") or " s " in step["dose"]
        else {"reps_done": 10, "good_form_reps": 10}
    )
    sets = runner.api(
        "POST",
        f"/api/runners/{runner_id}/sets",
        json={"day": str(first), "step": step["key"], "as_prescribed": False, "pain_during": 7}
        | amount,
    )
    assert sets.status_code == 200, sets.text
    assert (
        runner.api(
            "POST", f"/api/runners/{runner_id}/sessions", json={"day": str(first)}
        ).status_code
        == 200
    )

    (entry,) = coach.get("/api/coach/roster").json()
    assert entry["runner_id"] == runner_id
    assert entry["name"] == "Alex Runner"
    assert entry["latest_pain"] == 7
    assert [f["kind"] for f in entry["flags"]] == ["pain"]
    roster_page = coach.get("/coach").text
    assert f'href="/coach/runners/{runner_id}"' in roster_page
    assert "7/10" in roster_page

    saved = coach.submit(
        f"/coach/runners/{runner_id}",
        f"/coach/runners/{runner_id}/notes",
        {"notes": "Left knee: watch valgus", "allowed": ["clam"], "forbidden": ["glute-bridge"]},
    )
    assert saved.status_code == 303
    note = coach.get(f"/api/coach/runners/{runner_id}/notes").json()
    assert (note["notes"], note["allowed"], note["forbidden"]) == (
        "Left knee: watch valgus",
        ["clam"],
        ["glute-bridge"],
    )
    both = coach.api(
        "PUT",
        f"/api/coach/runners/{runner_id}/notes",
        json={"allowed": ["clam"], "forbidden": ["clam"]},
    )
    assert both.status_code == 422
    athlete_page = coach.get(f"/coach/runners/{runner_id}").text
    assert "Left knee: watch valgus" in athlete_page
    assert "Read-only" in athlete_page
    assert runner.get(f"/api/coach/runners/{runner_id}/notes").status_code in {403, 404}

    coach_id = coach.get("/api/me").json()["id"]
    assert runner.api("DELETE", f"/api/me/coaches/{coach_id}").status_code == 204
    assert coach.get("/api/coach/roster").json() == []
    assert coach.get(f"/api/runners/{runner_id}/plan").status_code == 404
    assert coach.get(f"/coach/runners/{runner_id}").status_code == 404
