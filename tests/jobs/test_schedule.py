"""The batch's plan probes each real clip once (its hash comes from that probe) and schedules
the checks longest first by the frames the pose model will run on, not by file size."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from glutecoach.analysis.params import default_params
from glutecoach.jobs.batch import BatchSettings, frames_to_analyse, plan_batch, schedule
from glutecoach.jobs.clip import run_clip_job
from glutecoach.jobs.sources import read_source
from glutecoach.jobs.store import ResultStore
from glutecoach.library.catalogue import Library
from glutecoach.vision import probe_video
from glutecoach.vision.sniff import file_sha256
from glutecoach.vision.video import sample_stride
from tests.jobs.conftest import BRIDGE, write_manifest
from tests.vision.conftest import HYVA3, real_clip

SIDE_PLANK = "vincentbrouillard777-cmd__pwa-renforcement/public/videos/side-plank.mp4"
HYVA2 = "tuxotiikeri__squatdetection/vids/hyva2.mp4"


def test_longest_work_first_not_largest_file(library: Library, tmp_path: Path) -> None:
    clips = {
        "hyva2": (real_clip(HYVA2), "single-leg-squat"),  # 11 s, 0.67 MB
        "plank": (real_clip(SIDE_PLANK), "side-plank"),  # 16 s, 0.14 MB: the smallest file
        "bridge": (real_clip(BRIDGE), "glute-bridge"),  # 3.5 s
        "hyva3": (real_clip(HYVA3), "single-leg-squat"),  # 6.7 s
    }
    assert clips["plank"][0].stat().st_size < clips["hyva2"][0].stat().st_size
    rows = [{"path": path, "exercise": exercise} for path, exercise in clips.values()]
    manifest = write_manifest(tmp_path / "manifest.csv", rows)
    store = ResultStore(tmp_path / "out")
    settings = BatchSettings()
    plan = plan_batch(read_source(manifest, library, None), library, store, settings)
    jobs = list(plan.to_run.values())
    for job in jobs:
        assert job.video is not None
        assert job.clip_sha256 == job.video.sha256 == file_sha256(Path(job.path))
        info = probe_video(job.path)
        stride = sample_stride(info.fps, default_params("single-leg-squat").analysis_rate_hz)
        assert job.work_frames == pytest.approx(info.duration_s * info.fps / stride)
    order = [Path(job.path).name for job in schedule(jobs)]
    assert order == ["side-plank.mp4", "hyva2.mp4", "hyva3.mp4", "glute-bridge.mp4"]
    every = BatchSettings(every_frame=True)
    everything = plan_batch(read_source(manifest, library, None), library, store, every)
    for job in everything.to_run.values():
        assert job.video is not None
        assert job.work_frames == pytest.approx(frames_to_analyse(job.video, None))
        assert job.work_frames == pytest.approx(job.video.duration_s * job.video.fps)


def test_a_check_uses_the_probe_of_the_plan(library: Library, tmp_path: Path) -> None:
    """The worker neither re-opens nor re-hashes the clip: the analysis records the plan's."""
    manifest = write_manifest(
        tmp_path / "manifest.csv", [{"path": real_clip(BRIDGE), "exercise": "glute-bridge"}]
    )
    plan = plan_batch(
        read_source(manifest, library, None), library, ResultStore(tmp_path / "o"), BatchSettings()
    )
    (job,) = plan.to_run.values()
    assert job.video is not None
    marked = dataclasses.replace(job, video=dataclasses.replace(job.video, sha256="e" * 64))
    record = run_clip_job(marked)
    assert record.ok, record.failure
    assert record.result is not None
    assert record.result["video"]["sha256"] == "e" * 64, "the plan's probe, not a second one"


def test_an_unreadable_clip_is_planned_and_fails_in_its_worker(
    library: Library, tmp_path: Path
) -> None:
    broken = tmp_path / "broken.mp4"
    broken.write_bytes(b"\x00\x00\x00\x18ftypmp42" + b"not really a video" * 50)
    manifest = write_manifest(tmp_path / "m.csv", [{"path": broken, "exercise": "glute-bridge"}])
    plan = plan_batch(
        read_source(manifest, library, None), library, ResultStore(tmp_path / "o"), BatchSettings()
    )
    (job,) = plan.to_run.values()
    assert job.video is None
    assert job.work_frames == 0.0
    assert job.clip_sha256 == file_sha256(broken)
    record = run_clip_job(job)
    assert not record.ok
    assert record.failure is not None
    assert "broken.mp4" in record.failure
