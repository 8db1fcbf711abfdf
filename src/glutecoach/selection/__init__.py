"""Exercise selection: score every variation for a runner and build an explained session."""

from glutecoach.selection.params import SelectionParams, merge_params
from glutecoach.selection.recommend import recommend
from glutecoach.selection.result import Exclusion, Recommendation, RecommendationResult

__all__ = [
    "Exclusion",
    "Recommendation",
    "RecommendationResult",
    "SelectionParams",
    "merge_params",
    "recommend",
]
