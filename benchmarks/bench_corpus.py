"""Rep-count accuracy over the labelled corpus, and its sensitivity to each segmentation
parameter moved 20 % either way.

    .venv/bin/python benchmarks/bench_corpus.py [--sensitivity] [--write docs/benchmarks.md]

The corpus (``glutecoach.analysis.corpus``, tests/analysis/corpus_support.py): our own pose
estimates of seven shared clips (the committed fixtures) and six synthetic sets (two of them
step-ups), each under every transform that keeps its truth (touch-and-go, cut mid-rep, slower
and faster, pauses, tremor, pan and zoom, dropped frames, a second person, mirrored).
``accuracy_rows()`` is also printed by bench_check.py. ``--sensitivity`` re-scores the corpus
with each parameter of every family's ``RepParams`` (and ``QualityParams.cut_rep_max_fraction``)
at 0.8x and 1.2x of its default.
"""

from __future__ import annotations

import argparse
import dataclasses
import math
import sys
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from record import command_line, machine, write_section  # noqa: E402
from tests.analysis.corpus_support import (  # noqa: E402
    bases_from_fixtures,
    score,
    synthetic_bases,
)

from glutecoach.analysis.corpus import CorpusItem, corpus_items  # noqa: E402
from glutecoach.analysis.exercises import analyzer_for  # noqa: E402
from glutecoach.analysis.exercises.base import FamilyOutput, MeasuredRep  # noqa: E402
from glutecoach.analysis.params import QualityParams, default_params  # noqa: E402
from glutecoach.analysis.pipeline import analyze  # noqa: E402
from glutecoach.analysis.rep_checks import accept_cut_reps  # noqa: E402
from glutecoach.analysis.reps import RepParams, segment_reps  # noqa: E402
from glutecoach.domain.pose import FloatArray  # noqa: E402
from glutecoach.errors import InputError  # noqa: E402
from glutecoach.library.loader import load_library  # noqa: E402

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


@dataclass(frozen=True, eq=False)
class Segmented:
    """One rep item's primary signal as the analysis computed it, to re-segment quickly."""

    item: CorpusItem
    out: FamilyOutput
    t: FloatArray
    reps: RepParams
    quality: QualityParams


def _signals(items: list[CorpusItem]) -> list[Segmented]:
    """Each rep item analysed once with the defaults; its signal kept (hold items left out:
    the segmentation parameters do not touch holds)."""
    library = load_library()
    out = []
    for item in items:
        if not item.count:
            continue
        variation = library.get(item.exercise)
        result = analyze(item.pose, variation, view=item.view)
        assert result.frames is not None
        name, signal = next((n, v) for n, v in result.frames.columns if n.startswith("signal_"))
        params = default_params(analyzer_for(variation).family)
        family = FamilyOutput(reps=(), signal_name=name, signal=signal, signal_range=math.nan)
        out.append(Segmented(item, family, result.frames.timestamps_s,
                             params.rep_params(result.view), params.quality))  # fmt: skip
    return out


def _count(s: Segmented, reps: RepParams, quality: QualityParams) -> int:
    """Complete reps plus cut reps whose extreme was filmed, as ``analyze`` counts them."""
    seg = segment_reps(s.t, s.out.signal, reps)
    measured = [MeasuredRep(r, {}, ()) for r in seg.reps]
    out = FamilyOutput.from_segmentation(seg, measured, s.out.signal_name, s.out.signal)
    kept, _ = accept_cut_reps(out, s.item.pose, quality)
    return sum(not m.rep.partial for m in kept)


def _tally(signals: list[Segmented], name: str | None, factor: float) -> str:
    exact = near = 0
    for s in signals:
        reps, quality = s.reps, s.quality
        if name == "cut_rep_max_fraction":
            cut = min(quality.cut_rep_max_fraction * factor, 0.99)
            quality = dataclasses.replace(quality, cut_rep_max_fraction=cut)
        elif name is not None:
            value = getattr(reps, name) * factor
            reps = dataclasses.replace(
                reps,
                **{
                    name: min(value, 1.0)
                    if "fraction" in name or name == "split_prominence"
                    else value
                },
            )
        found = _count(s, reps, quality)
        exact += found == s.item.count
        near += abs(found - s.item.count) <= 1
    return f"{exact}/{len(signals)} | {near}/{len(signals)}"


def sensitivity_rows(items: list[CorpusItem]) -> list[str]:
    """Exact and within-one counts of the rep items with each parameter at 0.8x and 1.2x."""
    signals = _signals(items)
    rows = [
        "| parameter | 0.8x: exact | 0.8x: within one | 1.2x: exact | 1.2x: within one |",
        "|---|---|---|---|---|",
        f"| (defaults) | {_tally(signals, None, 1.0)} | {_tally(signals, None, 1.0)} |",
    ]
    for name in (*REP_PARAMETERS, "cut_rep_max_fraction"):
        cells = []
        for factor in (0.8, 1.2):
            try:
                cells.append(_tally(signals, name, factor))
            except InputError:  # e.g. exit_fraction pushed past enter_fraction
                cells.append("invalid | invalid")
        rows.append(f"| `{name}` | " + " | ".join(cells) + " |")
    return rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--sensitivity", action="store_true")
    parser.add_argument("--write", type=Path, metavar="MARKDOWN")
    args = parser.parse_args()
    started = time.perf_counter()
    items = corpus()
    lines = [
        SECTION,
        "",
        f"- command: `{command_line('benchmarks/bench_corpus.py')}`",
        f"- machine: {machine()}",
        *accuracy_rows(items),
    ]
    if args.sensitivity:
        intro = (
            "Each segmentation parameter moved 20 % either way in every family (front/back and "
            "side), the rest at their defaults, on the corpus's rep items (holds do not depend "
            "on them). Each item's primary signal is computed once with the defaults and "
            "re-segmented (``segment_reps`` and the cut-rep rule, as ``analyze`` applies them); "
            "the defaults row is that shortcut's own score:"
        )
        lines += ["", intro, "", *sensitivity_rows(items)]
    lines += ["", f"- {time.perf_counter() - started:.0f} s in all"]
    text = "\n".join(lines) + "\n"
    print(text)
    if args.write is not None:
        write_section(args.write, SECTION, text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
