"""The annotated video's frame rate follows the pose rate in whole steps of the clip's frames."""

from __future__ import annotations

import pytest

from glutecoach.services.video_files import annotated_fps
from glutecoach.vision import estimate_video
from tests.videos import SyntheticVideo


@pytest.mark.parametrize(
    ("clip_fps", "pose_rate", "expected"),
    [
        (30, 12.5, 15.0),  # every 2nd frame
        (25, 12.5, 12.5),  # every 2nd frame
        (60, 12.5, 15.0),  # every 4th frame
        (24, 12.5, None),  # every frame: a stride of 2 would fall below 12.5 Hz
        (25, 15.0, None),  # the same for a 15 Hz minimum
        (30, None, None),  # every frame (gait): the clip's own rate
        (12, 12.5, None),  # pose rate above the clip's: nothing to drop
    ],
)
def test_annotated_rate(
    synthetic_video: SyntheticVideo,
    clip_fps: int,
    pose_rate: float | None,
    expected: float | None,
) -> None:
    clip = synthetic_video(frames=8, size=(64, 48), fps=clip_fps)
    video_pose = estimate_video(clip, "fake", target_fps=pose_rate)
    got = annotated_fps(video_pose)
    assert got == (pytest.approx(expected) if expected is not None else None)


def test_video_counter_counts_steps_for_a_band_walk_and_reps_otherwise() -> None:
    from glutecoach.analysis.pipeline import analyze
    from glutecoach.analysis.synthetic import band_walk_series, single_leg_squat_series
    from glutecoach.library.loader import load_library
    from glutecoach.services.technique import overlays_for

    library = load_library()
    walk = library.get("lateral-band-walk")
    squat = library.get("single-leg-squat")
    walked = analyze(band_walk_series(directions=("left", "right"), seed=2).pose, walk)
    squatted = analyze(single_leg_squat_series(n_reps=2, seed=3).pose, squat)
    assert overlays_for(walked, walk).counter == ("Steps", "step")
    assert overlays_for(squatted, squat).counter == ("Reps", "rep")
