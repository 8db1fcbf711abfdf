"""The gait report's tables speak plainly: column headers are runner words with their units,
never code names (the page-width check, in a real browser, is tests/web/test_gait_print.py)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from glutecoach.library.catalogue import Library
from glutecoach.reports.chart_axes import MAX_TICKS
from glutecoach.reports.gait_report import (
    STEP_COLUMNS,
    header,
    history_figure,
    history_png,
    number,
)
from tests.reports.gait_pages import Headers, gait_pages, gait_results

SNAKE = re.compile(r"\b[a-z0-9]+_[a-z0-9_]+\b")


@pytest.fixture(scope="module")
def pages(library: Library) -> dict[str, str]:
    return gait_pages(library)


@pytest.mark.parametrize("view", ["rear", "side"])
def test_table_headers_are_plain_words(pages: dict[str, str], view: str) -> None:
    tables = Headers(pages[view]).tables
    assert len(tables) >= 2
    for headers in tables:
        assert all(headers), headers
        assert len(set(headers)) == len(headers), headers
        for text in headers:
            assert not SNAKE.search(text), text
            assert "_" not in text, text
            assert text[0].isupper() or text[0].isdigit(), text
    steps = tables[-1]
    assert tuple(steps[: len(STEP_COLUMNS)]) == STEP_COLUMNS
    assert len(steps) > len(STEP_COLUMNS)


def test_every_measure_gets_a_named_header_with_its_unit(library: Library) -> None:
    for view, result in gait_results(library).items():
        measures = sorted({m for step in result.steps for m in step.metrics})
        for metric in measures:
            text = header(metric)
            assert text.lower() != metric.replace("_", " "), (view, text)
            assert text.endswith(")"), text  # every gait measure has a unit
    assert header("foot_midline_ratio") == "Foot from midline (hip widths)"
    assert header("contact_time_s") == "Ground contact time (s)"
    assert header("knee_fppa_deg") == "Knee inward angle (deg)"
    assert header("shank_angle_contact_deg") == "Shin angle at landing (deg)"


def test_numbers_never_show_negative_zero() -> None:
    assert number(-0.001) == "0.00"
    assert number(-0.006) == "-0.01"
    assert number(1.234) == "1.23"


def test_gait_history_labels_a_season_of_checks_sparsely(library: Library, tmp_path: Path) -> None:
    checks = [
        (f"2026-{1 + i // 28:02d}-{1 + i % 28:02d} 07:00", 170.0 + i % 3, {"left": (4.0, 1.0, 9)})
        for i in range(40)
    ]
    figure = history_figure("Ana", checks, library)
    top, bottom = figure.get_axes()
    labels = [t.get_text() for t in bottom.get_xticklabels()]
    assert 2 <= len(labels) <= MAX_TICKS
    assert len(set(labels)) == len(labels)
    assert labels[0] == checks[0][0]
    assert all(float(x).is_integer() for x in bottom.get_xticks())
    assert top.get_ylabel() == "Pelvic drop (deg)"
    path = history_png("Ana", checks[:3], tmp_path / "history.png", library)
    assert path.read_bytes().startswith(b"\x89PNG")
