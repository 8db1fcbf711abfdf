"""Signals and exit codes, with the real command in a subprocess (``python -m glutecoach``).

- SIGINT or SIGTERM while a gait check writes its outputs: exit 130 or 143, "interrupted,
  nothing written", the earlier outputs exactly as they were and no temporary folder left;
- SIGINT during ``log`` before the commit (the process waits for the write lock, which the test
  holds): nothing stored, "interrupted, nothing written"; after the commit (the process is
  blocked writing its report to a full pipe): the message says the session was stored, and it is;
- a full disk (a file-size limit on the process) while an export replaces an earlier one: exit 2
  naming the path and the reason, the earlier export unchanged;
- README's exit codes: 0, 2, 3, 4, 130 and 143 from real runs.
"""

from __future__ import annotations

import fcntl
import os
import resource
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest

from glutecoach.vision import VideoEncoder
from tests.corpus import world
from tests.corpus.test_bad_input import copy_file

TIMEOUT_S = 120
F_SETPIPE_SZ = 1031
FILE_LIMIT_BYTES = 36_000  # above SQLite's 32 KiB shared-memory file, below the export (44 KB)


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = world.build(tmp_path_factory.mktemp("signals") / "world")
    # A longer clip, so writing its annotated video takes long enough to be interrupted.
    with VideoEncoder(folder / "videos" / "long.mp4", (640, 480), 25.0) as encoder:
        for i in range(150):
            image = np.full((480, 640, 3), 110, dtype=np.uint8)
            image[:, (i * 4) % 600 :][:, :40] = 250
            encoder.write(image)
    return folder


@pytest.fixture
def here(template: Path, tmp_path: Path) -> Path:
    target = tmp_path / "world"
    shutil.copytree(template, target, copy_function=copy_file)
    return target


def env_for(folder: Path) -> dict[str, str]:
    return {**os.environ, "GLUTECOACH_DATABASE_URL": f"sqlite:///{folder}/db.sqlite",
            "COLUMNS": "200"}  # fmt: skip


def start(args: list[str], folder: Path, **kw: object) -> subprocess.Popen[str]:
    options: dict[str, object] = {"stdout": subprocess.PIPE, "stderr": subprocess.PIPE, **kw}
    return subprocess.Popen(  # type: ignore[call-overload, no-any-return]
        [sys.executable, "-m", "glutecoach", *args], env=env_for(folder), cwd=folder, text=True,
        **options,
    )  # fmt: skip


def wait_for(condition: object, timeout_s: float = 60.0) -> bool:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if condition():  # type: ignore[operator]
            return True
        time.sleep(0.002)
    return False


@pytest.mark.parametrize(("signum", "code"), [(signal.SIGINT, 130), (signal.SIGTERM, 143)])
def test_an_interrupt_while_writing_outputs_leaves_the_folder_as_it_was(
    here: Path, signum: int, code: int
) -> None:
    before = world.snapshot(here)
    process = start(
        ["gait", str(here / "videos" / "long.mp4"), "--keypoints",
         str(here / "keypoints" / "running.json"), "--out", str(here / "gait-out")],
        here,
    )  # fmt: skip
    staged = lambda: any(here.glob(".gait-out.glutecoach-tmp-*"))  # noqa: E731
    assert wait_for(staged), "the outputs were never staged"
    process.send_signal(signum)
    out, err = process.communicate(timeout=TIMEOUT_S)
    assert process.returncode == code, err
    assert "interrupted, nothing written" in err
    assert "Traceback" not in out + err
    assert world.snapshot(here) == before  # earlier outputs untouched, nothing half-written
    assert not any(here.glob(".*glutecoach-tmp-*"))


