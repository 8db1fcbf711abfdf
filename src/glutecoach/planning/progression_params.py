"""How progression decides: the parameters every rule reads, with their cited defaults."""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

from glutecoach.domain.evidence import Guideline
from glutecoach.domain.vocabulary import DoseLevel
from glutecoach.errors import InputError

GuidelineLookup = Callable[[str], Guideline]
"""Anything that returns a guideline by id, e.g. ``Library.guideline``."""


@dataclass(frozen=True)
class ProgressionParams:
    """How progression decides. Cited numbers have no defaults: build them with
    ``from_guidelines`` so they come from ``guidelines.yaml``.

    pain_safe_max, pain_acceptable_max
        Pain-monitoring model (guideline ``pain-monitoring``): pain during of 0..safe_max allows
        progression, up to acceptable_max holds, above it regresses.
    load_increase_min_pct, load_increase_max_pct
        ACSM 2009 load step (guideline ``load-progression``): add 2-10 % once the top of the
        range is reached with good form; the smallest step of ``load_increment_kg`` that is at
        least the minimum is used. Without an easier variation, a regression lowers the load by
        the maximum percentage (else one set, else a shorter hold, else the aim).
    pain_reference, load_reference
        Reference keys cited in reasons.
    gap_days
        Coaching default: more than this many days without the exercise steps back one notch.
    min_good_form_fraction
        Coaching default: below this share of good-form work in a session, hold.
    require_next_morning_pain, morning_pain_wait_days
        Wait for next-morning pain (the model weighs the 24-hour response most): hold while the
        next prescription is for less than ``morning_pain_wait_days`` (1, i.e. 24 h; coaching
        default) after the session. Later, pain not entered counts as not reported: the
        decision is taken without it and says so, and entering it decides again.
    min_sessions_at_level, min_days_at_level
        Pace of rung changes (guideline ``rung-pace``): a variation steps up its ladder only
        after this many logged sessions and days at its level. Days: 14 (McKay et al. 2020,
        a new variation every 2 weeks); sessions: 4, derived (2 weeks at the 2 sessions a week
        novices train at least, guideline ``novice-dosing``).
    sessions_to_confirm
        Coaching default (issue 11): every set of this many latest sessions at the level must
        meet the criteria (good form, pain within the safe limit, next-morning pain not up).
    max_lower_s
        Coaching default: the tempo dose step slows the lowering by 1 s up to this many seconds.
    rpe_at_failure, load_reserve_min
        Effort (guideline ``effort-scale``: reps in reserve = ``rpe_at_failure`` - RPE) and the
        reps in reserve the hardest set must leave before load is added (guideline
        ``load-progression``: once 1-2 reps more than the target are possible).
    hold_step_s, max_hold_s
        Coaching defaults for timed holds: add ``hold_step_s`` per progression; beyond
        ``max_hold_s`` step up the ladder instead.
    max_sets
        Top of the ladder and unloaded: add a set up to this many (guideline ``novice-sets``:
        1-3 sets for novices, reported secondhand from ACSM 2009).
    load_increment_kg
        Smallest practical load change (small dumbbell or ankle-weight step).
    dose_level
        Which library dose a new variation starts at after a ladder step.
    rest_pain_max
        Coaching default: pain at rest before a session above this escalates (stop, see a
        physiotherapist) like pain during above ``pain_acceptable_max``.
    morning_rises_to_escalate
        Coaching default: next-morning pain higher than before on this many logged sessions
        running escalates.
    """

    pain_safe_max: int
    pain_acceptable_max: int
    load_increase_min_pct: float
    load_increase_max_pct: float
    pain_reference: str
    load_reference: str
    gap_days: int = 14
    min_good_form_fraction: float = 0.8
    require_next_morning_pain: bool = True
    hold_step_s: int = 5
    max_hold_s: int = 60
    max_sets: int = 3
    load_increment_kg: float = 0.5
    dose_level: DoseLevel = DoseLevel.NOVICE
    rest_pain_max: int = 3
    morning_rises_to_escalate: int = 2
    min_sessions_at_level: int = 4
    min_days_at_level: int = 14
    sessions_to_confirm: int = 2
    morning_pain_wait_days: int = 1
    max_lower_s: int = 4
    rpe_at_failure: float = 10.0
    load_reserve_min: float = 1.0

    def __post_init__(self) -> None:
        checks = [
            (0 <= self.pain_safe_max <= self.pain_acceptable_max <= 10, "0 <= pain_safe_max <= "
             "pain_acceptable_max <= 10"),
            (0 < self.load_increase_min_pct <= self.load_increase_max_pct <= 100,
             "0 < load_increase_min_pct <= load_increase_max_pct <= 100"),
            (self.gap_days >= 1, "gap_days >= 1"),
            (0 < self.min_good_form_fraction <= 1, "0 < min_good_form_fraction <= 1"),
            (self.hold_step_s >= 1, "hold_step_s >= 1"),
            (5 <= self.max_hold_s <= 600, "5 <= max_hold_s <= 600"),
            (1 <= self.max_sets <= 10, "1 <= max_sets <= 10"),
            (self.load_increment_kg > 0, "load_increment_kg > 0"),
            (0 <= self.rest_pain_max <= 10, "0 <= rest_pain_max <= 10"),
            (self.morning_rises_to_escalate >= 1, "morning_rises_to_escalate >= 1"),
            (1 <= self.min_sessions_at_level <= 50, "1 <= min_sessions_at_level <= 50"),
            (0 <= self.min_days_at_level <= 365, "0 <= min_days_at_level <= 365"),
            (1 <= self.sessions_to_confirm <= 10, "1 <= sessions_to_confirm <= 10"),
            (0 <= self.morning_pain_wait_days <= 7, "0 <= morning_pain_wait_days <= 7"),
            (1 <= self.max_lower_s <= 10, "1 <= max_lower_s <= 10"),
            (self.rpe_at_failure > 0, "rpe_at_failure > 0"),
            (0 <= self.load_reserve_min <= 10, "0 <= load_reserve_min <= 10"),
        ]  # fmt: skip
        broken = [text for ok, text in checks if not ok]
        if broken:
            raise InputError(f"invalid progression parameters: need {'; '.join(broken)}")

    @classmethod
    def from_guidelines(cls, guideline: GuidelineLookup) -> ProgressionParams:
        """Defaults with the cited numbers read from the ``pain-monitoring``,
        ``load-progression``, ``novice-sets``, ``rung-pace``, ``novice-dosing`` and
        ``effort-scale`` guidelines (override the rest with ``apply_overrides``)."""
        pain = guideline("pain-monitoring")
        load = guideline("load-progression")
        sets = guideline("novice-sets")
        pace = guideline("rung-pace")
        return cls(
            min_days_at_level=whole(pace, "days_per_rung"),
            min_sessions_at_level=derived_sessions(pace, guideline("novice-dosing")),
            rpe_at_failure=guideline("effort-scale").value("rpe_at_failure"),
            load_reserve_min=load.value("extra_reps_min"),
            max_sets=whole(sets, "sets_max"),
            pain_safe_max=whole(pain, "safe_max"),
            pain_acceptable_max=whole(pain, "acceptable_max"),
            load_increase_min_pct=load.value("increase_min_pct"),
            load_increase_max_pct=load.value("increase_max_pct"),
            pain_reference=pain.reference,
            load_reference=load.reference,
        )


def derived_sessions(pace: Guideline, dosing: Guideline) -> int:
    """Sessions at a level, derived: the weeks of a rung (``rung-pace``) at the fewest
    sessions a week novices train (``novice-dosing``), rounded up."""
    return math.ceil(pace.value("days_per_rung") / 7 * dosing.value("days_min"))


def whole(guideline: Guideline, name: str) -> int:
    """A guideline value that must be a whole number (a score, a count of days)."""
    value = guideline.value(name)
    if not float(value).is_integer():
        raise InputError(f"guideline {guideline.id!r} value {name!r} must be whole, got {value}")
    return int(value)
