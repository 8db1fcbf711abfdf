"""Build the committed keypoint fixtures of the rep-count corpus from the shared real clips.

    .venv/bin/python scripts/corpus_fixtures.py [--cache DIR]

For each clip below it runs OUR pose estimate (MediaPipe BlazePose as ``glutecoach check``
runs it, at the exercise's analysis rate; or reads a keypoint file ``DIR/<name>.json`` that
``check --out`` saved earlier), checks that the analysis finds the manifest's count, and writes
``tests/fixtures/corpus/<name>.npz`` (timestamps, the 13 landmarks the checks use rounded to
0.5 px, visibility in percent, the frame size) and the truth in ``truth.json`` (the manifest's
count and holds; each rep's start, extreme and end as our analysis of the unchanged series
found them, used only to place the corpus transforms). Only our own estimates are stored, never
the clips or the shared keypoint files (../shared/data/MANIFEST.md: do not redistribute).
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import numpy as np

from glutecoach.analysis.exercises import analyzer_for
from glutecoach.analysis.params import default_params
from glutecoach.analysis.pipeline import REQUIRED_KEYPOINTS, analyze
from glutecoach.library.loader import load_library
from glutecoach.vision import estimate_video, read_keypoints

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data"
OUT = ROOT / "tests" / "fixtures" / "corpus"
LANDMARKS = ("nose", *REQUIRED_KEYPOINTS)
# name: (clip, exercise id, manifest count, manifest holds)
CLIPS = {
    "hyva7": ("tuxotiikeri__squatdetection/vids/hyva7.mp4", "single-leg-squat", 4, 0),
    "hyva3": ("tuxotiikeri__squatdetection/vids/hyva3.mp4", "single-leg-squat", 1, 0),
    "clamshells": ("vincentbrouillard777-cmd__pwa-renforcement/public/videos/clamshells.mp4",
                   "clam", 5, 0),
    "sidelying": ("Acapapap__FrontEndProject/video/side-lying-hip-abduction.mp4",
                  "side-lying-hip-abduction", 1, 0),
    "bridge": ("Goondoc08__to-be-frank/videos/glute-bridge.mp4", "glute-bridge", 1, 0),
    "sideplank": ("vincentbrouillard777-cmd__pwa-renforcement/public/videos/side-plank.mp4",
                  "side-plank", 0, 1),
    "squat_13": ("calimiro-ai__WorkoutTracker/data/raw/squats/squat_13.mp4", "squat", 2, 0),
}  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cache", type=Path, help="folder of keypoint files <name>.json")
    args = parser.parse_args()
    library = load_library()
    truth: dict[str, object] = {}
    for name, (clip, exercise, count, holds) in CLIPS.items():
        variation = library.get(exercise)
        cached = args.cache / f"{name}.json" if args.cache else None
        if cached is not None and cached.is_file():
            pose = read_keypoints(cached).estimate.sequence
        else:
            rate = default_params(analyzer_for(variation).family).analysis_rate_hz
            pose = estimate_video(DATA / clip, "mediapipe", target_fps=rate).sequence
        result = analyze(pose, variation)
        if result.rep_count != count or len(result.holds) != holds:
            raise SystemExit(f"{name}: found {result.rep_count} reps and {len(result.holds)} "
                             f"holds, the manifest says {count} and {holds}")  # fmt: skip
        idx = [pose.schema.names.index(n) for n in LANDMARKS]
        np.savez_compressed(
            OUT / f"{name}.npz",
            t=np.round(pose.timestamps_s, 4).astype(np.float32),
            xy=(np.round(pose.points_px[:, idx] * 2) / 2).astype(np.float32),
            vis=np.round(pose.visibility[:, idx] * 100).astype(np.uint8),
            size=np.asarray(pose.image_size_px, dtype=np.int32),
        )
        truth[name] = {
            "clip": clip, "exercise": exercise, "count": count, "holds": holds,
            "reps": [[r.side, round(r.start_s, 3), round(r.bottom_s, 3), round(r.end_s, 3)]
                     for r in result.complete_reps],
            "hold_spans": [[round(h.start_s, 3), round(h.end_s, 3)] for h in result.holds],
        }  # fmt: skip
        print(name, count, holds)
    payload = {"landmarks": list(LANDMARKS), "items": truth}
    (OUT / "truth.json").write_text(json.dumps(payload, indent=1) + "\n")


if __name__ == "__main__":
    main()
