"""Time logging one session on SQLite: one transaction writing the session, ~10 sets and the
progression decisions for its exercises, committed to a WAL-mode file with full sync.

    .venv/bin/python benchmarks/bench_storage.py [--runs 300] [--sets 10] \
        [--write docs/benchmarks.md]

Prints the command, the machine and the numbers; with ``--write`` it also replaces the
"## Storage" section of that Markdown file (creating the file or section if missing). The
target (issue 3) is a median under 50 ms.
"""

from __future__ import annotations

import argparse
import datetime as dt
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path

from glutecoach.domain.log import SessionLog, SetLog, Side
from glutecoach.domain.plan import Prescription
from glutecoach.domain.profile import RunnerProfile
from glutecoach.domain.vocabulary import Experience
from glutecoach.planning.progression import Action, Decision
from glutecoach.storage import open_database

sys.path.insert(0, str(Path(__file__).parent))
from record import command_line, machine, write_section

TARGET_MS = 50.0
SECTION = "## Storage"


def session(day: dt.date, n_sets: int) -> SessionLog:
    exercises = ("clam-band", "side-plank-knees", "single-leg-squat-box")
    sets = tuple(
        SetLog(
            variation_id=exercises[i % len(exercises)],
            side=Side.LEFT if i % 2 == 0 else Side.RIGHT,
            reps_done=10,
            good_form_reps=9,
            load_kg=2.5,
            rpe=7.0,
            pain_during=1,
        )
        for i in range(n_sets)
    )
    return SessionLog(date=day, planned_ref=day.isoformat(), sets=sets, pain_before=0)


def decisions(day: dt.date, log: SessionLog) -> list[Decision]:
    out = []
    for variation_id in log.variation_ids():
        before = Prescription(
            variation_id=variation_id,
            sets=3,
            reps=(8, 12),
            target_reps=9,
            rest_s=45,
            per_side=True,
            reason="previous",
        )
        after = before.model_copy(update={"target_reps": 10, "reason": "one more rep"})
        out.append(
            Decision(
                variation_id=variation_id,
                action=Action.PROGRESS,
                rule="double-progression",
                reason="All sets reached the target with good form.",
                prescription=after,
                previous=before,
                decided_on=day,
            )
        )
    return out


def measure(runs: int, n_sets: int) -> list[float]:
    """Milliseconds for each of ``runs`` logged sessions (after 10 unmeasured warm-up ones)."""
    with tempfile.TemporaryDirectory() as folder:
        database = open_database(f"sqlite:///{folder}/bench.db")
        try:
            with database.unit_of_work() as uow:
                runner = uow.runners.add(
                    RunnerProfile(
                        name="Bench Runner",
                        strength_experience=Experience.NOVICE,
                        weekly_running_km=30,
                        minutes_per_session=20,
                    )
                )
            timings = []
            start = dt.date(2026, 1, 5)
            for i in range(runs + 10):
                day = start + dt.timedelta(days=i)
                log = session(day, n_sets)
                made = decisions(day, log)
                t0 = time.perf_counter()
                with database.unit_of_work() as uow:
                    stored = uow.logs.add(runner.id, log)
                    for decision in made:
                        uow.decisions.add(runner.id, decision, session_log_id=stored.id)
                elapsed_ms = (time.perf_counter() - t0) * 1000
                if i >= 10:
                    timings.append(elapsed_ms)
            return timings
        finally:
            database.dispose()


def report(command: str, timings: list[float], n_sets: int) -> str:
    ordered = sorted(timings)
    p90 = ordered[int(0.9 * (len(ordered) - 1))]
    median = statistics.median(ordered)
    verdict = "meets" if median < TARGET_MS else "MISSES"
    return "\n".join(
        [
            SECTION,
            "",
            f"Logging one session ({n_sets} sets, 3 exercises, one progression decision each) in "
            "one transaction on SQLite (WAL, synchronous=FULL), from the domain values to the "
            "commit.",
            "",
            f"- command: `{command}`",
            f"- machine: {machine()}",
            f"- Python {platform.python_version()}, SQLite {sqlite_version()}",
            f"- runs: {len(ordered)} (after 10 warm-up runs)",
            f"- median: {median:.2f} ms; p90: {p90:.2f} ms; min: {ordered[0]:.2f} ms; "
            f"max: {ordered[-1]:.2f} ms",
            f"- target: median < {TARGET_MS:g} ms: {verdict} it",
            "",
        ]
    )


def sqlite_version() -> str:
    import sqlite3

    return sqlite3.sqlite_version


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--runs", type=int, default=300)
    parser.add_argument("--sets", type=int, default=10)
    parser.add_argument("--write", type=Path, help="Markdown file to record the results in")
    args = parser.parse_args(argv)
    command = command_line("benchmarks/bench_storage.py")
    timings = measure(args.runs, args.sets)
    text = report(command, timings, args.sets)
    print(text)
    if args.write is not None:
        write_section(args.write, SECTION, text)
    return 0 if statistics.median(timings) < TARGET_MS else 1


if __name__ == "__main__":
    sys.exit(main())
