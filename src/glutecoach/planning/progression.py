"""Decide the next prescription for one exercise from what the runner logged.

Rules are small strategy objects (see ``rules.py``) kept in a registry and applied in priority
order; the first rule that returns a ``Decision`` wins. A rule reads typed values only (the
current prescription, the session logs, the exercise ladder and the parameters), so adding one
never needs a database change. Every decision records the rule, a reason in plain words citing
the guideline behind it, and the algorithm version.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, Protocol

from pydantic import Field

from glutecoach.domain.base import Frozen
from glutecoach.domain.evidence import Guideline, Reference
from glutecoach.domain.exercise import Variation
from glutecoach.domain.log import SessionLog, SetLog
from glutecoach.domain.plan import Prescription
from glutecoach.domain.vocabulary import DoseLevel
from glutecoach.errors import InputError
from glutecoach.library.renderer import render_rule, rule_source

ALGORITHM_VERSION = "progression-1.1"

GuidelineLookup = Callable[[str], Guideline]
"""Anything that returns a guideline by id, e.g. ``Library.guideline``."""


class Action(StrEnum):
    PROGRESS = "progress"
    HOLD = "hold"
    REGRESS = "regress"
    STEP_BACK = "step-back"
    REST = "rest"
    RETURN = "return"


class LadderView(Protocol):
    """The library questions progression asks; ``glutecoach.library.Library`` satisfies it.

    ``guideline`` and ``reference`` let rules render the cited figures in their reasons through
    the evidence renderer."""

    def get(self, variation_id: str) -> Variation: ...

    def guideline(self, guideline_id: str) -> Guideline: ...

    def reference(self, key: str) -> Reference: ...

    def easier(self, variation_id: str) -> tuple[Variation, ...]: ...

    def harder(self, variation_id: str) -> tuple[Variation, ...]: ...


@dataclass(frozen=True)
class ProgressionParams:
    """How progression decides. Cited numbers have no defaults: build them with
    ``from_guidelines`` so they come from ``guidelines.yaml``.

    pain_safe_max, pain_acceptable_max
        Pain-monitoring model (guideline ``pain-monitoring``): pain during of 0..safe_max allows
        progression, up to acceptable_max holds, above it regresses.
    load_increase_min_pct, load_increase_max_pct
        ACSM 2009 load step (guideline ``load-progression``): add 2-10 % once the top of the
        range is reached with good form; the smallest step of ``load_increment_kg`` that is at
        least the minimum is used. Without an easier variation, a regression lowers the load by
        the maximum percentage (else one set, else a shorter hold, else the aim).
    pain_reference, load_reference
        Reference keys cited in reasons.
    gap_days
        Coaching default: more than this many days without the exercise steps back one notch.
    min_good_form_fraction
        Coaching default: below this share of good-form work in a session, hold.
    require_next_morning_pain
        Hold until next-morning pain is entered (the model weighs the 24-hour response most).
    hold_step_s, max_hold_s
        Coaching defaults for timed holds: add ``hold_step_s`` per progression; beyond
        ``max_hold_s`` step up the ladder instead.
    max_sets
        Top of the ladder and unloaded: add a set up to this many (guideline ``novice-sets``:
        1-3 sets for novices, reported secondhand from ACSM 2009).
    load_increment_kg
        Smallest practical load change (small dumbbell or ankle-weight step).
    dose_level
        Which library dose a new variation starts at after a ladder step.
    rest_pain_max
        Coaching default: pain at rest before a session above this escalates (stop, see a
        physiotherapist) like pain during above ``pain_acceptable_max``.
    morning_rises_to_escalate
        Coaching default: next-morning pain higher than before on this many logged sessions
        running escalates.
    """

    pain_safe_max: int
    pain_acceptable_max: int
    load_increase_min_pct: float
    load_increase_max_pct: float
    pain_reference: str
    load_reference: str
    gap_days: int = 14
    min_good_form_fraction: float = 0.8
    require_next_morning_pain: bool = True
    hold_step_s: int = 5
    max_hold_s: int = 60
    max_sets: int = 3
    load_increment_kg: float = 0.5
    dose_level: DoseLevel = DoseLevel.NOVICE
    rest_pain_max: int = 3
    morning_rises_to_escalate: int = 2

    def __post_init__(self) -> None:
        checks = [
            (0 <= self.pain_safe_max <= self.pain_acceptable_max <= 10, "0 <= pain_safe_max <= "
             "pain_acceptable_max <= 10"),
            (0 < self.load_increase_min_pct <= self.load_increase_max_pct <= 100,
             "0 < load_increase_min_pct <= load_increase_max_pct <= 100"),
            (self.gap_days >= 1, "gap_days >= 1"),
            (0 < self.min_good_form_fraction <= 1, "0 < min_good_form_fraction <= 1"),
            (self.hold_step_s >= 1, "hold_step_s >= 1"),
            (5 <= self.max_hold_s <= 600, "5 <= max_hold_s <= 600"),
            (1 <= self.max_sets <= 10, "1 <= max_sets <= 10"),
            (self.load_increment_kg > 0, "load_increment_kg > 0"),
            (0 <= self.rest_pain_max <= 10, "0 <= rest_pain_max <= 10"),
            (self.morning_rises_to_escalate >= 1, "morning_rises_to_escalate >= 1"),
        ]  # fmt: skip
        broken = [text for ok, text in checks if not ok]
        if broken:
            raise InputError(f"invalid progression parameters: need {'; '.join(broken)}")

    @classmethod
    def from_guidelines(cls, guideline: GuidelineLookup) -> ProgressionParams:
        """Defaults with the cited numbers read from the ``pain-monitoring`` and
        ``load-progression`` guidelines (override the rest with ``apply_overrides``)."""
        pain = guideline("pain-monitoring")
        load = guideline("load-progression")
        sets = guideline("novice-sets")
        return cls(
            max_sets=whole(sets, "sets_max"),
            pain_safe_max=whole(pain, "safe_max"),
            pain_acceptable_max=whole(pain, "acceptable_max"),
            load_increase_min_pct=load.value("increase_min_pct"),
            load_increase_max_pct=load.value("increase_max_pct"),
            pain_reference=pain.reference,
            load_reference=load.reference,
        )


def whole(guideline: Guideline, name: str) -> int:
    """A guideline value that must be a whole number (a score, a count of days)."""
    value = guideline.value(name)
    if not float(value).is_integer():
        raise InputError(f"guideline {guideline.id!r} value {name!r} must be whole, got {value}")
    return int(value)


class Decision(Frozen):
    """The next prescription for one exercise, what kind of change it is and why."""

    variation_id: str = Field(description="The exercise decided for (the previous variation).")
    action: Action
    rule: str
    reason: str = Field(min_length=1)
    prescription: Prescription
    previous: Prescription
    guideline: str | None = None
    references: tuple[str, ...] = ()
    decided_on: dt.date | None = None
    algorithm_version: str = ALGORITHM_VERSION
    rule_version: str | None = Field(
        default=None, description="'<rule>@<version>' of the rule that decided."
    )

    @property
    def escalated(self) -> bool:
        """The exercise is paused: stop it and see a physiotherapist."""
        return self.action is Action.REST

    @property
    def changed_variation(self) -> bool:
        return self.prescription.variation_id != self.previous.variation_id


@dataclass(frozen=True)
class RuleContext:
    """Everything a rule may read. ``history`` is sorted by date and ends at ``as_of``.

    ``current`` is the prescription in force (the full, normal-week dose); ``performed`` is how
    it was set for the latest session when that was lighter (a deload or taper session), and
    is what completeness is judged against. New prescriptions always derive from ``current``.
    """

    current: Prescription
    history: tuple[SessionLog, ...]
    ladder: LadderView
    params: ProgressionParams
    as_of: dt.date | None
    performed: Prescription | None = None
    cleared: frozenset[str] = frozenset()

    @property
    def done_as(self) -> Prescription:
        """The prescription the latest session was done at."""
        return self.performed if self.performed is not None else self.current

    @property
    def variation(self) -> Variation:
        return self.ladder.get(self.current.variation_id)

    @property
    def latest(self) -> SessionLog | None:
        return self.history[-1] if self.history else None

    @property
    def latest_sets(self) -> tuple[SetLog, ...]:
        """Sets of the current variation in the latest session, of the prescribed kind."""
        if self.latest is None:
            return ()
        hold = self.current.hold_s is not None
        leg = self.current.side
        return tuple(
            s
            for s in self.latest.sets_for(self.current.variation_id)
            if (s.hold_s is not None) == hold and (leg is None or s.side.value == leg.value)
        )

    def figure(self, guideline_id: str, template: str, **in_use: float) -> str:
        """A cited figure for a reason, through the evidence renderer: ``template`` names the
        guideline's values (``"{acceptable_max:g}/10"``); ``in_use`` gives the numbers the
        parameters actually hold, so an overridden value reads as the runner's own setting."""
        rule = self.ladder.guideline(guideline_id)
        return render_rule(rule, template, self.ladder, values=in_use).text

    def source_words(self, guideline_id: str) -> str:
        """The guideline's source and status in words, for a reason quoting none of its
        numbers."""
        return rule_source(self.ladder.guideline(guideline_id), self.ladder)

    def pain_during(self) -> int | None:
        """Worst pain during the current variation's sets in the latest session."""
        return max((s.pain_during for s in self.latest_sets), default=None)

    def family_ids(self) -> frozenset[str]:
        vid = self.current.variation_id
        ladder = (*self.ladder.easier(vid), *self.ladder.harder(vid))
        return frozenset({vid, *(v.id for v in ladder)})

    def last_done(self) -> dt.date | None:
        """Latest date any variation of this exercise's family was done."""
        family = self.family_ids()
        done = [log.date for log in self.history if any(s.variation_id in family for s in log.sets)]
        return max(done, default=None)

    def baseline_pain(self) -> tuple[int, str]:
        """Pain to compare next-morning pain with: before the session if entered, else the
        previous session's next-morning pain, else 0."""
        latest = self.latest
        if latest is not None and latest.pain_before is not None:
            return latest.pain_before, "before the session"
        for log in reversed(self.history[:-1]):
            if log.next_morning_pain is not None:
                return log.next_morning_pain, f"the morning after {log.date.isoformat()}"
        return 0, "no pain recorded before"

    def decide(
        self,
        action: Action,
        rule: str,
        prescription: Prescription,
        reason: str,
        guideline: str | None = None,
        references: Iterable[str] = (),
    ) -> Decision:
        """A decision whose new prescription carries ``reason`` as its own reason, and stays on
        the current prescription's leg when the legs are prescribed apart."""
        leg = self.current.side
        per_side = prescription.per_side and leg is None
        return Decision(
            variation_id=self.current.variation_id,
            action=action,
            rule=rule,
            reason=reason,
            prescription=revise(prescription, reason=reason, side=leg, per_side=per_side),
            previous=self.current,
            guideline=guideline,
            references=tuple(references),
            decided_on=self.as_of,
        )


