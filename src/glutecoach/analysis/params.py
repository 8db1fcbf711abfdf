"""Analysis parameters per exercise family: frozen, documented, merged by one tested function.

``default_params(family)`` gives the defaults of a family (``single-leg-squat``, ``hip-hitch``,
``lateral-band-walk``; floor exercises and gait register theirs the same way with
``register_family_params``). ``merge_analysis_params(params, overrides)`` applies overrides
by dotted name or nested mapping, e.g. ``{"signal.cutoff_hz": 4, "reps": {"min_range": 0.2},
"analysis_rate_hz": 20}``, with ``domain.overrides.apply_overrides`` (the one override rule of
the app: unknown names and wrong types raise ``InputError``); ``side_reps`` starts from
``reps`` when a family has none. ``params_to_json`` gives the JSON form recorded with every
result.

Every primary signal is oriented so that a rep is a PEAK (depth, drop or step width grows
toward the rep's extreme), so ``RepParams.direction`` stays ``"peak"``.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from glutecoach.analysis.clip_params import (
    FramingParams,
    HoldParams,
    PostureParams,
    check_finite,
    raise_first,
)
from glutecoach.analysis.filters import SignalParams
from glutecoach.analysis.reps import RepParams
from glutecoach.domain.overrides import apply_overrides
from glutecoach.errors import InputError

WRONG_VIEW_ACTIONS = ("warn", "error")


@dataclass(frozen=True)
class QualityParams:
    """When input is too poor to measure, and what earns a warning.

    * ``min_visible_fraction`` = 0.8: every landmark a rep's metrics use must be present (after
      visibility gating and short-gap filling) in at least 80% of the rep's frames, otherwise
      the rep is not measurable ("left knee not visible for 40% of rep 3").
    * ``min_fps`` = 12: below this the 6 Hz low-pass has nothing to work with and quick reps
      blur; the clip is still analysed, with a warning. ``analysis_rate_hz`` of the family
      should not be set below it.
    * ``min_person_height_fraction`` = 0.3: a person spanning less of the frame height than this
      (nose to ankles) is small enough for pixel noise to matter; warning.
    * ``side_view_width_ratio`` = 0.2: hips closer than this fraction of the trunk length mean
      a side view (``angles.infer_view``).
    * ``merged_rep_prominence`` = 0.3: a rep whose signal has two dips at least this fraction of
      the signal's range deep is reported as possibly two reps merged.
    * ``cut_rep_max_fraction`` = 0.85: a rep cut by the start or end of the clip still counts
      when, at the cut, the movement was at most this fraction of the rep's own peak away from
      rest: it had turned back from its extreme by at least 15 % (and the peak lies before the
      cut's edge window), so the extreme was filmed. 0.75 missed a clam and a bridge filmed
      turning back (84 % and 77 % at the cut, read as the median of a falling stretch); the
      labelled corpus stays exact up to 0.9. Its truncated timing metrics are dropped. 0
      never counts a cut rep.
    * ``cut_edge_window_s`` = 0.25 and ``cut_edge_window_share`` = 0.15: the signal "at the
      cut" is its median over the filmed part's last (or first) 0.25 s, or 15 % of that part if
      shorter: a step of a band walk comes back in about 0.4 s, and the median of a falling
      stretch reads its middle, so a fixed quarter second would read a quick rep as not turned
      back yet. A cut rep also needs its peak before that window.
    * ``wrong_view`` = ``"warn"``: when none of the exercise's measurable mistakes can be seen
      from the clip's view, add a warning naming the view needed (``"error"``: raise
      ``AnalysisError`` instead).
    """

    min_visible_fraction: float = 0.8
    min_fps: float = 12.0
    min_person_height_fraction: float = 0.3
    side_view_width_ratio: float = 0.2
    merged_rep_prominence: float = 0.3
    cut_rep_max_fraction: float = 0.85
    cut_edge_window_s: float = 0.25
    cut_edge_window_share: float = 0.15
    wrong_view: str = "warn"

    def __post_init__(self) -> None:
        check_finite(self)
        checks = (
            (0.0 < self.min_visible_fraction <= 1.0, "min_visible_fraction must be in (0, 1]"),
            (self.min_fps > 0.0, "min_fps must be > 0"),
            (0.0 <= self.min_person_height_fraction < 1.0, "min_person_height_fraction: 0..1"),
            (0.0 < self.side_view_width_ratio < 1.0, "side_view_width_ratio must be in (0, 1)"),
            (0.0 < self.merged_rep_prominence < 1.0, "merged_rep_prominence must be in (0, 1)"),
            (0.0 <= self.cut_rep_max_fraction < 1.0, "cut_rep_max_fraction must be in [0, 1)"),
            (self.cut_edge_window_s > 0.0, "cut_edge_window_s must be > 0"),
            (0.0 < self.cut_edge_window_share <= 1.0, "cut_edge_window_share: (0, 1]"),
            (self.wrong_view in WRONG_VIEW_ACTIONS, "wrong_view must be 'warn' or 'error'"),
        )
        raise_first(checks, "quality")


@dataclass(frozen=True)
class MeasureParams:
    """How per-rep metrics are read from the angle series.

    * ``peak_percentile`` = 95: where a metric is a rep's maximum (or minimum) of a noisy series
      over the whole rep, it is this percentile (or 100 - p), so one bad frame cannot set it.
    * ``bottom_window_fraction`` = 0.1: a rep's bottom window is its samples within this
      fraction of the rep's own range from its extreme (the primary signal's peak); angles "at
      the bottom" (knee FPPA, pelvic drop, trunk lean of a squat) are the median there, which
      is robust to single frames and, for a smooth rep, within about 3% of the value at the
      extreme itself. The same fraction sets the top window (the rest position) of a rep.
    * ``rep_margin_s`` = 0.5: metrics that need the resting position around a rep (pelvic range,
      hip hike) also look this far before and after it (never into a neighbouring rep).
    * ``touchdown_height_ratio`` = 0.15 and ``touchdown_min_s`` = 0.2: the free foot "touches
      down" when its ankle comes within 0.15 hip widths of the stance ankle's height (about
      2-3 cm) for at least 0.2 s, after having been lifted in that rep.
    * ``stance_window_s`` = 1.0: the per-frame working side (side views, hip hitch) is the
      majority over this window, so it cannot flicker inside a rep.
    * ``step_min_shift_ratio`` = 0.2: a band-walk step must move the pelvis at least 0.2 hip
      widths sideways to have a direction.
    * ``min_thigh_length_fraction`` = 0.35: knee FPPA is not measured in frames where the
      thigh's image is shorter than 35% of its standing length (hip flexed beyond about 70
      degrees toward or away from the camera, as in a deep two-leg squat): the frontal knee
      angle is not defined there.
    * ``plausible_fppa_deg`` = 60: a loaded knee does not reach 60 degrees of frontal-plane
      angle either way (healthy single-leg squats read about 8, patellofemoral pain about 17,
      Herrington 2014); larger values come from misplaced landmarks and are not measured.
    * ``floor_window_s`` = 1.0: a squat's floor line (the ankles' height) is their running
      median over this window: the feet stay put during a squat, so one frame where an ankle
      is lost or misplaced (the pose model guessing a hidden foot) does not move the floor and
      fake a rep; a zoom or pan over seconds is still followed.
    * ``scale_window_s`` = 4: body lengths used as units (hip width, trunk length) follow the
      camera as their running median over this window (``ExerciseContext.length_series``).
    * ``squat_hip_widths_per_trunk`` = 0.45: in a side view of the single-leg squat ladder
      (two-leg, box and single-leg squats, step-down; the hips overlap) a hip width is taken
      as 0.45 trunk lengths, the adult proportion of hip-joint width to hip-shoulder distance,
      to scale the touchdown height.
    * ``deadlift_hip_widths_per_trunk`` = 0.55: the same proportion as the single-leg deadlift
      reads it where the hip width is not seen (its touchdown level from the side); the two
      values differ as they did as module constants, so results do not change.
    * ``still_fraction`` = 0.02: in a hip hitch, sides whose vertical movement differs by less
      than 2% of a hip width (about 1 px) over the stance window are indistinguishable; the
      stance side is carried over from the nearest frames where it was clear.
    * ``single_leg_ratio`` = 0.35: a foot lifted off the floor sits at least a third of a trunk
      length (or hip width) above the other at the top of a single-leg bridge; two feet on the
      floor differ by a few pixels.
    * ``default_squat_knee_flexion_deg`` = 20: the knee flexion that counts as "in the squat"
      in a squat walk when the variation names no threshold.
    * ``min_reps_for_spread`` = 3: measured reps each side needs before the left/right
      comparison is judged against the clip's own rep-to-rep spread (else the library's noise
      floor).
    * ``hold_drift_window_s`` = 0.5: a rep's time at its extreme (the pause or hold in its
      tempo) starts at the bottom window and grows by the neighbouring samples where the
      signal moves less than the bottom-window band within this window, so a hold that sags
      slowly still counts until the lowering starts (see ``measures.tempo``); a quick turn moves
      more than the band in half a second and gains nothing. 0 turns the widening off.
    * ``step_up_floor_percentile`` = 95: a step-up's floor line is this percentile of the lower
      ankle's image height over the clip (after the zoom is taken out): a foot is on the floor
      at the start of every rep, and a single misplaced ankle cannot set it. A rolling floor
      would rise with a runner who stands on the box for a long pause, so it is one line per
      clip.
    """

    peak_percentile: float = 95.0
    bottom_window_fraction: float = 0.1
    rep_margin_s: float = 0.5
    touchdown_height_ratio: float = 0.15
    touchdown_min_s: float = 0.2
    stance_window_s: float = 1.0
    step_min_shift_ratio: float = 0.2
    min_thigh_length_fraction: float = 0.35
    plausible_fppa_deg: float = 60.0
    scale_window_s: float = 4.0
    floor_window_s: float = 1.0
    squat_hip_widths_per_trunk: float = 0.45
    deadlift_hip_widths_per_trunk: float = 0.55
    still_fraction: float = 0.02
    single_leg_ratio: float = 0.35
    default_squat_knee_flexion_deg: float = 20.0
    min_reps_for_spread: int = 3
    step_up_floor_percentile: float = 95.0
    hold_drift_window_s: float = 0.5

    def __post_init__(self) -> None:
        check_finite(self)
        checks = (
            (50.0 <= self.peak_percentile <= 100.0, "peak_percentile must be within 50..100"),
            (0.0 < self.bottom_window_fraction < 1.0, "bottom_window_fraction: (0, 1)"),
            (self.rep_margin_s >= 0.0, "rep_margin_s must be >= 0"),
            (self.touchdown_height_ratio >= 0.0, "touchdown_height_ratio must be >= 0"),
            (self.touchdown_min_s >= 0.0, "touchdown_min_s must be >= 0"),
            (self.stance_window_s > 0.0, "stance_window_s must be > 0"),
            (self.step_min_shift_ratio >= 0.0, "step_min_shift_ratio must be >= 0"),
            (0.0 <= self.min_thigh_length_fraction < 1.0, "min_thigh_length_fraction: [0, 1)"),
            (0.0 < self.plausible_fppa_deg <= 90.0, "plausible_fppa_deg must be in (0, 90]"),
            (self.scale_window_s > 0.0, "scale_window_s must be > 0"),
            (self.floor_window_s > 0.0, "floor_window_s must be > 0"),
            (self.squat_hip_widths_per_trunk > 0.0, "squat_hip_widths_per_trunk must be > 0"),
            (self.deadlift_hip_widths_per_trunk > 0.0, "deadlift_hip_widths_per_trunk: > 0"),
            (self.still_fraction >= 0.0, "still_fraction must be >= 0"),
            (self.single_leg_ratio > 0.0, "single_leg_ratio must be > 0"),
            (self.default_squat_knee_flexion_deg > 0.0, "default_squat_knee_flexion_deg: > 0"),
            (self.min_reps_for_spread >= 2, "min_reps_for_spread must be >= 2"),
            (50.0 <= self.step_up_floor_percentile <= 100.0, "step_up_floor_percentile: 50..100"),
            (self.hold_drift_window_s >= 0.0, "hold_drift_window_s must be >= 0"),
        )
        raise_first(checks, "measure")


@dataclass(frozen=True)
class AnalysisParams:
    """All parameters of one analysis, recorded with its result.

    ``analysis_rate_hz`` is the lowest pose sampling rate the caller should ask the pose back
    end for (``estimate_video(..., target_fps=params.analysis_rate_hz)``, which keeps every
    k-th frame, the largest k that stays at or above it: ``vision.video.sample_stride``).
    12.5 Hz is just above 12 Hz, twice the 6 Hz low-pass cutoff, so everything the filter
    passes is sampled and the filter still has a band to act on (at exactly 12 Hz the cutoff
    would sit on the Nyquist frequency and the low-pass would be skipped): 25 fps clips are
    sampled every 2nd frame (12.5 Hz), 30 fps every 2nd (15 Hz), 60 fps every 4th (15 Hz),
    24 fps every frame. Evenly spaced samples suit the filter better than an uneven 3 frames
    of 5. 0 means every frame (fast movements, gait).
    ``reps`` segments reps in a front or back view; ``side_reps`` in a side view, where the
    family's primary signal has other units (None: use ``reps``). See ``rep_params``.
    ``posture``, ``framing`` and ``holds`` (``clip_params``) say when the body stands or lies,
    when the camera moved, and how timed holds are found.
    """

    family: str
    analysis_rate_hz: float = 12.5
    signal: SignalParams = field(default_factory=SignalParams)
    reps: RepParams = field(default_factory=RepParams)
    side_reps: RepParams | None = None
    quality: QualityParams = field(default_factory=QualityParams)
    measures: MeasureParams = field(default_factory=MeasureParams)
    posture: PostureParams = field(default_factory=PostureParams)
    framing: FramingParams = field(default_factory=FramingParams)
    holds: HoldParams = field(default_factory=HoldParams)

    def __post_init__(self) -> None:
        if not self.family.strip():
            raise InputError("invalid analysis parameters: family must not be empty")
        if not math.isfinite(self.analysis_rate_hz) or self.analysis_rate_hz < 0:
            raise InputError("invalid analysis parameters: analysis_rate_hz must be >= 0")
        if any(r.direction != "peak" for r in (self.reps, self.side_reps) if r is not None):
            raise InputError(
                "invalid analysis parameters: rep direction must stay 'peak' (every primary "
                "signal is oriented so that a rep is a peak)"
            )

    def rep_params(self, view: str) -> RepParams:
        """The rep parameters for a clip filmed from ``view``."""
        if view == "side" and self.side_reps is not None:
            return self.side_reps
        return self.reps


_FAMILY_DEFAULTS: dict[str, AnalysisParams] = {}


def register_family_params(params: AnalysisParams) -> None:
    """Make ``params`` the defaults of ``params.family`` (replacing any earlier ones)."""
    _FAMILY_DEFAULTS[params.family] = params


def default_params(family: str) -> AnalysisParams:
    """The documented defaults of ``family``; ``InputError`` naming the known families."""
    try:
        return _FAMILY_DEFAULTS[family]
    except KeyError:
        known = ", ".join(sorted(_FAMILY_DEFAULTS))
        raise InputError(f"no analysis parameters for family {family!r}; known: {known}") from None


def registered_families() -> tuple[str, ...]:
    return tuple(sorted(_FAMILY_DEFAULTS))


def merge_analysis_params(
    params: AnalysisParams, overrides: Mapping[str, object]
) -> AnalysisParams:
    """A copy of ``params`` with ``overrides`` applied (see the module notes)."""
    touches_side = any(k == "side_reps" or k.startswith("side_reps.") for k in overrides)
    if touches_side and params.side_reps is None:
        params = dataclasses.replace(params, side_reps=params.reps)
    return apply_overrides(params, overrides, fixed=("family",))


def params_to_json(params: AnalysisParams) -> dict[str, Any]:
    """Plain JSON form (nested dicts of numbers and strings)."""
    plain: dict[str, Any] = _lists(dataclasses.asdict(params))
    return plain


def _lists(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _lists(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_lists(v) for v in value]
    return value


# Built-in families. Every primary signal peaks at the rep's extreme (see the analyzers).
register_family_params(
    AnalysisParams(
        family="single-leg-squat",
        # Hip descent in hip widths (every view). A 30 degree single-leg squat lowers the hips
        # by about 0.15 hip widths; filtered pixel noise moves them by about 0.02. Hip descent
        # grows with the square of the knee angle, so a rep to 45 degrees among reps to 70
        # reaches only ~40% of the clip's range: a rep needs 35% of it (enter_fraction).
        # Reps from 0.8 s (a quick bodyweight squat) to 20 s (a slow lowering with a pause).
        reps=RepParams(
            enter_fraction=0.35, min_range=0.15, min_duration_s=0.8, max_duration_s=20.0
        ),
    )
)
register_family_params(
    AnalysisParams(
        family="hip-hitch",
        # Front/back: pelvic tilt in degrees. A hip hitch moves the pelvis 10 degrees or more;
        # 1.5 px of noise on a 50 px hip width reads as 3-4 degrees, so 5 degrees separates
        # the two. Side: the free ankle's height against the stance ankle in trunk lengths; a
        # 10 degree tilt moves it about 0.08, filtered noise about 0.01.
        reps=RepParams(min_range=5.0, min_duration_s=0.8, max_duration_s=15.0),
        side_reps=RepParams(min_range=0.04, min_duration_s=0.8, max_duration_s=15.0),
    )
)
register_family_params(
    AnalysisParams(
        family="lateral-band-walk",
        # Ankle separation in hip widths: a step opens the feet by half a hip width or more.
        # Steps take 0.3-4 s.
        reps=RepParams(min_range=0.25, min_duration_s=0.3, max_duration_s=4.0),
    )
)
