"""The band a set was done with, through the CLI in process: ``log --set ... band=NAME`` stores
it, ``log`` shows it (text and JSON), export and import carry it, and a wrong name is refused
with a clear message and exit 2."""

from __future__ import annotations

import csv
import json
import os
from pathlib import Path

from tests.cli.support import invoke
from tests.scenarios.profiles import THREE_BANDS


def test_a_logged_band_is_stored_shown_exported_and_imported(tmp_path: Path) -> None:
    profile = tmp_path / "band.toml"
    profile.write_text(THREE_BANDS, encoding="utf-8")
    env = {**os.environ, "GLUTECOACH_DATABASE_URL": f"sqlite:///{tmp_path / 'a.db'}"}
    assert (
        invoke("plan", "--profile", str(profile), "--start", "2026-11-23", env=env).returncode == 0
    )
    # Banded clam is above this novice's first rungs: --force logs it anyway.
    vid = "banded-clam"
    flags = [
        arg
        for side in ("left", "right")
        for arg in ("--set", f"{vid}:{side} reps=12 good=12 band=medium pain=0")
    ]
    done = invoke("log", "--date", "2026-11-24", *flags, "--json", "--force", env=env)
    assert done.returncode == 0, done.stderr
    logged = json.loads(done.stdout)
    assert logged["session"]["bands"] == {vid: ["medium"]}

    out = tmp_path / "export"
    assert invoke("export", "--out", str(out), env=env).returncode == 0
    with (out / "set_logs.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert {r["band"] for r in rows} == {"medium"}
    document = json.loads((out / "glutecoach-export.json").read_text(encoding="utf-8"))
    assert {r["band"] for r in document["tables"]["set_logs"]} == {"medium"}

    other = {**os.environ, "GLUTECOACH_DATABASE_URL": f"sqlite:///{tmp_path / 'b.db'}"}
    restored = invoke("import", str(out), env=other)
    assert restored.returncode == 0, restored.stderr
    again = tmp_path / "again"
    assert invoke("export", "--out", str(again), env=other).returncode == 0
    assert (again / "set_logs.csv").read_text() == (out / "set_logs.csv").read_text()


def test_the_text_output_names_the_band_and_a_wrong_name_is_refused(tmp_path: Path) -> None:
    profile = tmp_path / "band.toml"
    profile.write_text(THREE_BANDS, encoding="utf-8")
    env = {
        **os.environ,
        "GLUTECOACH_DATABASE_URL": f"sqlite:///{tmp_path / 'a.db'}",
        "COLUMNS": "200",
    }
    assert (
        invoke("plan", "--profile", str(profile), "--start", "2026-11-23", env=env).returncode == 0
    )
    bad = invoke(
        "log", "--date", "2026-11-24", "--set", "banded-clam:left reps=12 good=12 band=purple",
        "--force", env=env,
    )  # fmt: skip
    assert bad.returncode == 2
    assert "Traceback" not in bad.stderr
    assert "band" in bad.stderr
    assert "purple" in bad.stderr
    assert "light" in bad.stderr  # the names it accepts
    done = invoke(
        "log", "--date", "2026-11-24",
        "--set", "banded-clam:left reps=12 good=12 band=heavy pain=0",
        "--set", "banded-clam:right reps=12 good=12 band=extra-light pain=0",
        "--force", env=env,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "Bands used: Banded clam: heavy and extra light bands." in " ".join(done.stdout.split())
