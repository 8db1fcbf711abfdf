"""``glutecoach batch SOURCE --out DIR``: technique checks over many clips on Dask."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack
from pathlib import Path
from typing import TYPE_CHECKING

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)

from glutecoach import interrupts
from glutecoach.cli.context import param_option, parse_params
from glutecoach.cli.output import console
from glutecoach.cli.progress import progress_lines
from glutecoach.domain.glossary import plural
from glutecoach.errors import BatchFailuresError
from glutecoach.library.loader import load_library

if TYPE_CHECKING:
    from glutecoach.jobs.batch import BatchPlan, BatchSettings, BatchSummary
    from glutecoach.jobs.engine import Engine
    from glutecoach.jobs.store import ResultStore

SHOWN_FAILURES = 10


def batch_command(
    source: Path = typer.Argument(
        ..., help="A folder of videos (all one exercise: --exercise) or a manifest CSV."
    ),
    out: Path = typer.Option(
        ..., "--out", "-o", help="Folder for the tables and the batch's state (resumable)."
    ),
    exercise: str | None = typer.Option(
        None,
        "--exercise",
        "-e",
        help="Exercise of a folder's clips (or of manifest rows without one).",
    ),
    scheduler: str | None = typer.Option(
        None,
        "--scheduler",
        help="Run on an existing Dask cluster, e.g. tcp://10.0.0.5:8786 (default: a local "
        "cluster with one worker process per core).",
    ),
    workers: int | None = typer.Option(
        None, "--workers", min=1, help="Local cluster: worker processes (default: one per core)."
    ),
    retries: int = typer.Option(
        2,
        "--retries",
        min=0,
        help="Local cluster: times a clip is tried again when its worker process dies.",
    ),
    reports: bool = typer.Option(
        False, "--reports", help="Also write each clip's usual outputs under OUT/reports/."
    ),
    frames: bool = typer.Option(
        False, "--frames", help="Also write the per-frame table (frames.parquet, frames.csv)."
    ),
    every_frame: bool = typer.Option(
        False, "--every-frame", help="Run the pose model on every frame (slower)."
    ),
    params: list[str] = param_option("reps.min_range=0.2"),
) -> None:
    """Check many clips at once on Dask: tidy tables (clips, reps, holds) in Parquet and CSV.

    A rerun with the same OUT skips every clip already done. Exit codes: 0 every clip
    succeeded, 6 some clips (or manifest rows) failed (reasons in clips.csv), 2 bad input,
    7 the Dask cluster cannot be reached.
    """
    from glutecoach.jobs.batch import BatchSettings, plan_batch, summarize
    from glutecoach.jobs.engine import ClusterSpec, Engine
    from glutecoach.jobs.sources import read_source
    from glutecoach.jobs.store import ResultStore

    err = Console(stderr=True)
    spec = ClusterSpec(scheduler=scheduler, workers=workers, worker_deaths_allowed=retries)
    settings = BatchSettings(
        params=parse_params(params), every_frame=every_frame, reports=reports, frames=frames
    )
    library = load_library()
    batch_source = read_source(source, library, exercise)
    for note in batch_source.notes:
        err.print(f"[yellow]Note:[/] {escape(note)}")
    for problem in batch_source.problems:
        err.print(f"[red]Skipped[/] {escape(problem.reason)}")
    with ExitStack() as stack:
        # An existing cluster is checked first, so a wrong address fails before any hashing.
        engine = stack.enter_context(Engine(spec)) if scheduler else None
        store = ResultStore(out)
        stack.enter_context(store.exclusive())
        if engine is None and store.result_count() < len(batch_source.rows):
            # Clips to check: the local cluster's workers start while the clips are probed
            # and hashed (both take seconds); a rerun with every clip done starts none.
            with ThreadPoolExecutor(max_workers=1, thread_name_prefix="batch-plan") as pool:
                planned = pool.submit(plan_batch, batch_source, library, store, settings)
                engine = stack.enter_context(Engine(spec))
                plan = planned.result()
        else:
            plan = plan_batch(batch_source, library, store, settings)
        for problem in plan.problems[len(batch_source.problems) :]:
            err.print(f"[red]Skipped[/] {escape(problem.reason)}")
        if plan.skipped:
            err.print(
                f"{plural(plan.skipped, 'clip')} already done in {escape(str(out))}: skipped."
            )
        if not plan.to_run:
            summary = summarize(plan, {}, store, settings)
        else:
            engine = engine or stack.enter_context(Engine(spec))
            err.print(
                f"Checking {plural(len(plan.to_run), 'clip')} on "
                f"{plural(engine.worker_count, 'Dask worker')} "
                f"({escape(engine.address)})."
            )
            try:
                summary = _run_with_progress(plan, engine, store, settings, err)
            except (KeyboardInterrupt, interrupts.Interrupted):
                interrupts.record_done(
                    f"every finished result is kept in {out} and in its tables; run the "
                    "same command again to continue"
                )
                raise
    _render(summary, out)


def _run_with_progress(
    plan: BatchPlan, engine: Engine, store: ResultStore, settings: BatchSettings, err: Console
) -> BatchSummary:
    """Run the batch with a bar at a terminal, progress lines otherwise."""
    from glutecoach.jobs.batch import run_batch

    label = "Checking clips"
    lines = progress_lines(err, label, "clips")
    if lines is not None:
        return run_batch(
            plan,
            engine,
            store,
            settings,
            lambda p: lines(label, p.done, p.total),
        )
    with _progress_bar(err) as bar:
        task = bar.add_task(label, total=len(plan.to_run), failed=0)
        return run_batch(
            plan,
            engine,
            store,
            settings,
            lambda p: bar.update(task, completed=p.done, failed=p.failed),
        )


def _progress_bar(err: Console) -> Progress:
    return Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("[red]{task.fields[failed]} failed[/]"),
        TimeElapsedColumn(),
        TextColumn("left"),
        TimeRemainingColumn(),
        console=err,
    )


def _render(summary: BatchSummary, out: Path) -> None:
    console.print(
        f"Batch of {plural(summary.total, 'clip')}: [b]{summary.ok}[/b] ok "
        f"({summary.skipped} of them done by an earlier run), [b]{summary.failed}[/b] failed."
    )
    for reason in summary.failures[:SHOWN_FAILURES]:
        console.print(f"  [red]failed[/] {escape(reason)}")
    if len(summary.failures) > SHOWN_FAILURES:
        console.print(f"  ... and {len(summary.failures) - SHOWN_FAILURES} more (clips.csv)")
    console.print(f"Tables in {escape(str(out))}: " + ", ".join(sorted(summary.tables)))
    if summary.failed:
        raise BatchFailuresError(
            f"{summary.failed} of {plural(summary.total, 'clip')} failed; the reason for each is "
            f"in {out / 'clips.csv'} (failure_reason); the others' results are written"
        )


def register(app: typer.Typer) -> None:
    app.command("batch")(batch_command)
