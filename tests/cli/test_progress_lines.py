"""Progress without a terminal: a plain line per tenth of the work or per 10 s, whichever
comes first; nothing between; stderr only."""

from __future__ import annotations

from glutecoach.cli.progress import LineSettings, ProgressLines


class Clock:
    def __init__(self) -> None:
        self.now_s = 100.0

    def __call__(self) -> float:
        return self.now_s


def lines_for(updates: list[tuple[float, int, int]]) -> list[str]:
    clock, written = Clock(), []
    lines = ProgressLines(written.append, {"pose": "Finding the pose"}, clock=clock)
    for at_s, done, total in updates:
        clock.now_s = 100.0 + at_s
        lines("pose", done, total)
    return written


def test_a_line_per_tenth_when_work_is_quick() -> None:
    written = lines_for([(i * 0.01, i, 300) for i in range(301)])
    assert len(written) == 10
    assert written[0] == "Finding the pose: 10 % (30 of 300 frames, 0 s)"
    assert written[-1] == "Finding the pose: 100 % (300 of 300 frames, 3 s)"


def test_a_line_every_ten_seconds_when_work_is_slow() -> None:
    # 1 frame a second on 1000 frames: a tenth takes 100 s, so the clock decides
    written = lines_for([(float(i), i, 1000) for i in range(0, 35)])
    assert written == [
        "Finding the pose: 1 % (10 of 1000 frames, 10 s)",
        "Finding the pose: 2 % (20 of 1000 frames, 20 s)",
        "Finding the pose: 3 % (30 of 1000 frames, 30 s)",
    ]


def test_unknown_total_reports_the_count_every_ten_seconds() -> None:
    written = lines_for([(float(i), i * 3, 0) for i in range(0, 25)])
    assert written == [
        "Finding the pose: 30 frames so far (10 s)",
        "Finding the pose: 60 frames so far (20 s)",
    ]


def test_stages_are_counted_apart_and_settings_apply() -> None:
    clock, written = Clock(), []
    lines = ProgressLines(
        written.append, {}, unit="files", settings=LineSettings(step_pct=50), clock=clock
    )
    for done in range(1, 5):
        lines("a", done, 4)
        lines("b", done, 4)
    assert written == [
        "a: 50 % (2 of 4 files, 0 s)",
        "b: 50 % (2 of 4 files, 0 s)",
        "a: 100 % (4 of 4 files, 0 s)",
        "b: 100 % (4 of 4 files, 0 s)",
    ]
