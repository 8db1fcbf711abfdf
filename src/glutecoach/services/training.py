"""Use cases of the training log: make a plan, see today's session, log it, enter next-morning
pain, and let the plan adapt. Every use case is one transaction.

The stored plan is never rewritten. The plan in force is the stored plan with every stored
progression decision applied in the order it was made, each from the day after the session it
was decided from; so the history of changes is the decisions table itself, and any past state
can be rebuilt exactly.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from glutecoach.domain.log import SessionLog, SetLog
from glutecoach.domain.plan import Plan, PlannedSession, Prescription
from glutecoach.domain.profile import RunnerProfile
from glutecoach.errors import InputError, NotFoundError
from glutecoach.library.catalogue import Library
from glutecoach.planning import (
    Decision,
    PlanParams,
    apply_decision,
    current_prescriptions,
    generate_plan,
    merge_params,
    next_prescription,
)
from glutecoach.selection import RecommendationResult, recommend
from glutecoach.services.ladder import RunnerLadder

if TYPE_CHECKING:  # storage is only named in annotations; the caller opens the database
    from glutecoach.storage.records import (
        StoredDecision,
        StoredPlan,
        StoredRunner,
        StoredSessionLog,
    )
    from glutecoach.storage.unit_of_work import Database, UnitOfWork


@dataclass(frozen=True)
class RunnerState:
    """Everything stored for one runner, and the plan in force after all decisions."""

    runner: StoredRunner
    stored_plan: StoredPlan
    plan: Plan
    params: PlanParams
    logs: tuple[StoredSessionLog, ...]
    decisions: tuple[StoredDecision, ...]

    def log_on(self, day: dt.date) -> StoredSessionLog | None:
        return next((s for s in reversed(self.logs) if s.log.date == day), None)


@dataclass(frozen=True)
class LogOutcome:
    """What a log (or a next-morning pain entry) stored and decided."""

    log: StoredSessionLog
    decisions: tuple[Decision, ...]
    next_session: PlannedSession | None


def plan_params(library: Library, recorded: Mapping[str, Any] | None = None) -> PlanParams:
    """Plan parameters: cited defaults from the library, then what a plan recorded."""
    return merge_params(PlanParams.from_guidelines(library.guideline), dict(recorded or {}))


def build_plan(
    library: Library,
    profile: RunnerProfile,
    start_date: dt.date,
    overrides: Mapping[str, Any] | None = None,
) -> tuple[Plan, RecommendationResult]:
    """Select exercises for the profile and lay them out over the running week. Pure."""
    if profile.running is None:
        raise InputError(
            "the profile has no [running] week, which a plan is fitted around; add one "
            "(see docs/profile.md)"
        )
    params = plan_params(
        library, {"minutes_per_session": profile.minutes_per_session, **(overrides or {})}
    )
    # Selection fills the time left after the warm-up, which every session starts with.
    exercise_minutes = max(5, profile.minutes_per_session - params.warm_up_s // 60)
    result = recommend(
        library, profile.model_copy(update={"minutes_per_session": exercise_minutes})
    )
    if not result.recommended:
        raise InputError(" ".join(result.warnings) or "no exercise could be recommended")
    prescriptions = tuple(
        Prescription.from_dose(r.id, r.dose, reason=_chosen_because(r.reasons[0].text))
        for r in result.recommended
    )
    plan = generate_plan(profile.name, prescriptions, profile.running, start_date, params)
    return plan, result


def _chosen_because(first_reason: str) -> str:
    return f"Starting dose from the library. Chosen: {first_reason}"


def create_plan(
    database: Database,
    library: Library,
    profile: RunnerProfile,
    start_date: dt.date,
    overrides: Mapping[str, Any] | None = None,
) -> tuple[StoredRunner, StoredPlan, RecommendationResult]:
    """Store (or update) the runner and a new plan for them; the new plan is the one in use."""
    plan, result = build_plan(library, profile, start_date, overrides)
    with database.unit_of_work() as uow:
        runner = uow.runners.find(profile.name)
        if runner is None:
            runner = uow.runners.add(profile)
        elif runner.profile != profile:
            runner = uow.runners.update_profile(runner.id, profile)
        stored = uow.plans.add(runner.id, plan)
    return runner, stored, result


def resolve_runner(uow: UnitOfWork, ref: str | None) -> StoredRunner:
    """The runner named by ``ref`` (name, slug or id), or the only runner when ``ref`` is None."""
    if ref is not None:
        return uow.runners.resolve(ref)
    runners = uow.runners.list()
    if len(runners) == 1:
        return runners[0]
    if not runners:
        raise NotFoundError(
            "no runner in the database yet: create a plan first with "
            "'glutecoach plan --profile FILE'"
        )
    names = ", ".join(r.name for r in runners)
    raise InputError(f"several runners are stored ({names}); choose one with --runner NAME")


def _state(uow: UnitOfWork, library: Library, runner_ref: str | None) -> RunnerState:
    runner = resolve_runner(uow, runner_ref)
    stored_plan = uow.plans.latest(runner.id)
    if stored_plan is None:
        raise NotFoundError(
            f"{runner.name} has no plan yet: create one with 'glutecoach plan --profile FILE'"
        )
    logs = uow.logs.history(runner.id, plan_id=stored_plan.id)
    log_ids = {s.id for s in logs}
    decisions = tuple(d for d in uow.decisions.history(runner.id) if d.session_log_id in log_ids)
    params = plan_params(library, stored_plan.plan.parameters)
    plan = adapted_plan(stored_plan.plan, logs, decisions, params)
    return RunnerState(runner, stored_plan, plan, params, logs, decisions)


def adapted_plan(
    base: Plan,
    logs: Sequence[StoredSessionLog],
    decisions: Sequence[StoredDecision],
    params: PlanParams,
) -> Plan:
    """The stored plan with each decision applied, in order, from the day after its session.

    A decision that keeps its exercise only shapes the sessions up to the next decision for
    that exercise, which rewrites the rest; so it is applied only over that window. The result
    is the same as applying every decision to the end of the plan, without the quadratic cost.
    """
    dates = {s.id: s.log.date for s in logs}
    timed = [
        (dates[d.session_log_id] + dt.timedelta(days=1), d.decision)
        for d in decisions
        if d.session_log_id is not None
    ]
    plan = base
    for i, (start, decision) in enumerate(timed):
        until = None
        if not decision.changed_variation:
            same = decision.previous.variation_id
            until = next((at for at, d in timed[i + 1 :] if d.previous.variation_id == same), None)
        if until is None or until > start:
            plan = apply_decision(plan, decision, start, params, until)
    return plan


def runner_state(database: Database, library: Library, runner_ref: str | None) -> RunnerState:
    with database.unit_of_work() as uow:
        return _state(uow, library, runner_ref)


def _decide(
    state: RunnerState, library: Library, history: Sequence[SessionLog], log: SessionLog
) -> tuple[tuple[Decision, ...], PlannedSession | None]:
    """A decision for every exercise in force on the log's date."""
    planned = state.plan.session_on(log.date)
    upcoming = state.plan.next_session(log.date + dt.timedelta(days=1))
    as_of = upcoming.date if upcoming else log.date
    ladder = RunnerLadder(library, state.runner.profile)
    decisions = tuple(
        next_prescription(
            history,
            current,
            ladder,
            state.params.progression,
            as_of=as_of,
            performed=planned.prescription_for(current.variation_id) if planned else None,
        )
        for current in current_prescriptions(state.plan, log.date)
    )
    return decisions, upcoming


