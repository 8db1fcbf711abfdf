"""The root ``glutecoach`` command and the one place errors become exit codes."""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Sequence

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
    history,
    library,
    recommend,
    roster,
    training,
    web,
)
from glutecoach.errors import GlutecoachError
from glutecoach.library.renderer import TAG_ENV, set_tagging

log = logging.getLogger("glutecoach")


def _flags_shown_as_flags() -> None:
    """Typer's Rich help writes a value type beside every option, flags included
    (``--json <bool>``), though a flag takes no value; its plain help leaves the type out for
    flags, and so does this (tests/cli/test_help.py checks every command)."""
    from typer.core import TyperOption

    shown = TyperOption.display_type_rich
    if getattr(shown, "flags_as_flags", False):
        return

    def display_type_rich(self: TyperOption, ctx: typer.Context) -> str | None:
        return None if self.is_flag or self.count else shown(self, ctx)

    display_type_rich.flags_as_flags = True  # type: ignore[attr-defined]
    TyperOption.display_type_rich = display_type_rich  # type: ignore[method-assign,assignment]


_flags_shown_as_flags()

app = typer.Typer(
    name="glutecoach",
    help="Gluteus medius strength coaching for runners: choose, dose and check exercises.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)
exercises.register(app)
recommend.register(app)
training.register(app)
history.register(app)
roster.register(app)
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
        False,
        "--version",
        "-V",
        callback=_version,
        is_eager=True,
        help="Show the version and exit.",
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
    interrupts.install()
    sys.exit(run())


def run(args: Sequence[str] | None = None) -> int:
    """Run one command (``args``, default the process's own) and return its exit code: the
    one place a ``GlutecoachError``, an interrupt or an unexpected error becomes a message on
    stderr and an exit code. Tests call it in process; it installs no signal handler."""
    err = Console(stderr=True)
    interrupts.reset()
    # A connection cut by an interrupt is discarded; the pool's own report of that is noise.
    logging.getLogger("sqlalchemy.pool").setLevel(logging.CRITICAL)
    set_tagging(os.environ.get(TAG_ENV) == "1")  # the output audit's marks (docs/evidence.md)
    try:
        app(args=None if args is None else list(args), prog_name="glutecoach")
    except SystemExit as exc:  # click ends every command with one, success included
        return exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    except GlutecoachError as exc:
        message = escape(printable(str(exc)))
        err.print(f"[bold red]error:[/] {message}", highlight=False, soft_wrap=True)
        return exc.exit_code
    except interrupts.Interrupted as exc:
        err.print(escape(interrupts.interrupted_message()), highlight=False, soft_wrap=True)
        return exc.exit_code
    except KeyboardInterrupt:
        err.print(escape(interrupts.interrupted_message()), highlight=False, soft_wrap=True)
        return EXIT_INTERRUPTED
    except Exception:  # process boundary: never show a bare traceback to a user
        log.exception("unexpected error")
        err.print(
            "[bold red]error:[/] glutecoach hit an unexpected problem (details above). "
            "Please report it with the command you ran."
        )
        return EXIT_UNEXPECTED
    return 0
