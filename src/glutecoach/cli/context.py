"""Options shared by the commands that use the database."""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, TypeVar

import typer
from rich.markup import escape

from glutecoach.cli.output import console
from glutecoach.errors import ConfirmationError, InputError

T = TypeVar("T")

if TYPE_CHECKING:
    from glutecoach.storage.unit_of_work import Database

DATABASE_OPTION = typer.Option(
    None,
    "--database",
    envvar="GLUTECOACH_DATABASE_URL",
    help="Database URL or SQLite file (default: an SQLite file in your user data folder).",
    show_envvar=True,
)
RUNNER_OPTION = typer.Option(
    None,
    "--runner",
    "-r",
    help="Runner name in any case, short name or id (needed when the database holds several; "
    "'glutecoach runners' lists them).",
)
JSON_OPTION = typer.Option(False, "--json", help="Print JSON (docs/cli-json.md).")


@contextmanager
def database(url: str | None) -> Iterator[Database]:
    """Open (and migrate) the database for one command; always closed afterwards.

    Storage is imported here, not at the top, so commands that need no database start fast.
    """
    from glutecoach.storage.unit_of_work import open_database

    db = open_database(url)
    try:
        yield db
    finally:
        db.dispose()


FORCE_OPTION = typer.Option(
    False,
    "--force",
    help="Store it even when it looks like a mistake (a date outside the plan or in the "
    "future, an exercise the plan leaves out, a clip already logged).",
)


def confirmed(store: Callable[[bool], T], force: bool) -> T:
    """``store(force)``; when it needs a confirmation, ask each question at a terminal and
    store with force after a yes. Without a terminal the question is the error (exit 2)."""
    try:
        return store(force)
    except ConfirmationError as exc:
        if not sys.stdin.isatty():
            raise
        for question in exc.questions:
            console.print(f"[yellow]Check:[/] {escape(question)}.")
        if not typer.confirm("Store it anyway?", default=False):
            raise InputError("not stored (answered no); nothing was written") from None
        return store(True)


def parse_date(value: str | None, name: str = "--date") -> dt.date:
    """A YYYY-MM-DD flag value, or today when None."""
    if value is None:
        return dt.date.today()
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise InputError(f"{name} {value!r} is not a date; use YYYY-MM-DD") from None


def param_option(example: str) -> Any:
    """The repeatable ``--param NAME=VALUE`` option of a command, with its own example."""
    return typer.Option(
        [],
        "--param",
        metavar="NAME=VALUE",
        help="Override a documented parameter (docs/parameters.md), dotted for nested ones, "
        f"e.g. --param {example}. Repeatable.",
    )


def parse_params(items: list[str]) -> dict[str, object]:
    """``NAME=VALUE`` flags as a mapping of names to the text given. Each value is read by
    ``domain.overrides.apply_overrides`` against the type of the parameter it names, which also
    refuses unknown names with suggestions."""
    out: dict[str, object] = {}
    for item in items:
        name, eq, raw = item.partition("=")
        if not eq or not name.strip():
            raise InputError(f"--param {item!r}: use NAME=VALUE, e.g. --param signal.cutoff_hz=4")
        if name.strip() in out:
            raise InputError(f"--param {name.strip()} given twice; give each parameter once")
        out[name.strip()] = raw.strip()
    return out
