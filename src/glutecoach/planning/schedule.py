"""Place strength sessions in the running week.

The rules, strongest first:

1. never on the day before a key session (long run, intervals, tempo, race), so the legs are
   fresh for it; the week repeats, so Sunday is the day before Monday;
2. on an easy-run or rest day;
3. spread out: no two sessions on consecutive days when avoidable;
4. as many sessions as fit, between ``min_sessions`` and ``max_sessions`` (ACSM 2009 advises
   novices to train 2-3 days a week).

When rules 2-4 cannot all hold, the best compromise is returned with notes saying why: first
sessions on consecutive days, then a session on a key day after the run (never a race day,
never the day before another key session), then fewer sessions. Rule 1 is never broken. The
choice is deterministic: ties go to the earliest weekdays.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import combinations, pairwise

from glutecoach.domain.glossary import plural
from glutecoach.domain.plan import DayKind, RunningWeek
from glutecoach.errors import InputError

DAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
STACKABLE = (DayKind.LONG_RUN, DayKind.INTERVALS, DayKind.TEMPO)


@dataclass(frozen=True)
class StrengthDays:
    """The chosen weekdays (0 = Monday) and, when the ideal was impossible, why."""

    weekdays: tuple[int, ...]
    notes: tuple[str, ...] = ()

    @property
    def ideal(self) -> bool:
        return not self.notes


def allowed_weekdays(week: RunningWeek) -> tuple[int, ...]:
    """Easy or rest days that are not the day before a key session."""
    return tuple(d for d in range(7) if not week.day(d).is_key and not week.day(d + 1).is_key)


def stackable_weekdays(week: RunningWeek) -> tuple[int, ...]:
    """Key-run days (not races) not followed by another key session: strength after the run."""
    return tuple(d for d in range(7) if week.day(d) in STACKABLE and not week.day(d + 1).is_key)


def adjacent_pairs(weekdays: Sequence[int]) -> int:
    """How many chosen days are followed by another chosen day (Sunday-Monday included)."""
    chosen = set(weekdays)
    if len(chosen) < 2:
        return 0
    return sum(1 for d in chosen if (d + 1) % 7 in chosen)


def _gaps(weekdays: Sequence[int]) -> list[int]:
    days = sorted(weekdays)
    if not days:
        return []
    return [b - a for a, b in pairwise(days)] + [7 - days[-1] + days[0]]


def _score(combo: tuple[int, ...], stacked: set[int]) -> tuple[int, int, int, int, tuple[int, ...]]:
    gaps = _gaps(combo)
    return (
        len(stacked & set(combo)),
        adjacent_pairs(combo),
        -min(gaps),
        sum(g * g for g in gaps),
        combo,
    )


def _best(candidates: Sequence[int], k: int, stacked: set[int]) -> tuple[int, ...]:
    combos = list(combinations(sorted(candidates), k)) if k > 0 else []
    return min(combos, key=lambda c: _score(c, stacked)) if combos else ()


def _names(weekdays: Sequence[int]) -> str:
    return ", ".join(DAY_NAMES[d] for d in weekdays) or "none"


def _blocked(week: RunningWeek) -> str:
    """Why each non-key day is unavailable, e.g. 'Monday (the day before intervals)'."""
    parts = [
        f"{DAY_NAMES[d]} (the day before {week.day(d + 1).value})"
        for d in range(7)
        if not week.day(d).is_key and week.day(d + 1).is_key
    ]
    return ", ".join(parts) or "none"


def choose_strength_days(
    week: RunningWeek, min_sessions: int = 2, max_sessions: int = 3
) -> StrengthDays:
    """Choose the weekly strength days for ``week``; see the module docstring for the rules."""
    if not 1 <= min_sessions <= max_sessions <= 7:
        raise InputError(
            f"sessions per week must satisfy 1 <= min ({min_sessions}) <= max ({max_sessions}) <= 7"
        )
    allowed = allowed_weekdays(week)
    for k in range(min(max_sessions, len(allowed)), min_sessions - 1, -1):
        best = _best(allowed, k, set())
        if adjacent_pairs(best) == 0:
            return StrengthDays(best)
    if len(allowed) >= min_sessions:
        best = _best(allowed, min_sessions, set())
        return StrengthDays(
            best,
            (
                f"Only {_names(allowed)} are easy or rest days not followed by a key session, "
                f"so {min_sessions} sessions cannot all be a day apart: {_names(best)} "
                f"include back-to-back days. Keep those sessions light.",
            ),
        )
    stacked = set(stackable_weekdays(week)) - set(allowed)
    candidates = sorted(set(allowed) | stacked)
    k = min(min_sessions, len(candidates))
    best = _best(candidates, k, stacked)
    why = (
        f"Only {plural(len(allowed), 'day')} ({_names(allowed)}) "
        f"{'is an easy or rest day' if len(allowed) == 1 else 'are easy or rest days'} not "
        f"followed by a key session; unavailable: {_blocked(week)}."
    )
    notes = [why]
    on_key = [d for d in best if d in stacked]
    if on_key:
        kinds = ", ".join(f"{DAY_NAMES[d]} ({week.day(d).value})" for d in on_key)
        notes.append(
            f"Compromise: strength on {kinds} after the run, ideally a few hours later, so the "
            "day before each key session stays free."
        )
    if adjacent_pairs(best):
        notes.append(f"{_names(best)} include back-to-back days; keep those sessions light.")
    if len(best) < min_sessions:
        notes.append(
            f"Only {plural(len(best), 'session')} a week "
            f"{'fits' if len(best) == 1 else 'fit'} without training the day before a key "
            f"session (at least {min_sessions} advised); consider moving a key run."
        )
    return StrengthDays(best, tuple(notes))
