"""``plan``, ``today``, ``log``, ``morning-pain`` and ``history``: the training log."""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Sequence
from pathlib import Path

import typer
from rich.markup import escape
from rich.table import Table

from glutecoach.cli.context import (
    DATABASE_OPTION,
    FORCE_OPTION,
    JSON_OPTION,
    RUNNER_OPTION,
    confirmed,
    database,
    param_option,
    parse_date,
    parse_params,
)
from glutecoach.cli.output import console, print_json
from glutecoach.cli.set_prompts import ask_int, prompt_sets
from glutecoach.cli.setspec import parse_set
from glutecoach.cli.training_json import (
    decision_json,
    escalation_message,
    escalations_json,
    plan_json,
    session_json,
)
from glutecoach.domain.glossary import action_name, plural, rule_name
from glutecoach.domain.log import SessionLog, SetLog
from glutecoach.domain.plan import Plan, PlannedSession
from glutecoach.errors import InputError
from glutecoach.library.catalogue import Library
from glutecoach.library.loader import load_library
from glutecoach.planning import Decision
from glutecoach.services import training
from glutecoach.services.profiles import load_profile

DATE_HELP = "Date as YYYY-MM-DD (default: today)."


def render_cautions(plan: Plan, library: Library) -> None:
    """The loading rules of the runner's own conditions, with citation and status."""
    from glutecoach.reports.guidance import caution_lines

    lines = caution_lines(plan, library)
    if lines:
        console.print("  [b]Take care (your conditions):[/b]")
        for line in lines:
            console.print(f"  - {escape(line)}")


def render_session(
    session: PlannedSession, library: Library, title: str, minutes_available: int
) -> None:
    kind = "" if session.kind.value == "normal" else f" ({session.kind.value} week: lighter)"
    over = ""
    if session.minutes_planned > minutes_available:
        over = f" [yellow](over your {minutes_available} min: skip the last exercise if short)[/]"
    console.print(
        f"[b]{escape(title)}[/b]: {session.date:%A %d %B %Y}, week {session.week_index + 1}"
        f"{kind}, about {session.minutes_planned:g} min{over}"
    )
    console.print("  Warm-up: " + escape("; ".join(session.warm_up)))
    table = Table(show_lines=True)
    table.add_column("#", justify="right")
    table.add_column("exercise", overflow="fold")
    table.add_column("dose", overflow="fold")
    table.add_column("key cue", overflow="fold")
    for number, p in enumerate(session.prescriptions, 1):
        v = library.get(p.variation_id)
        dose = f"[red]{escape(p.text())}[/]" if p.rested else escape(p.text())
        table.add_row(str(number), f"[b]{escape(v.name)}[/b]\n{v.id}", dose, escape(v.cues[0]))
    console.print(table)
    for number, p in enumerate(session.prescriptions, 1):
        console.print(f"  {number}. {escape(p.reason)}", style="dim")
    for note in session.notes:
        console.print(f"  Note: {escape(note)}")


def render_plan(plan: Plan) -> None:
    weeks = Table(title=f"{plan.weeks}-week plan for {escape(plan.runner)}", title_justify="left")
    weeks.add_column("week", justify="right")
    weeks.add_column("sessions")
    weeks.add_column("kind")
    for index in range(plan.weeks):
        sessions = plan.week(index)
        kinds = sorted({s.kind.value for s in sessions})
        weeks.add_row(
            str(index + 1),
            ", ".join(f"{s.date:%a %d %b}" for s in sessions) or "-",
            ", ".join(kinds) or "-",
        )
    console.print(weeks)
    for note in plan.notes:
        console.print(f"  Note: {escape(note)}")


def render_warnings(warnings: tuple[str, ...]) -> None:
    for warning in warnings:
        console.print(f"[yellow]Careful:[/] {escape(warning)}")


ACTION_COLOURS = {
    "progress": "green",
    "hold": "yellow",
    "regress": "red",
    "step-back": "red",
    "rest": "red",
    "return": "green",
}


def print_decision(d: Decision, library: Library, indent: str = "") -> None:
    """One decision: the exercise, what happens to it (rule) and its next dose, then why."""
    nxt = d.prescription
    console.print(
        f"{indent}- {escape(library.get(d.variation_id).name)}: "
        f"[{ACTION_COLOURS[d.action.value]}]{action_name(d.action.value)}[/] "
        f"(rule: {rule_name(d.rule).lower()}) -> "
        f"{escape(library.get(nxt.variation_id).name)}, {escape(nxt.text())}"
    )
    console.print(f"{indent}  {escape(d.reason)}", style="dim")


