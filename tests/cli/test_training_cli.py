"""The training commands as a runner uses them, on a real SQLite file, in process."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import icalendar

from tests.cli.support import invoke
from tests.conftest import EXAMPLES


class Cli:
    def __init__(self, db: Path, cwd: Path) -> None:
        self.env = {**os.environ, "GLUTECOACH_DATABASE_URL": f"sqlite:///{db}", "COLUMNS": "120"}
        self.cwd = cwd

    def __call__(self, *args: str) -> subprocess.CompletedProcess[str]:
        return invoke(*args, env=self.env, cwd=self.cwd)

    def ok(self, *args: str) -> str:
        done = self(*args)
        assert done.returncode == 0, done.stderr
        assert "Traceback" not in done.stderr
        return done.stdout


def test_profile_to_plan_log_adapt_and_export(tmp_path: Path) -> None:
    cli = Cli(tmp_path / "runner.db", tmp_path)
    out = cli.ok("plan", "--profile", str(EXAMPLES / "pfp-runner.toml"), "--start", "2026-11-23")
    assert "8-week plan for Runner with knee pain" in out
    assert "Body-weight squat" in out  # a novice starts the squat ladder on its first rung

    today = cli.ok("today", "--date", "2026-11-25")
    assert "Today: Wednesday 25 November 2026" in today
    assert "Body-weight squat" in today

    logged = cli.ok(
        "log",
        "--date", "2026-11-25",
        "--pain-before", "1",
        "--set", "squat reps=10 good=9 pain=6",
        "--set", "squat reps=10 good=9 pain=5",
    )  # fmt: skip
    assert "STOP:" in logged  # above 5/10: stop it and see a physiotherapist; the plan rests it
    assert "see a physiotherapist" in logged
    assert "Rest (rule: stop and see a physiotherapist)" in " ".join(logged.split())
    assert "6/10" in logged
    morning = cli.ok("morning-pain", "2")
    assert "Next-morning pain 2/10 recorded" in morning

    history = json.loads(cli.ok("history", "--json"))
    assert history["sessions"][0]["next_morning_pain"] == 2
    step = [d for d in history["decisions"] if d["variation_id"] == "squat"]
    assert step
    assert step[-1]["action"] == "rest"
    assert step[-1]["rule_version"] == "escalation@1"

    later = cli.ok("today", "--date", "2026-11-29")
    # the first rung has no step below: the plan rests it there until it is logged pain-free
    assert "RESTED (see a physiotherapist" in later.split("Warm-up")[1]

    cli.ok("calendar", "--out", "plan.ics")
    calendar = icalendar.Calendar.from_ical((tmp_path / "plan.ics").read_bytes())
    events = [e for e in calendar.walk() if e.name == "VEVENT"]
    assert len(events) == 16
    cli.ok("handout", "--out", "handout.html")
    assert "Body-weight squat" in (tmp_path / "handout.html").read_text()
    cli.ok("handout", "--out", "handout.pdf")
    assert (tmp_path / "handout.pdf").read_bytes().startswith(b"%PDF")
    charts = cli("progress", "--out", "charts")
    assert "Wrote 10 charts" in charts.stdout
    drawn = [line for line in charts.stderr.splitlines() if line.startswith("Drawing the charts")]
    assert len(drawn) == 10  # one file is a tenth of the work: a line each
    assert drawn[0].startswith("Drawing the charts: 10 % (1 of 10 files, ")
    assert "Drawing the charts: 100 % (10 of 10 files" in drawn[-1]
    assert (tmp_path / "charts" / "pain.png").read_bytes().startswith(b"\x89PNG")

    cli.ok("export", "--out", "backup")
    restored = Cli(tmp_path / "restored.db", tmp_path)
    restored.ok("import", "backup")
    restored.ok("export", "--out", "backup2")
    first = json.loads((tmp_path / "backup" / "glutecoach-export.json").read_text())
    second = json.loads((tmp_path / "backup2" / "glutecoach-export.json").read_text())
    assert first["tables"] == second["tables"]
    again = restored("import", "backup")
    assert again.returncode == 2
    assert "already holds data" in again.stderr


def test_bad_training_input_gets_clear_messages(tmp_path: Path) -> None:
    cli = Cli(tmp_path / "runner.db", tmp_path)
    none_yet = cli("today")
    assert none_yet.returncode == 2
    assert "create a plan first" in none_yet.stderr
    cli.ok("plan", "--profile", str(EXAMPLES / "new-runner.toml"), "--start", "2026-11-23")
    bad_set = cli("log", "--date", "2026-11-24", "--set", "clam reps=ten good=8")
    assert bad_set.returncode == 2
    assert "reps must be a number" in bad_set.stderr
    no_good = cli("log", "--date", "2026-11-24", "--set", "clam reps=10")
    assert no_good.returncode == 2
    assert "good=N" in no_good.stderr
    typo = cli("log", "--date", "2026-11-24", "--set", "clamm reps=10 good=8")
    assert typo.returncode == 2
    assert "Did you mean: clam" in typo.stderr
    pain = cli("log", "--date", "2026-11-24", "--set", "clam reps=10 good=8 pain=11")
    assert pain.returncode == 2
    assert "0 (no pain) to 10" in pain.stderr
    date = cli("today", "--date", "25/11/2026")
    assert date.returncode == 2
    assert "YYYY-MM-DD" in date.stderr
    handout = cli("handout", "--out", "plan.docx")
    assert handout.returncode == 2
    assert ".html or .pdf" in handout.stderr
    url = cli("today", "--database", "mysql://x@y/z")
    assert url.returncode == 2
    for done in (none_yet, bad_set, no_good, typo, pain, date, handout, url):
        assert "Traceback" not in done.stderr
    assert cli.ok("history", "--json")


def test_history_reasons_today_after_logging_runners_and_names(tmp_path: Path) -> None:
    cli = Cli(tmp_path / "runner.db", tmp_path)
    assert "No runner in" in cli.ok("runners")
    assert json.loads(cli.ok("runners", "--json")) == {"schema_version": 1, "runners": []}
    cli.ok("plan", "--profile", str(EXAMPLES / "new-runner.toml"), "--start", "2026-11-23")
    logged = cli.ok(
        "log", "--date", "2026-11-23", "--force",
        "--set", "side-lying-hip-abduction:left reps=10 good=9 pain=0",
        "--set", "side-lying-hip-abduction:right reps=10 good=8 pain=1",
        "--set", "side-plank-knees:left hold=20 good-hold=15 pain=0",
    )  # fmt: skip
    assert "What changes next time" in logged

    # history: reps and seconds apart, and every decision's reason in the terminal
    history = " ".join(cli.ok("history").split())
    assert "17 of 20 reps; 15 of 20 s held" in history
    assert "37 / 40" not in history
    stored = json.loads(cli.ok("history", "--json"))
    assert stored["decisions"]
    for decision in stored["decisions"]:
        assert " ".join(decision["reason"].split()) in history
    assert "Decisions and why" in history

    # today, after logging today's session: the next one, not the logged one
    today = cli.ok("today", "--date", "2026-11-23")
    assert "The session of Monday 23 November is logged." in today
    assert "Next session: Wednesday 25 November 2026" in today
    assert "Monday 23 November 2026" not in today
    status = json.loads(cli.ok("today", "--date", "2026-11-23", "--json"))
    assert status["status"] == "logged"
    assert status["session"]["date"] == "2026-11-25"

    # runner names ignore case; a second runner differing only in case is refused
    profile = (EXAMPLES / "new-runner.toml").read_text().replace("New runner", "new RUNNER")
    (tmp_path / "twin.toml").write_text(profile)
    twin = cli("plan", "--profile", str(tmp_path / "twin.toml"))
    assert twin.returncode == 2
    assert "a runner named 'New runner' already exists" in twin.stderr
    assert "ignoring case" in twin.stderr

    other = (EXAMPLES / "pfp-runner.toml").read_text().replace("Runner with knee pain", "Ana")
    (tmp_path / "ana.toml").write_text(other)
    cli.ok("plan", "--profile", str(tmp_path / "ana.toml"), "--start", "2026-11-30")
    listing = json.loads(cli.ok("runners", "--json"))["runners"]
    assert [r["name"] for r in listing] == ["Ana", "New runner"]
    ana, new = listing
    assert (ana["sessions"], ana["last_session"]) == (0, None)
    assert ana["plan"]["start_date"] == "2026-11-30"
    assert (new["sessions"], new["missed"], new["last_session"]) == (1, 0, "2026-11-23")
    assert "Today: Wednesday 25" in cli.ok("today", "-r", "NEW RUNNER", "--date", "2026-11-25")
    table = cli.ok("runners")
    assert "new-runner" in table
    assert "23 Nov 2026" in table
    assert "Nothing logged yet for Ana" in cli.ok("history", "--runner", "ANA")
