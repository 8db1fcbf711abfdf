"""Controlled vocabularies: the words data files and profiles may use.

Each enum's value is the exact spelling accepted in YAML and TOML files.
"""

from __future__ import annotations

from enum import StrEnum


class EvidenceStatus(StrEnum):
    """How far a published number was verified (see docs/evidence.md).

    V1 and V1-review numbers are shown as facts; V2 numbers as "reported by a secondary
    source"; U (unverified) is never stored as a number.
    """

    V1 = "V1"
    V1_REVIEW = "V1-review"
    V2 = "V2"
    U = "U"


class Muscle(StrEnum):
    GLUTEUS_MEDIUS = "gluteus-medius"
    GLUTEUS_MAXIMUS = "gluteus-maximus"
    TFL = "tensor-fasciae-latae"
    ANTERIOR_HIP_FLEXORS = "anterior-hip-flexors"


class Condition(StrEnum):
    """Conditions or symptom areas a runner can report and an exercise can be cautioned for."""

    PATELLOFEMORAL_PAIN = "patellofemoral-pain"
    ITB_SYNDROME = "itb-syndrome"
    LATERAL_HIP_PAIN = "lateral-hip-pain"
    GLUTEAL_TENDINOPATHY = "gluteal-tendinopathy"
    LOW_BACK_PAIN = "low-back-pain"


SIDED_CONDITIONS = frozenset(
    {
        Condition.PATELLOFEMORAL_PAIN,
        Condition.ITB_SYNDROME,
        Condition.LATERAL_HIP_PAIN,
        Condition.GLUTEAL_TENDINOPATHY,
    }
)
"""Conditions that may be on one side of the body (low back pain has no side)."""


class BodySide(StrEnum):
    """A side of the body: the painful side of a condition, the leg a prescription works."""

    LEFT = "left"
    RIGHT = "right"

    @property
    def other(self) -> BodySide:
        return BodySide.RIGHT if self is BodySide.LEFT else BodySide.LEFT


class Load(StrEnum):
    """Positions and loads a condition's loading rules can ask to avoid or to prefer.

    ``lying-on-side`` is not tagged in data: it follows from the position (side-lying work rests
    on the side opposite the working leg, side-plank work on the working side).
    """

    LYING_ON_SIDE = "lying-on-side"
    HIP_ADDUCTION_PAST_NEUTRAL = "hip-adduction-past-neutral"
    DEEP_HIP_FLEXION_UNDER_LOAD = "deep-hip-flexion-under-load"
    DEEP_KNEE_FLEXION_UNDER_LOAD = "deep-knee-flexion-under-load"
    ISOMETRIC_HOLD = "isometric-hold"


class Equipment(StrEnum):
    MINI_BAND = "mini-band"
    LONG_BAND = "long-band"
    ANKLE_WEIGHT = "ankle-weight"
    DUMBBELL = "dumbbell"
    STEP = "step"
    WALL = "wall"
    CHAIR = "chair"
    BACKPACK = "backpack"


class HouseholdItem(StrEnum):
    """Items nearly every home has (a wall, a step or stair, a chair, a backpack to carry
    load): available to every runner unless the profile lists them under ``lacks``."""

    WALL = "wall"
    STEP = "step"
    CHAIR = "chair"
    BACKPACK = "backpack"

    @property
    def equipment(self) -> Equipment:
        return Equipment(self.value)


class BandResistance(StrEnum):
    """Resistance of an elastic band, lightest first (the colour differs between makers)."""

    EXTRA_LIGHT = "extra-light"
    LIGHT = "light"
    MEDIUM = "medium"
    HEAVY = "heavy"
    EXTRA_HEAVY = "extra-heavy"

    @property
    def rank(self) -> int:
        return list(BandResistance).index(self)

    @property
    def words(self) -> str:
        return self.value.replace("-", " ")


class Pattern(StrEnum):
    """The movement pattern a family trains; a week covers each one the runner may do: hip
    abduction in isolation, a side plank variation, single-leg work and a bridge."""

    ISOLATION = "isolation"
    SIDE_PLANK = "side-plank"
    SINGLE_LEG = "single-leg"
    BRIDGE = "bridge"


class Position(StrEnum):
    """Starting body position of an exercise."""

    SIDE_LYING = "side-lying"
    SUPINE = "supine"
    PRONE = "prone"
    QUADRUPED = "quadruped"
    SIDE_PLANK = "side-plank"
    STANDING = "standing"


class CameraView(StrEnum):
    """Where the phone films from, relative to the person."""

    FRONT = "front"
    BACK = "back"
    SIDE = "side"


class Metric(StrEnum):
    """Quantities the video checker measures. Units are part of the name."""

    KNEE_FPPA_DEG = "knee_fppa_deg"
    PELVIC_DROP_DEG = "pelvic_drop_deg"
    TRUNK_LEAN_DEG = "trunk_lean_deg"
    TRUNK_FORWARD_LEAN_DEG = "trunk_forward_lean_deg"
    TRUNK_ROTATION_DEG = "trunk_rotation_deg"
    KNEE_FLEXION_DEG = "knee_flexion_deg"
    HIP_ABDUCTION_DEG = "hip_abduction_deg"
    HIP_FLEXION_DRIFT_DEG = "hip_flexion_drift_deg"
    HIP_EXTENSION_DEG = "hip_extension_deg"
    HIP_SAG_DEG = "hip_sag_deg"
    HIP_HIKE_DEG = "hip_hike_deg"
    PELVIS_ROLL_DEG = "pelvis_roll_deg"
    PELVIC_RANGE_DEG = "pelvic_range_deg"
    KNEE_OPENING_DEG = "knee_opening_deg"
    LUMBAR_EXTENSION_DEG = "lumbar_extension_deg"
    FEET_SEPARATION_RATIO = "feet_separation_ratio"
    STEP_WIDTH_RATIO = "step_width_ratio"
    KNEE_TO_ANKLE_WIDTH_RATIO = "knee_to_ankle_width_ratio"
    FREE_FOOT_TOUCHDOWNS = "free_foot_touchdowns"
    REP_DURATION_S = "rep_duration_s"


class RepUnit(StrEnum):
    """What one repetition of a dose is: a rep, or a step for walking work, where a per-side
    dose means each way (left, then back to the right)."""

    REP = "rep"
    STEP = "step"

    def amount(self, amount: str) -> str:
        """'8-12 reps', '8-12 steps' (``amount`` is a number or a range)."""
        return f"{amount} {self.value}{'' if amount == '1' else 's'}"

    @property
    def each_side(self) -> str:
        """How a per-side dose reads: 'each side', or 'each way' for steps."""
        return "each way" if self is RepUnit.STEP else "each side"


class Experience(StrEnum):
    """A runner's experience with strength work."""

    NONE = "none"
    NOVICE = "novice"
    INTERMEDIATE = "intermediate"
    ADVANCED = "advanced"


class DoseLevel(StrEnum):
    """The three default doses each exercise carries."""

    NOVICE = "novice"
    INTERMEDIATE = "intermediate"
    ADVANCED = "advanced"


class Goal(StrEnum):
    PREVENTION = "prevention"
    REHABILITATION = "rehabilitation"
    PERFORMANCE = "performance"
