"""Hide what native libraries print straight to the process's stderr.

MediaPipe (absl/glog), TensorFlow Lite and FFmpeg write notices such as "Created TensorFlow Lite
XNNPACK delegate" or "Feedback manager requires a model with a single signature" to file
descriptor 2, bypassing Python, in the middle of a progress bar. ``quiet_native_stderr()`` sends
descriptor 2 to the null device for the duration while Python's own ``sys.stderr`` keeps writing
to the real terminal, so warnings and tracebacks raised by Python stay visible. The CLI decides
whether to use it; nothing in the vision layer turns it on by itself.
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Iterator


def _on_descriptor_2(stream: object) -> bool:
    try:
        return bool(stream.fileno() == 2)  # type: ignore[attr-defined]
    except (OSError, ValueError, AttributeError):  # io.UnsupportedOperation is an OSError
        return False


@contextlib.contextmanager
def quiet_native_stderr() -> Iterator[None]:
    """Silence native writes to descriptor 2 inside the ``with`` block (not thread-scoped:
    use it around a whole step, from the main thread)."""
    try:
        sys.stderr.flush()
        saved = os.dup(2)
    except (OSError, ValueError, AttributeError):  # no real descriptor 2: nothing to silence
        yield
        return
    devnull = os.open(os.devnull, os.O_WRONLY)
    python_stderr = sys.stderr
    real = open(saved, "w", buffering=1, closefd=False, encoding="utf-8", errors="replace")  # noqa: SIM115
    os.dup2(devnull, 2)
    if _on_descriptor_2(python_stderr):  # else Python's stderr goes elsewhere already: keep it
        sys.stderr = real
    try:
        yield
    finally:
        with contextlib.suppress(OSError, ValueError):
            real.flush()
        sys.stderr = python_stderr
        os.dup2(saved, 2)
        os.close(saved)
        os.close(devnull)
        real.close()
