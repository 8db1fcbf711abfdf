"""The signal chain: gating, short-gap filling, Hampel, zero-phase Butterworth, parameters."""

from __future__ import annotations

import numpy as np
import pytest

from glutecoach.analysis import filters as flt
from glutecoach.analysis.reps import RepParams
from glutecoach.analysis.synthetic import Corruption, single_leg_squat_series
from glutecoach.domain.overrides import apply_overrides
from glutecoach.domain.pose import FloatArray
from glutecoach.errors import InputError


def jittered_times(duration_s: float, fps: float, jitter: float, seed: int) -> FloatArray:
    rng = np.random.default_rng(seed)
    steps = (1.0 + rng.uniform(-jitter, jitter, int(duration_s * fps * 2))) / fps
    times = np.concatenate([[0.0], np.cumsum(steps)])
    return np.asarray(times[times <= duration_s], dtype=np.float64)


def test_gating_by_visibility() -> None:
    values = np.arange(12.0).reshape(3, 2, 2)
    vis = np.array([[0.9, 0.2], [0.5, 0.49], [0.0, 1.0]])
    out = flt.gate_by_visibility(values, vis, 0.5)
    np.testing.assert_array_equal(np.isnan(out).all(axis=2), [[0, 1], [0, 1], [1, 0]])
    np.testing.assert_array_equal(out[1, 0], values[1, 0])  # exactly at the threshold stays
    assert not np.isnan(values).any()  # input untouched


def test_fill_only_short_gaps_on_variable_timeline() -> None:
    t = jittered_times(3.0, 30, 0.3, 0)
    line = 2.0 * t + 1.0
    values = line.copy()
    values[10:12] = np.nan  # short gap
    values[40:60] = np.nan  # long gap (~0.7 s)
    values[:2] = np.nan  # leading gap: never extrapolated
    filled, mask = flt.fill_short_gaps(t, values, max_gap_s=0.25)
    np.testing.assert_allclose(filled[10:12], line[10:12], rtol=1e-12)
    np.testing.assert_array_equal(np.flatnonzero(mask), [10, 11])
    np.testing.assert_array_equal(np.flatnonzero(np.isnan(filled)), [0, 1, *range(40, 60)])


def test_gap_span_is_measured_in_seconds_not_frames() -> None:
    t = np.array([0.0, 0.1, 0.2, 0.5, 0.6])  # a 0.3 s hole with one sample in it
    values = np.array([0.0, 1.0, np.nan, 4.0, 5.0])
    kept, _ = flt.fill_short_gaps(t, values, max_gap_s=0.25)
    assert np.isnan(kept[2])
    filled, _ = flt.fill_short_gaps(t, values, max_gap_s=0.45)
    assert filled[2] == pytest.approx(1.0 + 3.0 * (0.1 / 0.4))


def test_hampel_removes_spike_and_keeps_clean_sine() -> None:
    t = jittered_times(4.0, 30, 0.2, 1)
    sine = 20.0 * np.sin(2 * np.pi * 0.5 * t)
    cleaned, outliers = flt.reject_outliers(t, sine, window_s=0.5, n_sigmas=3.0)
    assert not outliers.any()
    np.testing.assert_array_equal(cleaned, sine)
    spiked = sine.copy()
    spiked[50] += 25.0
    spiked[90] -= 40.0
    cleaned, outliers = flt.reject_outliers(t, spiked, window_s=0.5, n_sigmas=3.0)
    assert set(np.flatnonzero(outliers)) == {50, 90}
    assert np.isnan(cleaned[[50, 90]]).all()


def test_hampel_with_nan_and_constant_signal() -> None:
    t = np.arange(40) / 30.0
    values = np.full(40, 3.0)
    values[[5, 6]] = np.nan
    values[20] = 3.5
    cleaned, outliers = flt.reject_outliers(t, values, window_s=0.5, n_sigmas=3.0)
    assert np.flatnonzero(outliers).tolist() == [20]
    assert np.isnan(cleaned[[5, 6]]).all()


