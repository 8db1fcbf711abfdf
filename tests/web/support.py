"""Helpers for web tests: a browser-like client that keeps cookies and sends the CSRF token
of the page it last read, as a person's browser would."""

from __future__ import annotations

import re
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import httpx
import uvicorn
from fastapi.testclient import TestClient

from glutecoach.services.accounts import AccountParams

CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')
PASSWORD = "correct horse battery"
FAST_HASHING = AccountParams(hash_time_cost=1, hash_memory_kib=1024, hash_parallelism=1)
"""Cheap argon2id hashes, so tests that make many accounts stay fast on a loaded machine
(tests/web/test_security.py checks the defaults separately)."""
PROFILE: dict[str, Any] = {
    "name": "Alex Runner",
    "strength_experience": "none",
    "weekly_running_km": 20,
    "minutes_per_session": 20,
    "goal": "prevention",
    "running": {"tuesday": "easy", "thursday": "easy", "sunday": "long-run"},
}


def csrf_of(html: str) -> str:
    found = CSRF.search(html)
    assert found, "the page has no CSRF token"
    return found.group(1)


@dataclass
class Browser:
    """A TestClient used like a browser: read a page, then post its form with its token."""

    client: TestClient

    def get(self, url: str, **kwargs: Any) -> httpx.Response:
        return self.client.get(url, **kwargs)

    def submit(self, page: str, action: str, data: dict[str, Any]) -> httpx.Response:
        """Open ``page``, take its CSRF token, post ``data`` to ``action`` (no redirects)."""
        token = csrf_of(self.client.get(page).text)
        return self.client.post(action, data={"csrf_token": token, **data}, follow_redirects=False)

    def sign_up(self, email: str, *, coach: bool = False) -> httpx.Response:
        data = {"email": email, "password": PASSWORD, "timezone": "UTC"}
        if coach:
            data["coach"] = "yes"
        response = self.submit("/sign-up", "/sign-up", data)
        assert response.status_code == 303, response.text
        return response

    def sign_in(self, email: str, password: str = PASSWORD) -> httpx.Response:
        return self.submit("/sign-in", "/sign-in", {"email": email, "password": password})

    def csrf(self) -> str:
        """The token this browser's forms carry now (the session's, or the pre-sign-in one)."""
        return csrf_of(self.client.get("/sign-in").text)

    def api(self, method: str, url: str, **kwargs: Any) -> httpx.Response:
        """A JSON API call with the session cookie and the CSRF header."""
        headers = {"X-CSRF-Token": self.csrf()} if method != "GET" else {}
        return self.client.request(method, url, headers=headers, **kwargs)

    def onboard(self, profile: dict[str, Any] | None = None) -> str:
        response = self.api("PUT", "/api/me/profile", json=profile or PROFILE)
        assert response.status_code == 200, response.text
        runner_id = self.client.get("/api/me").json()["runner_id"]
        assert isinstance(runner_id, str)
        return runner_id


@contextmanager
def served(app: Any, *, lifespan: str = "off", start_timeout_s: float = 30) -> Iterator[str]:
    """The app served by uvicorn on a free loopback port, in a thread of this process; yields
    its base URL. ``lifespan="on"`` runs the app's start-up (e.g. its video job runner)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = uvicorn.Server(
        uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan=lifespan)
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + start_timeout_s
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    assert server.started, "uvicorn did not start"
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=60)
