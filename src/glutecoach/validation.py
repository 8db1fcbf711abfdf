"""Turn pydantic validation errors into messages a user can act on."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from pydantic import ValidationError
from pydantic_core import ErrorDetails


def field_path(loc: Iterable[int | str], data: Any) -> str:
    """Render a pydantic location as 'variations[2] (banded-clam) > dose > novice'."""
    parts: list[str] = []
    node = data
    for item in loc:
        if isinstance(item, int):
            label = f"[{item}]"
            if isinstance(node, list) and item < len(node):
                node = node[item]
                if isinstance(node, dict) and isinstance(node.get("id"), str):
                    label += f" ({node['id']})"
            else:
                node = None
            if parts:
                parts[-1] += label
            else:
                parts.append(label)
        else:
            parts.append(item)
            node = node.get(item) if isinstance(node, dict) else None
    return " > ".join(parts) or "(top level)"


def describe(source: str, exc: ValidationError, data: Any, help_hint: str) -> str:
    """One line per problem: where it is, what is wrong, and the accepted values when known."""
    lines = [f"{source}: {exc.error_count()} problem(s):"]
    for err in exc.errors():
        where = field_path(err["loc"], data)
        lines.append(f"  - {where}: {_message(err, help_hint)}")
    return "\n".join(lines)


def _message(err: ErrorDetails, help_hint: str) -> str:
    message = err["msg"].removeprefix("Value error, ")
    ctx = err.get("ctx", {})
    if err["type"] == "extra_forbidden":
        message = f"unknown field (check the spelling; {help_hint})"
    elif err["type"] == "enum" and "expected" in ctx:
        message = f"{err.get('input')!r} is not accepted; use one of {ctx['expected']}"
    elif err["type"] == "missing":
        message = "missing; this field is required"
        message += f" ({help_hint})" if help_hint else ": fill it in"
    return message


def field_messages(exc: ValidationError, help_hint: str = "") -> dict[str, str]:
    """Each problem keyed by the dotted name of its field ('running.monday'), for showing
    beside the field in a form; problems of the whole value are keyed by '' ."""
    out: dict[str, str] = {}
    for err in exc.errors():
        name = ".".join(str(part) for part in err["loc"] if isinstance(part, str))
        message = _message(err, help_hint)
        out[name] = f"{out[name]}; {message}" if name in out else message
    return out
