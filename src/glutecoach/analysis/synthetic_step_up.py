"""Synthetic step-up sets (forward and lateral) with KNOWN reps and faults.

For tests and the rep-count corpus only, drawn with the parametric skeleton like the series of
``analysis.synthetic``. A box ``box_ratio`` leg lengths high stands on a floor whose image
height is fixed; the working foot's ankle sits on the box, the body is placed by its pelvis so
that the feet touch the floor or the box as they should.

A forward step-up rep: the working foot is lifted onto the box (``place_s``, both hips level,
the other foot on the floor), the body rises through the working leg until it is straight
(``rise_s``; the trailing leg hangs straight and its foot comes up to the step), stays there
(``pause_s``), lowers (``lower_s``) until the trailing foot is back on the floor, and the working
foot is taken back down (``remove_s``) before a rest (``rest_s``). A lateral step-up keeps the
working foot on the box for the whole set: the rep is the rise, pause and lowering only.

The true rep runs from the start of the rise to the end of the lowering, its extreme the middle
of the pause (the hips highest). Knee FPPA, pelvic drop and trunk lean grow as the body is
lifted by the bent working leg and fade as the leg straightens: ``sin(pi * progress)``, so each
reaches its per-rep value halfway up and halfway down (where a step-up's knee collapses), and
is 0 at rest and at the straight-legged top.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np

from glutecoach.analysis.skeleton import BLAZEPOSE_33
from glutecoach.analysis.skeleton_model import SHANK, THIGH
from glutecoach.analysis.synthetic import (
    Corruption,
    LegPose,
    Posture,
    SyntheticSeries,
    frontal_keypoints,
    make_timestamps,
    side_keypoints,
)
from glutecoach.analysis.synthetic_support import (
    finish_frames,
    legs_by_side,
    reps_timeline,
    synthetic_pose,
    true_reps,
    values_per_rep,
)
from glutecoach.domain.pose import FloatArray, LegSide, View, other_side

HEIGHT_PX = 400.0
FLOOR_Y_PX = 450.0
"""The skeleton's height in pixels and the image row of the floor (the ankles at rest)."""


def _leg_for_drop(drop: float) -> LegPose:
    """A leg bent (shank vertical) so that its ankle is ``drop`` (body heights) above where a
    straight leg's would be: thigh flexion ``acos(1 - drop / THIGH)``, knee flexion equal."""
    cos_flex = min(max(1.0 - drop / THIGH, 0.0), 1.0)
    flex = math.degrees(math.acos(cos_flex))
    return LegPose(0.0, 0.0, flex, flex)


def step_up_series(
    *,
    n_reps: int = 5,
    working_side: LegSide = "left",
    lateral: bool = False,
    view: View = "front",
    box_ratio: float = 0.3,
    fppa_deg: float | Sequence[float] = 8.0,
    pelvic_drop_deg: float | Sequence[float] = 3.0,
    trunk_lean_deg: float | Sequence[float] = 3.0,
    place_s: float = 0.6,
    rise_s: float = 1.2,
    pause_s: float = 0.5,
    lower_s: float = 1.5,
    remove_s: float = 0.6,
    rest_s: float = 1.0,
    lead_in_s: float = 1.0,
    fps: float = 30.0,
    corruption: Corruption | None = None,
    seed: int = 0,
) -> SyntheticSeries:
    """Forward (``lateral=False``) or lateral step-ups on ``working_side`` (module notes)."""
    rng, corr = np.random.default_rng(seed), corruption or Corruption()
    box = box_ratio * (THIGH + SHANK)  # in body heights
    if lateral:
        place_s = remove_s = 0.0
    period = place_s + rise_s + pause_s + lower_s + remove_s + rest_s
    starts = lead_in_s + period * np.arange(n_reps, dtype=np.float64)
    times = make_timestamps(lead_in_s + period * n_reps, fps, corr.frame_jitter, rng)
    which, lift = reps_timeline(times, starts + place_s, rise_s, pause_s, lower_s)
    if lateral:
        on_box = np.ones(times.size)
    else:
        _, on_box = reps_timeline(times, starts, place_s, rise_s + pause_s + lower_s, remove_s)
    load = np.sin(np.pi * lift)
    per_rep = {
        "working_knee_fppa_deg": values_per_rep(fppa_deg, n_reps, "fppa_deg"),
        "pelvic_drop_deg": values_per_rep(pelvic_drop_deg, n_reps, "pelvic_drop_deg"),
        "trunk_lean_deg": values_per_rep(trunk_lean_deg, n_reps, "trunk_lean_deg"),
    }
    truth = {name: load * np.asarray([*v, 0.0])[which] for name, v in per_rep.items()}
    truth["hip_rise_ratio"] = lift * box_ratio  # hips above standing height, in leg lengths
    truth["working_foot_on_box"] = on_box

    def draw(i: int) -> FloatArray:
        raised, up = float(on_box[i]) * box, float(lift[i]) * box
        working = _leg_for_drop(raised - up)  # ankle on the box, hips up by ``up``
        working = LegPose(-float(truth["pelvic_drop_deg"][i]),
                          float(truth["working_knee_fppa_deg"][i]),
                          working.thigh_flexion_deg, working.knee_flexion_deg)  # fmt: skip
        legs = legs_by_side(working_side, working, LegPose())
        posture = Posture(
            working_side, legs["left"], legs["right"], float(truth["pelvic_drop_deg"][i]),
            float(truth["trunk_lean_deg"][i]), trunk_flexion_deg=0.3 * working.knee_flexion_deg,
        )  # fmt: skip
        if view == "side":
            pts = side_keypoints(posture)
        else:
            pts = frontal_keypoints(posture, view=view, pin="pelvis")
        # Place the body: the trailing (straight) leg's ankle is ``up`` above the floor.
        trailing = pts[_index(f"{other_side(working_side)}_ankle")]
        shift_y = (FLOOR_Y_PX - up * HEIGHT_PX) - trailing[1]
        shift_x = 320.0 - float(np.mean(pts[[_index("left_hip"), _index("right_hip")], 0]))
        return np.asarray(pts + np.array([shift_x, shift_y]), dtype=np.float64)

    points, vis = finish_frames(times, draw, view == "back", corr, rng)
    sides: list[LegSide] = [working_side] * n_reps
    reps = true_reps(starts + place_s, rise_s, pause_s, lower_s, sides, float(times[-1]))
    return SyntheticSeries(synthetic_pose(times, points, vis), truth, reps, view)


def _index(name: str) -> int:
    return BLAZEPOSE_33.names.index(name)
