"""A runner's whole journey through the pages, without a browser engine: sign-up, onboarding,
recommendation, plan, the guided session set by set, finishing, history and downloads."""

from __future__ import annotations

import datetime as dt

from tests.evidence.wording import wording_problems
from tests.web.support import Browser, csrf_of


def test_sign_up_onboard_log_a_session_and_see_it_in_history(browser: Browser) -> None:
    response = browser.sign_up("alex@example.org")
    assert response.headers["location"] == "/onboarding"
    form = browser.get("/onboarding")
    assert form.status_code == 200
    fields = ("name", "weekly_running_km", "running.monday", "conditions", "equipment", "bands")
    for field in (*fields, "lacks"):
        assert f'name="{field}"' in form.text, field

    done = browser.submit(
        "/onboarding",
        "/onboarding",
        {
            "name": "Alex",
            "strength_experience": "none",
            "weekly_running_km": "20",
            "minutes_per_session": "20",
            "goal": "prevention",
            "running.tuesday": "easy",
            "running.sunday": "long-run",
            "pain.exercise": "",
            "pain.score": "",
        },
    )
    assert done.status_code == 303, done.text
    recommendation = browser.get("/recommendation")
    assert "Your exercises, and why" in recommendation.text
    assert "Evidence" in recommendation.text
    plan = browser.get("/plan")
    assert plan.status_code == 200
    me = browser.get("/api/me").json()
    today = browser.get(f"/api/runners/{me['runner_id']}/plan").json()
    first = dt.date.fromisoformat(today["sessions"][0]["date"])
    page = browser.get(f"/today?day={first.isoformat()}")
    assert "Done as prescribed" in page.text
    guided = browser.get(f"/api/runners/{me['runner_id']}/today?day={first}").json()
    step = guided["steps"][0]["key"]
    token = csrf_of(page.text)
    form = {"csrf_token": token, "day": first.isoformat(), "step": step, "mode": "prescribed"}
    first_tap = browser.client.post("/today/sets", data=form, follow_redirects=False)
    second_tap = browser.client.post("/today/sets", data=form, follow_redirects=False)
    assert first_tap.status_code == second_tap.status_code == 303
    guided = browser.get(f"/api/runners/{me['runner_id']}/today?day={first}").json()
    logged = [s for s in guided["steps"] if s["logged"]]
    assert len(logged) == 1, "a double tap must log one set"
    finish = browser.client.post(
        "/today/finish",
        data={"csrf_token": token, "day": first.isoformat(), "pain_before": "1"},
        follow_redirects=False,
    )
    assert finish.status_code == 303, finish.text
    history = browser.get("/history")
    assert first.strftime("%d %B %Y") in history.text
    assert "What changed, and why" in history.text
    for url in ("/downloads/handout.pdf", "/downloads/calendar.ics", "/downloads/export.json"):
        assert browser.get(url).status_code == 200, url
    assert browser.get("/progress/pain.svg").text.lstrip().startswith("<?xml")
    for url in ("/recommendation", "/plan", f"/today?day={first.isoformat()}", "/history"):
        assert wording_problems(browser.get(url).text) == [], url  # plain words (issue 13)


def test_bad_numbers_in_the_guided_session_are_answered_not_crashed(browser: Browser) -> None:
    browser.sign_up("sam@example.org")
    runner_id = browser.onboard()
    plan = browser.get(f"/api/runners/{runner_id}/plan").json()
    day = plan["sessions"][0]["date"]
    steps = browser.get(f"/api/runners/{runner_id}/today?day={day}").json()["steps"]
    detail = {"day": day, "step": steps[0]["key"], "as_prescribed": False, "pain_during": 11}
    too_much = browser.api("POST", f"/api/runners/{runner_id}/sets", json=detail)
    assert too_much.status_code == 422
    problems = {tuple(d["loc"]): d["msg"] for d in too_much.json()["detail"]}
    assert "pain during the set is 11" in problems[("body", "pain_during")]
    detail["pain_during"] = 1
    no_reps = browser.api("POST", f"/api/runners/{runner_id}/sets", json=detail)
    assert "reps done or a hold" in no_reps.json()["detail"][0]["msg"]
    detail["reps_done"] = 8
    good = {**detail, "pain_during": 2}
    assert browser.api("POST", f"/api/runners/{runner_id}/sets", json=good).json() == {
        "stored": True
    }
    finish = {"day": day, "pain_before": 12}
    refused = browser.api("POST", f"/api/runners/{runner_id}/sessions", json=finish)
    assert refused.status_code == 422
    assert "pain before the session is 12" in refused.text
    page = browser.submit(f"/today?day={day}", "/today/finish", {"day": day, "pain_before": "lots"})
    assert page.status_code == 422
    assert "use a whole number from 0 to 10" in page.text
    stored = browser.api("POST", f"/api/runners/{runner_id}/sessions", json={"day": day})
    assert stored.status_code == 200
    assert stored.json()["sets"] == 1, "the set logged before the refusals is in the session"
