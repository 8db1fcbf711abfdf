"""Today's session as a guided walk: every set of every exercise as one step, logged one tap
at a time, then finished as one stored session.

Each set tapped is stored at once as a draft set (so a phone that dies mid-session loses
nothing) under the step's own key: a second tap of the same step stores nothing. Finishing
turns the drafts into the day's session log and the progression decisions, and removes the
drafts, in one transaction.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from pydantic import ValidationError

from glutecoach.domain.log import SetLog, Side, parse_session_log
from glutecoach.domain.plan import PlannedSession, Prescription
from glutecoach.domain.vocabulary import BandResistance
from glutecoach.errors import InputError, InvalidFieldsError
from glutecoach.library.catalogue import Library
from glutecoach.planning.doses import band_in
from glutecoach.services.training import LogOutcome, RunnerState, runner_state_in, store_session
from glutecoach.validation import field_messages

if TYPE_CHECKING:
    from glutecoach.domain.exercise import Variation
    from glutecoach.services.runner_states import RunnerStates
    from glutecoach.storage.unit_of_work import Database, UnitOfWork


@dataclass(frozen=True)
class Step:
    """One set on one side: what to do, and whether it is logged yet."""

    key: str
    variation: Variation
    prescription: Prescription
    set_number: int
    side: Side
    logged: SetLog | None

    @property
    def is_hold(self) -> bool:
        return self.prescription.hold_s is not None

    @property
    def band(self) -> BandResistance | None:
        """The band the prescription names, if it is band work."""
        return band_in(self.prescription.load_note)


@dataclass(frozen=True)
class GuidedSession:
    """The session of ``day`` (None when nothing is planned that day) with its steps, or the
    next planned session; ``finished`` once the day's log is stored."""

    day: dt.date
    session: PlannedSession | None
    next_session: PlannedSession | None
    steps: tuple[Step, ...]
    finished: bool
    unfinished_days: tuple[dt.date, ...]
    morning_pain_due: dt.date | None
    """The latest session before ``today`` still waiting for its next-morning pain, if any."""
    bands: tuple[BandResistance, ...] = tuple(BandResistance)
    """The bands a set can be logged with: the runner's own, else every resistance."""

    @property
    def sets_logged(self) -> int:
        return sum(1 for s in self.steps if s.logged is not None)

    def band_choices(self, step: Step) -> tuple[BandResistance, ...]:
        """The bands a step can be logged with: the runner's and the prescribed one."""
        chosen = set(self.bands) | ({step.band} if step.band is not None else set())
        return tuple(sorted(chosen, key=lambda b: b.rank))


def step_key(day: dt.date, variation_id: str, set_number: int, side: Side) -> str:
    """The stable key of a step: the same step always has the same key, across reloads."""
    text = f"{day.isoformat()}|{variation_id}|{set_number}|{side.value}"
    return hashlib.sha256(text.encode()).hexdigest()


def _sides(prescription: Prescription) -> tuple[Side, ...]:
    return (Side.LEFT, Side.RIGHT) if prescription.per_side else (Side.BOTH,)


def _state_in(
    uow: UnitOfWork, library: Library, runner_id: str, states: RunnerStates | None
) -> RunnerState:
    """The runner's state, from ``states`` (kept between requests) when given."""
    if states is not None:
        return states.state_in(uow, runner_id)
    return runner_state_in(uow, library, runner_id)


def guided_session(
    database: Database,
    library: Library,
    runner_id: str,
    day: dt.date,
    today: dt.date | None = None,
    *,
    states: RunnerStates | None = None,
) -> GuidedSession:
    """The guided session of ``day``; ``today`` (default ``day``) decides whether a
    next-morning pain entry is due. ``states``: runner states kept between calls."""
    with database.unit_of_work(read_only=True) as uow:  # one transaction, one round of queries
        state = _state_in(uow, library, runner_id, states)
        drafts = uow.accounts.unfinished_drafts(runner_id)
    unfinished = tuple(d for d in drafts if d != day)
    logged = {
        d.set_log["key"]: SetLog.model_validate(d.set_log["set"]) for d in drafts.get(day, ())
    }
    session = state.plan.session_on(day)
    return GuidedSession(
        day=day,
        session=session,
        next_session=state.plan.next_session(day + dt.timedelta(days=1)),
        steps=_steps(library, day, session, logged),
        finished=state.log_on(day) is not None,
        unfinished_days=unfinished,
        morning_pain_due=_pain_due(state, today or day),
        bands=state.runner.profile.bands or tuple(BandResistance),
    )


