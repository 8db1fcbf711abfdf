"""Web fixtures: the app on a fresh database of each backend (SQLite and PostgreSQL)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from glutecoach.jobs.video_settings import VideoSettings
from glutecoach.library.catalogue import Library
from glutecoach.storage import Database
from glutecoach.web.app import create_app
from glutecoach.web.settings import WebSettings
from tests.web.chromium import chromium, chromium_path  # noqa: F401 - fixtures
from tests.web.support import FAST_HASHING, Browser

SECRET = "test-secret-key-0123456789-abcdefghijklmnop"


@pytest.fixture
def app(database: Database, library: Library, tmp_path: Path) -> FastAPI:
    videos = VideoSettings(media_dir=tmp_path / "media")  # never the user's own data folder
    return create_app(
        WebSettings(database_url=None, secret_key=SECRET, accounts=FAST_HASHING, videos=videos),
        database=database,
        library=library,
    )


@pytest.fixture
def new_browser(app: FastAPI) -> Iterator[Callable[[], Browser]]:
    """Make a fresh browser (its own cookies) on the app; any number per test."""
    clients: list[TestClient] = []

    def make() -> Browser:
        client = TestClient(app, base_url="http://testserver")
        clients.append(client)
        return Browser(client)

    yield make
    for client in clients:
        client.close()


@pytest.fixture
def browser(new_browser: Callable[[], Browser]) -> Browser:
    return new_browser()
