"""The bad-input corpus: each case runs the real ``glutecoach`` entry point (in this process,
for speed; the signal and exit-code cases in ``test_signals.py`` run it in a subprocess) on a
copy of the corpus world, and asserts:

- the exit code (2 for what the user gave, 4 for a database that cannot be used);
- no traceback, and the message naming what is wrong;
- that nothing the runner had changed: the database's rows, earlier outputs and exports, and
  every other file and folder (``world.snapshot``); no password in the output.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from glutecoach.cli.app import main
from glutecoach.interrupts import HANDLED
from tests.corpus import world

W = world


@dataclass(frozen=True)
class Case:
    id: str
    args: tuple[str, ...]
    code: int
    message: str
    absent: str = ""
    """Text that must not appear in the output (e.g. a password)."""


def case(id_: str, args: str | tuple[str, ...], code: int, message: str, absent: str = "") -> Case:
    parts = tuple(args.split()) if isinstance(args, str) else args
    return Case(id_, parts, code, message, absent)


D = "--database"
LOGGED = W.LOGGED.isoformat()
FREE = W.FREE_DAY.isoformat()
FUTURE = (W.TODAY + __import__("datetime").timedelta(days=3)).isoformat()

PROFILES = [
    case("profile-missing", "recommend --profile {w}/profiles/nope.toml", 2, "no such file"),
    case("profile-folder", "recommend --profile {w}/profiles/folder.toml", 2, "is a folder"),
    case("profile-dev-zero", "recommend --profile /dev/zero", 2, "device or special file"),
    case("profile-fifo", "recommend --profile {w}/profiles/fifo.toml", 2, "FIFO"),
    case("profile-huge", "plan --profile {w}/profiles/huge.toml", 2, "more than the 1 MiB"),
    case("profile-binary", "plan --profile {w}/profiles/binary.toml", 2, "not a text file"),
    case("profile-toml", "plan --profile {w}/profiles/bad.toml", 2, "not valid TOML"),
    case("profile-unknown", "plan --profile {w}/profiles/unknown-field.toml", 2, "unknown field"),
    case("profile-missing-field", "plan --profile {w}/profiles/missing.toml", 2, "missing"),
    case("profile-pain-11", "plan --profile {w}/profiles/pain.toml", 2, "use a score from 0 to 10"),
    case("profile-escape", "plan --profile {w}/profiles/escape.toml", 2, "control characters"),
    case("profile-km", "plan --profile {w}/profiles/km.toml", 2, "greater than or equal to 0"),
    case("profile-condition", "plan --profile {w}/profiles/condition.toml", 2, "broken-leg"),
    case("profile-minutes", "plan --profile {w}/profiles/minutes.toml", 2, "less than or equal"),
    case("profile-no-running", "plan --profile {w}/profiles/no-running.toml", 2, "[running]"),
]

LOGS = [
    case("log-empty-set", ("log", "--date", FREE, "--set", ""), 2, "--set is empty"),
    case("log-reps-text", ("log", "--date", FREE, "--set", "clam reps=ten good=1"), 2,
         "reps must be a number"),
    case("log-reps-negative", ("log", "--date", FREE, "--set", "clam reps=-50 good=0"), 2,
         "reps done is -50"),
    case("log-good-above", ("log", "--date", FREE, "--set", "clam reps=10 good=12"), 2,
         "cannot exceed reps done"),
    case("log-unknown-exercise", ("log", "--date", FREE, "--set", "moonwalk reps=1 good=1"), 2,
         "No exercise with id 'moonwalk'"),
    case("log-no-good", ("log", "--date", FREE, "--set", "clam reps=10"), 2, "good=N"),
    case("log-bad-side", ("log", "--date", FREE, "--set", "clam:up reps=10 good=10"), 2, "'up'"),
    case("log-pain-99", ("log", "--date", FREE, "--set", "clam reps=10 good=9 pain=99"), 2,
         "pain during the set is 99"),
    case("log-control-chars", ("log", "--date", FREE, "--set", "clam\x1b[2J reps=1 good=1"), 2,
         "control characters"),
    case("log-1900", ("log", "--date", "1900-01-01", "--set", W.LOG_SET), 2,
         "before the plan starts"),
    case("log-2100", ("log", "--date", "2100-01-01", "--set", W.LOG_SET), 2, "in the future"),
    case("log-future", ("log", "--date", FUTURE, "--set", W.LOG_SET), 2, "in the future"),
    case("log-excluded", ("log", "--date", FREE, "--set", "single-leg-squat:left reps=8 good=8"),
         2, "the plan leaves out Single-leg squat because it hurts 6/10"),
    case("log-bad-date", ("log", "--date", "2026-13-01", "--set", W.LOG_SET), 2, "not a date"),
    case("log-pain-before", ("log", "--pain-before", "11", "--set", W.LOG_SET), 2,
         "Invalid value for '--pain-before': Input should be less than or equal to 10"),
    case("log-twice", ("log", "--date", LOGGED, "--set", W.LOG_SET), 2, "already logged"),
    case("log-no-sets", ("log", "--date", FREE), 2, "give the sets with --set"),
    case("log-unknown-runner", ("log", "--runner", "Zed", "--set", W.LOG_SET), 2,
         "no runner 'Zed'"),
    case("morning-pain-11", "morning-pain 11", 2, "less than or equal to 10"),
    case("morning-pain-no-session", ("morning-pain", "2", "--session", FREE), 2,
         f"no session logged on {FREE}"),
]  # fmt: skip

DATABASES = [
    case("db-url-no-slashes", ("today", D, "postgresql:/coach:secret@host/db"), 2,
         "has no '//'", absent="secret"),
    case("db-colons", ("today", D, "::::"), 2, "neither a URL nor a usable file path"),
    case("db-unknown-scheme", ("today", D, "mysql://coach:secret@host/db"), 2,
         "does not support", absent="secret"),
    case("db-no-host", ("today", D, "postgresql://coach:secret@/db"), 2, "names no server",
         absent="secret"),
    case("db-sqlite-host", ("today", D, "sqlite://host/x.db"), 2, "gives a host for SQLite"),
    case("db-foreign-sqlite", ("today", D, "{w}/recipes.sqlite"), 2,
         "another program's SQLite database (tables: notes)"),
    case("db-text-file", ("today", D, "{w}/text.db"), 4, "file is not a database"),
    case("db-unreachable", ("today", D, "postgresql://coach:secret@127.0.0.1:1/db"), 4,
         "cannot open the database", absent="secret"),
    case("db-empty", ("today", D, "{w}/new.db"), 2, "no runner in the database yet"),
]  # fmt: skip

IMPORTS = [
    case("import-reps-negative", "import {w}/imports/reps-negative --database {w}/new.db", 2,
         "table 'set_logs', row 1 (session log"),
    case("import-reps-text", "import {w}/imports/reps-text --database {w}/new.db", 2,
         "field 'reps_done': 'ten' is not a whole number"),
    case("import-morning-pain", "import {w}/imports/morning-pain --database {w}/new.db", 2,
         "field 'next_morning_pain': next-morning pain is 99"),
    case("import-no-set-logs", "import {w}/imports/no-set-logs --database {w}/new.db", 2,
         "table 'set_logs': missing from the export"),
    case("import-format", "import {w}/imports/format --database {w}/new.db", 2,
         "not a glutecoach export"),
    case("import-format-version", "import {w}/imports/format-version --database {w}/new.db", 2,
         "export format version 99"),
    case("import-schema-version", "import {w}/imports/schema-version --database {w}/new.db", 2,
         "schema revision '9999'"),
    case("import-unknown-column", "import {w}/imports/unknown-column --database {w}/new.db", 2,
         "field 'shoe_size': no such column"),
    case("import-dangling", "import {w}/imports/dangling --database {w}/new.db", 2,
         "names no row of 'session_logs'"),
    case("import-duplicate", "import {w}/imports/duplicate --database {w}/new.db", 2,
         "appears twice"),
    case("import-escape-name", "import {w}/imports/escape-name --database {w}/new.db", 2,
         "control characters"),
    case("import-bad-date", "import {w}/imports/bad-date --database {w}/new.db", 2,
         "field 'date': '2026-02-30' is not a date"),
    case("import-naive-stamp", "import {w}/imports/naive-stamp --database {w}/new.db", 2,
         "has no time zone"),
    case("import-unknown-exercise", "import {w}/imports/unknown-exercise --database {w}/new.db",
         2, "No exercise with id 'moon-walk'"),
    case("import-good-above", "import {w}/imports/good-above-done --database {w}/new.db", 2,
         "cannot exceed reps done"),
    case("import-not-json", "import {w}/imports/not-json --database {w}/new.db", 2,
         "cannot read the export"),
    case("import-missing", "import {w}/imports/nothing-here --database {w}/new.db", 2,
         "no such file"),
    case("import-non-empty", "import {w}/backup", 2, "already holds data"),
]  # fmt: skip

KP = "--keypoints {w}/keypoints/running.json"
VIDEOS = [
    case("video-text", f"gait {{w}}/videos/text.mp4 {KP}", 2, "is a text file, not a video"),
    case("video-empty", f"gait {{w}}/videos/empty.mp4 {KP}", 2, "is empty (0 bytes)"),
    case("video-truncated", f"gait {{w}}/videos/truncated.mp4 {KP}", 2, "the file is damaged"),
    case("video-image", f"gait {{w}}/videos/image.mp4 {KP}", 2, "is a PNG image, not a video"),
    case("video-wav", f"gait {{w}}/videos/sound.mp4 {KP}", 2, "is a WAV audio file, not a video"),
    case("video-audio-only", f"gait {{w}}/videos/audio-only.mp4 {KP}", 2, "holds only sound"),
    case("video-folder", f"gait {{w}}/videos/folder.mp4 {KP}", 2, "is a folder, not a video"),
    case("video-missing", f"gait {{w}}/videos/nope.mp4 {KP}", 2, "video file not found"),
    case("check-video-text", "check {w}/videos/text.mp4 -e clam", 2, "is a text file"),
    case("check-log-no-pain", "check {w}/videos/clip.mp4 -e clam --log", 2, "--pain 0-10"),
    case(
        "check-same-clip-twice",
        f"check {{w}}/videos/squat.mp4 -e step-down --keypoints {{w}}/keypoints/squat.json "
        f"--log --pain 1 --date {LOGGED}",
        2,
        f"this clip was already logged into the session of {LOGGED} (as 'squat.mp4'",
    ),
    case(
        "check-log-excluded",
        f"check {{w}}/videos/squat.mp4 -e single-leg-squat --keypoints "
        f"{{w}}/keypoints/squat.json --log --pain 1 --date {FREE}",
        2,
        "the plan leaves out Single-leg squat",
    ),
    case(
        "check-log-future",
        "check {w}/videos/squat.mp4 -e step-down --keypoints {w}/keypoints/squat.json "
        "--log --pain 1 --date 2100-01-01",
        2,
        "2100-01-01 is in the future",
    ),
]

KEYPOINTS = [
    case("keypoints-missing", "gait {w}/videos/clip.mp4 --keypoints {w}/keypoints/no.json", 2,
         "keypoint file or folder not found"),
    case("keypoints-broken", "gait {w}/videos/clip.mp4 --keypoints {w}/keypoints/broken.json", 2,
         "broken.json"),
    case("keypoints-fifo", "gait {w}/videos/clip.mp4 --keypoints {w}/keypoints/fifo.json", 2,
         "FIFO"),
    case("keypoints-turned", "gait {w}/videos/clip.mp4 --keypoints {w}/keypoints/turned.json", 2,
         "does not show running"),
    case("keypoints-walking",
         "gait {w}/videos/clip.mp4 --keypoints {w}/keypoints/walking.json", 2,
         "slower than running"),
]  # fmt: skip

GOOD_GAIT = f"gait {{w}}/videos/clip.mp4 {KP} --no-video"
OUTPUTS = [
    case("out-is-a-file", f"{GOOD_GAIT} --out {{w}}/a-file", 2, "is a file, not a folder"),
    case("out-under-a-file", f"{GOOD_GAIT} --out {{w}}/a-file/sub", 2, "cannot create the folder"),
    case("export-over-export", "export --out {w}/backup", 2, "already holds an export"),
    case(
        "calendar-under-file",
        "calendar --out {w}/a-file/plan.ics",
        2,
        "a-file is a file, not a folder",
    ),
    case("calendar-at", "calendar --out {w}/plan.ics --at 25:99", 2, "is not a time"),
    case("handout-suffix", "handout --out {w}/plan.txt", 2, ".html or .pdf"),
    case("gait-history-suffix", "gait-history --out {w}/x.jpg", 2, "must be a .png"),
    case("progress-under-file", "progress --out {w}/a-file/charts", 2, "cannot create"),
]

CASES = PROFILES + LOGS + DATABASES + IMPORTS + VIDEOS + KEYPOINTS + OUTPUTS


@pytest.fixture(scope="session")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return world.build(tmp_path_factory.mktemp("corpus") / "world")


def copy_file(source: str, target: str) -> None:
    """Copy a file of the world; a FIFO is made anew (reading it would wait forever)."""
    if Path(source).is_fifo():
        os.mkfifo(target)
    else:
        shutil.copy2(source, target)


def run_main(args: list[str], monkeypatch: pytest.MonkeyPatch) -> int:
    """``glutecoach ARGS`` through the console entry point, in this process."""
    monkeypatch.setattr(sys, "argv", ["glutecoach", *args])
    saved = {s: signal.getsignal(s) for s in HANDLED}
    try:
        main()
    except SystemExit as exc:
        return exc.code if isinstance(exc.code, int) else 1
    finally:
        for signum, handler in saved.items():
            signal.signal(signum, handler)
    return 0


def flat(text: str) -> str:
    """Output as one line: rich wraps and boxes long lines."""
    return re.sub(r"[\s│╭╮╰╯─]+", " ", text)


def test_the_corpus_is_large_and_names_are_unique() -> None:
    assert len(CASES) >= 60
    assert len({c.id for c in CASES}) == len(CASES)


@pytest.mark.parametrize("bad", CASES, ids=[c.id for c in CASES])
def test_bad_input(
    bad: Case,
    template: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    here = tmp_path / "world"
    shutil.copytree(template, here, copy_function=copy_file)
    monkeypatch.chdir(here)
    monkeypatch.setenv("GLUTECOACH_DATABASE_URL", f"sqlite:///{here}/db.sqlite")
    monkeypatch.setenv("COLUMNS", "200")
    before = world.snapshot(here)
    code = run_main([a.replace("{w}", str(here)) for a in bad.args], monkeypatch)
    out, err = capsys.readouterr()
    shown = flat(out + err)
    assert code == bad.code, shown
    assert "Traceback" not in out + err
    assert flat(bad.message) in shown
    if bad.absent:
        assert bad.absent not in out + err
    assert world.snapshot(here) == before
    assert not list(here.rglob("*.glutecoach-tmp-*"))
