"""Use cases of the training log: make a plan, see today's session, log it, enter next-morning
pain, and let the plan adapt. Every use case is one transaction.

Writers run through ``Database.write``: they take the write lock (and on PostgreSQL the
runner's row lock) before reading what they decide on, so concurrent logs for one runner take
turns and none decides without the sessions committed before it.

The stored plan is never rewritten. The plan in force is the stored plan with every stored
progression decision applied in the order it was made, each from the day after the session it
was decided from; so the history of changes is the decisions table itself, and any past state
can be rebuilt exactly.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from glutecoach.domain.analysis_record import AnalysisRecord
from glutecoach.domain.log import SessionLog, SetLog
from glutecoach.domain.overrides import apply_overrides
from glutecoach.domain.plan import Plan, PlannedSession, Prescription
from glutecoach.domain.profile import RunnerProfile
from glutecoach.domain.vocabulary import BodySide
from glutecoach.errors import InputError, NotFoundError
from glutecoach.library.catalogue import Library
from glutecoach.library.renderer import render_rule
from glutecoach.planning import (
    Decision,
    PlanParams,
    Window,
    apply_decisions,
    cap_to_time,
    current_prescriptions,
    generate_plan,
    next_prescription,
    room_s,
)
from glutecoach.planning.progression import revise
from glutecoach.selection import RecommendationResult, SelectionParams, recommend
from glutecoach.selection.params import warm_up_for
from glutecoach.selection.recommend import DOSE_LEVEL, main_reason
from glutecoach.selection.result import Recommendation
from glutecoach.selection.safety import RunnerSafety, side_steps
from glutecoach.services.ladder import RunnerLadder
from glutecoach.services.log_checks import confirm_or_refuse, log_questions, refuse_same_clip

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
    plan: Plan
    warnings: tuple[str, ...] = ()


def plan_params(library: Library, recorded: Mapping[str, Any] | None = None) -> PlanParams:
    """Plan parameters: cited defaults from the library, then what a plan recorded."""
    return apply_overrides(PlanParams.from_guidelines(library.guideline), dict(recorded or {}))


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
    safety = RunnerSafety(library, profile)
    defaults: dict[str, Any] = {"minutes_per_session": profile.minutes_per_session}
    if library.warm_up:
        defaults["warm_up"] = safety.warm_up()
    chosen = {**defaults, **(overrides or {})}
    if "warm_up_s" not in chosen:
        standard = PlanParams.from_guidelines(library.guideline).warm_up_s
        chosen["warm_up_s"] = warm_up_for(int(chosen["minutes_per_session"]), standard)
    params = plan_params(library, chosen)
    # The one selection: recommend fills the same minutes, warm-up and set-up time included.
    selection = SelectionParams(warm_up_s=params.warm_up_s, setup_s=params.setup_s)
    result = recommend(
        library,
        profile.model_copy(update={"minutes_per_session": params.minutes_per_session}),
        selection,
    )
    if not result.recommended:
        raise InputError(" ".join(result.warnings) or "no exercise could be recommended")
    excluded = frozenset(x.id for x in result.excluded)
    by_id = {r.id: r for r in result.recommended}
    rotation = tuple(
        tuple(p for vid in turn for p in side_prescriptions(safety, by_id[vid], excluded))
        for turn in result.sessions
    )
    plan = generate_plan(
        profile.name,
        rotation[0],
        profile.running,
        start_date,
        params,
        safety.cautions(),
        rotation=rotation,
    )
    left_out = tuple(f"Left out: {x.what}: {x.why}." for x in result.left_out)
    if left_out:
        plan = plan.model_copy(update={"notes": (*plan.notes, *left_out)})
    return plan, result


def _chosen_because(chosen: Recommendation) -> str:
    dose = chosen.dose_reason.text if chosen.dose_reason else "the library's, for your level."
    return f"Starting dose: {dose} Chosen: {main_reason(chosen)}"


def side_prescriptions(
    safety: RunnerSafety, chosen: Recommendation, excluded: frozenset[str]
) -> tuple[Prescription, ...]:
    """The chosen exercise as prescribed: one prescription for both legs, or, for a one-leg
    exercise whose legs differ (a painful side, a side the runner must not lie on), one per
    leg at its own step; a leg no step of the ladder suits gets none. A step the clinician
    allows carries the clinician's note."""
    library = safety.library
    v = library.get(chosen.id)
    reason = _chosen_because(chosen)
    if chosen.next_step:
        reason += f" Next step: {chosen.next_step}."
    out = [Prescription.from_dose(chosen.id, chosen.dose, reason=reason)]
    steps = side_steps(safety, chosen.id, excluded)
    split = v.unilateral and chosen.dose.per_side and any(x != chosen.id for x in steps.values())
    if split:
        out = []
        level = DOSE_LEVEL[safety.profile.strength_experience]
        for side, step in steps.items():
            if step is None:
                continue
            leg = side.value.capitalize()
            if step == chosen.id:
                text, dose = f"{reason} {leg} leg at the chosen step.", chosen.dose
            else:
                lower = library.get(step)
                why = safety.side_conflict(v, side) or (
                    "it hurts in this exercise family and the other leg does not"
                )
                text = f"{leg} leg starts lower, on {lower.name}: {why}."
                dose = lower.dose.for_level(level)
            p = Prescription.from_dose(step, dose, reason=text)
            out.append(revise(p, side=side, per_side=False))
    note = safety.profile.clinician.note if safety.profile.clinician else None
    return tuple(
        revise(p, reason=f"{p.reason} Your clinician allows it: {note}")
        if note and p.variation_id in safety.allowed
        else p
        for p in out
    )


