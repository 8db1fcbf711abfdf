"""Password reset by email, end to end through a real SMTP server (aiosmtpd) started by the
test on a loopback port: the request from the sign-in page in Chromium, the email received,
its one-time link followed, a new password set and signed in with; the link works once and
expires; the request page says the same words whether or not an account uses the address;
requests are throttled per address; a server without STARTTLS is refused by default."""

from __future__ import annotations

import datetime as dt
import email
import re
import socket
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from email.message import Message
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from aiosmtpd.controller import Controller
from axe_playwright_python.sync_playwright import Axe
from fastapi import FastAPI
from fastapi.testclient import TestClient
from playwright.sync_api import Browser as Chromium
from playwright.sync_api import expect

from glutecoach.errors import InputError
from glutecoach.jobs.video_settings import VideoSettings
from glutecoach.library.catalogue import Library
from glutecoach.services import accounts, password_reset
from glutecoach.services.password_reset import SmtpSettings
from glutecoach.storage import Database
from glutecoach.web.app import create_app
from glutecoach.web.settings import WebSettings
from tests.web.conftest import SECRET
from tests.web.support import FAST_HASHING, PASSWORD, Browser, served
from tests.web.test_browser import _accessible

PUBLIC_URL = "https://glutecoach.example-clinic.org"
LINK = re.compile(r"https://glutecoach\.example-clinic\.org/reset/[A-Za-z0-9_-]+")
NEW_PASSWORD = "a brand new password"


@dataclass
class Inbox:
    """What the SMTP server received, in order."""

    messages: list[Message] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802, ARG002
        with self.lock:
            self.messages.append(email.message_from_bytes(envelope.content))
        return "250 Message accepted for delivery"

    def to(self, address: str) -> list[Message]:
        with self.lock:
            return [m for m in self.messages if m["To"] == address]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _body(message: Message) -> str:
    payload = message.get_payload(decode=True)
    assert isinstance(payload, bytes)
    return payload.decode("utf-8")


