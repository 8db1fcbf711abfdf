"""The bad-input corpus's world: a folder holding what a runner already has (a database with a
plan and a logged session, earlier outputs, an earlier export) and the bad inputs themselves
(profiles, exports, videos, keypoint files). It is built once per test session and copied for
each case, so every case starts from the same state and can be checked to leave it unchanged.

Every file here is generated: tiny synthetic videos written with our own encoder, sound from
the ffmpeg binary that ships with imageio-ffmpeg, synthetic running keypoints.
"""

from __future__ import annotations

import copy
import datetime as dt
import hashlib
import json
import os
import sqlite3
import subprocess
import wave
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

from glutecoach.analysis.synthetic import single_leg_squat_series
from glutecoach.domain.log import SessionLog
from glutecoach.library.loader import load_library
from glutecoach.services import training
from glutecoach.services.checked_sets import LogRequest, log_check
from glutecoach.services.gait import GaitOptions, run_gait
from glutecoach.services.profiles import load_profile
from glutecoach.services.technique import CheckOptions, run_check
from glutecoach.storage import open_database
from glutecoach.storage.exchange import JSON_FILE_NAME, export_database
from glutecoach.vision import VideoEncoder
from glutecoach.vision.backends import PoseEstimate
from glutecoach.vision.encoder import ffmpeg_executable
from glutecoach.vision.keypoint_file import write_keypoints
from tests.analysis.test_gait import rear_running_series

REPO = Path(__file__).resolve().parents[2]
PROFILE = REPO / "examples" / "pfp-runner.toml"
TODAY = dt.date.today()
START = TODAY - dt.timedelta(days=30)
LOGGED = START + dt.timedelta(days=2)
FREE_DAY = START + dt.timedelta(days=5)
LOG_SET = "step-down:left reps=10 good=9 pain=2"

Export = dict[str, Any]


def _video(path: Path, frames: int = 8, size: tuple[int, int] = (640, 480)) -> Path:
    width, height = size
    with VideoEncoder(path, size, 25.0) as encoder:
        for i in range(frames):
            image = np.full((height, width, 3), 110, dtype=np.uint8)
            image[:, (i * 7) % (width - 20) :][:, :20] = 250
            encoder.write(image)
    return path


def _keypoints(path: Path, pose_change: Callable[[Any], Any] | None = None, **kw: Any) -> Path:
    pose = rear_running_series(duration_s=6.0, **kw).pose
    if pose_change is not None:
        pose = pose_change(pose)
    return write_keypoints(path, PoseEstimate(pose, np.ones(pose.n_frames, dtype=np.bool_)))


def _turned(pose: Any) -> Any:
    """The runner turned a quarter turn, as in a phone clip recorded sideways."""
    points = pose.points_px.copy()
    x, y = points[..., 0].copy(), points[..., 1].copy()
    points[..., 0], points[..., 1] = 1.3 * y, 480.0 - 0.7 * x  # still inside the 640x480 frame
    return pose.with_points(points, pose.visibility)


def _profiles(folder: Path) -> None:
    folder.mkdir()
    good = PROFILE.read_text()
    (folder / "binary.toml").write_bytes(b"\xff\xfe\x00name")
    (folder / "bad.toml").write_text("name = 'x\nstrength = \n")
    (folder / "unknown-field.toml").write_text(good + "\nshoe_size = 44\n")
    (folder / "missing.toml").write_text(good.replace('strength_experience = "novice"', ""))
    (folder / "pain.toml").write_text(good.replace("single-leg-squat = 6", "single-leg-squat = 11"))
    (folder / "escape.toml").write_text(
        good.replace('name = "Runner with knee pain"', 'name = "Evil \\u001b[31mred"')
    )
    (folder / "km.toml").write_text(
        good.replace("weekly_running_km = 30", "weekly_running_km = -5")
    )
    (folder / "condition.toml").write_text(good.replace('"patellofemoral-pain"', '"broken-leg"'))
    (folder / "minutes.toml").write_text(
        good.replace("minutes_per_session = 25", "minutes_per_session = 500")
    )
    (folder / "no-running.toml").write_text(good.split("[running]")[0])
    (folder / "huge.toml").write_text(good + "#" * (1 << 20) + "\n")
    (folder / "folder.toml").mkdir()
    os.mkfifo(folder / "fifo.toml")


