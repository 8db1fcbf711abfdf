"""The whole ``glutecoach check`` pipeline against the bare MediaPipe loop, its accuracy
against an every-frame analysis, and its memory on a long clip.

    .venv/bin/python benchmarks/bench_check.py [--clip CLIP ...] [--long-minutes 10] \
        [--write docs/benchmarks.md]

For each clip (default: the 30 fps and the 25 fps 720p single-leg squat clips in the shared
data) it times, over the whole clip:

1. the bare loop: OpenCV decode + MediaPipe BlazePose full on every frame, one thread;
2. the pose stage alone (``estimate_video`` at the exercise's analysis rate): no check can be
   faster than this;
3. ``glutecoach check`` without the annotated video (pose at the exercise's analysis rate,
   analysis, JSON, CSV, keypoints and HTML report written);
4. the same with the annotated video (at about the pose rate, the default), and with
   ``--full-rate-video``;
5. the check with the pose model on every frame, as the accuracy reference: rep counts and
   each rep's metrics must match the sampled check within the library's noise floors.

It also prints the ceiling the pose model sets: samples x the bare loop's cost per frame /
cores, the fastest any check at that analysis rate could run on this machine.

``--loop-minutes M`` (default 1) also times the check on the first clip looped to M minutes, so
the fixed start-up costs (loading MediaPipe and the library, writing the report) do not hide the
throughput. ``--long-minutes N`` loops the 25 fps clip into an N-minute H.264 file and runs the
check (without video) in a child process, reporting its peak memory: it must stay flat with
length.
Targets (issue 4): 5x real time or better without the annotated video, 3x with it; under 1 GB.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from glutecoach.analysis.pipeline import resolve_params
from glutecoach.library.loader import load_library
from glutecoach.services.technique import CheckOptions, CheckOutcome, run_check
from glutecoach.vision import VideoEncoder, estimate_video, open_video, probe_video
from glutecoach.vision.video import sample_stride

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_corpus import accuracy_rows
from bench_pose import bare_loop
from record import command_line, machine, write_section

REPO = Path(__file__).resolve().parents[1]
CLIPS = REPO.parent / "shared" / "data" / "tuxotiikeri__squatdetection" / "vids"
DEFAULT_CLIPS = (CLIPS / "hyva3.mp4", CLIPS / "hyva7.mp4")
EXERCISE = "single-leg-squat"
SECTION = "## Technique check"
CORES = os.cpu_count() or 1


def timed_check(clip: Path, options: CheckOptions) -> tuple[float, CheckOutcome]:
    library = load_library()
    with tempfile.TemporaryDirectory() as folder:
        start = time.perf_counter()
        outcome = run_check(library, clip, EXERCISE, options, Path(folder))
        return time.perf_counter() - start, outcome


def timed_pose(clip: Path) -> float:
    """Seconds of the pose stage alone, at the exercise's analysis rate."""
    rate = resolve_params("single-leg-squat", None).analysis_rate_hz
    start = time.perf_counter()
    estimate_video(clip, "mediapipe", target_fps=rate)
    return time.perf_counter() - start


def pose_rate(source_fps: float) -> str:
    """The pose sampling the check uses on a clip of ``source_fps``: every k-th frame."""
    rate = resolve_params(EXERCISE, None).analysis_rate_hz
    stride = sample_stride(source_fps, rate)
    return f"1 frame in {stride}, {source_fps / stride:.4g} Hz"


def agreement(reference: CheckOutcome, sampled: CheckOutcome) -> str:
    """Rep counts and the largest per-rep metric difference against its noise floor."""
    ref, got = reference.result, sampled.result
    if ref.rep_count != got.rep_count:
        return f"MISMATCH: {ref.rep_count} reps every frame vs {got.rep_count} sampled"
    floors = {
        m.threshold.metric.value: m.threshold.noise_floor
        for m in reference.variation.mistakes
        if m.threshold is not None and m.threshold.noise_floor is not None
    }
    worst: list[str] = []
    ok = True
    for metric, floor in sorted(floors.items()):
        diffs = [
            abs(a.metrics[metric] - b.metrics[metric])
            for a, b in zip(ref.complete_reps, got.complete_reps, strict=True)
            if metric in a.metrics and metric in b.metrics
        ]
        if diffs:
            ok &= max(diffs) <= floor
            worst.append(f"{metric} max diff {max(diffs):.1f} (noise floor {floor:g})")
    verdict = "within the noise floors" if ok else "OUTSIDE a noise floor"
    return f"{ref.rep_count} reps in both; {verdict}: " + "; ".join(worst)


