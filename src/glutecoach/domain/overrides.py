"""The one way to override documented parameters: ``apply_overrides(defaults, overrides)``.

Every parameter object of the app (plans, progression, selection, analysis, gait) is a frozen
dataclass with documented defaults. ``overrides`` names fields by dotted path
(``{"signal.cutoff_hz": 4}``), by nested mapping (``{"signal": {"cutoff_hz": 4}}``, the form
recorded with a plan or a result) or both. Each value is checked against the field's declared
type and converted where that is lossless:

* ``bool``: true or false (text: true/false, yes/no, on/off, 1/0);
* ``int``: a whole number (an integral float such as ``4.0`` is accepted, ``4.5`` is not);
* ``float``: any finite or infinite number (an int is widened);
* ``str`` and ``Literal``/``Enum``: text, one of the allowed values;
* ``tuple[X, ...]``: a list of X (text: a JSON list);
* ``Mapping[K, V]``: a mapping whose keys and values are checked as K and V (text: a JSON
  object); the entries given replace those of the same key, the others stay
  (``weights_by_goal.prevention={"activation": 0.4, ...}`` replaces one goal's weights);
* a nested parameter dataclass: a mapping of its own fields, merged the same way;
* ``X | None``: ``None`` (JSON null) or an X.

Text is parsed only for fields that are not text, so ``--param wrong_view=error`` stays text and
``--param weeks=6`` becomes 6. Unknown names are an ``InputError`` with "did you mean"
suggestions from every dotted name of the object; a value of the wrong type names the field, the
type wanted and the value given. The result is a new instance built by ``dataclasses.replace``,
so each object's own validation (``__post_init__``) runs; ``defaults`` is never changed.
"""

from __future__ import annotations

import dataclasses
import difflib
import json
import math
import types
import typing
from collections.abc import Collection, Mapping
from enum import Enum
from functools import cache
from typing import TYPE_CHECKING, Any, TypeVar

from glutecoach.errors import InputError

if TYPE_CHECKING:
    from _typeshed import DataclassInstance

P = TypeVar("P", bound="DataclassInstance")

_TRUE = ("true", "yes", "on", "1")
_FALSE = ("false", "no", "off", "0")


def apply_overrides(
    defaults: P, overrides: Mapping[str, object], *, fixed: Collection[str] = ()
) -> P:
    """A copy of ``defaults`` with ``overrides`` applied (see the module notes).

    ``fixed`` lists dotted names that identify the object and cannot be overridden (the
    ``family`` of analysis parameters); naming one is an ``InputError``.
    """
    tree = _nest(overrides)
    _refuse_fixed(tree, fixed, "")
    return _apply(defaults, tree, "")


def parameter_names(params: object) -> tuple[str, ...]:
    """Every dotted name that ``apply_overrides`` accepts for ``params`` (an instance or a
    parameter class), sorted."""
    kind: Any = params if isinstance(params, type) else type(params)
    if not dataclasses.is_dataclass(kind):
        return ()
    hints = _hints(params if isinstance(params, type) else type(params))
    names: list[str] = []
    for f in dataclasses.fields(kind):
        names.append(f.name)
        value = None if isinstance(params, type) else getattr(params, f.name)
        nested = type(value) if _is_instance(value) else _dataclass_in(hints[f.name])
        if nested is not None:
            names.extend(f"{f.name}.{n}" for n in parameter_names(nested))
    return tuple(sorted(names))


