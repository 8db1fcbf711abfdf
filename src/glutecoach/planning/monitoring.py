"""What a coach watches across athletes: adherence to the plan and the flags that ask for a
look (pain escalation, missed sessions, faults that keep coming back in technique checks).

Pure functions over plans, logs and check summaries. The pain threshold is the pain-monitoring
model's acceptable maximum (``ProgressionParams.pain_acceptable_max``, from the guideline it
cites); the other limits are coaching defaults, named as such in ``MonitoringParams``.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise

from glutecoach.domain.log import SessionLog
from glutecoach.domain.plan import Plan


@dataclass(frozen=True)
class MonitoringParams:
    """- ``adherence_days`` (28): adherence is counted over the last four weeks.
    - ``missed_window_days`` (14) and ``missed_sessions`` (2): this many planned sessions
      without a log in the window raise a flag (coaching default).
    - ``rising_sessions`` (3): pain during rising over this many sessions in a row raises a
      flag even below the acceptable maximum (coaching default).
    - ``recent_checks`` (3) and ``fault_repeats`` (2): a fault found in this many of the latest
      checks raises a flag (coaching default).
    - ``unreported_mornings`` (2): next-morning pain not entered after this many latest logged
      sessions raises a flag: it counts as not reported, so progression goes on without the
      24-hour response (coaching default).
    """

    adherence_days: int = 28
    missed_window_days: int = 14
    missed_sessions: int = 2
    rising_sessions: int = 3
    recent_checks: int = 3
    fault_repeats: int = 2
    unreported_mornings: int = 2


@dataclass(frozen=True)
class Adherence:
    planned: int
    done: int

    @property
    def fraction(self) -> float | None:
        return self.done / self.planned if self.planned else None


@dataclass(frozen=True)
class Flag:
    kind: str
    """'pain', 'missed', 'morning' or 'faults'."""
    message: str


def _planned_between(plan: Plan, start: dt.date, end: dt.date) -> list[dt.date]:
    return [s.date for s in plan.sessions if start <= s.date < end]


def adherence(plan: Plan, logs: Sequence[SessionLog], today: dt.date, days: int = 28) -> Adherence:
    """Planned sessions in the ``days`` before today, and how many were logged with sets."""
    planned = _planned_between(plan, today - dt.timedelta(days=days), today)
    logged = {log.date for log in logs if log.sets}
    return Adherence(len(planned), sum(day in logged for day in planned))


def latest_pain(logs: Sequence[SessionLog]) -> int | None:
    """The worst pain of the latest session: during its sets, or the next morning."""
    for log in sorted(logs, key=lambda entry: entry.date, reverse=True):
        values = [v for v in (log.max_pain_during(), log.next_morning_pain) if v is not None]
        if values:
            return max(values)
    return None


def flags(
    plan: Plan,
    logs: Sequence[SessionLog],
    check_faults: Sequence[Sequence[str]],
    today: dt.date,
    pain_acceptable_max: int,
    params: MonitoringParams | None = None,
) -> tuple[Flag, ...]:
    """The flags for one athlete. ``check_faults``: the fault names of each technique check,
    newest first."""
    p = params or MonitoringParams()
    out: list[Flag] = []
    ordered = sorted((log for log in logs if log.sets), key=lambda entry: entry.date)
    pains = [log.max_pain_during() or 0 for log in ordered]
    mornings = [log.next_morning_pain for log in ordered if log.next_morning_pain is not None]
    worst = max([*pains[-1:], *mornings[-1:]], default=0)
    if worst > pain_acceptable_max:
        out.append(
            Flag(
                "pain",
                f"pain {worst}/10 in the latest session, above the {pain_acceptable_max}/10 "
                "the pain-monitoring model accepts",
            )
        )
    else:
        recent = pains[-p.rising_sessions :]
        if len(recent) == p.rising_sessions and all(a < b for a, b in pairwise(recent)):
            out.append(
                Flag(
                    "pain",
                    f"pain during rising over the last {p.rising_sessions} sessions "
                    f"({' → '.join(map(str, recent))}/10)",
                )
            )
    window_start = today - dt.timedelta(days=p.missed_window_days)
    logged = {log.date for log in ordered}
    missed = [d for d in _planned_between(plan, window_start, today) if d not in logged]
    if len(missed) >= p.missed_sessions:
        out.append(
            Flag(
                "missed",
                f"{len(missed)} planned sessions missed in the last {p.missed_window_days} days",
            )
        )
    before = [log for log in ordered if log.date < today][-p.unreported_mornings :]
    if len(before) == p.unreported_mornings and all(
        log.next_morning_pain is None for log in before
    ):
        out.append(
            Flag(
                "morning",
                f"next-morning pain not entered after the last {p.unreported_mornings} sessions: "
                "it counts as not reported, so progression goes on without the 24-hour response",
            )
        )
    counts = Counter(name for faults in check_faults[: p.recent_checks] for name in set(faults))
    recurring = sorted(name for name, n in counts.items() if n >= p.fault_repeats)
    if recurring:
        out.append(
            Flag("faults", f"{', '.join(recurring)} found again in the latest technique checks")
        )
    return tuple(out)
