"""Alembic's entry point: run the revisions on the connection ``storage.schema`` hands over.

Called through ``glutecoach.storage.schema`` (``upgrade_to_head`` and friends), which puts an
open connection in ``config.attributes["connection"]``, so migrations share the caller's
transaction. Without one (a developer running Alembic by hand), the database is resolved like
the application does: ``sqlalchemy.url``, else ``GLUTECOACH_DATABASE_URL``, else the default
SQLite file.
"""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection

from glutecoach.storage.engine import create_database_engine, resolve_database_url
from glutecoach.storage.tables import Base


def _configure(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_offline() -> None:
    """Print the SQL instead of running it (``alembic upgrade head --sql``)."""
    url = resolve_database_url(context.config.get_main_option("sqlalchemy.url"))
    context.configure(
        url=url,
        target_metadata=Base.metadata,
        literal_binds=True,
        render_as_batch=url.get_backend_name() == "sqlite",
    )
    with context.begin_transaction():
        context.run_migrations()


def run_online() -> None:
    connection = context.config.attributes.get("connection")
    if isinstance(connection, Connection):
        _configure(connection)
        return
    url = resolve_database_url(context.config.get_main_option("sqlalchemy.url"))
    engine = create_database_engine(url)
    try:
        with engine.begin() as own:
            _configure(own)
    finally:
        engine.dispose()


if context.is_offline_mode():
    run_offline()
else:
    run_online()
