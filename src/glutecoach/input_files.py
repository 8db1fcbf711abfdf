"""Reading a file a person names on the command line: a regular file, within a size limit.

A profile, an export or a keypoint file is read whole, so ``read_limited`` refuses, before
reading, what would never end or never fit: a folder, a FIFO (reading it waits forever for a
writer), a device such as ``/dev/zero`` (endless), and a file over the limit. A file whose
size the system does not report (some virtual files) is read up to the limit and refused
beyond it.
"""

from __future__ import annotations

import stat
from pathlib import Path

from glutecoach.errors import InputError


def _size_text(n_bytes: int) -> str:
    for unit, size in (("GiB", 1 << 30), ("MiB", 1 << 20), ("KiB", 1 << 10)):
        if n_bytes >= size:
            return f"{n_bytes / size:g} {unit}"
    return f"{n_bytes} bytes"


def require_regular_file(path: Path, max_bytes: int, what: str) -> None:
    """``InputError`` naming ``path`` when it is missing, not a regular file, unreadable, or
    reported larger than ``max_bytes`` (``what``: "a profile", for messages)."""
    try:
        info = path.stat()
    except FileNotFoundError:
        raise InputError(f"{path}: no such file; give the path to {what}") from None
    except OSError as exc:
        raise InputError(f"{path}: cannot read it ({exc.strerror})") from None
    if stat.S_ISDIR(info.st_mode):
        raise InputError(f"{path}: is a folder; give the path to {what}")
    if not stat.S_ISREG(info.st_mode):
        kind = "a FIFO (named pipe)" if stat.S_ISFIFO(info.st_mode) else "a device or special file"
        raise InputError(f"{path}: is {kind}, not a regular file; give the path to {what}")
    if info.st_size > max_bytes:
        raise InputError(
            f"{path}: is {_size_text(info.st_size)}, more than the {_size_text(max_bytes)} "
            f"{what} may be; is it the right file?"
        )


def read_limited(path: Path, max_bytes: int, what: str) -> bytes:
    """The bytes of ``path``; ``InputError`` naming it when it is missing, not a regular
    file, unreadable, or larger than ``max_bytes`` (``what``: "a profile", for messages)."""
    require_regular_file(path, max_bytes, what)
    limit = _size_text(max_bytes)
    try:
        with path.open("rb") as handle:
            data = handle.read(max_bytes + 1)
    except OSError as exc:
        raise InputError(f"{path}: cannot read it ({exc.strerror})") from None
    if len(data) > max_bytes:
        raise InputError(f"{path}: is more than the {limit} {what} may be; is it the right file?")
    return data
