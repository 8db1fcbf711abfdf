"""The root ``glutecoach`` command and the one place errors become exit codes."""

from __future__ import annotations

import logging
import os
import sys

import typer
from rich.console import Console
from rich.markup import escape

from glutecoach import __version__, interrupts
from glutecoach.cli import (
    batch,
    check,
    exercises,
    exports,
    gait,
    library,
    recommend,
    training,
    web,
)
from glutecoach.errors import GlutecoachError
from glutecoach.library.renderer import TAG_ENV, set_tagging

log = logging.getLogger("glutecoach")

app = typer.Typer(
    name="glutecoach",
    help="Gluteus medius strength coaching for runners: choose, dose and check exercises.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)
exercises.register(app)
recommend.register(app)
training.register(app)
exports.register(app)
check.register(app)
gait.register(app)
batch.register(app)
web.register(app)
app.add_typer(library.app, name="library")

EXIT_UNEXPECTED = 70


def _version(value: bool) -> None:
    if value:
        typer.echo(f"glutecoach {__version__}")
        raise typer.Exit()


@app.callback()
def root(
    version: bool = typer.Option(
        False, "--version", callback=_version, is_eager=True, help="Show the version and exit."
    ),
) -> None:
    """Gluteus medius strength coaching for runners."""


def printable(text: str) -> str:
    """``text`` with control characters (terminal escape codes...) shown, not obeyed."""
    return "".join(ch if ch.isprintable() or ch == "\n" else repr(ch).strip("'") for ch in text)


EXIT_INTERRUPTED = 130  # 128 + SIGINT; SIGTERM gives 143


def main() -> None:
    """Console entry point: run the app and map errors to messages and exit codes.

    SIGINT and SIGTERM stop the command cleanly (``interrupts``): the message says what was
    already stored or written, or "interrupted, nothing written"."""
    err = Console(stderr=True)
    interrupts.reset()
    interrupts.install()
    # A connection cut by an interrupt is discarded; the pool's own report of that is noise.
    logging.getLogger("sqlalchemy.pool").setLevel(logging.CRITICAL)
    set_tagging(os.environ.get(TAG_ENV) == "1")  # the output audit's marks (docs/evidence.md)
    try:
        app()
    except GlutecoachError as exc:
        message = escape(printable(str(exc)))
        err.print(f"[bold red]error:[/] {message}", highlight=False, soft_wrap=True)
        sys.exit(exc.exit_code)
    except interrupts.Interrupted as exc:
        err.print(escape(interrupts.interrupted_message()), highlight=False, soft_wrap=True)
        sys.exit(exc.exit_code)
    except KeyboardInterrupt:
        err.print(escape(interrupts.interrupted_message()), highlight=False, soft_wrap=True)
        sys.exit(EXIT_INTERRUPTED)
    except Exception:  # process boundary: never show a bare traceback to a user
        log.exception("unexpected error")
        err.print(
            "[bold red]error:[/] glutecoach hit an unexpected problem (details above). "
            "Please report it with the command you ran."
        )
        sys.exit(EXIT_UNEXPECTED)
