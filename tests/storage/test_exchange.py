"""Export then import reproduces the database exactly; import only into an empty database."""

from __future__ import annotations

import csv
import datetime as dt
import json
from pathlib import Path

import pytest
from sqlalchemy import URL

from glutecoach.domain.log import SessionLog
from glutecoach.errors import InputError
from glutecoach.storage import Database, export_database, import_database, open_database
from glutecoach.storage.exchange import JSON_FILE_NAME, export_document, read_export
from glutecoach.storage.schema import current_revision, head_revision
from tests.storage import factories as f
from tests.storage.backends import PostgresServer, selected_backends

NOW = dt.datetime(2026, 5, 1, 12, 0, tzinfo=dt.UTC)


def populate(database: Database) -> None:
    """Two runners with plans, logs (one missed, one with next-morning pain) and decisions."""
    for name in ("Alex Runner", "Sam Läufer"):
        with database.unit_of_work() as uow:
            runner = uow.runners.add(f.profile(name))
            plan = uow.plans.add(runner.id, f.plan(runner=name))
            for week in range(2):
                day = f.START + dt.timedelta(days=7 * week)
                log = uow.logs.add(runner.id, f.session_log(day, pain=week), plan_id=plan.id)
                uow.decisions.add(runner.id, f.decision(day), session_log_id=log.id)
            missed = SessionLog(date=f.START + dt.timedelta(days=3), notes="work trip")
            uow.logs.add(runner.id, missed, plan_id=plan.id)
        with database.unit_of_work() as uow:
            uow.logs.set_next_morning_pain(log.id, 3)


def test_export_then_import_reproduces_the_database(
    database: Database, other_database_url: URL, tmp_path: Path
) -> None:
    populate(database)
    first = export_database(database, tmp_path / "export", now=NOW)
    assert first.schema_version == head_revision()
    assert first.row_counts["set_logs"] == 2 * 2 * 11
    with open_database(other_database_url) as target:
        summary = import_database(target, tmp_path / "export")
        assert summary.row_counts == first.row_counts
        again = export_database(target, tmp_path / "again", now=NOW)
        with target.unit_of_work() as uow:
            runners = uow.runners.list()
            histories = [uow.logs.history(r.id) for r in runners]
    assert again.json_path.read_text() == first.json_path.read_text()
    for path in first.csv_paths:
        assert (tmp_path / "again" / path.name).read_text() == path.read_text()
    with database.unit_of_work() as uow:
        assert uow.runners.list() == runners
        assert [uow.logs.history(r.id) for r in runners] == histories


def test_export_is_deterministic_and_complete(database: Database) -> None:
    populate(database)
    document = export_document(database, now=NOW)
    assert document["format"] == "glutecoach-export"
    assert document["schema_version"] == head_revision()
    assert document["exported_at"] == "2026-05-01T12:00:00+00:00"
    assert export_document(database, now=NOW) == document
    log = next(r for r in document["tables"]["session_logs"] if r["next_morning_pain"] == 3)
    assert log["updated_at"].endswith("+00:00")
    assert {r["name"] for r in document["tables"]["runners"]} == {"Alex Runner", "Sam Läufer"}


def test_csv_files_open_in_a_spreadsheet(database: Database, tmp_path: Path) -> None:
    populate(database)
    summary = export_database(database, tmp_path, now=NOW)
    assert sorted(p.name for p in summary.csv_paths) == sorted(
        f"{t}.csv"
        for t in (
            "runners",
            "plans",
            "planned_sessions",
            "session_logs",
            "set_logs",
            "decisions",
            "analyses",
        )
    )
    with (tmp_path / "set_logs.csv").open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == summary.row_counts["set_logs"]
    assert {"variation_id", "reps_done", "good_form_reps", "pain_during"} <= set(rows[0])
    with (tmp_path / "decisions.csv").open(newline="", encoding="utf-8") as handle:
        decision = next(csv.DictReader(handle))
    assert json.loads(decision["new_prescription"])["variation_id"] == "clam-band"


def test_import_refuses_a_database_with_data(
    database: Database, other_database_url: URL, tmp_path: Path
) -> None:
    populate(database)
    export_database(database, tmp_path, now=NOW)
    with open_database(other_database_url) as target:
        with target.unit_of_work() as uow:
            uow.runners.add(f.profile("Someone Else"))
        before = export_document(target, now=NOW)
        with pytest.raises(InputError, match=r"already holds data \(runners: 1\)"):
            import_database(target, tmp_path)
        assert export_document(target, now=NOW) == before


