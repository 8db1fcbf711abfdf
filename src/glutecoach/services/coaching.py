"""The coach's side: invitation links, the roster of athletes with their adherence, pain,
flags and last check, an athlete's read-only view, and the coach's notes with their
clinician allow/forbid list of exercises for that athlete.

A coach sees an athlete only after the athlete accepted (by the link, or an invitation by
email); the athlete can end it at any time (``access.end_coaching``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from glutecoach.domain.gait import GAIT_EXERCISE_ID
from glutecoach.domain.profile import RunnerProfile
from glutecoach.errors import AccessError, InputError, InvalidFieldsError, NotFoundError
from glutecoach.library.catalogue import Library
from glutecoach.planning.monitoring import Adherence, Flag, adherence, flags, latest_pain
from glutecoach.services import access
from glutecoach.services.accounts import Role, digest, new_secret
from glutecoach.services.training import RunnerState, runner_state
from glutecoach.storage.accounts import StoredUser
from glutecoach.storage.records import StoredAnalysis
from glutecoach.storage.unit_of_work import Database
from glutecoach.storage.video_jobs import StoredCoachNote, StoredVideoJob

INVITE_PURPOSE = "invite"
INVITE_DAYS = 14
NOTES_MAX_CHARS = 5000


def create_invite_link_code(database: Database, coach: StoredUser) -> str:
    """A one-time invitation code (valid ``INVITE_DAYS`` days) for the coach's link."""
    if coach.role != Role.COACH:
        raise AccessError("only a coach account can invite athletes")
    code = new_secret()
    with database.unit_of_work() as uow:
        expires = database.clock() + dt.timedelta(days=INVITE_DAYS)
        uow.accounts.add_code(digest(code), INVITE_PURPOSE, expires, user_id=coach.id)
    return code


def accept_invite_link(database: Database, athlete: StoredUser, code: str) -> StoredUser:
    """The runner accepts a coach's invitation link (once); returns the coach."""
    access.require_runner(athlete)
    with database.unit_of_work() as uow:
        taken = uow.accounts.take_code(digest(code), INVITE_PURPOSE)
        if taken is None or taken[0] is None:
            raise InputError(
                "this invitation link is not valid (used, expired or mistyped); ask your coach "
                "for a new one"
            )
        coach = uow.accounts.get_user(taken[0])
        uow.accounts.add_coach_link(coach.id, athlete.id)
        uow.accounts.accept_coach_link(coach.id, athlete.id)
        return coach


@dataclass(frozen=True)
class RosterEntry:
    user_id: str
    email: str
    runner_id: str | None
    name: str | None
    adherence: Adherence | None
    latest_pain: int | None
    flags: tuple[Flag, ...]
    last_check: StoredAnalysis | StoredVideoJob | None


def _technique_faults(analyses: tuple[StoredAnalysis, ...]) -> list[list[str]]:
    checks = [a for a in analyses if a.exercise != GAIT_EXERCISE_ID]
    return [[str(f["name"]) for f in a.result.get("faults", [])] for a in reversed(checks)]


def _entry(
    database: Database, library: Library, athlete: access.Athlete, today: dt.date
) -> RosterEntry:
    if athlete.runner_id is None:
        return RosterEntry(athlete.user_id, athlete.email, None, None, None, None, (), None)
    state: RunnerState = runner_state(database, library, athlete.runner_id)
    logs = [s.log for s in state.logs]
    with database.unit_of_work() as uow:
        analyses = uow.analyses.history(athlete.runner_id)
        jobs = uow.video_jobs.list_for(athlete.runner_id)
    last: StoredAnalysis | StoredVideoJob | None = jobs[0] if jobs else None
    if analyses and (last is None or analyses[-1].created_at > last.created_at):
        last = analyses[-1]
    pain_max = state.params.progression.pain_acceptable_max
    return RosterEntry(
        athlete.user_id,
        athlete.email,
        athlete.runner_id,
        state.runner.name,
        adherence(state.plan, logs, today),
        latest_pain(logs),
        flags(state.plan, logs, _technique_faults(analyses), today, pain_max),
        last,
    )


def roster(
    database: Database, library: Library, coach: StoredUser, today: dt.date
) -> tuple[RosterEntry, ...]:
    """Every athlete who accepted the coach, flagged ones first."""
    entries = [_entry(database, library, a, today) for a in access.athletes(database, coach)]
    return tuple(sorted(entries, key=lambda e: (not e.flags, (e.name or e.email).lower())))


@dataclass(frozen=True)
class AthleteView:
    entry: RosterEntry
    profile: RunnerProfile
    state: RunnerState
    jobs: tuple[StoredVideoJob, ...]
    note: StoredCoachNote


def _athlete(database: Database, coach: StoredUser, runner_id: str) -> access.Athlete:
    for athlete in access.athletes(database, coach):
        if athlete.runner_id == runner_id:
            return athlete
    raise NotFoundError(f"no athlete {runner_id!r} of yours")


def athlete_view(
    database: Database, library: Library, coach: StoredUser, runner_id: str, today: dt.date
) -> AthleteView:
    """One athlete's training, read-only, with the coach's notes."""
    athlete = _athlete(database, coach, runner_id)
    entry = _entry(database, library, athlete, today)
    state = runner_state(database, library, runner_id)
    with database.unit_of_work() as uow:
        jobs = uow.video_jobs.list_for(runner_id)
        note = uow.video_jobs.coach_note(coach.id, athlete.user_id)
    return AthleteView(entry, state.runner.profile, state, jobs, note)


def coach_note(database: Database, coach: StoredUser, runner_id: str) -> StoredCoachNote:
    athlete = _athlete(database, coach, runner_id)
    with database.unit_of_work() as uow:
        return uow.video_jobs.coach_note(coach.id, athlete.user_id)


def save_note(
    database: Database,
    library: Library,
    coach: StoredUser,
    runner_id: str,
    notes: str,
    allowed: tuple[str, ...],
    forbidden: tuple[str, ...],
) -> StoredCoachNote:
    """Save the coach's notes and allow/forbid list for one athlete (exercise ids checked)."""
    athlete = _athlete(database, coach, runner_id)
    if len(notes) > NOTES_MAX_CHARS:
        raise InvalidFieldsError.one("notes", f"at most {NOTES_MAX_CHARS} characters")
    if "\x00" in notes:
        raise InvalidFieldsError.one(
            "notes", "contains a NUL character; type or paste the text again"
        )
    for name, ids in (("allowed", allowed), ("forbidden", forbidden)):
        for exercise in ids:
            try:
                library.get(exercise)
            except NotFoundError as exc:
                raise InvalidFieldsError.one(name, str(exc)) from exc
    both = sorted(set(allowed) & set(forbidden))
    if both:
        raise InvalidFieldsError.one(
            "forbidden", f"{', '.join(both)} cannot be both allowed and forbidden"
        )
    with database.unit_of_work() as uow:
        uow.video_jobs.set_coach_note(
            coach.id, athlete.user_id, notes.strip(), tuple(allowed), tuple(forbidden)
        )
        return uow.video_jobs.coach_note(coach.id, athlete.user_id)
