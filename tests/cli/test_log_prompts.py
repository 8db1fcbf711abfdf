"""``glutecoach log`` at a terminal: one answer logs an exercise done as prescribed, or it asks
set by set; it re-asks an out-of-range answer and stores exactly what was answered. Runs the real
CLI on a pseudo-terminal (a subprocess: a terminal is what is tested); the setup runs in
process."""

from __future__ import annotations

import datetime as dt
import json
import os
import pty
import select
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from glutecoach.library.catalogue import Library
from glutecoach.planning.doses import band_in
from glutecoach.services import training
from glutecoach.services.profiles import load_profile
from glutecoach.storage import open_database
from tests.cli.support import invoke
from tests.conftest import EXAMPLES
from tests.scenarios.profiles import THREE_BANDS
from tests.scenarios.test_rung_carry_over import log_until_band_work


def run_at_terminal(args: list[str], answers: list[str], env: dict[str, str]) -> str:
    """Run the CLI with a pseudo-terminal as stdin/stdout, typing ``answers`` one per prompt."""
    leader, follower = pty.openpty()
    process = subprocess.Popen(
        [sys.executable, "-m", "glutecoach", *args],
        stdin=follower,
        stdout=follower,
        stderr=follower,
        env=env,
        close_fds=True,
    )
    os.close(follower)
    screen = b""
    pending = list(answers)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        ready, _, _ = select.select([leader], [], [], 0.5)
        if ready:
            try:
                chunk = os.read(leader, 4096)
            except OSError:
                break
            if not chunk:
                break
            screen += chunk
            if pending and chunk.rstrip().endswith((b":", b"]")):
                os.write(leader, (pending.pop(0) + "\n").encode())
        elif process.poll() is not None:
            break
    process.wait(timeout=30)
    os.close(leader)
    assert process.returncode == 0, screen.decode(errors="replace")
    return screen.decode(errors="replace")


def test_interactive_log_stores_the_answers(tmp_path: Path) -> None:
    env = {
        **os.environ,
        "GLUTECOACH_DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite'}",
        "COLUMNS": "100",
    }
    plan = invoke("plan", "--profile", str(EXAMPLES / "new-runner.toml"), "--start", "2026-11-23",
                  env=env)  # fmt: skip
    assert plan.returncode == 0, plan.stderr
    today = json.loads(invoke("today", "--date", "2026-11-25", "--json", env=env).stdout)
    assert today["status"] == "today"
    exercises = today["session"]["exercises"]  # a lying exercise is listed once per side
    first_id = exercises[0]["id"]
    first_sets = sum(_logged_sets(e) for e in exercises if e["id"] == first_id)
    second = next(e for e in exercises if e["id"] != first_id)
    holds = exercises[0]["hold_s"] is not None
    # Pain before: 11 is refused and asked again, then 1. First exercise: set by set ("s"),
    # every set at the default reps or hold; the first set's good form is 5, (for reps) its reps
    # in reserve 12 (refused, asked again) then 3, and its pain 2; then defaults (reps in reserve
    # skipped). Second exercise: as prescribed ("y" at the default), worst pain 3. Then defaults.
    first_set = ["", "5", "2"] if holds else ["", "5", "12", "3", "2"]
    per_set = 3 if holds else 4
    answers = ["11", "1", "s", *first_set] + [""] * (per_set * (first_sets - 1)) + ["", "3"]
    screen = run_at_terminal(["log", "--date", "2026-11-25"], [*answers, *[""] * 40], env)
    assert "Enter a whole number from 0 to 10" in screen
    assert "What changes next time" in screen
    asked = "hold (s)" if holds else "reps done"
    assert screen.count(asked) == first_sets  # the second exercise asked no set
    stored = json.loads(invoke("history", "--json", env=env).stdout)
    session = stored["sessions"][0]
    assert session["pain_before"] == 1
    sets = session["sets"]
    assert sets[0]["good_form_hold_s" if holds else "good_form_reps"] == 5
    assert sets[0]["pain_during"] == 2
    assert sets[0]["reps_in_reserve"] == (None if holds else 3)
    assert holds or "or press Enter to skip" in screen
    assert all(s["reps_in_reserve"] is None for s in sets[1:first_sets])
    assert all(s["pain_during"] == 0 for s in sets[1:first_sets])
    prescribed = [s for s in sets[first_sets:] if s["variation_id"] == second["id"]]
    assert len(prescribed) == sum(_logged_sets(e) for e in exercises if e["id"] == second["id"])
    for logged in prescribed:
        assert logged["variation_id"] == second["id"]
        if second["hold_s"] is not None:
            assert (logged["hold_s"], logged["good_form_hold_s"]) == (second["hold_s"],) * 2
        else:
            aim = second["target_reps"] or second["reps"][0]
            assert (logged["reps_done"], logged["good_form_reps"]) == (aim, aim)
        assert logged["pain_during"] == 3


def _logged_sets(exercise: dict[str, Any]) -> int:
    """How many sets the log stores for one listed exercise: a set per working side when the
    sets are done on each side, else one per set."""
    return int(exercise["sets"]) * (len(exercise["sides"]) if exercise["per_side"] else 1)


def test_band_work_asks_the_band_set_by_set_and_logs_the_prescribed_one_otherwise(
    tmp_path: Path, library: Library
) -> None:
    """A runner with three bands, logged perfectly until band work is prescribed (in process),
    then at a terminal: the band exercise set by set (the first set on the heavy band after a
    name that is not a band), every other exercise as prescribed."""
    profile = tmp_path / "bands.toml"
    profile.write_text(THREE_BANDS, encoding="utf-8")
    url = f"sqlite:///{tmp_path / 'db.sqlite'}"
    with open_database(url) as db:
        training.create_plan(db, library, load_profile(profile), dt.date(2026, 11, 2))
        day = log_until_band_work(db, library, None)
        session = training.runner_state(db, library, None).plan.session_on(day)
    assert session is not None
    env = {**os.environ, "GLUTECOACH_DATABASE_URL": url, "COLUMNS": "100"}
    answers = ["0"]  # pain before
    band_sets: list[tuple[str, str]] = []
    for p in session.prescriptions:
        if p.rested:
            continue
        if band_in(p.load_note) is None:
            answers += ["y", "0"]
            continue
        answers.append("s")
        sides = ["left", "right"] if p.per_side else ["both"]
        work = ["", ""] if p.hold_s is not None else ["", "", ""]  # defaults; reserve skipped
        for _ in range(p.sets):
            for side in sides:
                first = not band_sets
                band = "heavy" if first else ""
                answers += (["purple"] if first else []) + [band, *work, "0"]
                band_sets.append((p.variation_id, side))
    screen = run_at_terminal(["log", "--date", day.isoformat()], [*answers, *[""] * 20], env)
    assert "Enter a band resistance" in screen  # 'purple' was asked again
    assert "band used" in screen
    assert "Bands used:" in screen
    stored = json.loads(invoke("history", "--json", env=env).stdout)
    logged = next(s for s in stored["sessions"] if s["date"] == day.isoformat())["sets"]
    prescribed = {p.variation_id: band_in(p.load_note) for p in session.prescriptions}
    band_work = [s for s in logged if prescribed.get(s["variation_id"]) is not None]
    assert len(band_work) == len(band_sets)
    assert band_work[0]["band"] == "heavy"
    for s in band_work[1:]:  # Enter kept the prescribed band
        assert s["band"] == prescribed[s["variation_id"]].value
    assert all(s["band"] is None for s in logged if prescribed.get(s["variation_id"]) is None)
