"""``glutecoach exercises`` and ``glutecoach exercise ID``: browse the library."""

from __future__ import annotations

from typing import Any

import typer
from rich.markup import escape
from rich.panel import Panel
from rich.table import Table

from glutecoach.analysis.exercises import checkable, not_checkable_reason
from glutecoach.cli.output import console, print_json
from glutecoach.domain.exercise import Mistake, Threshold, Variation
from glutecoach.domain.glossary import metric_term
from glutecoach.domain.vocabulary import DoseLevel, Equipment, Position
from glutecoach.library.catalogue import Library
from glutecoach.library.loader import load_library
from glutecoach.library.ranking import best_gmed_mvic
from glutecoach.library.renderer import (
    render_evidence,
    render_noise_floor,
    render_threshold,
)


def variation_json(library: Library, v: Variation) -> dict[str, Any]:
    """The documented JSON object for one variation (docs/cli-json.md)."""
    data = v.model_dump(mode="json")
    data["family"] = library.family_of(v.id).family
    data["mistakes"] = [
        {
            **m.model_dump(mode="json"),
            "measurable": m.measurable,
            "threshold": threshold_json(m.threshold, library),
        }
        for m in v.mistakes
    ]
    data["evidence"] = [
        {
            **r.model_dump(mode="json"),
            "shown_as": r.status_text(),
            "figure": None if r.measure == "finding" else render_evidence(r, library).as_json(),
        }
        for r in v.evidence
    ]
    data["checkable"] = checkable(v.id)
    data["not_checkable_reason"] = not_checkable_reason(v.id)
    return {"id": data.pop("id"), "name": data.pop("name"), "family": data.pop("family"), **data}


def threshold_json(t: Threshold | None, library: Library) -> dict[str, Any] | None:
    """The threshold record with the rendered figures (status and reference beside each)."""
    if t is None:
        return None
    data: dict[str, Any] = t.model_dump(mode="json")
    data["figure"] = render_threshold(t, library).as_json()
    if t.noise is not None:
        data["noise"]["figure"] = render_noise_floor(t.noise, library).as_json()
    return data


def best_gmed_text(v: Variation, library: Library) -> str:
    """The headline activation figure with its status and any caveat the record holds."""
    record = best_gmed_mvic(v, library)
    if record is None:
        band = v.activation_estimate.band if v.activation_estimate else "?"
        return f"no EMG data (est. {band})"
    figure = render_evidence(record, library, with_caveat=True)
    return figure.text if figure.caveat else figure.short_text


def measured_as(mistake: Mistake, library: Library) -> str:
    """'Knee angle from the front > 13.5 deg (our rule, derived from Herrington 2014); noise
    floor 8 deg (measured in a study, Munro et al. 2012)': the short forms, for the table."""
    t = mistake.threshold
    if t is None:
        return "-"
    text = f"{metric_term(t.metric.value).name} {render_threshold(t, library).short_text}"
    if t.noise is not None:
        text += f"; noise floor {render_noise_floor(t.noise, library).short_text}"
    return text


def figure_sources(v: Variation, library: Library) -> list[str]:
    """Each cited threshold and noise floor of the variation once, in full: how it was derived
    and where it was measured."""
    lines: dict[str, None] = {}
    for m in v.mistakes:
        t = m.threshold
        if t is not None and t.basis != "coaching-default":
            lines[f"{metric_term(t.metric.value).name} {render_threshold(t, library).text}"] = None
        if t is not None and t.noise is not None:
            floor = render_noise_floor(t.noise, library)
            lines[f"noise floor of {t.noise.measure}: {floor.text}"] = None
    return list(lines)