def render_decisions(decisions: tuple[Decision, ...], library: Library) -> None:
    if not decisions:
        return
    for d in decisions:
        if d.escalated:
            console.print(f"[bold red]STOP:[/] {escape(escalation_message(d, library))}")
    console.print("\n[b]What changes next time, and why[/b]")
    for d in decisions:
        print_decision(d, library)


def plan_command(
    profile: Path = typer.Option(..., "--profile", "-p", help="Runner profile (TOML)."),
    start: str | None = typer.Option(
        None, help="First day of the plan, YYYY-MM-DD (default today)."
    ),
    weeks: int | None = typer.Option(None, min=1, max=52, help="Plan length (default 8)."),
    params: list[str] = param_option("progression.gap_days=21"),
    as_json: bool = JSON_OPTION,
    db: str | None = DATABASE_OPTION,
) -> None:
    """Make a multi-week plan around the running week and store it (it becomes the plan in use)."""
    runner_profile = load_profile(profile)
    library = load_library()
    overrides = parse_params(params)
    if weeks:
        overrides["weeks"] = weeks
    with database(db) as store:
        runner, stored, _ = training.create_plan(
            store, library, runner_profile, parse_date(start, "--start"), overrides
        )
        description = store.description
    if as_json:
        print_json(plan_json(stored.plan, library, stored.id))
        return
    console.print(f"Stored plan for [b]{escape(runner.name)}[/b] in {description}.")
    render_plan(stored.plan)
    render_cautions(stored.plan, library)
    first = stored.plan.sessions[0] if stored.plan.sessions else None
    if first is not None:
        render_session(first, library, "First session", runner_profile.minutes_per_session)


def today_command(
    date: str | None = typer.Option(None, help=DATE_HELP),
    runner: str | None = RUNNER_OPTION,
    as_json: bool = JSON_OPTION,
    db: str | None = DATABASE_OPTION,
) -> None:
    """Show what to do today, or the next planned session."""
    library = load_library()
    day = parse_date(date)
    with database(db) as store:
        state = training.runner_state(store, library, runner)
    plan = state.plan
    reminders = _morning_pain_reminders(state, day)
    session = plan.session_on(day)
    status = "today"
    if session is None:
        session = plan.next_session(day)
        status = "next" if session is not None else "ended"
    elif state.log_on(day) is not None:  # done: what matters now is the next one
        status = "logged"
        session = plan.next_session(day + dt.timedelta(days=1))
    if as_json:
        print_json(
            {
                "schema_version": 1,
                "runner": state.runner.name,
                "date": day.isoformat(),
                "status": status,
                "session": session_json(session, plan, library) if session else None,
                "cautions": plan_json(plan, library)["cautions"],
                "reminders": list(reminders),
            }
        )
        return
    for reminder in reminders:
        console.print(f"[yellow]Reminder:[/] {escape(reminder)}")
    if status == "next" or status == "ended":
        console.print(f"No strength session on {day:%A %d %B}: an easy or running day.")
    elif status == "logged":
        console.print(f"The session of {day:%A %d %B} is logged.")
    if session is None:
        console.print("The plan has ended: make a new one with 'glutecoach plan'.")
        return
    title = "Today" if status == "today" else "Next session"
    render_session(session, library, title, state.params.minutes_per_session)
    render_cautions(plan, library)


def _morning_pain_reminders(state: training.RunnerState, day: dt.date) -> tuple[str, ...]:
    """A reminder when the latest session before ``day`` has no next-morning pain entered:
    after 24 h it counts as not reported, and progression is judged without it."""
    before = [s for s in state.logs if s.log.date < day and not s.log.missed]
    if not before or before[-1].log.next_morning_pain is not None:
        return ()
    date = before[-1].log.date.isoformat()
    return (
        f"Enter the next-morning pain for your session on {date} with 'glutecoach "
        f"morning-pain SCORE --session {date}'. Until you do, it counts as not reported: "
        "progression is judged on pain during and form alone, and entering it decides again.",
    )


def bands_used(sets: Sequence[SetLog], library: Library) -> str:
    """The bands the sets name, by exercise: 'Banded clam: medium band; Lateral band walk:
    light and medium bands' (empty when no set names one)."""
    used: dict[str, list[str]] = {}
    for s in sets:
        if s.band is not None:
            names = used.setdefault(s.variation_id, [])
            if s.band.words not in names:
                names.append(s.band.words)
    return "; ".join(
        f"{library.get(vid).name}: {' and '.join(names)} band{'s' if len(names) > 1 else ''}"
        for vid, names in used.items()
    )


