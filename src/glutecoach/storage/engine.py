"""Which database to use and how to connect to it.

The database is chosen in this order: an explicit URL (e.g. a ``--database`` flag), then the
``GLUTECOACH_DATABASE_URL`` environment variable, then an SQLite file in the user data directory
(``<user data dir>/glutecoach/glutecoach.db``, from platformdirs).

Accepted forms:

- ``sqlite:///relative/path.db``, ``sqlite:////absolute/path.db``, ``sqlite://`` (in memory), or
  a plain file path, which means an SQLite file;
- ``postgresql://user:password@host:port/database`` (also ``postgres://`` and
  ``postgresql+psycopg://``), always driven by psycopg 3.

Parsing is strict: a value with a scheme but no ``//`` (``postgresql:/user:pw@host/db``), a
plain path holding ``:`` or ``@`` (a mistyped URL, never a file name anyone meant), or an
unknown scheme is refused with the accepted forms, and a password never appears in a message or
becomes part of a path. An existing SQLite file that another program made (it has tables but no
glutecoach schema version) is refused before anything is written to it.

SQLite connections run in WAL journal mode with foreign keys enforced, a busy timeout and full
synchronous commits (a committed session survives a power cut). Every SQLAlchemy transaction is
a real SQLite transaction (``BEGIN`` is emitted by us, not guessed by the driver). Writers start
with ``BEGIN IMMEDIATE``: they take the write lock first and wait their turn for it (up to the
busy timeout), so no writer reads a snapshot that another commits over before it writes (which
SQLite would refuse at once, whatever the timeout). Read-only work (``READ_ONLY`` execution
option) starts a plain deferred ``BEGIN`` and never waits for writers.
"""

from __future__ import annotations

import os
import re
import select
import sqlite3
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import platformdirs
from sqlalchemy import Connection, Engine, create_engine, event, make_url
from sqlalchemy.engine import URL
from sqlalchemy.exc import ArgumentError, DBAPIError, DisconnectionError, SQLAlchemyError

from glutecoach.errors import InputError, StorageError

DATABASE_URL_ENV = "GLUTECOACH_DATABASE_URL"
APP_NAME = "glutecoach"
DATABASE_FILE_NAME = "glutecoach.db"
SQLITE_BUSY_TIMEOUT_MS = 10_000
POSTGRES_CONNECT_TIMEOUT_S = 10
POSTGRES_RECYCLE_S = 1800
"""Pooled PostgreSQL connections are replaced after half an hour, before firewalls and
proxies that drop idle connections silently (often after an hour) do."""
POSTGRES_KEEPALIVE_IDLE_S = 60
POSTGRES_KEEPALIVE_INTERVAL_S = 10
POSTGRES_KEEPALIVE_COUNT = 3
"""TCP keepalives (libpq's): a server gone without a word is noticed within about 90 s."""

