"""``glutecoach library ...``: checks on the exercise library's data files."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import typer

from glutecoach.cli.output import console
from glutecoach.library.loader import bundled_data_dir, load_library

app = typer.Typer(help="Check the exercise library's data files.", no_args_is_help=True)


@app.command("validate")
def validate(
    path: Path | None = typer.Option(
        None,
        help="A library folder (exercises/, references.yaml, guidelines.yaml) to check "
        "instead of the bundled one.",
    ),
) -> None:
    """Validate every exercise file, the references and the guidelines; exit 3 on problems."""
    library = load_library(path)
    variations = library.variations
    mistakes = [m for v in variations for m in v.mistakes]
    evidence = [r for v in variations for r in v.evidence]
    statuses = Counter(r.status.value for r in evidence)
    console.print(f"[green]OK[/] {path or bundled_data_dir()}")
    console.print(
        f"  {len(library.families)} families, {len(variations)} variations, "
        f"{len(mistakes)} mistakes ({sum(m.measurable for m in mistakes)} measurable), "
        f"{len(evidence)} evidence records "
        f"({', '.join(f'{k} {n}' for k, n in sorted(statuses.items()))}), "
        f"{len(library.references)} references, {len(library.guidelines)} guidelines, "
        f"{len(library.noise_floors)} noise floors."
    )
