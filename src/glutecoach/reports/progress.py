"""The numbers behind the progress charts, as pure functions of plans, logs and decisions.

Only good-form work counts toward volume and hold time, as it does toward progression. Weeks
are plan weeks: week 1 is the seven days from the plan's start date. Every mapping is sorted
(by key, then by date or week) so the output is deterministic.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from glutecoach.domain.log import SessionLog
from glutecoach.domain.plan import Plan
from glutecoach.library.catalogue import Library
from glutecoach.planning.progression import Action, Decision

Series = list[tuple[dt.date, int]]


def plan_week(start: dt.date, day: dt.date) -> int:
    """The plan week of ``day``: 1 for the first seven days from ``start``, 0 the week before."""
    return (day - start).days // 7 + 1


@dataclass(frozen=True)
class WeeklyVolume:
    """Good-form work per plan week: ``reps[variation][week]`` repetitions (all sets and sides)
    and ``hold_s[variation][week]`` seconds of holds."""

    reps: dict[str, dict[int, int]]
    hold_s: dict[str, dict[int, int]]

    @property
    def empty(self) -> bool:
        return not self.reps and not self.hold_s


def _sorted(table: dict[str, dict[int, int]]) -> dict[str, dict[int, int]]:
    return {k: dict(sorted(v.items())) for k, v in sorted(table.items())}


def weekly_volume(logs: Iterable[SessionLog], start: dt.date) -> WeeklyVolume:
    """Sum good-form reps and good-form hold seconds per variation and plan week."""
    reps: dict[str, dict[int, int]] = defaultdict(lambda: defaultdict(int))
    holds: dict[str, dict[int, int]] = defaultdict(lambda: defaultdict(int))
    for log in logs:
        week = plan_week(start, log.date)
        for s in log.sets:
            table = reps if s.reps_done is not None else holds
            table[s.variation_id][week] += s.counted
    return WeeklyVolume(_sorted(reps), _sorted(holds))


def _by_date(logs: Iterable[SessionLog]) -> list[SessionLog]:
    return sorted(logs, key=lambda log: log.date)


def variation_levels(logs: Iterable[SessionLog], library: Library) -> dict[str, Series]:
    """Per family id: (date, ladder position) of the hardest variation done that day.
    Variations the library does not know are left out."""
    levels: dict[str, dict[dt.date, int]] = defaultdict(dict)
    for log in _by_date(logs):
        for vid in log.variation_ids():
            if not library.has(vid):
                continue
            family = library.family_of(vid).family
            position = library.get(vid).ladder_position
            levels[family][log.date] = max(position, levels[family].get(log.date, 0))
    return {f: sorted(days.items()) for f, days in sorted(levels.items())}


def hold_times(logs: Iterable[SessionLog]) -> dict[str, Series]:
    """Per variation: (date, longest good-form hold in seconds) for sessions with holds."""
    out: dict[str, dict[dt.date, int]] = defaultdict(dict)
    for log in _by_date(logs):
        for s in log.sets:
            if s.hold_s is not None:
                best = out[s.variation_id].get(log.date, 0)
                out[s.variation_id][log.date] = max(best, s.counted)
    return {v: sorted(days.items()) for v, days in sorted(out.items())}


@dataclass(frozen=True)
class PainSeries:
    """Worst pain during each session done, and next-morning pain where it was entered, both
    dated by the session (0-10)."""

    during: Series
    next_morning: Series

    @property
    def empty(self) -> bool:
        return not self.during and not self.next_morning


def pain_series(logs: Iterable[SessionLog]) -> PainSeries:
    during: Series = []
    morning: Series = []
    for log in _by_date(logs):
        worst = log.max_pain_during()
        if worst is not None:
            during.append((log.date, worst))
        if log.next_morning_pain is not None:
            morning.append((log.date, log.next_morning_pain))
    return PainSeries(during, morning)


@dataclass(frozen=True)
class WeekAdherence:
    """Sessions in one plan week: ``done`` of the ``planned`` ones, plus ``extra`` unplanned.
    ``upcoming`` of the planned sessions are dated after the day the chart is drawn for: they
    are still to come, not missed."""

    week: int
    planned: int
    done: int
    extra: int
    upcoming: int = 0

    @property
    def due(self) -> int:
        """Planned sessions whose day has come (done or not)."""
        return self.planned - self.upcoming


def adherence(
    plan: Plan, logs: Iterable[SessionLog], today: dt.date | None = None
) -> list[WeekAdherence]:
    """Planned sessions done per plan week. A log counts for the planned session it refers to
    (``planned_ref``), or with no reference for the session planned on its date; a session
    logged as missed (no sets) is not done. Other sessions done in the week are extra.
    Sessions planned after ``today`` and not done are ``upcoming`` (None: every day has come)."""
    by_ref = {s.ref: s for s in plan.sessions}
    done: set[str] = set()
    extra: dict[int, int] = defaultdict(int)
    for log in logs:
        if log.missed:
            continue
        ref = log.planned_ref if log.planned_ref is not None else log.date.isoformat()
        if ref in by_ref:
            done.add(ref)
        elif plan.start_date <= log.date < plan.end_date:
            extra[plan_week(plan.start_date, log.date)] += 1
    weeks = []
    for week in range(1, plan.weeks + 1):
        planned = plan.week(week - 1)
        count = sum(1 for s in planned if s.ref in done)
        upcoming = sum(
            1 for s in planned if today is not None and s.date > today and s.ref not in done
        )
        weeks.append(WeekAdherence(week, len(planned), count, extra[week], upcoming))
    return weeks


def decision_marks(
    decisions: Iterable[Decision], library: Library
) -> dict[str, list[tuple[dt.date, int, Action]]]:
    """Per family id: (date decided, ladder position decided on, action) for dated decisions
    that changed something (all but hold)."""
    marks: dict[str, list[tuple[dt.date, int, Action]]] = defaultdict(list)
    for d in decisions:
        vid = d.prescription.variation_id
        if d.decided_on is None or d.action is Action.HOLD or not library.has(vid):
            continue
        family = library.family_of(vid).family
        marks[family].append((d.decided_on, library.get(vid).ladder_position, d.action))
    return {f: sorted(m) for f, m in sorted(marks.items())}
