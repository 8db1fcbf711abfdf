"""Security of accounts and forms: CSRF, session fixation, throttling, sign-out everywhere,
password hashes never answered, reset links used once, and an account deletion that leaves no
row of its owner in any table."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from argon2 import PasswordHasher
from sqlalchemy import String, func, select

from glutecoach.services import accounts
from glutecoach.services.accounts import AccountParams
from glutecoach.storage import Database
from glutecoach.storage.tables import Base
from tests.web.support import FAST_HASHING, PASSWORD, Browser, csrf_of
from tests.web.world import build_world


def test_a_form_without_its_csrf_token_is_refused(browser: Browser) -> None:
    browser.sign_up("alex@example.org")
    no_token = browser.client.post(
        "/account/tokens", data={"name": "phone"}, follow_redirects=False
    )
    wrong_token = browser.client.post(
        "/account/tokens", data={"name": "phone", "csrf_token": "forged"}, follow_redirects=False
    )
    api_no_header = browser.client.post("/api/me/tokens", json={"name": "phone"})
    assert no_token.status_code == wrong_token.status_code == api_no_header.status_code == 403
    assert "CSRF" in no_token.text
    assert browser.get("/api/me/tokens").json() == [], "a refused request stores nothing"
    right = browser.submit("/account", "/account/tokens", {"name": "phone"})
    assert right.status_code == 200
    assert [t["name"] for t in browser.get("/api/me/tokens").json()] == ["phone"]


def test_sign_in_and_sign_up_forms_need_the_pre_sign_in_token(
    new_browser: Callable[[], Browser],
) -> None:
    browser, other = new_browser(), new_browser()
    refused = browser.client.post(
        "/sign-up",
        data={"email": "a@example.org", "password": PASSWORD},
        follow_redirects=False,
    )
    assert refused.status_code == 403
    token_of_another_browser = csrf_of(other.get("/sign-up").text)
    forged = browser.client.post(
        "/sign-up",
        data={
            "email": "a@example.org",
            "password": PASSWORD,
            "csrf_token": token_of_another_browser,
        },
        follow_redirects=False,
    )
    assert forged.status_code == 403, "a token is bound to its own browser's signed cookie"


def test_bearer_tokens_need_no_csrf_and_bad_tokens_are_refused(
    new_browser: Callable[[], Browser],
) -> None:
    browser = new_browser()
    browser.sign_up("alex@example.org")
    created = browser.api("POST", "/api/me/tokens", json={"name": "script"})
    token = created.json()["token"]
    client = new_browser().client
    ok = client.put(
        "/api/me/timezone",
        json={"timezone": "Europe/Paris"},
        headers={"Authorization": f"Bearer {token}"},
    )
    assert ok.status_code == 200
    assert ok.json()["timezone"] == "Europe/Paris"
    bad = client.get("/api/me", headers={"Authorization": "Bearer nope"})
    assert bad.status_code == 401
    token_id = browser.get("/api/me/tokens").json()[0]["id"]
    assert browser.api("DELETE", f"/api/me/tokens/{token_id}").status_code == 204
    revoked = client.get("/api/me", headers={"Authorization": f"Bearer {token}"})
    assert revoked.status_code == 401


def test_a_nul_or_control_character_is_refused_naming_the_field(
    new_browser: Callable[[], Browser],
) -> None:
    """PostgreSQL text holds no NUL: such input is a 422 naming the field, never a 5xx."""
    browser = new_browser()
    browser.sign_up("nul@example.org")
    for name in ("ph\x00one", "tab\x1bname"):
        refused = browser.api("POST", "/api/me/tokens", json={"name": name})
        assert refused.status_code == 422, refused.text
        assert refused.json()["detail"][0]["loc"] == ["body", "name"], "names the field"
    assert browser.get("/api/me/tokens").json() == []
    form = {"email": "a\x00b@example.org", "password": "a long passphrase", "timezone": "UTC"}
    shown = new_browser().submit("/sign-up", "/sign-up", form)
    assert shown.status_code < 500, shown.text
    assert "email" in shown.text.lower()


def test_signing_in_always_gets_a_new_session_id(new_browser: Callable[[], Browser]) -> None:
    """Session fixation: a session id known before sign-in (planted by an attacker, or an
    earlier sign-in) is never the one that is signed in, and the old one stops working."""
    victim = new_browser()
    victim.sign_up("victim@example.org")
    planted = victim.client.cookies.get("gc_session")
    assert planted
    attacker = new_browser()
    attacker.client.cookies.set("gc_session", planted)
    assert attacker.get("/api/me").status_code == 200  # the attacker holds that session...
    signed = victim.sign_in("victim@example.org")
    assert signed.status_code == 303
    fresh = victim.client.cookies.get("gc_session")
    assert fresh
    assert fresh != planted
    assert attacker.get("/api/me").status_code == 401, "...which signing in again ended"
    assert victim.get("/api/me").status_code == 200
    cookie = signed.headers["set-cookie"].lower()
    assert "httponly" in cookie
    assert "samesite=lax" in cookie


def test_sign_in_only_returns_to_a_page_of_this_site(browser: Browser) -> None:
    browser.sign_up("alex@example.org")
    for target, landing in (
        ("/history", "/history"),
        ("//evil.example", "/"),
        ("/\\evil.example", "/"),
        ("https://evil.example", "/"),
    ):
        token = csrf_of(browser.get("/sign-in").text)
        answer = browser.client.post(
            "/sign-in",
            data={
                "csrf_token": token,
                "email": "alex@example.org",
                "password": PASSWORD,
                "next": target,
            },
            follow_redirects=False,
        )
        assert answer.headers["location"] == landing, target


def test_a_tampered_session_cookie_is_anonymous(browser: Browser) -> None:
    browser.sign_up("alex@example.org")
    cookie = browser.client.cookies.get("gc_session")
    assert cookie
    browser.client.cookies.set("gc_session", cookie[:-2] + ("AA" if cookie[-2:] != "AA" else "BB"))
    assert browser.get("/api/me").status_code == 401


def test_sign_in_is_throttled_per_email(
    new_browser: Callable[[], Browser], database: Database
) -> None:
    new_browser().sign_up("alex@example.org")
    stranger = new_browser()
    limit = AccountParams().throttle_failures
    for _ in range(limit):
        wrong = stranger.sign_in("alex@example.org", "not the password")
        assert wrong.status_code == 401
        assert "wrong email or password" in wrong.text
    blocked = stranger.sign_in("alex@example.org")  # even the right password now waits
    assert blocked.status_code == 429
    assert "too many failed sign-ins" in blocked.text
    unknown = [stranger.sign_in("nobody@example.org", "x" * 12).status_code for _ in range(6)]
    assert unknown == [401] * limit + [429], "an unknown address is throttled the same way"
    with database.unit_of_work() as uow:
        assert uow.accounts.find_user("alex@example.org") is not None


def test_sign_out_everywhere_ends_every_session(new_browser: Callable[[], Browser]) -> None:
    phone, laptop = new_browser(), new_browser()
    phone.sign_up("alex@example.org")
    assert laptop.sign_in("alex@example.org").status_code == 303
    out = laptop.submit("/account", "/sign-out-everywhere", {})
    assert out.status_code == 303
    assert phone.get("/api/me").status_code == 401
    assert laptop.get("/api/me").status_code == 401
    assert phone.get("/today", follow_redirects=False).headers["location"].startswith("/sign-in")


def test_password_hashes_are_argon2id_and_never_in_any_response(
    new_browser: Callable[[], Browser], database: Database
) -> None:
    world = build_world(database, new_browser)
    with database.unit_of_work() as uow:
        hashes = [uow.accounts.password_hash(u) for u in world.users.values()]
    assert all(h.startswith("$argon2id$") for h in hashes)
    pages = [
        "/account",
        "/admin",
        "/api/me",
        "/api/me/export",
        "/downloads/export.json",
        "/api/coach/athletes",
        "/openapi.json",
        "/history",
    ]
    for actor, browser in world.browsers.items():
        for url in pages:
            body = browser.get(url).text
            for stored in hashes:
                assert stored not in body, (actor, url)
            assert "$argon2" not in body, (actor, url)


def test_default_password_hashing_cost() -> None:
    """The defaults are RFC 9106's second recommended argon2id option."""
    stored = accounts._hasher(3, 65536, 4).hash(PASSWORD)
    parameters = PasswordHasher().check_needs_rehash(stored)
    assert stored.startswith("$argon2id$v=19$m=65536,t=3,p=4$")
    assert parameters is False
    defaults = AccountParams()
    assert (defaults.hash_time_cost, defaults.hash_memory_kib, defaults.hash_parallelism) == (
        3,
        65536,
        4,
    )


