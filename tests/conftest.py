"""Shared fixtures: the bundled library, a tiny fixture library, and a copy to break."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from glutecoach.library.catalogue import Library
from glutecoach.library.loader import load_library

FIXTURES = Path(__file__).parent / "fixtures"
pytest_plugins = ["tests.storage.backends", "tests.videos", "tests.pose_estimates"]

EXAMPLES = Path(__file__).parent.parent / "examples"


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
