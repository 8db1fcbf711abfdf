"""Running gait: steps, cadence and pelvic drop.

Four kinds of data, each labelled: a SYNTHETIC rear-view running series drawn here from the
parametric skeleton (exact known answers); the zzzhushi rear_asymmetry fixture (SYNTHETIC, made
by another project: a known-answer check of the pelvic-drop arithmetic and the step events);
the trendetect ASIS marker tracks (REAL marker data from a Trendelenburg test, not video); and
the real side-view treadmill clip male_side.mp4 (real video, marked ``real_data``).
"""

from __future__ import annotations

import dataclasses
import json
import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from glutecoach.analysis import angles
from glutecoach.analysis.gait import GaitParams, analyze_gait, detect_view
from glutecoach.analysis.skeleton import BLAZEPOSE_33, mirror_points
from glutecoach.analysis.skeleton_model import LegPose, Posture, frontal_keypoints, side_keypoints
from glutecoach.domain.gait import GAIT_SCHEMA_VERSION
from glutecoach.domain.pose import (
    FloatArray,
    FrontalView,
    LegSide,
    PoseBackend,
    PoseSequence,
    View,
)
from glutecoach.errors import AnalysisError, InputError
from glutecoach.library.loader import load_library

SHARED = Path(__file__).resolve().parents[3] / "shared" / "data"
ZZZHUSHI = SHARED / "zzzhushi__running-gait-analysis"
TRENDETECT = SHARED / "Lucio-Sepulveda__trendetect-trendelenburg-test" / "data"

LIBRARY = load_library()


@dataclass(frozen=True)
class RunningTruth:
    pose: PoseSequence
    contacts_s: tuple[float, ...]
    sides: tuple[LegSide, ...]
    cadence_spm: float


def _stance_leg(u: float) -> LegPose:
    knee = 15.0 + 25.0 * math.sin(math.pi * u)
    return LegPose(thigh_flexion_deg=knee / 2.0, knee_flexion_deg=knee)


def _swing_leg(w: float) -> LegPose:
    bend = math.sin(math.pi * min(max(w, 0.0), 1.0))
    return LegPose(thigh_flexion_deg=7.5 + 30.0 * bend, knee_flexion_deg=15.0 + 85.0 * bend)


def rear_running_series(
    *,
    cadence_spm: float = 180.0,
    fps: float = 60.0,
    duration_s: float = 8.0,
    drop_deg: dict[str, float] | None = None,
    view: View = "back",
    first: LegSide = "left",
    stance_fraction: float = 0.6,
    start_s: float = 0.1,
    height_px: float = 400.0,
    image_size: tuple[int, int] = (640, 480),
) -> RunningTruth:
    """SYNTHETIC running seen from behind (or in front): feet planted on the ground in stance,
    the pelvis lowest and the contralateral drop ``drop_deg[side]`` largest at midstance, a
    flight phase between steps in which the body rises. ``view="side"``: the same running
    seen from the side, facing screen right."""
    drops = drop_deg or {"left": 4.0, "right": 9.0}
    step = 60.0 / cadence_spm
    stance = stance_fraction * step
    times = np.arange(round(duration_s * fps)) / fps
    contacts: list[float] = []
    while start_s + len(contacts) * step + stance + 0.1 < duration_s:
        contacts.append(start_s + len(contacts) * step)
    sides: list[LegSide] = [
        first if k % 2 == 0 else ("right" if first == "left" else "left")
        for k in range(len(contacts))
    ]
    frames = np.empty((times.size, 33, 2))
    shift = np.full(times.size, np.nan)
    for i, t in enumerate(times):
        k = int(np.searchsorted(contacts, t, side="right")) - 1
        in_stance = k >= 0 and t < contacts[k] + stance
        stance_side: LegSide = sides[max(k, 0)] if k >= 0 else sides[0]
        legs: dict[str, LegPose] = {}
        drop = 0.0
        for side in ("left", "right"):
            if in_stance and side == stance_side:
                u = (t - contacts[k]) / stance
                legs[side] = _stance_leg(u)
                drop = drops[side] * math.sin(math.pi * u)
            else:
                mine = [c for c, s in zip(contacts, sides, strict=True) if s == side]
                last_off = max([c + stance for c in mine if c + stance <= t], default=None)
                nxt = min([c for c in mine if c > t], default=None)
                last_off = last_off if last_off is not None else (nxt or t) - 2 * step + stance
                nxt = nxt if nxt is not None else last_off + 2 * step - stance
                legs[side] = _swing_leg((t - last_off) / (nxt - last_off))
        posture = Posture(
            stance_side=stance_side, left=legs["left"], right=legs["right"], pelvic_drop_deg=drop
        )
        points = (
            side_keypoints(posture, origin_px=(image_size[0] / 2, 0.0), height_px=height_px)
            if view == "side"
            else frontal_keypoints(
                posture,
                view=view,
                pin="pelvis",
                origin_px=(image_size[0] / 2, 0.0),
                height_px=height_px,
            )
        )
        frames[i] = points
        if in_stance:
            foot = max(
                points[BLAZEPOSE_33.index(f"{stance_side}_ankle"), 1],
                points[BLAZEPOSE_33.index(f"{stance_side}_heel"), 1],
            )
            shift[i] = image_size[1] - 40.0 - foot
    known = np.isfinite(shift)
    flight = np.interp(times, times[known], shift[known])
    bump = 0.03 * height_px * _flight_bump(times, contacts, stance, step)
    shift = np.where(known, shift, flight - bump)
    frames[:, :, 1] += shift[:, None]
    vis = np.full(frames.shape[:2], 0.95)
    pose = PoseSequence(
        times, frames, vis, BLAZEPOSE_33, image_size, PoseBackend("synthetic-running", "1")
    )
    return RunningTruth(pose, tuple(contacts), tuple(sides), cadence_spm)


