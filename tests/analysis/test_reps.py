"""Rep segmentation on hand-built 1-D signals and on synthetic keypoint series.

The single-leg squat, hip hitch and lateral band walk series here are SYNTHETIC, drawn with the
parametric skeleton in ``glutecoach.analysis.synthetic``: no real clip of a hip hitch or a band
walk exists in ../shared/data, and the synthetic squats let every rep's true timing be known.
The true rep counts and times come from the generator's own schedule, not from ``segment_reps``.
"""

from __future__ import annotations

import numpy as np
import pytest

from glutecoach.analysis import angles as ang
from glutecoach.analysis import filters as flt
from glutecoach.analysis.reps import (
    TOUCH_AND_GO,
    RepParams,
    label_stance_sides,
    label_step_directions,
    segment_reps,
)
from glutecoach.analysis.synthetic import (
    Corruption,
    SyntheticSeries,
    band_walk_series,
    hip_hitch_series,
    single_leg_squat_series,
)
from glutecoach.domain.pose import FloatArray, FrontalView, LegSide, PoseSequence, Rep
from glutecoach.errors import AnalysisError

LEFT_RIGHT: tuple[LegSide, LegSide] = ("left", "right")
NOISY = Corruption(noise_px=1.5, dropout_fraction=0.03, spike_fraction=0.003, frame_jitter=0.3)


def bump_signal(
    t: FloatArray, shapes: list[tuple[float, float, float]], hold_s: float = 0.0
) -> FloatArray:
    """Sum of raised-cosine bumps (start_s, duration_s, height), flat for hold_s at the top."""
    out = np.zeros_like(t)
    for start, duration, height in shapes:
        half = duration / 2
        u = t - start
        rise = 0.5 - 0.5 * np.cos(np.pi * np.clip(u / half, 0, 1))
        fall = 0.5 - 0.5 * np.cos(np.pi * np.clip((start + half + hold_s + half - t) / half, 0, 1))
        out += height * np.where(u < half + hold_s, rise, fall)
    return out


def knee_flexion(pose: PoseSequence, side: LegSide = "left") -> FloatArray:
    return ang.knee_flexion_proxy(
        pose.point(f"{side}_hip"), pose.point(f"{side}_knee"), pose.point(f"{side}_ankle")
    )


def hip_height(pose: PoseSequence, side: LegSide = "left") -> FloatArray:
    lh, rh = pose.point("left_hip"), pose.point("right_hip")
    return ang.height_ratio(ang.midpoint(lh, rh), pose.point(f"{side}_ankle"), lh, rh)


def assert_matches_truth(
    found: tuple[Rep, ...], series: SyntheticSeries, bottom_tol_s: float
) -> None:
    assert len(found) == len(series.reps)
    for got, true in zip(found, series.reps, strict=True):
        assert got.partial == true.partial
        assert abs(got.bottom_s - true.bottom_s) < bottom_tol_s
        # The zero-phase low-pass smears onsets by up to ~0.1 s each way; allow 0.2 s.
        assert true.start_s - 0.2 <= got.start_s < true.bottom_s
        assert true.bottom_s < got.end_s <= true.end_s + 0.2


def test_counts_clean_bumps_with_exact_times() -> None:
    t = np.arange(0, 12, 1 / 30)
    signal = bump_signal(t, [(1.0, 2.0, 60.0), (4.0, 2.0, 45.0), (7.5, 2.0, 70.0)])
    seg = segment_reps(t, signal, side="left")
    assert seg.count == 3
    for rep, start in zip(seg.reps, (1.0, 4.0, 7.5), strict=True):
        assert rep.side == "left"
        assert rep.measurable
        assert rep.bottom_s == pytest.approx(start + 1.0, abs=1 / 30)
        assert start < rep.start_s < start + 0.3  # the onset level is a few % up the ramp
        assert start + 1.7 < rep.end_s < start + 2.0
    assert [r.index for r in seg.reps] == [1, 2, 3]


