"""Part 1's load run (benchmarks/bench_web_load.py) with video jobs in flight, and the time
from upload to finished report against ``glutecoach check`` on the same clip, same run.

    GLUTECOACH_PG_DIR=/tmp/pg-bench .venv/bin/python benchmarks/bench_web_video.py \
        [--runners 50] [--duration 30] [--repeats 3] [--write docs/benchmarks.md]

One ``glutecoach serve`` (one Dask worker process) on a fresh PostgreSQL database. Phase 1:
the load run as part 1 runs it. Phase 2: the same load run while clips of the shared glute
bridge are uploaded so that a video job is always queued or running (the worker runs the real
pose model throughout). Targets (issue 17, kept by issue 18): page and set-log p95 within 5x the
health p95 of the same phase and under 250 ms; no errors; every set stored. Then, on the idle
server, upload to finished report (polled as the report page does) against
``glutecoach check`` on the same clip, run one after the other.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).parent))
import bench_web_load as load
from record import command_line, machine, write_section

from glutecoach.library.loader import load_library
from glutecoach.services import accounts, onboarding
from glutecoach.storage import open_database

REPO = Path(__file__).resolve().parents[1]
CLIP = REPO.parent / "shared" / "data" / "Goondoc08__to-be-frank" / "videos" / "glute-bridge.mp4"
SECTION = "## Web app: video jobs under load (issue 18)"
PROFILE = {
    "name": "Uploader",
    "strength_experience": "none",
    "weekly_running_km": 20,
    "minutes_per_session": 20,
    "running": {"tuesday": "easy", "thursday": "easy", "sunday": "long-run"},
}


def uploader_token(database_url: str) -> str:
    cheap = accounts.AccountParams(hash_time_cost=1, hash_memory_kib=1024, hash_parallelism=1)
    with open_database(database_url) as database:
        signed = accounts.sign_up(database, "uploader@example.org", "x" * 12, params=cheap)
        profile = onboarding.check_profile(PROFILE)
        onboarding.onboard(database, load_library(), signed.user.id, profile, dt.date.today())
        return accounts.create_api_token(database, signed.user.id, "bench")


class Uploads:
    """Keeps ``in_flight`` video jobs queued or running until stopped."""

    def __init__(self, base: str, token: str, in_flight: int = 2) -> None:
        self.base, self.headers, self.in_flight = (
            base,
            {"Authorization": f"Bearer {token}"},
            in_flight,
        )
        self.stop = threading.Event()
        self.jobs: list[str] = []
        self.busy_samples: list[int] = []
        self.thread = threading.Thread(target=self._loop, daemon=True)

    def upload(self) -> str:
        with CLIP.open("rb") as handle:
            answer = httpx.post(
                f"{self.base}/api/checks",
                headers=self.headers,
                data={"kind": "technique", "exercise": "glute-bridge"},
                files={"video": (CLIP.name, handle, "video/mp4")},
                timeout=120,
            )
        answer.raise_for_status()
        return str(answer.json()["id"])

    def status(self, job_id: str) -> str:
        answer = httpx.get(f"{self.base}/api/checks/{job_id}", headers=self.headers, timeout=120)
        return str(answer.json()["status"])

    def _loop(self) -> None:
        while not self.stop.is_set():
            busy = sum(self.status(j) in {"queued", "running"} for j in self.jobs[-5:])
            self.busy_samples.append(busy)
            for _ in range(self.in_flight - busy):
                self.jobs.append(self.upload())
            self.stop.wait(1.0)

    def upload_to_report_s(self) -> float:
        started = time.perf_counter()
        job_id = self.upload()
        while (state := self.status(job_id)) not in {"done", "failed"}:
            time.sleep(0.1)
        if state != "done":
            raise SystemExit(f"the check failed: {job_id}")
        return time.perf_counter() - started


def cli_check_s(scratch: Path) -> float:
    started = time.perf_counter()
    subprocess.run(
        [
            str(REPO / ".venv" / "bin" / "glutecoach"),
            "check",
            str(CLIP),
            "--exercise",
            "glute-bridge",
            "--out",
            str(scratch / "cli"),
        ],
        check=True,
        capture_output=True,
    )
    return time.perf_counter() - started


def phase_lines(name: str, timings: load.Timings, stored: int) -> list[str]:
    health, page, log = (load._p95(timings.ms[k]) for k in ("health", "page", "set"))
    ok = all(v <= load.RATIO_LIMIT * health and v < load.ABSOLUTE_LIMIT_MS for v in (page, log))
    return [
        f"| {name} | {timings.requests} | {health:.1f} | {page:.1f} ({page / health:.1f}x) "
        f"| {log:.1f} ({log / health:.1f}x) | {len(timings.errors)} | "
        f"{stored}/{timings.stored} | {'met' if ok else 'NOT met'} |"
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runners", type=int, default=50)
    parser.add_argument("--duration", type=float, default=30.0, help="seconds per phase")
    parser.add_argument("--max-requests", type=int, default=6000)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--database", help="a PostgreSQL server URL allowed to CREATE DATABASE")
    parser.add_argument("--write", type=Path, help="replace the section in this Markdown file")
    args = parser.parse_args()
    if not CLIP.is_file():
        raise SystemExit(f"the shared clip {CLIP} is missing")
    scratch = Path(tempfile.mkdtemp(prefix="bench-web-video-"))
    os.environ["GLUTECOACH_MEDIA_DIR"] = str(scratch / "media")
    os.environ["GLUTECOACH_VIDEO_WORKERS"] = "1"
    admin, database = load._fresh_database(args.database)
    port = load._free_port()
    base = f"http://127.0.0.1:{port}"
    token = uploader_token(database.render_as_string(hide_password=False))
    server = load._serve(database, port)
    try:
        uploads = Uploads(base, token)
        uploads.upload_to_report_s()  # warm the worker (model load), as a running server is
        quiet, quiet_stored, _ = asyncio.run(
            load._run(base, args.runners, args.duration, args.max_requests)
        )
        uploads.thread.start()
        busy, busy_stored, _ = asyncio.run(
            load._run(base, args.runners, args.duration, args.max_requests, first=args.runners)
        )
        uploads.stop.set()
        uploads.thread.join(timeout=300)
        while any(uploads.status(j) in {"queued", "running"} for j in uploads.jobs):
            time.sleep(0.5)
        web_s = [uploads.upload_to_report_s() for _ in range(args.repeats)]
        cli_s = [cli_check_s(scratch) for _ in range(args.repeats)]
    finally:
        server.terminate()
        server.wait(timeout=60)
        load._drop(admin, database)
    done = len(uploads.jobs)
    busy_share = sum(b > 0 for b in uploads.busy_samples) / max(1, len(uploads.busy_samples))
    lines = [
        SECTION,
        "",
        f"Part 1's load run ({args.runners} runners on PostgreSQL, today's page and set logs, "
        f"health as the reference; {args.duration:g} s per phase) against one `glutecoach "
        "serve` with one Dask worker process, first without video jobs, then with glute-bridge "
        "clips uploaded so that a job is queued or running throughout (the worker runs the real "
        "pose model while the web process answers).",
        "",
        f"- command: `{command_line('benchmarks/bench_web_video.py')}`",
        f"- machine: {machine()}; load average {os.getloadavg()[0]:.1f} at the end (shared "
        "machine: read the ratios)",
        "",
        "| phase | requests | health p95 (ms) | page p95 (ms, x health) "
        "| set log p95 (ms, x health) | errors | sets stored/acknowledged | targets |",
        "|---|---|---|---|---|---|---|---|",
        *phase_lines("no video jobs", quiet, quiet_stored),
        *phase_lines("video jobs in flight", busy, busy_stored),
        "",
        f"- video jobs during the second phase: {done} uploaded; a job was queued or running "
        f"in {busy_share:.0%} of the 1 s samples",
        f"- upload to finished report ({CLIP.name}, warm worker, idle server), {args.repeats} "
        f"runs: median {statistics.median(web_s):.2f} s "
        f"(runs {', '.join(f'{v:.2f}' for v in web_s)})",
        f"- `glutecoach check` on the same clip, {args.repeats} runs: median "
        f"{statistics.median(cli_s):.2f} s (runs {', '.join(f'{v:.2f}' for v in cli_s)}); "
        f"web / CLI = {statistics.median(web_s) / statistics.median(cli_s):.2f}. The CLI pays "
        "its process start and model load each time and uses two pose threads; the web job "
        "runs on a warm worker with one pose thread, plus the upload, the probe before storing, "
        "the database hand-offs and 0.3 s polling.",
    ]
    text = "\n".join(lines)
    print(text)
    if args.write:
        write_section(args.write, SECTION, text)


if __name__ == "__main__":
    main()
