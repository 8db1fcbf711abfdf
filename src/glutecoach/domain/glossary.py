"""The runner-facing words: a plain name and a one-line meaning for every metric, progression
rule, decision, verdict and counting parameter glutecoach shows, and the small grammar helpers
that keep counts readable ("1 set", "2 sets").

This is the one place those words live. The terminal, the reports (technique, gait, handout,
calendar) and the web pages read them from here; the analysis writes its notes with them. Code
names (``knee_fppa_deg``, ``good-form-gate``, ``min_duration_s``) stay in JSON and in the code;
what a person reads is ``Term.name``. A metric's meaning says what its sign means where it has
one. Faults carry their names in the exercise library's data (``mistakes[].name``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Term:
    """A name a runner understands (sentence case, no unit) and what it means, in one line.

    ``unit`` is how a value of a metric is written after the number ('deg', 's', 'hip widths';
    empty for a bare ratio or a count)."""

    name: str
    meaning: str
    unit: str = ""

    def heading(self) -> str:
        """'Knee angle from the front (deg)', or the name alone without a unit."""
        return f"{self.name} ({self.unit})" if self.unit else self.name


def _deg(name: str, meaning: str) -> Term:
    return Term(name, meaning, "deg")


def _s(name: str, meaning: str) -> Term:
    return Term(name, meaning, "s")


METRICS: Mapping[str, Term] = {
    # knees
    "knee_fppa_deg": _deg(
        "Knee angle from the front",
        "how far the knee sits inside the hip-to-ankle line seen from the front (the frontal "
        "plane projection angle, FPPA); positive: knee inside the line, toward the other leg; "
        "negative: knee outside it",
    ),
    "knee_fppa_left_deg": _deg(
        "Left knee angle from the front", "the knee angle from the front of the left leg"
    ),
    "knee_fppa_right_deg": _deg(
        "Right knee angle from the front", "the knee angle from the front of the right leg"
    ),
    "stance_knee_fppa_deg": _deg(
        "Standing knee angle from the front", "the knee angle from the front of the standing leg"
    ),
    "knee_flexion_deg": _deg("Knee bend", "how far the knee bends; 0 is a straight leg"),
    "knee_flexion_left_deg": _deg("Left knee bend", "how far the left knee bends"),
    "knee_flexion_right_deg": _deg("Right knee bend", "how far the right knee bends"),
    "stance_knee_flexion_deg": _deg("Standing knee bend", "how far the standing knee bends"),
    "knee_flexion_contact_deg": _deg(
        "Knee bend at landing", "how far the knee is bent as the foot lands"
    ),
    "knee_flexion_midstance_deg": _deg(
        "Knee bend at midstance", "how far the knee is bent with the body over the foot"
    ),
    "knee_opening_deg": _deg(
        "Knee opening", "the angle between the thighs as the top knee opens (clam)"
    ),
    "knee_to_ankle_width_ratio": Term(
        "Knee-to-ankle width",
        "the gap between the knees over the gap between the ankles; below 1: the knees are "
        "closer together than the feet (caving in)",
    ),
    # pelvis
    "pelvic_drop_deg": _deg(
        "Pelvic drop",
        "how far the hip of the free leg sinks below the standing leg's hip; positive: the "
        "free side is lower (dropping); negative: it is higher (hitched up), which is not a drop",
    ),
    "pelvic_drop_peak_deg": _deg(
        "Peak pelvic drop", "the largest pelvic drop while the foot is on the ground"
    ),
    "hip_hike_deg": _deg(
        "Hip hike",
        "how far the hip of the moving leg rises above level; positive: hitched up toward the ribs",
    ),
    "pelvic_range_deg": _deg("Pelvic rocking", "how far the pelvis tilts up and down in one rep"),
    "pelvis_roll_deg": _deg(
        "Pelvis rolling back", "how far the pelvis turns back toward the floor during the rep"
    ),
    "hip_sag_deg": _deg(
        "Hip sag",
        "how far the hips sink below the straight line from shoulder to ankle (or knee); "
        "positive: sagging",
    ),
    "hip_sag_median_deg": _deg("Typical hip sag", "the middle value of the hip sag over a hold"),
    "lumbar_extension_deg": _deg(
        "Back arch",
        "how far the hips push above the shoulder-to-knee line at the top (a 2D sign of an "
        "arched lower back)",
    ),
    "hip_height_ratio": Term(
        "Hip height", "how high the hips are, in thigh lengths above the lowest point"
    ),
    "hip_descent_ratio": Term(
        "Depth",
        "how far the hips go down, in hip widths; larger is deeper",
        "hip widths",
    ),
    # hips and legs
    "hip_abduction_deg": _deg("Leg lift", "how far the leg lifts out to the side"),
    "stance_hip_abduction_deg": _deg(
        "Standing hip angle", "the angle of the standing leg out to the side"
    ),
    "lead_hip_abduction_deg": _deg(
        "Leading leg angle", "how far the leading leg reaches out to the side"
    ),
    "top_leg_lift_deg": _deg("Top leg lift", "how far the top leg lifts"),
    "top_shin_lift_deg": _deg("Top foot lift", "how far the top shin lifts from the bottom one"),
    "leg_spread_deg": _deg("Leg spread", "the angle between the legs at the top of a lift"),
    "hip_flexion_drift_deg": _deg(
        "Leg drifting forward",
        "how far the lifting leg swings forward of the body line; positive: forward",
    ),
    "hip_extension_deg": _deg(
        "Hip straightening", "how far the hips open at the top of a bridge; 0 is a straight line"
    ),
    "hip_hinge_deg": _deg("Hinge", "how far the trunk tips forward from the hips"),
    "trunk_lean_deg": _deg(
        "Trunk side lean",
        "how far the trunk leans to the side from upright; positive: toward the standing leg",
    ),
    "trunk_forward_lean_deg": _deg(
        "Trunk forward lean", "how far the trunk leans forward from upright"
    ),
    "trunk_rotation_deg": _deg(
        "Trunk rotation", "how far the trunk turns toward or away from the camera"
    ),
    # feet
    "free_foot_touchdowns": Term(
        "Free foot touching down",
        "how often the free foot touches the floor for balance during a rep",
    ),
    "feet_separation_ratio": Term(
        "Narrowest foot gap",
        "the narrowest gap between the ankles around each step, in hip widths",
        "hip widths",
    ),
    "step_width_ratio": Term(
        "Step width", "the gap between the ankles at the widest point, in hip widths", "hip widths"
    ),
    "ankle_separation_ratio": Term(
        "Ankle gap", "the gap between the ankles, in hip widths", "hip widths"
    ),
    "foot_lift_ratio": Term("Foot lift", "how high the moving foot lifts, in leg lengths"),
    "hip_rise_ratio": Term(
        "Step-up height",
        "how far the hips rise above their height with both feet on the floor, in trunk "
        "lengths: how high the body climbs onto the step",
        "trunk lengths",
    ),
    "rising_s": _s("Time to step up", "seconds from the start of the rep to standing tall"),
    "top_pause_s": _s(
        "Pause on the step", "seconds standing tall on the step before lowering back down"
    ),
    "free_ankle_drop_ratio": Term(
        "Free foot drop", "how far the free foot lowers below the step, in leg lengths"
    ),
    "free_ankle_lift_ratio": Term(
        "Free foot lift", "how far the free foot rises as the hip hitches, in leg lengths"
    ),
    "foot_midline_ratio": Term(
        "Foot from the midline",
        "how far the foot lands from the body's midline, in hip widths; negative: it crosses "
        "over the midline",
        "hip widths",
    ),
    "overstride_ratio": Term(
        "Foot ahead of the hip at landing",
        "how far ahead of the hip the foot lands, in leg lengths",
        "leg lengths",
    ),
    "shank_angle_contact_deg": _deg(
        "Shin angle at landing", "the shin's tilt as the foot lands; positive: ankle ahead of knee"
    ),
    # timing
    "rep_duration_s": _s("Rep time", "how long one rep takes"),
    "descent_s": _s("Lowering", "time going down to the bottom"),
    "bottom_pause_s": _s("Pause at the bottom", "time spent at the bottom"),
    "ascent_s": _s("Rising", "time coming back up"),
    "raising_s": _s("Raising", "time lifting"),
    "lowering_s": _s("Lowering", "time lowering"),
    "opening_s": _s("Opening", "time opening the knee"),
    "closing_s": _s("Closing", "time closing the knee"),
    "top_hold_s": _s("Pause at the top", "time held at the top"),
    "good_form_hold_s": _s("Time in good form", "the part of a hold in good alignment"),
    "good_alignment_fraction": Term(
        "Share in good alignment", "the part of the hold spent in good alignment, from 0 to 1"
    ),
    "contact_time_s": _s("Ground contact", "how long the foot is on the ground (approximate)"),
}
"""Every metric by its code name (``Metric`` values and the other measures the checks report)."""

_SUFFIX_UNITS = (("_deg", "deg"), ("_s", "s"), ("_ratio", ""), ("_px", "px"))


def metric_term(metric: str) -> Term:
    """The term of ``metric``; an unknown code name still reads as words, never as code
    ('foo_bar_deg' -> 'Foo bar', unit 'deg')."""
    if metric in METRICS:
        return METRICS[metric]
    stem, unit = metric, ""
    for suffix, name in _SUFFIX_UNITS:
        if metric.endswith(suffix):
            stem, unit = metric[: -len(suffix)], name
            break
    words = stem.replace("_", " ").strip()
    return Term(words[:1].upper() + words[1:], words, unit)


def metric_name(metric: str) -> str:
    """The metric's name in the middle of a sentence ('knee angle from the front'); a name that
    starts with an abbreviation keeps its capitals."""
    name = metric_term(metric).name
    return name if name[1:2].isupper() else name[:1].lower() + name[1:]


GAIT_METRICS: Mapping[str, Term] = {
    "pelvic_drop_deg": _deg(
        "Pelvic drop at midstance",
        "how far the hip of the swinging leg sinks below the standing leg's hip when the body is "
        "over the foot; positive: the swing side is lower; negative: it is higher",
    ),
    "knee_fppa_deg": _deg(
        "Knee angle from the front at midstance",
        "how far the knee sits inside the hip-to-ankle line in the picture (2D, not 3D valgus); "
        "positive: knee inside the line",
    ),
}
"""Running-gait measures whose words differ from the exercise check's (read at midstance); the
rest of the gait measures are in ``METRICS``."""


def gait_term(metric: str) -> Term:
    """The term of a gait measure (``GAIT_METRICS``, else ``metric_term``)."""
    return GAIT_METRICS.get(metric) or metric_term(metric)


RULES: Mapping[str, Term] = {
    "long-gap": Term("Long gap", "a long break from an exercise steps it back"),
    "pain-during": Term(
        "Pain during", "pain during the set above the safe limit holds or steps back"
    ),
    "next-morning-pain": Term(
        "Next-morning pain",
        "pain the next morning higher than before the session holds or steps back",
    ),
    "missed-session": Term("Missed session", "a missed session repeats the same work"),
    "good-form-gate": Term("Good form first", "too few reps with good form repeats the same work"),
    "double-progression": Term(
        "Double progression",
        "reps rise through the range; at the top on every set the exercise gets harder",
    ),
    "escalation": Term(
        "Stop and see a physiotherapist", "pain that needs a clinician rests the exercise"
    ),
    "rested": Term("Rested", "the exercise stays paused until it is logged pain-free"),
    "repeat": Term("Repeat", "nothing called for a change, so the same work again"),
}
"""Progression rules by their registered name (``Rule.name``)."""

ACTIONS: Mapping[str, Term] = {
    "progress": Term("Progress", "next time is a little harder"),
    "hold": Term("Hold", "next time is the same"),
    "regress": Term("Step down", "next time is an easier variation or less work"),
    "step-back": Term("Step back", "next time is lighter after a break"),
    "rest": Term("Rest", "the exercise is paused"),
    "return": Term("Return", "the exercise comes back after a rest"),
}
"""Decision actions by their stored value (``Action``)."""

JUDGEMENTS: Mapping[str, Term] = {
    "clear": Term("Clear fault", "past the threshold by more than this clip's own noise"),
    "possible": Term(
        "Possible fault", "past the threshold by more than a noise figure from other people"
    ),
    "within-noise": Term(
        "Within measurement noise", "past the threshold by less than the noise: film again"
    ),
}
"""How sure a fault is (``Judgement``)."""

CRITERIA: Mapping[str, Term] = {
    "activation": Term("Activation", "how hard gluteus medius works, from EMG studies"),
    "isolation": Term("Isolation", "how much gluteus medius works rather than the TFL"),
    "function": Term("Running relevance", "how directly it carries over to running"),
    "level_fit": Term("Fit to your level", "whether you can hold good form at your level"),
    "safety": Term("Safety", "safety given your pain and conditions"),
    "equipment_fit": Term("Equipment", "whether you have what it needs"),
}
"""The criteria ``recommend`` scores (``CriterionScores`` fields)."""

CONDITIONS: Mapping[str, str] = {
    "patellofemoral-pain": "front-of-knee pain (patellofemoral pain)",
    "itb-syndrome": "iliotibial band syndrome",
    "lateral-hip-pain": "pain on the side of the hip",
    "gluteal-tendinopathy": "gluteal tendinopathy",
    "low-back-pain": "low back pain",
}
"""Conditions (``Condition`` values) as a runner reads them."""

PARAMETERS: Mapping[str, Term] = {
    "min_duration_s": _s("shortest rep counted", "a movement quicker than this is not a rep"),
    "max_duration_s": _s("longest rep counted", "a movement slower than this is a hold"),
    "max_gap_s": _s("longest gap in the signal", "a rep missing more than this is not measured"),
    "min_range": Term("smallest movement counted", "a smaller movement is not a rep"),
}
"""Analysis parameters that can reach a note a person reads."""


def rule_name(rule: str) -> str:
    """A rule's plain name ('good-form-gate' -> 'Good form first')."""
    term = RULES.get(rule)
    return term.name if term else rule.replace("-", " ").capitalize()


