"""Who is signed in is looked up on every request (one statement, ``Database.lookup``): a live
session is found, an expired one is refused and removed from the database."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select

from glutecoach.storage import Database
from glutecoach.storage.account_tables import AuthSessionRow
from tests.web.support import Browser


def _sessions(database: Database) -> int:
    with database.unit_of_work(read_only=True) as uow:
        return int(uow.session.scalar(select(func.count()).select_from(AuthSessionRow)) or 0)


def test_an_expired_session_is_refused_and_removed(browser: Browser, database: Database) -> None:
    browser.sign_up("alex@example.org")
    assert browser.get("/api/me").status_code == 200
    assert _sessions(database) == 1
    now = database.clock
    database.clock = lambda: now() + dt.timedelta(days=400)
    try:
        answer = browser.get("/api/me")
        assert answer.status_code == 401
        assert _sessions(database) == 0, "the expired session's row is removed"
        page = browser.get("/today", follow_redirects=False)
        assert page.status_code in (302, 303, 307)
        assert page.headers["location"].startswith("/sign-in")
    finally:
        database.clock = now