def test_a_reset_link_works_once_and_ends_old_sessions(
    new_browser: Callable[[], Browser], database: Database
) -> None:
    runner = new_browser()
    runner.sign_up("alex@example.org")
    admin_user = accounts.create_admin(database, "admin@example.org", PASSWORD, params=FAST_HASHING)
    code = accounts.issue_reset(database, admin_user, "alex@example.org")
    visitor = new_browser()
    done = visitor.submit(f"/reset/{code}", f"/reset/{code}", {"password": "a new long password"})
    assert done.status_code == 303
    again = visitor.submit(f"/reset/{code}", f"/reset/{code}", {"password": "another password!"})
    assert again.status_code == 422
    assert "not valid" in again.text
    assert runner.get("/api/me").status_code == 401, "old sessions end with a reset"
    assert visitor.sign_in("alex@example.org", "a new long password").status_code == 303


def _rows_naming(database: Database, values: set[str]) -> dict[str, int]:
    """For each table, how many rows hold any of ``values`` in any column."""
    counts: dict[str, int] = {}
    with database.engine.connect() as connection:
        for table in Base.metadata.sorted_tables:
            columns = [c for c in table.columns if isinstance(c.type, String)]
            if not columns:
                continue
            condition = None
            for column in columns:
                clause = column.in_(values)
                condition = clause if condition is None else condition | clause
            counts[table.name] = int(
                connection.execute(
                    select(func.count()).select_from(table).where(condition)
                ).scalar_one()
            )
    return counts