def action_name(action: str) -> str:
    term = ACTIONS.get(action)
    return term.name if term else action.replace("-", " ").capitalize()


def parameter_phrase(parameter: str, value: float) -> str:
    """'the shortest rep counted, 0.8 s' for a counting parameter and its value."""
    term = PARAMETERS.get(parameter)
    if term is None:
        return f"the limit of {value:g}"
    return f"the {term.name}, {value:g}{' ' + term.unit if term.unit else ''}"


def plural(count: int, noun: str, nouns: str | None = None) -> str:
    """'1 set', '2 sets', '0 reps'; ``nouns`` for an irregular plural."""
    return f"{count} {noun if count == 1 else (nouns or noun + 's')}"


def numbered(noun: str, indices: Sequence[int | str]) -> str:
    """'rep 3', 'reps 2, 4 and 5'."""
    items = [str(i) for i in indices]
    if len(items) == 1:
        return f"{noun} {items[0]}"
    listed = ", ".join(items[:-1]) + f" and {items[-1]}" if items else ""
    return f"{noun}s {listed}"


# Runner-facing short names of measured quantities, keyed by the measure's code name without
# a side (``knee_fppa_left_deg`` -> ``knee_fppa_deg``). Column headers and video labels use
# them; the unit is written apart ("(deg)", "(s)"), so a name carries none.
SHORT_MEASURE_NAMES: dict[str, str] = {
    "knee_fppa_deg": "Knee inward angle",
    "knee_flexion_deg": "Knee bend",
    "knee_flexion_contact_deg": "Knee bend at landing",
    "knee_flexion_midstance_deg": "Knee bend mid-stance",
    "pelvic_drop_deg": "Pelvic drop",
    "pelvic_drop_peak_deg": "Peak pelvic drop",
    "trunk_lean_deg": "Trunk side lean",
    "trunk_forward_lean_deg": "Trunk forward lean",
    "foot_midline_ratio": "Foot from midline",
    "overstride_ratio": "Foot ahead of hip at landing",
    "shank_angle_contact_deg": "Shin angle at landing",
    "contact_time_s": "Ground contact time",
    "hip_line_deg": "Hip line",
    "hip_abduction_deg": "Leg lift",
    "top_leg_lift_deg": "Top-leg lift",
    "hip_hike_deg": "Hip hike",
    "hip_sag_deg": "Hip sag",
    "hip_extension_deg": "Hip extension",
    "hip_hinge_deg": "Hip hinge",
    "lumbar_extension_deg": "Low-back arch",
    "knee_to_ankle_width_ratio": "Knee width to ankle width",
}


def short_measure_name(code: str) -> str:
    """The runner-facing short name of ``code`` (its side removed), or for a measure without
    one its code name in words ("hip_offset_deg" -> "Hip offset")."""
    base = code.replace("_left_", "_").replace("_right_", "_")
    if base in SHORT_MEASURE_NAMES:
        return SHORT_MEASURE_NAMES[base]
    return metric_term(base).name
