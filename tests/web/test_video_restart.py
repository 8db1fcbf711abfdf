"""A server restart loses no video job: ``glutecoach serve`` (with its local Dask cluster) is
killed (SIGKILL) while a job runs on its worker; restarted, the job runs again and finishes
once; a third start redoes nothing. Real processes, real pose model, a real shared clip."""

from __future__ import annotations

import datetime as dt
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any

import httpx
import psutil
import pytest

from glutecoach.library.catalogue import Library
from glutecoach.services import accounts, onboarding
from glutecoach.storage import open_database
from tests.web.support import FAST_HASHING, PASSWORD, PROFILE
from tests.web.video_support import GLUTE_BRIDGE, shared_clip

START_TIMEOUT_S = 180
SECRET = "restart-test-secret-key-0123456789-abcdefghij"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def _server(url: str, media: Path, port: int) -> Iterator[subprocess.Popen[bytes]]:
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("GLUTECOACH_")},
        "GLUTECOACH_MEDIA_DIR": str(media),
        "GLUTECOACH_VIDEO_WORKERS": "1",
        "GLUTECOACH_SECRET_KEY": SECRET,
    }
    command = [sys.executable, "-m", "glutecoach", "serve", "--port", str(port), "--database", url]
    proc = subprocess.Popen(
        command,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + START_TIMEOUT_S
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"http://127.0.0.1:{port}/api/health", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.5)
        else:
            pytest.fail("the server did not start")
        yield proc
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGTERM)
            proc.wait(timeout=60)


def _job(port: int, token: str, job_id: str) -> dict[str, Any]:
    answer = httpx.get(
        f"http://127.0.0.1:{port}/api/checks/{job_id}",
        headers={"Authorization": f"Bearer {token}"},
        timeout=10,
    )
    assert answer.status_code == 200, answer.text
    data = answer.json()
    assert isinstance(data, dict)
    return data


def _wait(port: int, token: str, job_id: str, until: set[str], timeout_s: float = 300) -> Any:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        job = _job(port, token, job_id)
        if job["status"] in until and (job["status"] != "running" or job["progress"] > 0):
            return job
        time.sleep(0.2)
    pytest.fail(f"job {job_id} never reached {until}")


@pytest.mark.real_data
@pytest.mark.skipif(sys.platform != "linux", reason="process groups: Linux")
def test_killed_server_restarted_finishes_the_job_once(tmp_path: Path, library: Library) -> None:
    clip = shared_clip(GLUTE_BRIDGE)
    url = f"sqlite:///{tmp_path / 'app.db'}"
    media = tmp_path / "media"
    with open_database(url) as database:
        signed = accounts.sign_up(database, "alex@example.org", PASSWORD, params=FAST_HASHING)
        profile = onboarding.check_profile(PROFILE)
        onboarding.onboard(database, library, signed.user.id, profile, dt.date.today())
        token = accounts.create_api_token(database, signed.user.id, "test")
    port = _free_port()
    headers = {"Authorization": f"Bearer {token}"}
    with _server(url, media, port) as first:
        with clip.open("rb") as handle:
            answer = httpx.post(
                f"http://127.0.0.1:{port}/api/checks",
                headers=headers,
                data={"kind": "technique", "exercise": "glute-bridge"},
                files={"video": (clip.name, handle, "video/mp4")},
                timeout=60,
            )
        assert answer.status_code == 201, answer.text
        job_id = answer.json()["id"]
        running = _wait(port, token, job_id, {"running", "done"})
        assert running["status"] == "running", "the job finished before the server was killed"
        family = [first.pid, *(c.pid for c in psutil.Process(first.pid).children(recursive=True))]
        first.send_signal(signal.SIGKILL)
        first.wait(timeout=30)
        for pid in family[1:]:  # the worker processes go with their server
            with suppress(psutil.NoSuchProcess):
                psutil.Process(pid).wait(timeout=60)
        assert not [
            p for p in family if psutil.pid_exists(p) and psutil.Process(p).status() != "zombie"
        ]
    assert not (media / job_id / "record.json").exists()

    with _server(url, media, port):
        done = _wait(port, token, job_id, {"done", "failed"})
    assert done["status"] == "done", done["failure"]
    assert done["attempts"] == 2
    assert done["result"]["summary"]["rep_count"] >= 1

    with _server(url, media, port):
        time.sleep(3)
        again = _job(port, token, job_id)
    assert again["attempts"] == 2
    assert again["finished_at"] == done["finished_at"]


def test_serve_with_an_unreachable_scheduler_stops_at_once_naming_it() -> None:
    address = f"tcp://127.0.0.1:{_free_port()}"
    started = time.monotonic()
    done = subprocess.run(
        [sys.executable, "-m", "glutecoach", "serve", "--scheduler", address],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 7, done.stderr
    assert f"cannot reach the Dask scheduler at {address}" in done.stderr
    assert "Traceback" not in done.stderr
    assert time.monotonic() - started < 60