def test_troughs_are_found_when_asked() -> None:
    t = np.arange(0, 8, 1 / 30)
    signal = 100.0 - bump_signal(t, [(1.0, 2.0, 30.0), (4.0, 2.0, 30.0)])
    assert segment_reps(t, signal, RepParams(direction="trough")).count == 2
    peaks = segment_reps(t, signal, RepParams(direction="peak"))
    assert all(min(abs(r.bottom_s - 2.0), abs(r.bottom_s - 5.0)) > 0.5 for r in peaks.reps)


def test_pause_at_the_bottom_is_one_rep() -> None:
    t = np.arange(0, 14, 1 / 30)
    rng = np.random.default_rng(0)
    signal = bump_signal(t, [(1.0, 2.0, 60.0), (6.0, 2.0, 60.0)], hold_s=2.5)
    signal += rng.normal(0, 2.0, t.size)  # wobble during the hold stays inside the band
    seg = segment_reps(t, signal)
    assert seg.count == 2
    assert seg.reps[0].bottom_s == pytest.approx(1.0 + 1.0 + 1.25, abs=0.3)  # mid-pause


def test_wobble_inside_the_band_makes_no_extra_reps() -> None:
    t = np.arange(0, 10, 1 / 30)
    base = bump_signal(t, [(1.0, 3.0, 100.0), (5.0, 3.0, 100.0)])
    # A 30-unit oscillation around the middle of the bottom (between 35 and 100 % of range)
    wobble = np.where(base > 70, 15.0 * np.sin(2 * np.pi * 3 * t), 0.0)
    assert segment_reps(t, base + wobble).count == 2


def test_half_movements_inside_the_band_are_not_reps() -> None:
    """Bumps that pass the exit level but not the enter level (35 % of a rep) never count."""
    t = np.arange(0, 14, 1 / 30)
    full = [(1.0, 2.0, 100.0), (5.5, 2.0, 100.0), (10.0, 2.0, 100.0)]
    half = [(3.5, 1.2, 35.0), (8.0, 1.2, 35.0)]
    seg = segment_reps(t, bump_signal(t, full + half))
    assert [r.bottom_s for r in seg.reps] == pytest.approx([2.0, 6.5, 11.0], abs=0.05)
    assert seg.rejected == ()


def test_noise_below_min_range_never_makes_a_rep() -> None:
    t = np.arange(0, 20, 1 / 30)
    noise = np.random.default_rng(1).normal(0, 2.0, t.size)
    seg = segment_reps(t, noise, RepParams(min_range=10.0))
    assert seg.reps == ()
    assert "below min_range" in seg.notes[0]
    real = noise + bump_signal(t, [(3.0, 2.0, 40.0), (8.0, 2.0, 40.0)])
    assert segment_reps(t, real, RepParams(min_range=10.0)).count == 2


def test_min_and_max_duration_rejection() -> None:
    t = np.arange(0, 30, 1 / 30)
    signal = bump_signal(
        t, [(1.0, 2.0, 50.0), (4.0, 0.25, 50.0), (6.0, 2.0, 50.0), (10.0, 2.0, 50.0)]
    )
    signal += bump_signal(t, [(14.0, 2.0, 50.0)], hold_s=10.0)  # a 12 s hold
    seg = segment_reps(t, signal, RepParams(min_duration_s=0.5, max_duration_s=8.0))
    assert seg.count == 3
    assert [r.bottom_s for r in seg.reps] == pytest.approx([2.0, 7.0, 11.0], abs=0.05)
    rejected = sorted(seg.rejected, key=lambda r: r.start_s)
    assert len(rejected) == 2
    assert "shorter than the shortest rep counted, 0.5 s" in rejected[0].reason
    assert rejected[0].start_s == pytest.approx(4.0, abs=0.1)
    assert "longer than the longest rep counted, 8 s" in rejected[1].reason
    assert rejected[1].start_s == pytest.approx(14.0, abs=0.3)


