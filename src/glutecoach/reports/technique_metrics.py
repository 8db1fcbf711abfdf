"""How the technique report names and writes the metrics it shows.

``metric_spec`` gives each metric its label and unit (from ``domain.glossary``, the one place
metric names live), its plot title and the frame-table columns that hold its per-frame series.
``format_value`` and ``with_unit`` write a value with the precision its unit deserves,
``short_citation`` shortens a library reference key ('Herrington 2014') and
``thresholded_metrics`` lists the metrics the library judges for a variation. The page's text
and the plots both read these, so the two always agree.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

from glutecoach.domain.exercise import Threshold, Variation
from glutecoach.domain.glossary import metric_name, metric_term

Transform = Literal["none", "abs", "negate"]


@dataclass(frozen=True)
class MetricSpec:
    """How a metric is named and where its per-frame series lives in the frame table.

    ``sources`` are ``(column, legend label)`` pairs; the first ones present are drawn.
    ``transform`` maps a column onto the metric (``abs`` for a lean judged either way,
    ``negate`` for a hip hike read from the pelvic drop column)."""

    label: str
    title: str
    unit: str
    sources: tuple[tuple[str, str], ...] = ()
    transform: Transform = "none"


_FPPA = (
    ("knee_fppa_deg", "knee angle"),
    ("knee_fppa_left_deg", "left knee"),
    ("knee_fppa_right_deg", "right knee"),
)
_FLEX = (
    ("knee_flexion_deg", "knee bend"),
    ("knee_flexion_left_deg", "left knee"),
    ("knee_flexion_right_deg", "right knee"),
)
_PLOTS: Mapping[str, tuple[str, tuple[tuple[str, str], ...], Transform]] = {
    "knee_fppa_deg": (
        "Knee angle from the front (+ = knee inside the hip-ankle line)",
        _FPPA,
        "none",
    ),
    "knee_fppa_left_deg": ("Left knee angle from the front (+ = knee inside)", _FPPA[1:2], "none"),
    "knee_fppa_right_deg": (
        "Right knee angle from the front (+ = knee inside)",
        _FPPA[2:3],
        "none",
    ),
    "pelvic_drop_deg": (
        "Pelvic drop (+ = free side lower, - = free side higher)",
        (("pelvic_drop_deg", "pelvic drop"),),
        "none",
    ),
    "hip_hike_deg": (
        "Hip hike (+ = free side above level)",
        (("pelvic_drop_deg", "pelvis tilt, free side up"),),
        "negate",
    ),
    "pelvic_range_deg": ("Pelvic rocking per rep", (), "none"),
    "trunk_lean_deg": (
        "Trunk side lean, either way",
        (("trunk_lean_deg", "trunk side lean (size)"),),
        "abs",
    ),
    "trunk_forward_lean_deg": (
        "Trunk forward lean from upright",
        (("trunk_forward_lean_deg", "trunk forward lean"),),
        "none",
    ),
    "knee_flexion_deg": ("Knee bend (0 = straight leg)", _FLEX, "none"),
    "hip_abduction_deg": ("Leg lift out to the side", (), "none"),
    "hip_descent_ratio": ("Depth: how far the hips went down", (), "none"),
    "step_width_ratio": (
        "Step width: ankle gap at the widest point",
        (("ankle_separation_ratio", "ankle gap"),),
        "none",
    ),
    "feet_separation_ratio": (
        "Narrowest ankle gap around each step",
        (("ankle_separation_ratio", "ankle gap"),),
        "none",
    ),
    "knee_to_ankle_width_ratio": (
        "Knee gap over ankle gap (below 1: knees inside the ankles)",
        (("knee_to_ankle_width_ratio", "knee-to-ankle width"),),
        "none",
    ),
    "free_foot_touchdowns": ("Free foot touching down (loss of balance), per rep", (), "none"),
}
"""Plot titles, series and transforms; names and units come from ``glossary.METRICS``."""


def metric_spec(metric: str) -> MetricSpec:
    """The spec of ``metric``: its name and unit from the glossary, its plot title and
    frame-table columns from ``_PLOTS`` (or its own column and the side columns)."""
    term = metric_term(metric)
    unit = term.unit or ("count" if metric.endswith("_touchdowns") else "")
    if metric in _PLOTS:
        title, sources, transform = _PLOTS[metric]
        return MetricSpec(term.name, title, unit, sources, transform)
    words = metric_name(metric)
    columns: list[tuple[str, str]] = [(metric, words)]
    for suffix in ("_deg", "_ratio", "_s"):
        if metric.endswith(suffix):
            stem = metric[: -len(suffix)]
            columns += [(f"{stem}_{side}{suffix}", f"{side} {words}") for side in ("left", "right")]
            break
    return MetricSpec(term.name, term.name, unit, tuple(columns))


def metric_heading(metric: str) -> str:
    """'Knee angle from the front (deg)'."""
    spec = metric_spec(metric)
    return f"{spec.label} ({spec.unit})" if spec.unit and spec.unit != "count" else spec.label


def fixed_point(value: float, digits: int) -> str:
    """``value`` with ``digits`` decimals, without the minus sign of a value that rounds to
    zero ('0.0', not '-0.0')."""
    text = f"{value:.{digits}f}"
    return text[1:] if text.startswith("-") and float(text) == 0.0 else text


def format_value(metric: str, value: float) -> str:
    """A metric value with the precision its unit deserves: '13.5', '0.84', '2'."""
    unit = metric_spec(metric).unit
    if unit == "count":
        return f"{value:.0f}"
    return fixed_point(value, 1 if unit == "deg" else 2)


def with_unit(metric: str, value: float, *, exact: bool = False) -> str:
    """'13.5 deg', '1.50 hip widths', '3.00 s', '1 touchdown', '0.84' (a bare ratio);
    ``exact`` writes a library number as given ('8 deg', not '8.0 deg')."""
    unit = metric_spec(metric).unit
    shown = f"{value:g}" if exact else format_value(metric, value)
    if unit == "count" and metric.endswith("_touchdowns"):
        return f"{shown} touchdown{'' if shown == '1' else 's'}"
    return f"{shown} {unit}" if unit and unit not in ("count", "ratio") else shown


def short_citation(key: str) -> str:
    """'herrington-2014' -> 'Herrington 2014'; 'kim-kang-2020' -> 'Kim & Kang 2020'."""
    parts = key.split("-")
    year = next((i for i, p in enumerate(parts) if re.fullmatch(r"(19|20)\d\d", p)), None)
    if year is None:
        return key
    names = [p.capitalize() for p in parts[:year]]
    who = " & ".join(names) if len(names) <= 2 else " ".join(names)
    rest = " ".join(parts[year + 1 :])
    return f"{who} {parts[year]}" + (f" ({rest})" if rest else "")


def thresholded_metrics(variation: Variation) -> dict[str, list[Threshold]]:
    """The metrics the library judges for ``variation``, in library order, with thresholds."""
    out: dict[str, list[Threshold]] = {}
    for mistake in variation.mistakes:
        if mistake.threshold is not None:
            out.setdefault(mistake.threshold.metric.value, []).append(mistake.threshold)
    return out
