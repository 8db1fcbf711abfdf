"""A runner's loading rules, painful sides and clinician's word, applied to the library. Pure.

Everything that decides whether a variation may be done, and on which leg, lives here so that
selection, the warm-up, the plan's per-side prescriptions and progression all ask the same
questions and get the same answers.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from glutecoach.domain.exercise import Variation
from glutecoach.domain.glossary import CONDITIONS
from glutecoach.domain.log import SetLog
from glutecoach.domain.profile import RunnerProfile
from glutecoach.domain.safety import LoadingRule, PlanCaution
from glutecoach.domain.vocabulary import BodySide, Load
from glutecoach.errors import InputError, NotFoundError
from glutecoach.library.catalogue import Library

SidePain = Mapping[tuple[str, BodySide], int]


def side_pain(library: Library, profile: RunnerProfile) -> dict[tuple[str, BodySide], int]:
    """Pain scores keyed by (canonical variation id, side); a plain entry counts on both sides.
    Unknown ids are an InputError naming the ``[pain]`` field."""
    out: dict[tuple[str, BodySide], int] = {}
    for name, side, score in profile.pain_entries():
        try:
            vid = library.get(name).id
        except NotFoundError as exc:
            raise InputError(f"profile [pain]: {exc}") from exc
        for s in (side,) if side else tuple(BodySide):
            out[(vid, s)] = max(score, out.get((vid, s), 0))
    return out


def clinician_ids(
    library: Library, profile: RunnerProfile
) -> tuple[frozenset[str], frozenset[str]]:
    """(allowed, forbidden) canonical ids from the profile's ``[clinician]`` table."""
    word = profile.clinician
    if word is None:
        return frozenset(), frozenset()
    resolved: dict[str, set[str]] = {"allow": set(), "forbid": set()}
    for kind in ("allow", "forbid"):
        for name in getattr(word, kind):
            try:
                resolved[kind].add(library.get(name).id)
            except NotFoundError as exc:
                raise InputError(
                    f"profile [clinician] {kind}: {exc} The lists take exercise ids."
                ) from exc
    return frozenset(resolved["allow"]), frozenset(resolved["forbid"])


