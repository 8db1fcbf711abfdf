"""The HTML report of a technique check.

``technique_html`` renders a self-contained page for a runner or physio (Jinja2, autoescaping
on; the only markup passed through is the SVG the plots module generates): first a summary in
plain words (reps per side, good-form reps, the faults found with their cue, reps that could
not be measured and why, warnings), then the angle-over-time plots, the per-rep table, the
left/right comparison, the library's cues, what was not measured, how each fault is judged
and the full citation of every threshold and noise floor shown. ``build_technique_report``
gathers that content, so it can be tested without parsing HTML.

The words come from ``technique_text``, the plots from ``technique_plots``; the per-frame CSV
and the result JSON are written by ``technique_exports``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import PurePosixPath
from urllib.parse import quote, urlsplit

from jinja2 import Environment
from markupsafe import Markup

from glutecoach.domain.analysis import SCHEMA_VERSION, AnalysisResult
from glutecoach.domain.exercise import Variation
from glutecoach.domain.glossary import metric_term
from glutecoach.library.catalogue import Library
from glutecoach.reports import technique_text as text
from glutecoach.reports.technique_drawing import plot_svg
from glutecoach.reports.technique_metrics import (
    format_value,
    metric_heading,
    metric_spec,
    thresholded_metrics,
    with_unit,
)
from glutecoach.reports.technique_plots import technique_figures
from glutecoach.reports.templating import template_environment

TWO_D_KEY = "schurr-2017"


@dataclass(frozen=True)
class PlotView:
    key: str
    title: str
    svg: Markup


@dataclass(frozen=True)
class TechniqueReport:
    """What the page shows besides ``result`` itself (which the template reads directly for
    the rep table and the left/right comparison)."""

    result: AnalysisResult
    noun: str
    side_key: str
    title: str
    variation_name: str
    video_name: str
    facts: tuple[tuple[str, str], ...]
    counts: tuple[str, ...]
    good_form: str
    faults: tuple[text.FaultCard, ...]
    no_fault_note: str | None
    unmeasurable: tuple[str, ...]
    video_src: str | None
    plots: tuple[PlotView, ...]
    metrics: tuple[str, ...]
    mistake_names: Mapping[str, str]
    mistake_cues: Mapping[str, str]
    comparison: tuple[text.ComparisonRow, ...]
    comparison_note: str
    cues: tuple[str, ...]
    thresholds: tuple[text.ThresholdRow, ...]
    citations: tuple[text.Citation, ...]
    two_d_cite: text.Citation | None


def _metric_order(result: AnalysisResult, variation: Variation) -> list[str]:
    """The rep table's metric columns: the thresholded ones in library order, then the rest."""
    names = {m for r in result.reps for m in r.metrics}
    first = [m for m in thresholded_metrics(variation) if m in names]
    return first + sorted(names - set(first))


def _video_src(path: str | None) -> str | None:
    if path is None:
        return None
    parts = urlsplit(path)
    posix = PurePosixPath(path.replace("\\", "/"))
    if parts.scheme or parts.netloc or posix.is_absolute() or not path.strip():
        raise ValueError(
            f"annotated_video must be a relative path next to the report, got {path!r}"
        )
    return quote(posix.as_posix())


def _plots(result: AnalysisResult, variation: Variation, library: Library) -> list[PlotView]:
    views = []
    for number, (key, fig) in enumerate(technique_figures(result, variation, library).items(), 1):
        title = fig.axes[0].get_title(loc="left") if fig.axes else key
        views.append(PlotView(key, title, Markup(plot_svg(fig, f"plot{number}-"))))
    return views


def build_technique_report(
    result: AnalysisResult,
    variation: Variation,
    *,
    video_name: str,
    annotated_video: str | None = None,
    library: Library,
) -> TechniqueReport:
    """The report's content (see the module notes); ``ValueError`` if ``variation`` is not
    the exercise analysed or ``annotated_video`` is not a relative path."""
    if variation.id != result.exercise:
        raise ValueError(f"the result is for {result.exercise!r}, not {variation.id!r}")
    cites = text.Citations(library)
    thresholds = text.threshold_rows(result, variation, cites, library)
    two_d = cites.cite(TWO_D_KEY) if TWO_D_KEY in {r.key for r in library.references} else None
    counts, good = text.counts(result)
    names = {m.id: m.name for m in variation.mistakes} | {
        f.mistake_id: f.name for f in result.faults
    }
    noun, _ = text.rep_nouns(result)
    return TechniqueReport(
        result=result,
        noun=noun,
        side_key=text.side_key(result),
        title=f"Technique check: {variation.name}",
        variation_name=variation.name,
        video_name=video_name,
        facts=tuple(text.facts(result, variation, video_name)),
        counts=tuple(counts),
        good_form=good,
        faults=tuple(text.fault_cards(result, variation, library)),
        no_fault_note=text.no_fault_note(result),
        unmeasurable=tuple(text.unmeasurable(result)),
        video_src=_video_src(annotated_video),
        plots=tuple(_plots(result, variation, library)),
        metrics=tuple(_metric_order(result, variation)),
        mistake_names=names,
        mistake_cues={m.id: m.cue for m in variation.mistakes},
        comparison=tuple(text.comparison_rows(result, library)),
        comparison_note=text.comparison_note(result),
        cues=variation.cues,
        thresholds=tuple(thresholds),
        citations=cites.all(),
        two_d_cite=two_d,
    )


def _signed(metric: str, value: float) -> str:
    shown = format_value(metric, value)
    return "+" + shown if value > 0 and float(shown) != 0.0 else shown


def _environment() -> Environment:
    env = template_environment()
    env.filters["value"] = lambda value, metric: format_value(metric, value)
    env.filters["signed"] = lambda value, metric: _signed(metric, value)
    env.filters["with_unit"] = lambda value, metric: with_unit(metric, value, exact=True)
    env.filters["seconds"] = lambda value: f"{value:.2f}"
    env.globals["label"] = metric_spec
    env.globals["heading"] = metric_heading
    env.globals["meaning"] = metric_term
    env.globals["side_words"] = text.SIDE_WORDS
    env.globals["schema_version"] = SCHEMA_VERSION
    return env


def technique_html(
    result: AnalysisResult,
    variation: Variation,
    *,
    video_name: str,
    annotated_video: str | None = None,
    library: Library,
) -> str:
    """The technique report as one self-contained HTML page (inline CSS and SVG).

    ``library`` gives the citations and renders every threshold and noise floor with its
    status; ``annotated_video`` is the annotated MP4's path
    relative to the report, embedded as a ``<video>`` element when given."""
    report = build_technique_report(
        result,
        variation,
        video_name=video_name,
        annotated_video=annotated_video,
        library=library,
    )
    return _environment().get_template("technique.html.j2").render(r=report)


__all__ = ["TWO_D_KEY", "TechniqueReport", "build_technique_report", "technique_html"]
