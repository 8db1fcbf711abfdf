"""Ctrl-C (SIGINT) and ``kill`` (SIGTERM): stop cleanly, and say truthfully what was kept.

``install`` (called once by the console entry point) turns both signals into ``Interrupted``,
an exception that unwinds like ``KeyboardInterrupt``: a database transaction rolls back and a
half-written output folder is removed on the way out. Short sections that must not be cut in
two (a commit, and recording that it happened; moving finished files into place) run inside
``shielded()``: a signal arriving there waits until the section ends.

What finished before the interrupt is recorded with ``record_done`` ("the session of
2026-11-25 was stored"), so the message can say "interrupted, nothing written" only when that
is true.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType

HANDLED = (signal.SIGINT, signal.SIGTERM)


class Interrupted(BaseException):
    """The process was asked to stop (SIGINT or SIGTERM)."""

    def __init__(self, signum: int) -> None:
        super().__init__(signal.Signals(signum).name)
        self.signum = signum

    @property
    def exit_code(self) -> int:
        """128 + the signal number, as a shell reports a process the signal ended."""
        return 128 + self.signum


class _State:
    depth = 0
    pending: int | None = None
    done: list[str] = []  # noqa: RUF012 - one process-wide record, reset by ``reset``


def _handler(signum: int, _frame: FrameType | None) -> None:
    if _State.depth > 0:
        _State.pending = signum
        return
    raise Interrupted(signum)


def install() -> None:
    """Route SIGINT and SIGTERM to ``Interrupted`` (main thread only; a no-op elsewhere)."""
    if threading.current_thread() is not threading.main_thread():
        return
    for signum in HANDLED:
        signal.signal(signum, _handler)


def reset() -> None:
    """Forget what was recorded (a new command starts)."""
    _State.depth = 0
    _State.pending = None
    _State.done = []


@contextmanager
def shielded() -> Iterator[None]:
    """Hold SIGINT and SIGTERM until the block ends, then act on the last one that came."""
    _State.depth += 1
    try:
        yield
    finally:
        _State.depth -= 1
    if _State.depth == 0 and _State.pending is not None:
        signum, _State.pending = _State.pending, None
        raise Interrupted(signum)


def record_done(what: str) -> None:
    """Note something finished and kept (call it inside the ``shielded`` block that did it)."""
    _State.done.append(what)


def done() -> tuple[str, ...]:
    """What was recorded as finished, in order."""
    return tuple(_State.done)


def interrupted_message() -> str:
    """The line printed when a command is interrupted: what was kept, or that nothing was."""
    kept = done()
    if not kept:
        return "interrupted, nothing written"
    return "interrupted; already done before the interrupt: " + "; ".join(kept)
