"""The plan's strength sessions as an RFC 5545 iCalendar file.

One VEVENT per planned session. Its UID is derived from the runner and the session date only,
so exporting the plan again (after a progression decision changed a dose, say) gives the same
UIDs and a calendar app updates its events instead of adding duplicates. DTSTAMP and
LAST-MODIFIED come from ``now``, passed in: nothing here reads a clock.
"""

from __future__ import annotations

import datetime as dt
import math
import uuid

from icalendar import Calendar, Event

from glutecoach.domain.plan import Plan, PlannedSession, SessionKind
from glutecoach.errors import InputError
from glutecoach.library.catalogue import Library
from glutecoach.reports.guidance import caution_lines, pain_limits

PRODID = "-//glutecoach//Glute strength plan//EN"
UID_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "https://glutecoach.invalid/planned-session")
"""Fixed namespace for session UIDs; changing it would duplicate every exported event."""
UID_DOMAIN = "glutecoach"
TOP_CUES = 2


def session_uid(runner: str, date: dt.date) -> str:
    """Stable UID of the session a runner has planned on ``date`` (one session a day at most)."""
    key = f"{runner.strip().casefold()}|{date.isoformat()}"
    return f"{uuid.uuid5(UID_NAMESPACE, key)}@{UID_DOMAIN}"


def session_summary(session: PlannedSession) -> str:
    """'Glute strength: week 3', with '(deload)' or '(taper)' for a lighter session."""
    week = f"Glute strength: week {session.week_index + 1}"
    return week if session.kind is SessionKind.NORMAL else f"{week} ({session.kind.value})"


def session_description(
    session: PlannedSession, library: Library, cautions: tuple[str, ...] = ()
) -> str:
    """Plain text: the warm-up, each exercise with its dose and top cues, the runner's loading
    rules (``cautions``, see ``caution_lines``) and the pain rule."""
    lines = []
    if session.kind is not SessionKind.NORMAL:
        lines += [f"A lighter {session.kind.value} session: fewer sets, same exercises.", ""]
    if session.warm_up:
        lines += ["Warm-up:", *(f"- {step}" for step in session.warm_up), ""]
    for number, p in enumerate(session.prescriptions, start=1):
        variation = library.get(p.variation_id)
        lines.append(f"{number}. {variation.name}: {p.text()}")
        lines += [f"   - {cue}" for cue in variation.cues[:TOP_CUES]]
    lines += ["", f"About {math.ceil(session.minutes_planned)} min."]
    lines += [f"Note: {note}" for note in session.notes]
    if cautions:
        lines += ["", "Take care:", *(f"- {line}" for line in cautions)]
    lines += ["", "Stop if:", *(f"- {rule}" for rule in pain_limits(library).stop_rules())]
    return "\n".join(lines)


def plan_to_ics(
    plan: Plan,
    library: Library,
    *,
    now: dt.datetime,
    start_time: dt.time | None = None,
) -> bytes:
    """An iCalendar file (UTF-8, CRLF line endings, folded lines) of the plan's sessions.

    ``now`` (timezone-aware) stamps every event. Sessions are all-day events unless
    ``start_time`` is given: then each starts at that local (floating) time and lasts the
    planned minutes. Raises InputError for a naive ``now``.
    """
    if now.tzinfo is None or now.utcoffset() is None:
        raise InputError("'now' must be timezone-aware (e.g. datetime.now(timezone.utc))")
    stamp = now.astimezone(dt.UTC).replace(microsecond=0)
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", f"Glute strength: {plan.runner}")
    cautions = caution_lines(plan, library)
    for session in plan.sessions:
        event = Event()
        event.add("uid", session_uid(plan.runner, session.date))
        event.add("dtstamp", stamp)
        event.add("last-modified", stamp)
        if start_time is None:
            event.add("dtstart", session.date)
            event.add("dtend", session.date + dt.timedelta(days=1))
            event.add("transp", "TRANSPARENT")
        else:
            start = dt.datetime.combine(session.date, start_time)
            minutes = max(1, math.ceil(session.minutes_planned))
            event.add("dtstart", start)
            event.add("dtend", start + dt.timedelta(minutes=minutes))
            event.add("transp", "OPAQUE")
        event.add("summary", session_summary(session))
        event.add("description", session_description(session, library, cautions))
        event.add("categories", ["Strength training"])
        event.add("status", "CONFIRMED")
        cal.add_component(event)
    data: bytes = cal.to_ical()
    return data