def test_hampel_keeps_a_movement_starting_at_the_end_of_the_clip() -> None:
    rng = np.random.default_rng(3)
    t = np.arange(60) / 30.0
    still = 400.0 + rng.normal(0.0, 0.5, 60)
    moving = still.copy()
    moving[-3:] -= [9.0, 17.0, 16.6]  # an ankle starting a quick step as the clip ends
    _, outliers = flt.reject_outliers(t, moving, window_s=0.5, n_sigmas=3.0)
    assert not outliers[-3:].any()
    reversed_clip = moving[::-1].copy()  # the same at the start of a clip
    _, outliers = flt.reject_outliers(t, reversed_clip, window_s=0.5, n_sigmas=3.0)
    assert not outliers[:3].any()
    spike = still.copy()
    spike[-1] += 30.0  # one frame jumping away: still an outlier
    _, outliers = flt.reject_outliers(t, spike, window_s=0.5, n_sigmas=3.0)
    assert outliers[-1]
    jumped = still.copy()
    jumped[-3:] += 40.0  # a landmark that jumped to another limb and stays: no growth
    _, outliers = flt.reject_outliers(t, jumped, window_s=0.5, n_sigmas=3.0)
    assert outliers[-3:].all()


def amplitude_at(t: FloatArray, x: FloatArray, freq_hz: float) -> float:
    """Least-squares amplitude of a sinusoid of ``freq_hz`` in an irregularly sampled ``x``."""
    basis = np.stack([np.sin(2 * np.pi * freq_hz * t), np.cos(2 * np.pi * freq_hz * t)], axis=1)
    coef, *_ = np.linalg.lstsq(basis, x, rcond=None)
    return float(np.hypot(*coef))


def test_butterworth_passes_1hz_and_attenuates_15hz_on_variable_rate() -> None:
    t = jittered_times(6.0, 60, 0.25, 2)
    slow = np.sin(2 * np.pi * 1.0 * t)
    fast = np.sin(2 * np.pi * 15.0 * t + 0.3)
    out, smoothed, short, notes = flt.lowpass(t, slow + fast, cutoff_hz=6.0, order=4)
    assert smoothed.all()
    assert not short.any()
    assert notes == ()
    inner = (t > 0.5) & (t < 5.5)  # away from the edges
    assert amplitude_at(t[inner], out[inner], 1.0) == pytest.approx(1.0, abs=0.02)
    assert amplitude_at(t[inner], out[inner], 15.0) < 0.05
    assert np.sqrt(np.mean((out[inner] - slow[inner]) ** 2)) < 0.05


def test_butterworth_is_zero_phase() -> None:
    t = np.arange(300) / 30.0
    slow = np.sin(2 * np.pi * 0.5 * t)
    out, *_ = flt.lowpass(t, slow, cutoff_hz=6.0)
    peak_in = np.argmax(slow[50:150]) + 50
    peak_out = np.argmax(out[50:150]) + 50
    assert peak_in == peak_out


def test_butterworth_filters_runs_separately_and_keeps_nan() -> None:
    t = np.arange(200) / 30.0
    rng = np.random.default_rng(3)
    values = np.sin(t) + rng.normal(0, 0.2, t.size)
    values[60:90] = np.nan  # long hole
    values[100:140] = np.nan  # leaves a 10-sample run at 90..99
    out, smoothed, short, notes = flt.lowpass(t, values, cutoff_hz=6.0)
    np.testing.assert_array_equal(np.isnan(out), np.isnan(values))
    np.testing.assert_array_equal(smoothed, np.isfinite(values) & ~short)
    np.testing.assert_array_equal(np.flatnonzero(short), np.arange(90, 100))
    np.testing.assert_array_equal(out[90:100], values[90:100])  # short run left as it was
    assert notes == ()  # short runs are flagged in the mask; the caller words them
    noise_before = np.std(values[:60] - np.sin(t[:60]))
    noise_after = np.std(out[:60] - np.sin(t[:60]))
    assert noise_after < 0.7 * noise_before


def test_cutoff_above_nyquist_is_reported_not_applied() -> None:
    t = np.arange(100) / 10.0
    values = np.sin(t)
    out, smoothed, _, notes = flt.lowpass(t, values, cutoff_hz=6.0)
    np.testing.assert_array_equal(out, values)
    assert not smoothed.any()
    assert "Nyquist" in notes[0]


