"""Every domain type survives a trip through the repositories unchanged; runners stay apart."""

from __future__ import annotations

import datetime as dt

import pytest

from glutecoach.domain.log import SessionLog
from glutecoach.errors import InputError, NotFoundError
from glutecoach.storage import Database
from tests.storage import factories as f


def test_runner_round_trip_and_lookup(database: Database) -> None:
    with database.unit_of_work() as uow:
        added = uow.runners.add(f.profile("Zoë Runner"))
    with database.unit_of_work() as uow:
        loaded = uow.runners.get(added.id)
        assert loaded == added
        assert loaded.profile == f.profile("Zoë Runner")
        assert loaded.slug == "zoe-runner"
        assert uow.runners.find("zoe-runner") == loaded
        assert uow.runners.find("Zoë Runner") == loaded
        assert uow.runners.find(added.id) == loaded
        assert uow.runners.find("nobody") is None
        assert uow.runners.list() == (loaded,)


def test_runner_names_are_unique_and_slugs_stable(database: Database) -> None:
    with database.unit_of_work() as uow:
        first = uow.runners.add(f.profile("Alex Runner"))
        second = uow.runners.add(f.profile("alex  runner!"))
        assert (first.slug, second.slug) == ("alex-runner", "alex-runner-2")
        with pytest.raises(InputError, match="already exists"):
            uow.runners.add(f.profile("Alex Runner"))
    with database.unit_of_work() as uow:
        renamed = uow.runners.update_profile(first.id, f.profile("Alexandra Runner"))
        assert (renamed.id, renamed.slug, renamed.name) == (
            first.id,
            first.slug,
            "Alexandra Runner",
        )
        assert renamed.updated_at > first.updated_at
        assert renamed.created_at == first.created_at
        with pytest.raises(InputError, match="already named"):
            uow.runners.update_profile(second.id, f.profile("Alexandra Runner"))


def test_runner_names_ignore_case(database: Database) -> None:
    with database.unit_of_work() as uow:
        zoe = uow.runners.add(f.profile("Zoë Runner"))
        other = uow.runners.add(f.profile("Ana"))
        assert uow.runners.find("ZOË RUNNER") == zoe  # Unicode case folding, not ASCII only
        assert uow.runners.resolve("ana") == other
        with pytest.raises(InputError, match="a runner named 'Zoë Runner' already exists"):
            uow.runners.add(f.profile("zoë runner"))
        with pytest.raises(InputError, match="already named 'Zoë Runner'"):
            uow.runners.update_profile(other.id, f.profile("ZOË runner"))
        assert uow.runners.update_profile(other.id, f.profile("ANA")).name == "ANA"


def test_timestamps_are_utc_and_in_write_order(database: Database) -> None:
    with database.unit_of_work() as uow:
        runner = uow.runners.add(f.profile())
        logs = [uow.logs.add(runner.id, f.session_log(f.START, n_sets=1)) for _ in range(5)]
    stamps = [log.created_at for log in logs]
    assert all(s.tzinfo is dt.UTC for s in stamps)
    assert stamps == sorted(stamps)
    assert len(set(stamps)) == 5
    with database.unit_of_work() as uow:
        assert [s.id for s in uow.logs.history(runner.id)] == [log.id for log in logs]
        assert all(s.created_at.tzinfo is dt.UTC for s in uow.logs.history(runner.id))


def test_plan_round_trip(database: Database) -> None:
    plan = f.plan()
    with database.unit_of_work() as uow:
        runner = uow.runners.add(f.profile())
        stored = uow.plans.add(runner.id, plan)
    assert stored.plan == plan
    with database.unit_of_work() as uow:
        assert uow.plans.get(stored.id).plan == plan
        assert uow.plans.get(stored.id, runner_id=runner.id) == stored
        newer = uow.plans.add(runner.id, f.plan(weeks=3))
        assert uow.plans.latest(runner.id) == newer
        assert uow.plans.list_for(runner.id) == (stored, newer)


def test_plan_must_be_for_the_runner(database: Database) -> None:
    with database.unit_of_work() as uow:
        runner = uow.runners.add(f.profile("Alex Runner"))
        with pytest.raises(InputError, match="only for the runner"):
            uow.plans.add(runner.id, f.plan(runner="Sam Runner"))
        assert uow.plans.latest(runner.id) is None


def test_session_log_round_trip_with_reps_and_holds(database: Database) -> None:
    log = f.session_log()
    with database.unit_of_work() as uow:
        runner = uow.runners.add(f.profile())
        plan = uow.plans.add(runner.id, f.plan())
        stored = uow.logs.add(runner.id, log, plan_id=plan.id)
    assert stored.log == log
    assert stored.plan_id == plan.id
    assert stored.updated_at is None
    with database.unit_of_work() as uow:
        loaded = uow.logs.get(stored.id, runner_id=runner.id)
    assert loaded == stored
    assert loaded.log.sets == log.sets
    assert loaded.log.sets[0].load_kg == 2.5
    assert loaded.log.sets[0].rpe == 7.5


def test_missed_session_round_trip(database: Database) -> None:
    missed = SessionLog(date=f.START, planned_ref=f.START.isoformat(), notes="ill")
    with database.unit_of_work() as uow:
        runner = uow.runners.add(f.profile())
        stored = uow.logs.add(runner.id, missed)
    with database.unit_of_work() as uow:
        loaded = uow.logs.get(stored.id)
    assert loaded.log == missed
    assert loaded.log.missed


