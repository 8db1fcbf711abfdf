"""Load run of the web app on PostgreSQL: N concurrent runners (50 by default) each open
today's guided session page and log its sets one tap at a time, with a think time between
actions as a person has (locust-style "between(1, 3)" seconds), while the app's trivial health
endpoint is timed in the same run as the reference.

    GLUTECOACH_PG_DIR=/tmp/pg-bench .venv/bin/python benchmarks/bench_web_load.py \
        [--runners 50] [--duration 60] [--max-requests 6000] [--write docs/benchmarks.md]

Loopback only and bounded: the run stops after ``--duration`` seconds or ``--max-requests``
requests, whichever comes first. The server is ``glutecoach serve`` in its own process, on a
fresh database of a throwaway PostgreSQL server (``scripts/postgres.sh``, or
``--database URL`` for one you have). Setup (sign-up, onboarding) is not timed.

Targets (issue 17): the p95 of a set log and of the page are within 5x the health endpoint's
p95 of the same run and under 250 ms; no errors; every set stored.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import re
import socket
import subprocess
import sys
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import psycopg
from sqlalchemy.engine import URL, make_url

sys.path.insert(0, str(Path(__file__).parent))
from record import command_line, machine, write_section

REPO = Path(__file__).resolve().parents[1]
SECTION = "## Web app under load"
RATIO_LIMIT = 5.0
ABSOLUTE_LIMIT_MS = 250.0
CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')
PROFILE = {
    "strength_experience": "novice",
    "weekly_running_km": 30,
    "minutes_per_session": 25,
    "goal": "prevention",
    "running": {"tuesday": "easy", "thursday": "intervals", "sunday": "long-run"},
}


@dataclass
class Timings:
    ms: dict[str, list[float]] = field(
        default_factory=lambda: {"health": [], "page": [], "set": []}
    )
    errors: list[str] = field(default_factory=list)
    stored: int = 0
    requests: int = 0


def _p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[int(0.95 * (len(ordered) - 1))] if ordered else float("nan")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _fresh_database(url: str | None) -> tuple[URL, URL]:
    """(admin URL of the server, URL of a new empty database on it)."""
    if url is None:
        done = subprocess.run(
            ["bash", str(REPO / "scripts" / "postgres.sh"), "start"],
            capture_output=True,
            text=True,
            check=True,
        )
        url = done.stdout.strip().splitlines()[-1]
    admin = make_url(url)
    name = f"gc_load_{uuid.uuid4().hex[:12]}"
    conninfo = admin.set(drivername="postgresql").render_as_string(hide_password=False)
    with psycopg.connect(conninfo, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    return admin, admin.set(database=name)


def _drop(admin: URL, database: URL) -> None:
    conninfo = admin.set(drivername="postgresql").render_as_string(hide_password=False)
    with psycopg.connect(conninfo, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{database.database}" WITH (FORCE)')


def _serve(database: URL, port: int) -> subprocess.Popen[bytes]:
    env = {**os.environ, "GLUTECOACH_SECRET_KEY": uuid.uuid4().hex * 2}
    server = subprocess.Popen(
        [
            str(REPO / ".venv" / "bin" / "glutecoach"),
            "serve",
            "--port",
            str(port),
            "--database",
            database.render_as_string(hide_password=False),
        ],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/api/health", timeout=2).status_code == 200:
                return server
        except httpx.TransportError:
            time.sleep(0.3)
    server.terminate()
    raise SystemExit("the server did not start")


@dataclass
class Runner:
    client: httpx.AsyncClient
    runner_id: str
    day: str
    steps: list[str]


async def _sign_up(base: str, number: int) -> Runner:
    client = httpx.AsyncClient(base_url=base, timeout=60)
    token = CSRF.search((await client.get("/sign-up")).text)
    assert token
    email = f"load-{number}@example.org"
    await client.post(
        "/sign-up",
        data={
            "csrf_token": token.group(1),
            "email": email,
            "password": "load test password",
            "timezone": "UTC",
        },
    )
    csrf = CSRF.search((await client.get("/account")).text)
    assert csrf
    headers = {"X-CSRF-Token": csrf.group(1)}
    made = await client.put(
        "/api/me/profile", json={**PROFILE, "name": f"Load runner {number}"}, headers=headers
    )
    made.raise_for_status()
    runner_id = (await client.get("/api/me")).json()["runner_id"]
    plan = (await client.get(f"/api/runners/{runner_id}/plan")).json()
    day = plan["sessions"][0]["date"]
    today = (await client.get(f"/api/runners/{runner_id}/today", params={"day": day})).json()
    client.headers.update(headers)
    return Runner(client, runner_id, day, [s["key"] for s in today["steps"]])


async def _timed(
    timings: Timings, kind: str, request: asyncio.Future[httpx.Response] | object
) -> httpx.Response | None:
    start = time.perf_counter()
    try:
        response = await request  # type: ignore[misc]
    except httpx.HTTPError as exc:
        timings.errors.append(f"{kind}: {exc!r}")
        return None
    timings.ms[kind].append((time.perf_counter() - start) * 1000)
    timings.requests += 1
    if response.status_code >= 400:
        timings.errors.append(f"{kind}: HTTP {response.status_code}")
    return response


async def _act(
    runner: Runner, timings: Timings, stop_at: float, max_requests: int, rng: random.Random
) -> None:
    """One runner: page, set, health in turn, with 1-3 s of thinking between actions."""
    await asyncio.sleep(rng.uniform(0, 3))
    while runner.steps and time.monotonic() < stop_at and timings.requests < max_requests:
        await _timed(timings, "page", runner.client.get("/today", params={"day": runner.day}))
        await asyncio.sleep(rng.uniform(1, 3))
        step = runner.steps.pop(0)
        logged = await _timed(
            timings,
            "set",
            runner.client.post(
                f"/api/runners/{runner.runner_id}/sets", json={"day": runner.day, "step": step}
            ),
        )
        if logged is not None and logged.status_code == 200 and logged.json()["stored"]:
            timings.stored += 1
        await _timed(timings, "health", runner.client.get("/api/health"))
        await asyncio.sleep(rng.uniform(1, 3))


async def _run(
    base: str, runners: int, duration_s: float, max_requests: int, first: int = 0
) -> tuple[Timings, int, float]:
    """``first``: the number of the first runner to sign up (a second run on the same server
    signs up new runners)."""
    group = [await _sign_up(base, n) for n in range(first, first + runners)]
    timings = Timings()
    started = time.monotonic()
    rng = random.Random(17)
    await asyncio.gather(
        *(
            _act(r, timings, started + duration_s, max_requests, random.Random(rng.random()))
            for r in group
        )
    )
    elapsed = time.monotonic() - started
    return timings, await _count_stored(group), elapsed


async def _count_stored(group: list[Runner]) -> int:
    total = 0
    for runner in group:
        today = (
            await runner.client.get(
                f"/api/runners/{runner.runner_id}/today", params={"day": runner.day}
            )
        ).json()
        total += sum(1 for s in today["steps"] if s["logged"])
        await runner.client.aclose()
    return total


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runners", type=int, default=50)
    parser.add_argument("--duration", type=float, default=60.0, help="seconds, at most")
    parser.add_argument("--max-requests", type=int, default=6000)
    parser.add_argument("--database", help="a PostgreSQL server URL allowed to CREATE DATABASE")
    parser.add_argument("--write", type=Path, help="replace the section in this Markdown file")
    args = parser.parse_args()

    admin, database = _fresh_database(args.database)
    port = _free_port()
    server = _serve(database, port)
    try:
        timings, in_database, elapsed = asyncio.run(
            _run(f"http://127.0.0.1:{port}", args.runners, args.duration, args.max_requests)
        )
    finally:
        server.terminate()
        server.wait(timeout=30)
        _drop(admin, database)
    health, page, log = (_p95(timings.ms[k]) for k in ("health", "page", "set"))
    ok_page = page <= RATIO_LIMIT * health and page < ABSOLUTE_LIMIT_MS
    ok_set = log <= RATIO_LIMIT * health and log < ABSOLUTE_LIMIT_MS
    load = os.getloadavg()[0]
    lines = [
        SECTION,
        "",
        f"{args.runners} runners at once on PostgreSQL, each opening today's guided session page "
        "and logging its sets one tap at a time (1-3 s of thinking between actions), against "
        "`glutecoach serve` (one uvicorn process) on loopback; the health endpoint is timed in "
        "the same run as the reference.",
        "",
        f"- command: `{command_line('benchmarks/bench_web_load.py')}`",
        f"- machine: {machine()}; load average {load:.1f} at the end (other work on the machine "
        "slows every row)",
        f"- run: {elapsed:.0f} s, {timings.requests} requests "
        f"({timings.requests / elapsed:.1f} per second)",
        f"- health p95: {health:.1f} ms ({len(timings.ms['health'])} requests)",
        f"- today's page p95: {page:.1f} ms ({len(timings.ms['page'])} requests); "
        f"{page / health:.1f}x health",
        f"- set log p95: {log:.1f} ms ({len(timings.ms['set'])} requests); "
        f"{log / health:.1f}x health",
        f"- errors: {len(timings.errors)}; sets acknowledged {timings.stored}, "
        f"stored {in_database}",
        f"- targets: p95 within {RATIO_LIMIT:g}x health and under {ABSOLUTE_LIMIT_MS:g} ms: "
        f"page {'met' if ok_page else 'NOT met'}, set log {'met' if ok_set else 'NOT met'}; "
        f"every set stored: {'yes' if in_database == timings.stored else 'NO'}",
    ]
    if timings.errors:
        lines.append(f"- first errors: {timings.errors[:5]}")
    text = "\n".join(lines)
    print(text)
    if args.write:
        write_section(args.write, SECTION, text)


if __name__ == "__main__":
    main()
