"""Parameters about what a clip shows: the body's posture, the framing, and timed holds.

Part of ``AnalysisParams`` (``posture``, ``framing``, ``holds``), so they are recorded with
every result and overridden like any parameter (``--param posture.lying_tilt_deg=40``). Each
default is a coaching default set against the shared real clips unless its note names a source.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from glutecoach.errors import InputError


@dataclass(frozen=True)
class PostureParams:
    """When the body counts as standing, lying or another shot.

    * ``flat_trunk_deg`` = 30: a trunk within 30 degrees of the image horizontal is lying (or
      on all fours), never standing: even a deep squat leans the trunk at most about 50 degrees
      from vertical. Such frames are left out of a standing exercise.
    * ``upright_trunk_deg`` = 60: a trunk (or a leg from hip to ankle) more than 60 degrees
      from the image horizontal is upright: standing or kneeling, not in any floor exercise's
      position (a bridge or side plank inclines it by 35 at most).
    * ``lying_tilt_deg`` = 45: a trunk within 45 degrees of the image horizontal in most frames
      means the body lies, and the view is judged as a lying one.
    * ``floor_max_tilt_deg`` = 50: a floor exercise's frames count where the trunk is within 50
      degrees of the image horizontal (a bridge at its top and a side plank incline it by up to
      about 35; a standing person's is near 90).
    * ``floor_scale_tolerance`` = 1.35: in a floor exercise, a trunk more than 35% longer or
      shorter than the clip's median is another shot (a cut to a close-up, a zoom) or another
      person.
    * ``upright_note_share`` = 0.8: a floor exercise's clip where the person is upright in at
      least 80% of the frames gets a note asking whether ``--exercise`` is right.
    * ``flat_note_share`` = 0.5: a standing exercise's clip where the person lies flat in at
      least half the frames says so and asks whether ``--exercise`` is right (fewer: the
      seconds left out are named).
    * ``lying_majority_share`` = 0.5: the body lies (and the view is judged as a lying one)
      when the trunk is within ``lying_tilt_deg`` of horizontal in at least half the frames
      where it is seen.
    """

    flat_trunk_deg: float = 30.0
    upright_trunk_deg: float = 60.0
    lying_tilt_deg: float = 45.0
    floor_max_tilt_deg: float = 50.0
    floor_scale_tolerance: float = 1.35
    upright_note_share: float = 0.8
    flat_note_share: float = 0.5
    lying_majority_share: float = 0.5

    def __post_init__(self) -> None:
        check_finite(self)
        angles = (self.flat_trunk_deg, self.upright_trunk_deg, self.lying_tilt_deg,
                  self.floor_max_tilt_deg)  # fmt: skip
        shares = (self.upright_note_share, self.flat_note_share, self.lying_majority_share)
        raise_first(
            (
                (all(0.0 < a < 90.0 for a in angles), "tilts must be within (0, 90) degrees"),
                (self.flat_trunk_deg < self.upright_trunk_deg, "flat_trunk_deg < upright"),
                (self.floor_scale_tolerance > 1.0, "floor_scale_tolerance must be > 1"),
                (all(0.0 < x <= 1.0 for x in shares), "shares must be within (0, 1]"),
            ),
            "posture",
        )


@dataclass(frozen=True)
class FramingParams:
    """When the camera moved or the keypoints jumped to someone else (notes, not faults).

    * ``max_scale_change`` = 0.35: the body's size on the picture changing by more than 35%
      over the set is noted as a zoom (``camera``).
    * ``max_travel_trunks`` = 1.5: the mid-hip travelling more than 1.5 trunk lengths in an
      exercise done on the spot is noted as a pan.
    * ``min_width_trunks`` = 0.3: the shoulder and hip widths count toward the body's size only
      where they are at least 0.3 trunk lengths (they vanish in a side view).
    * ``subject_window_s`` = 4 and ``subject_max_jump_trunks`` = 1.2: a frame whose keypoints'
      centre is more than 1.2 trunk lengths from the running median of the centres over 4 s is
      another person's and is left out (``subject``; a 1-2 s intrusion does not move that
      median, real movement is continuous and the median follows it).
    """

    max_scale_change: float = 0.35
    max_travel_trunks: float = 1.5
    min_width_trunks: float = 0.3
    subject_window_s: float = 4.0
    subject_max_jump_trunks: float = 1.2

    def __post_init__(self) -> None:
        check_finite(self)
        raise_first(
            (
                (self.max_scale_change > 0.0, "max_scale_change must be > 0"),
                (self.max_travel_trunks > 0.0, "max_travel_trunks must be > 0"),
                (0.0 <= self.min_width_trunks < 1.0, "min_width_trunks must be in [0, 1)"),
                (self.subject_window_s > 0.0, "subject_window_s must be > 0"),
                (self.subject_max_jump_trunks > 0.0, "subject_max_jump_trunks must be > 0"),
            ),
            "framing",
        )


@dataclass(frozen=True)
class HoldParams:
    """How a timed hold is found and judged (side plank, wall press, held bridge).

    * ``enter_sag_deg`` = 12 and ``in_position_max_sag_deg`` = 20: a side plank is in position
      once its hip sag falls to 12 degrees and until it rises past 20 (lying propped on the
      forearm before lifting reads a sag of 20-40 degrees; a plank -10 to 15, sinking as the
      hold tires).
    * ``min_hold_s`` = 2 and ``max_gap_s`` = 0.5: a hold is a stretch in position of at least
      2 s; gaps out of position up to 0.5 s are bridged (a wobble, a missed frame).
    * ``default_sag_deg`` = 10: the side plank's hip-sag threshold when a variation gives none.
    * ``bridge_hold_min_s`` = 3: a bridge top held this long is a hold as well as a rep (the
      library's bridge tempos pause 1-2 s at the top; its holds are prescribed in seconds).
    * ``wall_lift_fraction`` = 0.2: in a wall press the lifted ankle sits at least 0.2 trunk
      lengths above the other: a foot clearly off the floor, well above landmark jitter.
    * ``wall_default_pelvic_drop_deg`` = 8 and ``wall_default_trunk_lean_deg`` = 10: the wall
      press thresholds when a variation gives none.
    """

    enter_sag_deg: float = 12.0
    in_position_max_sag_deg: float = 20.0
    min_hold_s: float = 2.0
    max_gap_s: float = 0.5
    default_sag_deg: float = 10.0
    bridge_hold_min_s: float = 3.0
    wall_lift_fraction: float = 0.2
    wall_default_pelvic_drop_deg: float = 8.0
    wall_default_trunk_lean_deg: float = 10.0

    def __post_init__(self) -> None:
        check_finite(self)
        raise_first(
            (
                (0.0 <= self.enter_sag_deg <= self.in_position_max_sag_deg, "enter_sag_deg <= "
                 "in_position_max_sag_deg, both >= 0"),
                (self.min_hold_s > 0.0, "min_hold_s must be > 0"),
                (self.max_gap_s >= 0.0, "max_gap_s must be >= 0"),
                (self.bridge_hold_min_s > 0.0, "bridge_hold_min_s must be > 0"),
                (self.wall_lift_fraction > 0.0, "wall_lift_fraction must be > 0"),
                (min(self.default_sag_deg, self.wall_default_pelvic_drop_deg,
                     self.wall_default_trunk_lean_deg) > 0.0, "default thresholds must be > 0"),
            ),
            "hold",
        )  # fmt: skip


def check_finite(params: object) -> None:
    """``InputError`` unless every float field of ``params`` is finite."""
    numbers = [v for v in vars(params).values() if isinstance(v, float)]
    if not all(math.isfinite(v) for v in numbers):
        raise InputError(f"invalid {type(params).__name__}: every number must be finite")


def raise_first(checks: tuple[tuple[bool, str], ...], kind: str) -> None:
    """``InputError`` with the message of the first failed check."""
    for ok, message in checks:
        if not ok:
            raise InputError(f"invalid {kind} parameters: {message}")
