"""The plan in force: the stored plan with progression decisions applied, each from the day
after the session it was decided from. Pure.

Decisions are folded into the plan's sessions in one pass: each session's prescriptions are
edited in place while the decisions are applied in order, and a session is copied once at the
end, only when a decision changed it. The result is the same as applying the decisions one by
one to the whole plan, without copying the plan once per decision.
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from glutecoach.domain.plan import Plan, Prescription, SessionKind
from glutecoach.planning.plans import (
    PlanParams,
    adjust_for_kind,
    prescription_label,
    session_minutes,
)
from glutecoach.planning.progression import Decision


@dataclass(frozen=True)
class Window:
    """A decision and the dates it applies over: from ``start`` (inclusive) to ``until``
    (exclusive; None: to the end of the plan)."""

    decision: Decision
    start: dt.date
    until: dt.date | None = None


def current_prescriptions(plan: Plan, day: dt.date) -> tuple[Prescription, ...]:
    """The full (normal-week) prescriptions in force on ``day``: those of the first normal
    session on or after it (which carries every decision taken before ``day``), else the
    latest normal session before it, else the nearest session. This is the ``current`` to pass
    to ``next_prescription`` after a deload or taper session."""
    normal = [s for s in plan.sessions if s.kind is SessionKind.NORMAL]
    before = [s for s in normal if s.date < day]
    after = [s for s in normal if s.date >= day]
    if after:
        return after[0].prescriptions
    if before:
        return before[-1].prescriptions
    nearest = min(plan.sessions, key=lambda s: abs((s.date - day).days), default=None)
    return nearest.prescriptions if nearest else ()


def apply_decisions(plan: Plan, windows: Sequence[Window], params: PlanParams) -> Plan:
    """The plan with each decision applied, in order, to every session in its window: the
    decided exercise is replaced by the new prescription, adjusted for deload or taper; when
    the new exercise is already in that session, the decided one is left out instead."""
    sessions = plan.sessions
    dates = [s.date for s in sessions]
    items = [list(s.prescriptions) for s in sessions]
    notes = [list(s.notes) for s in sessions]
    changed: set[int] = set()
    for window in windows:
        decision = window.decision
        old = decision.previous.key
        new_key = decision.prescription.key
        adjusted: dict[SessionKind, Prescription] = {}
        first = bisect.bisect_left(dates, window.start)
        last = len(dates) if window.until is None else bisect.bisect_left(dates, window.until)
        for i in range(first, last):
            here = items[i]
            at = next((j for j, p in enumerate(here) if p.key == old), None)
            if at is None:
                continue
            if new_key != old and any(p.key == new_key for p in here):
                del here[at]
                notes[i].append(
                    f"{prescription_label(old)} left out: {prescription_label(new_key)} is "
                    "already in this session"
                )
            else:
                kind = sessions[i].kind
                if kind not in adjusted:
                    adjusted[kind] = adjust_for_kind(decision.prescription, kind, params)
                here[at] = adjusted[kind]
            changed.add(i)
    if not changed:
        return plan
    # A session's length is recomputed, never noted: notes would pile up decision after
    # decision. Readers compare ``minutes_planned`` with the plan's minutes per session.
    out = list(sessions)
    for i in changed:
        update = {
            "prescriptions": tuple(items[i]),
            "minutes_planned": session_minutes(items[i], params),
            "notes": tuple(dict.fromkeys(notes[i])),
        }
        out[i] = sessions[i].model_copy(update=update)
    return plan.model_copy(update={"sessions": tuple(out)})


def apply_decision(
    plan: Plan,
    decision: Decision,
    effective_from: dt.date,
    params: PlanParams,
    until: dt.date | None = None,
) -> Plan:
    """The plan with ``decision`` applied to every session on or after ``effective_from`` (and
    before ``until``, when given); see ``apply_decisions``."""
    return apply_decisions(plan, (Window(decision, effective_from, until),), params)
