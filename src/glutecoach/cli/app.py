"""The root ``glutecoach`` command and the one place errors become exit codes."""

from __future__ import annotations

import logging
import sys

import typer
from rich.console import Console
from rich.markup import escape

from glutecoach import __version__
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
web.register(app)
batch.register(app)
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


def main() -> None:
    """Console entry point: run the app and map errors to messages and exit codes."""
    err = Console(stderr=True)
    try:
        app()
    except GlutecoachError as exc:
        err.print(f"[bold red]error:[/] {escape(str(exc))}", highlight=False, soft_wrap=True)
        sys.exit(exc.exit_code)
    except KeyboardInterrupt:
        err.print("interrupted")
        sys.exit(130)
    except Exception:  # process boundary: never show a bare traceback to a user
        log.exception("unexpected error")
        err.print(
            "[bold red]error:[/] glutecoach hit an unexpected problem (details above). "
            "Please report it with the command you ran."
        )
        sys.exit(EXIT_UNEXPECTED)
