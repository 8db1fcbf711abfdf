"""Pooled PostgreSQL connections the server has ended (a restart, an administrator, an idle
timeout) are found before use and replaced: the next use works, with no error shown."""

from __future__ import annotations

import time

import psycopg

from glutecoach.storage import open_database
from tests.storage.backends import PostgresServer


def _sessions(server: PostgresServer, database: str) -> int:
    with psycopg.connect(server.conninfo(), autocommit=True) as admin:
        row = admin.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = %s", (database,)
        ).fetchone()
    assert row is not None
    return int(row[0])


def test_a_connection_the_server_ended_is_replaced_before_use(
    postgres_server: PostgresServer,
) -> None:
    url = postgres_server.create_database()
    database = open_database(url)
    try:
        with database.unit_of_work() as uow:
            assert uow.runners.list() == ()
        assert url.database is not None
        assert _sessions(postgres_server, url.database) == 1, "one pooled connection at rest"
        with psycopg.connect(postgres_server.conninfo(), autocommit=True) as admin:
            admin.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s",
                (url.database,),
            )
        deadline = time.monotonic() + 30
        while _sessions(postgres_server, url.database) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert _sessions(postgres_server, url.database) == 0, "the server ended the session"
        for _ in range(3):  # the dead one replaced at once, and the new one kept
            with database.unit_of_work(read_only=True) as uow:
                assert uow.runners.list() == ()
        assert _sessions(postgres_server, url.database) == 1
    finally:
        database.dispose()
        postgres_server.drop_database(url)
