"""How one web app instance runs: its database, the key that signs its cookies, and whether
cookies are marked Secure (behind HTTPS)."""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass, field
from pathlib import Path

import platformdirs

from glutecoach.errors import InputError
from glutecoach.jobs.video_settings import VideoSettings, video_settings_from_environment
from glutecoach.services.accounts import AccountParams
from glutecoach.services.password_reset import SmtpSettings, smtp_from_environment

SECRET_KEY_ENV = "GLUTECOACH_SECRET_KEY"
SECURE_COOKIES_ENV = "GLUTECOACH_SECURE_COOKIES"
PUBLIC_URL_ENV = "GLUTECOACH_PUBLIC_URL"


@dataclass(frozen=True)
class WebSettings:
    """- ``database_url``: None for the default SQLite file in the user data folder.
    - ``secret_key``: signs session and CSRF cookies (at least 32 characters).
    - ``secure_cookies``: mark cookies Secure; set it when the app is served over HTTPS.
    - ``public_url``: the address people use, for links in reset emails.
    - ``accounts``: sign-in, throttling and password-hashing settings.
    - ``videos``: uploads, keeping time and the Dask cluster of video checks.
    - ``smtp``: the mail server of reset emails (None: no email; admins pass links on).
    """

    database_url: str | None
    secret_key: str
    secure_cookies: bool = False
    public_url: str = "http://127.0.0.1:8000"
    accounts: AccountParams = field(default_factory=AccountParams)
    videos: VideoSettings = field(default_factory=VideoSettings)
    smtp: SmtpSettings | None = None

    def __post_init__(self) -> None:
        if len(self.secret_key) < 32:
            raise InputError(f"{SECRET_KEY_ENV}: use a random key of at least 32 characters")


def stored_secret_key(folder: Path | None = None) -> str:
    """The key in ``$GLUTECOACH_SECRET_KEY``, else one kept in the user data folder (created
    on first use, readable by its owner only), so sign-ins survive a restart."""
    if key := os.environ.get(SECRET_KEY_ENV):
        return key
    path = (folder or platformdirs.user_data_path("glutecoach", appauthor=False)) / "secret-key"
    try:
        if path.exists():
            return path.read_text(encoding="utf-8").strip()
        path.parent.mkdir(parents=True, exist_ok=True)
        key = secrets.token_urlsafe(48)
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
            handle.write(key)
    except OSError as exc:
        raise InputError(
            f"cannot keep the web app's secret key in {path} ({exc.strerror}); "
            f"set {SECRET_KEY_ENV} instead"
        ) from exc
    return key


def settings_from_environment(database_url: str | None) -> WebSettings:
    return WebSettings(
        database_url=database_url,
        secret_key=stored_secret_key(),
        secure_cookies=os.environ.get(SECURE_COOKIES_ENV, "") in {"1", "true", "yes"},
        public_url=os.environ.get(PUBLIC_URL_ENV, "http://127.0.0.1:8000").rstrip("/"),
        videos=video_settings_from_environment(),
        smtp=smtp_from_environment(),
    )
