"""Debian's Chromium for the browser tests, driven by Playwright: one browser for the whole
test session (a second Playwright instance cannot start while one runs). Registered as
fixtures in tests/web/conftest.py.

Chromium comes from ``scripts/chromium.sh`` (Debian's package, installed if missing), as
PostgreSQL comes from ``scripts/postgres.sh``; Playwright's own browser download is not used.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser as Chromium
from playwright.sync_api import sync_playwright

REPO = Path(__file__).resolve().parents[2]
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--headless",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="session")
def chromium_path() -> str:
    done = subprocess.run(
        ["bash", str(REPO / "scripts" / "chromium.sh")],
        capture_output=True,
        text=True,
        timeout=1200,
        check=False,
    )
    if done.returncode != 0:
        message = f"Chromium could not be installed (scripts/chromium.sh):\n{done.stderr}"
        if os.environ.get("CI"):
            pytest.fail(message, pytrace=False)
        pytest.skip(message)
    return done.stdout.strip().splitlines()[-1]


@pytest.fixture(scope="session")
def chromium(chromium_path: str) -> Iterator[Chromium]:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path, args=CHROMIUM_ARGS)
        yield browser
        browser.close()
