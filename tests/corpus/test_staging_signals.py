"""A signal that lands while the temporary folder or file is being made leaves nothing behind.

The subprocess tests in ``test_signals.py`` send their signal as soon as the staging folder
appears, which can be inside ``tempfile.mkdtemp`` itself, before the folder has a name in the
code that removes it. Here the signal is raised at exactly that point.
"""

from __future__ import annotations

import signal
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from glutecoach import atomic_files, interrupts


@pytest.fixture
def handlers() -> Iterator[None]:
    previous = {signum: signal.getsignal(signum) for signum in interrupts.HANDLED}
    interrupts.reset()
    interrupts.install()
    try:
        yield
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)
        interrupts.reset()


def _signal_after(make: object, monkeypatch: pytest.MonkeyPatch, name: str) -> None:
    def made_then_signalled(*args: object, **kwargs: object) -> object:
        result = make(*args, **kwargs)  # type: ignore[operator]
        signal.raise_signal(signal.SIGTERM)
        return result

    monkeypatch.setattr(atomic_files.tempfile, name, made_then_signalled)


@pytest.mark.usefixtures("handlers")
def test_a_signal_while_the_staging_folder_is_made(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _signal_after(tempfile.mkdtemp, monkeypatch, "mkdtemp")
    with (
        pytest.raises(interrupts.Interrupted),
        atomic_files.staged_folder(tmp_path / "out") as staging,
    ):
        (staging / "report.html").write_text("never seen")
    assert list(tmp_path.iterdir()) == []


@pytest.mark.usefixtures("handlers")
def test_a_signal_while_the_staging_file_is_made(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _signal_after(tempfile.mkstemp, monkeypatch, "mkstemp")
    with pytest.raises(interrupts.Interrupted):
        atomic_files.write_file(tmp_path / "plan.ics", "never seen")
    assert list(tmp_path.iterdir()) == []
