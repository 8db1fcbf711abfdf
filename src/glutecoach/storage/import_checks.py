"""Check an export row by row before anything is imported.

An export is a file a person may have edited. Before a single row is written, every table the
export's schema revision has must be present (and no other), and every row must pass:

- its columns: no unknown name, every required one present, each value of the column's type
  (whole numbers, numbers, text within the column's length, ISO dates, UTC timestamps);
- the domain rules the CLI applies: a profile, plan, set, session log or decision is validated
  by the same models (pain 0-10, reps 0-100, good-form reps not above reps done, ...), and
  exercise ids must be in the library;
- the links between rows: unique ids, and every reference (``runner_id``, ``plan_id``,
  ``session_log_id``) naming a row of the export.

Problems are reported as ``InputError`` naming the table, the row (1-based, with its id) and
the field, at most ``MAX_LISTED`` of them; nothing is imported.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Mapping
from typing import Any

from pydantic import BaseModel, ValidationError
from sqlalchemy import Column, Date, Float, Integer, String, Table, Text

from glutecoach.domain.glossary import plural
from glutecoach.domain.log import SessionLog, SetLog
from glutecoach.domain.plan import Plan, PlannedSession, Prescription
from glutecoach.domain.profile import RunnerProfile
from glutecoach.errors import InputError, NotFoundError
from glutecoach.library.catalogue import Library
from glutecoach.planning.progression import Decision
from glutecoach.storage.tables import TABLES_IN_ORDER, UtcDateTime
from glutecoach.validation import field_path

Row = dict[str, Any]
MAX_LISTED = 10
TABLE_SINCE = {"analyses": "0003"}
"""Tables added after the first revision: an export written before has none."""
EXAMPLE_STAMP = "2026-11-25T07:30:00+00:00"
COLUMN_SINCE = {("session_logs", "updated_at"): "0002"}


SESSION_FIELDS = (
    "date",
    "week_index",
    "kind",
    "warm_up",
    "prescriptions",
    "minutes_planned",
    "notes",
)


class _Problems:
    def __init__(self, source: str) -> None:
        self.source = source
        self.items: list[str] = []

    def add(self, table: str, index: int | None, row: Any, field: str | None, what: str) -> None:
        where = f"table {table!r}"
        if index is not None:
            where += f", row {index + 1}{_identity(row)}"
        if field:
            where += f", field {field!r}"
        self.items.append(f"{where}: {what}")

    def raise_if_any(self) -> None:
        if not self.items:
            return
        shown = self.items[:MAX_LISTED]
        more = len(self.items) - len(shown)
        lines = "\n".join(f"  - {item}" for item in shown)
        extra = f"\n  ... and {more} more" if more else ""
        raise InputError(
            f"{self.source}: {plural(len(self.items), 'problem')}; nothing was imported:\n"
            f"{lines}{extra}"
        )


def _identity(row: Any) -> str:
    """`` (id ...)``, or the session and position of a set, for a message."""
    if not isinstance(row, dict):
        return ""
    if isinstance(row.get("id"), str):
        return f" (id {row['id']})"
    if "session_log_id" in row and "position" in row:
        return f" (session log {row['session_log_id']}, position {row['position']})"
    return ""


def expected_tables(revision: str) -> list[Table]:
    """The tables an export written at ``revision`` holds."""
    return [t for t in TABLES_IN_ORDER if revision >= TABLE_SINCE.get(t.name, "0000")]


def check_export(
    tables: Any, revision: str, library: Library | None, source: str
) -> dict[str, list[Row]]:
    """Every row decoded (dates and timestamps as Python values) and checked; ``InputError``
    listing the problems otherwise."""
    problems = _Problems(source)
    if not isinstance(tables, dict):
        raise InputError(f"{source}: 'tables' is not an object of tables; nothing was imported")
    wanted = expected_tables(revision)
    names = {t.name for t in wanted}
    for missing in sorted(names - set(tables)):
        problems.add(missing, None, None, None, "missing from the export (it is required)")
    for unknown in sorted(set(tables) - names):
        later = unknown in TABLE_SINCE  # an empty table of a later revision holds nothing
        if not later or tables[unknown] != []:
            problems.add(unknown, None, None, None, f"not a table of schema revision {revision}")
    problems.raise_if_any()
    decoded: dict[str, list[Row]] = {}
    for table in wanted:
        rows = tables[table.name]
        if not isinstance(rows, list):
            problems.add(table.name, None, None, None, "is not a list of rows")
            continue
        decoded[table.name] = [
            _decode_row(table, i, row, revision, problems) for i, row in enumerate(rows)
        ]
    problems.raise_if_any()
    _check_links(decoded, problems)
    _check_domain(decoded, library, problems)
    problems.raise_if_any()
    return decoded


def _decode_row(table: Table, index: int, row: Any, revision: str, problems: _Problems) -> Row:
    if not isinstance(row, dict):
        problems.add(table.name, index, None, None, "is not an object of column values")
        return {}
    out: Row = {}
    for name, value in row.items():
        if name not in table.columns:
            problems.add(table.name, index, row, name, "no such column in this table")
            continue
        column = table.columns[name]
        try:
            out[name] = _value(column, value)
        except ValueError as exc:
            problems.add(table.name, index, row, name, f"{value!r} {exc}")
    for column in table.columns:
        since = COLUMN_SINCE.get((table.name, column.name), "0000")
        if column.name not in row and not column.nullable and revision >= since:
            problems.add(table.name, index, row, column.name, "missing (it is required)")
    return out


def _value(column: Column[Any], value: Any) -> Any:
    """``value`` as the column stores it; ``ValueError`` saying what it should be."""
    kind = column.type
    if value is None:
        if not column.nullable:
            raise ValueError("is empty, but this field is required")
        return None
    if isinstance(kind, UtcDateTime):
        stamp = _parsed(
            dt.datetime.fromisoformat, value, "a timestamp like 2026-11-25T07:30:00+00:00"
        )
        if stamp.tzinfo is None:
            raise ValueError(f"has no time zone; write it in UTC, e.g. {EXAMPLE_STAMP}")
        return stamp
    if isinstance(kind, Date):
        return _parsed(dt.date.fromisoformat, value, "a date as YYYY-MM-DD")
    if isinstance(kind, Integer):
        if isinstance(value, bool) or not isinstance(value, int):
            raise ValueError("is not a whole number")
        return value
    if isinstance(kind, Float):
        if (
            isinstance(value, bool)
            or not isinstance(value, int | float)
            or not math.isfinite(value)
        ):
            raise ValueError("is not a number")
        return value
    if isinstance(kind, String | Text):
        if not isinstance(value, str):
            raise ValueError("is not text")
        length = getattr(kind, "length", None)
        if length is not None and len(value) > length:
            raise ValueError(f"is longer than {length} characters")
        return value
    return value  # a JSON document: its content is checked by the domain models


def _parsed(parse: Callable[[str], Any], value: Any, form: str) -> Any:
    if not isinstance(value, str):
        raise ValueError(f"is not {form}")
    try:
        return parse(value)
    except ValueError:
        raise ValueError(f"is not {form}") from None


def _check_links(decoded: Mapping[str, list[Row]], problems: _Problems) -> None:
    keys: dict[str, set[Any]] = {}
    for table in TABLES_IN_ORDER:
        rows = decoded.get(table.name, [])
        pk = [c.name for c in table.primary_key.columns]
        seen: set[Any] = set()
        for i, row in enumerate(rows):
            key = tuple(row.get(k) for k in pk)
            if key in seen:
                problems.add(table.name, i, row, ", ".join(pk), f"{key!r} appears twice")
            seen.add(key)
        keys[table.name] = {k[0] for k in seen}
        for column in table.columns:
            for fk in column.foreign_keys:
                target = fk.column.table.name
                for i, row in enumerate(rows):
                    value = row.get(column.name)
                    if value is not None and value not in keys.get(target, set()):
                        problems.add(
                            table.name,
                            i,
                            row,
                            column.name,
                            f"names no row of {target!r}: {value!r}",
                        )
    for unique in ("name", "slug"):
        names = [r.get(unique) for r in decoded.get("runners", [])]
        for i, row in enumerate(decoded.get("runners", [])):
            if names.count(row.get(unique)) > 1:
                problems.add("runners", i, row, unique, f"{row.get(unique)!r} is used twice")


def _model(
    model: type[BaseModel],
    document: Any,
    table: str,
    i: int,
    row: Row,
    field: str,
    problems: _Problems,
) -> bool:
    """Validate ``document`` with ``model``; each pydantic error becomes a problem."""
    try:
        model.model_validate(document)
    except ValidationError as exc:
        for err in exc.errors():
            loc = field_path(err["loc"], document) if err["loc"] else ""
            name = field if not loc or loc == field else f"{field} > {loc}" if field else loc
            problems.add(table, i, row, name, err["msg"].removeprefix("Value error, "))
        return False
    return True


def _check_domain(
    decoded: Mapping[str, list[Row]], library: Library | None, problems: _Problems
) -> None:
    for i, row in enumerate(decoded["runners"]):
        valid = _model(RunnerProfile, row.get("profile"), "runners", i, row, "profile", problems)
        if valid and row["profile"].get("name") != row.get("name"):
            problems.add("runners", i, row, "name", "differs from the profile's name")
    sessions: dict[Any, list[dict[str, Any]]] = {}
    for i, row in enumerate(decoded["planned_sessions"]):
        document = {k: row.get(k) for k in SESSION_FIELDS}
        if _model(PlannedSession, document, "planned_sessions", i, row, "", problems):
            sessions.setdefault(row.get("plan_id"), []).append(document)
    names = {r.get("id"): r.get("name") for r in decoded["runners"]}
    for i, row in enumerate(decoded["plans"]):
        document = {
            "runner": names.get(row.get("runner_id")) or "?",
            "start_date": row.get("start_date"),
            "weeks": row.get("weeks"),
            "running_week": row.get("running_week"),
            "strength_weekdays": row.get("strength_weekdays"),
            "sessions": sessions.get(row.get("id"), []),
            "notes": row.get("notes"),
            "parameters": row.get("params"),
            "algorithm_version": row.get("algorithm_version"),
        }
        _model(Plan, document, "plans", i, row, "", problems)
    set_fields = [
        c.name for c in _table("set_logs").columns if c.name not in ("session_log_id", "position")
    ]
    for i, row in enumerate(decoded["set_logs"]):
        document = {k: row[k] for k in set_fields if k in row}
        if _model(SetLog, document, "set_logs", i, row, "", problems):
            _known(library, row.get("variation_id"), "set_logs", i, row, problems)
    for i, row in enumerate(decoded["session_logs"]):
        document = {k: row.get(k) for k in ("date", "planned_ref", "pain_before",
                                             "next_morning_pain", "notes")}  # fmt: skip
        _model(SessionLog, document, "session_logs", i, row, "", problems)
    for i, row in enumerate(decoded["decisions"]):
        ok = _model(Prescription, row.get("new_prescription"), "decisions", i, row,
                    "new_prescription", problems)  # fmt: skip
        ok &= _model(Prescription, row.get("previous_prescription"), "decisions", i, row,
                     "previous_prescription", problems)  # fmt: skip
        if ok:
            document = {
                "variation_id": row.get("variation_id"),
                "action": row.get("action"),
                "rule": row.get("rule"),
                "reason": row.get("reason"),
                "prescription": row.get("new_prescription"),
                "previous": row.get("previous_prescription"),
                "guideline": row.get("guideline"),
                "references": row.get("reference_keys"),
                "decided_on": row.get("decided_on"),
                "algorithm_version": row.get("algorithm_version"),
            }
            if _model(Decision, document, "decisions", i, row, "", problems):
                _known(library, row.get("variation_id"), "decisions", i, row, problems)
    for i, row in enumerate(decoded.get("analyses", [])):
        result = row.get("result")
        if not isinstance(result, dict) or result.get("exercise") != row.get("exercise"):
            problems.add("analyses", i, row, "result", "is not the stored analysis of its exercise")
        for name in ("rep_count", "good_form_reps"):
            if isinstance(row.get(name), int) and row[name] < 0:
                problems.add("analyses", i, row, name, f"is {row[name]}; it cannot be negative")


def _known(
    library: Library | None, variation_id: Any, table: str, i: int, row: Row, problems: _Problems
) -> None:
    if library is None:
        return
    try:
        library.get(str(variation_id))
    except NotFoundError as exc:
        problems.add(table, i, row, "variation_id", str(exc))


def _table(name: str) -> Table:
    return next(t for t in TABLES_IN_ORDER if t.name == name)
