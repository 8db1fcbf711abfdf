"""Per-family analyzers, found by family through a registry (``base.analyzer_for``).

Importing this package registers the built-in standing families: ``single-leg-squat``
(``squat``), ``hip-hitch`` (``hip_hitch``) and ``lateral-band-walk`` (``band_walk``). The floor
exercises and gait add a module each and register the same way.
"""

from glutecoach.analysis.exercises import band_walk, hip_hitch, squat
from glutecoach.analysis.exercises.base import (
    ExerciseAnalyzer,
    ExerciseContext,
    FamilyOutput,
    MeasuredHold,
    MeasuredRep,
    analyzer_for,
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
    "hip_hitch",
    "register_analyzer",
    "registered_analyzers",
    "squat",
]