_POSTGRES_DRIVERS = {"postgresql", "postgres", "postgresql+psycopg"}
_SQLITE_DRIVERS = {"sqlite", "sqlite+pysqlite"}
_PASSWORD_IN_TEXT = re.compile(r"(://[^:/@\s]*:)\S*@")  # greedy: a raw "@" may be in it
_CREDENTIALS_IN_TEXT = re.compile(r"([^:/@\s]*:)[^\s/]*@")  # user:password@ without a "//"
_SCHEME_WITHOUT_SLASHES = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]+:(?!//)")
READ_ONLY = "glutecoach_read_only"
"""Execution option: a transaction that only reads starts with a deferred ``BEGIN``."""
_FORMS = (
    "use 'sqlite:///path/to/file.db', a plain file path, or "
    "'postgresql://user:password@host:port/database'"
)


def default_database_path() -> Path:
    """The SQLite file used when no URL is given: ``<user data dir>/glutecoach/glutecoach.db``."""
    return platformdirs.user_data_path(APP_NAME, appauthor=False) / DATABASE_FILE_NAME


def mask_password(text: str) -> str:
    """``text`` with any ``user:password@`` (with or without ``://`` before it) replaced by
    ``user:***@``."""
    if "://" in text:
        return _PASSWORD_IN_TEXT.sub(r"\1***@", text)
    return _CREDENTIALS_IN_TEXT.sub(r"\1***@", text)


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
        return URL.create("sqlite", database=_plain_path(raw))
    try:
        parsed = make_url(raw)
    except (ArgumentError, ValueError) as exc:
        raise InputError(
            f"database URL {mask_password(raw)!r} is not a valid URL ({exc}); {_FORMS}"
        ) from None
    return _normalise(parsed, raw)


def _plain_path(raw: str) -> str:
    """A plain SQLite file path; ``InputError`` for text that is a mistyped URL, not a path."""
    shown = mask_password(raw)
    if _SCHEME_WITHOUT_SLASHES.match(raw):
        scheme = raw.split(":", 1)[0]
        raise InputError(
            f"database {shown!r} starts like a {scheme!r} URL but has no '//' after "
            f"'{scheme}:'; write '{scheme}://...' ({_FORMS})"
        )
    if ":" in raw or "@" in raw:
        raise InputError(
            f"database {shown!r} is neither a URL nor a usable file path (it holds "
            f"{'an @' if '@' in raw else 'a colon'}, as a mistyped URL would); {_FORMS}"
        )
    if any(not ch.isprintable() for ch in raw):
        raise InputError(f"database path {raw!r} holds control characters; {_FORMS}")
    return str(Path(raw).expanduser())


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
            database = _plain_path(database)
        return url.set(drivername="sqlite", database=database)
    if driver in _POSTGRES_DRIVERS:
        if not url.host:
            raise InputError(f"database URL {describe_url(url)!r} names no server; {_FORMS}")
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
    engine = create_engine(
        url,
        echo=echo,
        pool_recycle=POSTGRES_RECYCLE_S,
        connect_args={
            "connect_timeout": POSTGRES_CONNECT_TIMEOUT_S,
            "keepalives": 1,
            "keepalives_idle": POSTGRES_KEEPALIVE_IDLE_S,
            "keepalives_interval": POSTGRES_KEEPALIVE_INTERVAL_S,
            "keepalives_count": POSTGRES_KEEPALIVE_COUNT,
        },
    )
    _check_on_checkout(engine)
    return engine


def _check_on_checkout(engine: Engine) -> None:
    """Before a pooled PostgreSQL connection is used, make sure the server has not hung up on
    it (a restart, an administrator ending sessions, an idle timeout); if it has, the pool
    drops it and opens a new one. A connection at rest has nothing to read unless the server
    sent something, which is most often its goodbye: only then is the server asked (a ping,
    which fails on a closed connection and passes on one that merely got a notice or TLS
    housekeeping). So a healthy idle connection costs a look at its socket, not a round trip
    to the server as a pre-ping before every use would. A peer that vanished without a word
    is found by TCP keepalives and ``pool_recycle``."""

    @event.listens_for(engine, "checkout")
    def _alive(dbapi_connection: Any, _record: Any, _proxy: Any) -> None:
        if dbapi_connection.closed:
            raise DisconnectionError("the connection is closed")
        try:
            readable, _, _ = select.select([dbapi_connection.fileno()], [], [], 0)
        except (OSError, ValueError) as exc:
            raise DisconnectionError(f"the connection's socket is unusable: {exc}") from exc
        if not readable:
            return
        try:
            engine.dialect.do_ping(dbapi_connection)
        except Exception as exc:  # any failure here means: use another connection
            raise DisconnectionError(f"the server hung up on this connection: {exc}") from exc


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
        refuse_foreign_sqlite(Path(url.database))
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
        read_only = connection.get_execution_options().get(READ_ONLY, False)
        connection.exec_driver_sql("BEGIN" if read_only else "BEGIN IMMEDIATE")

    return engine


def refuse_foreign_sqlite(path: Path) -> None:
    """``InputError`` when ``path`` is an existing SQLite database with another program's
    tables and no glutecoach schema version. The file is opened read-only, so it is left
    exactly as it was (a file that is not SQLite at all is reported by the engine)."""
    try:
        if not path.is_file() or path.stat().st_size == 0:
            return
    except OSError:
        return  # the engine reports an unreadable file with its reason
    try:
        connection = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
        try:
            names = {
                str(row[0])
                for row in connection.execute(
                    "SELECT name FROM sqlite_master WHERE type = 'table' "
                    "AND name NOT LIKE 'sqlite_%'"
                )
            }
        finally:
            connection.close()
    except sqlite3.DatabaseError:
        return  # not SQLite, locked or unreadable: the engine reports it, changing nothing
    if names and "alembic_version" not in names:
        shown = ", ".join(sorted(names)[:6]) + (", ..." if len(names) > 6 else "")
        raise InputError(
            f"{str(path)!r} is another program's SQLite database (tables: {shown}); glutecoach "
            "leaves it untouched. Give a glutecoach database, or a new file name to start one"
        )


def check_connection(engine: Engine) -> None:
    """Connect once and run ``SELECT 1``; ``StorageError`` naming the database if that fails."""
    try:
        with engine.connect().execution_options(**{READ_ONLY: True}) as connection:
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