def _nest(overrides: Mapping[str, object]) -> dict[str, object]:
    """Dotted names and nested mappings as one tree of nested dicts (leaves are values)."""
    tree: dict[str, object] = {}
    for key, value in overrides.items():
        if not isinstance(key, str) or not key.strip():
            raise InputError(f"parameter names must be text, got {key!r}")
        parts = [p.strip() for p in key.split(".")]
        if any(not p for p in parts):
            raise InputError(f"parameter name {key!r} has an empty part; use e.g. signal.cutoff_hz")
        node = tree
        for i, part in enumerate(parts[:-1]):
            child = node.setdefault(part, {})
            if not isinstance(child, dict):
                named = ".".join(parts[: i + 1])
                raise InputError(f"parameter {named} given both whole and by field")
            node = child
        last = parts[-1]
        if isinstance(value, Mapping) and isinstance(node.get(last, {}), dict):
            existing = node.setdefault(last, {})
            assert isinstance(existing, dict)
            for name, item in _nest(value).items():
                if name in existing:
                    raise InputError(f"parameter {key}.{name} given twice")
                existing[name] = item
        elif last in node:
            raise InputError(f"parameter {key} given twice (whole and by field, or twice)")
        else:
            node[last] = value
    return tree


def _refuse_fixed(tree: Mapping[str, object], fixed: Collection[str], prefix: str) -> None:
    for name, value in tree.items():
        path = prefix + name
        if path in fixed:
            raise InputError(
                f"parameter {path} identifies these parameters and cannot be overridden"
            )
        if isinstance(value, dict):
            _refuse_fixed(value, fixed, path + ".")


def _apply(defaults: P, tree: Mapping[str, object], prefix: str) -> P:
    kind = type(defaults)
    hints = _hints(kind)
    known = [f.name for f in dataclasses.fields(defaults)]
    unknown = sorted(set(tree) - set(known))
    if unknown:
        raise InputError(_unknown_message(defaults, [prefix + u for u in unknown], prefix))
    changes = {
        name: _convert(prefix + name, hints[name], value, getattr(defaults, name))
        for name, value in tree.items()
    }
    try:
        return dataclasses.replace(defaults, **changes)
    except (TypeError, ValueError) as exc:
        raise InputError(f"invalid {kind.__name__} parameters: {exc}") from exc


def _unknown_message(defaults: object, unknown: list[str], prefix: str) -> str:
    names = [prefix + n for n in parameter_names(defaults)]
    parts = []
    for name in unknown:
        close = _suggestions(name, names)
        hint = f" (did you mean {' or '.join(close)}?)" if close else ""
        parts.append(f"{name}{hint}")
    level = [prefix + f.name for f in dataclasses.fields(defaults)]  # type: ignore[arg-type]
    return (
        f"unknown parameter {'; '.join(parts)}. Known {type(defaults).__name__} parameters: "
        f"{', '.join(sorted(level))} (docs/parameters.md describes each)"
    )


def _suggestions(name: str, names: list[str]) -> list[str]:
    """The known names closest to ``name`` (difflib), only those about as close as the best."""
    ratio = {n: difflib.SequenceMatcher(None, name, n).ratio() for n in names}
    close = difflib.get_close_matches(name, names, n=3, cutoff=0.6)
    return [n for n in close if ratio[n] >= ratio[close[0]] - 0.05]


def _convert(path: str, hint: Any, value: object, current: object) -> object:
    """``value`` checked (and converted) for a field of type ``hint`` named ``path``."""
    origin = typing.get_origin(hint)
    if origin in (types.UnionType, typing.Union):
        options = [a for a in typing.get_args(hint) if a is not type(None)]
        empty = value is None or (isinstance(value, str) and value.strip().lower() == "null")
        if empty and len(options) < len(typing.get_args(hint)):
            return None
        if len(options) == 1:
            start = current if current is not None else _default_of(options[0], path)
            return _convert(path, options[0], value, start)
        raise InputError(f"parameter {path} has a type ({hint}) that cannot be set from here")
    nested = _dataclass_in(hint)
    if nested is not None and origin is None:
        if isinstance(value, str) and value.lstrip().startswith("{"):
            value = _json(path, value, "a JSON object")
        if isinstance(value, nested):
            return value
        if not isinstance(value, Mapping):
            raise InputError(
                f"parameter {path} is a group of parameters: set its fields, e.g. "
                f"{path}.{dataclasses.fields(nested)[0].name}=..."
            )
        base: Any = current if _is_instance(current) else _default_of(nested, path)
        return _apply(base, value, path + ".")
    return _convert_plain(path, hint, origin, value, current)


