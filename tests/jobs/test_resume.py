"""A batch stopped by Ctrl-C keeps every finished result and a rerun does only the rest; an
unreadable clip is a failure recorded with its reason while the other clips run."""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from tests.jobs.conftest import (
    BRIDGE,
    STATE,
    run_batch_cli,
    short_clip_rows,
    start_batch_cli,
    stored_results,
    write_manifest,
)
from tests.vision.conftest import real_clip


def _wait_for_first_result(out: Path, timeout_s: float = 240) -> None:
    folder = out / STATE / "results"
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if folder.is_dir() and any(folder.glob("*.json")):
            return
        time.sleep(0.05)
    pytest.fail(f"no result appeared in {folder} within {timeout_s} s")


@pytest.mark.real_data
def test_interrupted_batch_keeps_results_and_rerun_does_the_rest(tmp_path: Path) -> None:
    rows = [*short_clip_rows(), *short_clip_rows(side="left")[1:]]  # three distinct jobs
    manifest = write_manifest(tmp_path / "manifest.csv", rows)
    out = tmp_path / "out"
    process = start_batch_cli(str(manifest), "--out", str(out), "--workers", "1")
    _wait_for_first_result(out)
    os.killpg(process.pid, signal.SIGINT)  # Ctrl-C in a terminal reaches the whole group
    _, stderr = process.communicate(timeout=120)
    assert process.returncode == 130, stderr
    assert "every finished result is kept" in stderr
    assert "Traceback" not in stderr
    first = stored_results(out)
    assert 1 <= len(first) < 3
    stamps = {p.name: p.stat().st_mtime_ns for p in (out / STATE / "results").iterdir()}
    clips = pq.read_table(out / "clips.parquet").to_pylist()
    assert sum(c["status"] == "ok" for c in clips) == len(first)
    assert {c["failure_reason"] for c in clips if c["status"] != "ok"} <= {
        "not run yet (the batch was interrupted)"
    }

    again = run_batch_cli(str(manifest), "--out", str(out), "--workers", "1")
    assert again.returncode == 0, again.stderr
    assert f"{len(first)} clip{'' if len(first) == 1 else 's'} already done" in again.stderr
    left = 3 - len(first)
    assert f"Checking {left} clip{'' if left == 1 else 's'}" in again.stderr
    final = stored_results(out)
    assert len(final) == 3
    assert {k: final[k] for k in first} == first  # nothing redone ...
    for name, stamp in stamps.items():  # ... not even rewritten
        assert (out / STATE / "results" / name).stat().st_mtime_ns == stamp
    clips = pq.read_table(out / "clips.parquet").to_pylist()
    assert [c["status"] for c in clips] == ["ok", "ok", "ok"]  # nothing missing


@pytest.mark.real_data
def test_unreadable_clip_is_recorded_as_failed_and_the_others_run(tmp_path: Path) -> None:
    good = real_clip(BRIDGE)
    folder = tmp_path / "clips"
    folder.mkdir()
    (folder / "bridge.mp4").symlink_to(good)
    (folder / "renamed-notes.mp4").write_text("these are notes, not a video\n")
    (folder / "cut-short.mp4").write_bytes(good.read_bytes()[:3000])
    out = tmp_path / "out"
    done = run_batch_cli(
        str(folder), "--exercise", "glute-bridge", "--out", str(out), "--workers", "1"
    )
    assert done.returncode == 6, done.stderr
    assert "2 of 3 clips failed" in done.stderr
    assert "Traceback" not in done.stderr + done.stdout
    clips = {Path(c["path"]).name: c for c in pq.read_table(out / "clips.parquet").to_pylist()}
    assert clips[good.name]["status"] == "ok"
    assert clips[good.name]["rep_count"] == 1
    for name in ("renamed-notes.mp4", "cut-short.mp4"):
        assert clips[name]["status"] == "failed"
        assert name in clips[name]["failure_reason"]
        assert clips[name]["clip_sha256"]  # a failed clip still carries its provenance
