"""The gait report printed to PDF in a real Chromium fits its A4 page: laid out at the page's
content width with the print styles, no table and no cell runs past the page or its column,
and in the PDF Chromium writes, every word of the table headers lies inside the page."""

from __future__ import annotations

import io
import unicodedata
from pathlib import Path

import pytest
from playwright.sync_api import Browser as Chromium
from pypdf import PageObject, PdfReader

from glutecoach.library.catalogue import Library
from tests.reports.gait_pages import Headers, gait_pages

A4_WIDTH_MM, MARGIN_MM = 210.0, 12.0  # the report's @page rule: A4, 12 mm left and right
CONTENT_PX = round((A4_WIDTH_MM - 2 * MARGIN_MM) / 25.4 * 96)
OVERFLOW = """() => {
  const page = document.documentElement.clientWidth;
  const out = [];
  for (const table of document.querySelectorAll("table")) {
    const box = table.getBoundingClientRect();
    if (box.left < 0 || box.right > page + 0.5) out.push(`table to ${box.right} > ${page}`);
    for (const cell of table.querySelectorAll("th, td")) {
      if (cell.scrollWidth > cell.clientWidth + 1) out.push(`cell "${cell.textContent}" overflows`);
    }
  }
  return out;
}"""


@pytest.fixture(scope="module")
def pages(library: Library, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("gait")
    paths = {}
    for view, html in gait_pages(library).items():
        paths[view] = folder / f"{view}.html"
        paths[view].write_text(html, encoding="utf-8")
    return paths


def _text_runs(page: PageObject) -> list[tuple[str, float]]:
    """(text, x in points from the page's left edge) of every text run drawn on ``page``."""
    runs: list[tuple[str, float]] = []

    def visit(text: str, cm: list[float], tm: list[float], *_: object) -> None:
        if text.strip():
            runs.append((text.strip(), tm[4] * cm[0] + tm[5] * cm[2] + cm[4]))

    page.extract_text(visitor_text=visit)
    return runs


@pytest.mark.parametrize("view", ["rear", "side"])
def test_printed_tables_fit_the_page_width(
    chromium: Chromium, pages: dict[str, Path], view: str
) -> None:
    context = chromium.new_context(viewport={"width": CONTENT_PX, "height": 1000})
    try:
        page = context.new_page()
        page.emulate_media(media="print")
        page.goto(pages[view].as_uri())
        assert page.locator("table").last.locator("th").count() > 6  # the per-step table
        assert page.evaluate(OVERFLOW) == []
        pdf = page.pdf(format="A4", prefer_css_page_size=True)
    finally:
        context.close()
    reader = PdfReader(io.BytesIO(pdf))
    assert 1 <= len(reader.pages) <= 6
    words = {
        word
        for headers in Headers(pages[view].read_text(encoding="utf-8")).tables
        for text in headers
        for word in text.split()
    }
    drawn = []
    for pdf_page in reader.pages:
        width = float(pdf_page.mediabox.width)
        assert width == pytest.approx(A4_WIDTH_MM / 25.4 * 72, abs=1)
        for text, x in _text_runs(pdf_page):
            assert 0 <= x < width - MARGIN_MM / 25.4 * 72 * 0.5, (text, x, width)
            drawn.append(text)
    joined = _squeezed("".join(drawn))  # a header may be hyphenated across lines
    missing = {w for w in words if _squeezed(w) not in joined}
    assert not missing, missing


def _squeezed(text: str) -> str:
    """Letters and digits only, ligatures ('ﬀ') spelled out."""
    return "".join(ch for ch in unicodedata.normalize("NFKC", text) if ch.isalnum())
