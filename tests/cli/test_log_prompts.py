"""``glutecoach log`` at a terminal: one answer logs an exercise done as prescribed, or it asks
set by set; it re-asks an out-of-range answer and stores exactly what was answered. Runs the real
CLI on a pseudo-terminal (a subprocess: a terminal is what is tested); the setup runs in
process."""

from __future__ import annotations

import json
import os
import pty
import select
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from tests.cli.support import invoke
from tests.conftest import EXAMPLES


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