@dataclass(frozen=True)
class RunnerSafety:
    """The loading rules of the runner's conditions, their painful sides, per-side pain and the
    clinician's lists, with the questions selection, planning and progression ask of them."""

    library: Library
    profile: RunnerProfile
    rules: tuple[LoadingRule, ...] = field(init=False)
    pain: dict[tuple[str, BodySide], int] = field(init=False)
    allowed: frozenset[str] = field(init=False)
    forbidden: frozenset[str] = field(init=False)

    def __post_init__(self) -> None:
        set_ = object.__setattr__
        set_(self, "rules", self.library.rules_for(self.profile.conditions))
        set_(self, "pain", side_pain(self.library, self.profile))
        allowed, forbidden = clinician_ids(self.library, self.profile)
        set_(self, "allowed", allowed)
        set_(self, "forbidden", forbidden)

    @property
    def pain_limit(self) -> float:
        return self.library.guideline("pain-monitoring").value("safe_max")

    def avoided_loads(self) -> dict[Load, LoadingRule]:
        """Each load an 'avoid' rule of the runner's conditions names, with its first rule."""
        out: dict[Load, LoadingRule] = {}
        for rule in self.rules:
            if rule.kind == "avoid":
                for load in rule.loads:
                    out.setdefault(load, rule)
        return out

    def preferred_loads(self) -> tuple[Load, ...]:
        return tuple(dict.fromkeys(x for r in self.rules if r.kind == "prefer" for x in r.loads))

    def painful_lying_sides(self) -> frozenset[BodySide]:
        """Sides the runner must not lie on (from 'avoid lying-on-side' rules)."""
        sides: set[BodySide] = set()
        for rule in self.rules:
            if rule.kind == "avoid" and Load.LYING_ON_SIDE in rule.loads:
                sides |= self.profile.painful_sides(rule.condition)
        return frozenset(sides)

    def rule_conflict(self, v: Variation) -> str | None:
        """Why an 'avoid' rule (other than lying on a side) rules this variation out, or None."""
        if v.id in self.allowed:
            return None
        for load, rule in self.avoided_loads().items():
            if load is not Load.LYING_ON_SIDE and v.carries(load):
                condition = CONDITIONS.get(rule.condition.value, rule.condition.value)
                return f"not advised with {condition}: {rule.text}"
        return None

    def painful_on(self, v: Variation, side: BodySide) -> tuple[str, int] | None:
        """(painful variation id, score) when ``v`` hurts above the limit on ``side``, or is
        harder on its ladder than a variation that does."""
        ladder = (v, *self.library.easier(v.id))
        for other in ladder:
            score = self.pain.get((other.id, side), 0)
            if score > self.pain_limit:
                return other.id, score
        return None

    def side_conflict(self, v: Variation, side: BodySide) -> str | None:
        """Why ``v`` may not be done with ``side`` as the working leg, or None."""
        if v.id in self.allowed:
            return None
        lying = v.lying_on(side)
        if lying is not None and lying in self.painful_lying_sides():
            return f"it would mean lying on your painful {lying.value} side"
        hurt = self.painful_on(v, side)
        if hurt is not None:
            vid, score = hurt
            name = self.library.get(vid).name
            if vid == v.id:
                return f"it hurts {score}/10 on the {side.value} side now"
            return f"it is harder than {name}, which hurts {score}/10 on the {side.value} side"
        return None

    def set_warnings(self, sets: Iterable[SetLog]) -> tuple[str, ...]:
        """A warning for each logged one-leg set that this runner's sides rule out (lying on a
        painful hip, a leg that hurts above the limit in it), e.g. from a video check."""
        out: list[str] = []
        for s in sets:
            if s.side.value not in {b.value for b in BodySide} or not self.library.has(
                s.variation_id
            ):
                continue
            v = self.library.get(s.variation_id)
            why = self.side_conflict(v, BodySide(s.side.value))
            if why:
                out.append(
                    f"{v.name} with the {s.side.value} leg: {why}. Your plan leaves it out on "
                    "that side; do the step the plan gives that leg instead."
                )
        return tuple(dict.fromkeys(out))

    def cautions(self) -> tuple[PlanCaution, ...]:
        """The loading rules of the runner's own conditions, as the plan shows them."""
        return tuple(r.caution() for r in self.rules)

    def warm_up(self) -> tuple[str, ...]:
        """The library's warm-up with every item an 'avoid' rule touches replaced (or left
        out when it has no safe replacement)."""
        avoided = set(self.avoided_loads())
        items: list[str] = []
        for item in self.library.warm_up:
            if not avoided.intersection(item.loads):
                items.append(item.text)
            elif item.replaced_by:
                items.append(item.replaced_by)
        return tuple(items)


def side_steps(
    safety: RunnerSafety, variation_id: str, excluded: frozenset[str]
) -> dict[BodySide, str | None]:
    """The variation each leg starts on for one chosen unilateral exercise: the chosen one
    unless a side conflict (lying on a painful side, pain above the limit) rules it out on
    that leg, then the nearest easier step allowed there; None when no step of the ladder is.
    A leg that hurts above the limit in this family while the other does not starts lower
    than the other leg when the ladder has a lower step."""
    library = safety.library
    chosen = library.get(variation_id)
    ladder = (chosen, *library.easier(chosen.id))

    def first_allowed(side: BodySide, below: int | None = None) -> str | None:
        for v in ladder:
            if below is not None and v.ladder_position >= below:
                continue
            if v.id not in excluded and safety.side_conflict(v, side) is None:
                return v.id
        return None

    steps = {side: first_allowed(side) for side in BodySide}
    for side in BodySide:
        mine = steps[side]
        hurts_here = _family_pain(safety, variation_id, side)
        hurts_there = _family_pain(safety, variation_id, side.other)
        if mine is not None and mine == steps[side.other] and hurts_here and not hurts_there:
            lower = first_allowed(side, below=library.get(mine).ladder_position)
            steps[side] = lower if lower is not None else mine
    return steps


def _family_pain(safety: RunnerSafety, variation_id: str, side: BodySide) -> bool:
    """Whether any variation of this family hurts above the limit on ``side``."""
    family = safety.library.family_of(variation_id)
    return any(safety.pain.get((v.id, side), 0) > safety.pain_limit for v in family.variations)
