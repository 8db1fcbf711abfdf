"""Logging a technique check as training: the check's sets, the runner's corrections, stored.

One use case for the command line (``check --log``) and the web (logging a finished video
check): ``log_check`` turns the analysis into one set per side filmed (``sets_from_result``),
puts the runner's own counts in place of the check's (``corrected_sets``: the runner has the
last word; good-form reps never exceed the reps done), and stores the sets, the typed analysis
record and the new progression decisions in one transaction (``training.log_checked_sets``).
The caller passes the library it already loaded.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from glutecoach.domain.analysis import AnalysisResult
from glutecoach.domain.analysis_record import AnalysisRecord
from glutecoach.domain.glossary import numbered, plural
from glutecoach.domain.log import SetLog, parse_set_log
from glutecoach.errors import InputError
from glutecoach.library.catalogue import Library
from glutecoach.services.training import LogOutcome, log_checked_sets

if TYPE_CHECKING:
    from glutecoach.storage.unit_of_work import Database

LOW_CONFIDENCE = 0.6
"""Reps below this confidence are pointed out when the runner is asked to confirm the count."""


@dataclass(frozen=True)
class SetCorrection:
    """The runner's own count for one side, replacing what the check counted;
    ``good_form_reps`` None keeps the check's good-form reps (at most ``reps_done``)."""

    side: str
    reps_done: int
    good_form_reps: int | None = None


@dataclass(frozen=True)
class LogRequest:
    """Where and how a check is logged: the runner (None: the only one), the session date,
    the worst pain during the set (0-10), the runner's corrections, and ``force`` to log past
    a safety question."""

    runner: str | None
    day: dt.date
    pain_during: int
    corrections: tuple[SetCorrection, ...] = ()
    force: bool = False


def sets_from_result(result: AnalysisResult, pain_during: int) -> tuple[SetLog, ...]:
    """One set per side filmed: its complete reps, and the good-form ones (no fault, measurable).

    Holds become a set of their duration with the good-alignment time as good-form seconds.
    """
    sets: list[SetLog] = []
    for side in ("left", "right", "both"):
        reps = [r for r in result.reps if r.side == side and not r.partial]
        if reps:
            sets.append(
                parse_set_log(
                    {
                        "variation_id": result.exercise,
                        "side": side,
                        "reps_done": len(reps),
                        "good_form_reps": sum(r.good_form for r in reps),
                        "pain_during": pain_during,
                    }
                )
            )
    for hold in result.holds:
        sets.append(
            parse_set_log(
                {
                    "variation_id": result.exercise,
                    "side": hold.side,
                    "hold_s": round(hold.duration_s),
                    "good_form_hold_s": min(round(hold.good_alignment_s), round(hold.duration_s)),
                    "pain_during": pain_during,
                }
            )
        )
    if not sets:
        raise InputError(
            "the check found no complete rep or hold, so there is nothing to log; "
            "see the notes above and film again"
        )
    return tuple(sets)


def corrected_sets(
    result: AnalysisResult, pain_during: int, corrections: Iterable[SetCorrection] = ()
) -> tuple[SetLog, ...]:
    """The check's sets with the runner's corrections; a correction for a side the check
    counted no reps on is an ``InputError`` naming the sides it did count."""
    sets = sets_from_result(result, pain_during)
    counted = {s.side.value for s in sets if s.reps_done is not None}
    by_side: dict[str, SetCorrection] = {}
    for fix in corrections:
        if fix.side not in counted:
            raise InputError(
                f"a count for the {fix.side} side was given, but the check counted reps on: "
                f"{', '.join(sorted(counted)) or 'no side'}"
            )
        if fix.reps_done < 0 or (fix.good_form_reps is not None and fix.good_form_reps < 0):
            raise InputError(f"{fix.side}: a rep count cannot be negative")
        if fix.good_form_reps is not None and fix.good_form_reps > fix.reps_done:
            raise InputError(
                f"good_form_reps: {fix.good_form_reps} good-form reps is more than the "
                f"{fix.reps_done} reps done ({fix.side})"
            )
        by_side[fix.side] = fix
    out = []
    for s in sets:
        given = by_side.get(s.side.value)
        if given is not None and s.reps_done is not None:
            good = given.good_form_reps
            good = min(s.good_form_reps or 0, given.reps_done) if good is None else good
            s = s.model_copy(update={"reps_done": given.reps_done, "good_form_reps": good})
        out.append(s)
    return tuple(out)


def rep_count_question(result: AnalysisResult, side: str) -> str:
    """How the count of ``side`` is put to the runner: the count and any doubtful reps."""
    reps = [r for r in result.reps if r.side == side and not r.partial]
    doubtful = [str(r.index) for r in reps if r.confidence < LOW_CONFIDENCE]
    flagged = [str(r.index) for r in reps if r.flags]
    text = f"{side}: the check counted {plural(len(reps), 'rep')}"
    if doubtful:
        text += f" ({numbered('rep', doubtful)} uncertain)"
    if flagged:
        text += f" ({numbered('rep', flagged)} flagged: see the notes)"
    return text + ". How many did you do?"


def log_check(
    database: Database,
    library: Library,
    result: AnalysisResult,
    request: LogRequest,
    video_name: str,
    *,
    today: dt.date | None = None,
) -> tuple[tuple[SetLog, ...], LogOutcome]:
    """Log the checked sets (corrected) in the runner's session on ``request.day`` with the
    analysis, all or nothing; the sets logged and the outcome (decisions, warnings)."""
    sets = corrected_sets(result, request.pain_during, request.corrections)
    outcome = log_checked_sets(
        database,
        library,
        request.runner,
        request.day,
        sets,
        AnalysisRecord.of_result(result),
        video_name,
        force=request.force,
        today=today,
    )
    return sets, outcome
