"""Drawing cost of one annotated frame (skeleton, readouts, counter, a wrapping fault banner).

    .venv/bin/python benchmarks/bench_annotate_text.py branch
    PYTHONPATH=/path/to/other/checkout/src .venv/bin/python benchmarks/bench_annotate_text.py main

Prints ms per frame (best of 3 passes over 200 frames) at 480x360 and 1280x960, so two versions
can be compared in the same minutes on the same machine (see docs/benchmarks.md).
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import numpy as np

from glutecoach.domain.pose import Rep
from glutecoach.vision.annotate import Overlays, Readout, TimedLabel, annotate_frame
from glutecoach.vision.keypoint_file import read_keypoints

REPO = Path(__file__).resolve().parents[1]
KEYPOINTS = REPO / "tests" / "evidence" / "fixtures" / "single-leg-squat-front.csv"
FAULT = "Rep 1: Knee caving in. Keep the knee over the middle of the foot as you go down"


def main(label: str) -> None:
    pose = read_keypoints(KEYPOINTS).estimate.sequence
    t = pose.timestamps_s
    pose_w, pose_h = pose.image_size_px
    overlays = Overlays(
        readouts=(
            Readout("Knee inward angle", t, np.linspace(0, 20, t.size), keypoint="left_knee"),
            Readout("Pelvic drop", t, np.full(t.size, 3.0)),
            Readout("Trunk side lean", t, np.full(t.size, 2.0)),
        ),
        reps=(Rep(1, "left", t[0], t[t.size // 2], t[-1]),),
        faults=(TimedLabel(t[0], t[-1], FAULT),),
        title="Single-leg squat",
    )
    for width in (480, 1280):
        height = round(width * pose_h / pose_w)
        base = np.full((height, width, 3), 150, dtype=np.uint8)
        times = t[:200]
        passes = []
        for _ in range(3):
            start = time.perf_counter()
            for when in times:
                annotate_frame(base.copy(), float(when), pose, overlays, scale=width / pose_w)
            passes.append((time.perf_counter() - start) / len(times) * 1000)
        print(f"{label} {width}x{height} {min(passes):.2f} ms/frame")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "this")
