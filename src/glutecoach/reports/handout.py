"""A printable handout of a plan, as self-contained HTML and as PDF, from one content model.

``build_handout`` gathers what the runner needs without the app: the session calendar (deload
and taper sessions marked), then one card per exercise with its stick figure, the dose for
each kind of session, instructions, cues and cautions, and the "stop if" pain rules.
``handout_html`` renders it with Jinja2 (autoescaping on; the only markup passed through is the
generated figure SVG). ``handout_pdf`` renders the same content with ReportLab, the figures as
vector drawings. Both are pure: the same plan and library give the same bytes.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import io
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from jinja2 import Environment
from markupsafe import Markup

from glutecoach.domain.plan import WEEKDAYS, Plan, SessionKind
from glutecoach.domain.vocabulary import Condition
from glutecoach.library.catalogue import Library
from glutecoach.reports.figures import StickFigure, figure_svg, variation_figure
from glutecoach.reports.guidance import PainLimits, caution_lines, pain_limits
from glutecoach.reports.stickfigure import figure_drawing
from glutecoach.reports.templating import template_environment

KIND_LABELS = {
    SessionKind.NORMAL: "Normal",
    SessionKind.DELOAD: "Deload (lighter week)",
    SessionKind.TAPER: "Taper (before the race)",
}


@dataclass(frozen=True)
class SessionRow:
    """One planned session; ``cards`` are the numbers of its exercise cards (from 1)."""

    date: dt.date
    week: int
    kind: SessionKind
    cards: tuple[int, ...]
    minutes: float

    @property
    def day(self) -> str:
        """'Wed 05 Mar'."""
        return f"{WEEKDAYS[self.date.weekday()][:3].capitalize()} {self.date:%d %b}"

    @property
    def card_list(self) -> str:
        """Card numbers with runs joined: '1-4, 6'."""
        runs: list[list[int]] = []
        for n in self.cards:
            if runs and n == runs[-1][-1] + 1:
                runs[-1].append(n)
            else:
                runs.append([n])
        return ", ".join(f"{r[0]}-{r[-1]}" if len(r) > 2 else ", ".join(map(str, r)) for r in runs)


@dataclass(frozen=True)
class DoseLine:
    """The dose for one kind of session; ``since`` is set when it changed during the plan."""

    kind: SessionKind
    text: str
    since: dt.date | None = None

    @property
    def label(self) -> str:
        base = KIND_LABELS[self.kind].split(" (")[0]
        return f"{base} sessions from {self.since:%d %b}" if self.since else f"{base} sessions"


@dataclass(frozen=True)
class ExerciseCard:
    id: str
    name: str
    summary: str
    figure: StickFigure
    equipment: tuple[str, ...]
    doses: tuple[DoseLine, ...]
    instructions: tuple[str, ...]
    cues: tuple[str, ...]
    cautions: tuple[str, ...]

    @property
    def svg(self) -> str:
        return figure_svg(self.figure)


@dataclass(frozen=True)
class Handout:
    runner: str
    start: dt.date
    end: dt.date
    weeks: int
    strength_days: tuple[str, ...]
    race_date: dt.date | None
    warm_up: tuple[str, ...]
    sessions: tuple[SessionRow, ...]
    cards: tuple[ExerciseCard, ...]
    notes: tuple[str, ...]
    pain: PainLimits
    cautions: tuple[str, ...] = ()

    @property
    def title(self) -> str:
        return f"Glute strength plan: {self.runner}"

    @property
    def period(self) -> str:
        return f"{self.start:%d %b %Y} to {self.end:%d %b %Y} ({self.weeks} weeks)"


def _doses(plan: Plan, variation_id: str) -> tuple[DoseLine, ...]:
    lines: list[DoseLine] = []
    latest: dict[SessionKind, str] = {}
    for session in plan.sessions:
        found = [p.text() for p in session.prescriptions if p.variation_id == variation_id]
        text = "; ".join(found)
        if not found or latest.get(session.kind) == text:
            continue
        since = session.date if session.kind in latest else None
        latest[session.kind] = text
        lines.append(DoseLine(session.kind, text, since))
    order = list(SessionKind)
    return tuple(sorted(lines, key=lambda d: (order.index(d.kind), d.since or dt.date.min)))


def _condition(condition: Condition) -> str:
    if condition is Condition.ITB_SYNDROME:
        return "ITB syndrome"
    return condition.value.replace("-", " ").capitalize()


def build_handout(plan: Plan, library: Library) -> Handout:
    """The handout's content: every exercise the plan uses, in order of first appearance."""
    ids = list(dict.fromkeys(p.variation_id for s in plan.sessions for p in s.prescriptions))
    own = {c.condition for c in plan.cautions}  # the runner's conditions, as the plan records
    cards = []
    for vid in ids:
        v = library.get(vid)
        cards.append(
            ExerciseCard(
                id=v.id,
                name=v.name,
                summary=v.summary,
                figure=variation_figure(v, library.family_of(v.id).family),
                equipment=tuple(e.value.replace("-", " ") for e in v.equipment),
                doses=_doses(plan, vid),
                instructions=v.instructions,
                cues=v.cues,
                cautions=tuple(
                    f"{_condition(c.condition)}: {c.note}" for c in v.cautions if c.condition in own
                ),
            )
        )
    rows = tuple(
        SessionRow(
            date=s.date,
            week=s.week_index + 1,
            kind=s.kind,
            cards=tuple(ids.index(p.variation_id) + 1 for p in s.prescriptions),
            minutes=s.minutes_planned,
        )
        for s in plan.sessions
    )
    return Handout(
        runner=plan.runner,
        start=plan.start_date,
        end=plan.end_date - dt.timedelta(days=1),
        weeks=plan.weeks,
        strength_days=tuple(WEEKDAYS[d].capitalize() for d in plan.strength_weekdays),
        race_date=plan.running_week.race_date,
        warm_up=plan.sessions[0].warm_up if plan.sessions else (),
        sessions=rows,
        cards=tuple(cards),
        notes=plan.notes,
        pain=pain_limits(library),
        cautions=caution_lines(plan, library),
    )