def test_an_export_from_an_older_schema_imports_and_migrates(
    database: Database, other_database_url: URL, tmp_path: Path
) -> None:
    populate(database)
    document = export_document(database, now=NOW)
    document["schema_version"] = "0001"
    for row in document["tables"]["session_logs"]:
        del row["updated_at"]  # revision 0001 had no such column
    for table, column in (("plans", "cautions"), ("decisions", "rule_version")):
        for row in document["tables"][table]:
            del row[column]  # nor these (revision 0004)
    for row in document["tables"]["set_logs"]:
        del row["band"]  # nor this (revision s10_band_logged)
    (tmp_path / JSON_FILE_NAME).write_text(json.dumps(document))
    with open_database(other_database_url) as target:
        summary = import_database(target, tmp_path)
        assert summary.schema_version == "0001"
        assert current_revision(target.engine) == head_revision()
        imported = export_document(target, now=NOW)
    logs = imported["tables"]["session_logs"]
    assert all(row["updated_at"] is None for row in logs)
    original = export_document(database, now=NOW)
    for row in original["tables"]["session_logs"]:
        row["updated_at"] = None
    for row in original["tables"]["plans"]:
        row["cautions"] = None
    for row in original["tables"]["decisions"]:
        row["rule_version"] = f"{row['rule']}@1"  # the migration records the rules' version
    for row in original["tables"]["set_logs"]:
        row["band"] = None  # sets logged before it name no band
    assert imported == original


@pytest.mark.parametrize(
    ("document", "message"),
    [
        ({"format": "something-else"}, "not a glutecoach export"),
        ({"format": "glutecoach-export", "format_version": 99}, "format version 99"),
        (
            {"format": "glutecoach-export", "format_version": 1, "schema_version": "9999"},
            "does not know",
        ),
    ],
)
def test_bad_exports_are_refused(tmp_path: Path, document: dict[str, object], message: str) -> None:
    path = tmp_path / JSON_FILE_NAME
    path.write_text(json.dumps(document))
    with pytest.raises(InputError, match=message):
        read_export(tmp_path)


def test_unknown_and_missing_tables_are_named(database: Database, tmp_path: Path) -> None:
    document = {
        "format": "glutecoach-export",
        "format_version": 1,
        "schema_version": "0002",
        "tables": {"shoes": []},
    }
    (tmp_path / JSON_FILE_NAME).write_text(json.dumps(document))
    with pytest.raises(InputError) as refused:
        import_database(database, tmp_path)
    assert "table 'shoes': not a table of schema revision 0002" in str(refused.value)
    assert "table 'set_logs': missing from the export" in str(refused.value)


def test_a_missing_export_is_an_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file; give the path to an export"):
        read_export(tmp_path)


def test_an_unknown_column_is_refused_and_nothing_is_imported(
    database: Database, other_database_url: URL, tmp_path: Path
) -> None:
    populate(database)
    document = export_document(database, now=NOW)
    document["tables"]["set_logs"][-1]["shoe_size"] = 44
    (tmp_path / JSON_FILE_NAME).write_text(json.dumps(document))
    with open_database(other_database_url) as target:
        with pytest.raises(InputError, match="field 'shoe_size': no such column"):
            import_database(target, tmp_path)
        counts = export_document(target, now=NOW)["tables"]
    assert all(rows == [] for rows in counts.values())


def test_an_sqlite_export_imports_into_postgresql_exactly(
    request: pytest.FixtureRequest, tmp_path: Path
) -> None:
    """Moving from the default SQLite file to a PostgreSQL server loses nothing."""
    if "postgresql" not in selected_backends():
        pytest.fail("this test needs PostgreSQL; GLUTECOACH_TEST_BACKENDS leaves it out")
    server: PostgresServer = request.getfixturevalue("postgres_server")
    with open_database(URL.create("sqlite", database=str(tmp_path / "a.db"))) as source:
        populate(source)
        exported = export_database(source, tmp_path / "export", now=NOW)
    target_url = server.create_database()
    try:
        with open_database(target_url) as target:
            import_database(target, tmp_path / "export")
            again = export_database(target, tmp_path / "again", now=NOW)
    finally:
        server.drop_database(target_url)
    assert again.json_path.read_text() == exported.json_path.read_text()