def create_plan(
    database: Database,
    library: Library,
    profile: RunnerProfile,
    start_date: dt.date,
    overrides: Mapping[str, Any] | None = None,
) -> tuple[StoredRunner, StoredPlan, RecommendationResult]:
    """Store (or update) the runner and a new plan for them; the new plan is the one in use."""
    plan, result = build_plan(library, profile, start_date, overrides)

    def work(uow: UnitOfWork) -> tuple[StoredRunner, StoredPlan]:
        runner = uow.runners.find(profile.name)
        if runner is None:
            runner = uow.runners.add(profile)
        elif runner.name != profile.name and runner.name.casefold() == profile.name.casefold():
            raise InputError(
                f"a runner named {runner.name!r} already exists and names are compared "
                f"ignoring case: write name = {runner.name!r} in the profile to plan for "
                f"them, or choose another name for a new runner"
            )
        elif runner.profile != profile:
            runner = uow.runners.update_profile(runner.id, profile)
        return runner, uow.plans.add(runner.id, plan)

    runner, stored = database.write(work, saved=f"the plan for {profile.name}")
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


def _state(
    uow: UnitOfWork, library: Library, runner_ref: str | None, *, lock: bool = False
) -> RunnerState:
    """The runner's state; with ``lock``, after taking the runner's write lock (for writers)."""
    runner = resolve_runner(uow, runner_ref)
    if lock:
        uow.runners.lock(runner.id)
    stored_plan = uow.plans.latest(runner.id)
    if stored_plan is None:
        raise NotFoundError(
            f"{runner.name} has no plan yet: create one with 'glutecoach plan --profile FILE'"
        )
    logs = uow.logs.history(runner.id, plan_id=stored_plan.id)
    decisions = uow.decisions.history(runner.id, plan_id=stored_plan.id)
    params = plan_params(library, stored_plan.plan.parameters)
    plan = cap_to_time(adapted_plan(stored_plan.plan, logs, decisions, params), params)
    return RunnerState(runner, stored_plan, plan, params, logs, decisions)


def adapted_plan(
    base: Plan,
    logs: Sequence[StoredSessionLog],
    decisions: Sequence[StoredDecision],
    params: PlanParams,
) -> Plan:
    """The stored plan with each decision applied, in order, from the day after its session.

    A session decided again (next-morning pain entered, checked sets added) keeps only its
    latest decision per exercise: the earlier one was taken on less of the session.

    A decision that keeps its exercise only shapes the sessions up to the next decision for
    that exercise, which rewrites the rest; so it is applied only over that window. The result
    is the same as applying every decision to the end of the plan, without the quadratic cost.
    """
    dates = {s.id: s.log.date for s in logs}
    timed = [
        (dates[d.session_log_id] + dt.timedelta(days=1), d.decision)
        for d in current_decisions(decisions)
        if d.session_log_id is not None
    ]
    windows: list[Window] = []
    next_start: dict[str, dt.date] = {}  # the next decision's start, by exercise decided for
    for start, decision in reversed(timed):
        same = decision.previous.variation_id
        until = None if decision.changed_variation else next_start.get(same)
        next_start[same] = start
        if until is None or until > start:
            windows.append(Window(decision, start, until))
    return apply_decisions(base, windows[::-1], params)


