"""Progress reporting for long video work, without any user-interface dependency.

Long operations (decoding, pose estimation, writing the annotated video) accept an
``on_progress(done, total)`` callback. ``done`` counts source frames handled so far and ``total``
is the best known total (the container's declared frame count, raised if more frames turn up).
The CLI turns the calls into a Rich progress bar; the vision layer never imports Rich.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TypeAlias

ProgressCallback: TypeAlias = Callable[[int, int], None]


class Throttle:
    """Forward at most one call every ``min_interval_s`` (plus always the final one).

    Calling a terminal progress bar on every frame of a 25 fps clip would cost more than it shows.
    """

    def __init__(self, callback: ProgressCallback | None, min_interval_s: float = 0.1) -> None:
        self._callback = callback
        self._min_interval_s = min_interval_s
        self._last = float("-inf")

    def __call__(self, done: int, total: int, *, final: bool = False) -> None:
        if self._callback is None:
            return
        now = time.monotonic()
        if final or now - self._last >= self._min_interval_s:
            self._last = now
            self._callback(done, max(total, done))
