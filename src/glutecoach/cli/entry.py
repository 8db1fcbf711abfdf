"""The console entry point: SIGINT and SIGTERM are handled from the first moment.

Importing the CLI (typer, rich, the commands) takes a noticeable time; a Ctrl-C then would
otherwise print Python's traceback. So the signal handlers are installed before anything else
is imported, and an interrupt during start-up is reported like any other.
"""

from __future__ import annotations

import sys

from glutecoach import interrupts


def main() -> None:
    """Install the signal handlers, then run ``glutecoach.cli.app.main``."""
    interrupts.install()
    try:
        from glutecoach.cli.app import main as run_app
    except interrupts.Interrupted as exc:
        sys.stderr.write(interrupts.interrupted_message() + "\n")
        sys.exit(exc.exit_code)
    run_app()
