"""Time plan generation and the whole "log a session" use case on SQLite.

    .venv/bin/python benchmarks/bench_planning.py [--runs 100] [--write docs/benchmarks.md]

Plan generation is selection plus the multi-week plan for each example profile (pure, no I/O).
Logging is the service a runner triggers: load the runner's plan, logs and decisions from the
database, rebuild the adapted plan, decide for every exercise and write the session, its sets and
the decisions in one transaction; measured over a season of sessions so history grows. Targets
(issue 3): plan generation under 100 ms, logging under 50 ms.

The process keeps the plans, logs and decisions it has parsed (``storage/parsed_cache.py``), as
a web server does between requests; a second series empties them before every log, as each
``glutecoach log`` in a new process starts (reported, not held to the target).
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import sys
import tempfile
import time
from pathlib import Path

from glutecoach.domain.log import SessionLog, SetLog, Side
from glutecoach.library.loader import load_library
from glutecoach.services import training
from glutecoach.services.profiles import load_profile
from glutecoach.storage import open_database
from glutecoach.storage.log_repositories import DECISIONS, LOGS
from glutecoach.storage.repositories import PLANS

sys.path.insert(0, str(Path(__file__).parent))
from record import command_line, machine, spread, write_section

SECTION = "## Planning and logging"
PLAN_TARGET_MS = 100.0
LOG_TARGET_MS = 50.0
EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
START = dt.date(2026, 11, 23)


def time_plans(runs: int) -> dict[str, list[float]]:
    library = load_library()
    out: dict[str, list[float]] = {}
    for path in sorted(EXAMPLES.glob("*.toml")):
        profile = load_profile(path)
        timings = []
        for _ in range(runs):
            t0 = time.perf_counter()
            training.build_plan(library, profile, START)
            timings.append((time.perf_counter() - t0) * 1000)
        out[path.name] = timings
    return out


def time_logging(sessions: int, *, cold: bool = False) -> list[float]:
    library = load_library()
    profile = load_profile(EXAMPLES / "itbs-runner.toml")
    with tempfile.TemporaryDirectory() as folder:
        database = open_database(f"sqlite:///{folder}/bench.db")
        try:
            training.create_plan(database, library, profile, START, {"weeks": sessions // 2 + 2})
            plan = training.runner_state(database, library, None).plan
            timings = []
            for session in plan.sessions[:sessions]:
                sets = tuple(
                    SetLog(
                        variation_id=p.variation_id,
                        side=side,
                        reps_done=p.reps[1] if p.reps else None,
                        good_form_reps=p.reps[1] if p.reps else None,
                        hold_s=p.hold_s,
                        good_form_hold_s=p.hold_s,
                        pain_during=1,
                    )
                    for p in session.prescriptions
                    for side in ((Side.LEFT, Side.RIGHT) if p.per_side else (Side.BOTH,))
                    for _ in range(p.sets)
                )
                log = SessionLog(date=session.date, sets=sets, pain_before=0)
                if cold:
                    for cache in (PLANS, LOGS, DECISIONS):
                        cache.clear()
                t0 = time.perf_counter()
                training.log_session(database, library, None, log, today=log.date)
                timings.append((time.perf_counter() - t0) * 1000)
            return timings
        finally:
            database.dispose()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--runs", type=int, default=100, help="plans per profile; sessions")
    parser.add_argument("--write", type=Path, help="Markdown file to record the results in")
    args = parser.parse_args(argv)
    plans = time_plans(args.runs)
    logs = time_logging(args.runs)
    cold = time_logging(args.runs, cold=True)
    plan_ok = all(statistics.median(t) < PLAN_TARGET_MS for t in plans.values())
    log_ok = statistics.median(logs) < LOG_TARGET_MS
    lines = [
        SECTION,
        "",
        "Plan generation: selection and an 8-week plan for each example profile (pure). "
        "Logging: the whole use case on SQLite (load the runner's plan, logs and decisions, "
        "rebuild the adapted plan, decide for each exercise, write everything in one "
        "transaction), over a season of sessions so the history grows.",
        "",
        f"- command: `{command_line('benchmarks/bench_planning.py')}`",
        f"- machine: {machine()}",
        *(f"- plan for {name}: {spread(t)} ({len(t)} runs)" for name, t in plans.items()),
        f"- log a session: {spread(logs)} ({len(logs)} sessions)",
        f"- log a session, parsed caches emptied before each (a new process): {spread(cold)}",
        f"- targets: plan < {PLAN_TARGET_MS:g} ms: {'met' if plan_ok else 'MISSED'}; "
        f"log < {LOG_TARGET_MS:g} ms: {'met' if log_ok else 'MISSED'}",
        "",
    ]
    text = "\n".join(lines)
    print(text)
    if args.write is not None:
        write_section(args.write, SECTION, text)
    return 0 if plan_ok and log_ok else 1


if __name__ == "__main__":
    sys.exit(main())
