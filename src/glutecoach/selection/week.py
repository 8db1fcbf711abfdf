"""Assemble the week's sessions from ranked candidates: every pattern each week, in time. Pure.

A week covers an isolation exercise, a side plank variation, single-leg work and a bridge (the
families of published programmes for runners' hips), unless pain, the runner's conditions,
their equipment or a clinician rule a pattern out. When one session (warm-up included) cannot
hold them all, the week rotates through up to ``rotate_sessions`` sessions; plans hold 2-3
strength days a week, so each pattern still comes every week. Time left after the patterns
goes to the best other candidates. What time forces out is named with the reason.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from glutecoach.domain.vocabulary import Pattern
from glutecoach.selection.params import SelectionParams
from glutecoach.selection.result import Candidate, Exclusion, LeftOut

PATTERN_WORDS = {
    Pattern.ISOLATION: "an isolation exercise",
    Pattern.SIDE_PLANK: "a side plank variation",
    Pattern.SINGLE_LEG: "a single-leg exercise",
    Pattern.BRIDGE: "a bridge",
}


@dataclass
class _Session:
    budget_s: float
    max_exercises: int
    items: list[Candidate] = field(default_factory=list)

    @property
    def used_s(self) -> float:
        return sum(c.minutes for c in self.items) * 60

    def fits(self, c: Candidate) -> bool:
        return (
            len(self.items) < self.max_exercises
            and all(x.family != c.family for x in self.items)
            and self.used_s + c.minutes * 60 <= self.budget_s + 1e-9
        )

    def add(self, c: Candidate) -> bool:
        if self.fits(c):
            self.items.append(c)
            return True
        return False


@dataclass(frozen=True)
class Week:
    """The sessions (each an ordered list of candidates) and what was left out, and why."""

    sessions: tuple[tuple[Candidate, ...], ...]
    left_out: tuple[LeftOut, ...]

    @property
    def chosen(self) -> tuple[Candidate, ...]:
        """Every chosen candidate once, in session order."""
        seen: dict[str, Candidate] = {}
        for session in self.sessions:
            for c in session:
                seen.setdefault(c.id, c)
        return tuple(seen.values())


def assemble_week(
    ranked: Sequence[Candidate],
    budget_s: float,
    minutes: int,
    params: SelectionParams,
    excluded: Sequence[Exclusion],
    preferred: Candidate | None = None,
    patterns_of: dict[str, Pattern] | None = None,
) -> Week:
    """The week's sessions from ``ranked`` (best first) in ``budget_s`` seconds each.

    ``preferred`` (work a loading rule puts first) leads every session; regressions offered
    for a painful exercise come next in the first; then the best candidate of each pattern;
    then the best others by score. ``patterns_of`` maps excluded variation ids to their pattern
    so a pattern with no candidate is reported with the reason it is ruled out.
    """
    best = {p: next((c for c in ranked if c.pattern is p), None) for p in Pattern}
    order = [c.pattern for c in ranked if best[c.pattern] is c]
    every = [preferred] if preferred is not None else []

    cheapest = {p: min(c.minutes for c in ranked if c.pattern is p) * 60 for p in order}

    def place(session: _Session, patterns: Sequence[Pattern]) -> list[Pattern]:
        """Add the best candidate of each pattern that leaves room for the cheapest of the
        patterns still to place (else the best that fits); the patterns left unplaced."""
        todo = [p for p in patterns if all(x.pattern is not p for x in session.items)]
        unplaced: list[Pattern] = []
        for i, p in enumerate(todo):
            reserve = sum(cheapest[q] for q in todo[i + 1 :])
            options = [c for c in ranked if c.pattern is p and session.fits(c)]
            roomy = [c for c in options if session.used_s + c.minutes * 60 + reserve <= budget_s]
            picks = roomy or options
            if picks:
                session.add(picks[0])
            else:
                unplaced.append(p)
        return unplaced

    first = _Session(budget_s, params.max_exercises)
    for c in (*every, *(c for c in ranked if c.replaces)):
        first.add(c)
    missing = place(first, order)
    sessions = [first]
    if missing and params.rotate_sessions > 1:
        second = _Session(budget_s, params.max_exercises)
        for c in every:
            second.add(c)
        if len(place(second, missing)) < len(missing):
            sessions.append(second)
    for session in sessions:
        taken = {x.family: x.id for o in sessions if o is not session for x in o.items}
        fresh = [c for c in ranked if c.family not in taken]
        again = [c for c in ranked if taken.get(c.family) == c.id]  # one rung per ladder a week
        for c in (*fresh, *again):
            session.add(c)
    week = tuple(tuple(_ordered(s.items, preferred, ranked)) for s in sessions)
    return Week(week, _left_out(ranked, week, best, minutes, params, excluded, patterns_of or {}))


def _ordered(
    items: list[Candidate], preferred: Candidate | None, ranked: Sequence[Candidate]
) -> list[Candidate]:
    rank = {c.id: i for i, c in enumerate(ranked)}
    return sorted(items, key=lambda c: (c is not preferred, rank[c.id]))


def _left_out(
    ranked: Sequence[Candidate],
    week: tuple[tuple[Candidate, ...], ...],
    best: dict[Pattern, Candidate | None],
    minutes: int,
    params: SelectionParams,
    excluded: Sequence[Exclusion],
    patterns_of: dict[str, Pattern],
) -> tuple[LeftOut, ...]:
    chosen = [c for s in week for c in s]
    chosen_families = {c.family for c in chosen}
    out: list[LeftOut] = []
    for pattern, c in best.items():
        if c is None:
            why = next(
                (x.why for x in excluded if patterns_of.get(x.id) is pattern),
                "the library has no exercise of it",
            )
            out.append(LeftOut(what=PATTERN_WORDS[pattern], why=f"ruled out: {why}"))
        elif all(x.pattern is not pattern for x in chosen):
            out.append(
                LeftOut(
                    what=PATTERN_WORDS[pattern],
                    id=c.id,
                    why=f"{c.name} takes {c.minutes:.1f} min, more than fits in {minutes} min "
                    "with the warm-up; allow more time per session to add it",
                )
            )
    floor = min((c.score for c in chosen), default=100.0)
    full = any(len(s) >= params.max_exercises for s in week)
    for c in ranked:
        if len(out) >= 4:
            break
        if c.family in chosen_families or c.score < floor:
            continue
        chosen_families.add(c.family)
        why = (
            f"a session holds at most {params.max_exercises} exercises"
            if full
            else f"it takes {c.minutes:.1f} min, more than the time left in {minutes} min"
        )
        out.append(LeftOut(what=c.name, id=c.id, why=why))
    return tuple(out)
