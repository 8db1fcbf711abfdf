"""Decide the next prescription for one exercise from what the runner logged.

Rules are small strategy objects (see ``rules.py``) kept in a registry and applied in priority
order; the first rule that returns a ``Decision`` wins. A rule reads typed values only (the
current prescription, the session logs, the exercise ladder and the parameters), so adding one
never needs a database change. Every decision records the rule, a reason in plain words citing
the guideline behind it, and the algorithm version.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, Protocol

from pydantic import Field

from glutecoach.domain.base import Frozen
from glutecoach.domain.evidence import Guideline, Reference
from glutecoach.domain.exercise import Dose, Variation
from glutecoach.domain.log import SessionLog, SetLog
from glutecoach.domain.plan import Prescription
from glutecoach.domain.vocabulary import BandResistance, DoseLevel
from glutecoach.errors import InputError
from glutecoach.library.renderer import render_rule, rule_source
from glutecoach.planning.progression_params import GuidelineLookup as GuidelineLookup
from glutecoach.planning.progression_params import ProgressionParams as ProgressionParams
from glutecoach.planning.progression_params import whole as whole

ALGORITHM_VERSION = "progression-1.3"


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


class RunnerKitView(Protocol):
    """The runner's own equipment, as progression asks about it (``services.ladder``'s
    ``RunnerLadder`` answers for a stored runner). Rules given none use the library's words:
    its doses as written, and the light, medium and heavy bands."""

    @property
    def bands(self) -> tuple[BandResistance, ...]:
        """The band resistances the runner owns, lightest first (empty: not said)."""
        ...

    def start_dose(self, variation_id: str, level: DoseLevel) -> Dose:
        """The dose the variation starts at for this runner, in their own equipment's words (a
        band by its resistance, a backpack in place of a dumbbell, an owned ankle weight)."""
        ...

    def load_kind(self, variation_id: str) -> str | None:
        """The external load the runner has that the variation can take ('an ankle weight', 'a
        backpack', 'a dumbbell'), or None."""
        ...

    def load_advice(self, variation_id: str) -> str:
        """How to make the variation harder once its ladder and dose steps are used up."""
        ...


def pain_baseline(history: Sequence[SessionLog], index: int) -> int:
    """Pain to compare a session's next-morning pain with: before it, else the previous
    session's next morning, else 0."""
    log = history[index]
    if log.pain_before is not None:
        return log.pain_before
    earlier = [h.next_morning_pain for h in history[:index] if h.next_morning_pain is not None]
    return earlier[-1] if earlier else 0


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
    ``room_s`` is how many seconds the next session has left within the runner's minutes (None:
    no limit): a dose step that adds volume (a set) must fit in it, so with the time capped
    progress comes from intensity. ``kit`` is the runner's own equipment, when known.
    """

    current: Prescription
    history: tuple[SessionLog, ...]
    ladder: LadderView
    params: ProgressionParams
    as_of: dt.date | None
    performed: Prescription | None = None
    cleared: frozenset[str] = frozenset()
    room_s: int | None = None
    kit: RunnerKitView | None = None

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
        return () if self.latest is None else self.sets_in(self.latest)

    def sets_in(self, log: SessionLog, variation_id: str | None = None) -> tuple[SetLog, ...]:
        """Sets of ``log`` for the current variation (or ``variation_id``) on the current
        prescription's leg, of the prescribed kind (reps or holds)."""
        hold = self.current.hold_s is not None
        leg = self.current.side
        return tuple(
            s
            for s in log.sets_for(variation_id or self.current.variation_id)
            if (s.hold_s is not None) == hold and (leg is None or s.side.value == leg.value)
        )

    def morning_unreported(self) -> bool:
        """The latest session did this exercise, its next-morning pain is not entered and the
        next prescription is for ``morning_pain_wait_days`` or more after it: the pain then
        counts as not reported."""
        latest = self.latest
        if latest is None or latest.next_morning_pain is not None or not self.latest_sets:
            return False
        wait = self.params.morning_pain_wait_days
        return self.as_of is not None and (self.as_of - latest.date).days >= wait

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
        if rule != "next-morning-pain" and self.morning_unreported():
            assert self.latest is not None
            assert self.as_of is not None
            day = self.latest.date.isoformat()
            reason = (
                f"{reason} Next-morning pain after {day} is not entered: it counts as not "
                f"reported once 24 h have passed, so this decision for {self.as_of.isoformat()} "
                "is taken without it; enter it ('morning-pain') and the decision is taken again."
            )
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
    room_s: int | None = None,
    kit: RunnerKitView | None = None,
) -> Decision:
    """Apply the rules in priority order; the first decision wins.

    ``history`` is the runner's session logs (any order; logs after ``as_of`` are ignored).
    ``current`` is the prescription the latest session was done at. ``as_of`` is the date the
    next prescription is for (e.g. the next planned session), which lets a long gap be seen;
    it defaults to the latest log's date. ``performed`` is the lighter prescription the latest
    session actually set (deload or taper), when it differs from ``current``. ``rules``
    defaults to the registry's rules. ``cleared`` holds the exercise ids a clinician allows,
    which brings a rested exercise back. ``room_s``: seconds the next session has left within
    the runner's minutes (see ``RuleContext``). ``kit``: the runner's own equipment (owned
    bands, starting doses in their words, load advice), when known. Every decision records
    ``<rule>@<version>``.
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
    ctx = RuleContext(
        current, tuple(logs), library_view, params, when, performed, cleared, room_s, kit
    )
    for rule in REGISTRY.ordered() if rules is None else rules:
        decision = rule.decide(ctx)
        if decision is not None:
            version = f"{rule.name}@{getattr(rule, 'version', '1')}"
            return decision.model_copy(update={"rule_version": version})
    return ctx.decide(
        Action.HOLD, "no-rule", current, "No rule applied: repeat the current prescription."
    ).model_copy(update={"rule_version": "no-rule@1"})