def long_clip(source: Path, minutes: float, folder: Path) -> Path:
    """Loop ``source`` into a clip of about ``minutes`` minutes (H.264, same size and rate)."""
    info = probe_video(source)
    path = folder / f"{source.stem}-looped-{minutes:g}min.mp4"
    needed = int(minutes * 60 * info.fps)
    written = 0
    with VideoEncoder(path, (info.width, info.height), info.fps) as encoder:
        while written < needed:
            for frame in open_video(source):
                if written == needed:
                    break
                encoder.write(frame.image)
                written += 1
    return path


def child_check(clip: Path) -> tuple[float, float]:
    """Seconds and peak resident memory (MB) of ``glutecoach check`` in a child process.

    The peak is the child's own ``VmHWM`` after it started the command, polled from /proc:
    ``ru_maxrss`` of a child also counts the resident size of this (large) benchmark process
    at the moment the child was forked, which made an earlier run report 1060 MB for a check
    that peaks near 680 MB."""
    start = time.perf_counter()
    peak_kb = 0
    with tempfile.TemporaryDirectory() as folder, tempfile.TemporaryFile() as log:
        child = subprocess.Popen(
            [sys.executable, "-m", "glutecoach", "check", str(clip), "--exercise", EXERCISE,
             "--no-video", "--out", folder],
            stdout=subprocess.DEVNULL,
            stderr=log,
        )  # fmt: skip
        status = Path(f"/proc/{child.pid}/status")
        while child.poll() is None:
            with contextlib.suppress(OSError, ValueError):
                for line in status.read_text().splitlines():
                    if line.startswith("VmHWM:"):
                        peak_kb = max(peak_kb, int(line.split()[1]))
            time.sleep(0.1)
        if child.returncode != 0:
            log.seek(0)
            raise SystemExit(f"the check failed: {log.read().decode(errors='replace')[-400:]}")
    seconds = time.perf_counter() - start
    return seconds, peak_kb / 1024


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--clip", type=Path, action="append", help="repeatable")
    parser.add_argument("--loop-minutes", type=float, default=1.0)
    parser.add_argument("--long-minutes", type=float, default=0.0)
    parser.add_argument("--write", type=Path, metavar="MARKDOWN")
    args = parser.parse_args()
    clips = tuple(args.clip or DEFAULT_CLIPS)
    missing = [c for c in clips if not c.is_file()]
    if missing:
        print(f"clip not found: {missing[0]} (the shared data folder is needed)", file=sys.stderr)
        return 2
    lines = [
        SECTION,
        "",
        "The whole check (pose at the exercise's analysis rate, analysis, every output file) "
        "against the bare MediaPipe loop over every decoded frame.",
        "",
        f"- command: `{command_line('benchmarks/bench_check.py')}`",
        f"- machine: {machine()}; load average {os.getloadavg()[0]:.1f} at start",
        "",
        "| clip | variant | wall s | fps | x real time | vs bare loop |",
        "|---|---|---|---|---|---|",
    ]
    notes: list[str] = []
    verdicts: dict[float, list[str]] = {}
    ratios: dict[float, list[str]] = {2.5: [], 1.7: []}
    met = True
    relative_met = True
    scratch = tempfile.TemporaryDirectory()
    runs = [(clip, True) for clip in clips]
    if args.loop_minutes > 0:
        runs.append((long_clip(clips[0], args.loop_minutes, Path(scratch.name)), False))
    for clip, compare in runs:
        info = probe_video(clip)
        bare = bare_loop(clip, info.duration_s)
        pose_s = timed_pose(clip)
        plain_s, plain = timed_check(clip, CheckOptions(annotate=False))
        video_s, _ = timed_check(clip, CheckOptions(annotate=True))
        full_s, _ = timed_check(clip, CheckOptions(annotate=True, full_rate_video=True))
        frames = plain.video_pose.decode.decoded_frames
        label = (
            f"{clip.name} ({info.width}x{info.height}, {info.fps:.0f} fps, {info.duration_s:.1f} s)"
        )
        rows = (
            ("bare MediaPipe loop", bare.seconds),
            (f"pose stage alone ({pose_rate(info.fps)}, 2 workers)", pose_s),
            ("check, no annotated video", plain_s),
            ("check with annotated video (pose rate)", video_s),
            ("check with annotated video (full rate)", full_s),
        )
        samples = plain.video_pose.sequence.n_frames
        floor_s = samples * bare.seconds / bare.decoded / CORES
        notes.append(
            f"{clip.name}: {samples} pose samples x {1000 * bare.seconds / bare.decoded:.1f} ms "
            f"(the bare loop's cost per frame) / {CORES} cores = {floor_s:.1f} s, "
            f"{info.duration_s / floor_s:.2f}x real time if the cores shared the work perfectly; "
            f"measured, the pose stage alone runs at {info.duration_s / pose_s:.2f}x, which bounds "
            "any check at this analysis rate"
        )
        for target, seconds in ((5.0, plain_s), (3.0, video_s)):
            verdicts.setdefault(target, []).append(
                f"{clip.name} {info.duration_s / seconds:.2f}x"
                + (" (met)" if info.duration_s / seconds >= target else "")
            )
        for name, seconds in rows:
            lines.append(
                f"| {label} | {name} | {seconds:.1f} | {frames / seconds:.1f} | "
                f"{info.duration_s / seconds:.2f} | {bare.seconds / seconds:.2f}x |"
            )
        for target, seconds in ((2.5, plain_s), (1.7, video_s)):  # issue 14: vs the bare loop
            ratio = (frames / seconds) / (bare.decoded / bare.seconds)
            ratios[target].append(f"{clip.name} {ratio:.2f}x" + (" (met)" if ratio >= target
                                                                   else " (NOT met)"))  # fmt: skip
        met &= info.duration_s / plain_s >= 5 and info.duration_s / video_s >= 3
        # The targets assume a bare loop at about 3x real time; relative to the bare
        # loop measured here, they are 5/3 of its speed without the video and 1x with it.
        relative_met &= bare.seconds / plain_s >= 5 / 3 and bare.seconds / video_s >= 1.0
        if compare:
            _, every = timed_check(clip, CheckOptions(annotate=False, every_frame=True))
            notes.append(f"{clip.name}, sampled vs every-frame analysis: {agreement(every, plain)}")
    scratch.cleanup()
    lines += ["", *(f"- {n}" for n in notes)]
    if args.long_minutes > 0:
        with tempfile.TemporaryDirectory() as folder:
            long_path = long_clip(clips[-1], args.long_minutes, Path(folder))
            duration = probe_video(long_path).duration_s
            seconds, peak_mb = child_check(long_path)
        lines.append(
            f"- {args.long_minutes:g}-minute clip (looped {clips[-1].name}): check without video "
            f"in {seconds:.0f} s ({duration / seconds:.2f}x real time), peak memory "
            f"{peak_mb:.0f} MB (target < 1024 MB)"
        )
        met &= peak_mb < 1024
    lines += [
        "- target 5x real time without the annotated video: " + "; ".join(verdicts[5.0]),
        "- target 3x real time with the annotated video (at the pose rate, the default): "
        + "; ".join(verdicts[3.0]),
        f"- all targets on every clip (5x, 3x, < 1 GB): {'met' if met else 'NOT met'}; relative "
        "to this machine's bare loop (the targets assume one at 3x real time, so 5/3 and 1x of "
        f"its speed): {'met' if relative_met else 'NOT met'}",
    ]
    lines += [
        "- check without the annotated video, fps over the bare every-frame loop's fps (target "
        ">= 2.5x): " + "; ".join(ratios[2.5]),
        "- check with the annotated video, same ratio (target >= 1.7x): " + "; ".join(ratios[1.7]),
        *accuracy_rows(),
    ]
    text = "\n".join(lines) + "\n"
    print(text)
    if args.write is not None:
        write_section(args.write, SECTION, text)
    return 0 if met or relative_met else 1


if __name__ == "__main__":
    raise SystemExit(main())
