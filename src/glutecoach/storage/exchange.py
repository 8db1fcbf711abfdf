"""Export everything to a folder, and import it back into an empty database exactly.

The folder holds:

- ``glutecoach-export.json``: one document with every row of every table, the schema revision
  it was written at (``schema_version``) and when. This is the exact copy that
  ``import_database`` restores; rows are sorted by primary key and keys are sorted, so the same
  data always gives the same file.
- ``<table>.csv``: one file per table for spreadsheets (JSON documents as compact JSON text,
  empty cells for missing values). CSV is for reading, not for import.

Import goes only into an empty database. An export written at an older schema is inserted at
that schema's revision and then migrated to head, so data written by an older glutecoach
passes through the same migrations as a live database would.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Table, func, insert, select
from sqlalchemy.exc import SQLAlchemyError

from glutecoach.atomic_files import staged_folder
from glutecoach.errors import InputError
from glutecoach.input_files import read_limited
from glutecoach.library.catalogue import Library
from glutecoach.storage.engine import storage_error
from glutecoach.storage.import_checks import check_export
from glutecoach.storage.schema import current_revision, downgrade, known_revisions, upgrade
from glutecoach.storage.tables import TABLES_IN_ORDER
from glutecoach.storage.unit_of_work import Database

MAX_EXPORT_BYTES = 1 << 30
"""An export larger than 1 GiB is refused before it is read (a clinic's years of checks are a
few hundred MB; a larger file is not an export, e.g. a device or a disk image)."""
EXPORT_FORMAT = "glutecoach-export"
FORMAT_VERSION = 1
JSON_FILE_NAME = "glutecoach-export.json"

Row = dict[str, Any]
TablesDump = dict[str, list[Row]]


@dataclass(frozen=True)
class ExportSummary:
    json_path: Path
    csv_paths: tuple[Path, ...]
    row_counts: dict[str, int]
    schema_version: str


@dataclass(frozen=True)
class ImportSummary:
    row_counts: dict[str, int]
    schema_version: str
    """The revision the export was written at (the database is at head afterwards)."""


def _encode(table: Table, row: Mapping[Any, Any]) -> Row:
    out: Row = {}
    for column in table.columns:
        value = row[column.name]
        if isinstance(value, dt.date | dt.datetime):
            value = value.isoformat()
        out[column.name] = value
    return out


def _sort_key(table: Table) -> Any:
    keys = [c.name for c in table.primary_key.columns]
    return lambda row: tuple(row[k] for k in keys)


def dump_tables(connection: Connection) -> TablesDump:
    """Every row of every table as JSON-ready dicts, rows sorted by primary key."""
    dumped: TablesDump = {}
    for table in TABLES_IN_ORDER:
        rows = [_encode(table, r) for r in connection.execute(select(table)).mappings()]
        dumped[table.name] = sorted(rows, key=_sort_key(table))
    return dumped


def _snapshot(database: Database) -> Connection:
    connection = database.engine.connect()
    if database.backend == "postgresql":
        # One consistent snapshot across all tables while exporting.
        connection = connection.execution_options(isolation_level="REPEATABLE READ")
    return connection


def export_document(database: Database, *, now: dt.datetime | None = None) -> dict[str, Any]:
    """The export as one JSON-ready document."""
    try:
        with _snapshot(database) as connection, connection.begin():
            tables = dump_tables(connection)
    except SQLAlchemyError as exc:
        raise storage_error("cannot read", database.url, exc) from exc
    schema_version = current_revision(database.engine)
    when = (now or database.clock()).astimezone(dt.UTC)
    return {
        "format": EXPORT_FORMAT,
        "format_version": FORMAT_VERSION,
        "schema_version": schema_version,
        "exported_at": when.isoformat(),
        "tables": tables,
    }


def _csv_cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dict | list):
        return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _write_csv(path: Path, table: Table, rows: Iterable[Row]) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        names = [c.name for c in table.columns]
        writer.writerow(names)
        for row in rows:
            writer.writerow([_csv_cell(row.get(name)) for name in names])


def export_database(
    database: Database,
    folder: Path,
    *,
    now: dt.datetime | None = None,
    replace: bool = False,
) -> ExportSummary:
    """Write the JSON document and one CSV per table into ``folder`` (created if missing), all
    or nothing (``atomic_files``). A folder that already holds an export is refused unless
    ``replace``: an earlier backup is never overwritten silently."""
    earlier = folder / JSON_FILE_NAME
    if earlier.exists() and not replace:
        raise InputError(
            f"{str(folder)!r} already holds an export ({_exported_at(earlier)}); choose a new "
            "folder, or add --force to replace it"
        )
    document = export_document(database, now=now)
    with staged_folder(folder) as staging:
        text = json.dumps(document, indent=2, sort_keys=True, ensure_ascii=False)
        (staging / JSON_FILE_NAME).write_text(text + "\n", encoding="utf-8")
        for table in TABLES_IN_ORDER:
            _write_csv(staging / f"{table.name}.csv", table, document["tables"][table.name])
    csv_paths = tuple(folder / f"{table.name}.csv" for table in TABLES_IN_ORDER)
    counts = {name: len(rows) for name, rows in document["tables"].items()}
    return ExportSummary(earlier, csv_paths, counts, str(document["schema_version"]))


def _exported_at(path: Path) -> str:
    """When the export at ``path`` was written, as it says, for a message."""
    try:
        with path.open("rb") as handle:
            head = handle.read(MAX_EXPORT_BYTES)
        when = json.loads(head).get("exported_at")
    except (OSError, ValueError, AttributeError):
        when = None
    return f"written {when}" if isinstance(when, str) else "an unreadable one"


def read_export(path: Path) -> dict[str, Any]:
    """Read and check an export (its folder or its JSON file)."""
    file = path / JSON_FILE_NAME if path.is_dir() else path
    try:
        raw = read_limited(file, MAX_EXPORT_BYTES, "an export (its folder or its JSON file)")
        document = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InputError(f"cannot read the export {str(file)!r}: {exc}") from exc
    if not isinstance(document, dict) or document.get("format") != EXPORT_FORMAT:
        raise InputError(f"{str(file)!r} is not a glutecoach export (no format {EXPORT_FORMAT!r})")
    if document.get("format_version") != FORMAT_VERSION:
        raise InputError(
            f"{str(file)!r} has export format version {document.get('format_version')!r}; "
            f"this glutecoach reads version {FORMAT_VERSION}"
        )
    revision = document.get("schema_version")
    if revision not in known_revisions():
        raise InputError(
            f"{str(file)!r} was written at schema revision {revision!r}, which this glutecoach "
            f"does not know (it knows {', '.join(known_revisions())}); use a newer glutecoach"
        )
    return document


def row_counts(connection: Connection) -> dict[str, int]:
    """Rows in each table."""
    return {
        t.name: int(connection.execute(select(func.count()).select_from(t)).scalar_one())
        for t in TABLES_IN_ORDER
    }


def _refuse_non_empty(database: Database) -> None:
    try:
        with database.engine.connect() as connection:
            counts = row_counts(connection)
    except SQLAlchemyError as exc:
        raise storage_error("cannot read", database.url, exc) from exc
    held = {name: n for name, n in counts.items() if n}
    if held:
        listing = ", ".join(f"{name.replace('_', ' ')}: {n}" for name, n in held.items())
        raise InputError(
            f"the database {database.description!r} already holds data ({listing}); import "
            "only into an empty database: point --database or GLUTECOACH_DATABASE_URL at a new "
            "file or an empty PostgreSQL database and import again"
        )


def _insert_all(connection: Connection, tables: Mapping[str, list[Row]]) -> None:
    for table in TABLES_IN_ORDER:
        rows = tables.get(table.name) or []
        if not rows:
            continue
        names = sorted({name for row in rows for name in row})
        connection.execute(insert(table), [{n: row.get(n) for n in names} for row in rows])


def import_database(
    database: Database, path: Path, library: Library | None = None
) -> ImportSummary:
    """Restore an export into an empty database (all rows in one transaction). Every row is
    checked first (``import_checks``; exercise ids against ``library`` when given): a
    refused export leaves the database untouched."""
    document = read_export(path)
    revision = str(document["schema_version"])
    decoded = check_export(document.get("tables"), revision, library, str(path))
    _refuse_non_empty(database)
    at_head = revision == known_revisions()[-1]
    if not at_head:
        downgrade(database.engine, "base")  # empty tables only, checked above
        upgrade(database.engine, revision)
    try:
        with database.engine.begin() as connection:
            _insert_all(connection, decoded)
    except SQLAlchemyError as exc:
        raise storage_error("cannot import into", database.url, exc) from exc
    finally:
        if not at_head:
            upgrade(database.engine, "head")
    counts = {name: len(document["tables"].get(name) or []) for name in _names()}
    return ImportSummary(counts, revision)


def _names() -> list[str]:
    return [t.name for t in TABLES_IN_ORDER]


__all__ = [
    "EXPORT_FORMAT",
    "JSON_FILE_NAME",
    "ExportSummary",
    "ImportSummary",
    "dump_tables",
    "export_database",
    "export_document",
    "import_database",
    "read_export",
    "row_counts",
]
