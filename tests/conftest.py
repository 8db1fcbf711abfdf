"""Shared fixtures: the bundled library, a tiny fixture library, and a copy to break; and the
xdist workers' environment made the same as the run's (see ``pytest_configure``)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Any

import pytest

from glutecoach.library.catalogue import Library
from glutecoach.library.loader import load_library

FIXTURES = Path(__file__).parent / "fixtures"
pytest_plugins = ["tests.storage.backends", "tests.videos", "tests.pose_estimates"]

EXAMPLES = Path(__file__).parent.parent / "examples"


@pytest.hookimpl(optionalhook=True)
def pytest_configure_node(node: Any) -> None:
    """(xdist, in the controller) Tell each worker the run's terminal width setting."""
    node.workerinput["columns"] = os.environ.get("COLUMNS")


def pytest_configure(config: pytest.Config) -> None:
    """In an xdist worker, COLUMNS as the run has it: a worker starts with COLUMNS=80 in its
    environment, which the CLI's console would take as a fixed width at import (the in-process
    CLI tests set their own COLUMNS per command, as a terminal does)."""
    workerinput: dict[str, Any] | None = getattr(config, "workerinput", None)
    if workerinput is None or "columns" not in workerinput:
        return
    if workerinput["columns"] is None:
        os.environ.pop("COLUMNS", None)
    else:
        os.environ["COLUMNS"] = workerinput["columns"]


@pytest.fixture(scope="session")
def library() -> Library:
    """The real, bundled exercise library."""
    return load_library()


@pytest.fixture
def mini_library_dir(tmp_path: Path) -> Path:
    """A writable copy of the two-variation fixture library."""
    target = tmp_path / "lib"
    shutil.copytree(FIXTURES / "mini_library", target)
    return target