def _flight_bump(
    times: FloatArray, contacts: list[float], stance: float, step: float
) -> FloatArray:
    flight = step - stance
    phase = np.mod(times - contacts[0] - stance, step)
    return np.asarray(np.where(phase < flight, np.sin(np.pi * phase / flight), 0.0))


# --- synthetic rear view: exact answers -------------------------------------------------


@pytest.mark.parametrize("view", ["back", "front"])
def test_synthetic_rear_view_steps_cadence_and_drop(view: FrontalView) -> None:
    truth = rear_running_series(view=view)
    result = analyze_gait(truth.pose, library=LIBRARY)
    assert result.view == view
    assert len(result.steps) == len(truth.contacts_s)
    assert [s.side for s in result.steps] == list(truth.sides)
    assert result.cadence_spm == pytest.approx(truth.cadence_spm, abs=1e-6)
    for step, contact in zip(result.steps, truth.contacts_s, strict=True):
        assert step.contact_s == pytest.approx(contact, abs=3 / 60 + 1e-9)
    expectations: tuple[tuple[LegSide, float], ...] = (("left", 4.0), ("right", 9.0))
    for side, expected in expectations:
        summary = result.side(side)
        assert summary is not None
        stats = summary.metrics["pelvic_drop_deg"]
        assert stats.mean == pytest.approx(expected, abs=0.5)
        assert stats.n == summary.steps >= 7
    cpd = next(a for a in result.asymmetry if a.metric == "pelvic_drop_deg")
    assert cpd.difference == pytest.approx(-5.0, abs=0.5)
    assert cpd.beyond_noise_floor is True
    assert not [w for w in result.warnings if "steps per side" in w]
    texts = " ".join(f.text for f in result.findings)
    assert "Bramah et al. 2018" in texts
    assert "an association, not proof" in texts
    assert "Schmitz et al. 2014" in texts
    assert "no validated cut-off" in texts
    assert "likely real" in texts


def test_small_asymmetry_is_called_noise_and_few_steps_warn() -> None:
    truth = rear_running_series(drop_deg={"left": 5.0, "right": 6.5}, duration_s=2.0)
    result = analyze_gait(truth.pose, library=LIBRARY)
    cpd = next(a for a in result.asymmetry if a.metric == "pelvic_drop_deg")
    assert abs(cpd.difference) < 2.8
    assert cpd.beyond_noise_floor is False
    assert any("measurement noise" in f.text for f in result.findings)
    assert any("at least 7 steps per side" in w for w in result.warnings)


