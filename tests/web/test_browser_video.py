"""Video checks and coaching in a real Chromium (Debian's, driven by Playwright), on a phone
(390 px wide) and a desktop: a runner reads the film guide, uploads a real shared clip, the job
runs the real pose model on a Dask worker process, the report opens and its annotated video
plays (its duration read from the page's video element), and the set is logged; a coach makes
an invitation link, the runner accepts it, and the coach opens the roster, the athlete and the
athlete's check. Every page is checked with axe-core: no serious or critical violation."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser as Chromium
from playwright.sync_api import BrowserContext, Page, expect

from glutecoach.library.catalogue import Library
from glutecoach.storage import Database
from glutecoach.web.app import create_app
from tests.web.support import served
from tests.web.test_browser import VIEWPORTS, _accessible
from tests.web.video_support import GLUTE_BRIDGE, shared_clip, video_settings

PASSWORD = "correct horse battery"
CHECK_TIMEOUT_MS = 300_000


@pytest.fixture
def jobs_url(database: Database, library: Library, tmp_path: Path) -> Iterator[str]:
    """The app with its job runner (a local Dask cluster of one worker process), served by
    uvicorn on a free loopback port, lifespan included."""
    app = create_app(
        video_settings(tmp_path / "media", run_jobs=True), database=database, library=library
    )
    with served(app, lifespan="on", start_timeout_s=120) as url:
        yield url


def _sign_up(page: Page, email: str, *, coach: bool = False) -> None:
    page.goto("/sign-up")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    if coach:
        page.get_by_label("I am a coach or physiotherapist").check()
    page.get_by_role("button", name="Create account").click()


def _onboard(page: Page, name: str) -> None:
    expect(page.get_by_role("heading", name="Your profile")).to_be_visible()
    page.get_by_label("Your name").fill(name)
    page.get_by_label("Running per week (km)").fill("25")
    page.get_by_label("Minutes per session").fill("20")
    page.get_by_role("button", name="Save and make my plan").click()
    expect(page.get_by_role("heading", name="Your exercises, and why")).to_be_visible()


def _check_a_clip(page: Page, axe: Axe, clip: Path, width: int) -> str:
    page.get_by_role("link", name="Checks").click()
    expect(page.get_by_role("heading", name="Technique checks")).to_be_visible()
    _accessible(page, axe)
    page.get_by_label("Which exercise did you film?").select_option("glute-bridge")
    page.get_by_role("button", name="Show how to film it").click()
    expect(page.get_by_role("heading", name="How to film it")).to_be_visible()
    _accessible(page, axe)
    page.get_by_label("Your clip").set_input_files(str(clip))
    page.get_by_role("button", name="Upload and check").click()
    expect(page.get_by_role("heading", name="Checking your clip")).to_be_visible()
    _accessible(page, axe)
    heading = page.get_by_role("heading", name="Your annotated video")
    expect(heading).to_be_visible(timeout=CHECK_TIMEOUT_MS)
    _accessible(page, axe)
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    page.wait_for_function("document.getElementById('annotated').readyState >= 1", timeout=30_000)
    duration = page.evaluate("document.getElementById('annotated').duration")
    assert 1.0 < duration < 10.0, duration
    page.evaluate("const v = document.getElementById('annotated'); v.muted = true; v.play()")
    page.wait_for_function("document.getElementById('annotated').currentTime > 0.2", timeout=30_000)
    return page.url.rsplit("/", 1)[1]


@pytest.mark.real_data
@pytest.mark.parametrize("viewport", sorted(VIEWPORTS))
def test_runner_checks_a_clip_and_coach_sees_it(
    chromium: Chromium, jobs_url: str, viewport: str
) -> None:
    clip = shared_clip(GLUTE_BRIDGE)
    axe = Axe()
    contexts: list[BrowserContext] = []

    def new_page() -> Page:
        context = chromium.new_context(viewport=VIEWPORTS[viewport], base_url=jobs_url)
        contexts.append(context)
        return context.new_page()

    try:
        runner = new_page()
        _sign_up(runner, f"runner-{viewport}@example.org")
        _onboard(runner, f"Runner on a {viewport}")
        job_id = _check_a_clip(runner, axe, clip, VIEWPORTS[viewport]["width"])
        reps = runner.get_by_label("Reps done").first
        expect(reps).not_to_have_value("0")
        runner.get_by_label("Worst pain during the set").fill("1")
        runner.get_by_role("button", name="Log this set").click()
        expect(runner).to_have_url(f"{jobs_url}/today?logged=check")
        runner.goto(f"/checks/{job_id}")
        expect(runner.get_by_text("This set is logged in your training")).to_be_visible()

        coach = new_page()
        _sign_up(coach, f"coach-{viewport}@example.org", coach=True)
        coach.goto("/coach")
        _accessible(coach, axe)
        coach.get_by_role("button", name="Make an invitation link").click()
        link = coach.get_by_label("Invitation link").input_value()
        runner.goto(link)
        _accessible(runner, axe)
        runner.get_by_role("button", name="Accept the invitation").click()
        coach.goto("/coach")
        coach.get_by_role("link", name=f"Runner on a {viewport}").click()
        expect(coach.get_by_role("heading", name="Video checks")).to_be_visible()
        _accessible(coach, axe)
        coach.get_by_role("link", name="Glute bridge").first.click()
        expect(coach.get_by_role("heading", name="Your annotated video")).to_be_visible()
        expect(coach.get_by_role("button", name="Log this set")).to_have_count(0)
        coach.wait_for_function(
            "document.getElementById('annotated').readyState >= 1", timeout=30_000
        )
    finally:
        for context in contexts:
            context.close()
