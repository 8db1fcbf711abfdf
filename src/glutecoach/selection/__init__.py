"""Exercise selection: score every variation for a runner and build an explained session."""

from glutecoach.selection.params import SelectionParams
from glutecoach.selection.recommend import blocked_variations, recommend
from glutecoach.selection.result import Exclusion, Recommendation, RecommendationResult

__all__ = [
    "Exclusion",
    "Recommendation",
    "RecommendationResult",
    "SelectionParams",
    "blocked_variations",
    "recommend",
]
