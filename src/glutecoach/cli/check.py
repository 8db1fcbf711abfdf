"""``glutecoach check VIDEO --exercise ID`` and ``glutecoach film-guide ID``."""

from __future__ import annotations

import dataclasses
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from glutecoach.cli import keypoint_options as kp
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
from glutecoach.cli.progress import stage_progress
from glutecoach.domain.pose import LegSide
from glutecoach.domain.vocabulary import CameraView
from glutecoach.errors import InputError
from glutecoach.library.filming import film_guide
from glutecoach.library.loader import load_library

if TYPE_CHECKING:
    from glutecoach.domain.analysis import AnalysisResult
    from glutecoach.domain.exercise import Variation
    from glutecoach.library.catalogue import Library
    from glutecoach.services.checked_sets import LogRequest, SetCorrection


def _metric_columns(result: AnalysisResult, variation: Variation) -> list[str]:
    """The metrics the library judges faults by, in the order the reps report them."""
    judged = {m.threshold.metric.value for m in variation.mistakes if m.threshold}
    names: list[str] = []
    for rep in result.reps:
        for name in rep.metrics:
            if name in judged and name not in names:
                names.append(name)
    return names[:4]


def render_result(result: AnalysisResult, variation: Variation, library: Library) -> None:
    from glutecoach.domain.glossary import metric_name, metric_term, plural
    from glutecoach.reports import technique_text as text
    from glutecoach.reports.technique_metrics import format_value, metric_heading, with_unit

    noun, side_words = text.rep_nouns(result)
    on_side = text.STEP_WORDS if noun == "step" else text.REP_WORDS
    sides = ", ".join(f"{s.reps} {on_side[s.side]}" for s in result.sides if s.reps)
    console.print(
        f"[b]{escape(variation.name)}[/b], filmed from the {result.view}: "
        f"[b]{plural(result.rep_count, 'complete ' + noun)}[/b]"
        + (f" ({sides})" if sides else "")
        + f", {result.good_form_reps} in good form."
    )
    cards = text.fault_cards(result, variation, library)
    headline = next((card for card in cards if card.headline), None)
    if headline is not None:
        console.print(
            f"[bold red]Work on first: {escape(headline.name)}.[/] {escape(headline.cue)}"
        )
    if result.reps:
        columns = _metric_columns(result, variation)
        table = Table(title=noun.capitalize() + "s", title_justify="left")
        for header in ("#", "side", "start (s)", "extreme (s)", "end (s)"):
            table.add_column(header, overflow="fold")
        for column in columns:
            table.add_column(metric_heading(column), overflow="fold")
        table.add_column("faults", overflow="fold")
        names = {m.id: m.name for m in variation.mistakes}
        for rep in result.reps:
            faults = ", ".join(names.get(f.mistake_id, f.mistake_id) for f in rep.faults)
            if not rep.measurable:
                faults = f"[dim]not measurable: {escape(rep.reason or '')}[/dim]"
            elif rep.partial:
                faults = f"[dim]partial {noun} (cut by the clip)[/dim]"
            table.add_row(
                str(rep.index),
                rep.side,
                f"{rep.start_s:.1f}",
                f"{rep.bottom_s:.1f}",
                f"{rep.end_s:.1f}",
                *(format_value(c, rep.metrics[c]) if c in rep.metrics else "-" for c in columns),
                escape(faults) if rep.measurable and not rep.partial else faults,
            )
        console.print(table)
        for column in columns:
            term = metric_term(column)
            console.print(f"  {escape(term.name)}: {escape(term.meaning)}.", style="dim")
    for hold in result.holds:
        console.print(
            f"Hold {hold.index} ({side_words[hold.side]}): {hold.start_s:.1f}-{hold.end_s:.1f} s, "
            f"[b]{hold.duration_s:.1f} s[/b], {hold.good_alignment_s:.1f} s in good alignment."
        )
    noisy = [card for card in cards if card.within_noise]
    for card in cards:
        if card.within_noise:
            continue
        found = f"found in {card.places} of {card.checked} checked"
        console.print(f"[bold red]{escape(card.name)}[/], {escape(found)}: {escape(card.cue)}")
        console.print(f"  {escape(card.measured)}. {escape(card.noise)}", style="dim")
    if noisy:
        console.print("[b]Within measurement noise[/b] (film again before acting on these):")
        for card in noisy:
            found = f"in {card.places} of {card.checked} checked"
            console.print(f"  {escape(card.name)}, {escape(found)}: {escape(card.cue)}")
            console.print(f"  {escape(card.measured)}. {escape(card.noise)}", style="dim")
    cues = {m.id: m.cue for m in variation.mistakes}
    for missing in result.not_measured:
        cue = cues.get(missing.mistake_id)
        how = f" Check it yourself: {cue}" if cue else ""
        console.print(
            f"[dim]Not measured from this clip:[/] {escape(missing.name)} "
            f"({escape(missing.reason)}).{escape(how)}"
        )
    for row in text.comparison_rows(result, library):
        item = row.comparison
        judged = (
            f"{row.verdict}, judged against {row.noise}"
            if row.css != "unknown"
            else "no noise figure, so compare with care"
        )
        console.print(
            f"Left and right, {escape(metric_name(item.metric))}: "
            f"{with_unit(item.metric, item.left)} on the left, "
            f"{with_unit(item.metric, item.right)} on the right. "
            f"{escape(judged[:1].upper() + judged[1:])}."
        )
    for warning in result.warnings:
        console.print(f"[yellow]Note:[/] {escape(warning)}")


