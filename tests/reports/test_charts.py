"""Chart files: written, valid PNG and SVG, placeholders for empty data, deterministic."""

from __future__ import annotations

import warnings
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from glutecoach.library.catalogue import Library
from glutecoach.planning import Action, Decision
from tests.reports.factories import day, rx, tiny_logs, tiny_plan

with warnings.catch_warnings():
    # matplotlib 3.9 calls pyparsing's old camelCase names, which pyparsing 3.3 deprecates
    # when matplotlib is first imported; that noise is not ours to fix here.
    warnings.simplefilter("ignore", DeprecationWarning)
    from glutecoach.reports.charts import CHARTS, progress_figures, write_progress_charts

PNG = b"\x89PNG\r\n\x1a\n"


def decisions() -> list[Decision]:
    return [
        Decision(
            variation_id="clam",
            action=Action.PROGRESS,
            rule="double-progression",
            reason="top of the range with good form",
            prescription=rx("banded-clam"),
            previous=rx("clam"),
            decided_on=day(11),
        )
    ]


@pytest.fixture(scope="module")
def written(library: Library, tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    out = tmp_path_factory.mktemp("charts") / "progress"
    return write_progress_charts(tiny_plan(), tiny_logs(), library, out, decisions=decisions())


def check(path: Path) -> None:
    data = path.read_bytes()
    if path.suffix == ".png":
        assert data.startswith(PNG)
        assert len(data) > 5_000
    else:
        root = ET.fromstring(data)
        assert root.tag == "{http://www.w3.org/2000/svg}svg"


def test_every_chart_is_written_as_png_and_svg(written: list[Path]) -> None:
    assert [p.name for p in written] == [f"{n}.{f}" for n in CHARTS for f in ("png", "svg")]
    for path in written:
        check(path)


def test_charts_carry_titles_axis_labels_and_legends(library: Library) -> None:
    figures = progress_figures(tiny_plan(), tiny_logs(), library, decisions())
    assert list(figures) == list(CHARTS)
    for name, fig in figures.items():
        axes = fig.get_axes()
        titles = [fig.get_suptitle(), *(ax.get_title() for ax in axes)]
        assert any(titles), name
        assert all(ax.get_xlabel() for ax in axes[-1:]), name
        assert any(ax.get_ylabel() for ax in axes) or name == "variation-level", name
        has_legend = [ax.get_legend() for ax in axes if ax.get_legend()] or fig.legends
        assert has_legend, name
    pain = figures["pain"].get_axes()[0]
    labels = [t.get_text() for t in pain.get_legend().get_texts()]
    assert "3/10: safe limit" in labels
    assert "5/10: acceptable limit (above it, stop)" in labels
    assert pain.get_ylim() == (0, 10)


def test_empty_logs_give_placeholders_not_errors(library: Library, tmp_path: Path) -> None:
    paths = write_progress_charts(tiny_plan(), [], library, tmp_path, formats=("svg",))
    assert len(paths) == len(CHARTS)
    for path in paths:
        check(path)
    figures = progress_figures(tiny_plan(), [], library)
    (ax,) = figures["weekly-volume"].get_axes()
    assert not ax.axison
    assert "Log a session" in ax.texts[0].get_text()


def test_output_is_deterministic(library: Library, written: list[Path], tmp_path: Path) -> None:
    again = write_progress_charts(
        tiny_plan(), tiny_logs(), library, tmp_path, decisions=decisions()
    )
    for a, b in zip(written, again, strict=True):
        assert a.read_bytes() == b.read_bytes(), a.name
