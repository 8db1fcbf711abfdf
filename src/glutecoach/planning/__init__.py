"""Planning: strength days in the running week, multi-week plans and progression decisions.

Pure functions over typed values: no I/O, no clock, no randomness. Importing this package
registers the built-in progression rules (``rules.py``) in ``progression.REGISTRY``.
"""

from glutecoach.planning import escalation, rules
from glutecoach.planning.in_force import (
    Window,
    apply_decision,
    apply_decisions,
    current_prescriptions,
)
from glutecoach.planning.plans import (
    PLAN_ALGORITHM_VERSION,
    PlanParams,
    adjust_for_kind,
    cap_to_time,
    fit_to_time,
    generate_plan,
    prescriptions_for,
    room_s,
)
from glutecoach.planning.progression import (
    ALGORITHM_VERSION,
    REGISTRY,
    Action,
    Decision,
    LadderView,
    ProgressionParams,
    Rule,
    RuleContext,
    RuleRegistry,
    next_prescription,
    register_rule,
)
from glutecoach.planning.schedule import StrengthDays, choose_strength_days

__all__ = [
    "ALGORITHM_VERSION",
    "PLAN_ALGORITHM_VERSION",
    "REGISTRY",
    "Action",
    "Decision",
    "LadderView",
    "PlanParams",
    "ProgressionParams",
    "Rule",
    "RuleContext",
    "RuleRegistry",
    "StrengthDays",
    "Window",
    "adjust_for_kind",
    "apply_decision",
    "apply_decisions",
    "cap_to_time",
    "choose_strength_days",
    "current_prescriptions",
    "escalation",
    "fit_to_time",
    "generate_plan",
    "next_prescription",
    "prescriptions_for",
    "register_rule",
    "room_s",
    "rules",
]
