"""The output audit: find literature figures that did not come through the evidence renderer.

Outputs are produced with the renderer's tagging on, so every rendered figure sits inside
``⟦ ⟧``. ``untagged_figures`` strips those spans, HTML markup, and the library's own prose (its
notes, reasons and findings, written and checked as content: docs/evidence.md) with the lists of
reference keys that source it, then reports whatever still looks like a literature figure:

- an activation figure (``64 %MVIC``);
- a pain limit (``above 5/10``, ``the 3/10 limit``, ``0-3/10``);
- a number next to a threshold or noise-floor word (``threshold of 13.5 deg``, ``8 deg noise``);
- any number in the same sentence as a citation of the library (``13.5 (Herrington 2014)``);
- a bare status code (``V1``, ``V1-review``, ``V2``) instead of the status words.

``json_problems`` checks JSON outputs: a figure object (a mapping with a numeric ``value``) must
carry ``status`` and ``reference`` beside it, known figure fields (``threshold_value``,
``noise_floor``) their status fields, and every string inside is audited as text.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Iterator
from typing import Any

from glutecoach.library.catalogue import Library
from glutecoach.library.renderer import TAG_CLOSE, TAG_OPEN

TAGGED = re.compile(re.escape(TAG_OPEN) + "[^" + TAG_OPEN + TAG_CLOSE + "]*" + re.escape(TAG_CLOSE))
MVIC = re.compile(r"\d+(?:\.\d+)?(?:\s*(?:±|[–-])\s*\d+(?:\.\d+)?)?\s*%\s*MVIC")
PAIN = re.compile(
    r"(?:\b(?:above|over|up to|within|under|limit of)\s+(?:the\s+)?(?:safe\s+|acceptable\s+)?"
    r"\d+(?:-\d+)?/10)|(?:\b\d+-\d+/10)|(?:\b\d+/10\s+(?:limit|is too much|safe|acceptable))"
)
NEAR_WORD = re.compile(
    r"(?:threshold|noise floor|noise figure|noise band|measurement noise|smallest detectable|"
    r"SDD|cut-off)[^.;\n⟦]{0,40}?\b\d+(?:\.\d+)?\s*(?:deg\b|°)"
    r"|\b\d+(?:\.\d+)?\s*(?:deg\b|°)[^.;\n⟦]{0,25}?(?:threshold|noise floor|measurement noise|"
    r"smallest detectable)"
)
STATUS_CODE = re.compile(r"(?<![\w-])(?:V1-review|V1|V2)(?![\w-])")
SENTENCE = re.compile(r"(?<=[.;!?])\s+|\n")


def _squash(text: str) -> str:
    return " ".join(text.split())


def library_prose(library: Library) -> list[str]:
    """The library's own sentences (longest first), exempt because the library audit covers
    them; structured figures are never among them."""
    texts: set[str] = set()

    def add(value: str | None) -> None:
        if value and len(value) > 20:
            texts.add(_squash(value))

    for family in library.families:
        add(family.summary)
        for v in family.variations:
            for value in (
                v.summary,
                v.evidence_note,
                v.running_relevance.reason,
                v.isolation.reason,
            ):
                add(value)
            if v.activation_estimate is not None:
                add(v.activation_estimate.reason)
            for m in v.mistakes:
                add(m.description)
                add(m.evidence)
                if m.threshold is not None:
                    add(m.threshold.note)
            for r in v.evidence:
                add(r.finding)
                add(r.note)
                add(r.condition)
            for c in v.cautions:
                add(c.note)
    for ref in library.references:
        add(ref.full())
        add(ref.note)
    for rule in library.guidelines:
        add(rule.statement)
    return sorted(texts, key=len, reverse=True)


def _citations(library: Library) -> list[str]:
    labels = {ref.short() for ref in library.references} | {ref.key for ref in library.references}
    return sorted((label for label in labels if re.search(r"\d{4}", label)), key=len, reverse=True)


def untagged_figures(text: str, library: Library, prose: Iterable[str] = ()) -> list[str]:
    """Every figure-like passage of ``text`` outside the renderer's tags (empty: all clean)."""
    remaining = re.sub(r"<style.*?</style>|<[^>]+>", " ", text, flags=re.DOTALL)  # HTML, SVG
    remaining = re.sub(r"\[\d+\]", " ", remaining)  # footnote numbers of a citation link
    remaining = re.sub(r"[ \t\r\f\v]+", " ", html.unescape(remaining))
    for _ in range(3):  # a tagged span may hold a tagged span
        remaining = TAGGED.sub(" ", remaining)
    for sentence in prose:
        remaining = remaining.replace(sentence, " ")
    keys = "|".join(re.escape(r.key) for r in library.references)
    remaining = re.sub(rf"\[(?:{keys})(?:, (?:{keys}))*\]", " ", remaining)  # sources of prose
    found: list[str] = []
    for pattern in (MVIC, PAIN, NEAR_WORD, STATUS_CODE):
        found += [m.group(0) for m in pattern.finditer(remaining)]
    cites = _citations(library)
    for sentence in SENTENCE.split(remaining.replace(" et al. ", " et al ")):
        cited = [c for c in cites if c.replace(" et al. ", " et al ") in sentence]
        bare = sentence
        for c in cited:
            bare = bare.replace(c.replace(" et al. ", " et al "), " ")
        bare = re.sub(r"\b[23]D\b", " ", bare)  # "2D video" is no figure
        if cited and re.search(r"\d", bare):
            found.append(sentence.strip())
    return found


def _walk(data: Any, path: str = "$") -> Iterator[tuple[str, Any]]:
    yield path, data
    if isinstance(data, dict):
        for key, value in data.items():
            yield from _walk(value, f"{path}.{key}")
    elif isinstance(data, list):
        for i, value in enumerate(data):
            yield from _walk(value, f"{path}[{i}]")


STATUS_FIELDS = {
    "threshold_value": ("threshold_status",),
    "noise_floor": ("noise_kind",),
    "mean_pct": ("status", "reference"),
    "range_pct": ("status", "reference"),
}


def json_problems(data: Any, library: Library, prose: Iterable[str] = ()) -> list[str]:
    """Figures in a JSON output without ``status`` and ``reference`` beside them, and untagged
    figures inside its strings."""
    problems: list[str] = []
    prose = list(prose)
    for path, node in _walk(data):
        if isinstance(node, str) and not path.endswith("status"):  # status codes are data
            problems += [f"{path}: {hit}" for hit in untagged_figures(node, library, prose)]
        if not isinstance(node, dict):
            continue
        value = node.get("value")
        if isinstance(value, int | float) and not isinstance(value, bool):
            problems += [
                f"{path}: a figure without {k!r}" for k in ("status", "reference") if k not in node
            ]
        for key, needed in STATUS_FIELDS.items():
            if node.get(key) is not None:
                problems += [f"{path}.{key}: no {k!r} beside it" for k in needed if k not in node]
    return problems