class Rule(Protocol):
    """A progression rule: a name, a priority (lower runs first), a docstring saying what it
    does and why, and ``decide`` returning a Decision or None to let later rules decide."""

    name: str
    priority: int
    version: str

    def decide(self, ctx: RuleContext) -> Decision | None: ...


class RuleRegistry:
    """Rules by name, applied in (priority, name) order."""

    def __init__(self) -> None:
        self._rules: dict[str, Rule] = {}

    def register(self, rule: Rule) -> Rule:
        if rule.name in self._rules:
            raise InputError(f"a progression rule named {rule.name!r} is already registered")
        if not (type(rule).__doc__ or "").strip():
            raise InputError(
                f"progression rule {rule.name!r} needs a docstring saying what it does"
            )
        self._rules[rule.name] = rule
        return rule

    def ordered(self) -> tuple[Rule, ...]:
        return tuple(sorted(self._rules.values(), key=lambda r: (r.priority, r.name)))

    def names(self) -> tuple[str, ...]:
        return tuple(r.name for r in self.ordered())


REGISTRY = RuleRegistry()
"""The default registry; built-in rules register here when ``glutecoach.planning`` loads."""


def register_rule(rule: Rule) -> Rule:
    return REGISTRY.register(rule)


def revise(prescription: Prescription, **changes: Any) -> Prescription:
    """A validated copy of ``prescription`` with ``changes``."""
    return Prescription.model_validate({**prescription.model_dump(), **changes})