def test_next_morning_pain_is_entered_later(database: Database) -> None:
    with database.unit_of_work() as uow:
        runner = uow.runners.add(f.profile())
        stored = uow.logs.add(runner.id, f.session_log())
    with database.unit_of_work() as uow:
        updated = uow.logs.set_next_morning_pain(stored.id, 4, runner_id=runner.id)
    assert updated.log == stored.log.with_next_morning_pain(4)
    assert updated.updated_at is not None
    assert updated.updated_at > stored.created_at
    with pytest.raises(InputError, match="next-morning pain"), database.unit_of_work() as uow:
        uow.logs.set_next_morning_pain(stored.id, 11)
    with database.unit_of_work() as uow:
        assert uow.logs.get(stored.id).log.next_morning_pain == 4


def test_history_filters_by_date_and_plan(database: Database) -> None:
    days = [f.START + dt.timedelta(days=d) for d in (7, 0, 3)]
    with database.unit_of_work() as uow:
        runner = uow.runners.add(f.profile())
        plan = uow.plans.add(runner.id, f.plan())
        for day in days:
            uow.logs.add(runner.id, f.session_log(day, n_sets=2), plan_id=plan.id)
        uow.logs.add(runner.id, f.session_log(f.START + dt.timedelta(days=1), n_sets=1))
    with database.unit_of_work() as uow:
        dates = [s.log.date for s in uow.logs.history(runner.id)]
        assert dates == sorted(dates)
        assert len(dates) == 4
        window = uow.logs.history(runner.id, since=f.START + dt.timedelta(days=1), until=days[2])
        assert [s.log.date.day for s in window] == [3, 5]
        assert len(uow.logs.history(runner.id, plan_id=plan.id)) == 3
        latest = uow.logs.latest(runner.id)
        assert latest is not None
        assert latest.log.date == days[0]


def test_decision_round_trip(database: Database) -> None:
    decision = f.decision()
    with database.unit_of_work() as uow:
        runner = uow.runners.add(f.profile())
        log = uow.logs.add(runner.id, f.session_log())
        stored = uow.decisions.add(runner.id, decision, session_log_id=log.id)
        plank = uow.decisions.add(runner.id, f.decision(variation_id="side-plank-knees"))
        later = uow.decisions.add(runner.id, f.decision(f.START + dt.timedelta(days=3)))
    assert stored.decision == decision
    with database.unit_of_work() as uow:
        assert uow.decisions.for_session_log(log.id) == (stored,)
        assert uow.decisions.history(runner.id) == (stored, plank, later)
        assert uow.decisions.history(runner.id, "clam-band") == (stored, later)
        latest = uow.decisions.latest_by_variation(runner.id)
        assert latest == {"clam-band": later, "side-plank-knees": plank}


def test_unknown_ids_are_not_found(database: Database) -> None:
    with database.unit_of_work() as uow:
        with pytest.raises(NotFoundError, match="no runner"):
            uow.runners.get("missing")
        with pytest.raises(NotFoundError, match="runners: none yet"):
            uow.runners.resolve("alex")
        with pytest.raises(NotFoundError):
            uow.plans.get("missing")
        with pytest.raises(NotFoundError):
            uow.logs.get("missing")
        with pytest.raises(NotFoundError):
            uow.logs.add("missing", f.session_log())


def _fill(database: Database, name: str) -> dict[str, str]:
    with database.unit_of_work() as uow:
        runner = uow.runners.add(f.profile(name))
        plan = uow.plans.add(runner.id, f.plan(runner=name))
        log = uow.logs.add(runner.id, f.session_log(notes=name), plan_id=plan.id)
        uow.decisions.add(runner.id, f.decision(), session_log_id=log.id)
    return {"runner": runner.id, "plan": plan.id, "log": log.id}


def test_two_runners_never_mix(database: Database) -> None:
    a = _fill(database, "Alex Runner")
    b = _fill(database, "Sam Runner")
    with database.unit_of_work() as uow:
        for ids, name in ((a, "Alex Runner"), (b, "Sam Runner")):
            assert [s.log.notes for s in uow.logs.history(ids["runner"])] == [name]
            assert [p.id for p in uow.plans.list_for(ids["runner"])] == [ids["plan"]]
            assert [d.session_log_id for d in uow.decisions.history(ids["runner"])] == [ids["log"]]
        with pytest.raises(NotFoundError):
            uow.logs.get(a["log"], runner_id=b["runner"])
        with pytest.raises(NotFoundError):
            uow.plans.get(a["plan"], runner_id=b["runner"])
        with pytest.raises(NotFoundError, match="no plan"):
            uow.logs.add(b["runner"], f.session_log(), plan_id=a["plan"])
        with pytest.raises(NotFoundError, match="no session log"):
            uow.decisions.add(b["runner"], f.decision(), session_log_id=a["log"])
        with pytest.raises(NotFoundError):
            uow.logs.set_next_morning_pain(a["log"], 2, runner_id=b["runner"])


def test_removing_a_runner_removes_only_their_data(database: Database) -> None:
    a = _fill(database, "Alex Runner")
    b = _fill(database, "Sam Runner")
    with database.unit_of_work() as uow:
        uow.runners.remove(a["runner"])
    with database.unit_of_work() as uow:
        assert [r.id for r in uow.runners.list()] == [b["runner"]]
        assert len(uow.logs.history(b["runner"])) == 1
        assert len(uow.decisions.history(b["runner"])) == 1
        with pytest.raises(NotFoundError):
            uow.logs.get(a["log"])
