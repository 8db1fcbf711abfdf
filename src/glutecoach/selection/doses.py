"""Starting doses by goal, from the library's dosing rules, each figure cited. Pure.

- Prevention and performance rep work: muscular endurance (guideline ``endurance-dosing``,
  ACSM): the library dose's reps, sets and rest kept within 10-25 reps, 2-4 sets, 30-60 s.
  Performance keeps the library's strength doses.
- Rehabilitation rep work that can take a load the runner owns (an ankle weight, a dumbbell):
  3 x 8-12 at about a 10-12 repetition maximum, 90 s rest (guideline ``rehab-dosing``).
- Side plank holds: within ``hold_min_s``-``hold_max_s`` (a coaching default) around the
  30 s holds of an iliotibial band syndrome programme (guideline ``hold-dosing``).

Every other dose is the library's own for the runner's level.
"""

from __future__ import annotations

from glutecoach.domain.exercise import Dose, Variation
from glutecoach.domain.vocabulary import DoseLevel, Equipment, Goal, Pattern
from glutecoach.library.catalogue import Library
from glutecoach.library.renderer import render_rule
from glutecoach.selection.equipment import RunnerKit
from glutecoach.selection.result import Reason

OWNED_LOADS = {Equipment.ANKLE_WEIGHT: "an ankle weight", Equipment.DUMBBELL: "a dumbbell"}


def _clamp(value: int, low: float, high: float) -> int:
    return int(min(max(value, low), high))


def starting_dose(
    library: Library, kit: RunnerKit, v: Variation, level: DoseLevel, pain_now: int | None
) -> tuple[Dose, Reason | None]:
    """The dose ``v`` starts at for this runner, and the reason when a dosing rule set it."""
    dose = kit.dose_for(v, v.dose.for_level(level), level)
    goal = kit.profile.goal
    pattern = library.family_of(v.id).pattern
    if dose.hold_s is not None:
        if pattern is not Pattern.SIDE_PLANK:
            return dose, None
        return _hold(library, kit, dose)
    load = kit.load_equipment(v)
    if goal is Goal.REHABILITATION and load in OWNED_LOADS and not pain_now:
        return _rehab(library, dose, OWNED_LOADS[load])
    if goal is Goal.PREVENTION:
        return _endurance(library, dose)
    return dose, None


def _hold(library: Library, kit: RunnerKit, dose: Dose) -> tuple[Dose, Reason | None]:
    assert dose.hold_s is not None
    low, high = kit.params.hold_min_s, kit.params.hold_max_s
    hold = _clamp(dose.hold_s, low, high)
    rule = library.guideline("hold-dosing")
    figure = render_rule(rule, "{sets:g} x {hold_s:g} s holds", library)
    text = (
        f"Holds start at {hold} s, within {low}-{high} s (a coaching default) around the "
        f"modified side plank of an iliotibial band syndrome programme, {figure.text}."
    )
    reason = Reason(text=text, references=(rule.reference,), figures=(figure.as_json(),))
    return dose.model_copy(update={"hold_s": hold}), reason


def _rehab(library: Library, dose: Dose, load: str) -> tuple[Dose, Reason]:
    rule = library.guideline("rehab-dosing")
    novice = library.guideline("novice-dosing")
    low, high = int(novice.value("reps_low")), int(novice.value("reps_high"))
    rm = f"{rule.value('rm_low'):g}-{rule.value('rm_high'):g}"
    figure = render_rule(
        rule, "{sets:g} x {reps:g} at about a {rm_low:g}-{rm_high:g} repetition maximum, "
        "{rest_s:g} s rest", library
    )  # fmt: skip
    new = dose.model_copy(
        update={
            "sets": int(rule.value("sets")),
            "reps": (low, high),
            "rest_s": int(rule.value("rest_s")),
            "load": f"{load} you can lift {rm} times with good form and no more",
        }
    )
    text = (
        f"Rehabilitation dose with {load}: {new.sets} x {low}-{high} reps near a {rm} "
        f"repetition maximum, as in hip strengthening for knee pain, {figure.text}."
    )
    return new, Reason(text=text, references=(rule.reference,), figures=(figure.as_json(),))


def _endurance(library: Library, dose: Dose) -> tuple[Dose, Reason | None]:
    assert dose.reps is not None
    rule = library.guideline("endurance-dosing")
    r_lo, r_hi = rule.value("reps_min"), rule.value("reps_max")
    low = _clamp(dose.reps[0], r_lo, r_hi)
    high = max(low, _clamp(dose.reps[1], r_lo, r_hi))
    new = dose.model_copy(
        update={
            "reps": (low, high),
            "sets": _clamp(dose.sets, rule.value("sets_min"), rule.value("sets_max")),
            "rest_s": _clamp(dose.rest_s, rule.value("rest_min_s"), rule.value("rest_max_s")),
        }
    )
    figure = render_rule(
        rule, "{sets_min:g}-{sets_max:g} sets of {reps_min:g}-{reps_max:g} reps, "
        "{rest_min_s:g}-{rest_max_s:g} s rest", library
    )  # fmt: skip
    text = (
        f"Prevention dose for muscular endurance: {new.sets} x {low}-{high} reps with "
        f"{new.rest_s} s rest, within {figure.text}."
    )
    return new, Reason(text=text, references=(rule.reference,), figures=(figure.as_json(),))
