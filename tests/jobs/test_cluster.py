"""The engine on real worker processes: a worker killed mid-clip has its clip retried on
another worker; a separately started scheduler with two workers (loopback only) runs a batch;
an unreachable scheduler fails within seconds, naming its address, before anything starts."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from distributed import Client

from glutecoach.errors import InputError
from glutecoach.jobs.batch import BatchSettings, plan_batch
from glutecoach.jobs.engine import ClusterSpec, Engine
from glutecoach.jobs.sources import read_source
from glutecoach.jobs.store import ResultStore
from glutecoach.library.catalogue import Library
from tests.jobs.conftest import run_batch_cli, short_clip_rows, write_manifest


def _wait_for(folder: Path, timeout_s: float = 120) -> Path:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        found = sorted(folder.iterdir()) if folder.is_dir() else []
        if found:
            return found[0]
        time.sleep(0.02)
    pytest.fail(f"nothing appeared in {folder} within {timeout_s} s")


@pytest.mark.real_data
def test_worker_killed_mid_clip_is_retried_on_another_worker(
    tmp_path: Path, library: Library
) -> None:
    manifest = write_manifest(tmp_path / "m.csv", short_clip_rows()[1:])  # the longer clip
    store = ResultStore(tmp_path / "out")
    plan = plan_batch(read_source(manifest, library), library, store, BatchSettings())
    (job,) = plan.to_run.values()
    with Engine(ClusterSpec(workers=2)) as engine:
        submitted = engine.submit(job)
        marker = _wait_for(store.attempts_dir / job.key)  # the worker has started the clip
        victim = int(marker.name.rsplit("-", 1)[1])
        os.kill(victim, signal.SIGKILL)
        record = submitted.record(timeout_s=240)
    assert record.ok, record.failure
    assert record.result is not None
    assert record.result["summary"]["rep_count"] == 1
    attempts = store.attempts(job.key)
    assert len(attempts) == 2
    assert attempts[0] == marker.name
    assert int(attempts[1].rsplit("-", 1)[1]) != victim
    assert record.worker is not None
    assert int(record.worker.rsplit(":", 1)[1]) != victim


def _warm_state(_: object) -> tuple[int, bool]:
    """In a worker: (libraries loaded, pose model package imported)."""
    from glutecoach.jobs.clip import _library

    return _library.cache_info().currsize, "mediapipe" in sys.modules


def test_local_workers_load_the_library_and_pose_model_as_they_start() -> None:
    with Engine(ClusterSpec(workers=1)) as engine:
        state = engine.submit_call(_warm_state, None, key="warm-state").result(timeout=60)
    assert state == (1, True)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _dask(*args: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "dask", *args],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


@pytest.fixture
def cluster() -> Iterator[tuple[str, list[int]]]:
    """``dask scheduler`` and two ``dask worker`` processes on 127.0.0.1 (one thread each; the
    second preloads the check as docs/deploy.md suggests)."""
    port = _free_port()
    address = f"tcp://127.0.0.1:{port}"
    processes = [_dask("scheduler", "--host", "127.0.0.1", "--port", str(port), "--no-dashboard")]
    processes += [
        _dask(
            "worker", address, "--nthreads", "1", "--no-nanny", "--host", "127.0.0.1",
            "--no-dashboard", "--death-timeout", "60", *preload,
        )
        for preload in ((), ("--preload", "glutecoach.jobs.clip"))
    ]  # fmt: skip
    try:
        with Client(address, timeout=30) as client:
            client.wait_for_workers(2, timeout=60)  # the preloading one starts later
        yield address, [p.pid for p in processes[1:]]
    finally:
        for process in reversed(processes):
            process.terminate()
        for process in processes:
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:  # a worker still trying to say goodbye
                process.kill()
                process.wait()


@pytest.mark.real_data
def test_batch_on_a_separately_started_scheduler_with_two_workers(
    tmp_path: Path, cluster: tuple[str, list[int]]
) -> None:
    address, worker_pids = cluster
    manifest = write_manifest(tmp_path / "m.csv", short_clip_rows())
    out = tmp_path / "out"
    done = run_batch_cli(str(manifest), "--out", str(out), "--scheduler", address)
    assert done.returncode == 0, done.stderr
    assert f"on 2 Dask workers ({address})" in done.stderr
    clips = pq.read_table(out / "clips.parquet").to_pylist()
    assert [(c["status"], c["rep_count"]) for c in clips] == [("ok", 1), ("ok", 1)]
    results = [json.loads(p.read_text()) for p in (out / ".glutecoach-batch/results").iterdir()]
    ran_on = {int(r["worker"].rsplit(":", 1)[1]) for r in results}
    assert ran_on <= set(worker_pids)  # the cluster's workers did the work, not this process


def test_unreachable_scheduler_fails_fast_naming_it(tmp_path: Path) -> None:
    address = f"tcp://127.0.0.1:{_free_port()}"  # nothing listens there
    folder = tmp_path / "clips"
    folder.mkdir()
    (folder / "a.mp4").write_bytes(b"never read")
    started = time.monotonic()
    done = run_batch_cli(
        str(folder), "--exercise", "glute-bridge", "--out", str(tmp_path / "out"),
        "--scheduler", address,
    )  # fmt: skip
    assert time.monotonic() - started < 30  # ~5 s connect timeout plus start-up
    assert done.returncode == 7, done.stderr
    assert f"cannot reach the Dask scheduler at {address}" in done.stderr
    assert "Traceback" not in done.stderr
    assert not (tmp_path / "out").exists()  # nothing started


def test_scheduler_address_and_local_options_are_checked() -> None:
    done = run_batch_cli(".", "--out", "x", "--scheduler", "localhost")
    assert done.returncode == 2
    assert "use tcp://HOST:PORT" in done.stderr
    with pytest.raises(InputError, match="--workers sizes the local cluster"):
        ClusterSpec(scheduler="tcp://127.0.0.1:8786", workers=4)
