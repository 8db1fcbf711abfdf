"""Shared console objects and JSON printing for the commands."""

from __future__ import annotations

import json
from typing import Any

from rich.console import Console

console = Console(highlight=False)


def print_json(data: Any) -> None:
    """Machine output: plain JSON on stdout, no colour, stable key order."""
    print(json.dumps(data, indent=2, ensure_ascii=False))