def current_decisions(decisions: Sequence[StoredDecision]) -> tuple[StoredDecision, ...]:
    """The decisions in force, in order: for each session and exercise, the latest one."""
    latest = {(d.session_log_id, d.decision.previous.key): d for d in decisions}
    return tuple(d for d in decisions if latest[(d.session_log_id, d.decision.previous.key)] is d)


def _before_session(state: RunnerState, log_id: str) -> RunnerState:
    """The state as it was before ``log_id`` was decided, for deciding that session again."""
    if not any(d.session_log_id == log_id for d in state.decisions):
        return state
    kept = tuple(d for d in state.decisions if d.session_log_id != log_id)
    plan = adapted_plan(state.stored_plan.plan, state.logs, kept, state.params)
    return replace(state, plan=cap_to_time(plan, state.params), decisions=kept)


def runner_state(database: Database, library: Library, runner_ref: str | None) -> RunnerState:
    with database.unit_of_work(read_only=True) as uow:
        return _state(uow, library, runner_ref)


def runner_state_in(uow: UnitOfWork, library: Library, runner_ref: str | None) -> RunnerState:
    """``runner_state`` inside a unit of work the caller holds (to read more in the same
    transaction, or to write after reading)."""
    return _state(uow, library, runner_ref)


def _decide(
    state: RunnerState, library: Library, history: Sequence[SessionLog], log: SessionLog
) -> tuple[tuple[Decision, ...], PlannedSession | None]:
    """A decision for every exercise in force on the log's date."""
    planned = state.plan.session_on(log.date)
    upcoming = state.plan.next_session(log.date + dt.timedelta(days=1))
    as_of = upcoming.date if upcoming else log.date
    ladder = RunnerLadder(library, state.runner.profile)
    ladders = {side: ladder.for_side(side) for side in (None, *BodySide)}
    assert ladder.safety is not None
    cleared = ladder.safety.allowed
    room = room_s(upcoming.prescriptions, state.params) if upcoming else None
    decisions = tuple(
        next_prescription(
            history,
            current,
            ladders[current.side],
            state.params.progression,
            as_of=as_of,
            performed=planned.prescription_for(*current.key) if planned else None,
            cleared=cleared,
            room_s=room,
            kit=ladder,
        )
        for current in current_prescriptions(state.plan, log.date)
    )
    return decisions, upcoming


def log_session(
    database: Database,
    library: Library,
    runner_ref: str | None,
    log: SessionLog,
    *,
    force: bool = False,
    today: dt.date | None = None,
) -> LogOutcome:
    """Store a session and the decisions it leads to, all or nothing.

    ``ConfirmationError`` (nothing stored) for a date before the plan or after ``today``
    (default: the local date) or an exercise the plan leaves out, unless ``force``."""
    return database.write(
        lambda uow: store_session(uow, library, runner_ref, log, force=force, today=today),
        saved=f"the session of {log.date.isoformat()}",
    )


def store_session(
    uow: UnitOfWork,
    library: Library,
    runner_ref: str | None,
    log: SessionLog,
    *,
    force: bool = False,
    today: dt.date | None = None,
) -> LogOutcome:
    """``log_session`` inside a write transaction the caller holds (e.g. with other writes
    that must land with the session, all or nothing)."""
    for set_log in log.sets:
        library.get(set_log.variation_id)  # NotFoundError with suggestions for a typo
    state = _state(uow, library, runner_ref, lock=True)
    if state.log_on(log.date) is not None:
        raise InputError(
            f"a session on {log.date.isoformat()} is already logged for "
            f"{state.runner.name}; one session a day is stored"
        )
    confirm_or_refuse(log_questions(state, library, log, today or dt.date.today()), force)
    stored = uow.logs.add(state.runner.id, _planned(state, log), plan_id=state.stored_plan.id)
    return _decide_and_store(uow, state, library, stored)