def _environment() -> Environment:
    env = template_environment()
    env.globals["kind_labels"] = KIND_LABELS
    env.filters["figure"] = lambda card: Markup(card.svg)  # generated, title escaped
    return env


def handout_html(plan: Plan, library: Library) -> str:
    """A self-contained, printable HTML page (inline CSS and SVG, A4 print styles)."""
    template = _environment().get_template("handout.html.j2")
    return template.render(h=build_handout(plan, library))


# --- PDF -------------------------------------------------------------------------------------

FONT, BOLD = "GlutecoachSans", "GlutecoachSans-Bold"
INK, MUTED, LINE = "#1f2933", "#52606d", "#cbd2d9"
KIND_FILL = {SessionKind.DELOAD: "#fff3c4", SessionKind.TAPER: "#dceefb"}
FIGURE_W_MM = 52


def _fonts() -> tuple[str, str]:
    """DejaVu Sans (shipped with matplotlib, found without importing it) for full Unicode
    text; the built-in Helvetica if it is missing."""
    from reportlab.lib.fonts import addMapping
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    if FONT in pdfmetrics.getRegisteredFontNames():
        return FONT, BOLD
    spec = importlib.util.find_spec("matplotlib")
    roots = list(spec.submodule_search_locations or []) if spec else []
    ttf = Path(roots[0] if roots else ".") / "mpl-data" / "fonts" / "ttf"
    files = (ttf / "DejaVuSans-Bold.ttf", ttf / "DejaVuSans.ttf")
    if not all(f.is_file() for f in files):
        return "Helvetica", "Helvetica-Bold"
    pdfmetrics.registerFont(TTFont(BOLD, str(files[0])))
    pdfmetrics.registerFont(TTFont(FONT, str(files[1])))
    for italic in (0, 1):
        addMapping(FONT, 0, italic, FONT)
        addMapping(FONT, 1, italic, BOLD)
    return FONT, BOLD


