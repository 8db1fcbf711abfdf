"""Helpers for the video check tests: an app that runs its video jobs on a real local Dask
cluster (one worker process), the shared clips, and waiting for a job."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from glutecoach.jobs.engine import ClusterSpec
from glutecoach.jobs.video_settings import VideoSettings
from glutecoach.library.catalogue import Library
from glutecoach.services.video_checks import VideoParams
from glutecoach.storage import Database
from glutecoach.web.app import create_app
from glutecoach.web.settings import WebSettings
from tests.web.support import FAST_HASHING, PROFILE, Browser

SECRET = "test-secret-key-0123456789-abcdefghijklmnop"
SHARED = Path(__file__).resolve().parents[3] / "shared" / "data"
GLUTE_BRIDGE = SHARED / "Goondoc08__to-be-frank" / "videos" / "glute-bridge.mp4"
GAIT_CLIP = SHARED / "zzzhushi__running-gait-analysis" / "tests" / "data" / "male_side.mp4"


def shared_clip(path: Path) -> Path:
    if not path.is_file():
        pytest.skip(f"shared clip {path} is absent (see /work/shared/data/MANIFEST.md)")
    return path


def video_settings(
    media: Path, *, run_jobs: bool, params: VideoParams | None = None
) -> WebSettings:
    return WebSettings(
        database_url=None,
        secret_key=SECRET,
        accounts=FAST_HASHING,
        videos=VideoSettings(
            media_dir=media,
            params=params or VideoParams(),
            cluster=ClusterSpec(workers=1),
            run_jobs=run_jobs,
        ),
    )


@contextmanager
def video_app(
    database: Database,
    library: Library,
    media: Path,
    *,
    run_jobs: bool,
    params: VideoParams | None = None,
) -> Iterator[Callable[[], Browser]]:
    """The app with its lifespan running (with ``run_jobs``: a local cluster of one worker
    process); yields a maker of browsers, each with its own cookies."""
    settings = video_settings(media, run_jobs=run_jobs, params=params)
    app = create_app(settings, database=database, library=library)
    clients: list[TestClient] = []

    def make() -> Browser:
        client = TestClient(app, base_url="http://testserver")
        clients.append(client)
        return Browser(client)

    with TestClient(app, base_url="http://testserver"):
        yield make
        for client in clients:
            client.close()


def new_runner(make: Callable[[], Browser], email: str, name: str) -> tuple[Browser, str]:
    browser = make()
    browser.sign_up(email)
    return browser, browser.onboard({**PROFILE, "name": name})


def upload(browser: Browser, path: Path, exercise: str | None, kind: str = "technique") -> Any:
    data = {"kind": kind, **({"exercise": exercise} if exercise else {})}
    with path.open("rb") as handle:
        return browser.api(
            "POST", "/api/checks", data=data, files={"video": (path.name, handle, "video/mp4")}
        )


def wait_for_job(browser: Browser, job_id: str, timeout_s: float = 300) -> dict[str, Any]:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        job = browser.get(f"/api/checks/{job_id}").json()
        if job["status"] in {"done", "failed"}:
            assert isinstance(job, dict)
            return job
        time.sleep(0.5)
    pytest.fail(f"check {job_id} did not finish within {timeout_s} s")
