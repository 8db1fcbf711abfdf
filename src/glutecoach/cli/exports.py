"""``export``, ``import``, ``calendar``, ``handout`` and ``progress``: data out, data back in.

Report and storage modules are imported inside the commands so that ``glutecoach`` starts fast.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import typer
from rich.markup import escape

from glutecoach.atomic_files import write_file, write_staged
from glutecoach.cli.context import DATABASE_OPTION, RUNNER_OPTION, database
from glutecoach.cli.output import console
from glutecoach.cli.progress import stage_progress
from glutecoach.errors import InputError
from glutecoach.library.loader import load_library
from glutecoach.services import training


def export_command(
    out: Path = typer.Option(..., "--out", "-o", help="Folder for the JSON and CSV files."),
    force: bool = typer.Option(False, "--force", help="Replace an export already in that folder."),
    db: str | None = DATABASE_OPTION,
) -> None:
    """Export everything (runners, plans, logs, decisions) as JSON plus one CSV per table."""
    from glutecoach.storage import export_database

    with database(db) as store:
        summary = export_database(store, out, replace=force)
    rows = ", ".join(f"{name} {n}" for name, n in summary.row_counts.items())
    console.print(
        f"Exported to {summary.json_path} (and {len(summary.csv_paths)} CSV files): {rows}."
    )


def import_command(
    source: Path = typer.Argument(..., help="An export folder or its glutecoach-export.json."),
    db: str | None = DATABASE_OPTION,
) -> None:
    """Restore an export into an empty database, exactly as it was exported."""
    from glutecoach.storage import import_database

    library = load_library()
    with database(db) as store:
        summary = import_database(store, source, library)
    rows = ", ".join(f"{name} {n}" for name, n in summary.row_counts.items())
    console.print(f"Imported {rows} into {store.description}.")


def calendar_command(
    out: Path = typer.Option(..., "--out", "-o", help="The .ics file to write."),
    at: str | None = typer.Option(None, help="Session start time HH:MM (default all-day)."),
    runner: str | None = RUNNER_OPTION,
    db: str | None = DATABASE_OPTION,
) -> None:
    """Write the planned sessions as an iCalendar file for any calendar app."""
    from glutecoach.reports.calendar import plan_to_ics

    try:
        start_time = dt.time.fromisoformat(at) if at else None
    except ValueError:
        raise InputError(f"--at {at!r} is not a time; use HH:MM, e.g. 07:30") from None
    library = load_library()
    with database(db) as store:
        state = training.runner_state(store, library, runner)
    now = dt.datetime.now(dt.UTC)
    write_file(out, plan_to_ics(state.plan, library, now=now, start_time=start_time))
    console.print(f"Wrote {len(state.plan.sessions)} sessions to {out}.")


def handout_command(
    out: Path = typer.Option(..., "--out", "-o", help="The handout to write (.html or .pdf)."),
    runner: str | None = RUNNER_OPTION,
    db: str | None = DATABASE_OPTION,
) -> None:
    """Write a printable handout of the plan: doses, cues and a figure of each exercise."""
    from glutecoach.reports.handout import handout_html, handout_pdf

    library = load_library()
    with database(db) as store:
        state = training.runner_state(store, library, runner)
    suffix = out.suffix.lower()
    if suffix == ".pdf":
        write_file(out, handout_pdf(state.plan, library))
    elif suffix in {".html", ".htm"}:
        write_file(out, handout_html(state.plan, library))
    else:
        raise InputError(f"{out}: the handout is written as .html or .pdf; choose one")
    console.print(f"Wrote the handout for {escape(state.runner.name)} to {out}.")


def progress_command(
    out: Path = typer.Option(Path("progress"), "--out", "-o", help="Folder for the charts."),
    runner: str | None = RUNNER_OPTION,
    db: str | None = DATABASE_OPTION,
) -> None:
    """Chart weekly volume, variation level, hold time, pain and adherence (PNG and SVG)."""
    from glutecoach.reports.charts import write_progress_charts

    library = load_library()
    with database(db) as store:
        state = training.runner_state(store, library, runner)

    def charts(staging: Path) -> dict[str, Path]:
        with stage_progress({"charts": "Drawing the charts"}, "files") as progress:
            written = write_progress_charts(
                state.plan,
                [s.log for s in state.logs],
                library,
                staging,
                decisions=[d.decision for d in state.decisions],
                today=dt.date.today(),
                on_written=lambda done, total: progress("charts", done, total),
            )
        return {str(i): path for i, path in enumerate(written)}

    paths = list(write_staged(out, charts).values())
    console.print(f"Wrote {len(paths)} charts to {out}:")
    for path in paths:
        console.print(f"  {path}")


def register(app: typer.Typer) -> None:
    app.command("export")(export_command)
    app.command("import")(import_command)
    app.command("calendar")(calendar_command)
    app.command("handout")(handout_command)
    app.command("progress")(progress_command)