def start_variation(variation: Variation, level: DoseLevel, reason: str) -> Prescription:
    """A variation's library dose at ``level``, aiming at the bottom of its range."""
    return Prescription.from_dose(variation.id, variation.dose.for_level(level), reason)


def _sets(n: int) -> str:
    return f"{n} set" if n == 1 else f"{n} sets"


def lighter(current: Prescription, params: ProgressionParams) -> tuple[Prescription, str]:
    """One notch lighter on the same variation, and the change in words."""
    if current.load_kg is not None and current.load_kg > 0:
        step = current.load_kg * params.load_increase_max_pct / 100
        new = max(0.0, _round_down(current.load_kg - step, params.load_increment_kg))
        if new == current.load_kg:
            new = max(0.0, current.load_kg - params.load_increment_kg)
        return revise(current, load_kg=new), f"load down from {current.load_kg:g} to {new:g} kg"
    if current.sets > 1:
        fewer = current.sets - 1
        return revise(current, sets=fewer), f"{_sets(fewer)} instead of {current.sets}"
    if current.hold_s is not None and current.hold_s - params.hold_step_s >= 5:
        new_hold = current.hold_s - params.hold_step_s
        return revise(current, hold_s=new_hold), f"{new_hold} s holds instead of {current.hold_s} s"
    if current.reps is not None and current.aim_reps != current.reps[0]:
        low = current.reps[0]
        return revise(current, target_reps=low), f"aim back to {low} reps"
    return current, "the lightest dose already (stop if pain stays above the limit)"