def test_missing_signal_inside_a_rep_makes_it_not_measurable() -> None:
    t = np.arange(0, 8, 1 / 30)
    signal = bump_signal(t, [(1.0, 2.0, 50.0), (4.0, 2.0, 50.0)])
    signal[(t > 4.3) & (t < 4.9)] = np.nan
    seg = segment_reps(t, signal)
    assert seg.count == 2
    assert seg.reps[0].measurable
    assert not seg.reps[1].measurable
    assert "missing" in (seg.reps[1].reason or "")


def test_partial_reps_at_both_ends_are_flagged_not_counted() -> None:
    t = np.arange(0, 9, 1 / 30)
    signal = bump_signal(t, [(-1.2, 2.0, 50.0), (2.0, 2.0, 50.0), (7.5, 2.0, 50.0)])
    seg = segment_reps(t, signal)
    assert len(seg.reps) == 3
    assert seg.count == 1
    first, middle, last = seg.reps
    assert first.partial
    assert not first.measurable
    assert "starts" in (first.reason or "")
    assert last.partial
    assert not last.measurable
    assert "ends" in (last.reason or "")
    assert middle.bottom_s == pytest.approx(3.0, abs=0.05)


def test_bad_input_is_refused() -> None:
    with pytest.raises(AnalysisError, match="equal length"):
        segment_reps(np.arange(5.0), np.arange(4.0))
    with pytest.raises(AnalysisError, match="increasing"):
        segment_reps(np.array([0.0, 0.0, 1.0]), np.zeros(3))
    assert segment_reps(np.arange(3.0), np.full(3, np.nan)).reps == ()


@pytest.mark.parametrize("seed", [0, 1, 2])
@pytest.mark.parametrize("stance", ["left", "right"])
def test_side_view_single_leg_squats_counted_exactly(seed: int, stance: LegSide) -> None:
    depths = [45.0, 70.0, 55.0, 90.0, 60.0]
    series = single_leg_squat_series(
        n_reps=5, stance_sides=stance, view="side", depth_deg=depths, corruption=NOISY, seed=seed
    )
    pose, _ = flt.clean_pose(series.pose)
    seg = segment_reps(pose.timestamps_s, knee_flexion(pose, stance), RepParams(min_range=15.0))
    assert_matches_truth(seg.reps, series, bottom_tol_s=0.15)


@pytest.mark.parametrize("view", ["front", "back"])
def test_front_and_back_view_squats_counted_from_hip_height(view: FrontalView) -> None:
    series = single_leg_squat_series(
        n_reps=6,
        view=view,
        depth_deg=[50, 60, 70, 55, 65, 75],
        corruption=NOISY,
        seed=9,
    )
    pose, _ = flt.clean_pose(series.pose)
    seg = segment_reps(pose.timestamps_s, hip_height(pose), RepParams(direction="trough"))
    assert_matches_truth(seg.reps, series, bottom_tol_s=0.2)


def test_squats_with_pauses_at_the_bottom() -> None:
    series = single_leg_squat_series(
        n_reps=4, view="side", pause_s=2.0, rest_s=1.5, corruption=NOISY, seed=3
    )
    pose, _ = flt.clean_pose(series.pose)
    seg = segment_reps(pose.timestamps_s, knee_flexion(pose))
    assert_matches_truth(seg.reps, series, bottom_tol_s=0.4)


def test_clip_starting_mid_rep_gives_a_flagged_partial_rep() -> None:
    series = single_leg_squat_series(
        n_reps=4, view="side", lead_in_s=1.0, start_offset_s=1.6, corruption=NOISY, seed=5
    )
    assert series.reps[0].partial  # the generator cut into the first rep
    pose, _ = flt.clean_pose(series.pose)
    seg = segment_reps(pose.timestamps_s, knee_flexion(pose))
    assert len(seg.reps) == 4
    assert seg.count == 3
    assert seg.reps[0].partial
    assert not seg.reps[0].measurable
    assert_matches_truth(seg.complete_reps, _complete_only(series), bottom_tol_s=0.15)