def _edit_rows(document: Export, table: str, change: Callable[[dict[str, Any]], None]) -> Export:
    edited = copy.deepcopy(document)
    change(edited["tables"][table][-1])
    return edited


def _imports(folder: Path, document: Export) -> None:
    """One export per way an edited or foreign export can be wrong."""

    def tables(change: Callable[[dict[str, Any]], None]) -> Export:
        edited = copy.deepcopy(document)
        change(edited["tables"])
        return edited

    def top(key: str, value: Any) -> Export:
        return {**copy.deepcopy(document), key: value}

    cases: dict[str, Export | str] = {
        "reps-negative": _edit_rows(document, "set_logs", lambda r: r.update(reps_done=-50)),
        "reps-text": _edit_rows(document, "set_logs", lambda r: r.update(reps_done="ten")),
        "morning-pain": _edit_rows(
            document, "session_logs", lambda r: r.update(next_morning_pain=99)
        ),
        "no-set-logs": tables(lambda t: t.pop("set_logs")),
        "format": top("format", "something-else"),
        "format-version": top("format_version", 99),
        "schema-version": top("schema_version", "9999"),
        "unknown-column": _edit_rows(document, "set_logs", lambda r: r.update(shoe_size=44)),
        "dangling": _edit_rows(document, "set_logs", lambda r: r.update(session_log_id="nope")),
        "duplicate": tables(lambda t: t["runners"].append(copy.deepcopy(t["runners"][0]))),
        "escape-name": _edit_rows(
            document,
            "runners",
            lambda r: (r.update(name="Evil \x1b[31m"), r["profile"].update(name="Evil \x1b[31m")),
        ),
        "bad-date": _edit_rows(document, "session_logs", lambda r: r.update(date="2026-02-30")),
        "naive-stamp": _edit_rows(
            document, "session_logs", lambda r: r.update(created_at="2026-11-25T07:30:00")
        ),
        "unknown-exercise": _edit_rows(
            document, "set_logs", lambda r: r.update(variation_id="moon-walk")
        ),
        "good-above-done": _edit_rows(
            document, "set_logs", lambda r: r.update(good_form_reps=80, reps_done=10)
        ),
        "not-json": "{ this is not json",
    }
    for name, content in cases.items():
        target = folder / name
        target.mkdir(parents=True)
        text = content if isinstance(content, str) else json.dumps(content)
        (target / JSON_FILE_NAME).write_text(text)


def _videos(folder: Path) -> None:
    folder.mkdir()
    good = _video(folder / "clip.mp4")
    (folder / "text.mp4").write_text("these are my notes\n" * 20)
    (folder / "empty.mp4").write_bytes(b"")
    (folder / "truncated.mp4").write_bytes(good.read_bytes()[:1500])
    (folder / "image.mp4").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(600))
    with wave.open(str(folder / "sound.mp4"), "wb") as sound:
        sound.setnchannels(1)
        sound.setsampwidth(2)
        sound.setframerate(8000)
        sound.writeframes(bytes(16000))
    subprocess.run(
        [ffmpeg_executable(), "-hide_banner", "-loglevel", "error", "-f", "lavfi", "-i",
         "sine=frequency=440:duration=1", "-c:a", "aac", "-y", str(folder / "audio-only.mp4")],
        check=True, capture_output=True, timeout=60,
    )  # fmt: skip
    (folder / "folder.mp4").mkdir()


def _key_files(folder: Path) -> None:
    folder.mkdir()
    _keypoints(folder / "running.json")
    _keypoints(folder / "turned.json", _turned)
    _keypoints(folder / "walking.json", cadence_spm=100.0)
    (folder / "broken.json").write_text('{"schema": "blazepose-33", "frames": [1, 2')
    os.mkfifo(folder / "fifo.json")