def _convert_plain(path: str, hint: Any, origin: Any, value: object, current: object) -> object:
    def wrong(expected: str) -> InputError:
        return InputError(f"parameter {path} must be {expected}, got {value!r}")

    if hint is bool:
        if isinstance(value, str) and value.strip().lower() in _TRUE + _FALSE:
            return value.strip().lower() in _TRUE
        if not isinstance(value, bool):
            raise wrong("true or false")
        return value
    if hint is int:
        number = _number(value) if isinstance(value, str) else value
        if isinstance(number, float) and number.is_integer():
            number = int(number)
        if isinstance(number, bool) or not isinstance(number, int):
            raise wrong("a whole number")
        return number
    if hint is float:
        number = _number(value) if isinstance(value, str) else value
        if isinstance(number, bool) or not isinstance(number, int | float):
            raise wrong("a number")
        if math.isnan(number):
            raise wrong("a finite number")
        return float(number)
    if hint is str:
        if not isinstance(value, str):
            raise wrong("text")
        return value
    if isinstance(hint, type) and issubclass(hint, Enum):
        try:
            return hint(value)
        except ValueError:
            allowed = ", ".join(str(m.value) for m in hint)
            raise wrong(f"one of {allowed}") from None
    if origin is typing.Literal:
        allowed_values = typing.get_args(hint)
        if value not in allowed_values:
            raise wrong(f"one of {', '.join(map(str, allowed_values))}")
        return value
    if origin is tuple:
        if isinstance(value, str):
            value = _json(path, value, "a JSON list, e.g. [1, 2]")
        if not isinstance(value, list | tuple):
            raise wrong("a list")
        args = typing.get_args(hint)
        item = args[0] if len(args) == 2 and args[1] is Ellipsis else Any
        return tuple(_item(f"{path}[{i}]", item, v) for i, v in enumerate(value))
    if origin is not None and isinstance(origin, type) and issubclass(origin, Mapping):
        if isinstance(value, str):
            value = _json(path, value, 'a JSON object, e.g. {"key": 1}')
        if not isinstance(value, Mapping):
            raise wrong("a mapping")
        key_type, value_type = typing.get_args(hint) or (Any, Any)
        given = {
            _item(f"{path} key", key_type, k): _item(f"{path}.{k}", value_type, v)
            for k, v in value.items()
        }
        kept = dict(current) if isinstance(current, Mapping) else {}
        return types.MappingProxyType({**kept, **given})
    if hint is Any or hint is object:
        return value
    raise InputError(f"parameter {path} has a type ({hint}) that cannot be set from here")


def _item(path: str, hint: Any, value: object) -> object:
    if hint is Any:
        return value
    return _convert(path, hint, value, None)


def _number(text: str) -> object:
    try:
        number = json.loads(text)
    except json.JSONDecodeError:
        return text
    return number


def _json(path: str, text: str, expected: str) -> object:
    try:
        return json.loads(text)
    except json.JSONDecodeError:
        raise InputError(f"parameter {path} must be {expected}, got {text!r}") from None


def _default_of(kind: type, path: str) -> Any:
    try:
        return kind()
    except TypeError:
        raise InputError(f"parameter {path} has no defaults to override: give it whole") from None


def _is_instance(value: object) -> bool:
    return dataclasses.is_dataclass(value) and not isinstance(value, type)


def _dataclass_in(hint: Any) -> type | None:
    """The dataclass ``hint`` names (directly or as ``X | None``), else None."""
    if isinstance(hint, type) and dataclasses.is_dataclass(hint):
        return hint
    if typing.get_origin(hint) in (types.UnionType, typing.Union):
        options = [a for a in typing.get_args(hint) if a is not type(None)]
        if len(options) == 1:
            return _dataclass_in(options[0])
    return None


@cache
def _hints(kind: Any) -> dict[str, Any]:
    return typing.get_type_hints(kind)
