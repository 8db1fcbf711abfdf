"""Regenerate the committed keypoint fixtures of the output audit (synthetic, deterministic).

    .venv/bin/python -m tests.evidence.make_fixtures

Each file is a keypoint CSV as ``glutecoach check/gait --keypoints`` reads it, made from the
synthetic pose generators, so the audit runs without the shared clips.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from glutecoach.analysis.synthetic import single_leg_squat_series
from glutecoach.domain.pose import PoseSequence
from glutecoach.vision.backends import PoseEstimate
from glutecoach.vision.keypoint_file import write_keypoints
from tests.analysis.test_gait import rear_running_series

HERE = Path(__file__).resolve().parent / "fixtures"


def _write(name: str, pose: PoseSequence) -> Path:
    detected = np.ones(pose.n_frames, dtype=bool)
    return write_keypoints(HERE / name, PoseEstimate(pose, detected))


def main() -> None:
    sides = ["left", "left", "left", "right", "right", "right"]
    squat = single_leg_squat_series(
        n_reps=6,
        stance_sides=sides,  # type: ignore[arg-type]
        fppa_deg=[8.0, 9.0, 10.0, 16.0, 18.0, 23.0],
        pelvic_drop_deg=[3.0, 3.5, 3.0, 6.0, 7.0, 6.5],
        fps=12.0,
    )
    _write("single-leg-squat-front.csv", squat.pose)
    _write("running-rear.csv", rear_running_series(duration_s=3.0, fps=30.0).pose)


if __name__ == "__main__":
    main()
