"""The web app keeps each runner's plan in force between requests (services/runner_states.py):
its pages and API use the kept plan while nothing changed, and show at once what another
process (the CLI, another server) stored meanwhile."""

from __future__ import annotations

import datetime as dt

from fastapi import FastAPI

from glutecoach.domain.log import SessionLog
from glutecoach.library.catalogue import Library
from glutecoach.services import training
from glutecoach.storage import Database
from tests.planning.factories import done_sets
from tests.web.support import Browser


def test_pages_use_the_kept_plan_and_see_what_the_cli_stored(
    app: FastAPI, browser: Browser, database: Database, library: Library
) -> None:
    browser.sign_up("alex@example.org")
    runner_id = browser.onboard()
    states = app.state.glutecoach.states
    plan = browser.get(f"/api/runners/{runner_id}/plan").json()
    day = plan["sessions"][0]["date"]
    page = browser.get(f"/today?day={day}")
    assert "Done as prescribed" in page.text
    hits = states.hits
    assert browser.get(f"/today?day={day}").text == page.text
    assert states.hits == hits + 1, "nothing changed: the kept plan is used"

    state = training.runner_state(database, library, runner_id)
    session = state.plan.session_on(dt.date.fromisoformat(day))
    assert session is not None
    sets = tuple(s for p in session.prescriptions if not p.rested for s in done_sets(p))
    log = SessionLog(date=session.date, sets=sets)
    training.log_session(database, library, runner_id, log, today=session.date)

    assert "Session stored" in browser.get(f"/today?day={day}").text
    assert session.date.strftime("%d %B %Y") in browser.get("/history").text
    answer = browser.api("POST", f"/api/runners/{runner_id}/sets", json={"day": day, "step": "x"})
    assert answer.status_code == 422
    assert "already finished" in answer.text