def check_command(
    video: Path | None = kp.VIDEO_ARGUMENT,
    exercise: str = typer.Option(..., "--exercise", "-e", help="Library exercise id."),
    side: LegSide | None = typer.Option(None, help="Only reps on this side (left or right)."),
    view: CameraView | None = typer.Option(None, help="Camera view (default: detected)."),
    out: Path | None = typer.Option(
        None,
        "--out",
        "-o",
        help="Folder for analysis.json, frames.csv, report.html, annotated.mp4 and keypoints.json.",
    ),
    as_json: bool = typer.Option(False, "--json", help="Print the analysis JSON to stdout."),
    no_video: bool = typer.Option(False, "--no-video", help="Skip the annotated video."),
    full_rate_video: bool = typer.Option(
        False,
        "--full-rate-video",
        help="Annotated video at the clip's own frame rate (default: about the pose rate, "
        "e.g. 15 fps for a 30 fps clip; twice as fast to write).",
    ),
    every_frame: bool = typer.Option(
        False, "--every-frame", help="Run the pose model on every frame (slower)."
    ),
    keypoints: Path | None = kp.KEYPOINTS_OPTION,
    keypoint_format: kp.KeypointFormat | None = kp.KEYPOINT_FORMAT_OPTION,
    fps: float | None = kp.FPS_OPTION,
    export: list[kp.ExportFormat] = kp.EXPORT_OPTION,
    height_m: float | None = kp.HEIGHT_OPTION,
    log: bool = typer.Option(
        False, "--log", help="Record the set (reps, good-form reps, side) in today's session."
    ),
    pain: int | None = typer.Option(
        None, min=0, max=10, help="With --log: worst pain during the set, 0-10."
    ),
    date: str | None = typer.Option(None, help="With --log: session date YYYY-MM-DD."),
    reps: list[str] = typer.Option(
        [],
        "--reps",
        help="With --log: the reps you did, e.g. 12 or left=10 (repeat per side); "
        "at a terminal without it you are asked to confirm the count.",
    ),
    force: bool = FORCE_OPTION,
    params: list[str] = param_option("signal.cutoff_hz=4"),
    runner: str | None = RUNNER_OPTION,
    db: str | None = DATABASE_OPTION,
) -> None:
    """Check technique from a phone video: reps, angles, faults and cues.

    Analysis parameters (docs/parameters.md lists them) can be overridden with --param,
    e.g. --param signal.cutoff_hz=4.
    """
    from glutecoach.services.checked_sets import LogRequest
    from glutecoach.services.keypoint_input import ResearchExports
    from glutecoach.services.technique import CheckOptions, run_check

    if log and pain is None:
        raise InputError("with --log, give the worst pain during the set: --pain 0-10")
    if reps and not log:
        raise InputError("--reps corrects the count of a logged set: use it with --log")
    day = parse_date(date)  # a bad --date is refused before the analysis, not after

    library = load_library()
    options = CheckOptions(
        view=view.value if view else None,
        side=side,
        keypoints=keypoints,
        every_frame=every_frame,
        annotate=not no_video,
        full_rate_video=full_rate_video,
        params=parse_params(params),
        keypoint_format=kp.format_name(keypoint_format),
        fps=fps,
        exports=ResearchExports(kp.export_names(export), height_m),
    )
    with stage_progress() as progress:
        outcome = run_check(library, video, exercise, options, out, progress)
    if as_json:
        print_json(outcome.result.to_json_dict())
    else:
        render_result(outcome.result, outcome.variation, library)
        for kind, path in outcome.files.items():
            console.print(f"  {kind}: {path}")
    result = outcome.result
    if not result.reps and not result.holds:
        raise InputError(
            "no rep or hold was found in this clip, so nothing could be measured"
            + (" (what was seen is in the files above)" if outcome.files else "")
            + f". Check the notes, film the whole set (see 'glutecoach film-guide {exercise}')"
            " and try again."
        )
    if log:
        assert pain is not None
        source = video or keypoints
        assert source is not None  # run_check needs one of them
        counts = _runner_counts(result, pain, reps, ask=not as_json and sys.stdin.isatty())
        request = LogRequest(runner, day, pain, counts, force)
        _log_check(result, request, source.name, library, db, quiet=as_json)


