"""A tiny fixture library for planning tests: three short ladders and the cited guidelines.

The numbers in ``GUIDELINES`` mirror ``library/data/guidelines.yaml``; a test on the real
library checks that they still agree.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from glutecoach.domain.evidence import Guideline, Reference
from glutecoach.domain.exercise import Family, Variation
from glutecoach.domain.log import SessionLog, SetLog, Side
from glutecoach.domain.overrides import apply_overrides
from glutecoach.domain.plan import DayKind, Plan, PlannedSession, Prescription, RunningWeek
from glutecoach.domain.vocabulary import DoseLevel, EvidenceStatus, Pattern
from glutecoach.library.catalogue import Library
from glutecoach.planning import (
    PlanParams,
    ProgressionParams,
    generate_plan,
    prescriptions_for,
)
from glutecoach.services.guided import as_prescribed

GUIDELINES = (
    Guideline(
        id="pain-monitoring",
        statement="Pain 0-3 safe, 4-5 acceptable, above 5 unacceptable.",
        values={"safe_max": 3, "acceptable_max": 5},
        reference="silbernagel-2007",
        status=EvidenceStatus.V2,
    ),
    Guideline(
        id="novice-dosing",
        statement="8-12 RM, 2-3 days a week.",
        values={"reps_low": 8, "reps_high": 12, "days_min": 2, "days_max": 3},
        reference="acsm-2009",
        status=EvidenceStatus.V1,
    ),
    Guideline(
        id="novice-sets",
        statement="1-3 sets for novices.",
        values={"sets_min": 1, "sets_max": 3},
        reference="acsm-2009",
        status=EvidenceStatus.V2,
    ),
    Guideline(
        id="load-progression",
        statement="Add 2-10 % when 1-2 reps over target are possible.",
        values={
            "extra_reps_min": 1,
            "extra_reps_max": 2,
            "increase_min_pct": 2,
            "increase_max_pct": 10,
        },
        reference="acsm-2009",
        status=EvidenceStatus.V1,
    ),
    Guideline(
        id="rung-pace",
        statement="A new variation every 2 weeks, 3 sessions a week.",
        values={"days_per_rung": 14, "sessions_per_week": 3},
        reference="mckay-2020",
        status=EvidenceStatus.V1,
    ),
    Guideline(
        id="effort-scale",
        statement="RPE = 10 - reps in reserve.",
        values={"rpe_at_failure": 10},
        reference="zourdos-2016",
        status=EvidenceStatus.V1,
    ),
)


def guideline(guideline_id: str) -> Guideline:
    return next(g for g in GUIDELINES if g.id == guideline_id)


def dose(
    sets: int,
    per_side: bool,
    reps: tuple[int, int] | None = None,
    hold_s: int | None = None,
    load: str | None = None,
) -> dict[str, Any]:
    return {
        "sets": sets,
        "reps": reps,
        "hold_s": hold_s,
        "rest_s": 45,
        "per_side": per_side,
        "load": load,
    }


def variation(vid: str, position: int, novice: dict[str, Any]) -> Variation:
    return Variation.model_validate(
        {
            "id": vid,
            "name": vid.replace("-", " ").title(),
            "ladder_position": position,
            "summary": "Fixture variation.",
            "instructions": ["Get into position.", "Move slowly."],
            "position": "side-lying",
            "weight_bearing": False,
            "unilateral": novice["per_side"],
            "difficulty": min(5, position),
            "running_relevance": {"score": 2, "reason": "fixture"},
            "isolation": {"score": 4, "reason": "fixture"},
            "activation_estimate": {"band": "moderate", "reason": "fixture"},
            "evidence_note": "Fixture: no evidence records.",
            "dose": {"novice": novice, "intermediate": novice, "advanced": novice},
            "cues": ["Keep the pelvis still.", "Move from the hip."],
            "mistakes": [
                {
                    "id": f"{vid}.pelvis-rolls",
                    "name": "Pelvis rolls",
                    "description": "The pelvis rolls back.",
                    "cue": "Stack the hips.",
                    "view": "front",
                    "threshold": {
                        "metric": "pelvis_roll_deg",
                        "comparison": "above",
                        "value": 10,
                        "basis": "coaching-default",
                        "note": "fixture",
                    },
                }
            ],
        }
    )


def family(fid: str, *variations: Variation, pattern: Pattern = Pattern.ISOLATION) -> Family:
    return Family(
        family=fid,
        name=fid.title(),
        pattern=pattern,
        summary="Fixture ladder.",
        variations=variations,
    )


CLAM = family(
    "clam",
    variation("clam", 1, dose(2, True, reps=(8, 12))),
    variation("banded-clam", 2, dose(2, True, reps=(8, 12), load="light mini-band")),
    variation("heavy-band-clam", 3, dose(3, True, reps=(8, 12), load="heavy mini-band")),
)
BRIDGE = family(
    "bridge",
    variation("glute-bridge", 1, dose(3, False, reps=(8, 12))),
    variation("dumbbell-hip-thrust", 2, dose(3, False, reps=(8, 12), load="dumbbell on the hips")),
)
PLANK = family(
    "side-plank",
    variation("side-plank-knees", 1, dose(2, True, hold_s=20)),
    variation("side-plank", 2, dose(2, True, hold_s=20)),
)

REFERENCES = (
    Reference(
        key="silbernagel-2007", kind="full-paper", authors=("Silbernagel KG", "Thomee R"), year=2007
    ),
    Reference(key="acsm-2009", kind="review", group_author="ACSM", year=2009),
    Reference(key="mckay-2020", kind="full-paper", authors=("McKay J", "Maffulli N"), year=2020),
    Reference(key="zourdos-2016", kind="abstract", authors=("Zourdos MC", "Klemp A"), year=2016),
)
LADDER = Library(families=(CLAM, BRIDGE, PLANK), references=REFERENCES, guidelines=GUIDELINES)
PROGRESSION = ProgressionParams.from_guidelines(guideline)
PLAN = PlanParams.from_guidelines(guideline)


def start(vid: str, **changes: Any) -> Prescription:
    """The novice starting prescription for a fixture variation, with changes."""
    (p,) = prescriptions_for([LADDER.get(vid)], DoseLevel.NOVICE)
    return Prescription.model_validate({**p.model_dump(), **changes})


def reps_sets(
    vid: str,
    reps: int,
    good: int | None = None,
    pain: int = 0,
    n: int = 2,
    per_side: bool = True,
    load_kg: float | None = None,
) -> tuple[SetLog, ...]:
    """``n`` sets (each side when ``per_side``) of ``reps`` with ``good`` good-form reps."""
    sides = (Side.LEFT, Side.RIGHT) if per_side else (Side.BOTH,)
    good = reps if good is None else good
    return tuple(
        SetLog(
            variation_id=vid,
            side=side,
            reps_done=reps,
            good_form_reps=good,
            load_kg=load_kg,
            pain_during=pain,
        )
        for _ in range(n)
        for side in sides
    )


def hold_sets(
    vid: str, hold_s: int, good_s: int | None = None, pain: int = 0, n: int = 2
) -> tuple[SetLog, ...]:
    good_s = hold_s if good_s is None else good_s
    return tuple(
        SetLog(
            variation_id=vid, side=side, hold_s=hold_s, good_form_hold_s=good_s, pain_during=pain
        )
        for _ in range(n)
        for side in (Side.LEFT, Side.RIGHT)
    )


def session(
    day: dt.date, sets: tuple[SetLog, ...] = (), before: int | None = 0, morning: int | None = 0
) -> SessionLog:
    return SessionLog(date=day, sets=sets, pain_before=before, next_morning_pain=morning)


# Mon rest, Tue intervals, Wed easy, Thu rest, Fri easy, Sat long run, Sun rest
TYPICAL_WEEK = RunningWeek.from_days(
    (
        DayKind.REST,
        DayKind.INTERVALS,
        DayKind.EASY,
        DayKind.REST,
        DayKind.EASY,
        DayKind.LONG_RUN,
        DayKind.REST,
    )
)
MONDAY = dt.date(2025, 3, 3)


def roomy_plan() -> Plan:
    """An 8-week plan on the typical week with three exercises and 40 minutes a session."""
    roomy = apply_overrides(PLAN, {"minutes_per_session": 40})
    items = (start("banded-clam"), start("glute-bridge"), start("side-plank-knees"))
    return generate_plan("Ana", items, TYPICAL_WEEK, MONDAY, roomy)


def done_sets(
    p: Prescription,
    *,
    reps: int | None = None,
    good_fraction: float = 1.0,
    pain: int = 0,
    rpe: float | None = None,
) -> tuple[SetLog, ...]:
    """Every set of ``p`` on its legs, at the top of the range (or ``reps``) or the full hold,
    with that share of good form, the prescribed load, the pain and the effort given."""
    sides = [Side.LEFT, Side.RIGHT] if p.per_side else [Side.BOTH]
    if p.side is not None:
        sides = [Side(p.side.value)]
    if p.reps is not None:
        done = reps if reps is not None else p.reps[1]
        work: dict[str, int] = {"reps_done": done, "good_form_reps": int(done * good_fraction)}
    else:
        assert p.hold_s is not None
        work = {"hold_s": p.hold_s, "good_form_hold_s": int(p.hold_s * good_fraction)}
    return tuple(
        SetLog(
            variation_id=p.variation_id,
            side=side,
            load_kg=p.load_kg,
            rpe=rpe,
            pain_during=pain,
            **work,
        )
        for _ in range(p.sets)
        for side in sides
    )


def dose_kind(before: Prescription, after: Prescription) -> str | None:
    """Which dose step a decision on the same variation took (``doses.DOSE_ORDER`` names)."""
    if after.sets > before.sets:
        return "sets"
    if (after.hold_s or 0) > (before.hold_s or 0):
        return "hold time"
    if after.tempo != before.tempo:
        return "tempo"
    if after.load_note != before.load_note:
        return "band resistance"
    if (after.load_kg or 0) > (before.load_kg or 0):
        return "load"
    if (after.target_reps or 0) > (before.target_reps or 0):
        return "reps"
    return None


def prescribed_sets(session: PlannedSession) -> tuple[SetLog, ...]:
    """Every set of the session done as prescribed, as the guided session's one-tap sets log
    them (the prescribed band included); rested exercises are not done."""
    return tuple(
        as_prescribed(p, side)
        for p in session.prescriptions
        if not p.rested
        for _ in range(p.sets)
        for side in ((Side.LEFT, Side.RIGHT) if p.per_side else (Side.BOTH,))
    )
