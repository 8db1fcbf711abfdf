"""Outputs appear complete or not at all.

``staged_folder(target)`` gives a temporary folder beside ``target`` (same file system, so a
move is a rename); the caller writes every output there. When the block ends normally the
files are moved into ``target`` (created if missing) in one shielded step: SIGINT and SIGTERM
wait until it is done. When it ends by any exception (a write failure, Ctrl-C, ``kill``), the
temporary folder is removed and ``target`` is left exactly as it was. ``write_file`` does the
same for one file (written beside it, then renamed over it).

Any ``OSError`` on the way becomes ``OutputError`` (exit 2) naming the path and the reason
(permission denied, no space left on device, not a folder...).
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from glutecoach import interrupts
from glutecoach.errors import OutputError

TEMP_MARK = ".glutecoach-tmp-"


def _reason(exc: OSError) -> str:
    return exc.strerror or str(exc) or type(exc).__name__


def output_error(path: Path, exc: OSError, what: str = "cannot write") -> OutputError:
    """``OutputError``: ``what`` failed on ``path`` (the file named by the error if any)."""
    where = exc.filename if isinstance(exc.filename, str) else str(path)
    return OutputError(f"{what} {where}: {_reason(exc)}. Nothing was written to {path}")


def _parent(target: Path) -> Path:
    parent = target.absolute().parent
    blocker = next((p for p in (parent, *parent.parents) if p.exists() and not p.is_dir()), None)
    if blocker is not None:
        raise OutputError(
            f"cannot create the folder {parent}: {blocker} is a file, not a folder. Nothing was "
            f"written to {target}"
        )
    try:
        parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise output_error(target, exc, "cannot create the folder") from None
    return parent


def write_staged(target: Path, write: Callable[[Path], dict[str, Path]]) -> dict[str, Path]:
    """``write(staging)`` in a ``staged_folder`` beside ``target``; the files it names
    (``kind -> path``), as they are named once moved into ``target``."""
    with staged_folder(target) as staging:
        written = write(staging)
    return {kind: target / path.relative_to(staging) for kind, path in written.items()}


@contextmanager
def staged_folder(target: Path) -> Iterator[Path]:
    """A temporary folder beside ``target``; its files replace ``target``'s on success."""
    target = Path(target)
    if target.exists() and not target.is_dir():
        raise OutputError(f"{target} is a file, not a folder; give a folder for the outputs")
    parent = _parent(target)
    staging: Path | None = None
    try:
        try:
            with interrupts.shielded():  # a signal acts once the folder is made and named
                staging = Path(tempfile.mkdtemp(prefix=f".{target.name}{TEMP_MARK}", dir=parent))
        except OSError as exc:
            raise output_error(target, exc, "cannot create a temporary folder in") from None
        try:
            yield staging
        except OSError as exc:
            raise output_error(target, exc) from None
        _move_into(staging, target)
    finally:
        if staging is not None:
            with interrupts.shielded():
                shutil.rmtree(staging, ignore_errors=True)


def _move_into(staging: Path, target: Path) -> None:
    with interrupts.shielded():
        try:
            if not target.exists():
                staging.rename(target)
            else:
                for item in sorted(staging.iterdir()):
                    os.replace(item, target / item.name)
        except OSError as exc:
            raise output_error(target, exc, "cannot move the finished files into") from None
        interrupts.record_done(f"the outputs were written to {target}")


@contextmanager
def staged_file(path: Path) -> Iterator[Path]:
    """A temporary path beside ``path``; renamed over ``path`` when the block ends normally,
    removed otherwise."""
    path = Path(path)
    if path.is_dir():
        raise OutputError(f"{path} is a folder; give a file name to write")
    parent = _parent(path)
    staging: Path | None = None
    try:
        try:
            with interrupts.shielded():  # a signal acts once the file is made and named
                handle, name = tempfile.mkstemp(prefix=f".{path.name}{TEMP_MARK}", dir=parent)
                os.close(handle)
                staging = Path(name)
        except OSError as exc:
            raise output_error(path, exc, "cannot create a temporary file beside") from None
        try:
            yield staging
            with interrupts.shielded():
                os.replace(staging, path)
                interrupts.record_done(f"{path} was written")
        except OSError as exc:
            raise output_error(path, exc) from None
    finally:
        if staging is not None:
            staging.unlink(missing_ok=True)


def write_file(path: Path, data: bytes | str) -> Path:
    """Write ``path`` whole or not at all (a temporary file beside it, then renamed)."""
    payload = data.encode("utf-8") if isinstance(data, str) else data
    with staged_file(path) as staging:
        staging.write_bytes(payload)
    return Path(path)
