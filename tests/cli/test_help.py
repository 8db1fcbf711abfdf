"""Help on every command (``-h`` as well as ``--help``), ``-V``, shell completion, and flags
shown as flags (no value type beside ``--json``)."""

from __future__ import annotations

import os

import pytest
import typer

from glutecoach.cli.app import app
from tests.cli.support import invoke


def _command_paths() -> list[tuple[str, ...]]:
    """Every command and subcommand of the real app, as argument paths."""
    root = typer.main.get_command(app)
    paths: list[tuple[str, ...]] = []

    def walk(command: object, path: tuple[str, ...]) -> None:
        paths.append(path)
        for name, sub in getattr(command, "commands", {}).items():  # a group's commands
            walk(sub, (*path, name))

    walk(root, ())
    return paths


PATHS = _command_paths()


def test_the_walk_finds_the_commands() -> None:
    names = {" ".join(p) for p in PATHS}
    assert {"", "check", "runners", "history", "library validate"} <= names
    assert len(PATHS) > 20


@pytest.mark.parametrize("path", PATHS, ids=lambda p: " ".join(p) or "glutecoach")
def test_short_and_long_help_on_every_command(path: tuple[str, ...]) -> None:
    short = invoke(*path, "-h")
    long = invoke(*path, "--help")
    assert short.returncode == 0, short.stderr
    assert short.stdout == long.stdout
    assert "Usage: glutecoach" in short.stdout
    assert "<bool>" not in short.stdout  # a flag takes no value


def test_a_flag_is_listed_without_a_value_but_an_option_with_one() -> None:
    help_text = invoke("history", "-h").stdout
    json_line = next(line for line in help_text.splitlines() if "--json" in line)
    assert "<" not in json_line
    runner_line = next(line for line in help_text.splitlines() if "--runner" in line)
    assert "<str>" in runner_line


def test_version_short_and_long() -> None:
    short, long = invoke("-V"), invoke("--version")
    assert short.returncode == long.returncode == 0
    assert short.stdout == long.stdout
    assert short.stdout.startswith("glutecoach ")


def test_shell_completion_is_switched_on() -> None:
    root_help = invoke("-h").stdout
    assert "--install-completion" in root_help
    assert "--show-completion" in root_help
    script = invoke("--show-completion", "bash")
    assert script.returncode == 0, script.stderr
    assert "_glutecoach_completion" in script.stdout
    assert "complete " in script.stdout
    # the shell asks the program for candidates through these variables
    env = {
        "_GLUTECOACH_COMPLETE": "complete_bash",
        "COMP_WORDS": "glutecoach runn",
        "COMP_CWORD": "1",
    }
    done = invoke(env={**os.environ, **env})
    assert done.stdout.split() == ["runners"]
