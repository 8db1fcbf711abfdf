"""Issue 13: faults are ranked by how far past their threshold and noise floor they are, and a
fault within measurement noise is never the headline of a report or of the terminal summary."""

from __future__ import annotations

from dataclasses import replace

import pytest

from glutecoach.analysis.pipeline import analyze
from glutecoach.analysis.synthetic import single_leg_squat_series
from glutecoach.cli.check import render_result
from glutecoach.cli.output import console
from glutecoach.domain.analysis import FaultFinding
from glutecoach.library.loader import load_library
from glutecoach.reports.technique import technique_html
from glutecoach.reports.technique_text import excess_over_noise, fault_cards, rank_faults

LIBRARY = load_library()


def finding(
    name: str,
    measured: float,
    threshold: float,
    noise: float | None,
    *,
    kind: str = "between-day",
    comparison: str = "above",
    reps: tuple[int, ...] = (1,),
) -> FaultFinding:
    beyond = None if noise is None else abs(measured - threshold) > noise
    return FaultFinding(
        mistake_id=f"x.{name}",
        name=name,
        metric="knee_fppa_deg",
        measured_value=measured,
        threshold_value=threshold,
        comparison=comparison,  # type: ignore[arg-type]
        basis="literature",
        reference=None,
        noise_floor=noise,
        cue="cue",
        reps=reps,
        checked=6,
        beyond_noise_floor=beyond,
        noise_kind=kind if noise is not None else None,
    )


def test_excess_is_measured_in_noise_floors_past_threshold_and_noise() -> None:
    assert excess_over_noise(finding("a", 30.0, 13.5, 8.0)) == pytest.approx((16.5 - 8.0) / 8.0)
    assert excess_over_noise(finding("b", 6.0, 5.0, 2.8)) < 0  # within noise
    below = finding("c", 0.5, 0.8, 0.1, comparison="below")
    assert excess_over_noise(below) == pytest.approx((0.3 - 0.1) / 0.1)
    assert excess_over_noise(finding("d", 12.0, 10.0, None)) == pytest.approx(0.2)


def test_ranking_puts_the_surest_and_furthest_first_and_noise_last() -> None:
    within_but_many_reps = finding("noisy", 7.5, 5.0, 2.8, reps=(1, 2, 3, 4, 5))
    just_past = finding("just", 22.0, 13.5, 8.0)
    far_past = finding("far", 40.0, 13.5, 8.0)
    clear = finding("clear", 9.0, 5.0, 1.0, kind="within-session")
    unknown = finding("unknown", 50.0, 10.0, None)
    ranked = rank_faults([within_but_many_reps, just_past, unknown, far_past, clear])
    assert [f.name for f in ranked] == ["clear", "far", "just", "unknown", "noisy"]


def test_a_fault_within_noise_is_never_the_headline() -> None:
    """A synthetic squat set: the right knee caves past its noise floor on rep 4 only, the
    pelvis drops on reps 3 and 4 within noise. More reps show the drop, but the knee leads."""
    variation = LIBRARY.get("single-leg-squat")
    series = single_leg_squat_series(
        n_reps=4,
        stance_sides=["left", "left", "right", "right"],  # type: ignore[list-item]
        fppa_deg=[8.0, 8.0, 8.0, 23.0],
        pelvic_drop_deg=[3.0, 3.0, 6.5, 6.5],
        fps=30.0,
    )
    result = analyze(series.pose, variation)
    cards = fault_cards(result, variation, LIBRARY)
    assert [c.name for c in cards][:1] == ["Knee caving in"]
    assert cards[0].headline
    assert not cards[0].within_noise
    drop = next(c for c in cards if c.name.startswith("Pelvis dropping"))
    assert drop.within_noise
    assert not drop.headline
    # only the noisy fault left: no headline anywhere
    noisy_only = replace(result, faults=tuple(f for f in result.faults if f.name == drop.name))
    assert not any(c.headline for c in fault_cards(noisy_only, variation, LIBRARY))
    page = technique_html(noisy_only, variation, video_name="a.mp4", library=LIBRARY)
    assert "Work on this first" not in page
    assert "Within measurement noise: film again before acting on these" in page
    with console.capture() as captured:
        render_result(noisy_only, variation, LIBRARY)
    assert "Work on first" not in captured.get()
    with console.capture() as captured:
        render_result(result, variation, LIBRARY)
    assert "Work on first: Knee caving in." in captured.get()
