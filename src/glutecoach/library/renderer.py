"""The one renderer for every literature figure a runner sees.

It takes a library record (an evidence record, a threshold, a noise floor or a guideline), never
a bare number, and returns a :class:`RenderedFigure`: the figure with its citation and its status
in runner words, in a plain-text form for terminals, HTML, PDF and calendars and a JSON form that
carries ``status`` and ``reference`` beside the number. docs/evidence.md documents the API and the
words; tests render the whole library through it and fail on any figure that bypasses it.

Status words (the same in README, docs and help texts):

==================  ===========================================================
status              words
==================  ===========================================================
V1                  measured in a study (from a review of studies when the source is one)
V1-review           from a review of studies
V2                  reported secondhand
derived             our rule, derived from <citation>: <how>
coaching-default    coaching default, no published figure
setting             your own setting (a parameter overriding a published rule)
==================  ===========================================================

A U (unverified) record is never rendered as a number: asking for one raises ``ValueError``.

Tagging: inside :func:`tagging` (the CLI turns it on when ``GLUTECOACH_TAG_FIGURES=1``) every
text form is wrapped in ``TAG_OPEN`` / ``TAG_CLOSE`` so a test can tell a figure that came
through here from one that did not. Outside it the output carries no marks.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, replace
from typing import Literal, Protocol

from glutecoach.domain.evidence import (
    STATUS_WORDS,
    EvidenceRecord,
    Guideline,
    NoiseFloor,
    Reference,
    References,
)
from glutecoach.domain.exercise import Threshold
from glutecoach.domain.vocabulary import EvidenceStatus, Metric
from glutecoach.library.ranking import ranking_caveat

FigureStatus = Literal["V1", "V1-review", "V2", "derived", "coaching-default", "setting"]

DERIVED_WORDS = "our rule, derived from"
DEFAULT_WORDS = "coaching default, no published figure"
SETTING_WORDS = "your own setting"

TAG_OPEN = "\u27e6"  # ⟦
TAG_CLOSE = "\u27e7"  # ⟧
TAG_ENV = "GLUTECOACH_TAG_FIGURES"

_tagging: ContextVar[bool] = ContextVar("glutecoach_figure_tagging", default=False)


@contextmanager
def tagging(enabled: bool = True) -> Iterator[None]:
    """Wrap every rendered text in TAG_OPEN/TAG_CLOSE while inside (for the audit tests)."""
    token = _tagging.set(enabled)
    try:
        yield
    finally:
        _tagging.reset(token)


def set_tagging(enabled: bool) -> None:
    """Turn tagging on or off for the rest of the process (the CLI's entry point uses this)."""
    _tagging.set(enabled)


def status_words(status: FigureStatus, citation: str | None = None) -> str:
    """The runner words for a status; ``derived`` names what it was derived from."""
    if status == "derived":
        return f"{DERIVED_WORDS} {citation}" if citation else DERIVED_WORDS
    if status == "coaching-default":
        return DEFAULT_WORDS
    if status == "setting":
        return SETTING_WORDS
    return STATUS_WORDS[EvidenceStatus(status)]


@dataclass(frozen=True)
class RenderedFigure:
    """A literature figure as a runner sees it. Build it with the ``render_*`` functions.

    ``value`` is the number (a pair for a range, None for a worded finding) and ``value_text``
    how it reads ("13.5 deg", "74-103 %MVIC", "above 5/10"); ``label`` is the source in words
    ("our rule, derived from Herrington 2014: healthy mean + 1 SD (8.4 + 5.1 deg)"); ``scope``
    where the figure was measured; ``caveat`` any reason to take it with care (a lower-ranked
    source, a different task).
    """

    value: float | tuple[float, float] | None
    unit: str
    value_text: str
    status: FigureStatus
    reference: str | None
    citation: str | None
    reference_kind: str | None = None
    source_status: str | None = None
    derivation: str | None = None
    scope: str | None = None
    caveat: str | None = None

    @property
    def status_words(self) -> str:
        """The status in runner words; a V1 figure read in a review or position stand itself
        reads "from a review of studies", since no single study measured it."""
        if self.status == "V1" and self.reference_kind == "review":
            return status_words("V1-review")
        return status_words(self.status, self.citation)

    @property
    def label(self) -> str:
        """Source and status in words, without the number."""
        if self.status == "derived":
            text = f"{self.status_words}: {self.derivation}"
        elif self.status in ("coaching-default", "setting"):
            text = self.status_words
        else:
            text = f"{self.status_words}, {self.citation}" if self.citation else self.status_words
        if self.scope:
            text += f"; {self.scope}"
        if self.caveat:
            text += f"; {self.caveat}"
        return text

    @property
    def source_text(self) -> str:
        """``label`` as shown on its own (a table's source column), tagged like ``text``."""
        return _tag(self.label)

    @property
    def text(self) -> str:
        """'13.5 deg (our rule, derived from Herrington 2014: healthy mean + 1 SD ...)'."""
        return _tag(f"{self.value_text} ({self.label})")

    @property
    def short_text(self) -> str:
        """The number and its status only, for tight spaces (tables, plot labels)."""
        who = f", {self.citation}" if self.citation and self.status != "derived" else ""
        return _tag(f"{self.value_text} ({self.status_words}{who})")

    def sentence(self, template: str) -> str:
        """``template`` with ``{figure}`` replaced by the number, and the label after it.

        ``render.sentence("stop above {figure}")`` -> 'stop above 5/10 (reported secondhand, ...)'.
        """
        return _tag(template.format(figure=self.value_text) + f" ({self.label})")

    def as_json(self) -> dict[str, object]:
        """The JSON form: the number with ``status`` and ``reference`` beside it."""
        value: object = list(self.value) if isinstance(self.value, tuple) else self.value
        return {
            "value": value,
            "unit": self.unit,
            "text": self.text,
            "status": self.status,
            "status_words": self.status_words,
            "reference": self.reference,
            "citation": self.citation,
            "reference_kind": self.reference_kind,
            "source_status": self.source_status,
            "derivation": self.derivation,
            "scope": self.scope,
            "caveat": self.caveat,
        }


def _tag(text: str) -> str:
    return f"{TAG_OPEN}{text}{TAG_CLOSE}" if _tagging.get() else text


def _reference(library: References, key: str) -> Reference:
    try:
        return library.reference(key)
    except KeyError:
        raise ValueError(f"reference {key!r} is not in the library") from None


def _checked(status: EvidenceStatus) -> FigureStatus:
    if status is EvidenceStatus.U:
        raise ValueError("an unverified (U) figure is never shown as a number")
    return status.value  # type: ignore[return-value]  # V1, V1-review or V2


def metric_unit(metric: Metric) -> str:
    """The unit a metric's name carries: 'deg', 's' or '' for ratios and counts."""
    name = metric.value
    if name.endswith("_deg"):
        return "deg"
    if name.endswith("_s"):
        return "s"
    return ""


def _with_unit(value: float, unit: str) -> str:
    return f"{value:g} {unit}" if unit else f"{value:g}"


def render_evidence(
    record: EvidenceRecord, library: References, *, with_caveat: bool = False
) -> RenderedFigure:
    """An activation figure (%MVIC or gluteal-to-TFL index), cited with its status.

    ``with_caveat`` adds the record's own caveat and the ranking reason when the record comes
    from an abstract or a secondhand report (used where the record headlines an exercise: lists,
    recommendations).
    """
    status = _checked(record.status)
    ref = _reference(library, record.reference)
    value: float | tuple[float, float] | None
    if record.range_pct is not None:
        value, unit = record.range_pct, "%MVIC"
    elif record.mean_pct is not None:
        value, unit = record.mean_pct, "%MVIC"
    elif record.value is not None:
        value, unit = record.value, ""
    else:
        value, unit = None, ""
    return RenderedFigure(
        value=value,
        unit=unit,
        value_text=record.value_text(),
        status=status,
        reference=ref.key,
        citation=ref.short(),
        reference_kind=ref.kind,
        caveat=_joined(record.caveat, ranking_caveat(record, library)) if with_caveat else None,
    )


def _joined(*parts: str | None) -> str | None:
    return "; ".join(p for p in parts if p) or None


def render_threshold(threshold: Threshold, library: References) -> RenderedFigure:
    """A fault threshold: '> 13.5 deg (our rule, derived from Herrington 2014: ...)'."""
    unit = metric_unit(threshold.metric)
    sign = ">" if threshold.comparison == "above" else "<"
    figure = RenderedFigure(
        value=threshold.value,
        unit=unit,
        value_text=f"{sign} {_with_unit(threshold.value, unit)}",
        status="coaching-default",
        reference=None,
        citation=None,
    )
    if threshold.basis == "coaching-default":
        return figure
    assert threshold.reference is not None  # the schema requires both
    assert threshold.status is not None
    ref = _reference(library, threshold.reference)
    cited = replace(
        figure,
        status=_checked(threshold.status),
        reference=ref.key,
        citation=ref.short(),
        reference_kind=ref.kind,
        scope=f"measured in {threshold.population}, {threshold.task}",
    )
    if threshold.basis == "literature":
        return cited
    return replace(
        cited,
        status="derived",
        source_status=cited.status,
        derivation=threshold.derivation,
    )


def noise_scope(floor: NoiseFloor) -> str:
    """'between-day, 21 recreational runners, treadmill running'."""
    return f"{floor.kind}, {floor.population}, {floor.task}"


def render_noise_floor(floor: NoiseFloor, library: References) -> RenderedFigure:
    """A noise floor with its scope: '8 deg (measured in a study, Munro 2012; between-day ...)'."""
    ref = _reference(library, floor.reference)
    return RenderedFigure(
        value=floor.value,
        unit=floor.unit,
        value_text=_with_unit(floor.value, floor.unit),
        status=_checked(floor.status),
        reference=ref.key,
        citation=ref.short(),
        reference_kind=ref.kind,
        scope=noise_scope(floor),
    )


def render_default(value: float, value_text: str, unit: str = "") -> RenderedFigure:
    """The app's own number where no study gives one: 'coaching default, no published figure'.

    For rules the code applies with no library record behind them (e.g. the pain limits of a
    library that has no pain-monitoring guideline); thresholds use ``render_threshold``.
    """
    return RenderedFigure(
        value=value,
        unit=unit,
        value_text=value_text,
        status="coaching-default",
        reference=None,
        citation=None,
    )


class RuleSource(References, Protocol):
    """Anything that also looks a guideline up by id (``Library`` does)."""

    def guideline(self, guideline_id: str) -> Guideline: ...


def render_guideline(library: RuleSource, guideline_id: str, template: str) -> RenderedFigure:
    """``render_rule`` for the library's guideline with this id."""
    return render_rule(library.guideline(guideline_id), template, library)


def rule_source(guideline: Guideline, library: References) -> str:
    """The rule's source in words, with no number: 'reported secondhand, Silbernagel et al.
    2007; ...' (for sentences that name the rule but quote none of its figures)."""
    ref = _reference(library, guideline.reference)
    figure = RenderedFigure(
        value=None,
        unit="",
        value_text="",
        status=_checked(guideline.status),
        reference=ref.key,
        citation=ref.short(),
        reference_kind=ref.kind,
        caveat=guideline.caveat,
    )
    return _tag(figure.label)


def render_rule(
    guideline: Guideline,
    template: str,
    library: References,
    unit: str = "",
    *,
    values: Mapping[str, float] | None = None,
) -> RenderedFigure:
    """A figure from a published rule: ``template`` formats the guideline's values by name.

    ``render_rule(pain, "above {acceptable_max:g}/10", library)`` -> 'above 5/10 (reported
    secondhand, Silbernagel 2007)'. The value is the first one the template names.

    ``values`` are the numbers actually in use (e.g. from parameters a user overrode); when one
    differs from the rule's, the figure is the user's: status ``setting``, with the published
    figure and its source as the caveat.
    """
    names = [n for n in guideline.values if "{" + n in template]
    if not names:
        raise ValueError(f"template {template!r} names no value of guideline {guideline.id!r}")
    ref = _reference(library, guideline.reference)
    first = min(names, key=lambda n: template.index("{" + n))
    published = RenderedFigure(
        value=guideline.value(first),
        unit=unit,
        value_text=template.format(**guideline.values),
        status=_checked(guideline.status),
        reference=ref.key,
        citation=ref.short(),
        reference_kind=ref.kind,
        caveat=guideline.caveat,
    )
    used = {**guideline.values, **(values or {})}
    if all(used[n] == guideline.values[n] for n in names):
        return published
    return replace(
        published,
        value=used[first],
        value_text=template.format(**used),
        status="setting",
        caveat=f"the published rule says {published.value_text} ({published.label})",
    )
