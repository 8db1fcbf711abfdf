"""``glutecoach history``: the sessions logged and every decision taken, with its reason."""

from __future__ import annotations

from collections.abc import Sequence

import typer
from rich.markup import escape
from rich.table import Table

from glutecoach.cli.context import DATABASE_OPTION, JSON_OPTION, RUNNER_OPTION, database
from glutecoach.cli.output import console, print_json
from glutecoach.cli.training import print_decision
from glutecoach.domain.glossary import action_name
from glutecoach.domain.log import SetLog
from glutecoach.library.loader import load_library
from glutecoach.planning import Decision
from glutecoach.services import training


def good_form_work(sets: Sequence[SetLog]) -> str:
    """Good-form work of a session out of all work, reps and hold seconds apart (a sum of
    the two means nothing): '95 of 98 reps; 40 of 45 s held'."""
    reps = [s for s in sets if s.reps_done is not None]
    holds = [s for s in sets if s.reps_done is None and s.hold_s is not None]
    parts = []
    if reps:
        parts.append(f"{sum(s.counted for s in reps)} of {sum(s.done for s in reps)} reps")
    if holds:
        parts.append(f"{sum(s.counted for s in holds)} of {sum(s.done for s in holds)} s held")
    return "; ".join(parts) or "-"


def _latest(decisions: Sequence[Decision]) -> list[Decision]:
    """The last decision for each exercise (next-morning pain can decide again)."""
    return list({d.variation_id: d for d in decisions}.values())


def history_command(
    runner: str | None = RUNNER_OPTION,
    as_json: bool = JSON_OPTION,
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
    if not state.logs:
        console.print(
            f"Nothing logged yet for {escape(state.runner.name)}: log a session with "
            "'glutecoach log'."
        )
        return
    by_log: dict[str, list[Decision]] = {}
    for d in state.decisions:
        by_log.setdefault(d.session_log_id or "", []).append(d.decision)
    table = Table(title=f"History of {escape(state.runner.name)}", title_justify="left")
    for column in ("date", "sets", "good-form work", "worst pain", "morning pain", "decisions"):
        table.add_column(column, overflow="fold")
    for s in state.logs:
        log = s.log
        table.add_row(
            f"{log.date:%a %d %b %Y}",
            "missed" if log.missed else str(len(log.sets)),
            good_form_work(log.sets),
            str(log.max_pain_during() if log.sets else "-"),
            "-" if log.next_morning_pain is None else str(log.next_morning_pain),
            "\n".join(
                f"{escape(library.get(d.variation_id).name)}: {action_name(d.action.value)}"
                for d in _latest(by_log.get(s.id, []))
            )
            or "-",
        )
    console.print(table)
    console.print("\n[b]Decisions and why[/b]")
    for s in state.logs:
        decisions = by_log.get(s.id, [])
        if not decisions:
            continue
        console.print(f"[b]{s.log.date:%a %d %b %Y}[/b]")
        for decision in decisions:
            print_decision(decision, library, indent="  ")


def register(app: typer.Typer) -> None:
    app.command("history")(history_command)
