"""The bases of the rep-count corpus (``glutecoach.analysis.corpus``) and how to score it.

Real bases are OUR pose estimates of the shared clips: estimated at test time from
../shared/data when it is here (``bases_from_clips``), else read from the small fixtures in
tests/fixtures/corpus, made from the same estimates by scripts/corpus_fixtures.py
(``bases_from_fixtures``); their counts are the manifest's. Synthetic bases come from the
parametric skeleton (``analysis.synthetic``), whose true reps are the generator's schedule.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from glutecoach.analysis.corpus import CorpusBase, CorpusItem
from glutecoach.analysis.pipeline import analyze
from glutecoach.analysis.skeleton import BLAZEPOSE_33
from glutecoach.analysis.synthetic import (
    Corruption,
    band_walk_series,
    double_leg_squat_series,
    hip_hitch_series,
    single_leg_squat_series,
)
from glutecoach.analysis.synthetic_step_up import step_up_series
from glutecoach.domain.pose import PoseBackend, PoseSequence, Rep
from glutecoach.library.loader import load_library

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "corpus"
DATA = Path(__file__).resolve().parents[3] / "shared" / "data"
FIXTURE_BACKEND = PoseBackend("mediapipe-blazepose-full (our estimate, corpus fixture)", "0.10.21")
NOISY = Corruption(noise_px=1.0, dropout_fraction=0.02, spike_fraction=0.002, frame_jitter=0.2)


def _truth() -> Mapping[str, Any]:
    data: Mapping[str, Any] = json.loads((FIXTURES / "truth.json").read_text())
    return data


def _base(name: str, item: Mapping[str, Any], pose: PoseSequence) -> CorpusBase:
    reps = tuple(
        Rep(k + 1, side, start, bottom, end) for k, (side, start, bottom, end) in
        enumerate(item["reps"])
    )  # fmt: skip
    holds = tuple((float(a), float(b)) for a, b in item["hold_spans"])
    return CorpusBase(name, item["exercise"], pose, reps, holds)


def bases_from_fixtures() -> list[CorpusBase]:
    """The real bases from the committed fixtures (13 landmarks; the rest unseen)."""
    truth = _truth()
    names: list[str] = truth["landmarks"]
    bases = []
    for name, item in truth["items"].items():
        data = np.load(FIXTURES / f"{name}.npz")
        t = data["t"].astype(np.float64)
        points = np.full((t.size, len(BLAZEPOSE_33.names), 2), np.nan)
        vis = np.zeros((t.size, len(BLAZEPOSE_33.names)))
        idx = [BLAZEPOSE_33.names.index(n) for n in names]
        points[:, idx] = data["xy"]
        vis[:, idx] = data["vis"] / 100.0
        points[vis == 0] = np.nan
        size = (int(data["size"][0]), int(data["size"][1]))
        pose = PoseSequence(t, points, vis, BLAZEPOSE_33, size, FIXTURE_BACKEND)
        bases.append(_base(name, item, pose))
    return bases


def bases_from_clips(estimate: Any) -> list[CorpusBase]:
    """The real bases estimated now from the shared clips with ``estimate(path, exercise)``."""
    return [
        _base(name, item, estimate(DATA / item["clip"], item["exercise"]))
        for name, item in _truth()["items"].items()
    ]


def synthetic_bases() -> list[CorpusBase]:
    """Synthetic sets with pixel noise, dropouts and spikes; truth from the generator."""
    series = {
        "synthetic-sls": ("single-leg-squat", single_leg_squat_series(
            n_reps=5, stance_sides=["left", "left", "left", "right", "right"], rest_s=1.0,
            corruption=NOISY, seed=11)),
        "synthetic-squat": ("squat", double_leg_squat_series(n_reps=4, corruption=NOISY, seed=12)),
        "synthetic-hip-hitch": ("hip-hitch", hip_hitch_series(n_reps=5, corruption=NOISY, seed=13)),
        "synthetic-band-walk": ("lateral-band-walk", band_walk_series(corruption=NOISY, seed=14)),
        "synthetic-step-up": ("forward-step-up", step_up_series(
            n_reps=5, working_side="right", corruption=NOISY, seed=15)),
        "synthetic-lateral-step-up": ("lateral-step-up", step_up_series(
            n_reps=6, working_side="left", lateral=True, view="back", corruption=NOISY, seed=16)),
    }  # fmt: skip
    return [
        CorpusBase(name, exercise, s.pose, tuple(r for r in s.reps if not r.partial))
        for name, (exercise, s) in series.items()
    ]


@dataclass(frozen=True)
class Score:
    """How many items were counted exactly, off by one, and the misses."""

    total: int
    exact: int
    off_by_one: int
    misses: tuple[str, ...]

    def row(self) -> str:
        return (f"{self.exact}/{self.total} exact ({self.exact / self.total:.0%}), "
                f"{self.exact + self.off_by_one}/{self.total} within one "
                f"({(self.exact + self.off_by_one) / self.total:.0%})")  # fmt: skip


def score(items: list[CorpusItem], params: Mapping[str, Mapping[str, object]] | None = None,
          ) -> Score:  # fmt: skip
    """Analyse every item (``params``: overrides per exercise family) and compare counts."""
    library = load_library()
    exact = off = 0
    misses: list[str] = []
    for item in items:
        variation = library.get(item.exercise)
        family_overrides = None
        if params is not None:
            from glutecoach.analysis.exercises import analyzer_for

            family_overrides = params.get(analyzer_for(variation).family)
        result = analyze(item.pose, variation, family_overrides, view=item.view)
        found = result.rep_count if item.count else len(result.holds)
        wanted = item.count if item.count else item.holds
        if found == wanted:
            exact += 1
        else:
            off += abs(found - wanted) == 1
            misses.append(f"{item.name}: {found} for {wanted}")
    return Score(len(items), exact, off, tuple(misses))
