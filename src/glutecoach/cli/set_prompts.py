"""The questions ``glutecoach log`` asks at a terminal, exercise by exercise.

One answer logs an exercise done as prescribed (every set at its reps or hold, all in good
form, with the prescribed band), then one question for its worst pain; only an exercise done
otherwise is asked set by set, band work with the band used too."""

from __future__ import annotations

import typer
from rich.markup import escape

from glutecoach.cli.output import console
from glutecoach.domain.log import SetLog, Side, parse_set_log
from glutecoach.domain.plan import Prescription
from glutecoach.domain.vocabulary import BandResistance
from glutecoach.library.catalogue import Library
from glutecoach.planning.doses import band_in

AS_PRESCRIBED, SET_BY_SET, NOT_DONE = "y", "s", "n"
ANSWERS = {"y": AS_PRESCRIBED, "yes": AS_PRESCRIBED, "s": SET_BY_SET, "n": NOT_DONE, "no": NOT_DONE}


def ask_int(prompt: str, default: int, low: int, high: int) -> int:
    """A whole number from ``low`` to ``high``, asked again until it is one."""
    while True:
        value = int(typer.prompt(prompt, default=default, type=int))
        if low <= value <= high:
            return value
        console.print(f"[red]Enter a whole number from {low} to {high}.[/]")


def ask_reserve(prompt: str) -> int | None:
    """Reps in reserve, 0-10, or None when the runner presses Enter."""
    while True:
        text = str(typer.prompt(prompt, default="", show_default=False)).strip()
        if not text:
            return None
        if text.isdigit() and 0 <= int(text) <= 10:
            return int(text)
        console.print("[red]Enter a whole number from 0 to 10, or press Enter to skip.[/]")


def ask_band(prompt: str, default: BandResistance) -> BandResistance:
    """A band resistance by name ('medium', 'extra-light'), asked again until it is one."""
    names = ", ".join(b.value for b in BandResistance)
    while True:
        text = str(typer.prompt(prompt, default=default.value)).strip().lower()
        try:
            return BandResistance(text.replace(" ", "-"))
        except ValueError:
            console.print(f"[red]Enter a band resistance: {names}.[/]")


def _ask_how_done() -> str:
    """y (as prescribed), s (set by set) or n (not done), asked again until it is one."""
    while True:
        answer = str(
            typer.prompt(
                "  Done as prescribed? y = yes, every set in good form; s = enter set by set; "
                "n = not done",
                default=AS_PRESCRIBED,
            )
        )
        how = ANSWERS.get(answer.strip().lower())
        if how is not None:
            return how
        console.print("[red]Answer y (as prescribed), s (set by set) or n (not done).[/]")


def _sides(p: Prescription) -> list[Side]:
    if p.side is not None:
        return [Side(p.side.value)]
    return [Side.LEFT, Side.RIGHT] if p.per_side else [Side.BOTH]


Work = dict[str, int | BandResistance]


def _set(p: Prescription, side: Side, pain: int, work: Work) -> SetLog:
    return parse_set_log(
        {"variation_id": p.variation_id, "side": side, "pain_during": pain, **work}
    )


def _prescribed_work(p: Prescription) -> Work:
    band = band_in(p.load_note)
    work: Work = {} if band is None else {"band": band}
    if p.hold_s is not None:
        return {**work, "hold_s": p.hold_s, "good_form_hold_s": p.hold_s}
    aim = p.aim_reps or 1
    return {**work, "reps_done": aim, "good_form_reps": aim}


def _asked_work(p: Prescription, label: str) -> Work:
    work: Work = {}
    band = band_in(p.load_note)
    if band is not None:
        work["band"] = ask_band(f"{label}: band used", band)
    if p.hold_s is not None:
        hold = ask_int(f"{label}: hold (s)", p.hold_s, 0, 600)
        good = ask_int(f"{label}: of which with good form (s)", hold, 0, hold)
        return {**work, "hold_s": hold, "good_form_hold_s": good}
    reps = ask_int(f"{label}: reps done", p.aim_reps or 1, 0, 100)
    good = ask_int(f"{label}: reps with good form", reps, 0, reps)
    work.update({"reps_done": reps, "good_form_reps": good})
    reserve = ask_reserve(
        f"{label}: reps in reserve, how many more you could have done (Enter: skip)"
    )
    if reserve is not None:
        work["reps_in_reserve"] = reserve
    return work


def prompt_sets(p: Prescription, library: Library) -> list[SetLog]:
    """The sets of one prescribed exercise, as the runner answers for them."""
    console.print(f"\n[b]{escape(library.get(p.variation_id).name)}[/b]: {escape(p.text())}")
    if p.rested:
        console.print("  Rested: skip it until you have seen a physiotherapist.")
        return []
    how = _ask_how_done()
    if how == NOT_DONE:
        return []
    if how == AS_PRESCRIBED:
        pain = ask_int("  Worst pain during it, 0-10", 0, 0, 10)
        work = _prescribed_work(p)
        return [_set(p, side, pain, work) for _ in range(p.sets) for side in _sides(p)]
    sets: list[SetLog] = []
    for number in range(1, p.sets + 1):
        for side in _sides(p):
            label = f"  set {number}" + ("" if side is Side.BOTH else f" {side.value}")
            work = _asked_work(p, label)
            sets.append(_set(p, side, ask_int(f"{label}: pain during, 0-10", 0, 0, 10), work))
    return sets
