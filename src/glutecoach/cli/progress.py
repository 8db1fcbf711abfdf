"""Progress of long work on stderr (so JSON on stdout stays clean).

At a terminal: a Rich bar per stage that vanishes when done. Otherwise (a log file, a pipe, a
CI job): plain lines, one each time a stage passes another tenth of its work or every
``interval_s`` seconds, whichever comes first, so a long run is never silent.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field

from rich.console import Console
from rich.progress import BarColumn, Progress, TaskID, TextColumn, TimeRemainingColumn

StageProgress = Callable[[str, int, int], None]
"""``(stage, done, total)``: ``total`` 0 when unknown."""
STAGES = {"pose": "Finding the pose", "video": "Writing the annotated video"}
FRAMES = "frames"


@dataclass(frozen=True)
class LineSettings:
    """When a progress line is printed without a terminal.

    ``step_pct``: a line each time a stage passes another multiple of it (default 10 %).
    ``interval_s``: a line at least this often while work goes on (default 10 s)."""

    step_pct: int = 10
    interval_s: float = 10.0


@dataclass
class ProgressLines:
    """Plain progress lines: ``Finding the pose: 40 % (120 of 300 frames, 12 s)``."""

    write: Callable[[str], None]
    labels: Mapping[str, str] = field(default_factory=lambda: STAGES)
    unit: str = FRAMES
    settings: LineSettings = field(default_factory=LineSettings)
    clock: Callable[[], float] = time.monotonic
    _started: dict[str, float] = field(default_factory=dict, init=False, repr=False)
    _shown: dict[str, tuple[int, float]] = field(  # stage -> (tenth shown, when)
        default_factory=dict, init=False, repr=False
    )

    def __call__(self, stage: str, done: int, total: int) -> None:
        now = self.clock()
        started = self._started.setdefault(stage, now)
        step = done * 100 // (total * self.settings.step_pct) if total > 0 else 0
        last_step, last_time = self._shown.get(stage, (0, started))
        if step <= last_step and now - last_time < self.settings.interval_s:
            return
        self._shown[stage] = (max(step, last_step), now)
        label = self.labels.get(stage, stage)
        elapsed = f"{now - started:.0f} s"
        if total > 0:
            percent = min(100, done * 100 // total)
            self.write(f"{label}: {percent} % ({done} of {total} {self.unit}, {elapsed})")
        else:
            self.write(f"{label}: {done} {self.unit} so far ({elapsed})")


def _err_console() -> Console:
    return Console(stderr=True, highlight=False)


def _line_writer(err: Console) -> Callable[[str], None]:
    return lambda text: err.print(text, markup=False, soft_wrap=True)


@contextmanager
def stage_progress(
    labels: Mapping[str, str] = STAGES, unit: str = FRAMES
) -> Iterator[StageProgress]:
    """Yield a ``(stage, done, total)`` callback: one Rich bar per stage at a terminal,
    labelled from ``labels``; progress lines (``ProgressLines``) otherwise."""
    err = _err_console()
    if not err.is_terminal:
        yield ProgressLines(_line_writer(err), labels, unit)
        return
    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        TextColumn("{task.completed}/{task.total} " + unit),
        TimeRemainingColumn(),
        console=err,
        transient=True,
    ) as bar:
        tasks: dict[str, TaskID] = {}

        def update(stage: str, done: int, total: int) -> None:
            if stage not in tasks:
                tasks[stage] = bar.add_task(labels.get(stage, stage), total=total or None)
            bar.update(tasks[stage], completed=done, total=total or None)

        yield update


def progress_lines(err: Console, label: str, unit: str) -> ProgressLines | None:
    """Progress lines for one stage on ``err`` when it is not a terminal, else None (the
    caller draws its own bar)."""
    if err.is_terminal:
        return None
    return ProgressLines(_line_writer(err), {label: label}, unit)
