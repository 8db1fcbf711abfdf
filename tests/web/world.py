"""A small world of accounts for permission tests: runners A and B (each onboarded, with a
plan, an API token and, for A, a logged session), A's coach (invited by A's account and
accepted), another coach (who invited B, not yet accepted), an admin, and a stranger who is
not signed in. Each actor has their own browser (cookies)."""

from __future__ import annotations

import datetime as dt
import functools
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from glutecoach.services import accounts
from glutecoach.storage import Database
from glutecoach.storage.accounts import StoredUser
from glutecoach.vision import VideoEncoder
from tests.web.support import FAST_HASHING, PASSWORD, PROFILE, Browser

ACTORS = ("anonymous", "runner_a", "runner_b", "coach_a", "other_coach", "admin")
TARGETS = ("a", "b")


@dataclass
class World:
    browsers: dict[str, Browser]
    users: dict[str, str]
    """actor -> user id"""
    runners: dict[str, str]
    """target ('a' or 'b') -> runner id"""
    tokens: dict[str, str]
    """target -> API token id of that runner's account"""
    reset_codes: dict[str, str]
    """target -> a live password-reset code for that runner's account"""
    coach_of: dict[str, str]
    """target -> user id of the coach linked to (or inviting) that runner"""
    first_day: dict[str, dt.date]
    emails: dict[str, str]
    checks: dict[str, str] = field(default_factory=dict)
    """target -> id of a video check (queued) of that runner"""

    def sign_in_again(self, actor: str) -> None:
        """Give the actor's browser a fresh session of their own (none for anonymous)."""
        browser = self.browsers[actor]
        browser.client.cookies.clear()
        if actor != "anonymous":
            assert browser.sign_in(self.emails[actor]).status_code == 303

    def owner(self, target: str) -> str:
        return {"a": "runner_a", "b": "runner_b"}[target]


def build_world(database: Database, new_browser: Callable[[], Browser]) -> World:
    browsers = {actor: new_browser() for actor in ACTORS}
    emails = {actor: f"{actor.replace('_', '-')}@example.org" for actor in ACTORS[1:]}
    accounts.create_admin(database, emails["admin"], PASSWORD, params=FAST_HASHING)
    assert browsers["admin"].sign_in(emails["admin"]).status_code == 303
    for actor in ("runner_a", "runner_b"):
        browsers[actor].sign_up(emails[actor])
    for actor in ("coach_a", "other_coach"):
        browsers[actor].sign_up(emails[actor], coach=True)
    runners = {
        "a": browsers["runner_a"].onboard({**PROFILE, "name": "Runner A"}),
        "b": browsers["runner_b"].onboard({**PROFILE, "name": "Runner B"}),
    }
    users = {actor: browsers[actor].get("/api/me").json()["id"] for actor in ACTORS[1:]}
    ok = browsers["coach_a"].api(
        "POST", "/api/coach/invitations", json={"email": emails["runner_a"]}
    )
    assert ok.status_code == 204, ok.text
    accepted = browsers["runner_a"].api("POST", f"/api/me/coaches/{users['coach_a']}/accept")
    assert accepted.status_code == 204, accepted.text
    invited = browsers["other_coach"].api(
        "POST", "/api/coach/invitations", json={"email": emails["runner_b"]}
    )
    assert invited.status_code == 204
    tokens, codes, first_day = {}, {}, {}
    for target, actor in (("a", "runner_a"), ("b", "runner_b")):
        made = browsers[actor].api("POST", "/api/me/tokens", json={"name": "watch"})
        assert made.status_code == 201
        tokens[target] = browsers[actor].get("/api/me/tokens").json()[0]["id"]
        codes[target] = accounts.issue_reset(
            database, accounts_user(database, users["admin"]), emails[actor]
        )
        plan = browsers[actor].get(f"/api/runners/{runners[target]}/plan").json()
        first_day[target] = dt.date.fromisoformat(plan["sessions"][0]["date"])
    for target, actor in (("a", "runner_a"), ("b", "runner_b")):
        _log_first_session(browsers[actor], runners[target], first_day[target])
    checks = {t: _upload_check(browsers[a]) for t, a in (("a", "runner_a"), ("b", "runner_b"))}
    return World(
        browsers=browsers,
        users=users,
        runners=runners,
        tokens=tokens,
        reset_codes=codes,
        coach_of={"a": users["coach_a"], "b": users["other_coach"]},
        first_day=first_day,
        emails=emails,
        checks=checks,
    )


def accounts_user(database: Database, user_id: str) -> StoredUser:
    with database.unit_of_work() as uow:
        return uow.accounts.get_user(user_id)


def _log_first_session(browser: Browser, runner_id: str, day: dt.date) -> None:
    today = browser.get(f"/api/runners/{runner_id}/today?day={day}").json()
    step = today["steps"][0]["key"]
    logged = browser.api(
        "POST", f"/api/runners/{runner_id}/sets", json={"day": str(day), "step": step}
    )
    assert logged.json() == {"stored": True}
    finished = browser.api("POST", f"/api/runners/{runner_id}/sessions", json={"day": str(day)})
    assert finished.status_code == 200, finished.text


@functools.cache
def small_clip() -> Path:
    """A short synthetic MP4 (no person), written once per test process."""
    path = Path(tempfile.mkdtemp(prefix="glutecoach-world-")) / "set.mp4"
    with VideoEncoder(path, (160, 120), 10.0) as encoder:
        for i in range(10):
            image = np.full((120, 160, 3), 110, dtype=np.uint8)
            image[:, i * 10 : i * 10 + 20] = 250
            encoder.write(image)
    return path


def _upload_check(browser: Browser) -> str:
    with small_clip().open("rb") as handle:
        made = browser.api(
            "POST",
            "/api/checks",
            data={"kind": "technique", "exercise": "glute-bridge"},
            files={"video": ("set.mp4", handle, "video/mp4")},
        )
    assert made.status_code == 201, made.text
    job_id = made.json()["id"]
    assert isinstance(job_id, str)
    return job_id