def _complete_only(series: SyntheticSeries) -> SyntheticSeries:
    return SyntheticSeries(
        series.pose, series.truth, tuple(r for r in series.reps if not r.partial), series.view
    )


def test_stance_side_of_each_rep_when_the_clip_changes_sides() -> None:
    sides: list[LegSide] = ["left", "left", "right", "right"]
    series = single_leg_squat_series(
        n_reps=4, stance_sides=sides, view="front", rest_s=1.5, corruption=NOISY, seed=2
    )
    pose, _ = flt.clean_pose(series.pose)
    lh, rh = pose.point("left_hip"), pose.point("right_hip")
    lowest_ankle = np.where(
        pose.point("left_ankle")[:, 1] > pose.point("right_ankle")[:, 1],
        pose.point("left_ankle").T,
        pose.point("right_ankle").T,
    ).T
    depth = ang.height_ratio(ang.midpoint(lh, rh), lowest_ankle, lh, rh)
    seg = segment_reps(pose.timestamps_s, depth, RepParams(direction="trough"))
    labelled = label_stance_sides(
        seg.reps, pose.timestamps_s, pose.point("left_ankle")[:, 1], pose.point("right_ankle")[:, 1]
    )
    assert [r.side for r in labelled] == sides


@pytest.mark.parametrize("view", ["front", "back"])
@pytest.mark.parametrize("stance", ["left", "right"])
def test_hip_hitch_reps_from_pelvic_drop(view: FrontalView, stance: LegSide) -> None:
    """Synthetic hip hitches (no real clip exists): reps are peaks of contralateral drop."""
    series = hip_hitch_series(
        n_reps=7, stance_side=stance, view=view, drop_deg=[6, 8, 10, 7, 9, 8, 6],
        corruption=NOISY, seed=4,
    )  # fmt: skip
    pose, _ = flt.clean_pose(series.pose)
    drop = ang.pelvic_drop(
        pose.point("left_hip"),
        pose.point("right_hip"),
        stance_side=stance,
        view=view,
    )
    seg = segment_reps(pose.timestamps_s, drop, RepParams(min_range=5.0), side=stance)
    assert_matches_truth(seg.reps, series, bottom_tol_s=0.2)
    assert {r.side for r in seg.reps} == {stance}


def test_hip_hitch_with_no_movement_has_no_reps() -> None:
    """Synthetic: standing hitched on the step with only pixel noise. 1.5 px of noise on a 52 px
    hip width spans about 3-4 degrees of apparent pelvic tilt, so min_range is 5 degrees (a
    real hip hitch moves the pelvis 10 degrees or more)."""
    series = hip_hitch_series(n_reps=0, corruption=NOISY, seed=1, lead_in_s=10.0)
    pose, _ = flt.clean_pose(series.pose)
    drop = ang.pelvic_drop(
        pose.point("left_hip"), pose.point("right_hip"), stance_side="left", view="front"
    )
    late = pose.timestamps_s > 7.0  # after the initial hitch
    seg = segment_reps(pose.timestamps_s[late], drop[late], RepParams(min_range=5.0))
    assert seg.reps == ()


@pytest.mark.parametrize("view", ["front", "back"])
def test_band_walk_steps_counted_per_direction(view: FrontalView) -> None:
    """Synthetic lateral band walk (no real clip exists): steps are peaks of ankle separation,
    and each step's direction comes from the pelvis's sideways travel."""
    left, right = LEFT_RIGHT
    directions = [left] * 6 + [right] * 4 + [left] * 2
    series = band_walk_series(directions=directions, view=view, corruption=NOISY, seed=6)
    pose, _ = flt.clean_pose(series.pose)
    lh, rh = pose.point("left_hip"), pose.point("right_hip")
    separation = ang.distance_ratio(pose.point("left_ankle"), pose.point("right_ankle"), lh, rh)
    seg = segment_reps(pose.timestamps_s, separation, RepParams(min_duration_s=0.3))
    hip_width = np.nanmedian(np.linalg.norm(lh - rh, axis=1))
    lateral = ang.midpoint(lh, rh)[:, 0] / hip_width
    steps = label_step_directions(
        seg.reps,
        pose.timestamps_s,
        lateral,
        view=view,
        min_shift=0.2,
    )
    assert [s.side for s in steps] == directions
    assert sum(s.side == "left" for s in steps) == 8
    for got, true in zip(steps, series.reps, strict=True):
        assert true.start_s - 0.1 <= got.bottom_s <= true.end_s + 0.1


