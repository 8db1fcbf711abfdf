"""``glutecoach recommend --profile FILE``: the explained exercise choice for one runner."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.markup import escape
from rich.table import Table

from glutecoach.cli.context import param_option, parse_params
from glutecoach.cli.output import console, print_json
from glutecoach.domain.glossary import CRITERIA
from glutecoach.domain.overrides import apply_overrides
from glutecoach.library.catalogue import Library
from glutecoach.library.loader import load_library
from glutecoach.library.renderer import render_guideline
from glutecoach.selection import RecommendationResult, SelectionParams, recommend
from glutecoach.services.profiles import load_profile

CRITERIA_HEADERS = {
    "activation": "act",
    "isolation": "iso",
    "function": "run",
    "level_fit": "level",
    "safety": "safe",
}
CAPTION = (
    "act = gluteus medius activation, iso = isolation from TFL, run = relevance to running, "
    "level = fit to your level, safe = safety for your pain and conditions (each 0-1)."
)


def result_json(result: RecommendationResult) -> dict[str, object]:
    """The documented JSON contract of ``recommend --json`` (docs/cli-json.md)."""
    data = result.model_dump(mode="json")
    pairs = zip(
        (*data["recommended"], *data["alternatives"]),
        (*result.recommended, *result.alternatives),
        strict=True,
    )
    for item, source in pairs:
        item["dose_text"] = source.dose.text()
        item.pop("dose_reason", None)  # the same reason is in "reasons", with its figure
        item["reasons"] = [r["text"] for r in item["reasons"]]
        item["reason_references"] = sorted({k for r in source.reasons for k in r.references})
        item["reason_figures"] = [f for r in source.reasons for f in r.figures]
    return {"schema_version": 1, **data}


def render(result: RecommendationResult, library: Library) -> None:
    console.print(
        f"[b]Recommendation for {escape(result.profile)}[/b]: goal {result.goal}, "
        f"{result.dose_level} doses, {result.minutes_planned:.0f} of "
        f"{result.minutes_available} minutes planned, {result.warm_up_minutes:g}-minute "
        "warm-up included."
    )
    table = Table(caption=CAPTION, caption_justify="left")
    table.add_column("#", justify="right")
    table.add_column("exercise", overflow="fold")
    table.add_column("score", justify="right")
    for header in CRITERIA_HEADERS.values():
        table.add_column(header, justify="right")
    table.add_column("min", justify="right")
    for r in result.recommended:
        table.add_row(
            str(r.rank),
            escape(r.name),
            f"{r.score:.0f}",
            *(f"{getattr(r.criteria, c):.2f}" for c in CRITERIA_HEADERS),
            f"{r.minutes:.1f}",
        )
    console.print(table)
    weights = ", ".join(f"{CRITERIA[k].name.lower()} {v:.2f}" for k, v in result.weights.items())
    console.print(f"Score = 100 x weighted criteria ({weights}).")
    render_sessions(result)
    for r in result.recommended:
        console.print(f"\n[b]{r.rank}. {escape(r.name)}[/b] ({r.id}, {r.pattern.value})")
        console.print(f"  Dose: {escape(r.dose.text())}")
        if r.next_step:
            console.print(f"  Next step: {escape(r.next_step)}")
        for reason in r.reasons:
            refs = f" [{', '.join(reason.references)}]" if reason.references else ""
            console.print(f"  - {escape(reason.text + refs)}")
    if result.excluded:
        console.print("\n[b]Not recommended now[/b]")
        for x in result.excluded:
            why = x.why.rstrip(". ")
            instead = ""
            if x.alternative:
                instead = f" Do {library.get(x.alternative).name} ({x.alternative}) instead."
            console.print(
                f"  - {escape(library.get(x.id).name)} ({x.id}): {escape(why)}.{escape(instead)}"
            )
    if result.alternatives:
        others = ", ".join(
            f"{escape(c.name)} ({c.id}, score {c.score:.0f})" for c in result.alternatives[:8]
        )
        console.print(f"\n[b]Other good options[/b]: {others}.")
    for warning in result.warnings:
        console.print(f"\n[bold yellow]Note:[/] {escape(warning)}")
    shown = result.cited_references()
    if shown:
        console.print("\n[b]References[/b] (cited above)")
    for key, citation in shown.items():
        console.print(f"  [{key}] {citation}", markup=False)
    above = render_guideline(library, "pain-monitoring", "above {acceptable_max:g}/10")
    console.print(
        f"\nglutecoach is not medical advice. See a clinician for pain {escape(above.text)}, "
        "pain that has not settled by the next morning, night pain, or a knee or hip that gives "
        "way."
    )


def render_sessions(result: RecommendationResult) -> None:
    """The sessions the plan uses (rotating when there are two) and what time left out."""
    names = {r.id: r.name for r in result.recommended}
    if len(result.sessions) > 1:
        console.print(
            "\n[b]Sessions[/b] (one session cannot hold every pattern in your time, so the "
            "plan takes them in turn)"
        )
        for letter, session in zip("ABCDEFG", result.sessions, strict=False):
            console.print(f"  {letter}: {escape(', '.join(names[i] for i in session))}")
    if result.left_out:
        console.print("\n[b]Left out[/b]")
        for x in result.left_out:
            console.print(f"  - {escape(x.what)}: {escape(x.why)}.")


def recommend_command(
    profile: Path = typer.Option(..., "--profile", "-p", help="Runner profile (TOML)."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON (docs/cli-json.md)."),
    params: list[str] = param_option("max_exercises=4"),
) -> None:
    """Recommend gluteus medius exercises for a runner, with scores and reasons.

    Selection parameters (docs/parameters.md) can be overridden with --param, e.g.
    --param max_exercises=4 or --param harder_penalty=0.5.
    """
    selection = apply_overrides(SelectionParams(), parse_params(params))
    runner = load_profile(profile)
    library = load_library()
    result = recommend(library, runner, selection)
    if as_json:
        print_json(result_json(result))
    else:
        render(result, library)


def register(app: typer.Typer) -> None:
    app.command("recommend")(recommend_command)
