"""Migrations build the models' schema from nothing, and upgrade a populated older schema
without losing a row."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Engine, insert, inspect, text
from sqlalchemy.engine import URL

from glutecoach.domain.log import SessionLog
from glutecoach.errors import StorageError
from glutecoach.storage import open_database, upgrade_to_head
from glutecoach.storage.engine import create_database_engine
from glutecoach.storage.schema import current_revision, head_revision, known_revisions, upgrade
from glutecoach.storage.tables import Base
from tests.storage import factories as f

TABLES = {"runners", "plans", "planned_sessions", "session_logs", "set_logs", "decisions"}
CREATED = dt.datetime(2026, 3, 2, 18, 30, 15, 123456, tzinfo=dt.UTC)


@pytest.fixture
def engine(database_url: URL) -> Iterator[Engine]:
    created = create_database_engine(database_url)
    try:
        yield created
    finally:
        created.dispose()


def test_revisions_are_a_single_line() -> None:
    assert known_revisions() == (
        "0001", "0002", "0003", "0004", "0005", "0006", "s10_band_logged"
    )  # fmt: skip
    assert head_revision() == "s10_band_logged"


def test_empty_database_to_head_matches_the_models(engine: Engine) -> None:
    assert current_revision(engine) is None
    assert upgrade_to_head(engine) == head_revision()
    assert current_revision(engine) == head_revision()
    assert set(inspect(engine).get_table_names()) >= TABLES
    with engine.connect() as connection:
        assert compare_metadata(MigrationContext.configure(connection), Base.metadata) == []
    assert upgrade_to_head(engine) == head_revision()  # a second call changes nothing


def _populate_at_0001(engine: Engine) -> None:
    """Rows written the way revision 0001 stored them (no session_logs.updated_at)."""
    plan = f.plan()
    tables = Base.metadata.tables
    with engine.begin() as connection:
        connection.execute(
            insert(tables["runners"]),
            [
                {
                    "id": "r-1",
                    "slug": "alex-runner",
                    "name": "Alex Runner",
                    "profile": f.profile().model_dump(mode="json"),
                    "created_at": CREATED,
                    "updated_at": CREATED,
                }
            ],
        )
        connection.execute(
            insert(tables["plans"]),
            [
                {
                    "id": "p-1",
                    "runner_id": "r-1",
                    "start_date": plan.start_date,
                    "weeks": plan.weeks,
                    "running_week": plan.running_week.model_dump(mode="json"),
                    "strength_weekdays": list(plan.strength_weekdays),
                    "notes": list(plan.notes),
                    "params": plan.parameters,
                    "algorithm_version": plan.algorithm_version,
                    "created_at": CREATED,
                }
            ],
        )
        connection.execute(
            insert(tables["planned_sessions"]),
            [
                {
                    "plan_id": "p-1",
                    "position": i,
                    "date": s.date,
                    "week_index": s.week_index,
                    "kind": s.kind.value,
                    "warm_up": list(s.warm_up),
                    "prescriptions": [p.model_dump(mode="json") for p in s.prescriptions],
                    "minutes_planned": s.minutes_planned,
                    "notes": list(s.notes),
                }
                for i, s in enumerate(plan.sessions)
            ],
        )
        log = f.session_log(n_sets=2)
        connection.execute(
            insert(tables["session_logs"]),
            [
                {
                    "id": "l-1",
                    "runner_id": "r-1",
                    "plan_id": "p-1",
                    "date": log.date,
                    "planned_ref": log.planned_ref,
                    "pain_before": log.pain_before,
                    "next_morning_pain": 2,
                    "notes": log.notes,
                    "created_at": CREATED,
                }
            ],
        )
        connection.execute(
            insert(tables["set_logs"]),
            [
                {
                    "session_log_id": "l-1",
                    "position": i,
                    **s.model_dump(mode="json", exclude={"band"}),
                }
                for i, s in enumerate(log.sets)
            ],
        )


def _without_band(log: SessionLog) -> SessionLog:
    """The log as revision 0001 could hold it: sets named no band (``set_logs.band`` came with
    revision s10_band_logged)."""
    sets = tuple(s.model_copy(update={"band": None}) for s in log.sets)
    return log.model_copy(update={"sets": sets})


def test_upgrading_a_populated_first_revision_keeps_every_row(engine: Engine) -> None:
    upgrade(engine, "0001")
    assert "updated_at" not in {c["name"] for c in inspect(engine).get_columns("session_logs")}
    _populate_at_0001(engine)
    upgrade_to_head(engine)
    inspector = inspect(engine)
    assert "updated_at" in {c["name"] for c in inspector.get_columns("session_logs")}
    assert "ix_set_logs_variation_id" in {i["name"] for i in inspector.get_indexes("set_logs")}
    assert "band" in {c["name"] for c in inspector.get_columns("set_logs")}
    with open_database(engine.url) as database, database.unit_of_work() as uow:
        runner = uow.runners.resolve("alex-runner")
        assert runner.profile == f.profile()
        assert runner.created_at == CREATED
        assert uow.plans.get("p-1").plan == f.plan()
        stored = uow.logs.get("l-1", runner_id=runner.id)
        assert stored.log == _without_band(f.session_log(n_sets=2)).with_next_morning_pain(2)
        assert stored.updated_at is None
        uow.logs.set_next_morning_pain("l-1", 1)
    with engine.connect() as connection:
        assert connection.execute(text("SELECT COUNT(*) FROM set_logs")).scalar_one() == 3


def test_a_database_with_todays_main_schema_migrates_and_keeps_its_decisions(
    engine: Engine,
) -> None:
    """Revision 0003 is the schema of main before sides and rule versions: its plans carry no
    cautions and its decisions no rule version. After the upgrade every row reads back, the
    plan has no cautions, and each old decision records the rule (version 1) that made it."""
    upgrade(engine, "0003")
    _populate_at_0001(engine)
    old = f.decision()
    with engine.begin() as connection:
        connection.execute(
            insert(Base.metadata.tables["decisions"]),
            [
                {
                    "id": "d-1",
                    "runner_id": "r-1",
                    "session_log_id": "l-1",
                    "variation_id": old.variation_id,
                    "action": old.action.value,
                    "rule": old.rule,
                    "reason": old.reason,
                    "previous_prescription": old.previous.model_dump(mode="json"),
                    "new_prescription": old.prescription.model_dump(
                        mode="json", exclude={"side", "rested"}
                    ),
                    "guideline": old.guideline,
                    "reference_keys": list(old.references),
                    "decided_on": old.decided_on,
                    "algorithm_version": "progression-1.0",
                    "created_at": CREATED,
                }
            ],
        )
    assert upgrade_to_head(engine) == head_revision()
    with open_database(engine.url) as database, database.unit_of_work() as uow:
        runner = uow.runners.resolve("alex-runner")
        plan = uow.plans.get("p-1").plan
        assert plan == f.plan()
        assert plan.cautions == ()
        (stored,) = uow.decisions.history(runner.id)
        assert stored.decision.rule_version == "double-progression@1"
        assert stored.decision.algorithm_version == "progression-1.0"
        assert not stored.decision.prescription.rested
        new = old.model_copy(update={"rule_version": "double-progression@1"})
        uow.decisions.add(runner.id, new, session_log_id="l-1")
    with engine.connect() as connection:
        versions = connection.execute(text("SELECT rule_version FROM decisions")).scalars()
        assert sorted(versions) == ["double-progression@1", "double-progression@1"]


def test_a_database_from_a_newer_glutecoach_is_refused(engine: Engine) -> None:
    upgrade_to_head(engine)
    with engine.begin() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = '9999'"))
    with pytest.raises(StorageError, match="newer glutecoach"):
        upgrade_to_head(engine)


def test_open_database_migrates_on_first_use(database_url: URL) -> None:
    with open_database(database_url) as database:
        assert current_revision(database.engine) == head_revision()
    with open_database(database_url, migrate=False) as database:
        assert current_revision(database.engine) == head_revision()
