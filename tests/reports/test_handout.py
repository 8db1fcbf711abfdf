"""The printable handout: HTML parsed with the standard library, PDF read back with pypdf."""

from __future__ import annotations

import io
import re
from collections import Counter
from html.parser import HTMLParser

import pytest
from pypdf import PdfReader

from glutecoach.domain.plan import Plan, SessionKind
from glutecoach.library.catalogue import Library
from glutecoach.reports.handout import build_handout, handout_html, handout_pdf
from glutecoach.reports.stickfigure import figure_drawing
from tests.reports.factories import make_plan, with_variation

HOSTILE = "<script>alert('x')</script> & Co"
VOID = {"meta", "br", "img", "input", "link", "hr", "area", "base", "col", "source", "wbr"}


class Page(HTMLParser):
    """Counts tags and classes, keeps the text, and checks every element is closed."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: Counter[str] = Counter()
        self.classes: Counter[str] = Counter()
        self.attrs: list[tuple[str, str | None]] = []
        self.chunks: list[str] = []
        self.open: list[str] = []
        self.feed(html)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags[tag] += 1
        self.attrs += attrs
        for name, value in attrs:
            if name == "class" and value:
                self.classes.update(value.split())
        if tag not in VOID:
            self.open.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags[tag] += 1
        self.attrs += attrs

    def handle_endtag(self, tag: str) -> None:
        assert self.open, f"</{tag}> closes nothing"
        assert self.open[-1] == tag, f"</{tag}> closes <{self.open[-1]}>"
        self.open.pop()

    def handle_data(self, data: str) -> None:
        self.chunks.append(data)

    @property
    def text(self) -> str:
        return re.sub(r"\s+", " ", " ".join(self.chunks))


@pytest.fixture(scope="module")
def plan(library: Library) -> Plan:
    return make_plan(library, runner=f"Zoë {HOSTILE}")


@pytest.fixture(scope="module")
def page(plan: Plan, library: Library) -> Page:
    return Page(handout_html(plan, library))


@pytest.fixture(scope="module")
def pdf(plan: Plan, library: Library) -> bytes:
    return handout_pdf(plan, library)


def test_html_is_well_formed_and_self_contained(page: Page) -> None:
    assert not page.open
    assert page.tags["html"] == page.tags["body"] == 1
    assert page.tags["script"] == 0
    assert page.tags["link"] == 0
    assert page.tags["img"] == 0
    urls = [v for k, v in page.attrs if k in {"src", "href"}]
    assert not urls
    assert page.tags["style"] == 1


def test_html_escapes_a_hostile_runner_name(page: Page, plan: Plan) -> None:
    assert page.tags["script"] == 0
    assert f"Glute strength plan: {plan.runner}" in page.text


def test_html_has_a_card_with_figure_dose_and_cues_per_exercise(
    page: Page, plan: Plan, library: Library
) -> None:
    ids = {p.variation_id for s in plan.sessions for p in s.prescriptions}
    assert page.classes["card"] == len(ids) == page.tags["svg"]
    assert page.tags["line"] > 10 * len(ids)  # the stick figures are inline vector drawings
    for vid in ids:
        v = library.get(vid)
        assert v.name in page.text
        assert v.instructions[0] in page.text
        assert all(cue in page.text for cue in v.cues)
        normal = plan.sessions[0].prescription_for(vid)
        assert normal is not None
        assert normal.text() in page.text
    assert "Deload sessions" in page.text
    assert "Taper sessions" in page.text


def test_html_session_calendar_marks_deload_and_taper(page: Page, plan: Plan) -> None:
    kinds = Counter(s.kind for s in plan.sessions)
    assert kinds[SessionKind.DELOAD]
    assert kinds[SessionKind.TAPER]
    # one row per session of each kind, plus the legend's sample of each kind
    assert page.classes["deload"] == kinds[SessionKind.DELOAD] + 1
    assert page.classes["taper"] == kinds[SessionKind.TAPER] + 1
    assert page.classes["normal"] == kinds[SessionKind.NORMAL] + 1


def test_html_states_the_stop_rules_with_the_librarys_citation(page: Page) -> None:
    assert "Pain during an exercise above 5/10 (reported secondhand, Silbernagel et al. 2007; " in (
        page.text
    )
    assert "stop that exercise" in page.text
    assert "has not settled by the next morning" in page.text
    assert "see a clinician" in page.text


def test_without_a_pain_guideline_nothing_is_cited(library: Library) -> None:
    bare = Library(families=library.families, references=library.references)
    text = Page(handout_html(make_plan(library, ids=("clam",)), bare)).text
    assert "above 5/10 (coaching default, no published figure)" in text
    assert "Silbernagel" not in text


def test_hostile_library_text_is_escaped(library: Library) -> None:
    evil = with_variation(
        library,
        "clam",
        name="Clam <img src=x onerror=alert(1)>",
        cues=("Keep <b>feet</b> & knees together.", "Move slowly."),
    )
    html = handout_html(make_plan(evil, ids=("clam",)), evil)
    page = Page(html)
    assert page.tags["img"] == 0
    assert page.tags["b"] == 0
    assert "Clam <img src=x onerror=alert(1)>" in page.text
    assert "Keep <b>feet</b> & knees together." in page.text


def test_handout_content_orders_cards_by_first_appearance(plan: Plan, library: Library) -> None:
    handout = build_handout(plan, library)
    assert [c.id for c in handout.cards] == [p.variation_id for p in plan.sessions[0].prescriptions]
    assert [len(r.cards) for r in handout.sessions] == [len(s.prescriptions) for s in plan.sessions]
    assert handout.sessions[0].card_list == f"1-{len(handout.cards)}"


def test_pdf_has_the_exercises_as_text_on_a_few_pages(
    pdf: bytes, plan: Plan, library: Library
) -> None:
    assert pdf.startswith(b"%PDF-")
    reader = PdfReader(io.BytesIO(pdf))
    cards = build_handout(plan, library).cards
    assert 2 <= len(reader.pages) <= 2 + len(cards)
    text = re.sub(r"\s+", " ", " ".join(page.extract_text() for page in reader.pages))
    for card in cards:
        assert card.name in text
    assert plan.runner in text  # the hostile name is text, not markup
    assert "see a clinician" in text
    assert all(not page.images for page in reader.pages)  # figures are vectors, not images


def test_pdf_is_deterministic(pdf: bytes, plan: Plan, library: Library) -> None:
    assert handout_pdf(plan, library) == pdf


def test_figure_drawing_is_a_scaled_vector_drawing(plan: Plan, library: Library) -> None:
    card = build_handout(plan, library).cards[0]
    drawing = figure_drawing(card.figure, 144)
    bottom, top = card.figure.extent()
    assert drawing.width == 144
    assert drawing.height == pytest.approx((top - bottom) * 144 / card.figure.width)
    (group,) = drawing.contents
    shapes = len(card.figure.segments) + len(card.figure.discs) + len(card.figure.boxes)
    assert len(group.contents) == shapes
