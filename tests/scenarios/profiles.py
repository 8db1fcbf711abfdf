"""The runners of docs/clinical-scenarios.md, as the TOML a user would write."""

from __future__ import annotations

RUNNING = """
[running]
monday = "rest"
tuesday = "intervals"
wednesday = "easy"
thursday = "easy"
friday = "rest"
saturday = "long-run"
sunday = "easy"
"""

SCENARIOS: dict[str, str] = {
    "pfp-left": """
name = "Knee pain, left"
strength_experience = "novice"
weekly_running_km = 25
conditions = [{ id = "patellofemoral-pain", side = "left" }]
equipment = ["mini-band", "step"]
minutes_per_session = 25
goal = "rehabilitation"
[pain]
"step-down:left" = 6
""",
    "itbs-right": """
name = "ITB syndrome, right"
strength_experience = "intermediate"
weekly_running_km = 50
conditions = [{ id = "itb-syndrome", side = "right" }]
equipment = ["mini-band"]
minutes_per_session = 30
goal = "rehabilitation"
""",
    "gt-right": """
name = "Gluteal tendinopathy, right"
strength_experience = "novice"
weekly_running_km = 20
conditions = [{ id = "gluteal-tendinopathy", side = "right" }]
equipment = []
minutes_per_session = 20
goal = "rehabilitation"
""",
    "lbp": """
name = "Low back pain"
strength_experience = "novice"
weekly_running_km = 30
conditions = ["low-back-pain"]
equipment = ["mini-band"]
minutes_per_session = 20
goal = "prevention"
""",
    "beginner": """
name = "Complete beginner"
strength_experience = "none"
weekly_running_km = 15
conditions = []
equipment = []
minutes_per_session = 20
goal = "prevention"
""",
    "race": """
name = "Advanced before a race"
strength_experience = "advanced"
weekly_running_km = 80
conditions = []
equipment = ["mini-band", "dumbbell"]
minutes_per_session = 30
goal = "performance"
""",
    "gt-left-clinician": """
name = "Gluteal tendinopathy, left, physiotherapist"
strength_experience = "intermediate"
weekly_running_km = 40
conditions = [{ id = "gluteal-tendinopathy", side = "left" }]
equipment = ["mini-band"]
minutes_per_session = 30
goal = "rehabilitation"
[clinician]
forbid = ["single-leg-squat"]
allow = ["side-plank-knees"]
note = "Cleared by J. Physio on 2026-11-30"
""",
}
SCENARIOS["pfp-flare"] = SCENARIOS["pfp-left"].replace("Knee pain, left", "Knee pain that flares")
RACE_RUNNING = RUNNING + "race_date = 2027-01-09\n"

THREE_BANDS = (
    """
name = "Three bands"
strength_experience = "novice"
weekly_running_km = 35
equipment = ["mini-band"]
bands = ["light", "medium", "heavy"]
minutes_per_session = 30
goal = "prevention"
"""
    + RUNNING
)
"""A runner who owns three loop bands and no dumbbell (the rung carry-over and band log tests)."""
