"""The Dask engine that runs technique checks: a local cluster of worker processes by default
(one per core, one thread each), or an existing cluster by its scheduler's address.

Used by the batch command and meant for any caller that submits checks and follows them (the
web app's video jobs): ``Engine.submit(job) -> Job``, ``Job.state``, ``Engine.completed(jobs)``
(finished jobs in the order they finish), ``Job.record()`` (a ``ClipRecord``, never an
exception, even when the worker process running it died every time it was tried).

A worker process that dies while running a job (killed, out of memory) is replaced by Dask and
the job goes to a worker again, at most ``worker_deaths_allowed`` times; after that the job's
record is a failure saying so. On an existing cluster that limit is the scheduler's own setting
(``distributed.scheduler.allowed-failures``, default 3).
"""

from __future__ import annotations

import logging
import re
import signal
import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, Literal

import dask
from dask.system import CPU_COUNT
from distributed import Client, Future, KilledWorker, LocalCluster, as_completed

from glutecoach.errors import ClusterError, InputError
from glutecoach.jobs.clip import ClipJob, ClipRecord, failed_record, run_clip_job

log = logging.getLogger("glutecoach.jobs")

JobState = Literal["waiting", "finished", "failed", "cancelled"]
# What a local worker imports as it starts: the module its jobs run.
PRELOAD_MODULE = run_clip_job.__module__
_ADDRESS = re.compile(r"^(tcp|tls)://[^\s/:]+:\d+$")
_STATES: dict[str, JobState] = {
    "pending": "waiting",
    "finished": "finished",
    "error": "failed",
    "lost": "failed",
    "cancelled": "cancelled",
}


@dataclass(frozen=True)
class ClusterSpec:
    """Where jobs run. ``scheduler`` is an address such as ``tcp://10.0.0.5:8786`` (None: a
    local cluster of ``workers`` processes, default one per core, on the loopback interface
    only). ``connect_timeout_s`` bounds how long an unreachable scheduler, or one without
    workers, is waited for before ``ClusterError``."""

    scheduler: str | None = None
    workers: int | None = None
    worker_deaths_allowed: int = 2
    connect_timeout_s: float = 5.0
    wait_for_workers_s: float = 30.0

    def __post_init__(self) -> None:
        if self.scheduler is not None and not _ADDRESS.match(self.scheduler):
            raise InputError(
                f"--scheduler {self.scheduler!r} is not a Dask scheduler address; "
                "use tcp://HOST:PORT, e.g. tcp://10.0.0.5:8786"
            )
        if self.scheduler is not None and self.workers is not None:
            raise InputError(
                "--workers sizes the local cluster; an existing cluster has the workers its "
                "'dask worker' commands started (leave out --workers or --scheduler)"
            )
        if self.workers is not None and self.workers < 1:
            raise InputError(f"--workers must be at least 1, got {self.workers}")
        if self.worker_deaths_allowed < 0:
            raise InputError("worker_deaths_allowed must be 0 or more")


class Job:
    """One submitted check: its key, its state, and its record once it has one."""

    def __init__(self, job: ClipJob, future: Future[ClipRecord]) -> None:
        self.job = job
        self._future = future

    @property
    def key(self) -> str:
        return self.job.key

    @property
    def state(self) -> JobState:
        return _STATES.get(str(self._future.status), "waiting")

    def record(self, timeout_s: float | None = None) -> ClipRecord:
        """The job's record (waits for it). A job whose worker process died more often than
        allowed is a failed record naming that, as is a job that could not run at all."""
        try:
            return self._future.result(timeout=timeout_s)
        except KilledWorker:
            return failed_record(
                self.job,
                "the worker process checking this clip died each time it was tried (killed, "
                "or out of memory: a very long or very large video needs more memory per "
                "worker)",
            )
        except TimeoutError:
            raise
        except Exception as exc:  # process boundary: a job's failure is data, not a crash
            log.warning("job %s failed on the cluster: %r", self.job.path, exc)
            return failed_record(self.job, f"the cluster could not run it ({exc!r})")


