"""How the technique report names and writes the metrics it shows.

``MetricSpec`` and ``SPECS`` give each metric its label, plot title, unit and the frame-table
columns that hold its per-frame series (``metric_spec`` guesses one for an unknown name).
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
    ("knee_fppa_deg", "knee FPPA"),
    ("knee_fppa_left_deg", "left knee"),
    ("knee_fppa_right_deg", "right knee"),
)
_FLEX = (
    ("knee_flexion_deg", "knee bend"),
    ("knee_flexion_left_deg", "left knee"),
    ("knee_flexion_right_deg", "right knee"),
)
SPECS: Mapping[str, MetricSpec] = {
    "knee_fppa_deg": MetricSpec(
        "Knee FPPA", "Knee frontal plane projection angle (FPPA), valgus positive", "deg", _FPPA
    ),
    "knee_fppa_left_deg": MetricSpec(
        "Left knee FPPA", "Left knee FPPA, valgus positive", "deg", _FPPA[1:2]
    ),
    "knee_fppa_right_deg": MetricSpec(
        "Right knee FPPA", "Right knee FPPA, valgus positive", "deg", _FPPA[2:3]
    ),
    "pelvic_drop_deg": MetricSpec(
        "Pelvic drop",
        "Contralateral pelvic drop (free side lower is positive)",
        "deg",
        (("pelvic_drop_deg", "pelvic drop"),),
    ),
    "hip_hike_deg": MetricSpec(
        "Hip hike",
        "Hip hike (free side above level is positive)",
        "deg",
        (("pelvic_drop_deg", "pelvis tilt, free side up"),),
        "negate",
    ),
    "pelvic_range_deg": MetricSpec("Pelvic range", "Pelvic tilt range per rep", "deg"),
    "trunk_lean_deg": MetricSpec(
        "Trunk side lean",
        "Trunk side lean, either way",
        "deg",
        (("trunk_lean_deg", "trunk side lean (size)"),),
        "abs",
    ),
    "trunk_forward_lean_deg": MetricSpec(
        "Trunk forward lean",
        "Trunk forward lean from vertical",
        "deg",
        (("trunk_forward_lean_deg", "trunk forward lean"),),
    ),
    "knee_flexion_deg": MetricSpec(
        "Knee bend", "Knee flexion proxy (0 = straight leg)", "deg", _FLEX
    ),
    "hip_abduction_deg": MetricSpec("Hip abduction", "Frontal hip abduction", "deg"),
    "hip_descent_ratio": MetricSpec("Depth", "Depth: how far the hips went down", "hip widths"),
    "step_width_ratio": MetricSpec(
        "Step width",
        "Step width: ankle separation at the widest point",
        "hip widths",
        (("ankle_separation_ratio", "ankle separation"),),
    ),
    "feet_separation_ratio": MetricSpec(
        "Narrowest foot gap",
        "Narrowest ankle separation around each step",
        "hip widths",
        (("ankle_separation_ratio", "ankle separation"),),
    ),
    "knee_to_ankle_width_ratio": MetricSpec(
        "Knee-to-ankle width",
        "Knee separation over ankle separation (below 1: knees inside the ankles)",
        "ratio",
        (("knee_to_ankle_width_ratio", "knee-to-ankle width"),),
    ),
    "free_foot_touchdowns": MetricSpec(
        "Free-foot touchdowns", "Free foot touching down (loss of balance), per rep", "count"
    ),
    "rep_duration_s": MetricSpec("Rep duration", "Rep duration", "s"),
    "descent_s": MetricSpec("Descent", "Time to reach the bottom", "s"),
    "bottom_pause_s": MetricSpec("Pause at bottom", "Time at the bottom", "s"),
    "ascent_s": MetricSpec("Ascent", "Time to rise", "s"),
    "lowering_s": MetricSpec("Lowering", "Time lowering the free side", "s"),
    "raising_s": MetricSpec("Raising", "Time raising the free side", "s"),
}

_UNIT_SUFFIXES = (("_deg", "deg"), ("_ratio", "ratio"), ("_touchdowns", "count"), ("_s", "s"))


def metric_spec(metric: str) -> MetricSpec:
    """The spec of a known metric, or one guessed from the name (unit from its suffix)."""
    if metric in SPECS:
        return SPECS[metric]
    unit, stem = "", metric
    for suffix, name in _UNIT_SUFFIXES:
        if metric.endswith(suffix):
            unit, stem = name, metric[: -len(suffix)]
            break
    words = stem.replace("_", " ").strip()
    label = words[:1].upper() + words[1:]
    sources = [(metric, words)]
    if unit:
        tail = next(s for s, n in _UNIT_SUFFIXES if n == unit)
        sources += [(f"{stem}_{side}{tail}", f"{side} {words}") for side in ("left", "right")]
    return MetricSpec(label, label, unit, tuple(sources))


def metric_heading(metric: str) -> str:
    """'Knee FPPA (deg)'."""
    spec = metric_spec(metric)
    return f"{spec.label} ({spec.unit})" if spec.unit else spec.label


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
