"""Running the real console entry point in a subprocess, as a user would, and checking that a
failure is a clear message with exit 2, never a traceback."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path


def run_cli(
    *args: str,
    env: Mapping[str, str] | None = None,
    cwd: Path | None = None,
    timeout_s: float = 300,
) -> subprocess.CompletedProcess[str]:
    """``python -m glutecoach ARGS``; ``env`` replaces the whole environment when given."""
    return subprocess.run(
        [sys.executable, "-m", "glutecoach", *args],
        capture_output=True,
        text=True,
        env=dict(env) if env is not None else None,
        cwd=cwd,
        timeout=timeout_s,
        check=False,
    )


def assert_clear_failure(done: subprocess.CompletedProcess[str], expected: str) -> None:
    assert done.returncode == 2, done.stderr
    assert expected in done.stderr
    assert "Traceback" not in done.stderr + done.stdout