@pytest.fixture
def inbox() -> Iterator[tuple[Inbox, int]]:
    """A real SMTP server (no TLS, as a relay on this machine) and what it receives."""
    box = Inbox()
    port = _free_port()
    controller = Controller(box, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield box, port
    finally:
        controller.stop()


def _mail_app(
    database: Database, library: Library, tmp_path: Path, smtp: SmtpSettings | None
) -> FastAPI:
    settings = WebSettings(
        database_url=None,
        secret_key=SECRET,
        public_url=PUBLIC_URL,
        accounts=FAST_HASHING,
        videos=VideoSettings(media_dir=tmp_path / "media"),
        smtp=smtp,
    )
    return create_app(settings, database=database, library=library)


@pytest.fixture
def mail_app(
    database: Database, library: Library, tmp_path: Path, inbox: tuple[Inbox, int]
) -> FastAPI:
    smtp = SmtpSettings("127.0.0.1", inbox[1], security="none", sender="coach@clinic.org")
    return _mail_app(database, library, tmp_path, smtp)


@pytest.fixture
def mail_browser(mail_app: FastAPI) -> Iterator[Callable[[], Browser]]:
    clients: list[TestClient] = []

    def make() -> Browser:
        clients.append(TestClient(mail_app, base_url="http://testserver"))
        return Browser(clients[-1])

    yield make
    for client in clients:
        client.close()


def _status_text(html: str, address: str) -> str:
    found = re.search(r'<p class="done" role="status">(.*?)</p>', html, re.S)
    assert found, "the request page answers with a status"
    return found.group(1).replace(address, "<address>")


def test_a_forgotten_password_is_reset_by_email_in_the_browser(
    chromium: Chromium, mail_app: FastAPI, inbox: tuple[Inbox, int], database: Database
) -> None:
    box, _ = inbox
    accounts.create_user(database, "alex@example.org", PASSWORD, params=FAST_HASHING)
    axe = Axe()
    with served(mail_app) as url:
        context = chromium.new_context(viewport={"width": 390, "height": 844}, base_url=url)
        page = context.new_page()
        try:
            page.goto("/sign-in")
            page.get_by_role("link", name="Forgot your password?").click()
            expect(page.get_by_role("heading", name="Forgot your password?")).to_be_visible()
            _accessible(page, axe)
            page.get_by_label("Email").fill("not-an-address")
            page.get_by_role("button", name="Email me a reset link").click()
            expect(page.locator("#email-error")).to_contain_text("is not an email address")
            expect(page.get_by_label("Email")).to_have_attribute("aria-invalid", "true")
            _accessible(page, axe)
            assert box.messages == [], "nothing is sent for a malformed address"

            page.get_by_label("Email").fill("Alex@Example.org")
            page.get_by_role("button", name="Email me a reset link").click()
            expect(page.get_by_role("status")).to_contain_text("is on its way")
            _accessible(page, axe)
            mails = box.to("alex@example.org")
            assert len(mails) == 1
            assert mails[0]["From"] == "coach@clinic.org"
            assert mails[0]["Subject"] == "Reset your glutecoach password"
            links = LINK.findall(_body(mails[0]))
            assert len(links) == 1, _body(mails[0])

            page.goto(urlsplit(links[0]).path)
            expect(page.get_by_role("heading", name="Choose a new password")).to_be_visible()
            page.get_by_label("New password").fill("short")
            page.get_by_role("button", name="Set password").click()
            expect(page.locator("#password-error")).to_contain_text("use at least 10")
            _accessible(page, axe)
            page.get_by_label("New password").fill(NEW_PASSWORD)
            page.get_by_role("button", name="Set password").click()
            expect(page).to_have_url(f"{url}/sign-in")

            page.get_by_label("Email").fill("alex@example.org")
            page.get_by_label("Password").fill(PASSWORD)
            page.get_by_role("button", name="Sign in").click()
            expect(page.get_by_role("alert")).to_contain_text("wrong email or password")
            page.get_by_label("Password").fill(NEW_PASSWORD)
            page.get_by_role("button", name="Sign in").click()
            expect(page.get_by_role("heading", name="Your profile")).to_be_visible()

            page.goto(urlsplit(links[0]).path)  # the same link a second time
            page.get_by_label("New password").fill("yet another password")
            page.get_by_role("button", name="Set password").click()
            expect(page.get_by_role("alert")).to_contain_text("not valid (used, expired")
        finally:
            context.close()


def test_the_request_page_never_tells_whether_an_account_exists(
    mail_browser: Callable[[], Browser], inbox: tuple[Inbox, int], database: Database
) -> None:
    box, _ = inbox
    accounts.create_user(database, "alex@example.org", PASSWORD, params=FAST_HASHING)
    known = mail_browser().submit("/reset", "/reset", {"email": "alex@example.org"})
    unknown = mail_browser().submit("/reset", "/reset", {"email": "nobody@example.org"})
    assert known.status_code == unknown.status_code == 200
    assert _status_text(known.text, "alex@example.org") == _status_text(
        unknown.text, "nobody@example.org"
    )
    assert len(box.to("alex@example.org")) == 1
    note = box.to("nobody@example.org")
    assert len(note) == 1, "an unknown address is told so by email, never on the page"
    assert "no account uses it" in _body(note[0])
    assert not LINK.search(_body(note[0]))


def test_a_reset_link_expires_and_requests_are_throttled(
    mail_browser: Callable[[], Browser], inbox: tuple[Inbox, int], database: Database
) -> None:
    box, _ = inbox
    accounts.create_user(database, "alex@example.org", PASSWORD, params=FAST_HASHING)
    visitor = mail_browser()
    limit = FAST_HASHING.reset_requests
    for _ in range(limit + 2):
        answer = visitor.submit("/reset", "/reset", {"email": "alex@example.org"})
        assert answer.status_code == 200
        assert "is on its way" in answer.text, "a throttled request answers the same words"
    mails = box.to("alex@example.org")
    assert len(mails) == limit, "no more emails than the limit"

    link = urlsplit(LINK.findall(_body(mails[-1]))[0]).path
    now = database.clock()
    database.clock = lambda: now + dt.timedelta(minutes=FAST_HASHING.reset_minutes, seconds=1)
    late = visitor.submit(link, link, {"password": NEW_PASSWORD})
    assert late.status_code == 422
    assert "not valid (used, expired or mistyped)" in late.text
    assert visitor.sign_in("alex@example.org", NEW_PASSWORD).status_code == 401
    assert visitor.sign_in("alex@example.org").status_code == 303, "old password still works"

    later = now + dt.timedelta(seconds=FAST_HASHING.reset_window_s + 1)
    database.clock = lambda: later
    again = visitor.submit("/reset", "/reset", {"email": "alex@example.org"})
    assert again.status_code == 200
    assert len(box.to("alex@example.org")) == limit + 1, "the window passed: sent again"


def test_the_admin_reset_is_emailed_too(
    mail_browser: Callable[[], Browser], inbox: tuple[Inbox, int], database: Database
) -> None:
    box, _ = inbox
    accounts.create_user(database, "alex@example.org", PASSWORD, params=FAST_HASHING)
    accounts.create_admin(database, "boss@example.org", PASSWORD, params=FAST_HASHING)
    admin = mail_browser()
    assert admin.sign_in("boss@example.org").status_code == 303
    issued = admin.submit("/admin", "/admin/resets", {"email": "alex@example.org"})
    assert issued.status_code == 200
    assert "also emailed" in issued.text
    (mail,) = box.to("alex@example.org")
    assert "An admin of glutecoach issued" in _body(mail)
    shown = LINK.search(issued.text)
    assert shown is not None
    assert shown.group(0) in _body(mail)


def test_a_server_without_starttls_is_refused_and_nothing_is_sent(
    database: Database, library: Library, tmp_path: Path, inbox: tuple[Inbox, int]
) -> None:
    box, port = inbox
    strict = SmtpSettings("127.0.0.1", port)  # security defaults to starttls
    app = _mail_app(database, library, tmp_path, strict)
    accounts.create_user(database, "alex@example.org", PASSWORD, params=FAST_HASHING)
    with TestClient(app, base_url="http://testserver") as client:
        visitor = Browser(client)
        answers = [
            visitor.submit("/reset", "/reset", {"email": address})
            for address in ("alex@example.org", "nobody@example.org")
        ]
    for answer in answers:
        assert answer.status_code == 422
        assert "does not offer STARTTLS" in answer.text
        assert f"127.0.0.1:{port}" in answer.text
    assert box.messages == []


def test_without_smtp_the_page_sends_people_to_their_admin(
    database: Database, library: Library, tmp_path: Path
) -> None:
    app = _mail_app(database, library, tmp_path, None)
    with TestClient(app, base_url="http://testserver") as client:
        page = client.get("/reset")
        assert page.status_code == 200
        assert "ask your clinic's admin for a reset link" in page.text
        assert 'action="/reset"' not in page.text
        posted = Browser(client).submit("/sign-in", "/reset", {"email": "alex@example.org"})
        assert posted.status_code == 422
        assert "Email is not set up on this server" in posted.text


def test_smtp_settings_come_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("GLUTECOACH_SMTP_HOST", raising=False)
    assert password_reset.smtp_from_environment() is None
    monkeypatch.setenv("GLUTECOACH_SMTP_HOST", "smtp.example-clinic.org")
    monkeypatch.setenv("GLUTECOACH_SMTP_SECURITY", "ssl")
    monkeypatch.setenv("GLUTECOACH_SMTP_USER", "glutecoach")
    found = password_reset.smtp_from_environment()
    assert found is not None
    assert (found.host, found.port, found.security, found.user) == (
        "smtp.example-clinic.org",
        465,
        "ssl",
        "glutecoach",
    )
    assert found.from_address == "glutecoach@smtp.example-clinic.org"
    monkeypatch.setenv("GLUTECOACH_SMTP_SECURITY", "tls-please")
    with pytest.raises(InputError, match="use starttls, ssl or none"):
        password_reset.smtp_from_environment()
    monkeypatch.setenv("GLUTECOACH_SMTP_SECURITY", "starttls")
    monkeypatch.setenv("GLUTECOACH_SMTP_PORT", "five-eight-seven")
    with pytest.raises(InputError, match="is not a port number"):
        password_reset.smtp_from_environment()