def test_step_directions_need_travel() -> None:
    t = np.arange(0, 6, 1 / 30)
    seg = segment_reps(t, bump_signal(t, [(1.0, 1.0, 1.0), (3.0, 1.0, 1.0)]))
    still = label_step_directions(seg.reps, t, np.zeros_like(t), view="front", min_shift=0.1)
    assert all(s.side == "both" and not s.measurable for s in still)
    with pytest.raises(AnalysisError, match="front or back"):
        label_step_directions(seg.reps, t, np.zeros_like(t), view="side", min_shift=0.1)


def test_touch_and_go_reps_are_split_at_the_valleys_and_flagged() -> None:
    """Five reps that come back only 40% of the way between them (after a rest): five reps,
    each split at the lowest point between peaks and flagged, none merged."""
    t = np.arange(0, 14, 1 / 30)
    inside = (t >= 2.0) & (t <= 12.0)
    wave = 0.7 - 0.3 * np.cos(2 * np.pi * (t - 2.0) / 2.0)
    ramp = np.clip(np.minimum((t - 2.0) / 0.4, (12.0 - t) / 0.4), 0.0, 1.0)
    signal = np.where(inside, 50.0 * wave * ramp, 0.0)
    seg = segment_reps(t, signal, RepParams(min_range=5.0))
    assert seg.count == 5
    assert [r.bottom_s for r in seg.reps] == pytest.approx([3, 5, 7, 9, 11], abs=0.1)
    assert all(TOUCH_AND_GO in r.flags for r in seg.reps)
    assert [r.end_s for r in seg.reps[:-1]] == [r.start_s for r in seg.reps[1:]]
    whole = RepParams(min_range=5.0, max_duration_s=12.0, split_prominence=1.0)
    single = segment_reps(t, signal, whole)
    assert single.count == 1  # splitting off: the old behaviour, one merged rep


def test_tremor_in_a_hold_and_a_paused_rebound_split_nothing() -> None:
    """A 6 s hold at the top with a 4 Hz tremor of 5% of the range, and a slow rep that pauses
    half-way down and rebounds by 10%: one rep each."""
    t = np.arange(0, 20, 1 / 30)
    hold = bump_signal(t, [(1.0, 2.0, 40.0)], hold_s=6.0)
    hold += np.where((t > 2.2) & (t < 7.8), 2.0 * np.sin(2 * np.pi * 4.0 * t), 0.0)
    paused = np.interp(t, [11, 13, 13.6, 14.2, 16, 18], [0, 20, 24, 20, 40, 0])
    seg = segment_reps(t, hold + paused, RepParams(min_range=5.0, max_duration_s=12.0))
    assert seg.count == 2
    assert not any(r.flags for r in seg.reps)


def test_a_run_cut_by_the_clip_start_splits_into_a_partial_rep_and_whole_ones() -> None:
    """The clip starts inside a touch-and-go set: the first, cut rep is partial; the rest count."""
    t = np.arange(0, 9, 1 / 30)
    wave = 0.65 + 0.35 * np.cos(2 * np.pi * (t - 0.3) / 2.0)
    ramp = np.clip((8.0 - t) / 0.5, 0.0, 1.0)
    seg = segment_reps(t, 40.0 * wave * ramp, RepParams(min_range=5.0))
    assert seg.reps[0].partial
    assert seg.count == 3
    assert all(r.confidence < 1.0 for r in seg.reps)