@contextmanager
def _children_ignore_interrupts() -> Iterator[None]:
    """Start worker processes with Ctrl-C ignored (they inherit the setting): in a terminal
    Ctrl-C reaches the whole process group, and the workers must not die with tracebacks
    while this process cancels the batch, keeps its results and stops them itself."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


class Engine:
    """A connection to a Dask cluster (started here when no scheduler is given). Close it
    (or use it as a context manager) to stop a local cluster's worker processes."""

    def __init__(self, spec: ClusterSpec | None = None) -> None:
        self.spec = spec or ClusterSpec()
        self._cluster: LocalCluster | None = None
        self._client = self._connect()

    def _connect(self) -> Client:
        spec = self.spec
        if spec.scheduler is None:
            workers = spec.workers or CPU_COUNT  # cores this process may use (cgroups, affinity)
            try:
                with (
                    dask.config.set(
                        {"distributed.scheduler.allowed-failures": spec.worker_deaths_allowed}
                    ),
                    _children_ignore_interrupts(),
                ):
                    self._cluster = LocalCluster(
                        n_workers=workers,
                        threads_per_worker=1,
                        processes=True,
                        host="127.0.0.1",
                        dashboard_address="127.0.0.1:0",  # loopback, any free port
                        # CRITICAL: a worker still beating while the cluster shuts down logs
                        # Dask's own traceback at ERROR; a clip's failure is in its record.
                        silence_logs=logging.CRITICAL,
                        # Each worker imports the check, loads the library and imports the
                        # pose model (clip.dask_setup) while it starts, not in its first job.
                        preload=[PRELOAD_MODULE],
                    )
                return Client(self._cluster, timeout=spec.connect_timeout_s)
            except (OSError, RuntimeError) as exc:
                self.close()
                raise ClusterError(f"cannot start a local Dask cluster: {exc}") from exc
        try:
            client = Client(spec.scheduler, timeout=spec.connect_timeout_s)
        except (OSError, TimeoutError) as exc:
            raise ClusterError(
                f"cannot reach the Dask scheduler at {spec.scheduler} within "
                f"{spec.connect_timeout_s:g} s ({exc}); start it with 'dask scheduler' and "
                "check the address and that the port is open (docs/deploy.md)"
            ) from exc
        try:
            client.wait_for_workers(1, timeout=spec.wait_for_workers_s)
        except (OSError, TimeoutError) as exc:
            client.close()
            raise ClusterError(
                f"the Dask scheduler at {spec.scheduler} has no workers after "
                f"{spec.wait_for_workers_s:g} s; start some with 'dask worker "
                f"{spec.scheduler} --nthreads 1' (docs/deploy.md)"
            ) from exc
        return client

    @property
    def address(self) -> str:
        scheduler = self._client.scheduler
        return str(scheduler.address) if scheduler is not None else "not connected"

    @property
    def worker_count(self) -> int:
        info: dict[str, Any] = self._client.scheduler_info()
        return len(info.get("workers", {}))

    def submit(self, job: ClipJob, priority: int = 0) -> Job:
        """Queue one check; ``pure=False`` as a check has side effects (files, markers). Of
        the queued checks, those of higher ``priority`` start first."""
        future = self._client.submit(
            run_clip_job, job, key=f"check-{job.key}", pure=False, priority=priority
        )
        return Job(job, future)

    def submit_call(self, function: Callable[[Any], Any], argument: Any, key: str) -> Future[Any]:
        """Run ``function(argument)`` on a worker (the web app's video jobs), as its own task
        ``key``; a worker that dies has the task retried as for a check."""
        return self._client.submit(function, argument, key=key, pure=False)

    def completed(self, jobs: Iterable[Job]) -> Iterator[Job]:
        """The jobs, each as soon as it has finished (or failed), in that order."""
        by_future = {job._future: job for job in jobs}
        for future in as_completed(list(by_future)):
            yield by_future[future]

    def cancel(self, jobs: Iterable[Job]) -> None:
        futures = [job._future for job in jobs]
        if futures:
            self._client.cancel(futures)

    def close(self) -> None:
        client = getattr(self, "_client", None)
        if client is not None:
            client.close()
        if self._cluster is not None:
            self._cluster.close()
            self._cluster = None

    def __enter__(self) -> Engine:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
