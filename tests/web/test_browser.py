"""A new runner's journey in a real Chromium (Debian's, driven by Playwright), on a phone
(390 px wide) and a desktop: sign-up, onboarding, the plan, today's guided session (a set
logged with one tap, a double tap logging once), finishing it, and history; and a set of band
work logged with the band chosen in the set form. Every page is checked with axe-core in the
same browser: no serious or critical violation.

Chromium comes from ``scripts/chromium.sh`` (Debian's package, installed if missing), as
PostgreSQL comes from ``scripts/postgres.sh``; Playwright's own browser download is not used.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from axe_playwright_python.sync_playwright import Axe
from fastapi import FastAPI
from playwright.sync_api import Browser as Chromium
from playwright.sync_api import Page, expect

from glutecoach.library.catalogue import Library
from glutecoach.storage import Database
from tests.scenarios.test_rung_carry_over import log_until_band_work
from tests.web.support import PASSWORD, Browser, served
from tests.web.test_band_form import BANDS

VIEWPORTS = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1280, "height": 900}}
BLOCKING = {"serious", "critical"}


@pytest.fixture
def live_url(app: FastAPI) -> Iterator[str]:
    """The app served by uvicorn on a free loopback port, in a thread of this process."""
    with served(app) as url:
        yield url


def _accessible(page: Page, axe: Axe) -> None:
    results = axe.run(page)
    violations = [
        f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:3]}"
        for v in results.response["violations"]
        if v["impact"] in BLOCKING
    ]
    assert not violations, f"{page.url}:\n" + "\n".join(violations)


@pytest.mark.parametrize("viewport", sorted(VIEWPORTS))
def test_a_new_runner_goes_from_sign_up_to_a_logged_session(
    chromium: Chromium, live_url: str, viewport: str
) -> None:
    axe = Axe()
    context = chromium.new_context(viewport=VIEWPORTS[viewport], base_url=live_url)
    page = context.new_page()
    try:
        page.goto("/")
        expect(page).to_have_url(f"{live_url}/sign-in?next=/")
        _accessible(page, axe)
        page.get_by_role("link", name="Create an account").click()
        _accessible(page, axe)
        page.get_by_label("Email").fill(f"{viewport}@example.org")
        page.get_by_label("Password").fill("correct horse battery")
        page.get_by_role("button", name="Create account").click()

        expect(page.get_by_role("heading", name="Your profile")).to_be_visible()
        _accessible(page, axe)
        page.get_by_label("Your name").fill(f"Runner on a {viewport}")
        page.get_by_label("Running per week (km)").fill("500")  # out of range on purpose
        page.get_by_label("Minutes per session").fill("20")
        page.locator("#f-running-tuesday").select_option("easy")
        page.locator("#f-running-sunday").select_option("long-run")
        page.get_by_role("button", name="Save and make my plan").click()
        error = page.locator("#f-weekly-running-km-error")
        expect(error).to_contain_text("less than or equal to 400")
        expect(page.get_by_label("Your name")).to_have_value(f"Runner on a {viewport}")
        _accessible(page, axe)
        page.get_by_label("Running per week (km)").fill("25")
        page.get_by_role("button", name="Save and make my plan").click()

        expect(page.get_by_role("heading", name="Your exercises, and why")).to_be_visible()
        _accessible(page, axe)
        page.get_by_role("link", name="See my plan").click()
        expect(page.get_by_role("heading", name="week plan")).to_be_visible()
        _accessible(page, axe)
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= VIEWPORTS[viewport]["width"], "the plan fits the screen without scrolling"
        page.locator(".day a").first.click()

        expect(page.locator(".progress-line")).to_contain_text("0 of ")
        _accessible(page, axe)
        done = page.get_by_role("button", name="Done as prescribed, no pain").first
        done.dblclick()  # a double tap logs one set
        expect(page.locator(".progress-line")).to_contain_text("1 of ")
        page.get_by_role("button", name="Done as prescribed, no pain").first.click()
        expect(page.locator(".progress-line")).to_contain_text("2 of ")
        page.get_by_text("Log with my own numbers").first.click()
        form = page.locator("details[open] form")
        form.get_by_label("Pain during 0-10").fill("3")
        form.get_by_label("Effort 1-10").fill("7")
        form.get_by_role("button", name="Log this set").click()
        expect(page.locator(".progress-line")).to_contain_text("3 of ")
        expect(page.get_by_text("pain 3/10, effort 7.0/10")).to_be_visible()
        _accessible(page, axe)
        page.get_by_label("Pain at rest before you started, 0-10").fill("1")
        page.get_by_role("button", name="Finish and store the session").click()

        expect(page.get_by_role("heading", name="History")).to_be_visible()
        expect(page.get_by_role("heading", name="What changed, and why")).to_be_visible()
        assert page.locator("article.card li").count() >= 3
        _accessible(page, axe)
        page.goto("/account")
        _accessible(page, axe)
        page.goto("/progress")
        _accessible(page, axe)
    finally:
        context.close()


@pytest.mark.parametrize("viewport", sorted(VIEWPORTS))
def test_a_set_of_band_work_logs_the_band_chosen_in_its_form(
    chromium: Chromium,
    live_url: str,
    viewport: str,
    browser: Browser,
    database: Database,
    library: Library,
) -> None:
    email = f"bands-{viewport}@example.org"
    browser.sign_up(email)
    day = log_until_band_work(database, library, browser.onboard(BANDS))
    context = chromium.new_context(viewport=VIEWPORTS[viewport], base_url=live_url)
    page = context.new_page()
    try:
        page.goto("/sign-in")
        page.get_by_label("Email").fill(email)
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_role("button", name="Sign in").click()
        expect(page).not_to_have_url(f"{live_url}/sign-in")
        page.goto(f"/today?day={day.isoformat()}")
        step = page.locator("li", has=page.locator("select[name=band]")).first
        step.get_by_text("Log with my own numbers").click()
        band = step.get_by_label("Band used")
        expect(band).to_be_visible()
        offered = band.locator("option").all_text_contents()
        assert {"light", "medium", "heavy"} <= set(offered)  # the runner's bands
        box = band.bounding_box()
        assert box is not None
        assert box["x"] >= 0
        assert box["x"] + box["width"] <= VIEWPORTS[viewport]["width"], "the band field fits"
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= VIEWPORTS[viewport]["width"], "the open set form fits the screen"
        _accessible(page, Axe())
        band.select_option("heavy")
        step.get_by_label("Pain during 0-10").fill("0")
        step.get_by_role("button", name="Log this set").click()
        expect(page.get_by_text("heavy band.").first).to_be_visible()
    finally:
        context.close()
