"""`make run` serves the web app on the embedded default (SQLite in the user data folder),
prints its URL, and Ctrl-C stops it cleanly with no process left behind."""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

REPO = Path(__file__).resolve().parents[2]
START_TIMEOUT_S = 120


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _group_alive(pgid: int) -> bool:
    try:
        os.killpg(pgid, 0)
    except ProcessLookupError:
        return False
    return True


@pytest.mark.skipif(sys.platform != "linux", reason="process groups and XDG folders: Linux")
def test_make_run_serves_the_app_and_ctrl_c_stops_everything(tmp_path: Path) -> None:
    port = _free_port()
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("GLUTECOACH_")},
        "XDG_DATA_HOME": str(tmp_path / "data"),
        "PYTHONUNBUFFERED": "1",
    }
    # A terminal's Ctrl-C goes to the whole foreground process group: start make in its own.
    proc = subprocess.Popen(
        ["make", "--no-print-directory", "run", f"PORT={port}"],
        cwd=REPO,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    pgid = os.getpgid(proc.pid)
    try:
        assert proc.stdout is not None
        deadline = time.monotonic() + START_TIMEOUT_S
        banner = ""
        while time.monotonic() < deadline and "Press Ctrl-C" not in banner:
            line = proc.stdout.readline()
            if not line and proc.poll() is not None:
                break
            banner += line
        url = re.search(r"http://127\.0\.0\.1:(\d+)/", banner)
        assert url, f"no URL printed:\n{banner}"
        assert int(url.group(1)) == port
        health = None
        while time.monotonic() < deadline:
            try:
                health = httpx.get(f"http://127.0.0.1:{port}/api/health", timeout=2)
                break
            except httpx.TransportError:
                time.sleep(0.2)
        assert health is not None, "the server never answered"
        assert health.json()["status"] == "ok"
        page = httpx.get(f"http://127.0.0.1:{port}/sign-up", timeout=10)
        assert page.status_code == 200
        database = tmp_path / "data" / "glutecoach" / "glutecoach.db"
        assert database.exists(), "the embedded default is SQLite in the user data folder"

        os.killpg(pgid, signal.SIGINT)
        proc.wait(timeout=30)
        rest = proc.stdout.read()
        assert "Traceback" not in banner + rest
        deadline = time.monotonic() + 10
        while _group_alive(pgid) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not _group_alive(pgid), "a process of make run outlived Ctrl-C"
        with pytest.raises(httpx.TransportError):
            httpx.get(f"http://127.0.0.1:{port}/api/health", timeout=2)
    finally:
        if _group_alive(pgid):
            os.killpg(pgid, signal.SIGKILL)
        proc.wait(timeout=10)
