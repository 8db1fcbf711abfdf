"""A batch of keypoint files (issue: research formats in batch): manifest rows may name an
OpenPose folder or glutecoach's own keypoint JSON instead of a video; each is analysed on a Dask
worker exactly as ``check --keypoints`` analyses it, and bad keypoint cells are named per row."""

from __future__ import annotations

import json
from pathlib import Path

import pyarrow.parquet as pq

from glutecoach.library.catalogue import Library
from glutecoach.services.technique import CheckOptions, run_check
from glutecoach.vision.keypoint_maps import OPENPOSE_BODY_25
from tests.cli.support import invoke
from tests.jobs.conftest import run_batch_cli, write_manifest
from tests.vision.keypoint_writers import squatter, write_openpose

FPS = 15


def _inputs(folder: Path) -> tuple[Path, Path]:
    """An OpenPose folder of a person squatting, and the same check's own keypoints.json."""
    openpose = write_openpose(
        folder / "openpose", OPENPOSE_BODY_25, {i: [squatter(i / FPS)] for i in range(120)}
    )
    done = invoke("check", "-e", "single-leg-squat", "--keypoints", str(openpose), "--fps",
                   str(FPS), "--out", str(folder / "first"), "--no-video")  # fmt: skip
    assert done.returncode == 0, done.stderr
    return openpose, folder / "first" / "keypoints.json"


def test_batch_reads_keypoint_rows_like_check(tmp_path: Path, library: Library) -> None:
    openpose, own = _inputs(tmp_path)
    manifest = write_manifest(
        tmp_path / "manifest.csv",
        [
            {"path": openpose.name, "exercise": "single-leg-squat", "fps": FPS},
            {"path": "first/keypoints.json", "exercise": "single-leg-squat", "fps": ""},
            {"path": "first/keypoints.json", "exercise": "clam", "keypoint_format": "mocap"},
            {"path": openpose.name, "exercise": "squat", "fps": "-3"},
        ],
    )
    out = tmp_path / "out"
    done = run_batch_cli(str(manifest), "--out", str(out), "--workers", "1")
    assert done.returncode == 6, done.stderr  # two rows are refused, the others ran
    assert "Traceback" not in done.stdout + done.stderr
    assert "keypoint_format 'mocap' is not one of" in done.stderr
    assert "fps '-3' is not a positive number" in done.stderr
    # not at a terminal: progress lines on stderr instead of a bar (2 clips: a line each)
    assert "Checking clips: 50 % (1 of 2 clips, " in done.stderr
    assert "Checking clips: 100 % (2 of 2 clips, " in done.stderr
    clips = {r["row"]: r for r in pq.read_table(out / "clips.parquet").to_pylist()}
    ok = [clips[2], clips[3]]
    assert [c["status"] for c in ok] == ["ok", "ok"]
    for path, clip in ((openpose, clips[2]), (own, clips[3])):
        options = CheckOptions(keypoints=path, fps=FPS if path.is_dir() else None)
        single = run_check(library, None, "single-leg-squat", options).result
        assert single.rep_count > 0
        assert clip["rep_count"] == single.rep_count
        assert clip["good_form_reps"] == single.good_form_reps
    # A rerun knows each keypoint source by its content: nothing is redone.
    again = run_batch_cli(str(manifest), "--out", str(out), "--workers", "1")
    assert "2 clips already done" in again.stderr, again.stderr
    assert json.loads(own.read_text())["frames"]  # the inputs are left as they were