def handout_pdf(plan: Plan, library: Library) -> bytes:
    """The handout as an A4 PDF (ReportLab), figures drawn as vectors; deterministic bytes."""
    from reportlab.lib import colors
    from reportlab.lib.enums import TA_LEFT
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import (
        KeepTogether,
        ListFlowable,
        PageBreak,
        Paragraph,
        SimpleDocTemplate,
        Spacer,
        Table,
        TableStyle,
    )

    h = build_handout(plan, library)
    regular, bold = _fonts()
    body = ParagraphStyle("body", fontName=regular, fontSize=9.5, leading=12.5, alignment=TA_LEFT)
    small = ParagraphStyle("small", parent=body, fontSize=8.5, leading=10.5)
    muted = ParagraphStyle("muted", parent=small, textColor=colors.HexColor(MUTED))
    title = ParagraphStyle("title", parent=body, fontName=bold, fontSize=17, leading=21)
    h2 = ParagraphStyle("h2", parent=body, fontName=bold, fontSize=12.5, leading=16, spaceBefore=8)
    h3 = ParagraphStyle("h3", parent=body, fontName=bold, fontSize=11, leading=14)
    h4 = ParagraphStyle("h4", parent=body, fontName=bold, spaceBefore=3)

    def para(text: str, style: ParagraphStyle = body) -> Paragraph:
        return Paragraph(escape(text), style)

    def bullets(items: tuple[str, ...], numbered: bool = False) -> ListFlowable:
        return ListFlowable(
            [para(i) for i in items],
            bulletType="1" if numbered else "bullet",
            start=None if numbered else "\u2022",
            leftIndent=12,
            bulletFontName=regular,
            bulletFontSize=8.5,
        )

    meta = f"{h.period} \u00b7 strength days: {', '.join(h.strength_days)}"
    if h.race_date:
        meta += f" \u00b7 race on {h.race_date:%d %b %Y}"
    story: list[Any] = [para(h.title, title), para(meta, muted), Spacer(1, 4)]
    stop = [
        para("Stop if", ParagraphStyle("stop", parent=h3, textColor=colors.HexColor("#d64545")))
    ]
    stop += [bullets(h.pain.stop_rules()), para(h.pain.scale_note(), small)]
    box = Table([[stop]], colWidths=[180 * mm])
    box.setStyle(
        TableStyle(
            [
                ("BOX", (0, 0), (-1, -1), 1.5, colors.HexColor("#d64545")),
                ("LEFTPADDING", (0, 0), (-1, -1), 8),
                ("RIGHTPADDING", (0, 0), (-1, -1), 8),
            ]
        )
    )
    story += [box]
    if h.cautions:
        story += [para("Take care: your conditions", h2), bullets(h.cautions)]
    if h.warm_up:
        story += [para("Warm-up before every session", h2), bullets(h.warm_up, numbered=True)]
    story.append(para("Session calendar", h2))
    story.append(para("Exercises are numbered as on the cards that follow.", muted))
    header = ["Date", "Week", "Session", "Exercises", "Minutes", "Done"]
    rows: list[list[Any]] = [
        [para(c, ParagraphStyle("th", parent=small, fontName=bold)) for c in header]
    ]
    style = [
        ("GRID", (0, 0), (-1, -1), 0.5, colors.HexColor(LINE)),
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#f0f4f8")),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
    ]
    for i, s in enumerate(h.sessions, start=1):
        rows.append(
            [
                para(s.day, small),
                para(str(s.week), small),
                para(s.kind.value, small),
                para(s.card_list, small),
                para(f"{s.minutes:.0f}", small),
                para("\u2610", small),
            ]
        )
        if s.kind in KIND_FILL:
            style.append(("BACKGROUND", (0, i), (-1, i), colors.HexColor(KIND_FILL[s.kind])))
    widths = [28 * mm, 16 * mm, 22 * mm, 82 * mm, 18 * mm, 14 * mm]
    table = Table(rows, colWidths=widths, repeatRows=1)
    table.setStyle(TableStyle(style))
    story.append(table)
    if h.notes:
        story += [para("Plan notes", h4), bullets(h.notes)]
    story += [PageBreak(), para("Exercises", h2)]
    for number, card in enumerate(h.cards, start=1):
        text: list[Any] = [para(f"{number}. {card.name}", h3), para(card.summary)]
        text += [para(f"{d.label}: {d.text}", small) for d in card.doses]
        text += [para("How to do it", h4), bullets(card.instructions, numbered=True)]
        text += [para("Cues", h4), bullets(card.cues)]
        if card.cautions:
            text += [para("Take care", h4), bullets(card.cautions)]
        left: list[Any] = [figure_drawing(card.figure, FIGURE_W_MM * mm)]
        if card.equipment:
            left.append(para(f"Equipment: {', '.join(card.equipment)}", muted))
        cell = Table([[left, text]], colWidths=[(FIGURE_W_MM + 4) * mm, 124 * mm])
        cell.setStyle(
            TableStyle(
                [
                    ("BOX", (0, 0), (-1, -1), 0.75, colors.HexColor(LINE)),
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("TOPPADDING", (0, 0), (-1, -1), 6),
                ]
            )
        )
        story += [KeepTogether([cell]), Spacer(1, 6)]

    def footer(canvas: Any, doc: Any) -> None:
        canvas.saveState()
        canvas.setFont(regular, 8)
        canvas.setFillColor(colors.HexColor(MUTED))
        canvas.drawString(15 * mm, 9 * mm, f"glutecoach \u00b7 {h.title}")
        canvas.drawRightString(195 * mm, 9 * mm, f"page {doc.page}")
        canvas.restoreState()

    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=15 * mm,
        rightMargin=15 * mm,
        topMargin=14 * mm,
        bottomMargin=16 * mm,
        title=h.title,
        author="glutecoach",
        creator="glutecoach",
        subject="Gluteus medius strength plan",
        invariant=True,
    )
    doc.build(story, onFirstPage=footer, onLaterPages=footer)
    return buffer.getvalue()