def test_clean_pose_fills_short_dropouts_only() -> None:
    series = single_leg_squat_series(n_reps=2, seed=4)
    points = series.pose.points_px.copy()
    vis = series.pose.visibility.copy()
    lost = np.zeros(series.pose.n_frames, dtype=bool)
    lost[[20, 45, 46, 47]] = True  # one and three dropped frames (0.07 s, 0.13 s spans)
    lost[80:95] = True  # half a second without the person
    lost[-2:] = True  # the clip ends without the person
    points[lost], vis[lost] = np.nan, 0.0
    cleaned, report = flt.clean_pose(series.pose.with_points(points, vis))
    short = np.zeros_like(lost)
    short[[20, 45, 46, 47]] = True
    np.testing.assert_array_equal(report.filled[:, 23, 0], short)
    missing = np.isnan(cleaned.points_px).any(axis=2)
    np.testing.assert_array_equal(missing[:, 23], lost & ~short)
    assert (cleaned.visibility[missing] == 0).all()
    error = np.abs(cleaned.points_px[short] - series.pose.points_px[short])
    assert np.max(error) < 1.0  # bridged close to the true path


def test_clean_pose_rejects_spikes() -> None:
    clean = single_leg_squat_series(n_reps=2, seed=5)
    spiky = single_leg_squat_series(
        n_reps=2, corruption=Corruption(noise_px=0.5, spike_fraction=0.01, spike_px=40), seed=5
    )
    jump = np.linalg.norm(spiky.pose.points_px - clean.pose.points_px, axis=2) > 20
    assert jump.sum() > 20
    cleaned, report = flt.clean_pose(spiky.pose)
    caught = report.outliers.any(axis=2)[jump]
    assert caught.mean() > 0.95
    error = np.linalg.norm(cleaned.points_px - clean.pose.points_px, axis=2)
    assert np.nanmax(error) < 5.0


def test_hidden_face_is_gated_away() -> None:
    back = single_leg_squat_series(n_reps=1, view="back")  # faces get visibility 0.3
    cleaned_back, report = flt.clean_pose(back.pose)
    assert np.isnan(cleaned_back.point("nose")).all()
    assert report.gated[:, 0].all()
    assert not np.isnan(cleaned_back.point("left_knee")).any()


def test_overrides_overrides_without_mutating_defaults() -> None:
    defaults = flt.SignalParams()
    merged = apply_overrides(defaults, {"cutoff_hz": 4, "max_gap_s": 0.1})
    assert merged.cutoff_hz == 4.0
    assert isinstance(merged.cutoff_hz, float)
    assert merged.max_gap_s == 0.1
    assert merged.hampel_window_s == defaults.hampel_window_s
    assert defaults.cutoff_hz == 6.0
    reps = apply_overrides(RepParams(), {"direction": "trough", "min_duration_s": 1.0})
    assert reps.direction == "trough"
    assert reps.min_duration_s == 1.0


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        (
            {"cutof_hz": 5.0},
            "unknown parameter cutof_hz .did you mean cutoff_hz",
        ),
        ({"cutoff_hz": "fast"}, "cutoff_hz must be a number"),
        ({"filter_order": 2.5}, "filter_order must be a whole number"),
        ({"filter_order": True}, "filter_order must be a whole number"),
        ({"min_visibility": 1.5}, "min_visibility must be within 0..1"),
        ({"cutoff_hz": float("nan")}, "finite"),
    ],
)
def test_overrides_rejects_bad_overrides(overrides: dict[str, object], message: str) -> None:
    with pytest.raises(InputError, match=message):
        apply_overrides(flt.SignalParams(), overrides)


def test_rep_params_validation_through_merge() -> None:
    with pytest.raises(InputError, match="exit_fraction < enter_fraction"):
        apply_overrides(RepParams(), {"exit_fraction": 0.7})
    with pytest.raises(InputError, match="direction"):
        apply_overrides(RepParams(), {"direction": "sideways"})
