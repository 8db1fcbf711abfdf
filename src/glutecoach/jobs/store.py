"""A batch's state, kept in its output folder: one JSON file per finished job, written
atomically (a crash or Ctrl-C never leaves half a result), plus the attempt markers workers
leave. Everything a rerun needs to skip finished work is here; nothing lives elsewhere.

Layout under ``OUT/.glutecoach-batch/``: ``results/KEY.json`` and ``attempts/KEY/HOST-PID``.
"""

from __future__ import annotations

import fcntl
import json
import os
import socket
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from glutecoach.errors import InputError
from glutecoach.jobs.clip import ClipRecord

STATE_FOLDER = ".glutecoach-batch"


class ResultStore:
    """Finished jobs by key, in ``out_dir``."""

    def __init__(self, out_dir: Path) -> None:
        self.out_dir = out_dir
        self.state_dir = out_dir / STATE_FOLDER
        self.results_dir = self.state_dir / "results"
        self.attempts_dir = self.state_dir / "attempts"
        try:
            self.results_dir.mkdir(parents=True, exist_ok=True)
            self.attempts_dir.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise InputError(
                f"cannot create the batch folder {out_dir}: {exc.strerror}; choose a folder "
                "you can write to with --out"
            ) from exc

    @contextmanager
    def exclusive(self) -> Iterator[None]:
        """Hold the folder for one batch at a time: a second batch on the same folder stops
        with an InputError instead of racing the first for the same results."""
        lock_path = self.state_dir / "lock"
        with lock_path.open("a+", encoding="utf-8") as lock:
            try:
                fcntl.flock(lock.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                lock.seek(0)
                holder = lock.read().strip() or "another process"
                raise InputError(
                    f"another batch ({holder}) is running in {self.out_dir}; wait for it to "
                    "finish or choose another --out folder"
                ) from None
            lock.truncate(0)
            lock.write(f"process {os.getpid()} on {socket.gethostname()}\n")
            lock.flush()
            try:
                yield
            finally:
                fcntl.flock(lock.fileno(), fcntl.LOCK_UN)

    def result_count(self) -> int:
        """How many finished jobs the folder holds (without reading them)."""
        return sum(1 for _ in self.results_dir.glob("*.json"))

    def _path(self, key: str) -> Path:
        return self.results_dir / f"{key}.json"

    def get(self, key: str) -> ClipRecord | None:
        """The stored record, or None when there is none (or it cannot be read: then the job
        simply runs again)."""
        try:
            data = json.loads(self._path(key).read_text(encoding="utf-8"))
            return ClipRecord.from_json_dict(data)
        except (OSError, ValueError, TypeError):
            return None

    def put(self, record: ClipRecord) -> Path:
        """Write ``record`` atomically (temporary file, fsync, rename)."""
        path = self._path(record.key)
        handle, temporary = tempfile.mkstemp(dir=self.results_dir, suffix=".part")
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as file:
                json.dump(record.to_json_dict(), file)
                file.flush()
                os.fsync(file.fileno())
            os.replace(temporary, path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
        return path

    def attempts(self, key: str) -> tuple[str, ...]:
        """The worker processes (``HOST-PID``) that started the job, oldest first."""
        folder = self.attempts_dir / key
        if not folder.is_dir():
            return ()
        markers = sorted(folder.iterdir(), key=lambda p: p.stat().st_mtime)
        return tuple(p.name for p in markers)

    def clear_attempts(self, key: str) -> None:
        """Forget earlier attempts before a job runs again (so counts are per run)."""
        folder = self.attempts_dir / key
        if folder.is_dir():
            for marker in folder.iterdir():
                marker.unlink(missing_ok=True)