def log_checked_sets(
    database: Database,
    library: Library,
    runner_ref: str | None,
    day: dt.date,
    sets: tuple[SetLog, ...],
    analysis: AnalysisRecord,
    video_name: str,
    *,
    force: bool = False,
    today: dt.date | None = None,
) -> LogOutcome:
    """Add sets measured by a video check to the runner's session on ``day`` (started if none
    is logged yet), store the analysis linked to that session, and decide again; all or
    nothing. Refused when the same clip already fed that session, and ``ConfirmationError``
    as for ``log_session``, unless ``force``."""
    sha256 = analysis.video_sha256
    when = today or dt.date.today()

    def work(uow: UnitOfWork) -> LogOutcome:
        state = _state(uow, library, runner_ref, lock=True)
        existing = state.log_on(day)
        log = SessionLog(date=day, sets=sets)
        confirm_or_refuse(log_questions(state, library, log, when), force)
        if existing is None:
            stored = uow.logs.add(
                state.runner.id, _planned(state, log), plan_id=state.stored_plan.id
            )
        else:
            if not force:
                analyses = uow.analyses.history(state.runner.id)
                refuse_same_clip(analyses, existing.id, sha256, day)
            stored = uow.logs.add_sets(existing.id, sets, runner_id=state.runner.id)
        uow.analyses.add(state.runner.id, analysis, video_name=video_name, session_log_id=stored.id)
        return _decide_and_store(uow, state, library, stored)

    return database.write(work, saved=f"the checked sets in the session of {day.isoformat()}")


def _planned(state: RunnerState, log: SessionLog) -> SessionLog:
    """The log pointing at the session planned on its date, if it does not say."""
    if log.planned_ref is None and (planned := state.plan.session_on(log.date)):
        return log.model_copy(update={"planned_ref": planned.ref})
    return log


def _decide_and_store(
    uow: UnitOfWork, state: RunnerState, library: Library, stored: StoredSessionLog
) -> LogOutcome:
    history = [s.log for s in state.logs if s.id != stored.id] + [stored.log]
    state = _before_session(state, stored.id)
    decisions, upcoming = _decide(state, library, history, stored.log)
    uow.decisions.add_all(state.runner.id, decisions, session_log_id=stored.id)
    start = stored.log.date + dt.timedelta(days=1)
    plan = apply_decisions(state.plan, [Window(d, start) for d in decisions], state.params)
    after = plan.session_on(upcoming.date) if upcoming else None
    warnings = RunnerSafety(library, state.runner.profile).set_warnings(stored.log.sets)
    decided = {d.variation_id for d in decisions}
    limit = state.params.progression.pain_acceptable_max
    unplanned = {s.variation_id for s in stored.log.sets if s.pain_during > limit} - decided
    if unplanned:
        rule = library.guideline("pain-monitoring")
        above = render_rule(
            rule, "{acceptable_max:g}/10", library, values={"acceptable_max": limit}
        )
        warnings += tuple(
            f"{library.get(vid).name} hurt above {above.text} and is not in your plan now: stop "
            "it and see a physiotherapist before doing it again."
            for vid in sorted(unplanned)
        )
    return LogOutcome(stored, decisions, after, plan, warnings)


def enter_next_morning_pain(
    database: Database,
    library: Library,
    runner_ref: str | None,
    score: int,
    session_date: dt.date | None = None,
) -> LogOutcome:
    """Enter next-morning pain for a logged session (default: the latest) and decide again."""

    def work(uow: UnitOfWork) -> LogOutcome:
        state = _state(uow, library, runner_ref, lock=True)
        target = (
            state.log_on(session_date) if session_date else (state.logs[-1] if state.logs else None)
        )
        if target is None:
            when = f"on {session_date.isoformat()}" if session_date else "yet"
            raise NotFoundError(f"no session logged {when} for {state.runner.name}")
        updated = uow.logs.set_next_morning_pain(target.id, score, runner_id=state.runner.id)
        return _decide_and_store(uow, state, library, updated)

    return database.write(work, saved="the next-morning pain")