def _log_checked_clip(folder: Path) -> None:
    """A step-down set checked from ``videos/squat.mp4`` and logged into the session of
    ``LOGGED`` (synthetic squat keypoints, so no pose model runs)."""
    series = single_leg_squat_series(n_reps=3)
    estimate = PoseEstimate(series.pose, np.ones(series.pose.n_frames, dtype=np.bool_))
    keypoints = write_keypoints(folder / "keypoints" / "squat.json", estimate)
    clip = _video(folder / "videos" / "squat.mp4", frames=12)
    library = load_library()
    outcome = run_check(library, clip, "step-down", CheckOptions(keypoints=keypoints))
    with open_database(f"sqlite:///{folder / 'db.sqlite'}") as db:
        log_check(db, library, outcome.result, LogRequest(None, LOGGED, 1), clip.name)


def _foreign_database(path: Path) -> None:
    connection = sqlite3.connect(path)
    connection.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT)")
    connection.execute("INSERT INTO notes (text) VALUES ('my recipes')")
    connection.commit()
    connection.close()


def build(folder: Path) -> Path:
    """Write the whole world into ``folder``."""
    library = load_library()
    database = folder / "db.sqlite"
    with open_database(f"sqlite:///{database}") as db:
        training.create_plan(db, library, load_profile(PROFILE), START)
        from glutecoach.cli.setspec import parse_set

        log = SessionLog(date=LOGGED, sets=(parse_set(LOG_SET),), pain_before=1)
        training.log_session(db, library, None, log)
        export_database(db, folder / "backup")
        document = json.loads((folder / "backup" / JSON_FILE_NAME).read_text())
    _profiles(folder / "profiles")
    _imports(folder / "imports", document)
    _videos(folder / "videos")
    _key_files(folder / "keypoints")
    outcome = run_gait(
        folder / "videos" / "clip.mp4",
        GaitOptions(keypoints=folder / "keypoints" / "running.json", annotate=False),
        folder / "gait-out",
    )
    assert outcome.files
    (folder / "plan.ics").write_text("BEGIN:VCALENDAR\nEND:VCALENDAR\n")
    (folder / "a-file").write_text("not a folder\n")
    _log_checked_clip(folder)
    _foreign_database(folder / "recipes.sqlite")
    (folder / "text.db").write_text("these are my running notes, not a database\n" * 50)
    return folder


def database_rows(path: Path) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table of an SQLite file (empty when the file does not exist)."""
    if not path.exists() or path.stat().st_size == 0:
        return {}
    connection = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        names = [
            r[0]
            for r in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
            if r[0] != "alembic_version"
        ]
        return {
            n: sorted(connection.execute(f'SELECT * FROM "{n}"').fetchall(), key=repr)
            for n in names
        }
    except sqlite3.DatabaseError:
        return {"<not a database>": [(path.read_bytes()[:64],)]}
    finally:
        connection.close()


def snapshot(folder: Path) -> dict[str, Any]:
    """What a case must leave unchanged: every file's content (databases by their rows, so
    SQLite's own side files do not count), and every folder."""
    state: dict[str, Any] = {}
    for path in sorted(folder.rglob("*")):
        name = str(path.relative_to(folder))
        if path.name.endswith(("-wal", "-shm", "-journal")):
            continue
        if path.is_fifo():
            state[name] = "fifo"
        elif path.is_dir():
            state[name] = "folder"
        elif path.suffix in {".sqlite", ".db"}:
            rows = database_rows(path)
            if any(rows.values()) or path.name in {"db.sqlite", "recipes.sqlite", "text.db"}:
                state[name] = rows
            if path.name == "recipes.sqlite" or path.name == "text.db":
                state[name + " bytes"] = hashlib.sha256(path.read_bytes()).hexdigest()
        else:
            state[name] = hashlib.sha256(path.read_bytes()).hexdigest()
    return state
