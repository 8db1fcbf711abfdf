"""Which database to use and how to connect to it.

The database is chosen in this order: an explicit URL (e.g. a ``--database`` flag), then the
``GLUTECOACH_DATABASE_URL`` environment variable, then an SQLite file in the user data directory
(``<user data dir>/glutecoach/glutecoach.db``, from platformdirs).

Accepted forms:

- ``sqlite:///relative/path.db``, ``sqlite:////absolute/path.db``, ``sqlite://`` (in memory), or
  a plain file path, which means an SQLite file;
- ``postgresql://user:password@host:port/database`` (also ``postgres://`` and
  ``postgresql+psycopg://``), always driven by psycopg 3.

SQLite connections run in WAL journal mode with foreign keys enforced, a busy timeout and full
synchronous commits (a committed session survives a power cut). Every SQLAlchemy transaction is
a real SQLite transaction (``BEGIN`` is emitted by us, not guessed by the driver), so schema
changes and reads are atomic too.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import platformdirs
from sqlalchemy import Connection, Engine, create_engine, event, make_url
from sqlalchemy.engine import URL
from sqlalchemy.exc import ArgumentError, DBAPIError, SQLAlchemyError

from glutecoach.errors import InputError, StorageError

DATABASE_URL_ENV = "GLUTECOACH_DATABASE_URL"
APP_NAME = "glutecoach"
DATABASE_FILE_NAME = "glutecoach.db"
SQLITE_BUSY_TIMEOUT_MS = 10_000
POSTGRES_CONNECT_TIMEOUT_S = 10

_POSTGRES_DRIVERS = {"postgresql", "postgres", "postgresql+psycopg"}
_SQLITE_DRIVERS = {"sqlite", "sqlite+pysqlite"}
_PASSWORD_IN_TEXT = re.compile(r"(://[^:/@\s]*:)\S*@")  # greedy: a raw "@" may be in it
_FORMS = (
    "use 'sqlite:///path/to/file.db', a plain file path, or "
    "'postgresql://user:password@host:port/database'"
)


def default_database_path() -> Path:
    """The SQLite file used when no URL is given: ``<user data dir>/glutecoach/glutecoach.db``."""
    return platformdirs.user_data_path(APP_NAME, appauthor=False) / DATABASE_FILE_NAME


def mask_password(text: str) -> str:
    """``text`` with any ``://user:password@`` replaced by ``://user:***@``."""
    return _PASSWORD_IN_TEXT.sub(r"\1***@", text)


def describe_url(url: URL) -> str:
    """The URL as a person should see it: without its password."""
    return url.render_as_string(hide_password=True)


def resolve_database_url(
    url: str | URL | None = None, *, environ: Mapping[str, str] | None = None
) -> URL:
    """The database URL to use: ``url`` if given, else ``$GLUTECOACH_DATABASE_URL``, else the
    default SQLite file. Raises ``InputError`` for a URL that is malformed or names a database
    glutecoach does not support."""
    env = os.environ if environ is None else environ
    if isinstance(url, URL):
        return _normalise(url, str(url))
    raw = (url or "").strip() or env.get(DATABASE_URL_ENV, "").strip()
    if not raw:
        return URL.create("sqlite", database=str(default_database_path()))
    if "://" not in raw:
        return URL.create("sqlite", database=str(Path(raw).expanduser()))
    try:
        parsed = make_url(raw)
    except (ArgumentError, ValueError) as exc:
        raise InputError(
            f"database URL {mask_password(raw)!r} is not a valid URL ({exc}); {_FORMS}"
        ) from None
    return _normalise(parsed, raw)


def _normalise(url: URL, raw: str) -> URL:
    driver = url.drivername.lower()
    if driver in _SQLITE_DRIVERS:
        if url.host or url.username or url.port:
            raise InputError(
                f"database URL {describe_url(url)!r} gives a host for SQLite; SQLite needs a "
                "file: 'sqlite:///relative.db' or 'sqlite:////absolute/path.db'"
            )
        database = url.database
        if database and database != ":memory:":
            database = str(Path(database).expanduser())
        return url.set(drivername="sqlite", database=database)
    if driver in _POSTGRES_DRIVERS:
        if not url.database:
            raise InputError(
                f"database URL {describe_url(url)!r} names no database; add '/<name>' at the end"
            )
        return url.set(drivername="postgresql+psycopg")
    raise InputError(
        f"database URL {mask_password(raw)!r} uses {url.drivername!r}, which glutecoach does not "
        f"support; {_FORMS} (PostgreSQL is driven by psycopg 3)"
    )


def is_sqlite(url: URL) -> bool:
    return url.get_backend_name() == "sqlite"


def is_memory(url: URL) -> bool:
    return is_sqlite(url) and url.database in (None, "", ":memory:")


def create_database_engine(url: URL, *, echo: bool = False) -> Engine:
    """An engine for an already resolved URL (see ``resolve_database_url``).

    For an SQLite file, its folder is created if missing. No connection is made yet: call
    ``check_connection`` to find out early whether the database can be reached."""
    if is_sqlite(url):
        return _sqlite_engine(url, echo=echo)
    return create_engine(
        url,
        echo=echo,
        pool_pre_ping=True,
        connect_args={"connect_timeout": POSTGRES_CONNECT_TIMEOUT_S},
    )


def _sqlite_engine(url: URL, *, echo: bool) -> Engine:
    memory = is_memory(url)
    if not memory:
        assert url.database is not None
        folder = Path(url.database).parent
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StorageError(
                f"cannot create the folder {str(folder)!r} for the database "
                f"{describe_url(url)!r}: {exc.strerror or exc}"
            ) from exc
    engine = create_engine(url, echo=echo)

    @event.listens_for(engine, "connect")
    def _configure(dbapi_connection: Any, _record: Any) -> None:
        # Take transaction control away from the sqlite3 module; "begin" below emits BEGIN.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        try:
            cursor.execute("PRAGMA foreign_keys = ON")
            cursor.execute(f"PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT_MS}")
            if not memory:
                cursor.execute("PRAGMA journal_mode = WAL")
                cursor.execute("PRAGMA synchronous = FULL")
        finally:
            cursor.close()

    @event.listens_for(engine, "begin")
    def _begin(connection: Connection) -> None:
        connection.exec_driver_sql("BEGIN")

    return engine


def check_connection(engine: Engine) -> None:
    """Connect once and run ``SELECT 1``; ``StorageError`` naming the database if that fails."""
    try:
        with engine.connect() as connection:
            connection.exec_driver_sql("SELECT 1")
    except SQLAlchemyError as exc:
        raise storage_error("cannot open the database", engine.url, exc) from exc


def storage_error(what: str, url: URL, exc: BaseException) -> StorageError:
    """A ``StorageError`` saying ``what`` failed on which database (no password) and why."""
    reason = str(exc.orig) if isinstance(exc, DBAPIError) else str(exc)
    reason = reason.strip().splitlines()[0] if reason.strip() else type(exc).__name__
    if url.password:
        reason = reason.replace(str(url.password), "***")
    reason = mask_password(reason)
    hint = ""
    if not is_sqlite(url):
        hint = (
            "; check that the PostgreSQL server runs and accepts this user, or set "
            f"{DATABASE_URL_ENV} to another database"
        )
    return StorageError(f"{what} {describe_url(url)!r}: {reason}{hint}")
