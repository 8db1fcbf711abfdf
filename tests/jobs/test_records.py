"""Job keys, the result store and label agreement, on synthetic results (no video)."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest

from glutecoach.analysis import ANALYSIS_VERSION
from glutecoach.analysis.pipeline import analyze
from glutecoach.analysis.synthetic import single_leg_squat_series
from glutecoach.domain.analysis import AnalysisResult
from glutecoach.errors import InputError
from glutecoach.jobs.batch import BatchSettings, plan_batch
from glutecoach.jobs.clip import ClipJob, ClipRecord, failed_record, job_key, params_hash
from glutecoach.jobs.sources import read_source
from glutecoach.jobs.store import ResultStore
from glutecoach.jobs.tables import label_agrees
from glutecoach.library.catalogue import Library


def test_key_changes_with_clip_exercise_and_parameters() -> None:
    base = params_hash({"params": {"cutoff_hz": 6}, "side": None})
    assert base == params_hash({"side": None, "params": {"cutoff_hz": 6}})  # order-free
    assert base != params_hash({"params": {"cutoff_hz": 4}, "side": None})
    key = job_key("a" * 64, "clam", base)
    assert len(key) == 32
    assert key == job_key("a" * 64, "clam", base)
    assert len({key, job_key("b" * 64, "clam", base), job_key("a" * 64, "squat", base)}) == 3


@pytest.fixture(scope="module")
def squats(library: Library) -> AnalysisResult:
    series = single_leg_squat_series(n_reps=3, trunk_lean_deg=25.0, seed=1)
    return analyze(series.pose, library.get("single-leg-squat"))


def test_store_round_trip_and_unreadable_result(tmp_path: Path, squats: AnalysisResult) -> None:
    store = ResultStore(tmp_path / "out")
    job = ClipJob("k1", "/clips/a.mp4", "single-leg-squat", "f" * 64, "p" * 16)
    record = ClipRecord(
        key="k1",
        status="ok",
        clip_sha256=job.clip_sha256,
        exercise=job.exercise,
        params_hash=job.params_hash,
        analysis_version=ANALYSIS_VERSION,
        glutecoach_version="0.1.0",
        pose_model="mediapipe-blazepose-full",
        pose_model_version="0.10.21",
        result=squats.to_json_dict(),
    )
    store.put(record)
    assert store.get("k1") == record
    analysis = store.get("k1").analysis()  # type: ignore[union-attr]
    assert analysis is not None
    assert analysis.rep_count == squats.rep_count
    assert list(store.results_dir.iterdir()) == [store.results_dir / "k1.json"]  # no leftovers
    (store.results_dir / "k2.json").write_text("{half a record")
    assert store.get("k2") is None  # runs again rather than stopping the batch
    failed = failed_record(job, "cannot decode")
    assert (failed.status, failed.failure, failed.result) == ("failed", "cannot decode", None)
    assert failed.pose_model == "mediapipe-blazepose-full"


def test_label_agreement(squats: AnalysisResult, library: Library) -> None:
    found = {f.mistake_id for f in squats.faults}
    assert squats.rep_count == 3
    assert "single-leg-squat.trunk-lean" in found
    assert label_agrees(None, squats) is None
    assert label_agrees("3", squats) is True
    assert label_agrees("2", squats) is False
    assert label_agrees("single-leg-squat.trunk-lean", squats) is True
    assert label_agrees("good", squats) is False
    assert label_agrees("single-leg-squat.knee-valgus", squats) is False
    clean = single_leg_squat_series(n_reps=3, fppa_deg=2, pelvic_drop_deg=1, trunk_lean_deg=1)
    good = analyze(clean.pose, library.get("single-leg-squat"))
    assert not good.faults
    assert label_agrees("good", good) is True


def test_one_batch_at_a_time_per_folder(tmp_path: Path) -> None:
    first, second = ResultStore(tmp_path / "out"), ResultStore(tmp_path / "out")
    held = f"process {os.getpid()} on .* is running in"
    with first.exclusive(), pytest.raises(InputError, match=held), second.exclusive():
        pass  # pragma: no cover - never reached
    with second.exclusive():  # free again once the first batch is done
        assert (second.state_dir / "lock").is_file()


def test_parameters_that_do_not_apply_stop_the_plan(tmp_path: Path, library: Library) -> None:
    clip = tmp_path / "a.mp4"
    clip.write_bytes(b"hashed, never decoded")
    source = read_source(tmp_path, library, "clam")
    store = ResultStore(tmp_path / "out")
    with pytest.raises(InputError, match="no_such_knob"):
        plan_batch(source, library, store, BatchSettings(params={"no_such_knob": 1}))
    plan = plan_batch(source, library, store, BatchSettings(params={"signal": {"cutoff_hz": 4}}))
    (planned,) = plan.clips
    assert planned.job.clip_sha256 == hashlib.sha256(clip.read_bytes()).hexdigest()
    (default,) = plan_batch(source, library, store, BatchSettings()).clips
    assert planned.job.params_hash != default.job.params_hash
