"""A refused value is shown beside its field, never only at the top of the page: the guided
session's per-set log (reps, good reps, effort, pain, hold), finishing a session, the
next-morning pain, and every other form (sign-up, account, admin, coach notes). In a real
Chromium for the guided session, with axe-core clean on the refused form."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterator

import pytest
from axe_playwright_python.sync_playwright import Axe
from fastapi import FastAPI
from playwright.sync_api import Browser as Chromium
from playwright.sync_api import Locator, Page, expect

from glutecoach.library.catalogue import Library
from glutecoach.services import accounts, guided, onboarding, training
from glutecoach.storage import Database
from tests.web.support import FAST_HASHING, PASSWORD, PROFILE, Browser, served
from tests.web.test_browser import _accessible


def _runner(database: Database, library: Library, email: str) -> tuple[str, dt.date]:
    """An onboarded runner account; (runner id, the day of its first planned session)."""
    user = accounts.create_user(database, email, PASSWORD, params=FAST_HASHING)
    today = accounts.today_for(user)
    onboarding.onboard(database, library, user.id, onboarding.check_profile(PROFILE), today)
    with database.unit_of_work() as uow:
        found = uow.accounts.get_user(user.id)
    assert found.runner_id is not None
    runner_id = found.runner_id
    state = training.runner_state(database, library, runner_id)
    session = state.plan.next_session(today)
    assert session is not None
    return runner_id, session.date


@pytest.fixture
def live_url(app: FastAPI) -> Iterator[str]:
    with served(app) as url:
        yield url


def _sign_in(page: Page, email: str) -> None:
    page.goto("/sign-in")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page).not_to_have_url(re.compile(r"/sign-in"))


def _beside(page: Page, field_id: str, text: str) -> Locator:
    """The field's own error message, tied to it by aria-describedby and aria-invalid."""
    field = page.locator(f"#{field_id}")
    expect(field).to_have_attribute("aria-invalid", "true")
    expect(field).to_have_attribute("aria-describedby", f"{field_id}-error")
    error = page.locator(f"#{field_id}-error")
    expect(error).to_contain_text(text)
    return error


def test_a_bad_set_log_is_shown_beside_its_field_in_the_browser(
    chromium: Chromium, live_url: str, database: Database, library: Library
) -> None:
    runner_id, day = _runner(database, library, "alex@example.org")
    axe = Axe()
    context = chromium.new_context(viewport={"width": 390, "height": 844}, base_url=live_url)
    page = context.new_page()
    try:
        _sign_in(page, "alex@example.org")
        page.goto(f"/today?day={day.isoformat()}")
        page.get_by_text("Log with my own numbers").first.click()
        form = page.locator("details[open] form")
        reps = form.locator("input[name=reps_done], input[name=hold_s]")
        reps_id = reps.get_attribute("id")
        assert reps_id is not None
        is_hold = reps_id.startswith("hold")
        reps.fill("7")
        form.locator("input[name=good_form_reps], input[name=good_form_hold_s]").fill("3")
        form.get_by_label("Pain during 0-10").fill("15")
        form.get_by_label("Effort 1-10").fill("0")
        form.get_by_role("button", name="Log this set").click()

        expect(page.locator(".progress-line")).to_contain_text("0 of ")
        _beside(page, "pain-1", "use a score from 0 (no pain) to 10")
        _beside(page, "rpe-1", "between")
        assert page.locator("p.alert").count() == 0, "no message at the top of the page"
        opened = page.locator("details[open] form")
        expect(opened.get_by_label("Pain during 0-10")).to_have_value("15")
        expect(opened.locator(f"#{reps_id}")).to_have_value("7")  # what was typed is kept
        expect(page.locator("#rpe-1")).to_be_focused()  # the first field to fix
        _accessible(page, axe)

        opened.get_by_label("Pain during 0-10").fill("2")
        opened.get_by_label("Effort 1-10").fill("")
        good = opened.locator("input[name=good_form_reps], input[name=good_form_hold_s]")
        good.fill("9")  # more good-form work than done: a rule across two fields
        opened.get_by_role("button", name="Log this set").click()
        expect(page.locator("details[open] form p.alert")).to_contain_text("cannot exceed")
        expect(page.locator(".progress-line")).to_contain_text("0 of ")

        page.locator("details[open] form").locator(
            "input[name=good_form_reps], input[name=good_form_hold_s]"
        ).fill("5")
        page.locator("details[open] form").get_by_role("button", name="Log this set").click()
        expect(page.locator(".progress-line")).to_contain_text("1 of ")
        logged = "7 s hold" if is_hold else "7 reps (5 good)"
        expect(page.locator(".step.logged").first).to_contain_text(logged)

        page.get_by_label("Pain at rest before you started, 0-10").fill("11")
        page.get_by_label("Notes").fill("felt strong")
        page.get_by_role("button", name="Finish and store the session").click()
        _beside(page, "pain-before", "whole number from 0 to 10")
        expect(page.get_by_label("Notes")).to_have_value("felt strong")
        _accessible(page, axe)
    finally:
        context.close()
    guided_now = guided.guided_session(database, library, runner_id, day)
    assert guided_now.sets_logged == 1, "only the corrected set was stored"
    assert not guided_now.finished


