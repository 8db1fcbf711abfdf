"""Checks before a session is stored: sets where they do not belong, and sets recorded twice.

* An exercise the plan leaves out (it hurts, conflicts with a caution, needs missing equipment
  or is too hard for now: the selection's exclusions for the stored profile) and that is not in
  the plan in force on that day, a date before the plan starts, and a date after today are
  *questions*: ``ConfirmationError`` lists them; the CLI asks at a terminal, and ``--force``
  accepts them.
* The same clip (same SHA-256) logged twice into one session is *refused*, naming the earlier
  log; ``--force`` adds it anyway (e.g. the same set filmed once but logged for two sides by
  mistake is better corrected than doubled).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import TYPE_CHECKING

from glutecoach.domain.glossary import plural
from glutecoach.domain.log import SessionLog
from glutecoach.errors import ConfirmationError, InputError
from glutecoach.library.catalogue import Library
from glutecoach.planning import current_prescriptions
from glutecoach.selection.recommend import excluded_variations

if TYPE_CHECKING:
    from glutecoach.services.training import RunnerState
    from glutecoach.storage.records import StoredAnalysis


def log_questions(
    state: RunnerState, library: Library, log: SessionLog, today: dt.date
) -> tuple[str, ...]:
    """Why this log may be a mistake, one sentence each (empty when it looks right)."""
    questions: list[str] = []
    start = state.stored_plan.plan.start_date
    if log.date < start:
        questions.append(f"{log.date.isoformat()} is before the plan starts ({start.isoformat()})")
    if log.date > today:
        questions.append(f"{log.date.isoformat()} is in the future (today is {today.isoformat()})")
    questions += excluded_exercises(state, library, log.variation_ids(), log.date)
    return tuple(questions)


def excluded_exercises(
    state: RunnerState, library: Library, variation_ids: Iterable[str], day: dt.date
) -> list[str]:
    """A sentence for each exercise the runner's plan leaves out and does not hold that day:
    the plan in force holds what its sessions within a week of ``day`` prescribe (sessions
    take turns, and a deload week lists fewer sets), and what the next normal session does."""
    ids = list(dict.fromkeys(variation_ids))
    if not ids:
        return []
    week = dt.timedelta(days=7)
    in_force = {p.variation_id for p in current_prescriptions(state.plan, day)} | {
        p.variation_id
        for s in state.plan.sessions
        if abs(s.date - day) <= week
        for p in s.prescriptions
    }
    if in_force.issuperset(ids):
        return []  # all in the plan that day: no need to rebuild the selection
    excluded = {x.id: x for x in excluded_variations(library, state.runner.profile)}
    out = []
    for vid in ids:
        if vid in excluded and vid not in in_force:
            x = excluded[vid]
            instead = ""
            if x.alternative:
                instead = f" (the plan offers {library.get(x.alternative).name} instead)"
            out.append(f"the plan leaves out {x.name} because {x.why}{instead}")
    return out


def confirm_or_refuse(questions: tuple[str, ...], force: bool) -> None:
    """``ConfirmationError`` unless there is nothing to ask or ``force`` accepts it all."""
    if questions and not force:
        raise ConfirmationError(questions)


def refuse_same_clip(
    analyses: Iterable[StoredAnalysis], session_log_id: str, sha256: str | None, day: dt.date
) -> None:
    """``InputError`` naming the earlier log when the clip ``sha256`` already fed the session."""
    if not sha256:
        return
    for earlier in analyses:
        video = earlier.result.get("video") or {}
        if earlier.session_log_id == session_log_id and video.get("sha256") == sha256:
            when = earlier.created_at.astimezone().strftime("%Y-%m-%d %H:%M")
            raise InputError(
                f"this clip was already logged into the session of {day.isoformat()} (as "
                f"{earlier.video_name!r}, {plural(earlier.rep_count, 'rep')} of "
                f"{earlier.exercise}, "
                f"logged {when}); logging it again would count its sets twice. Nothing was "
                "stored: add --force to add it anyway"
            )
