"""``glutecoach gait VIDEO`` (running gait check) and ``glutecoach gait-history``."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from glutecoach.atomic_files import staged_file
from glutecoach.cli import keypoint_options as kp
from glutecoach.cli.context import (
    DATABASE_OPTION,
    RUNNER_OPTION,
    database,
    param_option,
    parse_params,
)
from glutecoach.cli.output import console, print_json
from glutecoach.cli.progress import stage_progress
from glutecoach.domain.glossary import gait_term, plural
from glutecoach.errors import InputError

if TYPE_CHECKING:
    from glutecoach.domain.gait import GaitResult
    from glutecoach.library.catalogue import Library

STAGES = {"pose": "Finding the pose (every frame)", "video": "Writing the annotated video"}
TABLE_METRICS = {
    "side": ("overstride_ratio", "shank_angle_contact_deg", "knee_flexion_contact_deg",
             "knee_flexion_midstance_deg"),
    "frontal": ("pelvic_drop_deg", "knee_fppa_deg", "trunk_lean_deg", "foot_midline_ratio"),
}  # fmt: skip


class GaitView(StrEnum):
    back = "back"
    front = "front"
    side = "side"


def render_gait(result: GaitResult, library: Library) -> None:
    """The terminal summary: steps per side, cadence, per-side means, asymmetry, findings."""
    from glutecoach.analysis.gait_findings import asymmetry_verdict

    cadence = f"{result.cadence_spm:.0f} steps/min" if result.cadence_spm else "not measured"
    counts = ", ".join(f"{s.side} {s.steps}" for s in result.sides)
    console.print(
        f"[b]Running gait[/b], {result.view} view: [b]{len(result.steps)}[/b] steps "
        f"({counts}), cadence [b]{cadence}[/b]."
    )
    names = TABLE_METRICS["side" if result.view == "side" else "frontal"]
    table = Table(title="Per side: mean ± SD (n steps)", title_justify="left")
    table.add_column("measure")
    for summary in result.sides:
        table.add_column(summary.side, justify="right")
    for name in names:
        cells = []
        for summary in result.sides:
            stats = summary.metrics.get(name)
            cells.append("-" if stats is None else f"{stats.mean:.2f} ± {stats.sd:.2f} ({stats.n})")
        table.add_row(gait_term(name).heading(), *cells)
    console.print(table)
    for item in result.asymmetry:
        verdict = asymmetry_verdict(item, library)
        if item.metric in names and verdict is not None:
            console.print(
                f"Left minus right, {escape(gait_term(item.metric).name.lower())}: "
                f"{item.difference:+.1f} {gait_term(item.metric).unit} ({escape(verdict)})"
            )
    for name in names:
        term = gait_term(name)
        console.print(f"  {escape(term.name)}: {escape(term.meaning)}.", style="dim")
    for finding in result.findings:
        console.print(f"- {escape(finding.text)}")
    for warning in result.warnings:
        console.print(f"[yellow]Note:[/] {escape(warning)}")


def gait_command(
    video: Path | None = kp.VIDEO_ARGUMENT,
    view: GaitView | None = typer.Option(None, help="Camera view (default: detected)."),
    out: Path | None = typer.Option(
        None,
        "--out",
        "-o",
        help="Folder for gait.json, gait_frames.csv, gait_report.html, annotated.mp4, "
        "keypoints.json.",
    ),
    as_json: bool = typer.Option(False, "--json", help="Print the gait JSON to stdout."),
    no_video: bool = typer.Option(False, "--no-video", help="Skip the annotated video."),
    keypoints: Path | None = kp.KEYPOINTS_OPTION,
    keypoint_format: kp.KeypointFormat | None = kp.KEYPOINT_FORMAT_OPTION,
    fps: float | None = kp.FPS_OPTION,
    export: list[kp.ExportFormat] = kp.EXPORT_OPTION,
    height_m: float | None = kp.HEIGHT_OPTION,
    save: bool = typer.Option(False, "--save", help="Store this gait check with the runner."),
    params: list[str] = param_option("min_steps_per_side=6"),
    runner: str | None = RUNNER_OPTION,
    db: str | None = DATABASE_OPTION,
) -> None:
    """Check running gait from a phone video: steps, cadence, pelvic drop, overstriding."""
    from glutecoach.library.loader import load_library
    from glutecoach.services.gait import GaitOptions, run_gait
    from glutecoach.services.keypoint_input import ResearchExports

    options = GaitOptions(
        view=view.value if view else None,
        keypoints=keypoints,
        annotate=not no_video,
        keypoint_format=kp.format_name(keypoint_format),
        fps=fps,
        exports=ResearchExports(kp.export_names(export), height_m),
        params=parse_params(params),
    )
    library = load_library()
    with stage_progress(STAGES) as progress:
        outcome = run_gait(video, options, out, progress, library)
    if as_json:
        print_json(outcome.result.to_json_dict())
    else:
        render_gait(outcome.result, library)
        for kind, path in outcome.files.items():
            console.print(f"  {kind}: {path}")
    if save:
        from glutecoach.services.gait import save_gait_check

        with database(db) as store:
            source = video or keypoints
            assert source is not None  # run_gait needs one of them
            name = save_gait_check(store, runner, outcome.result, source.name)
        (Console(stderr=True) if as_json else console).print(
            f"Saved this gait check for {escape(name)}."
        )


def gait_history_command(
    out: Path = typer.Option(..., "--out", "-o", help="The PNG file to write."),
    runner: str | None = RUNNER_OPTION,
    db: str | None = DATABASE_OPTION,
) -> None:
    """Plot stored gait checks over time: pelvic drop per side (mean ± SD) and cadence."""
    from glutecoach.library.loader import load_library
    from glutecoach.reports.gait_report import history_png
    from glutecoach.services.gait import gait_history

    if out.suffix.lower() != ".png":
        raise InputError(f"--out must be a .png file, got {out.name!r}")
    with database(db) as store:
        name, checks = gait_history(store, runner)
    if not checks:
        raise InputError(
            f"{name} has no stored gait check yet: run 'glutecoach gait VIDEO --save' first"
        )
    rows = [(c.created_at[:16].replace("T", " "), c.cadence_spm, c.cpd) for c in checks]
    with staged_file(out) as staging:
        history_png(name, rows, staging, load_library())
    console.print(f"{plural(len(checks), 'gait check')} of {escape(name)} plotted: {out}")


def register(app: typer.Typer) -> None:
    app.command("gait")(gait_command)
    app.command("gait-history")(gait_history_command)
