"""The iCalendar export, parsed back with icalendar's own parser."""

from __future__ import annotations

import datetime as dt

import pytest
from icalendar import Calendar, Component

from glutecoach.domain.plan import Plan, SessionKind
from glutecoach.errors import InputError
from glutecoach.library.catalogue import Library
from glutecoach.reports.calendar import plan_to_ics, session_uid
from tests.reports.factories import make_plan

NOW = dt.datetime(2025, 3, 1, 9, 30, tzinfo=dt.UTC)


@pytest.fixture(scope="module")
def plan(library: Library) -> Plan:
    return make_plan(library, runner="Zoë Łukasiewicz")


def events(data: bytes) -> list[Component]:
    return list(Calendar.from_ical(data).walk("VEVENT"))


def test_one_all_day_event_per_session(plan: Plan, library: Library) -> None:
    found = events(plan_to_ics(plan, library, now=NOW))
    assert len(found) == len(plan.sessions)
    for event, session in zip(found, plan.sessions, strict=True):
        start, end = event.decoded("dtstart"), event.decoded("dtend")
        assert type(start) is dt.date
        assert start == session.date
        assert end == session.date + dt.timedelta(days=1)
        assert event.decoded("dtstamp") == NOW


def test_uids_are_unique_and_stable_across_exports(plan: Plan, library: Library) -> None:
    first = [str(e["uid"]) for e in events(plan_to_ics(plan, library, now=NOW))]
    assert len(set(first)) == len(first)
    # a later export of a changed plan updates the same events rather than adding new ones
    changed = plan.model_copy(
        update={
            "sessions": tuple(s.model_copy(update={"minutes_planned": 5}) for s in plan.sessions)
        }
    )
    later = NOW + dt.timedelta(days=20)
    assert [str(e["uid"]) for e in events(plan_to_ics(changed, library, now=later))] == first
    assert first[0] == session_uid(plan.runner, plan.sessions[0].date)
    other = plan.model_copy(update={"runner": "Someone Else"})
    assert not set(first) & {str(e["uid"]) for e in events(plan_to_ics(other, library, now=NOW))}


def test_summary_marks_week_and_lighter_sessions(plan: Plan, library: Library) -> None:
    found = events(plan_to_ics(plan, library, now=NOW))
    kinds = {s.kind for s in plan.sessions}
    assert {SessionKind.DELOAD, SessionKind.TAPER} <= kinds
    for event, session in zip(found, plan.sessions, strict=True):
        summary = str(event["summary"])
        week = f"Glute strength: week {session.week_index + 1}"
        if session.kind is SessionKind.NORMAL:
            assert summary == week
        else:
            assert summary == f"{week} ({session.kind.value})"
    assert "Glute strength: week 4 (deload)" in {str(e["summary"]) for e in found}


def test_description_lists_exercises_doses_cues_and_stop_rules(
    plan: Plan, library: Library
) -> None:
    found = events(plan_to_ics(plan, library, now=NOW))
    for event, session in zip(found, plan.sessions, strict=True):
        text = str(event["description"])
        for p in session.prescriptions:
            variation = library.get(p.variation_id)
            assert f"{variation.name}: {p.text()}" in text
            assert variation.cues[0] in text
        assert "above 5/10" in text
        assert "see a clinician" in text


def test_lines_are_crlf_folded_and_round_trip(plan: Plan, library: Library) -> None:
    data = plan_to_ics(plan, library, now=NOW)
    assert data.startswith(b"BEGIN:VCALENDAR\r\n")
    assert data.endswith(b"END:VCALENDAR\r\n")
    assert b"\n" not in data.replace(b"\r\n", b"")
    lines = data.split(b"\r\n")[:-1]
    assert max(len(line) for line in lines) <= 75
    for line in lines:
        line.decode("utf-8")  # folding never splits a multi-byte character
    assert any(line.startswith(b" ") for line in lines)  # long descriptions were folded
    assert Calendar.from_ical(data).to_ical() == data
    name = Calendar.from_ical(data)["x-wr-calname"]
    assert str(name) == "Glute strength: Zoë Łukasiewicz"


def test_export_is_pure(plan: Plan, library: Library) -> None:
    assert plan_to_ics(plan, library, now=NOW) == plan_to_ics(plan, library, now=NOW)
    eastern = NOW.astimezone(dt.timezone(dt.timedelta(hours=-5)))
    assert plan_to_ics(plan, library, now=eastern) == plan_to_ics(plan, library, now=NOW)


def test_timed_events_last_the_planned_minutes(plan: Plan, library: Library) -> None:
    data = plan_to_ics(plan, library, now=NOW, start_time=dt.time(7, 15))
    for event, session in zip(events(data), plan.sessions, strict=True):
        start, end = event.decoded("dtstart"), event.decoded("dtend")
        assert start == dt.datetime.combine(session.date, dt.time(7, 15))
        assert start.tzinfo is None  # floating local time
        assert dt.timedelta(minutes=session.minutes_planned) <= end - start
        assert end - start < dt.timedelta(minutes=session.minutes_planned + 1)


def test_hostile_runner_name_round_trips(library: Library) -> None:
    runner = 'Ana; "x", y\\z <script>'
    plan = make_plan(library, runner=runner, ids=("clam",))
    data = plan_to_ics(plan, library, now=NOW)
    assert str(Calendar.from_ical(data)["x-wr-calname"]) == f"Glute strength: {runner}"


def test_naive_now_is_refused(plan: Plan, library: Library) -> None:
    with pytest.raises(InputError, match="timezone-aware"):
        plan_to_ics(plan, library, now=dt.datetime(2025, 3, 1, 9, 30))