def test_an_interrupt_before_the_commit_stores_nothing(here: Path) -> None:
    before = world.snapshot(here)
    database = here / "db.sqlite"
    holder = sqlite3.connect(database, isolation_level=None, timeout=30)
    holder.execute("BEGIN IMMEDIATE")  # the log must wait for this write lock
    try:
        process = start(["log", "--date", world.FREE_DAY.isoformat(), "--set", world.LOG_SET],
                        here)  # fmt: skip
        fd_folder = Path(f"/proc/{process.pid}/fd")

        def waiting_on_database() -> bool:
            try:
                return any(os.readlink(fd) == str(database) for fd in fd_folder.iterdir())
            except OSError:
                return False

        assert wait_for(waiting_on_database), "the log never opened the database"
        time.sleep(1.0)  # it is now blocked in BEGIN IMMEDIATE
        process.send_signal(signal.SIGINT)
        time.sleep(0.3)
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    out, err = process.communicate(timeout=TIMEOUT_S)
    assert process.returncode == 130, err
    assert "interrupted, nothing written" in err
    assert "Traceback" not in out + err
    assert world.snapshot(here) == before


def test_an_interrupt_after_the_commit_says_the_session_was_stored(here: Path) -> None:
    read_end, write_end = os.pipe()
    fcntl.fcntl(write_end, F_SETPIPE_SZ, 4096)
    os.write(write_end, b"x" * 4096)  # full: the report written after the commit blocks
    day = world.FREE_DAY
    try:
        process = start(["log", "--date", day.isoformat(), "--set", world.LOG_SET], here,
                        stdout=write_end)  # fmt: skip
        stored = lambda: len(world.database_rows(here / "db.sqlite")["session_logs"]) == 2  # noqa: E731
        assert wait_for(stored), "the session was never stored"
        time.sleep(0.5)  # committed; now blocked writing its report
        process.send_signal(signal.SIGINT)
        _, err = process.communicate(timeout=TIMEOUT_S)
    finally:
        os.close(write_end)
        os.close(read_end)
    assert process.returncode == 130, err
    assert f"the session of {day.isoformat()} was stored" in err
    assert "nothing written" not in err
    assert "Traceback" not in err
    dates = [row[3] for row in world.database_rows(here / "db.sqlite")["session_logs"]]
    assert day.isoformat() in dates


def _file_size_limit() -> None:  # runs in the child before it starts
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails with EFBIG
    resource.setrlimit(resource.RLIMIT_FSIZE, (FILE_LIMIT_BYTES, FILE_LIMIT_BYTES))


def test_a_full_disk_while_replacing_an_export_keeps_the_earlier_one(here: Path) -> None:
    assert (here / "backup" / "glutecoach-export.json").stat().st_size > FILE_LIMIT_BYTES
    before = world.snapshot(here)
    process = start(["export", "--out", str(here / "backup"), "--force"], here,
                    preexec_fn=_file_size_limit)  # fmt: skip
    out, err = process.communicate(timeout=TIMEOUT_S)
    assert process.returncode == 2, err
    assert "File too large" in err
    assert str(here / "backup") in " ".join(err.split()).replace("\n", "")
    assert "Traceback" not in out + err
    assert world.snapshot(here) == before
    assert not any(here.glob(".*glutecoach-tmp-*"))


@pytest.mark.parametrize(
    ("args", "code"),
    [
        (["recommend", "--profile", "{w}/../../../examples/new-runner.toml"], 0),
        (["recommend", "--profile", "/dev/zero"], 2),
        (["library", "validate", "--path", "{w}/videos/folder.mp4"], 3),
        (["today", "--database", "postgresql://u:secret@127.0.0.1:1/db"], 4),
    ],
)
def test_exit_codes_of_the_real_command(here: Path, args: list[str], code: int) -> None:
    examples = Path(__file__).resolve().parents[2] / "examples"
    real = [a.replace("{w}/../../../examples", str(examples)).replace("{w}", str(here))
            for a in args]  # fmt: skip
    process = start(real, here)
    out, err = process.communicate(timeout=TIMEOUT_S)
    assert process.returncode == code, err
    assert "Traceback" not in out + err
    assert "secret" not in out + err
