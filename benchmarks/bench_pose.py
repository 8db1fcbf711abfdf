"""Pose-estimation speed on a shared 720p clip: the bare MediaPipe loop against glutecoach's own.

    .venv/bin/python benchmarks/bench_pose.py [CLIP] [--write docs/benchmarks.md]

Variants, each over the whole clip:

1. bare loop: OpenCV decode + MediaPipe BlazePose full on every frame, one thread, no tracking.
2. glutecoach ``estimate_video`` on every frame (threaded decode, subject tracking, 1 and 2
   pose workers).
3. the same at 15 samples a second (the rate the slow exercises need; skipped frames are decoded
   but never converted or analysed).
4. writing the annotated MP4 (every frame, H.264) from the 15 Hz pose.

Prints frames per second (decoded frames / wall time), real-time factor (clip length / wall
time), how far the landmarks of the faster variants are from the every-frame ones at the same
frames, and peak memory. ``--write`` replaces the "Pose" section of that file.
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from glutecoach.vision import estimate_video, write_annotated_video
from glutecoach.vision._cv import cv2
from glutecoach.vision.pipeline import VideoPose

sys.path.insert(0, str(Path(__file__).resolve().parent))
from record import command_line, machine, write_section

REPO = Path(__file__).resolve().parents[1]
DEFAULT_CLIP = REPO.parent / "shared" / "data" / "tuxotiikeri__squatdetection/vids/hyva7.mp4"
LEGS = ("left_hip", "right_hip", "left_knee", "right_knee", "left_ankle", "right_ankle")


@dataclass
class Run:
    name: str
    decoded: int
    inferred: int
    seconds: float
    clip_s: float
    note: str = ""

    @property
    def fps(self) -> float:
        return self.decoded / self.seconds

    @property
    def realtime(self) -> float:
        return self.clip_s / self.seconds


def bare_loop(clip: Path, clip_s: float) -> Run:
    import mediapipe as mp

    pose = mp.solutions.pose.Pose(model_complexity=1, smooth_landmarks=False)
    capture = cv2.VideoCapture(str(clip))
    start = time.perf_counter()
    frames = 0
    while True:
        ok, image = capture.read()
        if not ok:
            break
        pose.process(cv2.cvtColor(image, cv2.COLOR_BGR2RGB))
        frames += 1
    seconds = time.perf_counter() - start
    capture.release()
    pose.close()
    return Run("bare MediaPipe loop, every frame", frames, frames, seconds, clip_s)


def ours(
    clip: Path, clip_s: float, target_fps: float | None, workers: int
) -> tuple[Run, VideoPose]:
    start = time.perf_counter()
    result = estimate_video(clip, "mediapipe", target_fps=target_fps, workers=workers)
    seconds = time.perf_counter() - start
    rate = "every frame" if target_fps is None else f"{target_fps:g} Hz"
    run = Run(
        f"glutecoach estimate_video, {rate}, {workers} worker(s)",
        result.decode.decoded_frames,
        result.sequence.n_frames,
        seconds,
        clip_s,
        f"person in {100 * result.estimate.detection_rate:.0f}% of samples",
    )
    return run, result


def landmark_gap(reference: VideoPose, other: VideoPose) -> str:
    """Median and 95th-percentile distance (px) of leg landmarks at frames both estimated."""
    ref_index = {int(i): k for k, i in enumerate(reference.estimate.frame_indices)}
    pairs = [(ref_index[int(i)], k) for k, i in enumerate(other.estimate.frame_indices)]
    legs = [reference.sequence.schema.index(n) for n in LEGS]
    a = reference.sequence.points_px[[p for p, _ in pairs]][:, legs]
    b = other.sequence.points_px[[q for _, q in pairs]][:, legs]
    gap = np.linalg.norm(a - b, axis=-1)
    median, p95 = np.nanmedian(gap), np.nanpercentile(gap, 95)
    return f"leg landmarks vs 1 worker every frame: median {median:.1f} px, p95 {p95:.1f} px"


def annotate(clip_s: float, pose: VideoPose) -> Run:
    with tempfile.TemporaryDirectory() as folder:
        start = time.perf_counter()
        written = write_annotated_video(pose.video, Path(folder) / "a.mp4", pose.sequence)
        seconds = time.perf_counter() - start
    return Run("annotated MP4 (decode + draw + H.264)", written.frames, 0, seconds, clip_s)


def table(runs: list[Run]) -> list[str]:
    lines = [
        "| variant | frames decoded | pose samples | wall s | fps | x real time | note |",
        "|---|---|---|---|---|---|---|",
    ]
    for r in runs:
        lines.append(
            f"| {r.name} | {r.decoded} | {r.inferred} | {r.seconds:.1f} | {r.fps:.1f} | "
            f"{r.realtime:.2f} | {r.note} |"
        )
    return lines


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("clip", nargs="?", type=Path, default=DEFAULT_CLIP)
    parser.add_argument("--repeat", type=int, default=1, help="keep the fastest of N runs")
    parser.add_argument("--write", type=Path, metavar="MARKDOWN", help="e.g. docs/benchmarks.md")
    args = parser.parse_args()
    clip: Path = args.clip
    if not clip.is_file():
        print(f"clip not found: {clip} (the shared data folder is needed)", file=sys.stderr)
        return 2
    probe = estimate_video(clip, "fake", target_fps=1)
    clip_s = probe.decoded_video.duration_s
    load = os.getloadavg()[0]
    n = max(1, args.repeat)

    def best(make: Callable[[], tuple[Run, VideoPose | None]]) -> tuple[Run, VideoPose | None]:
        tries = [make() for _ in range(n)]
        return min(tries, key=lambda pair: pair[0].seconds)

    runs = [best(lambda: (bare_loop(clip, clip_s), None))[0]]
    every: dict[int, VideoPose] = {}
    notes: list[str] = []
    for workers in (1, 2):
        run, pose = best(lambda w=workers: ours(clip, clip_s, None, w))
        assert pose is not None
        runs.append(run)
        every[workers] = pose
    notes.append(f"2 workers, every frame: {landmark_gap(every[1], every[2])}")
    sub: VideoPose | None = None
    for workers in (1, 2):
        run, sub = best(lambda w=workers: ours(clip, clip_s, 15.0, w))
        assert sub is not None
        runs.append(run)
        notes.append(f"15 Hz, {workers} worker(s): {landmark_gap(every[1], sub)}")
    assert sub is not None
    runs.append(best(lambda: (annotate(clip_s, sub), None))[0])
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    video = probe.video
    lines = [
        "Pose estimation on a 720p clip: the bare MediaPipe loop against glutecoach's "
        "`estimate_video` (threaded decode, subject tracking, pose workers, subsampling).",
        "",
        f"- command: `{command_line('benchmarks/bench_pose.py')}`",
        f"- fastest of {n} run(s) per row",
        f"- machine: {machine()}; load average {load:.1f} at start (other work on the machine "
        "slows every row)",
        f"- clip: {clip.name}, {video.width}x{video.height}, {video.fps:g} fps, "
        f"{probe.decode.decoded_frames} frames, {clip_s:.1f} s",
        "",
        *table(runs),
        "",
        *(f"- {note}" for note in notes),
        f"- peak memory of the whole benchmark process: {peak_mb:.0f} MB",
        f"- glutecoach at 15 Hz with 2 workers against the bare loop: "
        f"{runs[4].fps / runs[0].fps:.2f}x the frames per second",
    ]
    print("\n".join(lines))
    if args.write is not None:
        write_section(args.write, "## Pose", "## Pose\n\n" + "\n".join(lines) + "\n")
        print(f"\nwrote the Pose section of {args.write}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
