"""``glutecoach runners``: who is in the database, and where each of them stands."""

from __future__ import annotations

import datetime as dt

import typer
from rich.markup import escape
from rich.table import Table

from glutecoach.cli.context import DATABASE_OPTION, JSON_OPTION, database
from glutecoach.cli.output import console, print_json
from glutecoach.services.roster import RunnerSummary, runner_summaries


def _plan_text(item: RunnerSummary) -> str:
    if item.plan is None:
        return "no plan yet"
    plan = item.plan.plan
    last_day = plan.end_date - dt.timedelta(days=1)
    return f"{plan.weeks} weeks, {plan.start_date:%d %b %Y} to {last_day:%d %b %Y}"


def summary_json(item: RunnerSummary) -> dict[str, object]:
    plan = item.plan
    return {
        "id": item.runner.id,
        "slug": item.runner.slug,
        "name": item.runner.name,
        "plan": None
        if plan is None
        else {
            "id": plan.id,
            "start_date": plan.plan.start_date.isoformat(),
            "weeks": plan.plan.weeks,
            "end_date": plan.plan.end_date.isoformat(),
        },
        "sessions": item.sessions,
        "missed": item.missed,
        "last_session": None if item.last_session is None else item.last_session.isoformat(),
    }


def runners_command(as_json: bool = JSON_OPTION, db: str | None = DATABASE_OPTION) -> None:
    """List the runners in the database: their plan, sessions logged and the latest one.

    Any command's --runner takes a name (any case), the short name shown here, or the id."""
    with database(db) as store:
        items = runner_summaries(store)
        description = store.description
    if as_json:
        print_json({"schema_version": 1, "runners": [summary_json(i) for i in items]})
        return
    if not items:
        console.print(
            f"No runner in {escape(description)} yet: create one with "
            "'glutecoach plan --profile FILE'."
        )
        return
    table = Table(title=f"Runners in {escape(description)}", title_justify="left")
    for column in ("name", "short name", "plan in use", "sessions logged", "latest session"):
        table.add_column(column, overflow="fold")
    for item in items:
        sessions = str(item.sessions) + (f" ({item.missed} missed)" if item.missed else "")
        latest = "-" if item.last_session is None else f"{item.last_session:%a %d %b %Y}"
        table.add_row(
            escape(item.runner.name), item.runner.slug, _plan_text(item), sessions, latest
        )
    console.print(table)


def register(app: typer.Typer) -> None:
    app.command("runners")(runners_command)