def step_down(ctx: RuleContext) -> tuple[Prescription, str]:
    """The nearest easier variation at the planned dose level, else a lighter dose; with the
    change in words."""
    easier = ctx.ladder.easier(ctx.current.variation_id)
    if easier:
        target = easier[0]
        new = start_variation(target, ctx.params.dose_level, "step down")
        return new, f"the easier variation '{target.name}' ({target.id}): {new.text()}"
    new, change = lighter(ctx.current, ctx.params)
    return new, f"a lighter dose of '{ctx.variation.name}', the easiest variation: {change}"


def heavier(current: Prescription, params: ProgressionParams) -> tuple[float, str]:
    """The next load under the ACSM rule, and a note when even the smallest step is bigger."""
    assert current.load_kg is not None
    load = current.load_kg
    inc = params.load_increment_kg
    new = max(_round_up(load * (1 + params.load_increase_min_pct / 100), inc), load + inc)
    new = round(new, 3)
    note = ""
    if load > 0 and (new - load) / load * 100 > params.load_increase_max_pct:
        note = f" (the smallest step, {inc:g} kg, is more than {params.load_increase_max_pct:g} %)"
    return new, note


def _round_up(value: float, step: float) -> float:
    return math.ceil(round(value / step, 9)) * step


def _round_down(value: float, step: float) -> float:
    return math.floor(round(value / step, 9)) * step


def next_prescription(
    history: Sequence[SessionLog],
    current: Prescription,
    library_view: LadderView,
    params: ProgressionParams,
    *,
    as_of: dt.date | None = None,
    performed: Prescription | None = None,
    rules: Sequence[Rule] | None = None,
    cleared: frozenset[str] = frozenset(),
) -> Decision:
    """Apply the rules in priority order; the first decision wins.

    ``history`` is the runner's session logs (any order; logs after ``as_of`` are ignored).
    ``current`` is the prescription the latest session was done at. ``as_of`` is the date the
    next prescription is for (e.g. the next planned session), which lets a long gap be seen;
    it defaults to the latest log's date. ``performed`` is the lighter prescription the latest
    session actually set (deload or taper), when it differs from ``current``. ``rules``
    defaults to the registry's rules. ``cleared`` holds the exercise ids a clinician allows,
    which brings a rested exercise back. Every decision records ``<rule>@<version>``.
    """
    library_view.get(current.variation_id)  # NotFoundError for an unknown exercise
    if performed is not None and performed.variation_id != current.variation_id:
        raise InputError(
            f"performed prescription is for {performed.variation_id!r}, "
            f"current for {current.variation_id!r}; they must be the same exercise"
        )
    logs = sorted(history, key=lambda log: log.date)
    if as_of is not None:
        logs = [log for log in logs if log.date <= as_of]
    when = as_of if as_of is not None else (logs[-1].date if logs else None)
    ctx = RuleContext(current, tuple(logs), library_view, params, when, performed, cleared)
    for rule in REGISTRY.ordered() if rules is None else rules:
        decision = rule.decide(ctx)
        if decision is not None:
            version = f"{rule.name}@{getattr(rule, 'version', '1')}"
            return decision.model_copy(update={"rule_version": version})
    return ctx.decide(
        Action.HOLD, "no-rule", current, "No rule applied: repeat the current prescription."
    ).model_copy(update={"rule_version": "no-rule@1"})
