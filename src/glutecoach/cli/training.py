"""``plan``, ``today``, ``log``, ``morning-pain`` and ``history``: the training log."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import typer
from rich.markup import escape
from rich.table import Table

from glutecoach.cli.context import (
    DATABASE_OPTION,
    FORCE_OPTION,
    RUNNER_OPTION,
    confirmed,
    database,
    param_option,
    parse_date,
    parse_params,
)
from glutecoach.cli.output import console, print_json
from glutecoach.cli.setspec import parse_set
from glutecoach.cli.training_json import (
    decision_json,
    escalation_message,
    escalations_json,
    plan_json,
    session_json,
)
from glutecoach.domain.log import SessionLog, SetLog, Side, parse_set_log
from glutecoach.domain.plan import Plan, PlannedSession, Prescription
from glutecoach.errors import InputError
from glutecoach.library.catalogue import Library
from glutecoach.library.loader import load_library
from glutecoach.planning import Decision
from glutecoach.services import training
from glutecoach.services.profiles import load_profile

DATE_HELP = "Date as YYYY-MM-DD (default: today)."
JSON_OPTION = typer.Option(False, "--json", help="Print JSON (docs/cli-json.md).")


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


def render_decisions(decisions: tuple[Decision, ...], library: Library) -> None:
    if not decisions:
        return
    for d in decisions:
        if d.escalated:
            console.print(f"[bold red]STOP:[/] {escape(escalation_message(d, library))}")
    console.print("\n[b]What changes next time, and why[/b]")
    colour = {
        "progress": "green",
        "hold": "yellow",
        "regress": "red",
        "step-back": "red",
        "rest": "red",
        "return": "green",
    }
    for d in decisions:
        nxt = d.prescription
        console.print(
            f"- {escape(library.get(d.variation_id).name)}: "
            f"[{colour[d.action.value]}]{d.action.value}[/] ({d.rule}) -> "
            f"{escape(library.get(nxt.variation_id).name)}, {escape(nxt.text())}"
        )
        console.print(f"  {escape(d.reason)}", style="dim")


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
    elif state.log_on(day) is not None:
        status = "logged"
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
    if session is None:
        console.print("The plan has ended: make a new one with 'glutecoach plan'.")
        return
    title = {"today": "Today", "logged": "Already logged today", "next": "Next session"}[status]
    render_session(session, library, title, state.params.minutes_per_session)
    render_cautions(plan, library)


def _morning_pain_reminders(state: training.RunnerState, day: dt.date) -> tuple[str, ...]:
    """A reminder when the latest session before ``day`` has no next-morning pain entered:
    progression waits for it."""
    before = [s for s in state.logs if s.log.date < day and not s.log.missed]
    if not before or before[-1].log.next_morning_pain is not None:
        return ()
    date = before[-1].log.date.isoformat()
    return (
        f"Enter the next-morning pain for your session on {date} with 'glutecoach "
        f"morning-pain SCORE --session {date}': progression waits for it.",
    )


def _ask_int(prompt: str, default: int, low: int, high: int) -> int:
    while True:
        value = int(typer.prompt(prompt, default=default, type=int))
        if low <= value <= high:
            return value
        console.print(f"[red]Enter a whole number from {low} to {high}.[/]")


def _prompt_sets(p: Prescription, library: Library) -> list[SetLog]:
    name = library.get(p.variation_id).name
    sides = [Side.LEFT, Side.RIGHT] if p.per_side else [Side.BOTH]
    if p.side is not None:
        sides = [Side(p.side.value)]
    sets: list[SetLog] = []
    console.print(f"\n[b]{escape(name)}[/b]: {escape(p.text())}")
    if p.rested:
        console.print("  Rested: skip it until you have seen a physiotherapist.")
        return sets
    if not typer.confirm("  Did you do it?", default=True):
        return sets
    for number in range(1, p.sets + 1):
        for side in sides:
            label = f"  set {number}" + ("" if side is Side.BOTH else f" {side.value}")
            if p.hold_s is not None:
                hold = _ask_int(f"{label}: hold (s)", p.hold_s, 0, 600)
                good = _ask_int(f"{label}: of which with good form (s)", hold, 0, hold)
                data = {"hold_s": hold, "good_form_hold_s": good}
            else:
                aim = p.aim_reps or 1
                reps = _ask_int(f"{label}: reps done", aim, 0, 100)
                good = _ask_int(f"{label}: reps with good form", reps, 0, reps)
                data = {"reps_done": reps, "good_form_reps": good}
            pain = _ask_int(f"{label}: pain during, 0-10", 0, 0, 10)
            sets.append(
                parse_set_log(
                    {"variation_id": p.variation_id, "side": side, "pain_during": pain, **data}
                )
            )
    return sets


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
    """Log a session (prompts for each set when run without --set), then adapt the plan."""
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
                pain_before = _ask_int("Pain at rest before the session, 0-10", 0, 0, 10)
            logged = [s for p in session.prescriptions for s in _prompt_sets(p, library)]
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
        f"Logged {len(outcome.log.log.sets)} set(s) on {day.isoformat()}"
        + (" (missed)" if outcome.log.log.missed else "")
        + ". Enter tomorrow morning's pain with 'glutecoach morning-pain SCORE'."
    )
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
            "missed": log.missed,
            "pain_before": log.pain_before,
            "next_morning_pain": log.next_morning_pain,
        },
        "escalations": escalations_json(outcome.decisions, library),
        "warnings": list(outcome.warnings),
        "decisions": [decision_json(d, library) for d in outcome.decisions],
        "next_session": session_json(upcoming, outcome.plan, library) if upcoming else None,
    }


def history_command(
    runner: str | None = RUNNER_OPTION,
    as_json: bool = typer.Option(False, "--json", help="Print JSON."),
    db: str | None = DATABASE_OPTION,
) -> None:
    """Logged sessions and every decision taken, with its rule and reason."""
    library = load_library()
    with database(db) as store:
        state = training.runner_state(store, library, runner)
    if as_json:
        print_json(
            {
                "runner": state.runner.name,
                "sessions": [{"id": s.id, **s.log.model_dump(mode="json")} for s in state.logs],
                "decisions": [
                    {"session_log_id": d.session_log_id, **d.decision.model_dump(mode="json")}
                    for d in state.decisions
                ],
            }
        )
        return
    table = Table(title=f"History of {escape(state.runner.name)}", title_justify="left")
    for column in ("date", "sets", "good-form work", "worst pain", "morning pain", "decisions"):
        table.add_column(column, overflow="fold")
    by_log: dict[str, list[Decision]] = {}
    for d in state.decisions:
        by_log.setdefault(d.session_log_id or "", []).append(d.decision)
    for s in state.logs:
        log = s.log
        latest = {d.variation_id: d for d in by_log.get(s.id, [])}
        table.add_row(
            log.date.isoformat(),
            "missed" if log.missed else str(len(log.sets)),
            f"{sum(x.counted for x in log.sets)} / {sum(x.done for x in log.sets)}",
            str(log.max_pain_during() if log.sets else "-"),
            "-" if log.next_morning_pain is None else str(log.next_morning_pain),
            "\n".join(f"{k}: {d.action.value}" for k, d in latest.items()),
        )
    console.print(table)


def register(app: typer.Typer) -> None:
    app.command("plan")(plan_command)
    app.command("today")(today_command)
    app.command("log")(log_command)
    app.command("morning-pain")(morning_pain_command)
    app.command("history")(history_command)