def test_bad_values_in_each_set_field_name_that_field(
    browser: Browser, database: Database, library: Library
) -> None:
    runner_id, day = _runner(database, library, "alex@example.org")
    assert browser.sign_in("alex@example.org").status_code == 303
    steps = guided.guided_session(database, library, runner_id, day).steps
    step = next(s for s in steps if not s.is_hold)
    page = f"/today?day={day.isoformat()}"
    cases = {
        "reps_done": ("many", "valid integer"),
        "good_form_reps": ("-1", "between"),
        "rpe": ("11", "between"),
        "pain_during": ("-2", "use a score from 0 (no pain) to 10"),
    }
    for name, (value, message) in cases.items():
        data = {"day": day.isoformat(), "step": step.key, "mode": "detail"}
        data |= {"reps_done": "8", "pain_during": "0", name: value}
        answer = browser.submit(page, "/today/sets", data)
        assert answer.status_code == 422, name
        marked = rf'name="{name}"[^>]*aria-invalid="true" aria-describedby="([^"]+)"'
        field = re.search(marked, answer.text)
        assert field is not None, f"{name} is marked invalid"
        error = re.search(rf'id="{field.group(1)}">([^<]+)<', answer.text)
        assert error is not None
        assert message in error.group(1), (name, error.group(1))
        assert f'value="{value}"' in answer.text, "the form keeps what was typed"
        assert 'class="alert"' not in answer.text, "nothing at the top of the page"
    assert guided.guided_session(database, library, runner_id, day).sets_logged == 0


def test_next_morning_pain_out_of_range_is_shown_beside_the_score(
    browser: Browser, database: Database, library: Library
) -> None:
    runner_id, day = _runner(database, library, "alex@example.org")
    assert browser.sign_in("alex@example.org").status_code == 303
    guided_now = guided.guided_session(database, library, runner_id, day)
    guided.log_step(database, library, runner_id, day, guided_now.steps[0].key)
    guided.finish_session(database, library, runner_id, day)
    answer = browser.submit("/account", "/morning-pain", {"day": day.isoformat(), "score": "12"})
    if answer.status_code == 303:
        pytest.fail("an out-of-range score was stored")
    assert answer.status_code == 422
    assert 'id="morning-score-error"' in answer.text
    assert "use a whole number from 0 to 10" in answer.text
    assert 'value="12"' in answer.text
    empty = browser.submit("/account", "/morning-pain", {"day": day.isoformat(), "score": ""})
    assert empty.status_code == 422
    assert "choose a number from 0 to 10" in empty.text


@pytest.mark.parametrize(
    ("data", "field_id", "message"),
    [
        ({"email": "x@", "password": PASSWORD}, "email", "email address"),
        ({"email": "n@example.org", "password": "short"}, "password", "at least 10"),
        (
            {"email": "n@example.org", "password": PASSWORD, "timezone": "Mars/Base"},
            "timezone",
            "is not known",
        ),
    ],
)
def test_sign_up_shows_each_problem_beside_its_field(
    browser: Browser, data: dict[str, str], field_id: str, message: str
) -> None:
    answer = browser.submit("/sign-up", "/sign-up", data)
    assert answer.status_code == 422
    assert f'aria-describedby="{field_id}-error"' in answer.text
    error = re.search(rf'id="{field_id}-error">([^<]+)<', answer.text)
    assert error is not None
    assert message in error.group(1)


def test_account_forms_show_each_problem_beside_its_field(
    new_browser: Callable[[], Browser], database: Database
) -> None:
    runner = new_browser()
    runner.sign_up("alex@example.org")
    cases = [
        ("/account/timezone", {"timezone": "Nowhere/Land"}, "timezone", "is not known"),
        ("/account/tokens", {"name": ""}, "token-name", "1 to 80 characters"),
        ("/account/link", {"code": "nope"}, "code", "not a valid link code"),
        ("/account/delete", {"confirm": "someone@else.org"}, "confirm", "type your account"),
    ]
    for action, data, field_id, message in cases:
        answer = runner.submit("/account", action, data)
        assert answer.status_code == 422, action
        assert answer.text.count('aria-invalid="true"') == 1, f"{action}: only its own field"
        error = re.search(rf'id="{field_id}-error">([^<]+)<', answer.text)
        assert error is not None, action
        assert message in error.group(1), (action, error.group(1))
    coach = new_browser()
    coach.sign_up("coach@example.org", coach=True)
    invited = coach.submit("/account", "/account/invite", {"email": "nobody@example.org"})
    assert invited.status_code == 422
    assert re.search(r'id="invite-email-error">[^<]*no runner account', invited.text)
    accounts.create_admin(database, "boss@example.org", PASSWORD, params=FAST_HASHING)
    admin = new_browser()
    assert admin.sign_in("boss@example.org").status_code == 303
    reset = admin.submit("/admin", "/admin/resets", {"email": "ghost@example.org"})
    assert reset.status_code == 422
    assert re.search(r'id="reset-email-error">[^<]*no account with the email', reset.text)
    assert 'value="ghost@example.org"' in reset.text


def test_coach_notes_show_the_problem_beside_the_list(new_browser: Callable[[], Browser]) -> None:
    coach, runner = new_browser(), new_browser()
    coach.sign_up("coach@example.org", coach=True)
    runner.sign_up("ana@example.org")
    runner_id = runner.onboard()
    code = coach.api("POST", "/api/coach/invite-links").json()["url"].rsplit("/", 1)[1]
    assert runner.submit(f"/invite/{code}", f"/invite/{code}", {}).status_code == 303
    page = f"/coach/runners/{runner_id}"
    both = {"notes": "watch the knee", "allowed": "clam", "forbidden": "clam"}
    refused = coach.submit(page, f"{page}/notes", both)
    assert refused.status_code == 422
    assert 'aria-describedby="list-error"' in refused.text
    assert re.search(r'id="list-error">[^<]*cannot be both allowed and forbidden', refused.text)
    assert "watch the knee</textarea>" in refused.text, "the notes typed are kept"
    assert re.search(r'name="allowed" value="clam" aria-label="[^"]+" checked', refused.text)
    saved = coach.get(page).text
    assert "watch the knee" not in saved, "nothing was stored"