def list_exercises(
    family: str | None = typer.Option(None, help="Only this family, e.g. 'clam'."),
    position: Position | None = typer.Option(None, help="Only this starting position."),
    equipment: list[Equipment] = typer.Option(
        [], "--equipment", "-e", help="Equipment you have (repeat); keeps what needs no more."
    ),
    no_equipment: bool = typer.Option(False, "--no-equipment", help="Only body-weight work."),
    weight_bearing: bool | None = typer.Option(
        None, "--weight-bearing/--non-weight-bearing", help="Standing work only, or floor only."
    ),
    max_difficulty: int | None = typer.Option(None, min=1, max=5, help="Highest difficulty."),
    search: str | None = typer.Option(None, "--search", "-s", help="Text in the id or name."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON (docs/cli-json.md)."),
) -> None:
    """List the exercise library, filtered."""
    library = load_library()
    if family is not None and family not in {f.family for f in library.families}:
        names = ", ".join(f.family for f in library.families)
        raise typer.BadParameter(
            f"unknown family {family!r}; families: {names}", param_hint="--family"
        )
    available = [] if no_equipment else (equipment or None)
    found = library.filter(
        family=family,
        position=position,
        weight_bearing=weight_bearing,
        available=available,
        max_difficulty=max_difficulty,
        text=search,
    )
    if as_json:
        print_json([variation_json(library, v) for v in found])
        return
    table = Table(title=f"glutecoach exercise library ({len(found)} of {len(library.variations)})")
    table.add_column("id", no_wrap=True)
    for column in ("name", "family", "step", "position", "equipment", "level"):
        table.add_column(column, overflow="fold")
    table.add_column("GMed", overflow="fold", min_width=30)
    for v in found:
        table.add_row(
            v.id,
            escape(v.name),
            library.family_of(v.id).family,
            str(v.ladder_position),
            v.position.value,
            ", ".join(e.value for e in v.equipment) or "-",
            str(v.difficulty),
            best_gmed_text(v, library),
        )
    console.print(table)
    console.print(
        "Details: glutecoach exercise ID.  GMed = gluteus medius activation (%MVIC), with its "
        "source: measured in a study, from a review of studies or reported secondhand."
    )


def show_exercise(
    exercise_id: str = typer.Argument(..., metavar="ID", help="Exercise id or alias."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON (docs/cli-json.md)."),
) -> None:
    """Show one exercise: dose, cues, common mistakes, cautions and evidence with citations.

    Every figure says where it comes from: measured in a study, from a review of studies,
    reported secondhand, our rule derived from a study, or a coaching default.
    """
    library = load_library()
    v = library.get(exercise_id)
    if as_json:
        print_json(variation_json(library, v))
        return
    family = library.family_of(v.id)
    ladder = " > ".join(
        f"[b]{escape(x.name)}[/b]" if x.id == v.id else escape(x.name) for x in family.ladder()
    )
    equipment = ", ".join(e.value for e in v.equipment) or "none"
    relevance, isolation = v.running_relevance, v.isolation
    head = (
        f"{escape(v.summary)}\n\n[b]Family[/b] {escape(family.name)} (step {v.ladder_position} of "
        f"{len(family.variations)}): {ladder}\n[b]Position[/b] {v.position.value}   "
        f"[b]Weight-bearing[/b] {'yes' if v.weight_bearing else 'no'}   "
        f"[b]Equipment[/b] {equipment}   [b]Difficulty[/b] {v.difficulty}/5\n"
        f"[b]Running relevance[/b] {relevance.score}/5: {escape(relevance.reason)}\n"
        f"[b]Isolation from TFL[/b] {isolation.score}/5: {escape(isolation.reason)}"
    )
    console.print(Panel(head, title=f"{escape(v.name)} ({v.id})", title_align="left"))
    console.print("[b]How to do it[/b]")
    for i, step in enumerate(v.instructions, 1):
        console.print(f"  {i}. {step}", markup=False)
    doses = Table(title="Default dose", title_justify="left")
    doses.add_column("level")
    doses.add_column("dose")
    for level in DoseLevel:
        doses.add_row(level.value, escape(v.dose.for_level(level).text()))
    console.print(doses)
    console.print("[b]Cues[/b]")
    for cue in v.cues:
        console.print(f"  - {cue}", markup=False)
    mistakes = Table(title="Common mistakes", title_justify="left", show_lines=True)
    mistakes.add_column("id", no_wrap=True)
    for column in ("mistake", "cue", "camera", "measured as"):
        mistakes.add_column(column, overflow="fold")
    for m in v.mistakes:
        mistakes.add_row(
            m.id,
            escape(f"{m.name}: {m.description}"),
            escape(m.cue),
            m.view.value,
            escape(measured_as(m, library)),
        )
    console.print(mistakes)
    sources = figure_sources(v, library)
    if sources:
        console.print("[b]Where the thresholds and noise floors come from[/b]")
        for line in sources:
            console.print(f"  - {line}", markup=False)
    if v.cautions:
        console.print("[b]Cautions[/b]")
        for c in v.cautions:
            console.print(f"  - {c.condition.value} ({c.action}): {c.note}", markup=False)
    evidence = Table(title="Evidence", title_justify="left", show_lines=True)
    for column in ("muscle", "result and source", "n / population", "condition"):
        evidence.add_column(column, overflow="fold")
    for r in v.evidence:
        who = " / ".join(x for x in (str(r.n) if r.n else "", r.population or "") if x) or "-"
        evidence.add_row(
            r.muscle.value,
            escape(render_evidence(r, library).text),
            escape(who),
            escape(r.condition + (f" ({r.caveat})" if r.caveat else "")),
        )
    if v.evidence:
        console.print(evidence)
    if v.evidence_note:
        console.print(f"[b]Evidence note[/b] {escape(v.evidence_note)}")
    if v.activation_estimate:
        console.print(
            f"[b]Activation[/b] no %MVIC measured; estimated {v.activation_estimate.band}: "
            f"{escape(v.activation_estimate.reason)}"
        )
    console.print("[b]References[/b]")
    for key in sorted(v.references()):
        console.print(f"  [{key}] {library.reference(key).full()}", markup=False)


def register(app: typer.Typer) -> None:
    app.command("exercises")(list_exercises)
    app.command("exercise")(show_exercise)