def test_wrong_view_is_a_clear_error() -> None:
    truth = rear_running_series(duration_s=3.0)
    assert detect_view(truth.pose) == "back"
    with pytest.raises(AnalysisError, match="looks filmed from the back"):
        analyze_gait(truth.pose, view="side", library=LIBRARY)
    # "front" for a clip whose labels say "back": the labels are taken as swapped, the signs
    # stay anatomical and the sides follow the runner as the user described the camera.
    swapped = analyze_gait(truth.pose, view="front", library=LIBRARY)
    assert swapped.view == "front"
    assert "labels were swapped back" in swapped.warnings[0]
    right = swapped.side("right")
    assert right is not None
    assert right.metrics["pelvic_drop_deg"].mean == pytest.approx(4.0, abs=0.5)


def test_mirrored_clip_swaps_the_sides() -> None:
    """SYNTHETIC: the horizontally flipped clip (labels swapped) reads the same drops on the
    opposite sides, and scaling/translating the image changes nothing."""
    truth = rear_running_series(duration_s=4.0)
    pose = truth.pose
    mirrored = pose.with_points(mirror_points(pose.points_px, BLAZEPOSE_33, 640.0))
    moved = pose.with_points(pose.points_px * 0.8 + np.array([30.0, -20.0]))
    base, flipped, shifted = (analyze_gait(p, library=LIBRARY) for p in (pose, mirrored, moved))
    assert [s.side for s in flipped.steps] == [
        "right" if s.side == "left" else "left" for s in base.steps
    ]
    pairs: tuple[tuple[LegSide, LegSide], ...] = (("left", "right"), ("right", "left"))
    for side, other in pairs:
        a, b, c = base.side(side), flipped.side(other), shifted.side(side)
        assert a is not None
        assert b is not None
        assert c is not None
        drop = a.metrics["pelvic_drop_deg"].mean
        assert b.metrics["pelvic_drop_deg"].mean == pytest.approx(drop, abs=1e-6)
        assert c.metrics["pelvic_drop_deg"].mean == pytest.approx(drop, abs=1e-6)


def test_standing_still_is_not_running() -> None:
    """SYNTHETIC: one frame repeated with pose jitter has no steps, a clear error."""
    pose = rear_running_series(duration_s=3.0).pose
    rng = np.random.default_rng(3)
    still = np.repeat(pose.points_px[:1], pose.n_frames, axis=0)
    still = still + rng.normal(0.0, 0.7, still.shape)
    with pytest.raises(AnalysisError, match="no running step was found"):
        analyze_gait(pose.with_points(still), library=LIBRARY)


def test_noisy_rear_view_keeps_counts_and_drop() -> None:
    """SYNTHETIC, phone-video scale (1080x1920, runner 1200 px tall) with 1.5 px pose jitter:
    the same steps, CPD still within 0.5 deg."""
    truth = rear_running_series(height_px=1200.0, image_size=(1080, 1920))
    rng = np.random.default_rng(7)
    noisy = truth.pose.points_px + rng.normal(0.0, 1.5, truth.pose.points_px.shape)
    result = analyze_gait(truth.pose.with_points(noisy), library=LIBRARY)
    assert len(result.steps) == len(truth.contacts_s)
    assert result.cadence_spm == pytest.approx(180.0, abs=1.0)
    right = result.side("right")
    assert right is not None
    assert right.metrics["pelvic_drop_deg"].mean == pytest.approx(9.0, abs=0.5)


def test_params_are_validated_and_json_is_plain() -> None:
    with pytest.raises(InputError):
        GaitParams(min_steps_per_side=0)
    with pytest.raises(InputError, match="side_knee_min_visibility"):
        GaitParams(side_knee_min_visibility=1.5)
    result = analyze_gait(rear_running_series(duration_s=3.0).pose, library=LIBRARY)
    data = json.loads(json.dumps(result.to_json_dict()))
    assert data["schema_version"] == GAIT_SCHEMA_VERSION
    assert data["kind"] == "running-gait"
    assert data["params"]["analysis_rate_hz"] == 0
    assert data["summary"]["step_count"] == len(result.steps)
    assert result.frames is not None
    assert "pelvic_drop_deg" in result.frames.names


# --- the zzzhushi fixture: SYNTHETIC keypoints from another project --------------------

_ZZ_NAMES = {
    "l_shoulder": "left_shoulder", "r_shoulder": "right_shoulder", "l_hip": "left_hip",
    "r_hip": "right_hip", "l_knee": "left_knee", "r_knee": "right_knee",
    "l_ankle": "left_ankle", "r_ankle": "right_ankle", "l_heel": "left_heel",
    "r_heel": "right_heel", "l_big_toe": "left_foot_index", "r_big_toe": "right_foot_index",
}  # fmt: skip


