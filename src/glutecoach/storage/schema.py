"""The database schema's version: bring a database to the newest revision on first use.

A user never runs Alembic: ``open_database`` calls ``upgrade_to_head``, which is a no-op when
the database is already current. Revisions live in ``migrations/versions`` inside the package.

To write a new revision, change ``tables.py``, then let Alembic compare a database at head with
the models::

    python -m glutecoach.storage.migrations revision "add a column for ..."

and review the generated ``migrations/versions/rNNNN_<what>.py`` (write its downgrade too).
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from alembic.util import CommandError
from sqlalchemy import Engine
from sqlalchemy.engine import URL
from sqlalchemy.exc import SQLAlchemyError

from glutecoach.errors import StorageError
from glutecoach.storage.engine import (
    READ_ONLY,
    check_connection,
    create_database_engine,
    describe_url,
    resolve_database_url,
    storage_error,
)

MIGRATIONS_DIR = Path(__file__).with_name("migrations")


def alembic_config(engine: Engine | None = None) -> Config:
    """An Alembic configuration pointing at the packaged migrations (no ini file needed)."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR).replace("%", "%%"))
    if engine is not None:
        config.set_main_option(
            "sqlalchemy.url", engine.url.render_as_string(hide_password=False).replace("%", "%%")
        )
    return config


def _scripts() -> ScriptDirectory:
    return ScriptDirectory.from_config(alembic_config())


def head_revision() -> str:
    """The newest schema revision this glutecoach knows (what an export calls schema_version)."""
    head = _scripts().get_current_head()
    assert head is not None, "no migrations found in the package"
    return head


def known_revisions() -> tuple[str, ...]:
    """Every revision, oldest first."""
    return tuple(reversed([s.revision for s in _scripts().walk_revisions()]))


def current_revision(engine: Engine) -> str | None:
    """The database's schema revision, or None for a database glutecoach never touched."""
    try:
        with engine.connect().execution_options(**{READ_ONLY: True}) as connection:
            return MigrationContext.configure(connection).get_current_revision()
    except SQLAlchemyError as exc:
        raise storage_error("cannot read the schema version of", engine.url, exc) from exc


def _run(engine: Engine, what: str, revision: str, upgrade: bool) -> None:
    config = alembic_config()
    try:
        with engine.begin() as connection:
            config.attributes["connection"] = connection
            if upgrade:
                command.upgrade(config, revision)
            else:
                command.downgrade(config, revision)
    except CommandError as exc:
        found = current_revision(engine)
        if found is not None and found not in known_revisions():
            raise StorageError(
                f"the database {describe_url(engine.url)!r} has schema revision {found!r}, which "
                f"this glutecoach does not know (it knows up to {head_revision()!r}): it was "
                "written by a newer glutecoach; upgrade glutecoach to use it"
            ) from exc
        raise StorageError(
            f"cannot {what} the database {describe_url(engine.url)!r}: {exc}"
        ) from exc
    except SQLAlchemyError as exc:
        raise storage_error(f"cannot {what}", engine.url, exc) from exc


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Apply revisions up to ``revision`` in one transaction (all or none of them)."""
    _run(engine, "upgrade", revision, upgrade=True)


def downgrade(engine: Engine, revision: str = "base") -> None:
    """Undo revisions down to ``revision`` (``base`` removes every table). Destroys data:
    used only on empty databases, e.g. to import an export written at an older schema."""
    _run(engine, "downgrade", revision, upgrade=False)


def upgrade_to_head(target: str | URL | Engine | None = None) -> str:
    """Bring a database (URL, engine, or None for the configured default) to the newest
    schema and return that revision. Cheap when it is already current."""
    if isinstance(target, Engine):
        return _upgrade_engine(target)
    engine = create_database_engine(resolve_database_url(target))
    try:
        check_connection(engine)
        return _upgrade_engine(engine)
    finally:
        engine.dispose()


def _upgrade_engine(engine: Engine) -> str:
    head = head_revision()
    if current_revision(engine) != head:
        upgrade(engine, "head")
    return head


def make_revision(message: str) -> None:
    """Autogenerate a revision from the difference between head and ``tables.py``."""
    with tempfile.TemporaryDirectory() as folder:
        engine = create_database_engine(URL.create("sqlite", database=f"{folder}/head.db"))
        try:
            upgrade(engine)
            config = alembic_config(engine)
            config.set_main_option("file_template", "r%%(rev)s_%%(slug)s")
            rev_id = f"{len(known_revisions()) + 1:04d}"
            command.revision(config, message=message, autogenerate=True, rev_id=rev_id)
        finally:
            engine.dispose()
