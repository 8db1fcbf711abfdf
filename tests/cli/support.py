"""Running the CLI as a user would, and checking that a failure is a clear message with exit 2,
never a traceback.

``invoke`` runs a command in this process through ``glutecoach.cli.app.run`` (the same error
mapping as the console entry point) with Typer's test runner capturing stdin, stdout and
stderr: use it for everything that checks output. ``run_cli`` starts the real entry point in a
subprocess: keep it for what only a process shows (start-up, signals, exit codes at the real
entry point, terminals). Both return a ``subprocess.CompletedProcess`` so tests read the same.
"""

from __future__ import annotations

import contextvars
import logging
import os
import signal
import subprocess
import sys
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

from typer.testing import CliRunner

from glutecoach.cli import app as cli_app
from glutecoach.cli.output import console
from glutecoach.interrupts import HANDLED

WIDTH = "120"  # the console width tests see unless they set COLUMNS


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


@contextmanager
def _restored_process_state(cwd: Path | None) -> Iterator[None]:
    """Put back what a command may change in this process: the working folder, the signal
    handlers, logger levels and the console's width (context variables, such as the output
    audit's tagging switch, are kept apart by running the command in a copied context)."""
    folder = Path.cwd()
    handlers = {signum: signal.getsignal(signum) for signum in HANDLED}
    levels = {name: logging.getLogger(name).level for name in ("sqlalchemy.pool", "glutecoach")}
    width = console._width
    if cwd is not None:
        os.chdir(cwd)
    try:
        yield
    finally:
        os.chdir(folder)
        for signum, handler in handlers.items():
            signal.signal(signum, handler)
        for name, level in levels.items():
            logging.getLogger(name).setLevel(level)
        console._width = width


def invoke(
    *args: str,
    env: Mapping[str, str] | None = None,
    cwd: Path | None = None,
    input: str | None = None,
) -> subprocess.CompletedProcess[str]:
    """``glutecoach ARGS`` in this process. ``env`` replaces the whole environment for the
    command when given (as ``run_cli``'s does), else the current one is used; COLUMNS is
    ``WIDTH`` unless given. Stdin is ``input`` (not a terminal). Everything the command changes
    in the process (environment, folder, signal handlers, logging) is put back afterwards."""
    base = dict(os.environ if env is None else env)
    base.setdefault("COLUMNS", WIDTH)
    changes: dict[str, str | None] = {name: None for name in os.environ if name not in base}
    changes.update(base)
    runner = CliRunner()
    with (
        _restored_process_state(cwd),
        runner.isolation(input=input, env=changes) as (stdout, stderr, _),
    ):
        code = contextvars.copy_context().run(cli_app.run, args)
        sys.stdout.flush()
        sys.stderr.flush()
        out = stdout.getvalue().decode(errors="replace")
        err = stderr.getvalue().decode(errors="replace")
    return subprocess.CompletedProcess(["glutecoach", *args], code, out, err)


def assert_clear_failure(done: subprocess.CompletedProcess[str], expected: str) -> None:
    assert done.returncode == 2, done.stderr
    assert expected in done.stderr
    assert "Traceback" not in done.stderr + done.stdout
