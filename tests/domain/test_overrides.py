"""``apply_overrides``, the one override rule of every parameter object: dotted and nested names
merge into one tree, text is read as the field's declared type, mappings keep the entries not
given, an absent optional group starts from its defaults, and nothing mutates the defaults."""

from __future__ import annotations

from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Literal

import pytest

from glutecoach.domain.overrides import apply_overrides, parameter_names
from glutecoach.domain.vocabulary import Goal
from glutecoach.errors import InputError


@dataclass(frozen=True)
class Inner:
    size_px: int = 3
    ratio: float = 0.5


@dataclass(frozen=True)
class Outer:
    name: str = "x"
    on: bool = True
    mode: Literal["a", "b"] = "a"
    goal: Goal = Goal.PREVENTION
    items: tuple[str, ...] = ("one",)
    limits: MappingProxyType[str, float] = field(
        default_factory=lambda: MappingProxyType({"low": 1.0, "high": 2.0})
    )
    inner: Inner = field(default_factory=Inner)
    extra: Inner | None = None
    cap_s: float | None = 4.0


DEFAULTS = Outer()


def test_text_is_read_as_the_declared_type() -> None:
    merged = apply_overrides(
        DEFAULTS,
        {
            "name": "7",
            "on": "no",
            "mode": "b",
            "goal": "rehabilitation",
            "items": '["a", "b"]',
            "inner.size_px": "4.0",
            "inner.ratio": "1",
            "cap_s": "null",
        },
    )
    assert merged.name == "7"  # a text field keeps text, even when it looks like a number
    assert merged.on is False
    assert (merged.mode, merged.goal, merged.items) == ("b", Goal.REHABILITATION, ("a", "b"))
    assert (merged.inner.size_px, merged.inner.ratio) == (4, 1.0)
    assert isinstance(merged.inner.ratio, float)
    assert merged.cap_s is None
    assert Outer() == DEFAULTS


def test_dotted_and_nested_names_merge_and_groups_keep_what_is_not_given() -> None:
    merged = apply_overrides(
        DEFAULTS,
        {"inner": {"ratio": 0.25}, "inner.size_px": 9, "limits.high": "5", "extra.ratio": 1},
    )
    assert merged.inner == Inner(size_px=9, ratio=0.25)
    assert dict(merged.limits) == {"low": 1.0, "high": 5.0}
    assert merged.extra == Inner(ratio=1.0)  # an absent optional group starts from its defaults
    assert apply_overrides(DEFAULTS, {}) == DEFAULTS


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"inner.sise_px": 1}, "unknown parameter inner.sise_px (did you mean inner.size_px?)"),
        ({"nam": "y"}, "(did you mean name?)"),
        ({"zzz": 1}, "Known Outer parameters: cap_s, extra, goal"),
        ({"inner.size_px": 1.5}, "inner.size_px must be a whole number, got 1.5"),
        ({"on": "maybe"}, "on must be true or false"),
        ({"mode": "c"}, "mode must be one of a, b"),
        ({"goal": "speed"}, "goal must be one of prevention"),
        ({"items": "a,b"}, "items must be a JSON list"),
        ({"limits": 3}, "limits must be a mapping"),
        ({"inner": 3}, "inner is a group of parameters"),
        ({"inner": {"ratio": 1}, "inner.ratio": 2}, "given twice"),
        ({"name": "y", "name.part": 1}, "both whole and by field"),
        ({"inner..ratio": 1}, "empty part"),
        ({"name": "y", "inner.size_px": 2}, None),
    ],
)
def test_bad_overrides_are_named(overrides: dict[str, object], message: str | None) -> None:
    if message is None:
        assert apply_overrides(DEFAULTS, overrides).inner.size_px == 2
        return
    with pytest.raises(InputError) as caught:
        apply_overrides(DEFAULTS, overrides)
    assert message in str(caught.value)


def test_fixed_names_are_refused_and_every_name_is_listed() -> None:
    with pytest.raises(InputError, match="name identifies these parameters"):
        apply_overrides(DEFAULTS, {"name": "y"}, fixed=("name",))
    names = parameter_names(DEFAULTS)
    assert {"inner.size_px", "extra.ratio", "limits", "cap_s"} <= set(names)
    assert parameter_names(Outer) == names
