"""The JSON documents of ``plan``, ``today``, ``log`` and ``morning-pain`` (docs/cli-json.md).

Every prescribed exercise names the legs that work (``sides``) and, for side-lying and
side-plank work, the side the body rests on (``lying_on``); such work done on both legs is
listed once per leg so that ``lying_on`` names one side.
"""

from __future__ import annotations

from typing import Any

from glutecoach.domain.plan import Plan, PlannedSession, Prescription
from glutecoach.domain.vocabulary import BodySide, Equipment
from glutecoach.library.catalogue import Library
from glutecoach.planning import Decision
from glutecoach.reports.guidance import caution_source, pain_limits

SCHEMA_VERSION = 1
BANDS = (Equipment.MINI_BAND, Equipment.LONG_BAND)


def _load(p: Prescription, library: Library) -> dict[str, Any]:
    """{kind: kg | band | none, kg, band, note}: what adds resistance."""
    v = library.get(p.variation_id)
    band = next((e.value for e in v.equipment if e in BANDS), None)
    if p.load_kg is not None:
        kind = "kg"
    elif band is not None:
        kind = "band"
    else:
        kind = "none"
    return {"kind": kind, "kg": p.load_kg, "band": band, "note": p.load_note}


def exercise_entries(
    p: Prescription, library: Library, conditions: frozenset[str]
) -> list[dict[str, Any]]:
    """The prescription as JSON: one entry, or one per working leg for lying work."""
    v = library.get(p.variation_id)
    base: dict[str, Any] = {
        "id": v.id,
        "name": v.name,
        "family": library.family_of(v.id).family,
        "sets": p.sets,
        "reps": list(p.reps) if p.reps else None,
        "unit": p.unit.value,
        "target_reps": p.target_reps,
        "hold_s": p.hold_s,
        "tempo": p.tempo,
        "rest_s": p.rest_s,
        "load": _load(p, library),
        "rested": p.rested,
        "reason": p.reason,
        "text": p.text(),
        "cautions": [
            {"condition": c.condition.value, "action": c.action, "note": c.note}
            for c in v.cautions
            if c.condition.value in conditions
        ],
    }
    legs = p.legs()
    if any(v.lying_on(leg) for leg in legs) and len(legs) > 1:
        return [
            {**base, "sides": [leg.value], "lying_on": _side(v.lying_on(leg)), "per_side": False}
            for leg in legs
        ]
    lying = v.lying_on(legs[0]) if len(legs) == 1 else None
    return [
        {**base, "sides": [leg.value for leg in legs], "lying_on": _side(lying),
         "per_side": p.per_side}
    ]  # fmt: skip


def _side(side: BodySide | None) -> str | None:
    return side.value if side is not None else None


def cautions_json(plan: Plan, library: Library) -> list[dict[str, Any]]:
    out = []
    for c in plan.cautions:
        citation = None
        if c.reference:
            try:
                citation = library.reference(c.reference).full()
            except KeyError:
                citation = None
        out.append(
            {
                "id": c.id,
                "condition": c.condition.value,
                "text": c.text,
                "reference": c.reference,
                "citation": citation,
                "status": c.status.value if c.status else None,
                "basis": c.basis,
                "shown_as": caution_source(c, library),
            }
        )
    return out


def _conditions(plan: Plan) -> frozenset[str]:
    return frozenset(c.condition.value for c in plan.cautions)


def session_json(session: PlannedSession, plan: Plan, library: Library) -> dict[str, Any]:
    own = _conditions(plan)
    return {
        "date": session.date.isoformat(),
        "week": session.week_index + 1,
        "kind": session.kind.value,
        "minutes_planned": session.minutes_planned,
        "warm_up": list(session.warm_up),
        "exercises": [e for p in session.prescriptions for e in exercise_entries(p, library, own)],
        "notes": list(session.notes),
    }


def plan_json(plan: Plan, library: Library, plan_id: str | None = None) -> dict[str, Any]:
    """The whole plan: cautions for the runner's conditions, then every session."""
    weekdays = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
    return {
        "schema_version": SCHEMA_VERSION,
        "runner": plan.runner,
        "plan_id": plan_id,
        "start_date": plan.start_date.isoformat(),
        "weeks": plan.weeks,
        "strength_days": [weekdays[d] for d in plan.strength_weekdays],
        "race_date": plan.running_week.race_date.isoformat()
        if plan.running_week.race_date
        else None,
        "algorithm_version": plan.algorithm_version,
        "cautions": cautions_json(plan, library),
        "stop_rules": list(pain_limits(library).stop_rules()),
        "notes": list(plan.notes),
        "sessions": [session_json(s, plan, library) for s in plan.sessions],
    }


def decision_json(d: Decision, library: Library) -> dict[str, Any]:
    p = d.prescription
    return {
        "id": d.variation_id,
        "side": _side(d.previous.side),
        "action": d.action.value,
        "rule": d.rule,
        "rule_version": d.rule_version,
        "algorithm_version": d.algorithm_version,
        "escalated": d.escalated,
        "reason": d.reason,
        "references": list(d.references),
        "next": {
            "id": p.variation_id,
            "name": library.get(p.variation_id).name,
            "text": p.text(),
            "rested": p.rested,
        },
    }


def escalations_json(decisions: tuple[Decision, ...], library: Library) -> list[dict[str, Any]]:
    """One entry per escalated exercise: what to stop, and the plain message."""
    return [
        {
            "id": d.variation_id,
            "name": library.get(d.variation_id).name,
            "side": _side(d.previous.side),
            "message": escalation_message(d, library),
        }
        for d in decisions
        if d.escalated
    ]


def escalation_message(d: Decision, library: Library) -> str:
    name = library.get(d.variation_id).name
    leg = f" ({d.previous.side.value} leg)" if d.previous.side else ""
    return f"{name}{leg}: {d.reason}"
