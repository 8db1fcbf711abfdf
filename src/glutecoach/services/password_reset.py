"""Password reset by email: the SMTP server the app sends through, the reset emails, and the
request a person makes from the sign-in page when they forgot their password.

A request never tells whether an account uses the address (no account enumeration, as the
OWASP Forgot Password Cheat Sheet asks): the page answers the same words either way, and the
address gets an email either way: a one-time link when an account uses it, else a note that
none does. So the answer, its timing and a failing mail server are the same for both. Requests
are throttled per address (``AccountParams.reset_requests`` within ``reset_window_s``); a
throttled request sends nothing and answers the same words.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import smtplib
import ssl
from dataclasses import dataclass
from email.message import EmailMessage
from typing import TYPE_CHECKING, Literal, cast

from glutecoach.errors import InputError
from glutecoach.services.accounts import (
    DEFAULTS,
    AccountParams,
    digest,
    new_secret,
    normal_email,
    reset_request_key,
)

if TYPE_CHECKING:
    from glutecoach.storage.unit_of_work import Database

log = logging.getLogger("glutecoach.mail")

Security = Literal["starttls", "ssl", "none"]
SMTP_HOST_ENV = "GLUTECOACH_SMTP_HOST"
SMTP_PORT_ENV = "GLUTECOACH_SMTP_PORT"
SMTP_USER_ENV = "GLUTECOACH_SMTP_USER"
SMTP_PASSWORD_ENV = "GLUTECOACH_SMTP_PASSWORD"
SMTP_SECURITY_ENV = "GLUTECOACH_SMTP_SECURITY"
MAIL_FROM_ENV = "GLUTECOACH_MAIL_FROM"
DEFAULT_PORTS: dict[Security, int] = {"starttls": 587, "ssl": 465, "none": 25}


@dataclass(frozen=True)
class SmtpSettings:
    """The mail server reset emails go through.

    - ``host``, ``port``: the server (port default by ``security``: 587, 465 or 25).
    - ``security``: ``starttls`` (default: the server must offer STARTTLS, else nothing is
      sent), ``ssl`` (TLS from the first byte, port 465) or ``none`` (plain, only for a relay
      on the same machine or network, e.g. a local Postfix).
    - ``user``/``password``: sign-in to the server, sent only over TLS unless ``none``.
    - ``sender``: the From address (default ``glutecoach@<host>``).
    - ``timeout_s``: how long to wait for the server.
    """

    host: str
    port: int = 587
    security: Security = "starttls"
    user: str | None = None
    password: str = ""
    sender: str = ""
    timeout_s: float = 20.0

    def __post_init__(self) -> None:
        if not self.host.strip():
            raise InputError(f"{SMTP_HOST_ENV}: give the mail server's host name")
        if not 0 < self.port < 65536:
            raise InputError(f"{SMTP_PORT_ENV}: {self.port} is not a port; use 1-65535")
        if self.security not in DEFAULT_PORTS:
            raise InputError(
                f"{SMTP_SECURITY_ENV}: {self.security!r} is not known; use starttls, ssl or none"
            )

    @property
    def from_address(self) -> str:
        return self.sender or f"glutecoach@{self.host}"


def smtp_from_environment() -> SmtpSettings | None:
    """The SMTP server of ``GLUTECOACH_SMTP_*`` (None when ``GLUTECOACH_SMTP_HOST`` is unset:
    no email, an admin passes reset links on)."""
    host = os.environ.get(SMTP_HOST_ENV, "").strip()
    if not host:
        return None
    security = cast(Security, os.environ.get(SMTP_SECURITY_ENV, "").strip().lower() or "starttls")
    raw_port = os.environ.get(SMTP_PORT_ENV, "").strip()
    if raw_port and not raw_port.isdigit():
        raise InputError(f"{SMTP_PORT_ENV}: {raw_port!r} is not a port number")
    return SmtpSettings(  # checks the security named
        host=host,
        port=int(raw_port) if raw_port else DEFAULT_PORTS.get(security, 587),
        security=security,
        user=os.environ.get(SMTP_USER_ENV) or None,
        password=os.environ.get(SMTP_PASSWORD_ENV, ""),
        sender=os.environ.get(MAIL_FROM_ENV, ""),
    )


def send_mail(smtp: SmtpSettings, to: str, subject: str, body: str) -> None:
    """Send one plain-text email; ``InputError`` naming the server when it cannot be sent."""
    message = EmailMessage()
    message["From"] = smtp.from_address
    message["To"] = to
    message["Subject"] = subject
    message.set_content(body)
    context = ssl.create_default_context()
    try:
        if smtp.security == "ssl":
            client: smtplib.SMTP = smtplib.SMTP_SSL(
                smtp.host, smtp.port, timeout=smtp.timeout_s, context=context
            )
        else:
            client = smtplib.SMTP(smtp.host, smtp.port, timeout=smtp.timeout_s)
        with client:
            client.ehlo()
            if smtp.security == "starttls":
                if not client.has_extn("starttls"):
                    raise InputError(
                        f"the mail server {smtp.host}:{smtp.port} does not offer STARTTLS, so "
                        f"nothing was sent; use its TLS port, or set {SMTP_SECURITY_ENV}=none "
                        "for a relay on this machine"
                    )
                client.starttls(context=context)
                client.ehlo()
            if smtp.user:
                client.login(smtp.user, smtp.password)
            client.send_message(message)
    except (OSError, smtplib.SMTPException) as exc:
        raise InputError(
            f"the email could not be sent through {smtp.host}:{smtp.port}: {exc}"
        ) from exc


def reset_minutes_text(params: AccountParams) -> str:
    minutes = params.reset_minutes
    return "an hour" if minutes == 60 else f"{minutes} minutes"


def mail_reset_link(
    smtp: SmtpSettings | None,
    email: str,
    link: str,
    *,
    by_admin: bool = True,
    params: AccountParams = DEFAULTS,
) -> bool:
    """Email a reset link; False when no SMTP server is configured (the admin then passes the
    link on), ``InputError`` when sending fails."""
    if smtp is None:
        return False
    who = "An admin of glutecoach issued" if by_admin else "Someone (we hope you) asked for"
    send_mail(
        smtp,
        normal_email(email),
        "Reset your glutecoach password",
        f"{who} a password reset for this address.\n\n"
        f"Choose a new password here (the link works once, within "
        f"{reset_minutes_text(params)}):\n{link}\n\n"
        "If you did not ask for it, ignore this email: your password stays as it is.\n",
    )
    return True


def request_reset(
    database: Database,
    smtp: SmtpSettings | None,
    email: str,
    public_url: str,
    *,
    params: AccountParams = DEFAULTS,
) -> None:
    """A forgotten password: email ``email`` a one-time reset link if an account uses it, or a
    note that none does; the caller answers the same words either way. ``InputError`` when
    the address is malformed, email is not set up, or the mail server fails (for any address
    alike, so no answer tells whether an account exists)."""
    if smtp is None:
        raise InputError(
            "email is not set up on this server: ask your clinic's admin for a reset link"
        )
    address = normal_email(email)
    key = reset_request_key(address)
    with database.unit_of_work() as uow:
        since = database.clock() - dt.timedelta(seconds=params.reset_window_s)
        if uow.accounts.failures_since(key, since) >= params.reset_requests:
            log.warning("reset requests for one address throttled; nothing sent")
            return
        uow.accounts.add_failure(key)  # counted like failed sign-ins, by a hash of the address
        user = uow.accounts.find_user(address)
        code = new_secret()
        if user is not None:
            expires = database.clock() + dt.timedelta(minutes=params.reset_minutes)
            uow.accounts.add_code(digest(code), "reset", expires, user_id=user.id)
    if user is not None:
        mail_reset_link(smtp, address, f"{public_url}/reset/{code}", by_admin=False, params=params)
        return
    send_mail(
        smtp,
        address,
        "Your glutecoach password reset",
        "Someone asked to reset a glutecoach password for this address, but no account uses "
        "it.\n\nIf it was you, you may have signed up with another address: try that one, or "
        "ask your clinic's admin.\nIf it was not you, ignore this email.\n",
    )