def log_command(
    sets: list[str] = typer.Option(
        [], "--set", "-s", help="One set: 'EXERCISE[:SIDE] reps=N good=N pain=N' (repeat)."
    ),
    date: str | None = typer.Option(None, help=DATE_HELP),
    pain_before: int | None = typer.Option(
        None, min=0, max=10, help="Pain at rest before the session, 0-10."
    ),
    missed: bool = typer.Option(False, "--missed", help="Record a planned session as missed."),
    notes: str = typer.Option("", help="Free-text notes."),
    force: bool = FORCE_OPTION,
    runner: str | None = RUNNER_OPTION,
    as_json: bool = JSON_OPTION,
    db: str | None = DATABASE_OPTION,
) -> None:
    """Log a session, then adapt the plan. At a terminal without --set it asks, exercise by
    exercise: done as prescribed (one answer, then the worst pain), set by set, or not done."""
    library = load_library()
    day = parse_date(date)
    with database(db) as store:
        if sets or missed:
            logged = [parse_set(text) for text in sets]
        elif sys.stdin.isatty():
            state = training.runner_state(store, library, runner)
            session = state.plan.session_on(day)
            if session is None:
                raise InputError(
                    f"no session is planned on {day.isoformat()}; log it with --set flags"
                )
            render_session(session, library, "Logging", state.params.minutes_per_session)
            if pain_before is None:
                pain_before = ask_int("Pain at rest before the session, 0-10", 0, 0, 10)
            logged = [s for p in session.prescriptions for s in prompt_sets(p, library)]
        else:
            raise InputError("give the sets with --set (or --missed) when not at a terminal")
        log = SessionLog(date=day, sets=tuple(logged), pain_before=pain_before, notes=notes)
        outcome = confirmed(
            lambda yes: training.log_session(store, library, runner, log, force=yes), force
        )
    if as_json:
        print_json(outcome_json(outcome, library))
        return
    console.print(
        f"Logged {plural(len(outcome.log.log.sets), 'set')} on {day.isoformat()}"
        + (" (missed)" if outcome.log.log.missed else "")
        + ". Enter tomorrow morning's pain with 'glutecoach morning-pain SCORE'."
    )
    bands = bands_used(outcome.log.log.sets, library)
    if bands:
        console.print(f"Bands used: {escape(bands)}.")
    render_warnings(outcome.warnings)
    render_decisions(outcome.decisions, library)


def morning_pain_command(
    score: int = typer.Argument(..., min=0, max=10, help="Pain on waking, 0-10."),
    session_date: str | None = typer.Option(
        None, "--session", help="Date of the session it follows (default: the latest)."
    ),
    runner: str | None = RUNNER_OPTION,
    as_json: bool = JSON_OPTION,
    db: str | None = DATABASE_OPTION,
) -> None:
    """Enter next-morning pain for a logged session; the plan adapts to it."""
    library = load_library()
    when = parse_date(session_date, "--session") if session_date else None
    with database(db) as store:
        outcome = training.enter_next_morning_pain(store, library, runner, score, when)
    if as_json:
        print_json(outcome_json(outcome, library))
        return
    console.print(
        f"Next-morning pain {score}/10 recorded for the session on {outcome.log.log.date}."
    )
    render_decisions(outcome.decisions, library)


def outcome_json(outcome: training.LogOutcome, library: Library) -> dict[str, object]:
    """What ``log --json`` and ``morning-pain --json`` print."""
    log = outcome.log.log
    upcoming = outcome.next_session
    return {
        "schema_version": 1,
        "session": {
            "id": outcome.log.id,
            "date": log.date.isoformat(),
            "sets": len(log.sets),
            "bands": {
                vid: list(dict.fromkeys(s.band.value for s in log.sets_for(vid) if s.band))
                for vid in log.variation_ids()
                if any(s.band for s in log.sets_for(vid))
            },
            "missed": log.missed,
            "pain_before": log.pain_before,
            "next_morning_pain": log.next_morning_pain,
        },
        "escalations": escalations_json(outcome.decisions, library),
        "warnings": list(outcome.warnings),
        "decisions": [decision_json(d, library) for d in outcome.decisions],
        "next_session": session_json(upcoming, outcome.plan, library) if upcoming else None,
    }


def register(app: typer.Typer) -> None:
    app.command("plan")(plan_command)
    app.command("today")(today_command)
    app.command("log")(log_command)
    app.command("morning-pain")(morning_pain_command)
