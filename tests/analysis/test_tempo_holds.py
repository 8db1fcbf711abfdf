"""A rep's tempo: the time at its extreme survives a slow sag, and a quick turn gains nothing."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from glutecoach.analysis.exercises import measures as ms
from glutecoach.analysis.params import MeasureParams
from glutecoach.domain.pose import Rep

RATE_HZ = 15.0


def _times(end_s: float) -> np.ndarray:
    return np.arange(0.0, end_s, 1.0 / RATE_HZ)


def test_a_hold_that_sags_slowly_lasts_until_the_lowering() -> None:
    """Lifted 0 -> 20 deg in 1 s, held 8 s while sagging to 16.5 deg (more than the 10 % band
    of the range), lowered in 1 s: the hold is the 8 s, not the part above 18 deg."""
    t = _times(12.0)
    lift = np.interp(t, [0.0, 1.0, 2.0, 10.0, 11.0, 12.0], [0.0, 0.0, 20.0, 16.5, 0.0, 0.0])
    rep = Rep(1, "left", start_s=1.0, bottom_s=2.0, end_s=11.0)
    raising, held, lowering = ms.tempo(t, lift, rep, MeasureParams())
    assert held == pytest.approx(8.0, abs=0.3)
    assert raising == pytest.approx(1.0, abs=0.3)
    assert lowering == pytest.approx(1.0, abs=0.3)
    _, only_band, _ = ms.tempo(t, lift, rep, MeasureParams(hold_drift_window_s=0.0))
    assert only_band < 5.0  # the band alone loses the sagging part


@pytest.mark.parametrize("period_s", [1.2, 2.0, 4.0])
def test_a_rep_without_a_pause_gains_at_most_one_sample(period_s: float) -> None:
    t = _times(period_s + 1.0)
    phase = np.clip((t - 0.5) / period_s, 0.0, 1.0)
    lift = 10.0 * (1.0 - np.cos(2.0 * np.pi * phase))
    rep = Rep(1, "left", start_s=0.5, bottom_s=0.5 + period_s / 2, end_s=0.5 + period_s)
    params = MeasureParams()
    _, held, _ = ms.tempo(t, lift, rep, params)
    _, band_only, _ = ms.tempo(t, lift, rep, dataclasses.replace(params, hold_drift_window_s=0))
    assert band_only <= held <= band_only + 2.0 / RATE_HZ + 1e-9
    assert held < 0.3 * period_s