def _zzzhushi() -> tuple[PoseSequence, dict[str, Any]]:
    fixtures = ZZZHUSHI / "web" / "tests" / "fixtures"
    if not fixtures.is_dir():
        pytest.skip(f"the shared data folder is absent ({fixtures})")
    source = json.loads((fixtures / "rear_asymmetry.input.json").read_text())
    expected = json.loads((fixtures / "rear_asymmetry.result.json").read_text())
    raw = np.asarray(source["frames"], dtype=np.float64)
    names = source["keypoint_names"]
    points = np.full((raw.shape[0], 33, 2), np.nan)
    vis = np.zeros((raw.shape[0], 33))
    for theirs, ours in _ZZ_NAMES.items():
        points[:, BLAZEPOSE_33.index(ours)] = raw[:, names.index(theirs), :2]
        vis[:, BLAZEPOSE_33.index(ours)] = raw[:, names.index(theirs), 2]
    times = np.arange(raw.shape[0]) / float(source["fps"])
    size = (int(source["width"]), int(source["height"]))
    return PoseSequence(times, points, vis, BLAZEPOSE_33, size, PoseBackend("zz", "1")), expected


def test_synthetic_fixture_pelvic_tilt_arithmetic() -> None:
    """SYNTHETIC fixture: our obliquity (left-stance CPD from behind) matches their series,
    which they smoothed lightly (so within 1.3 deg, correlation > 0.999)."""
    pose, expected = _zzzhushi()
    ours = angles.pelvic_drop(
        pose.point("left_hip"), pose.point("right_hip"), stance_side="left", view="back"
    )
    theirs = np.asarray(expected["series"]["pelvic_tilt"], dtype=np.float64)
    assert np.max(np.abs(ours - theirs)) < 1.3
    assert np.corrcoef(ours, theirs)[0, 1] > 0.999


def test_synthetic_fixture_steps_and_cadence() -> None:
    """SYNTHETIC fixture: every strike they injected is found, with their cadence. Their drop
    is on the stance side, which our convention reads as a negative CPD (a hitch)."""
    pose, expected = _zzzhushi()
    result = analyze_gait(pose, library=LIBRARY)
    events = expected["events"]
    strikes = sorted([*events["strikes"]["l"], *events["strikes"]["r"]])
    assert [round(s.midstance_s * 60) for s in result.steps] == strikes
    # They take 60 / the median interval (21 frames: 171.4); the strikes are 21-22 frames
    # apart, 21.125 on average, which our mean-interval cadence reports exactly (170.4).
    assert result.cadence_spm == pytest.approx(60 * 60 * 16 / (strikes[-1] - strikes[0]))
    assert result.cadence_spm == pytest.approx(events["cadence"], abs=1.1)
    per_side = expected["metrics"][1]["per_side"]
    sides: tuple[tuple[LegSide, str], ...] = (("left", "l"), ("right", "r"))
    for side, key in sides:
        summary = result.side(side)
        assert summary is not None
        assert -summary.metrics["pelvic_drop_deg"].mean == pytest.approx(per_side[key], abs=1.0)


# --- trendetect: REAL ASIS marker tracks (no video) ------------------------------------


def test_real_marker_data_pelvic_obliquity() -> None:
    """REAL marker data (a clinical Trendelenburg test, not video): the obliquity of the line
    between the two ASIS markers equals their pelvic angle series up to their fixed
    calibration offset."""
    if not TRENDETECT.is_dir():
        pytest.skip(f"the shared data folder is absent ({TRENDETECT})")
    tracks = np.genfromtxt(TRENDETECT / "debug.csv", delimiter=",", names=True)
    theirs = np.genfromtxt(TRENDETECT / "resultado.csv", delimiter=",", skip_header=1)
    test_hip = np.column_stack([tracks["hip_test_x"], tracks["hip_test_y"]])
    base_hip = np.column_stack([tracks["hip_base_x"], tracks["hip_base_y"]])
    # The tested (stance) ASIS is on screen left, as in a view from behind; + = the other
    # (swing) side lower, their sign too.
    ours = angles.pelvic_drop(test_hip, base_hip, stance_side="left", view="back")
    offset = ours - theirs
    assert ours.shape == theirs.shape == (81,)
    assert float(np.std(offset)) < 0.01
    assert np.ptp(ours) == pytest.approx(np.ptp(theirs), abs=0.01)


