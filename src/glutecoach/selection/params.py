"""Selection parameters: documented, immutable, overridden only through
``domain.overrides.apply_overrides``."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from glutecoach.domain.vocabulary import DoseLevel, Experience, Goal
from glutecoach.errors import InputError

CRITERIA = ("activation", "isolation", "function", "level_fit", "safety")


def _weights(**w: float) -> Mapping[str, float]:
    return MappingProxyType(w)


@dataclass(frozen=True)
class SelectionParams:
    """How candidates are scored and how a session is assembled.

    weights_by_goal
        Weight of each criterion (activation, isolation, function, level_fit, safety) per goal;
        each set sums to 1. Prevention balances activation and running function; rehabilitation
        favours isolation and safety (pain-free, TFL-sparing work first); performance favours
        weight-bearing work that transfers to running.
    tfl_sensitive_isolation_bonus
        Added to the isolation weight (then all weights are renormalised) when the runner has
        ITB syndrome or lateral hip pain, where sparing TFL matters most.
    target_difficulty
        The difficulty (1-5) each level of strength experience handles with good form.
    harder_penalty, easier_penalty
        Level-fit lost per difficulty step above or below the target. Too hard costs more than
        too easy: the seed's advice is to build from a few good-form reps upward.
    max_steps_above_target
        Variations harder than target + this are excluded (offered their regression instead).
    modify_caution_safety
        Safety score of an exercise that carries a 'modify' caution for one of the runner's
        conditions (the caution's note becomes an instruction).
    pain_safety_per_point
        Safety lost per point of reported pain that is still within the safe limit.
    max_exercises
        Most exercises in one session.
    setup_s
        Time allowed per exercise to get into position, counted in its duration.
    warm_up_s
        The warm-up every session starts with, counted inside the runner's minutes (the plan
        passes its own ``warm_up_s``, so ``recommend`` and ``plan`` fill the same time). In a
        short session it takes at most a third of the time (``warm_up_for``; coaching default).
    rotate_sessions
        Most different sessions a week rotates through when one session cannot hold an
        isolation exercise, a side plank variation and a functional one (2: plans hold 2-3
        strength days a week, so each pattern comes at least once a week).
    backpack_start_kg, backpack_step_kg
        Load carried in a backpack where a rung needs a dumbbell the runner lacks, or where
        body-weight work needs load to progress, and the step added once every rep is clean
        (coaching defaults: about two to six 1-litre bottles to start, one more at a time).
    hold_min_s, hold_max_s
        Side plank holds start within this range (coaching default around the 30 s holds of
        guideline ``hold-dosing``).
    reported_evidence_factor
        Activation credit kept when the number is only reported by a secondary source (V2).
    estimated_activation_factor
        Activation credit kept when no study measured the variation (an estimated band).
    """

    weights_by_goal: Mapping[Goal, Mapping[str, float]] = field(
        default_factory=lambda: MappingProxyType(
            {
                Goal.PREVENTION: _weights(
                    activation=0.30, isolation=0.15, function=0.25, level_fit=0.15, safety=0.15
                ),
                Goal.REHABILITATION: _weights(
                    activation=0.20, isolation=0.25, function=0.10, level_fit=0.20, safety=0.25
                ),
                Goal.PERFORMANCE: _weights(
                    activation=0.25, isolation=0.05, function=0.40, level_fit=0.15, safety=0.15
                ),
            }
        )
    )
    tfl_sensitive_isolation_bonus: float = 0.10
    target_difficulty: Mapping[Experience, int] = field(
        default_factory=lambda: MappingProxyType(
            {
                Experience.NONE: 1,
                Experience.NOVICE: 2,
                Experience.INTERMEDIATE: 3,
                Experience.ADVANCED: 4,
            }
        )
    )
    harder_penalty: float = 0.35
    easier_penalty: float = 0.15
    max_steps_above_target: int = 1
    modify_caution_safety: float = 0.5
    pain_safety_per_point: float = 0.1
    max_exercises: int = 6
    setup_s: int = 20
    warm_up_s: int = 300
    rotate_sessions: int = 2
    backpack_start_kg: Mapping[DoseLevel, float] = field(
        default_factory=lambda: MappingProxyType(
            {DoseLevel.NOVICE: 2.0, DoseLevel.INTERMEDIATE: 4.0, DoseLevel.ADVANCED: 6.0}
        )
    )
    backpack_step_kg: float = 1.0
    hold_min_s: int = 20
    hold_max_s: int = 45
    reported_evidence_factor: float = 0.9
    estimated_activation_factor: float = 0.8

    def __post_init__(self) -> None:
        for goal, weights in self.weights_by_goal.items():
            if set(weights) != set(CRITERIA):
                raise InputError(f"weights for goal {goal}: need exactly {', '.join(CRITERIA)}")
            if any(w < 0 for w in weights.values()) or abs(sum(weights.values()) - 1) > 1e-6:
                raise InputError(f"weights for goal {goal} must be >= 0 and sum to 1")
        if self.max_exercises < 1:
            raise InputError("max_exercises must be at least 1")
        if self.warm_up_s < 0 or self.rotate_sessions < 1:
            raise InputError("warm_up_s must be >= 0 and rotate_sessions >= 1")


def warm_up_for(minutes: int, warm_up_s: int) -> int:
    """Seconds of warm-up in a session of ``minutes``: ``warm_up_s``, or a third of a session
    too short for it (coaching default), so a 5-minute session still has time to train."""
    return min(warm_up_s, minutes * 60 // 3)
