"""The training log's histories as the log use case reads them (plain rows, no ORM objects), on
SQLite and PostgreSQL: every field of every set comes back, the band included; a plan's
decisions are only those decided from that plan's logs; links to another runner's log or plan
are refused."""

from __future__ import annotations

import datetime as dt

import pytest

from glutecoach.domain.log import SessionLog, SetLog, Side
from glutecoach.domain.vocabulary import BandResistance
from glutecoach.errors import NotFoundError
from glutecoach.storage import Database
from tests.storage import factories as f


def test_history_reads_back_every_set_field_with_its_band(database: Database) -> None:
    band_sets = tuple(
        SetLog(variation_id="clam-band", side=side, reps_done=12, good_form_reps=11,
               pain_during=0, band=band)
        for side, band in ((Side.LEFT, BandResistance.EXTRA_LIGHT), (Side.RIGHT, None))
    )  # fmt: skip
    logs = [
        f.session_log(f.START),
        SessionLog(date=f.START + dt.timedelta(days=2), sets=band_sets, pain_before=0),
        SessionLog(date=f.START + dt.timedelta(days=4), notes="missed"),
    ]
    with database.unit_of_work() as uow:
        runner = uow.runners.add(f.profile())
        plan = uow.plans.add(runner.id, f.plan())
        stored = [uow.logs.add(runner.id, log, plan_id=plan.id) for log in logs]
    with database.unit_of_work(read_only=True) as uow:
        history = uow.logs.history(runner.id, plan_id=plan.id)
        assert [s.log for s in history] == logs
        assert history == tuple(uow.logs.get(s.id) for s in stored)
        assert history[1].log.sets[0].band is BandResistance.EXTRA_LIGHT
        assert history[1].log.sets[1].band is None
        assert uow.logs.history(runner.id, since=f.START + dt.timedelta(days=1)) == history[1:]
        assert uow.logs.history(runner.id, until=f.START) == history[:1]


def test_decisions_of_a_plan_are_those_of_its_logs(database: Database) -> None:
    with database.unit_of_work() as uow:
        runner = uow.runners.add(f.profile())
        old = uow.plans.add(runner.id, f.plan())
        new = uow.plans.add(runner.id, f.plan())
        first = uow.logs.add(runner.id, f.session_log(f.START), plan_id=old.id)
        second = uow.logs.add(runner.id, f.session_log(f.START + dt.timedelta(days=7)), new.id)
        kept_old = uow.decisions.add_all(runner.id, (f.decision(), f.decision()), first.id)
        kept_new = uow.decisions.add(runner.id, f.decision(), session_log_id=second.id)
        uow.decisions.add(runner.id, f.decision())  # decided from no log
    with database.unit_of_work(read_only=True) as uow:
        assert uow.decisions.history(runner.id, plan_id=old.id) == kept_old
        assert uow.decisions.history(runner.id, plan_id=new.id) == (kept_new,)
        assert len(uow.decisions.history(runner.id)) == 4
        assert uow.decisions.for_session_log(first.id) == kept_old


def test_links_to_another_runners_log_or_plan_are_refused(database: Database) -> None:
    with database.unit_of_work() as uow:
        alex = uow.runners.add(f.profile("Alex Runner"))
        sam = uow.runners.add(f.profile("Sam Runner"))
        plan = uow.plans.add(sam.id, f.plan(runner="Sam Runner"))
        log = uow.logs.add(sam.id, f.session_log(), plan_id=plan.id)
    with database.unit_of_work() as uow, pytest.raises(NotFoundError, match="no plan"):
        uow.logs.add(alex.id, f.session_log(), plan_id=plan.id)
    with database.unit_of_work() as uow, pytest.raises(NotFoundError, match="no session log"):
        uow.decisions.add(alex.id, f.decision(), session_log_id=log.id)


def test_a_log_changed_after_it_was_read_is_read_again(database: Database) -> None:
    """Histories keep parsed logs between units of work (``parsed_cache.py``): a log changed
    since (next-morning pain entered, sets added) comes back changed, an unchanged one equal."""
    with database.unit_of_work() as uow:
        runner = uow.runners.add(f.profile())
        plan = uow.plans.add(runner.id, f.plan())
        first = uow.logs.add(runner.id, f.session_log(f.START), plan_id=plan.id)
        second = uow.logs.add(runner.id, f.session_log(f.START + dt.timedelta(days=2)), plan.id)
    with database.unit_of_work(read_only=True) as uow:
        before = uow.logs.history(runner.id, plan_id=plan.id)
    with database.unit_of_work() as uow:
        uow.logs.set_next_morning_pain(first.id, 4, runner_id=runner.id)
        uow.logs.add_sets(second.id, (f.hold_set(),), runner_id=runner.id)
    with database.unit_of_work(read_only=True) as uow:
        after = uow.logs.history(runner.id, plan_id=plan.id)
        assert after == tuple(uow.logs.get(s.id) for s in before)
    assert before[0].log.next_morning_pain is None
    assert after[0].log.next_morning_pain == 4
    assert len(after[1].log.sets) == len(before[1].log.sets) + 1
    assert after[0].updated_at is not None
