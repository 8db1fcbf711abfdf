"""Database fixtures (a pytest plugin): every test that asks for ``database`` or
``database_url`` runs on SQLite and on PostgreSQL, each time on a fresh, empty database.

Register it once for the whole suite with ``pytest_plugins = ["tests.storage.backends"]`` in
``tests/conftest.py``; ``tests/storage/conftest.py`` imports the fixtures for its own tests.

PostgreSQL comes from ``scripts/postgres.sh``: the first PostgreSQL test of the session starts a
throwaway server (installing the Debian package if needed) on a free port of 127.0.0.1 and the
session stops and deletes it at the end. Each test gets its own new database on that server.

``database`` is a database at the newest schema: the migrations run once per session and
backend into a template (a template database on PostgreSQL, a file on SQLite), and each test's
database is a fresh copy of it (``CREATE DATABASE ... TEMPLATE``, a file copy), opened with
``open_database`` as the app opens it. ``database_url`` alone (and ``other_database_url``) is an
empty database with no tables, for the tests of the migrations themselves.

- ``GLUTECOACH_TEST_POSTGRES_URL=postgresql://...`` uses a running server instead (a user
  allowed to CREATE DATABASE);
- ``GLUTECOACH_TEST_BACKENDS=sqlite`` runs SQLite only, for a quick local run. It is ignored
  when ``CI`` is set: CI always runs both, and fails (never skips) if PostgreSQL cannot start.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import psycopg
import pytest
from sqlalchemy.engine import URL, make_url

from glutecoach.storage import Database, open_database

REPO = Path(__file__).resolve().parents[2]
POSTGRES_SCRIPT = REPO / "scripts" / "postgres.sh"
ALL_BACKENDS = ("sqlite", "postgresql")
START_TIMEOUT_S = 1200  # a first start may install the Debian package


def selected_backends() -> tuple[str, ...]:
    if os.environ.get("CI"):
        return ALL_BACKENDS
    wanted = os.environ.get("GLUTECOACH_TEST_BACKENDS", "")
    chosen = tuple(b for b in ALL_BACKENDS if b in wanted.replace(" ", "").split(","))
    return chosen or ALL_BACKENDS


@dataclass(frozen=True)
class PostgresServer:
    """A server the tests may create databases on; ``admin_url`` names its main database."""

    admin_url: URL

    def conninfo(self, database: str | None = None) -> str:
        url = self.admin_url.set(drivername="postgresql")
        if database is not None:
            url = url.set(database=database)
        return url.render_as_string(hide_password=False)

    def create_database(self, template: str | None = None) -> URL:
        """A new database: empty, or a copy of the database named ``template``."""
        name = f"gc_test_{uuid.uuid4().hex[:16]}"
        copy = f' TEMPLATE "{template}"' if template else ""
        with psycopg.connect(self.conninfo(), autocommit=True) as connection:
            connection.execute(f'CREATE DATABASE "{name}"{copy}')
        return self.admin_url.set(database=name)

    def drop_database(self, url: URL) -> None:
        with psycopg.connect(self.conninfo(), autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{url.database}" WITH (FORCE)')


def _start_local_server(state_dir: str) -> URL:
    env = {**os.environ, "GLUTECOACH_PG_DIR": state_dir}
    try:
        done = subprocess.run(
            ["bash", str(POSTGRES_SCRIPT), "start"],
            env=env,
            capture_output=True,
            text=True,
            timeout=START_TIMEOUT_S,
            check=False,
        )
    except subprocess.TimeoutExpired:
        pytest.fail(
            f"scripts/postgres.sh start did not finish in {START_TIMEOUT_S} s", pytrace=False
        )
    if done.returncode != 0:
        pytest.fail(
            "PostgreSQL could not be started for the storage tests "
            f"(scripts/postgres.sh start exited {done.returncode}):\n{done.stderr.strip()}\n"
            "Fix the cause, or set GLUTECOACH_TEST_POSTGRES_URL to a running server.",
            pytrace=False,
        )
    return make_url(done.stdout.strip().splitlines()[-1])


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[PostgresServer]:
    external = os.environ.get("GLUTECOACH_TEST_POSTGRES_URL")
    if external:
        yield PostgresServer(make_url(external).set(drivername="postgresql+psycopg"))
        return
    state_dir = tempfile.mkdtemp(prefix="glutecoach-pg-", dir="/tmp")
    try:
        yield PostgresServer(_start_local_server(state_dir))
    finally:
        subprocess.run(
            ["bash", str(POSTGRES_SCRIPT), "stop"],
            env={**os.environ, "GLUTECOACH_PG_DIR": state_dir},
            capture_output=True,
            timeout=120,
            check=False,
        )


@pytest.fixture(params=selected_backends())
def backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An SQLite file at the newest schema, made once per session by ``open_database``."""
    path = tmp_path_factory.mktemp("sqlite-template") / "glutecoach.db"
    open_database(URL.create("sqlite", database=str(path))).dispose()
    return path


@pytest.fixture(scope="session")
def postgres_template(postgres_server: PostgresServer) -> Iterator[str]:
    """The name of a database at the newest schema on the test server, made once per session
    by ``open_database`` and closed (a template must have no connections while copied)."""
    url = postgres_server.create_database()
    open_database(url).dispose()
    try:
        yield str(url.database)
    finally:
        postgres_server.drop_database(url)


def _new_database(
    backend: str, request: pytest.FixtureRequest, sqlite_file: Path, *, migrated: bool
) -> Iterator[URL]:
    """A new database on ``backend`` (the SQLite file, or a database on the test PostgreSQL
    server, dropped afterwards): empty, or with ``migrated`` a copy of the session's template
    at the newest schema."""
    if backend == "sqlite":
        if migrated:
            shutil.copyfile(request.getfixturevalue("sqlite_template"), sqlite_file)
        yield URL.create("sqlite", database=str(sqlite_file))
        return
    server: PostgresServer = request.getfixturevalue("postgres_server")
    template = str(request.getfixturevalue("postgres_template")) if migrated else None
    url = server.create_database(template)
    try:
        yield url
    finally:
        server.drop_database(url)


@pytest.fixture
def database_url(backend: str, request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[URL]:
    """The URL of the test's new database on its backend: empty (no tables yet), or, when the
    test also uses ``database``, that database (a copy of the migrated template)."""
    migrated = "database" in request.fixturenames
    yield from _new_database(backend, request, tmp_path / "glutecoach.db", migrated=migrated)


@pytest.fixture
def database(database_url: URL) -> Iterator[Database]:
    """An opened database at the newest schema, with no rows (opened as the app opens it:
    ``open_database`` checks the schema is at the newest revision)."""
    opened = open_database(database_url)
    try:
        yield opened
    finally:
        opened.dispose()


@pytest.fixture
def other_database_url(
    backend: str, request: pytest.FixtureRequest, tmp_path: Path
) -> Iterator[URL]:
    """A second empty database on the same backend (e.g. to import into)."""
    yield from _new_database(backend, request, tmp_path / "other.db", migrated=False)