def _runner_counts(
    result: AnalysisResult, pain: int, given: list[str], *, ask: bool
) -> tuple[SetCorrection, ...]:
    """The runner's own rep counts: from ``--reps`` (``N`` when one side was counted,
    ``SIDE=N`` per side), else asked at a terminal, else none (the check's count stands)."""
    from glutecoach.services.checked_sets import (
        SetCorrection,
        rep_count_question,
        sets_from_result,
    )

    sets = sets_from_result(result, pain)
    sides = [s.side.value for s in sets if s.reps_done is not None]
    counts: dict[str, int] = {}
    for item in given:
        side, _, number = item.rpartition("=")
        if not side and len(sides) != 1:
            raise InputError(
                f"--reps {item}: reps were counted on {', '.join(sides) or 'no side'}"
                "; give one count per side, e.g. --reps left=10 --reps right=10"
            )
        if not number.isdigit():
            raise InputError(f"--reps {item!r}: give a whole number of reps, e.g. 12 or left=10")
        counts[side or sides[0]] = int(number)
    if not given and ask:
        for side in sides:
            counted = next(s.reps_done for s in sets if s.side.value == side)
            answer = typer.prompt(rep_count_question(result, side), default=counted, type=int)
            if answer < 0:
                raise InputError("a rep count cannot be negative")
            counts[side] = answer
    return tuple(SetCorrection(side, n) for side, n in counts.items())


def _log_check(
    result: AnalysisResult,
    request: LogRequest,
    video_name: str,
    library: Library,
    db: str | None,
    *,
    quiet: bool,
) -> None:
    """Record the checked set in the runner's session; ``quiet`` keeps stdout for JSON."""
    from glutecoach.cli.training import render_decisions, render_warnings
    from glutecoach.services.checked_sets import log_check

    with database(db) as store:
        sets, outcome = confirmed(
            lambda yes: log_check(
                store, library, result, dataclasses.replace(request, force=yes), video_name
            ),
            request.force,
        )
    done = ", ".join(
        f"{s.side.value}: {s.good_form_reps}/{s.reps_done} good-form reps"
        if s.reps_done is not None
        else f"{s.side.value}: {s.good_form_hold_s}/{s.hold_s} s in good form"
        for s in sets
    )
    day = request.day.isoformat()
    if quiet:
        err = Console(stderr=True)
        err.print(f"Logged in the session of {day}: {done}.")
        for warning in outcome.warnings:
            err.print(f"Careful: {warning}")
        return
    console.print(f"Logged in the session of {day}: {done}.")
    render_warnings(outcome.warnings)
    render_decisions(outcome.decisions, library)


def film_guide_command(
    exercise_id: str = typer.Argument(..., metavar="ID", help="Exercise id or alias."),
) -> None:
    """How to film an exercise for a technique check."""
    variation = load_library().get(exercise_id)
    guide = film_guide(variation)
    console.print(f"[b]Filming {escape(variation.name)}[/b] ({guide.view.value} view)")
    for number, step in enumerate(guide.steps, 1):
        console.print(f"  {number}. {escape(step)}")
    console.print(f"  {escape(guide.why)}")


def register(app: typer.Typer) -> None:
    app.command("check")(check_command)
    app.command("film-guide")(film_guide_command)
