"""Rep-count accuracy over the labelled corpus, and its sensitivity to each segmentation
parameter moved 20 % either way.

    .venv/bin/python benchmarks/bench_corpus.py [--sensitivity] [--write docs/benchmarks.md]

The corpus (``glutecoach.analysis.corpus``, tests/analysis/corpus_support.py): our own pose
estimates of seven shared clips (the committed fixtures) and four synthetic sets, each under
every transform that keeps its truth (touch-and-go, cut mid-rep, slower and faster, pauses,
tremor, pan and zoom, dropped frames, a second person, mirrored). ``accuracy_rows()`` is also
printed by bench_check.py. ``--sensitivity`` re-scores the corpus with each parameter of every
family's ``RepParams`` (and ``QualityParams.cut_rep_max_fraction``) at 0.8x and 1.2x of its
default.
"""

from __future__ import annotations

import argparse
import dataclasses
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from record import command_line, machine, write_section  # noqa: E402
from tests.analysis.corpus_support import (  # noqa: E402
    Score,
    bases_from_fixtures,
    score,
    synthetic_bases,
)

from glutecoach.analysis.corpus import CorpusItem, corpus_items  # noqa: E402
from glutecoach.analysis.params import default_params, registered_families  # noqa: E402

SECTION = "## Rep counting: corpus accuracy and parameter sensitivity"
REP_PARAMETERS = (
    "enter_fraction", "exit_fraction", "onset_fraction", "min_range", "min_duration_s",
    "max_duration_s", "split_prominence", "plateau_fraction",
)  # fmt: skip


def corpus() -> list[CorpusItem]:
    return corpus_items(bases_from_fixtures() + synthetic_bases())


def accuracy_rows(items: list[CorpusItem] | None = None) -> list[str]:
    """The corpus's exact and within-one rep counts, and its misses."""
    result = score(items if items is not None else corpus())
    rows = [f"- rep-count accuracy over the corpus ({result.total} items): {result.row()}"]
    rows += [f"  - miss: {m}" for m in result.misses]
    return rows


def _overrides(name: str, factor: float) -> dict[str, dict[str, object]]:
    """Per family: ``name`` times ``factor`` in its front/back and side rep parameters."""
    out: dict[str, dict[str, object]] = {}
    for family in registered_families():
        params = default_params(family)
        if name == "cut_rep_max_fraction":
            value = min(params.quality.cut_rep_max_fraction * factor, 0.99)
            out[family] = {"quality": {name: value}}
            continue
        changes: dict[str, object] = {}
        for key, reps in (("reps", params.reps), ("side_reps", params.side_reps or params.reps)):
            value = getattr(reps, name) * factor
            if name in ("split_prominence",):
                value = min(value, 1.0)
            changes[key] = {name: value}
        out[family] = changes
    return out


def _valid(name: str, factor: float) -> bool:
    """Whether every family's parameters stay valid at ``factor`` (e.g. exit < enter)."""
    try:
        for family in registered_families():
            for reps in (default_params(family).reps, default_params(family).side_reps):
                if reps is not None and name in REP_PARAMETERS:
                    dataclasses.replace(reps, **{name: getattr(reps, name) * factor})
    except Exception:
        return False
    return True


def sensitivity_rows(items: list[CorpusItem], base: Score) -> list[str]:
    rows = [
        "| parameter | 0.8x: exact | 0.8x: within one | 1.2x: exact | 1.2x: within one |",
        "|---|---|---|---|---|",
        f"| (defaults) | {base.exact}/{base.total} | {base.exact + base.off_by_one}/{base.total}"
        f" | {base.exact}/{base.total} | {base.exact + base.off_by_one}/{base.total} |",
    ]
    for name in (*REP_PARAMETERS, "cut_rep_max_fraction"):
        cells = []
        for factor in (0.8, 1.2):
            if not _valid(name, factor):
                cells += ["invalid", "invalid"]
                continue
            moved = score(items, _overrides(name, factor))
            cells += [f"{moved.exact}/{moved.total}",
                      f"{moved.exact + moved.off_by_one}/{moved.total}"]  # fmt: skip
        rows.append(f"| `{name}` | " + " | ".join(cells) + " |")
    return rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--sensitivity", action="store_true")
    parser.add_argument("--write", type=Path, metavar="MARKDOWN")
    args = parser.parse_args()
    started = time.perf_counter()
    items = corpus()
    base = score(items)
    lines = [
        SECTION,
        "",
        f"- command: `{command_line('benchmarks/bench_corpus.py')}`",
        f"- machine: {machine()}",
        *accuracy_rows(items),
    ]
    if args.sensitivity:
        intro = ("Each parameter moved 20 % either way in every family (front/back and side), "
                 "the rest at their defaults:")  # fmt: skip
        lines += ["", intro, "", *sensitivity_rows(items, base)]
    lines += ["", f"- {time.perf_counter() - started:.0f} s in all"]
    text = "\n".join(lines) + "\n"
    print(text)
    if args.write is not None:
        write_section(args.write, SECTION, text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
