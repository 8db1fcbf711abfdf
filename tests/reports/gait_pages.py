"""Gait reports to lay out: the committed rear-view running keypoints (tests/evidence/fixtures)
and a SYNTHETIC side view (tests.analysis.test_gait), each with every measure of its view."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

from glutecoach.analysis.gait import analyze_gait
from glutecoach.domain.gait import GaitResult
from glutecoach.library.catalogue import Library
from glutecoach.reports.gait_report import gait_html
from glutecoach.vision.keypoint_file import read_keypoints
from tests.analysis.test_gait import rear_running_series

REAR_KEYPOINTS = Path(__file__).resolve().parents[1] / "evidence" / "fixtures" / "running-rear.csv"


def gait_results(library: Library) -> dict[str, GaitResult]:
    rear = read_keypoints(REAR_KEYPOINTS).estimate.sequence
    side = rear_running_series(duration_s=4.0, view="side").pose
    return {
        "rear": analyze_gait(rear, library=library),
        "side": analyze_gait(side, library=library),
    }


def gait_pages(library: Library) -> dict[str, str]:
    """Each view's HTML report."""
    return {
        view: gait_html(result, library, video_name="run.mp4")
        for view, result in gait_results(library).items()
    }


class Headers(HTMLParser):
    """The text of every table header cell, table by table."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.tables: list[list[str]] = []
        self._cell: list[str] | None = None
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:  # noqa: ARG002
        if tag == "table":
            self.tables.append([])
        elif tag == "th":
            self._cell = []

    def handle_endtag(self, tag: str) -> None:
        if tag == "th" and self._cell is not None:
            self.tables[-1].append("".join(self._cell).strip())
            self._cell = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)
