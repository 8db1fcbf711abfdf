"""``glutecoach gait`` and ``gait-history``: bad input exits 2 without a traceback; the --json
contract; --save then gait-history on a fresh SQLite database. The runner is SYNTHETIC
(rear-view keypoints from tests/analysis/test_gait.py, fed with --keypoints next to a small
synthetic video), so no pose model runs here."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import numpy as np

from glutecoach.domain.gait import GAIT_SCHEMA_VERSION
from glutecoach.storage.unit_of_work import open_database
from glutecoach.vision.backends import PoseEstimate
from glutecoach.vision.keypoint_file import write_keypoints
from tests.analysis.test_gait import rear_running_series
from tests.cli import support
from tests.cli.support import assert_clear_failure
from tests.storage import factories as f
from tests.videos import SyntheticVideo


def run_cli(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return support.invoke(*args, env={**os.environ, "COLUMNS": "120", **(env or {})})


def _keypoints(tmp_path: Path, duration_s: float = 6.0) -> Path:
    pose = rear_running_series(duration_s=duration_s).pose
    estimate = PoseEstimate(pose, np.ones(pose.n_frames, dtype=np.bool_))
    return write_keypoints(tmp_path / "keypoints.json", estimate)


def test_bad_files_and_flags(tmp_path: Path, synthetic_video: SyntheticVideo) -> None:
    text = tmp_path / "run.mp4"
    text.write_text("not a video\n")
    assert_clear_failure(run_cli("gait", str(text)), "not a video")
    assert_clear_failure(run_cli("gait", str(tmp_path / "nope.mp4")), "nope.mp4")
    clip = synthetic_video(frames=10)
    bad_view = run_cli("gait", str(clip), "--view", "top")
    assert bad_view.returncode == 2
    assert "Traceback" not in bad_view.stderr
    assert_clear_failure(run_cli("gait-history", "--out", str(tmp_path / "x.txt")), ".png")


def test_no_person_in_frame(synthetic_video: SyntheticVideo) -> None:
    clip = synthetic_video(frames=20)
    done = run_cli("gait", str(clip), "--no-video")
    assert_clear_failure(done, "no person was found")
    # not at a terminal: progress lines on stderr, the last at 100 %
    progress = [line for line in done.stderr.splitlines() if line.startswith("Finding the")]
    assert progress
    assert " 100 % (" in progress[-1]


def test_wrong_view_is_exit_2(tmp_path: Path, synthetic_video: SyntheticVideo) -> None:
    clip = synthetic_video(frames=20, size=(640, 480))
    keypoints = _keypoints(tmp_path, duration_s=3.0)
    done = run_cli("gait", str(clip), "--keypoints", str(keypoints), "--view", "side")
    assert_clear_failure(done, "looks filmed from the back")


def test_json_contract_save_and_history(tmp_path: Path, synthetic_video: SyntheticVideo) -> None:
    clip = synthetic_video(frames=20, size=(640, 480))
    keypoints = _keypoints(tmp_path)
    db_file = tmp_path / "gait.sqlite"
    env = {"GLUTECOACH_DATABASE_URL": f"sqlite:///{db_file}"}
    db = open_database(f"sqlite:///{db_file}")
    try:
        with db.unit_of_work() as uow:
            uow.runners.add(f.profile("Gait Runner"))
    finally:
        db.dispose()

    out = tmp_path / "out"
    done = run_cli(
        "gait", str(clip), "--keypoints", str(keypoints), "--json", "--save",
        "--out", str(out), "--no-video", env=env,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert data["schema_version"] == GAIT_SCHEMA_VERSION
    assert data["kind"] == "running-gait"
    assert data["view"] == "back"
    assert abs(data["cadence_spm"] - 180.0) < 1e-6
    assert {s["side"] for s in data["sides"]} == {"left", "right"}
    left = next(s for s in data["sides"] if s["side"] == "left")
    assert abs(left["metrics"]["pelvic_drop_deg"]["mean"] - 4.0) < 0.5
    assert all(set(s) >= {"index", "side", "contact_s", "midstance_s"} for s in data["steps"])
    assert "Saved this gait check for Gait Runner" in done.stderr
    for name in ("gait.json", "gait_frames.csv", "gait_report.html", "keypoints.json"):
        assert (out / name).is_file(), name
    html = (out / "gait_report.html").read_text()
    assert "<svg" in html
    assert "Bramah" in html
    assert (out / "gait_frames.csv").read_text().startswith("t_s,step_index")

    summary = run_cli("gait", str(clip), "--keypoints", str(keypoints), "--save", env=env)
    assert summary.returncode == 0, summary.stderr
    assert "cadence 180 steps/min" in summary.stdout

    png = tmp_path / "history.png"
    history = run_cli("gait-history", "--out", str(png), env=env)
    assert history.returncode == 0, history.stderr
    assert "2 gait checks" in history.stdout
    assert png.read_bytes().startswith(b"\x89PNG")