def log_session(
    database: Database, library: Library, runner_ref: str | None, log: SessionLog
) -> LogOutcome:
    """Store a session and the decisions it leads to, all or nothing."""
    with database.unit_of_work() as uow:
        return store_session(uow, library, runner_ref, log)


def store_session(
    uow: UnitOfWork, library: Library, runner_ref: str | None, log: SessionLog
) -> LogOutcome:
    """``log_session`` inside a unit of work the caller holds (e.g. with other writes that
    must land with the session, all or nothing)."""
    for set_log in log.sets:
        library.get(set_log.variation_id)  # NotFoundError with suggestions for a typo
    state = _state(uow, library, runner_ref)
    if state.log_on(log.date) is not None:
        raise InputError(
            f"a session on {log.date.isoformat()} is already logged for "
            f"{state.runner.name}; one session a day is stored"
        )
    stored = uow.logs.add(state.runner.id, _planned(state, log), plan_id=state.stored_plan.id)
    return _decide_and_store(uow, state, library, stored)


def log_checked_sets(
    database: Database,
    library: Library,
    runner_ref: str | None,
    day: dt.date,
    sets: tuple[SetLog, ...],
    analysis: dict[str, Any],
    video_name: str,
) -> LogOutcome:
    """Add sets measured by a video check to the runner's session on ``day`` (started if none
    is logged yet), store the analysis linked to that session, and decide again; all or
    nothing."""
    with database.unit_of_work() as uow:
        state = _state(uow, library, runner_ref)
        existing = state.log_on(day)
        if existing is None:
            log = _planned(state, SessionLog(date=day, sets=sets))
            stored = uow.logs.add(state.runner.id, log, plan_id=state.stored_plan.id)
        else:
            stored = uow.logs.add_sets(existing.id, sets, runner_id=state.runner.id)
        uow.analyses.add(state.runner.id, analysis, video_name=video_name, session_log_id=stored.id)
        return _decide_and_store(uow, state, library, stored)


def _planned(state: RunnerState, log: SessionLog) -> SessionLog:
    """The log pointing at the session planned on its date, if it does not say."""
    if log.planned_ref is None and (planned := state.plan.session_on(log.date)):
        return log.model_copy(update={"planned_ref": planned.ref})
    return log


def _decide_and_store(
    uow: UnitOfWork, state: RunnerState, library: Library, stored: StoredSessionLog
) -> LogOutcome:
    history = [s.log for s in state.logs if s.id != stored.id] + [stored.log]
    decisions, upcoming = _decide(state, library, history, stored.log)
    for decision in decisions:
        uow.decisions.add(state.runner.id, decision, session_log_id=stored.id)
    return LogOutcome(stored, decisions, _after(state, stored, decisions, upcoming))


def enter_next_morning_pain(
    database: Database,
    library: Library,
    runner_ref: str | None,
    score: int,
    session_date: dt.date | None = None,
) -> LogOutcome:
    """Enter next-morning pain for a logged session (default: the latest) and decide again."""
    with database.unit_of_work() as uow:
        state = _state(uow, library, runner_ref)
        target = (
            state.log_on(session_date) if session_date else (state.logs[-1] if state.logs else None)
        )
        if target is None:
            when = f"on {session_date.isoformat()}" if session_date else "yet"
            raise NotFoundError(f"no session logged {when} for {state.runner.name}")
        updated = uow.logs.set_next_morning_pain(target.id, score, runner_id=state.runner.id)
        return _decide_and_store(uow, state, library, updated)


def _after(
    state: RunnerState,
    stored: StoredSessionLog,
    decisions: Sequence[Decision],
    upcoming: PlannedSession | None,
) -> PlannedSession | None:
    """The next planned session as it now stands, with the new decisions applied."""
    if upcoming is None:
        return None
    plan = state.plan
    for decision in decisions:
        plan = apply_decision(plan, decision, stored.log.date + dt.timedelta(days=1), state.params)
    return plan.session_on(upcoming.date)