def _steps(
    library: Library, day: dt.date, session: PlannedSession | None, logged: dict[str, SetLog]
) -> tuple[Step, ...]:
    steps = []
    for prescription in session.prescriptions if session is not None else ():
        variation = library.get(prescription.variation_id)
        for number in range(1, prescription.sets + 1):
            for side in _sides(prescription):
                key = step_key(day, variation.id, number, side)
                steps.append(Step(key, variation, prescription, number, side, logged.get(key)))
    return tuple(steps)


def _pain_due(state: RunnerState, today: dt.date) -> dt.date | None:
    latest = state.logs[-1].log if state.logs else None
    if latest is None or latest.date >= today or latest.next_morning_pain is not None:
        return None
    return latest.date


def as_prescribed(prescription: Prescription, side: Side) -> SetLog:
    """The set exactly as prescribed (with the prescribed band, if any), all of it in good
    form and without pain."""
    band = band_in(prescription.load_note)
    if prescription.hold_s is not None:
        return SetLog(
            variation_id=prescription.variation_id,
            side=side,
            hold_s=prescription.hold_s,
            good_form_hold_s=prescription.hold_s,
            load_kg=prescription.load_kg,
            pain_during=0,
            band=band,
        )
    reps = prescription.aim_reps
    return SetLog(
        variation_id=prescription.variation_id,
        side=side,
        reps_done=reps,
        good_form_reps=reps,
        load_kg=prescription.load_kg,
        pain_during=0,
        band=band,
    )


def log_step(
    database: Database,
    library: Library,
    runner_id: str,
    day: dt.date,
    step: str,
    detail: dict[str, Any] | None = None,
    *,
    states: RunnerStates | None = None,
) -> bool:
    """Log one step: as prescribed when ``detail`` is None, else with the runner's own numbers
    (reps or hold, good-form reps or hold, effort as RPE or reps in reserve, pain, the band
    used), checked by
    the log's own rules. Returns False when that step was already logged (a double tap):
    nothing changes. Reads the plan in force and stores the set in one transaction."""
    with database.unit_of_work() as uow:
        state = _state_in(uow, library, runner_id, states)
        if state.log_on(day) is not None:
            raise InputError(f"the session on {day.isoformat()} is already finished and stored")
        steps = _steps(library, day, state.plan.session_on(day), {})
        found = next((s for s in steps if s.key == step), None)
        if found is None:
            raise InputError(f"step: no set {step!r} in the session on {day.isoformat()}")
        if detail is None:
            set_log = as_prescribed(found.prescription, found.side)
        else:
            set_log = check_set(
                {"variation_id": found.variation.id, "side": found.side.value, **detail}
            )
        document = {"key": found.key, "set": set_log.model_dump(mode="json")}
        return uow.accounts.add_draft_set(runner_id, day, found.key, document)


def check_set(data: dict[str, Any]) -> SetLog:
    """A set by the log's own rules; ``InvalidFieldsError`` naming each field that is wrong."""
    try:
        return SetLog.model_validate(data)
    except ValidationError as exc:
        raise InvalidFieldsError("set", field_messages(exc)) from exc


def whole_score(field: str, raw: str, *, required: bool = False) -> int | None:
    """A 0-10 score typed in a form (pain before a session, pain next morning): None when left
    empty and optional; ``InvalidFieldsError`` naming ``field`` when not a whole number 0-10."""
    text = raw.strip()
    if not text:
        if required:
            raise InvalidFieldsError.one(field, "missing; choose a number from 0 to 10")
        return None
    if not text.isdigit() or int(text) > 10:
        raise InvalidFieldsError.one(field, f"{text!r}: use a whole number from 0 to 10")
    return int(text)


def finish_session(
    database: Database,
    library: Library,
    runner_id: str,
    day: dt.date,
    pain_before: int | None = None,
    notes: str = "",
) -> LogOutcome:
    """Store the day's tapped sets as its session log and decide progression, then drop the
    drafts; all or nothing. ``InputError`` if no set was logged."""

    def work(uow: UnitOfWork) -> LogOutcome:
        drafts = uow.accounts.draft_sets(runner_id, day)
        if not drafts:
            raise InputError("no set is logged yet: log at least one set before finishing")
        sets = tuple(SetLog.model_validate(d.set_log["set"]) for d in drafts)
        log = parse_session_log(
            {"date": day, "sets": sets, "pain_before": pain_before, "notes": notes}
        )
        outcome = store_session(uow, library, runner_id, log, today=day)
        uow.accounts.clear_draft_sets(runner_id, day)
        return outcome

    return database.write(work, saved=f"the session of {day.isoformat()}")
