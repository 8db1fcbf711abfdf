"""Storage: the only package that imports SQLAlchemy.

SQLite by default (a file in the user data directory), PostgreSQL by URL; Alembic migrations
applied on first use; repositories that never commit, inside a unit of work that does. See
``unit_of_work.py`` for how services use it and ``exchange.py`` for export and import.
"""

from glutecoach.storage.engine import (
    DATABASE_URL_ENV,
    default_database_path,
    describe_url,
    resolve_database_url,
)
from glutecoach.storage.exchange import (
    ExportSummary,
    ImportSummary,
    export_database,
    import_database,
)
from glutecoach.storage.records import (
    StoredDecision,
    StoredPlan,
    StoredRunner,
    StoredSessionLog,
)
from glutecoach.storage.schema import head_revision, upgrade_to_head
from glutecoach.storage.unit_of_work import Database, UnitOfWork, open_database

__all__ = [
    "DATABASE_URL_ENV",
    "Database",
    "ExportSummary",
    "ImportSummary",
    "StoredDecision",
    "StoredPlan",
    "StoredRunner",
    "StoredSessionLog",
    "UnitOfWork",
    "default_database_path",
    "describe_url",
    "export_database",
    "head_revision",
    "import_database",
    "open_database",
    "resolve_database_url",
    "upgrade_to_head",
]