def test_deleting_an_account_leaves_no_row_of_its_owner(
    new_browser: Callable[[], Browser], database: Database
) -> None:
    world = build_world(database, new_browser)
    with database.unit_of_work() as uow:
        a_logs = [s.id for s in uow.logs.history(world.runners["a"])]
    owned = {world.users["runner_a"], world.runners["a"], *a_logs}
    before = _rows_naming(database, owned)
    assert before["users"] == 1
    assert before["runners"] == 1
    assert before["plans"] >= 1
    assert before["session_logs"] >= 1
    assert before["decisions"] >= 1
    assert before["coach_links"] == 1
    assert before["api_tokens"] == 1
    assert before["one_time_codes"] == 1
    browser = world.browsers["runner_a"]
    deleted = browser.submit("/account", "/account/delete", {"confirm": "runner-a@example.org"})
    assert deleted.status_code == 303
    after = _rows_naming(database, owned)
    assert after == dict.fromkeys(after, 0), after
    with database.unit_of_work() as uow:
        assert uow.accounts.find_user("runner-a@example.org") is None
        ever = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)
        assert uow.accounts.failures_since(accounts.digest("runner-a@example.org"), ever) == 0
    assert browser.get("/api/me").status_code == 401
    other = world.browsers["runner_b"]
    assert other.get(f"/api/runners/{world.runners['b']}/history").status_code == 200
