"""``glutecoach exercises`` and ``glutecoach exercise ID``: browse the library."""

from __future__ import annotations

from typing import Any

import typer
from rich.markup import escape
from rich.panel import Panel
from rich.table import Table

from glutecoach.analysis.exercises import checkable, not_checkable_reason
from glutecoach.cli.output import console, print_json
from glutecoach.domain.exercise import Variation
from glutecoach.domain.vocabulary import DoseLevel, Equipment, Position
from glutecoach.library.catalogue import Library
from glutecoach.library.loader import load_library


def variation_json(library: Library, v: Variation) -> dict[str, Any]:
    """The documented JSON object for one variation (docs/cli-json.md)."""
    data = v.model_dump(mode="json")
    data["family"] = library.family_of(v.id).family
    data["mistakes"] = [
        {**m.model_dump(mode="json"), "measurable": m.measurable} for m in v.mistakes
    ]
    data["evidence"] = [
        {**r.model_dump(mode="json"), "shown_as": r.status_text()} for r in v.evidence
    ]
    data["checkable"] = checkable(v.id)
    data["not_checkable_reason"] = not_checkable_reason(v.id)
    return {"id": data.pop("id"), "name": data.pop("name"), "family": data.pop("family"), **data}


def best_gmed_text(v: Variation) -> str:
    record = v.gmed_mvic()
    if record is None:
        band = v.activation_estimate.band if v.activation_estimate else "?"
        return f"no EMG data (est. {band})"
    marker = " (reported)" if record.status.value == "V2" else ""
    return record.value_text() + marker


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
    for column in ("name", "family", "step", "position", "equipment", "level", "GMed"):
        table.add_column(column, overflow="fold")
    for v in found:
        table.add_row(
            v.id,
            escape(v.name),
            library.family_of(v.id).family,
            str(v.ladder_position),
            v.position.value,
            ", ".join(e.value for e in v.equipment) or "-",
            str(v.difficulty),
            best_gmed_text(v),
        )
    console.print(table)
    console.print("Details: glutecoach exercise ID.  GMed = gluteus medius activation, %MVIC.")


def show_exercise(
    exercise_id: str = typer.Argument(..., metavar="ID", help="Exercise id or alias."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON (docs/cli-json.md)."),
) -> None:
    """Show one exercise: dose, cues, common mistakes, cautions and evidence with citations."""
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
        measure = "-"
        if m.threshold is not None:
            t = m.threshold
            measure = t.text()
            if t.basis == "literature" and t.reference:
                measure += f" ({library.reference(t.reference).short()}, {t.status})"
            else:
                measure += " (coaching default)"
            if t.noise_floor is not None:
                measure += f"; noise floor {t.noise_floor:g}"
        mistakes.add_row(
            m.id, escape(f"{m.name}: {m.description}"), escape(m.cue), m.view.value, escape(measure)
        )
    console.print(mistakes)
    if v.cautions:
        console.print("[b]Cautions[/b]")
        for c in v.cautions:
            console.print(f"  - {c.condition.value} ({c.action}): {c.note}", markup=False)
    evidence = Table(title="Evidence", title_justify="left", show_lines=True)
    for column in ("muscle", "result", "n / population", "condition", "source", "status"):
        evidence.add_column(column, overflow="fold")
    for r in v.evidence:
        who = " / ".join(x for x in (str(r.n) if r.n else "", r.population or "") if x) or "-"
        evidence.add_row(
            r.muscle.value,
            escape(r.value_text()),
            escape(who),
            escape(r.condition),
            library.reference(r.reference).short(),
            f"{r.status.value}: {r.status_text()}",
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
