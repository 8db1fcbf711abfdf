"""``glutecoach batch`` end to end on real clips with the real pose model on a local Dask
cluster: counts equal to single checks, the tables' schema and provenance, each clip's usual
outputs, bad manifest rows named while the others run, and exit code 6 for a partial batch."""

from __future__ import annotations

import csv
import subprocess
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from glutecoach import __version__
from glutecoach.analysis import ANALYSIS_VERSION
from glutecoach.library.catalogue import Library
from glutecoach.services.technique import CheckOptions, run_check
from glutecoach.vision.sniff import file_sha256
from tests.jobs.conftest import SHORT_CLIPS, run_batch_cli, short_clip_rows, write_manifest
from tests.vision.conftest import real_clip

PROVENANCE = (
    "glutecoach_version",
    "analysis_version",
    "pose_model",
    "pose_model_version",
    "params_hash",
    "clip_sha256",
)
IDENTITY = ("row", "path", "exercise", "subject", "session")

Batch = tuple[Path, subprocess.CompletedProcess[str]]


@pytest.fixture(scope="module")
def batch(tmp_path_factory: pytest.TempPathFactory) -> Batch:
    folder = tmp_path_factory.mktemp("batch")
    rows = [*short_clip_rows(subject="s1", label="1")]
    rows += [
        {"path": "gone.mp4", "exercise": "glute-bridge", "subject": "s2"},
        {"path": rows[0]["path"], "exercise": "no-such-exercise", "subject": "s3"},
    ]
    manifest = write_manifest(folder / "manifest.csv", rows)
    out = folder / "out"
    done = run_batch_cli(
        str(manifest), "--out", str(out), "--workers", "2", "--frames", "--reports"
    )
    return out, done


def _table(out: Path, name: str) -> pa.Table:
    return pq.read_table(out / f"{name}.parquet")


@pytest.mark.real_data
def test_partial_batch_exits_6_naming_each_bad_row(batch: Batch) -> None:
    _, done = batch
    assert done.returncode == 6, done.stderr
    assert "row 4: " in done.stderr
    assert "gone.mp4 does not exist" in done.stderr
    assert "row 5: " in done.stderr
    assert "no-such-exercise" in done.stderr
    assert "2 of 4 clips failed" in done.stderr
    assert "Traceback" not in done.stderr + done.stdout
    assert "4 clips: 2 ok" in done.stdout


@pytest.mark.real_data
def test_counts_equal_single_checks(batch: Batch, library: Library) -> None:
    """Counts, sides and faults equal to ``glutecoach check`` as users run it; every rep's
    times equal to the same check with one pose thread (what a batch uses: the default two
    threads each track every other frame, which moves a time by a frame or so)."""
    out, _ = batch
    clips = {(r["path"], r["exercise"]): r for r in _table(out, "clips").to_pylist()}
    reps = _table(out, "reps").to_pylist()
    for relative, exercise in SHORT_CLIPS:
        path = real_clip(relative)
        single = run_check(library, path, exercise, CheckOptions()).result
        row = clips[(str(path), exercise)]
        assert row["status"] == "ok"
        assert row["rep_count"] == single.rep_count
        assert row["good_form_reps"] == single.good_form_reps
        assert row["hold_count"] == len(single.holds)
        assert row["faults"] == ("; ".join(f.mistake_id for f in single.faults) or None)
        assert row["label_agrees"] is (single.rep_count == 1)
        same = run_check(library, path, exercise, CheckOptions(pose_threads=1)).result
        mine = [r for r in reps if r["path"] == str(path)]
        assert [(r["rep"], r["side"]) for r in mine] == [(r.index, r.side) for r in single.reps]
        for batch_rep, rep in zip(mine, same.reps, strict=True):
            assert (batch_rep["start_s"], batch_rep["bottom_s"], batch_rep["end_s"]) == (
                pytest.approx((rep.start_s, rep.bottom_s, rep.end_s), abs=1e-9)
            )
            for name, value in rep.metrics.items():
                assert batch_rep[name] == pytest.approx(value, abs=1e-9), name


@pytest.mark.real_data
def test_tables_schema_and_provenance_on_every_row(batch: Batch) -> None:
    out, _ = batch
    for name in ("clips", "reps", "holds", "frames"):
        table = _table(out, name)
        assert table.column_names[: len(IDENTITY)] == list(IDENTITY)
        assert set(PROVENANCE) <= set(table.column_names)
        assert table.schema.field("row").type == pa.int64()
        with (out / f"{name}.csv").open(newline="") as file:
            assert next(csv.reader(file)) == table.column_names
    clips = _table(out, "clips")
    assert clips.num_rows == 4
    assert clips.column("row").to_pylist() == [2, 3, 4, 5]
    for field, kind in (
        ("rep_count", pa.int64()),
        ("label_agrees", pa.bool_()),
        ("hold_s", pa.float64()),
        ("status", pa.string()),
        ("failure_reason", pa.string()),
    ):
        assert clips.schema.field(field).type == kind
    for row in clips.to_pylist():
        assert row["glutecoach_version"] == __version__
        assert row["analysis_version"] == ANALYSIS_VERSION
        assert row["pose_model"] == "mediapipe-blazepose-full"
        assert row["pose_model_version"] == "0.10.21"
        if row["status"] == "ok":
            assert row["clip_sha256"] == file_sha256(Path(row["path"]))
            assert len(row["params_hash"]) == 16
            assert row["attempts"] == 1
            assert row["worker_peak_rss_mb"] > 50
        else:
            assert row["failure_reason"].startswith(f"row {row['row']}: ")
    reps = _table(out, "reps")
    assert reps.num_rows >= 2
    assert reps.schema.field("trunk_lean_deg").type == pa.float64()  # a metric column
    for row in reps.to_pylist():
        assert all(row[name] for name in PROVENANCE)
    frames = _table(out, "frames")
    assert frames.schema.field("timestamp_s").type == pa.float64()
    times = [r["timestamp_s"] for r in frames.to_pylist() if r["exercise"] == "glute-bridge"]
    assert len(times) > 30
    assert times == sorted(times)


@pytest.mark.real_data
def test_reports_are_each_clips_usual_outputs(batch: Batch) -> None:
    out, _ = batch
    folders = sorted((out / "reports").iterdir())
    assert len(folders) == 2
    for folder in folders:
        for name in ("analysis.json", "frames.csv", "keypoints.json", "report.html"):
            assert (folder / name).stat().st_size > 0
        assert (folder / "annotated.mp4").stat().st_size > 1000