# --- real side-view clip ----------------------------------------------------------------


@pytest.mark.real_data
def test_real_side_view_treadmill_clip() -> None:
    """REAL video (treadmill, side view, 12 s): contacts found, cadence 150-200, both sides."""
    clip = ZZZHUSHI / "tests" / "data" / "male_side.mp4"
    if not clip.exists():
        pytest.skip(f"the real clip is absent ({clip}); it lives in ../shared/data")
    from glutecoach.vision.pipeline import estimate_video
    from glutecoach.vision.quiet import quiet_native_stderr

    with quiet_native_stderr():
        pose = estimate_video(clip, "mediapipe", target_fps=None).sequence
    result = analyze_gait(pose, library=LIBRARY)
    assert result.view == "side"
    assert len(result.steps) >= 20
    assert result.cadence_spm is not None
    assert 150 <= result.cadence_spm <= 200
    assert {s.side for s in result.steps} == {"left", "right"}
    assert all(s.contact_s <= s.midstance_s for s in result.steps)
    left = result.side("left")
    assert left is not None
    assert "overstride_ratio" in left.metrics
    # The far leg's knee is hidden behind the near leg: its flexion is left out, with a warning,
    # and where both are kept the knee bends more at midstance than at contact, as in running.
    assert any("knee was hidden" in w for w in result.warnings)
    for summary in result.sides:
        kept = summary.metrics
        if "knee_flexion_contact_deg" in kept and "knee_flexion_midstance_deg" in kept:
            assert kept["knee_flexion_midstance_deg"].mean > kept["knee_flexion_contact_deg"].mean


def test_hidden_stance_knee_loses_its_flexion_at_that_frame() -> None:
    """SYNTHETIC: a stance knee below the confidence floor at midstance only."""
    from glutecoach.analysis.gait import drop_hidden_knee, hidden_knee_warnings
    from glutecoach.analysis.gait_events import StepDetection, StepEvent

    truth = rear_running_series(duration_s=1.0)
    pose = truth.pose
    knee = BLAZEPOSE_33.index("right_knee")
    visibility = pose.visibility.copy()
    visibility[5, knee] = 0.3
    hidden = dataclasses.replace(pose, visibility=visibility)
    event = StepEvent(side="right", foot="right", contact=2, midstance=5, toe_off=8)
    metrics = {"knee_flexion_contact_deg": 15.0, "knee_flexion_midstance_deg": 40.0}
    assert drop_hidden_knee(metrics, hidden, event, 0.5)
    assert metrics == {"knee_flexion_contact_deg": 15.0}
    untouched = {"knee_flexion_contact_deg": 15.0, "knee_flexion_midstance_deg": 40.0}
    assert not drop_hidden_knee(untouched, pose, event, 0.5)
    detection = StepDetection((event, event), 1.0, 100.0)
    (warning,) = hidden_knee_warnings({"right": 1}, detection, GaitParams())
    assert "right knee was hidden" in warning
    assert "1 of 2 right steps" in warning


def test_side_view_without_feet_leaves_out_the_directional_measures() -> None:
    """SYNTHETIC, feet removed (as in COCO keypoints, which have no heels or toes): analysed
    as a side view, the direction the runner faces is unknown, so overstride, shank angle and
    forward lean are left out with a note, while steps, cadence and knee flexion remain."""
    pose = rear_running_series(duration_s=4.0, view="side").pose
    with_feet = analyze_gait(pose, library=LIBRARY)
    assert all("overstride_ratio" in step.metrics for step in with_feet.steps)
    points, vis = pose.points_px.copy(), pose.visibility.copy()
    for name in ("left_heel", "right_heel", "left_foot_index", "right_foot_index"):
        points[:, BLAZEPOSE_33.index(name)] = np.nan
        vis[:, BLAZEPOSE_33.index(name)] = 0.0
    result = analyze_gait(pose.with_points(points, vis), library=LIBRARY)
    assert result.view == "side"
    assert len(result.steps) == len(with_feet.steps)
    assert result.cadence_spm is not None
    assert any(w.startswith("which way the runner faces is unknown") for w in result.warnings)
    for step in result.steps:
        assert not {"overstride_ratio", "shank_angle_contact_deg", "trunk_forward_lean_deg"} & set(
            step.metrics
        )
    assert any("knee_flexion_contact_deg" in step.metrics for step in result.steps)
