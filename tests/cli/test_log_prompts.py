"""``glutecoach log`` at a terminal: it asks set by set, re-asks an out-of-range answer, and
stores exactly what was answered. Runs the real CLI on a pseudo-terminal."""

from __future__ import annotations

import json
import os
import pty
import select
import subprocess
import sys
import time
from pathlib import Path

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
    plan = subprocess.run(
        [sys.executable, "-m", "glutecoach", "plan", "--profile",
         str(EXAMPLES / "new-runner.toml"), "--start", "2026-11-23"],
        env=env, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert plan.returncode == 0, plan.stderr
    history = subprocess.run(
        [sys.executable, "-m", "glutecoach", "today", "--date", "2026-11-25"],
        env=env, capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    assert "Today" in history
    # Pain before: 11 is refused and asked again, then 1. First exercise: done; every set at the
    # default reps; the first set's good-form reps are 5 and its pain 2. Then defaults.
    answers = ["11", "1", "y", "", "5", "2"] + [""] * 200
    screen = run_at_terminal(["log", "--date", "2026-11-25"], answers, env)
    assert "Enter a whole number from 0 to 10" in screen
    assert "What changes next time" in screen
    stored = json.loads(
        subprocess.run(
            [sys.executable, "-m", "glutecoach", "history", "--json"],
            env=env,
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    )
    session = stored["sessions"][0]
    assert session["pain_before"] == 1
    first = session["sets"][0]
    assert 5 in (first["good_form_reps"], first["good_form_hold_s"])  # reps, or a hold
    assert first["pain_during"] == 2
    assert all(s["pain_during"] == 0 for s in session["sets"][1:])
