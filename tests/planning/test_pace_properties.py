"""Properties of the pace over generated logged histories on the bundled library's ladders:
at most one rung change per level period, never before ``min_sessions_at_level`` logged
sessions and ``min_days_at_level`` days there, and dose steps in the documented order."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from glutecoach.domain.log import SessionLog, SetLog
from glutecoach.domain.plan import Prescription
from glutecoach.domain.vocabulary import DoseLevel
from glutecoach.library.loader import load_library
from glutecoach.planning import Action, ProgressionParams, next_prescription
from glutecoach.planning.doses import DOSE_ORDER, start_variation
from tests.planning.factories import done_sets, dose_kind

LIBRARY = load_library()
PARAMS = ProgressionParams.from_guidelines(LIBRARY.guideline)
CLIMBABLE = tuple(v.id for v in LIBRARY.variations if LIBRARY.harder(v.id))
START = dt.date(2026, 12, 7)


@dataclass(frozen=True)
class Day:
    """One logged session as generated: days since the previous one and how it went."""

    gap_days: int
    kind: str  # "top", "aim", "poor", "pain-4", "missed"
    morning: int | None
    rpe: float | None


days = st.builds(
    Day,
    gap_days=st.integers(1, 8),
    kind=st.sampled_from(["top", "top", "top", "aim", "poor", "pain-4", "missed"]),
    morning=st.none() | st.integers(0, 2),
    rpe=st.none() | st.sampled_from([6.0, 8.0, 9.5, 10.0]),
)


def sets_for(p: Prescription, day: Day) -> tuple[SetLog, ...]:
    if day.kind == "missed":
        return ()
    reps = p.aim_reps if day.kind == "aim" else None
    good = 0.5 if day.kind == "poor" else 1.0
    pain = 4 if day.kind == "pain-4" else 0
    return done_sets(p, reps=reps, good_fraction=good, pain=pain, rpe=day.rpe)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow], derandomize=True
)
@given(
    start_id=st.sampled_from(CLIMBABLE),
    load_kg=st.none() | st.sampled_from([2.0, 5.0]),
    plan=st.lists(days, min_size=4, max_size=24),
)
@example(start_id=CLIMBABLE[0], load_kg=None, plan=[Day(2, "top", 0, None)] * 20)
@example(start_id=CLIMBABLE[-1], load_kg=None, plan=[Day(3, "top", None, 8.0)] * 20)
def test_at_most_one_rung_change_per_level_period(
    start_id: str, load_kg: float | None, plan: list[Day]
) -> None:
    current = start_variation(LIBRARY.get(start_id), DoseLevel.NOVICE, "start")
    if load_kg is not None and current.reps is not None:
        current = current.model_copy(update={"load_kg": load_kg})
    history: list[SessionLog] = []
    day = START
    level_since: dt.date | None = None
    level_sessions = 0
    steps: list[str] = []
    for index, entry in enumerate(plan):
        sets = sets_for(current, entry)
        log = SessionLog(date=day, sets=sets, pain_before=0, next_morning_pain=entry.morning)
        history.append(log)
        if sets:
            level_sessions += 1
            level_since = level_since or day
        following = day + dt.timedelta(
            days=plan[index + 1].gap_days if index + 1 < len(plan) else 2
        )
        decision = next_prescription(history, current, LIBRARY, PARAMS, as_of=following)
        new = decision.prescription
        if decision.changed_variation:
            if decision.action is Action.PROGRESS:
                assert (
                    LIBRARY.get(new.variation_id).ladder_position
                    > LIBRARY.get(current.variation_id).ladder_position
                )
                assert level_sessions >= PARAMS.min_sessions_at_level, decision.reason
                assert level_since is not None
                assert (following - level_since).days >= PARAMS.min_days_at_level
            level_since, level_sessions, steps = None, 0, []
        elif decision.action in (Action.REGRESS, Action.STEP_BACK, Action.REST):
            steps = []  # a lighter dose: the steps start again from there
        elif decision.action is Action.PROGRESS:
            kind = dose_kind(current, new)
            if kind not in (None, "reps"):
                steps.append(kind)
                ranks = [DOSE_ORDER.index(k) for k in steps]
                assert ranks == sorted(ranks), steps
            if kind == "load" and entry.rpe is not None:
                assert PARAMS.rpe_at_failure - entry.rpe >= PARAMS.load_reserve_min
        current = new
        day = following
