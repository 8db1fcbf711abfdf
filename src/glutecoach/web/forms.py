"""The onboarding form, derived from the profile model itself.

Every field of ``RunnerProfile`` becomes a form field by its type: text for words, a number
input with the model's own bounds, a select for one word of a vocabulary, checkboxes for a
set of words, a date input, pain rows (exercise and score) for a score map, and a fieldset for
a nested model (the running week). A new profile field therefore appears in the form without
touching it; ``LABELS`` only gives fields friendlier names and help. The submitted form is
turned back into the nested data the model validates, so the model's rules are the form's.
"""

from __future__ import annotations

import datetime as dt
import types
import typing
from dataclasses import dataclass
from enum import Enum
from typing import Any, Literal

from annotated_types import Ge, Le, MaxLen, MinLen
from pydantic import BaseModel
from pydantic.fields import FieldInfo
from starlette.datastructures import FormData

Kind = Literal["text", "textarea", "number", "select", "checkboxes", "date", "pain", "group"]

LABELS: dict[str, tuple[str, str]] = {
    "name": ("Your name", "As you want it on your plan and handout."),
    "strength_experience": ("Experience with strength work", ""),
    "weekly_running_km": ("Running per week (km)", "A usual week, not your best one."),
    "conditions": ("Conditions", "Anything a clinician diagnosed, or that you feel now."),
    "pain": ("Exercises that hurt now", "The exercise and how much it hurts, 0 to 10."),
    "equipment": (
        "Equipment you have",
        "Leave unticked what you lack: nothing that needs it is chosen. A wall, a step, a "
        "chair and a backpack count as yours unless you tick them below.",
    ),
    "bands": (
        "Loop bands you own, by resistance",
        "Tick each one; the plan moves you up from one to the next, and says when a heavier "
        "band is the next step.",
    ),
    "lacks": (
        "Household items you do not have",
        "Only tick what you cannot use at home: exercises that need it are not chosen.",
    ),
    "minutes_per_session": ("Minutes per session", "Warm-up included."),
    "goal": ("Goal", ""),
    "running": ("Your running week", "What you usually do on each day."),
    "race_date": ("Race date", "Optional: sessions taper before it."),
}
PAIN_ROWS = 3


@dataclass(frozen=True)
class FormField:
    """One input (or group of inputs) of a form; ``name`` is dotted for nested fields."""

    name: str
    label: str
    kind: Kind
    help: str = ""
    required: bool = False
    choices: tuple[str, ...] = ()
    minimum: float | None = None
    maximum: float | None = None
    step: str = "1"
    children: tuple[FormField, ...] = ()

    @property
    def dom_id(self) -> str:
        return "f-" + self.name.replace(".", "-").replace("_", "-")


def _unwrap(annotation: Any) -> tuple[Any, bool]:
    """(the type inside ``X | None``, whether None is allowed)."""
    if isinstance(annotation, types.UnionType) or typing.get_origin(annotation) is typing.Union:
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        return args[0], len(args) < len(typing.get_args(annotation))
    return annotation, False


def _bounds(info: FieldInfo) -> tuple[float | None, float | None]:
    low = next((float(typing.cast(float, m.ge)) for m in info.metadata if isinstance(m, Ge)), None)
    high = next((float(typing.cast(float, m.le)) for m in info.metadata if isinstance(m, Le)), None)
    return low, high


def _is_enum(kind: Any) -> bool:
    return isinstance(kind, type) and issubclass(kind, Enum)


def _field(name: str, info: FieldInfo, prefix: str, pain_choices: tuple[str, ...]) -> FormField:
    kind, optional = _unwrap(info.annotation)
    dotted = f"{prefix}{name}"
    label, help_text = LABELS.get(name, (name.replace("_", " ").capitalize(), ""))
    help_text = help_text or (info.description or "")
    required = info.is_required() and not optional
    origin = typing.get_origin(kind)
    common: dict[str, Any] = {"name": dotted, "label": label, "help": help_text}
    if isinstance(kind, type) and issubclass(kind, BaseModel):
        children = tuple(
            _field(n, i, f"{dotted}.", pain_choices) for n, i in kind.model_fields.items()
        )
        return FormField(kind="group", children=children, **common)
    if _is_enum(kind):
        return FormField(
            kind="select", required=True, choices=tuple(e.value for e in kind), **common
        )
    if origin is tuple and _is_enum(typing.get_args(kind)[0]):
        member = typing.get_args(kind)[0]
        return FormField(kind="checkboxes", choices=tuple(e.value for e in member), **common)
    if origin is dict:
        return FormField(kind="pain", choices=pain_choices, minimum=0, maximum=10, **common)
    if kind in (int, float):
        low, high = _bounds(info)
        return FormField(
            kind="number",
            required=required,
            minimum=low,
            maximum=high,
            step="1" if kind is int else "any",
            **common,
        )
    if kind is dt.date:
        return FormField(kind="date", required=required, **common)
    long_text = any(isinstance(m, MaxLen) and m.max_length > 200 for m in info.metadata)
    text_kind: Kind = "textarea" if long_text or "notes" in name else "text"
    short = any(isinstance(m, MinLen) and m.min_length > 0 for m in info.metadata)
    return FormField(kind=text_kind, required=required or short, **common)


def model_form(model: type[BaseModel], pain_choices: tuple[str, ...]) -> tuple[FormField, ...]:
    """The form fields of a model, in the model's order."""
    return tuple(_field(n, i, "", pain_choices) for n, i in model.model_fields.items())


def _read(field: FormField, form: FormData) -> tuple[bool, Any]:
    """(present, value) of one field in a submitted form; absent values are left out so the
    model's default or its 'missing' message applies."""
    if field.kind == "group":
        return True, _collect(field.children, form)
    if field.kind == "checkboxes":
        return True, [v for v in form.getlist(field.name) if isinstance(v, str)]
    if field.kind == "pain":
        names = form.getlist(f"{field.name}.exercise")
        scores = form.getlist(f"{field.name}.score")
        rows: dict[str, Any] = {}
        for exercise, score in zip(names, scores, strict=False):
            if isinstance(exercise, str) and exercise and isinstance(score, str) and score:
                rows[exercise] = _number(score)
        return True, rows
    raw = form.get(field.name)
    if not isinstance(raw, str) or not raw.strip():
        return False, None
    return True, _number(raw) if field.kind == "number" else raw.strip()


def _number(raw: str) -> Any:
    try:
        number = float(raw)
    except ValueError:
        return raw  # the model names it as not a number
    return int(number) if number.is_integer() else number


def _collect(fields: tuple[FormField, ...], form: FormData) -> dict[str, Any]:
    data: dict[str, Any] = {}
    for field in fields:
        present, value = _read(field, form)
        if present:
            data[field.name.rsplit(".", 1)[-1]] = value
    return data


def form_data(fields: tuple[FormField, ...], form: FormData) -> dict[str, Any]:
    """The nested data a submitted form stands for, ready for the model to validate."""
    return _collect(fields, form)


def flat_values(data: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    """Nested data (a stored profile or what was submitted) keyed by dotted field names, to
    fill the form in again."""
    out: dict[str, Any] = {}
    for key, value in data.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict) and key != "pain":
            out.update(flat_values(value, f"{name}."))
        else:
            out[name] = value
    return out
