"""Parse the ``--set`` flag of ``glutecoach log``.

Form: ``EXERCISE[:SIDE] key=value ...`` with keys ``reps``, ``good`` (good-form reps), ``hold``
(seconds), ``good-hold`` (good-form seconds), ``load`` (kg), ``rpe``, ``rir`` (reps in reserve),
``band`` (the band's resistance: ``extra-light``, ``light``, ``medium``, ``heavy``,
``extra-heavy``) and ``pain`` (0-10 during the set). Example:
``banded-clam:left reps=12 good=10 band=medium pain=1``.
"""

from __future__ import annotations

from typing import Any

from glutecoach.domain.log import SetLog, parse_set_log
from glutecoach.errors import InputError

KEYS = {
    "reps": ("reps_done", int),
    "good": ("good_form_reps", int),
    "hold": ("hold_s", int),
    "good-hold": ("good_form_hold_s", int),
    "load": ("load_kg", float),
    "rpe": ("rpe", float),
    "rir": ("reps_in_reserve", int),
    "pain": ("pain_during", int),
    "band": ("band", str),
}
EXAMPLE = "e.g. --set 'clam:left reps=12 good=10 pain=1'"


def parse_set(text: str) -> SetLog:
    """One ``--set`` value as a validated SetLog; InputError naming the bad part."""
    if not text.strip():
        raise InputError(f"--set is empty: give the exercise and its numbers ({EXAMPLE})")
    if any(not ch.isprintable() for ch in text):
        raise InputError(f"--set {text!r} holds control characters ({EXAMPLE})")
    head, *pairs = text.split()
    if "=" in head:
        raise InputError(f"--set {text!r}: start with the exercise id ({EXAMPLE})")
    exercise, _, side = head.partition(":")
    data: dict[str, Any] = {"variation_id": exercise, "side": side or "both", "pain_during": 0}
    for pair in pairs:
        key, eq, value = pair.partition("=")
        if not eq or key not in KEYS:
            raise InputError(
                f"--set {text!r}: {pair!r} is not key=value with a key among "
                f"{', '.join(KEYS)} ({EXAMPLE})"
            )
        field, kind = KEYS[key]
        try:
            data[field] = kind(value)
        except ValueError:
            raise InputError(f"--set {text!r}: {key} must be a number, got {value!r}") from None
    if "good_form_reps" not in data and "reps_done" in data:
        raise InputError(
            f"--set {text!r}: say how many reps had good form with good=N "
            "(only good-form reps count toward progression)"
        )
    if "good_form_hold_s" not in data and "hold_s" in data:
        raise InputError(f"--set {text!r}: say how long the hold kept good form with good-hold=S")
    return parse_set_log(data)
