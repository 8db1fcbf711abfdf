"""Draft sets of a guided session (storage/accounts.py), on SQLite and PostgreSQL: each tap
stored once in the order tapped, a repeated tap (also two at the same moment) storing nothing,
and the unfinished sessions read by day in one go."""

from __future__ import annotations

import datetime as dt
import threading

from glutecoach.services.profiles import load_profile
from glutecoach.storage import Database
from tests.conftest import EXAMPLES

DAY = dt.date(2026, 11, 24)


def _runner(database: Database, name: str = "Alex") -> str:
    profile = load_profile(EXAMPLES / "pfp-runner.toml").model_copy(update={"name": name})
    with database.unit_of_work() as uow:
        return uow.runners.add(profile).id


def _tap(database: Database, runner_id: str, day: dt.date, key: str) -> bool:
    with database.unit_of_work() as uow:
        return uow.accounts.add_draft_set(runner_id, day, key, {"key": key})


def test_taps_are_kept_in_order_and_a_repeated_tap_stores_nothing(database: Database) -> None:
    runner_id = _runner(database)
    other_id = _runner(database, "Other runner")
    assert [_tap(database, runner_id, DAY, k) for k in ("a", "b", "a", "c")] == [
        True,
        True,
        False,
        True,
    ]
    assert _tap(database, other_id, DAY, "a"), "another runner's key is theirs"
    later = DAY + dt.timedelta(days=2)
    assert _tap(database, runner_id, later, "d")
    with database.unit_of_work(read_only=True) as uow:
        drafts = uow.accounts.unfinished_drafts(runner_id)
        that_day = uow.accounts.draft_sets(runner_id, DAY)
        nothing = uow.accounts.draft_sets(runner_id, DAY + dt.timedelta(days=1))
    assert list(drafts) == [DAY, later]
    assert [(d.position, d.set_log["key"]) for d in drafts[DAY]] == [(0, "a"), (1, "b"), (2, "c")]
    assert [(d.position, d.set_log["key"]) for d in drafts[later]] == [(0, "d")]
    assert that_day == drafts[DAY]
    assert nothing == ()


def test_the_same_tap_sent_at_once_from_two_places_is_stored_once(database: Database) -> None:
    runner_id = _runner(database)
    start = threading.Barrier(4)
    answers: list[bool] = []
    lock = threading.Lock()

    def tap() -> None:
        start.wait()
        stored = _tap(database, runner_id, DAY, "same")
        with lock:
            answers.append(stored)

    threads = [threading.Thread(target=tap) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(answers) == [False, False, False, True]
    with database.unit_of_work(read_only=True) as uow:
        assert len(uow.accounts.draft_sets(runner_id, DAY)) == 1
