"""Which database is used, how SQLite is set up, and clear errors for bad or dead URLs."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.engine import URL

from glutecoach.errors import InputError, StorageError
from glutecoach.storage import Database, default_database_path, open_database
from glutecoach.storage.engine import (
    DATABASE_URL_ENV,
    mask_password,
    resolve_database_url,
)


def test_default_is_an_sqlite_file_in_the_user_data_dir() -> None:
    url = resolve_database_url(environ={})
    assert url.drivername == "sqlite"
    assert url.database == str(default_database_path())
    assert default_database_path().parts[-2:] == ("glutecoach", "glutecoach.db")


def test_explicit_url_beats_the_environment(tmp_path: Path) -> None:
    env = {DATABASE_URL_ENV: "postgresql://u:pw@db.example:5433/coach"}
    from_env = resolve_database_url(environ=env)
    assert from_env.drivername == "postgresql+psycopg"
    assert (from_env.host, from_env.port, from_env.database) == ("db.example", 5433, "coach")
    explicit = resolve_database_url(f"sqlite:///{tmp_path}/x.db", environ=env)
    assert explicit.database == f"{tmp_path}/x.db"
    assert resolve_database_url("  ", environ=env) == from_env


@pytest.mark.parametrize(
    ("given", "driver"),
    [
        ("postgres://u@h/db", "postgresql+psycopg"),
        ("postgresql+psycopg://u@h/db", "postgresql+psycopg"),
        ("sqlite://", "sqlite"),
        ("sqlite+pysqlite:///rel.db", "sqlite"),
    ],
)
def test_accepted_forms(given: str, driver: str) -> None:
    assert resolve_database_url(given, environ={}).drivername == driver


def test_a_plain_path_means_an_sqlite_file() -> None:
    url = resolve_database_url("~/coach.db", environ={})
    assert url.drivername == "sqlite"
    assert url.database == str(Path("~/coach.db").expanduser())


@pytest.mark.parametrize(
    ("given", "message"),
    [
        ("mysql://u:hunter2@h/db", "does not support"),
        ("postgresql+psycopg2://u:hunter2@h/db", "does not support"),
        ("postgresql://u:hunter2@h", "names no database"),
        ("sqlite://u:hunter2@host/file.db", "gives a host for SQLite"),
        ("postgresql://u:hunter2@h:notaport/db", "not a valid URL"),
    ],
)
def test_bad_urls_are_input_errors_without_the_password(given: str, message: str) -> None:
    with pytest.raises(InputError, match=message) as caught:
        resolve_database_url(given, environ={})
    assert "hunter2" not in str(caught.value)


def test_mask_password() -> None:
    assert mask_password("x postgresql://me:s3cr@t@h/db y") == "x postgresql://me:***@h/db y"
    assert mask_password("postgresql://me@h/db") == "postgresql://me@h/db"


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_an_unreachable_server_is_a_storage_error_naming_it() -> None:
    port = _closed_port()
    url = f"postgresql://coach:hunter2@127.0.0.1:{port}/coach"
    with pytest.raises(StorageError, match="cannot open the database") as caught:
        open_database(url)
    message = str(caught.value)
    assert f"127.0.0.1:{port}/coach" in message
    assert "coach:***@" in message
    assert "hunter2" not in message
    assert "check that the PostgreSQL server runs" in message


def test_a_file_that_is_not_a_database_is_a_storage_error(tmp_path: Path) -> None:
    junk = tmp_path / "notes.db"
    junk.write_text("these are my running notes, not a database\n" * 100)
    with pytest.raises(StorageError, match=r"notes\.db"):
        open_database(f"sqlite:///{junk}")


def test_an_impossible_folder_is_a_storage_error(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("")
    with pytest.raises(StorageError, match="cannot create the folder"):
        open_database(f"sqlite:///{blocker}/sub/glutecoach.db")


def test_sqlite_runs_in_wal_mode_with_foreign_keys(tmp_path: Path) -> None:
    with open_database(URL.create("sqlite", database=str(tmp_path / "a" / "b.db"))) as database:
        with database.engine.connect() as connection:
            pragma = {
                name: connection.execute(text(f"PRAGMA {name}")).scalar_one()
                for name in ("journal_mode", "foreign_keys", "busy_timeout", "synchronous")
            }
        assert pragma == {
            "journal_mode": "wal",
            "foreign_keys": 1,
            "busy_timeout": 10_000,
            "synchronous": 2,
        }
        assert database.backend == "sqlite"


def test_the_backend_is_reported(database: Database, backend: str) -> None:
    assert database.backend == backend
