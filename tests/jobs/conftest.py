"""Fixtures for the batch tests: real short clips from ../shared/data, manifests written in a
temporary folder, and the batch command run as a user runs it."""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path

from tests.vision.conftest import HYVA3, real_clip

BRIDGE = "Goondoc08__to-be-frank/videos/glute-bridge.mp4"
# The two shortest real clips with a known count (glute-bridge: 1 rep; hyva3: 1 rep).
SHORT_CLIPS = ((BRIDGE, "glute-bridge"), (HYVA3, "single-leg-squat"))
STATE = ".glutecoach-batch"


def write_manifest(path: Path, rows: Sequence[Mapping[str, object]]) -> Path:
    header = list(dict.fromkeys(k for row in rows for k in row))
    with path.open("w", newline="", encoding="utf-8") as file:
        writer = csv.DictWriter(file, fieldnames=header)
        writer.writeheader()
        writer.writerows(rows)
    return path


def short_clip_rows(**extra: object) -> list[dict[str, object]]:
    """One manifest row per short real clip (skips the test when the data is absent)."""
    return [{"path": real_clip(c), "exercise": e, **extra} for c, e in SHORT_CLIPS]


def run_batch_cli(*args: str, timeout_s: float = 300) -> subprocess.CompletedProcess[str]:
    """The batch command on a wide console: its messages name temporary paths (longer in an
    xdist worker's folder), and 200 columns keep each on one line, as the tests read them."""
    return subprocess.run(
        [sys.executable, "-m", "glutecoach", "batch", *args],
        capture_output=True,
        text=True,
        env={**os.environ, "COLUMNS": "200"},
        timeout=timeout_s,
        check=False,
    )


def start_batch_cli(*args: str) -> subprocess.Popen[str]:
    """The batch in its own process group, as a terminal runs it (Ctrl-C reaches the group)."""
    return subprocess.Popen(
        [sys.executable, "-m", "glutecoach", "batch", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )


def stored_results(out: Path) -> dict[str, dict[str, object]]:
    """The batch's stored records by key."""
    folder = out / STATE / "results"
    return {p.stem: json.loads(p.read_text()) for p in sorted(folder.glob("*.json"))}
