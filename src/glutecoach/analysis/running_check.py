"""Does a clip show running? Checked before gait numbers are given for it.

A gait check measures anything that moves its feet: a glute bridge filmed from the side gave
"2 steps, cadence 43", a running clip turned on its side 11 steps and a 114-degree shank angle.
So before any number is reported the clip must show:

1. an upright person (``posture_problem``): the trunk (mid-hip to mid-shoulder) more than 60
   degrees from the image horizontal with the shoulders above the hips, in most frames where
   the trunk is seen. Lying, bridging and planking bodies, and clips turned sideways or upside
   down, fail here, before steps are looked for.
2. running cycles at a running cadence (``cycle_problem``): steps on both legs, alternating,
   at a cadence no slower than the walk-to-run transition. Treadmill running, where the runner
   stays in place, passes: cadence comes from the feet, not from travel across the picture.

Parameters (``RunningCheckParams``):

* ``min_upright_share`` = 0.7: a coaching default. Runners lean forward 5-15 degrees, far from
  the 60-degree limit; 30 % of frames are allowed for a stumble, a turn or a cut.
* ``min_steps_per_side`` = 2 (coaching default): two steps on each leg are the least that can
  be called a running cycle.
* ``min_cadence_spm`` = 135: adults change from walking to running at 135-140 steps/min (a
  cadence of 140 classified walking vs running with 91 % accuracy; Hum Mov Sci 2023;
  90:103117, measured in a study). The lower end is used so slow joggers are not refused.
* ``max_cadence_spm`` = 250 (coaching default): above distance running and even most sprint
  cadences; a higher value means the step detector counted jitter, not steps.
* ``upright_trunk_deg`` = 60 and ``lying_tilt_deg`` = 45 (coaching defaults, as
  ``PostureParams``): a trunk beyond 60 degrees from the image horizontal is upright, one within
  45 degrees lies.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from glutecoach.analysis.posture import tilt_deg, trunk_axis
from glutecoach.domain.gait import GaitResult
from glutecoach.domain.glossary import plural
from glutecoach.domain.pose import PoseSequence

WALK_RUN_SOURCE = "walk-to-run transition 135-140 steps/min, Hum Mov Sci 2023 (measured)"


@dataclass(frozen=True)
class RunningCheckParams:
    """Thresholds for "this clip shows running" (module notes give the reasons)."""

    min_upright_share: float = 0.7
    min_steps_per_side: int = 2
    min_cadence_spm: float = 135.0
    max_cadence_spm: float = 250.0
    upright_trunk_deg: float = 60.0
    lying_tilt_deg: float = 45.0


@dataclass(frozen=True)
class TrunkPosture:
    """Shares of the frames where the trunk is seen: upright, lying, upside down."""

    seen_frames: int
    upright: float
    lying: float
    upside_down: float


def posture(pose: PoseSequence, params: RunningCheckParams | None = None) -> TrunkPosture:
    """How the trunk lies across the picture, frame by frame (upright beyond
    ``upright_trunk_deg`` from the image horizontal, lying within ``lying_tilt_deg``)."""
    p = params or RunningCheckParams()
    axis = trunk_axis(pose)
    tilt = tilt_deg(axis)
    seen = np.isfinite(tilt)
    n = int(seen.sum())
    if n == 0:
        return TrunkPosture(0, 0.0, 0.0, 0.0)
    shoulders_up = axis[seen, 1] < 0  # image y grows downward
    steep = tilt[seen] > p.upright_trunk_deg
    return TrunkPosture(
        seen_frames=n,
        upright=float(np.mean(steep & shoulders_up)),
        lying=float(np.mean(tilt[seen] <= p.lying_tilt_deg)),
        upside_down=float(np.mean(steep & ~shoulders_up)),
    )


def posture_problem(pose: PoseSequence, params: RunningCheckParams | None = None) -> str | None:
    """What was seen instead of an upright runner, or None when the runner is upright."""
    p = params or RunningCheckParams()
    seen = posture(pose, p)
    if seen.seen_frames == 0:
        return "the trunk (hips and shoulders) is not seen in any frame"
    if seen.upright >= p.min_upright_share:
        return None
    if seen.upside_down >= 0.5:
        what = f"the person is upside down in {seen.upside_down:.0%} of the frames"
    elif seen.lying >= 0.5:
        what = (
            f"the body lies across the picture in {seen.lying:.0%} of the frames (a floor "
            "exercise such as a bridge or a plank, or a clip turned on its side)"
        )
    else:
        what = f"the person is upright in only {seen.upright:.0%} of the frames"
    return f"{what}; a runner is upright in at least {p.min_upright_share:.0%} of them"


def cycle_problem(result: GaitResult, params: RunningCheckParams | None = None) -> str | None:
    """What was seen instead of running cycles at a running cadence, or None."""
    p = params or RunningCheckParams()
    counts = {s.side: s.steps for s in result.sides}
    left, right = counts.get("left", 0), counts.get("right", 0)
    found = f"{plural(len(result.steps), 'step')} ({left} left, {right} right)"
    if min(left, right) < p.min_steps_per_side:
        return f"{found} found, fewer than {p.min_steps_per_side} on each leg: no running cycle"
    cadence = result.cadence_spm
    if cadence is None:
        return f"{found} were found, but no steady cadence"
    if cadence < p.min_cadence_spm:
        return (
            f"{found} at {cadence:.0f} steps/min, slower than running (below "
            f"{p.min_cadence_spm:.0f} steps/min; {WALK_RUN_SOURCE}): walking, or not gait at all"
        )
    if cadence > p.max_cadence_spm:
        return (
            f"{found} at {cadence:.0f} steps/min, faster than anyone runs (over "
            f"{p.max_cadence_spm:.0f}, a coaching default): the steps are jitter, not running"
        )
    return None
