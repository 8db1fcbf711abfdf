"""Concurrent writers lose nothing: 20 real processes run ``glutecoach log`` for one runner at
the same moment (released together by a barrier), on SQLite and on PostgreSQL.

Each process records when its write transaction began and when it committed (SQLAlchemy's
engine events, in the process itself), so the test shows the transactions really overlapped
(several were open at once, waiting their turn); all 20 sessions must be stored, every process
must exit 0, and no update may be lost: the decisions each log stored must be exactly those a
sequential replay of the same logs, in the order they committed, gives (each decision saw every
session committed before it).
"""

from __future__ import annotations

import datetime as dt
import json
import multiprocessing
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy.engine import URL

from glutecoach.domain.log import SessionLog
from glutecoach.library.loader import load_library
from glutecoach.services import training
from glutecoach.services.profiles import load_profile
from glutecoach.storage import open_database

REPO = Path(__file__).resolve().parents[2]
PROFILE = REPO / "examples" / "pfp-runner.toml"
WRITERS = 20
SET = "step-down:left reps=10 good=9 pain=1"
TODAY = dt.date.today()
START = TODAY - dt.timedelta(days=40)


def _day(i: int) -> dt.date:
    return START + dt.timedelta(days=i + 1)


def _writer(url: str, index: int, barrier: Any, results: Any) -> None:  # pragma: no cover
    """One process: wait at the barrier, then run the real ``glutecoach log`` command."""
    from sqlalchemy import Engine, event

    from glutecoach.cli.app import main

    spans: list[tuple[float, float]] = []
    opened: dict[int, float] = {}

    @event.listens_for(Engine, "begin")
    def _began(connection: Any) -> None:
        opened[id(connection)] = time.monotonic()

    @event.listens_for(Engine, "commit")
    def _committed(connection: Any) -> None:
        began = opened.pop(id(connection), None)
        if began is not None and connection.info.pop("wrote_log", False):
            spans.append((began, time.monotonic()))

    @event.listens_for(Engine, "before_cursor_execute")
    def _statement(connection: Any, _c: Any, statement: str, *_args: Any) -> None:
        if statement.lstrip().upper().startswith("INSERT INTO SESSION_LOGS"):
            connection.info["wrote_log"] = True

    sys.argv = ["glutecoach", "log", "--date", _day(index).isoformat(), "--set", SET,
                "--database", url]  # fmt: skip
    barrier.wait()
    code = 0
    try:
        main()
    except SystemExit as exc:
        code = int(exc.code or 0)
    results.put((index, code, spans))


def _overlap_peak(spans: list[tuple[float, float]]) -> int:
    """The largest number of write transactions open at one moment."""
    events = sorted([(b, 1) for b, _ in spans] + [(e, -1) for _, e in spans])
    peak = current = 0
    for _, step in events:
        current += step
        peak = max(peak, current)
    return peak


def test_twenty_concurrent_logs_are_all_stored_with_no_lost_update(database_url: URL) -> None:
    library = load_library()
    url = database_url.render_as_string(hide_password=False)
    with open_database(database_url) as db:
        training.create_plan(db, library, load_profile(PROFILE), START)

    context = multiprocessing.get_context("fork")
    barrier = context.Barrier(WRITERS)
    results = context.Queue()
    processes = [
        context.Process(target=_writer, args=(url, i, barrier, results)) for i in range(WRITERS)
    ]
    for process in processes:
        process.start()
    outcomes = [results.get(timeout=240) for _ in processes]
    for process in processes:
        process.join(timeout=60)

    codes = {index: code for index, code, _ in outcomes}
    assert codes == dict.fromkeys(range(WRITERS), 0), codes
    spans = [span for _, _, found in outcomes for span in found]
    assert len(spans) == WRITERS  # each process committed its one log
    peak = _overlap_peak(spans)
    print(f"peak {peak} of {WRITERS} write transactions open at once")
    # Evidence that they ran together: several write transactions were open at the same
    # moment (the later ones waiting for the lock or the runner's row).
    assert peak >= 3, f"only {peak} transaction(s) open at once: the writers did not overlap"

    with open_database(database_url) as db:
        state = training.runner_state(db, library, None)
        with db.unit_of_work(read_only=True) as uow:
            stored_logs = uow.logs.history(state.runner.id)
            commit_order = sorted(stored_logs, key=lambda s: (s.created_at, s.id))
            stored = {
                s.log.date: [d.model_dump(mode="json") for d in _decisions(uow, s.id)]
                for s in stored_logs
            }
    assert sorted(stored) == [_day(i) for i in range(WRITERS)]  # 20 of 20 stored

    # No lost update: replaying the same logs one by one in commit order decides the same.
    replay_url = _replay_database(database_url)
    with open_database(replay_url) as db:
        training.create_plan(db, library, load_profile(PROFILE), START)
        for s in commit_order:
            log = SessionLog(date=s.log.date, sets=s.log.sets)
            outcome = training.log_session(db, library, None, log)
            replayed = [d.model_dump(mode="json") for d in outcome.decisions]
            assert _comparable(replayed) == _comparable(stored[s.log.date]), s.log.date


def _decisions(uow: Any, log_id: str) -> list[Any]:
    return [d.decision for d in uow.decisions.for_session_log(log_id)]


def _comparable(decisions: list[dict[str, Any]]) -> str:
    return json.dumps(sorted(decisions, key=lambda d: d["variation_id"]), sort_keys=True)


def _replay_database(url: URL) -> URL:
    """A second empty database beside ``url`` for the sequential replay."""
    if url.get_backend_name() == "sqlite":
        assert url.database is not None
        return url.set(database=str(Path(url.database).with_name("replay.db")))
    pytest.importorskip("psycopg")
    import psycopg

    name = f"{url.database}_replay"
    admin = url.set(drivername="postgresql").render_as_string(hide_password=False)
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    return url.set(database=name)
