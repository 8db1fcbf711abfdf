"""Sides, loading rules and escalation through the real command line: bad input is refused with
exit 2 and nothing stored; the JSON of plan, today, log and morning-pain follows
docs/cli-json.md."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy.engine import make_url

from glutecoach.storage import open_database
from tests.cli.support import assert_clear_failure, invoke

PROFILE = """
name = "Runner with right hip pain"
strength_experience = "novice"
weekly_running_km = 20
conditions = ["itb-syndrome", { id = "gluteal-tendinopathy", side = "right" }]
equipment = ["mini-band"]
minutes_per_session = 25
goal = "rehabilitation"

[pain]
"side-plank:left" = 2

[clinician]
forbid = ["single-leg-squat"]
note = "Seen by J. Physio"

[running]
monday = "easy"
tuesday = "intervals"
wednesday = "easy"
friday = "easy"
sunday = "long-run"
"""
GOOD_CONDITION = '{ id = "gluteal-tendinopathy", side = "right" }'


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        (GOOD_CONDITION, '{ id = "low-back-pain", side = "right" }', "low-back-pain has no side"),
        (GOOD_CONDITION, GOOD_CONDITION.replace("right", "middle"), "use left or right"),
        ('"side-plank:left"', '"side-plank:up"', "'side-plank:up' names the side 'up'"),
        ('"single-leg-squat"]', '"single-leg-squatt"]', "profile [clinician] forbid"),
        ('forbid = ["single-leg-squat"]', 'allow = ["clamm"]', "profile [clinician] allow"),
    ],
)
def test_bad_sides_and_clinician_ids_are_refused_and_nothing_is_stored(
    tmp_path: Path, old: str, new: str, message: str
) -> None:
    assert old in PROFILE
    profile = tmp_path / "bad.toml"
    profile.write_text(PROFILE.replace(old, new), encoding="utf-8")
    url = f"sqlite:///{tmp_path / 'bad.db'}"
    done = invoke("plan", "--profile", str(profile), "--database", url)
    assert_clear_failure(done, message)
    with open_database(make_url(url)) as db, db.unit_of_work() as uow:
        assert not uow.runners.list()


def test_plan_today_log_and_morning_pain_json(tmp_path: Path) -> None:
    profile = tmp_path / "runner.toml"
    profile.write_text(PROFILE, encoding="utf-8")
    url = f"sqlite:///{tmp_path / 'runner.db'}"
    base = ("--database", url)
    plan = json.loads(
        invoke("plan", "--profile", str(profile), "--start", "2026-12-07", "--json", *base).stdout
    )
    assert plan["schema_version"] == 1
    assert {c["condition"] for c in plan["cautions"]} == {"gluteal-tendinopathy", "itb-syndrome"}
    for caution in plan["cautions"]:
        assert set(caution) >= {"id", "text", "reference", "status"}
    first = plan["sessions"][0]
    for e in first["exercises"]:
        assert set(e) >= {"id", "family", "sides", "lying_on", "sets", "reps", "hold_s", "load"}
        assert e["lying_on"] != "right"
        assert e["load"]["kind"] in {"band", "kg", "none"}
    assert first["exercises"][0]["family"] == "isometric-hip-abduction"
    day = first["date"]

    today = json.loads(invoke("today", "--date", day, "--json", *base).stdout)
    assert today["status"] == "today"
    assert today["session"]["exercises"] == first["exercises"]

    target = next(e for e in first["exercises"] if e["reps"] is not None)
    leg = f":{target['sides'][0]}" if len(target["sides"]) == 1 else ""  # a one-leg prescription
    sets = [f"--set={target['id']}{leg} reps=8 good=8 pain=7"]
    # --force: the plan starts on a fixed date, which may still be in the future
    logged = invoke("log", "--date", day, "--pain-before", "1", *sets, "--json", "--force", *base)
    out = json.loads(logged.stdout)
    (escalation,) = out["escalations"]
    assert escalation["id"] == target["id"]
    assert "see a physiotherapist" in escalation["message"]
    decided = {d["id"]: d for d in out["decisions"]}
    assert decided[target["id"]]["action"] == "rest"
    assert decided[target["id"]]["rule_version"] == "escalation@1"
    assert all(d["rule_version"] for d in out["decisions"])
    rested = [e for e in out["next_session"]["exercises"] if e["rested"]]
    assert rested

    waiting = json.loads(invoke("today", "--date", "2026-12-31", "--json", *base).stdout)
    (reminder,) = waiting["reminders"]
    assert f"morning-pain SCORE --session {day}" in reminder
    assert "it counts as not reported" in reminder
    morning = json.loads(invoke("morning-pain", "2", "--json", *base).stdout)
    assert morning["session"]["next_morning_pain"] == 2
    assert morning["session"]["date"] == day
    entered = json.loads(invoke("today", "--date", "2026-12-31", "--json", *base).stdout)
    assert entered["reminders"] == []

    other = next(e for e in first["exercises"] if e["family"] != target["family"] and e["reps"])
    spec = f"--set={other['id']} reps=8 good=8 pain=8"
    text = invoke("log", "--date", "2026-12-11", spec, "--force", *base)
    assert text.returncode == 0, text.stderr
    assert "STOP" in text.stdout
    assert "physiotherapist" in text.stdout
