"""Per-family analyzers, found by family through a registry (``base.analyzer_for``).

Importing this package registers the built-in standing families: ``single-leg-squat``
(``squat``), ``hip-hitch`` (``hip_hitch``) and ``lateral-band-walk`` (``band_walk``), and the
floor families: ``side-lying-hip-abduction`` (``side_lying``), ``clam`` (``clam``),
``side-plank`` (``side_plank``) and ``glute-bridge`` (``bridge``), which share the
lying-body measures of ``floor``; ``standing-hip-abduction`` (``standing_abduction``) and
``single-leg-deadlift`` (``deadlift``); and the standing wall press of
``isometric-hip-abduction`` (``wall_hold``), timed with the side plank's hold rules; and the
forward and lateral ``step-up`` (``step_up``).
Gait adds a module and registers the same way.
"""

from glutecoach.analysis.exercises import (
    band_walk,
    bridge,
    clam,
    deadlift,
    hip_hitch,
    side_lying,
    side_plank,
    squat,
    standing_abduction,
    step_up,
    wall_hold,
)
from glutecoach.analysis.exercises.base import (
    ExerciseAnalyzer,
    ExerciseContext,
    FamilyOutput,
    MeasuredHold,
    MeasuredRep,
    analyzer_for,
    checkable,
    not_checkable_reason,
    register_analyzer,
    registered_analyzers,
)

__all__ = [
    "ExerciseAnalyzer",
    "ExerciseContext",
    "FamilyOutput",
    "MeasuredHold",
    "MeasuredRep",
    "analyzer_for",
    "band_walk",
    "bridge",
    "checkable",
    "clam",
    "deadlift",
    "hip_hitch",
    "not_checkable_reason",
    "register_analyzer",
    "registered_analyzers",
    "side_lying",
    "side_plank",
    "squat",
    "standing_abduction",
    "step_up",
    "wall_hold",
]
