"""A Rich progress bar on stderr for the long stages of a video command."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager

from rich.console import Console
from rich.progress import BarColumn, Progress, TaskID, TextColumn, TimeRemainingColumn

StageProgress = Callable[[str, int, int], None]
STAGES = {"pose": "Finding the pose", "video": "Writing the annotated video"}


@contextmanager
def stage_progress(labels: Mapping[str, str] = STAGES) -> Iterator[StageProgress]:
    """Yield a ``(stage, done, total)`` callback that draws one bar per stage on stderr (so
    JSON on stdout stays clean), labelled from ``labels``; the bars vanish when done."""
    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        TextColumn("{task.completed}/{task.total} frames"),
        TimeRemainingColumn(),
        console=Console(stderr=True),
        transient=True,
    ) as bar:
        tasks: dict[str, TaskID] = {}

        def update(stage: str, done: int, total: int) -> None:
            if stage not in tasks:
                tasks[stage] = bar.add_task(labels.get(stage, stage), total=total or None)
            bar.update(tasks[stage], completed=done, total=total or None)

        yield update
