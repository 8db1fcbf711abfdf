"""How the web app's video checks run: where uploads and outputs are kept, the limits of an
upload, how long videos are kept, and where the checks run (a local Dask cluster of worker
processes by default, or an existing scheduler by address). Read from the environment, which
``glutecoach serve``'s options set."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

import platformdirs

from glutecoach.errors import InputError
from glutecoach.jobs.engine import ClusterSpec
from glutecoach.services.video_checks import VideoParams

MEDIA_DIR_ENV = "GLUTECOACH_MEDIA_DIR"
SCHEDULER_ENV = "GLUTECOACH_SCHEDULER"
WORKERS_ENV = "GLUTECOACH_VIDEO_WORKERS"
KEEP_DAYS_ENV = "GLUTECOACH_KEEP_VIDEOS_DAYS"
JOBS_ENV = "GLUTECOACH_VIDEO_JOBS"


@dataclass(frozen=True)
class VideoSettings:
    """- ``media_dir``: uploads and check outputs (None: ``media`` in the user data folder).
    - ``params``: upload limits and keeping time (``VideoParams``; 30 days by default).
    - ``cluster``: where checks run (``ClusterSpec``: local worker processes by default).
    - ``run_jobs``: whether this instance runs the job runner (``glutecoach serve`` does;
      an app built for a test that uploads nothing need not start a cluster).
    """

    media_dir: Path | None = None
    params: VideoParams = field(default_factory=VideoParams)
    cluster: ClusterSpec = field(default_factory=ClusterSpec)
    run_jobs: bool = False

    @property
    def media_root(self) -> Path:
        return (
            self.media_dir or platformdirs.user_data_path("glutecoach", appauthor=False) / "media"
        )


def _number(name: str, kind: type[int] | type[float]) -> int | float | None:
    value = os.environ.get(name)
    if not value:
        return None
    try:
        return kind(value)
    except ValueError:
        raise InputError(f"{name}={value!r} is not a number") from None


def video_settings_from_environment() -> VideoSettings:
    workers = _number(WORKERS_ENV, int)
    keep = _number(KEEP_DAYS_ENV, int)
    media = os.environ.get(MEDIA_DIR_ENV)
    return VideoSettings(
        media_dir=Path(media) if media else None,
        params=VideoParams(keep_days=int(keep)) if keep is not None else VideoParams(),
        cluster=ClusterSpec(
            scheduler=os.environ.get(SCHEDULER_ENV) or None,
            workers=int(workers) if workers is not None else None,
        ),
        run_jobs=os.environ.get(JOBS_ENV, "1") not in {"0", "false", "no"},
    )
