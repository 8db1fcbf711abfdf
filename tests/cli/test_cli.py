"""The CLI end to end: JSON contracts, exit codes and messages instead of tracebacks."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from typer.testing import CliRunner

from glutecoach.cli.app import app
from tests.cli import support
from tests.conftest import EXAMPLES, FIXTURES

runner = CliRunner()


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    return support.invoke(*args)


def test_exercises_json_contract() -> None:
    result = runner.invoke(app, ["exercises", "--json"])
    assert result.exit_code == 0, result.output
    items = json.loads(result.stdout)
    assert len(items) >= 25
    for item in items:
        assert {"id", "name", "family", "cues", "mistakes", "evidence"} <= set(item)
        assert all("id" in m for m in item["mistakes"])
        for record in item["evidence"]:
            if record["status"] == "V2":
                assert record["shown_as"] == "reported secondhand"
                if record["measure"] != "finding":
                    assert record["figure"]["status"] == "V2"
                    assert record["figure"]["reference"] == record["reference"]
        assert isinstance(item["checkable"], bool)
        assert (item["not_checkable_reason"] is None) == item["checkable"]
    checkable = {i["id"]: i["checkable"] for i in items}
    assert checkable["standing-hip-abduction"]
    assert checkable["single-leg-deadlift"]
    assert checkable["forward-step-up"]
    assert checkable["lateral-step-up"]
    assert not checkable["supine-isometric-hip-abduction"]


def test_exercises_filters() -> None:
    result = runner.invoke(app, ["exercises", "--json", "--no-equipment", "--family", "clam"])
    assert result.exit_code == 0, result.output
    items = json.loads(result.stdout)
    assert items
    assert {i["family"] for i in items} == {"clam"}
    assert all(i["equipment"] == [] for i in items)
    table = runner.invoke(app, ["exercises", "--weight-bearing"])
    assert table.exit_code == 0
    assert "single-leg-squat" in table.stdout
    assert "side-lying-hip-abduction" not in table.stdout


def test_exercise_detail_shows_evidence_with_citations() -> None:
    result = runner.invoke(app, ["exercise", "side-lying-hip-abduction"])
    assert result.exit_code == 0, result.output
    assert "Distefano" in result.stdout
    assert "%MVIC" in result.stdout
    assert "side-lying-hip-abduction." in result.stdout  # mistake ids
    data = json.loads(runner.invoke(app, ["exercise", "clam", "--json"]).stdout)
    assert data["id"] == "clam"
    assert data["evidence"]


def test_recommend_json_contract() -> None:
    result = runner.invoke(
        app, ["recommend", "--profile", str(EXAMPLES / "pfp-runner.toml"), "--json"]
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["schema_version"] == 1
    assert data["recommended"]
    for item in data["recommended"]:
        assert {"id", "score", "criteria", "reasons"} <= set(item)
        assert set(item["criteria"]) >= {"activation", "isolation", "function", "safety"}
        assert all(isinstance(r, str) for r in item["reasons"])
    assert {"id", "why"} <= set(data["excluded"][0])
    assert "single-leg-squat" in {x["id"] for x in data["excluded"]}


def test_recommend_table_explains_choices() -> None:
    result = runner.invoke(app, ["recommend", "--profile", str(EXAMPLES / "new-runner.toml")])
    assert result.exit_code == 0, result.output
    assert "Recommendation for New runner" in result.stdout
    assert "not medical advice" in result.stdout


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (
            'name = "x"\nstrength_experience = "guru"\nweekly_running_km = 10\n'
            "minutes_per_session = 20\n",
            "strength_experience: 'guru' is not accepted; use one of",
        ),
        (
            'name = "x"\nstrength_experience = "none"\nweekly_running_km = 10\n',
            "minutes_per_session: missing",
        ),
        ("name = \n", "not valid TOML"),
        (
            'name = "x"\nstrength_experience = "none"\nweekly_running_km = 10\n'
            "minutes_per_session = 20\n[pain]\nsingle-leg-squat = 12\n",
            "use a score from 0 to 10",
        ),
        (
            'name = "x"\nstrength_experience = "none"\nweekly_running_km = 10\n'
            'minutes_per_session = 20\nequipment = ["kettlebell"]\n',
            "equipment[0]: 'kettlebell' is not accepted; use one of",
        ),
        (
            'name = "x"\nstrength_experience = "none"\nweekly_running_km = 10\n'
            'minutes_per_session = 20\nshoe = "fast"\n',
            "shoe: unknown field",
        ),
        (
            'name = "x"\nstrength_experience = "none"\nweekly_running_km = 10\n'
            "minutes_per_session = 20\n[pain]\nsingle-leg-squats = 5\n",
            "Did you mean: single-leg-squat",
        ),
    ],
)
def test_malformed_profile_exits_2_with_a_clear_message(
    tmp_path: Path, content: str, expected: str
) -> None:
    path = tmp_path / "profile.toml"
    path.write_text(content)
    result = run_cli("recommend", "--profile", str(path))
    assert result.returncode == 2
    assert expected in result.stderr
    assert "Traceback" not in result.stderr + result.stdout


def test_missing_profile_and_unknown_exercise_exit_2() -> None:
    """At the real entry point, in a subprocess: the exit code and no traceback."""
    missing = support.run_cli("recommend", "--profile", "/nonexistent/profile.toml")
    assert missing.returncode == 2
    assert "no such file" in missing.stderr
    unknown = support.run_cli("exercise", "clamm", timeout_s=120)
    assert unknown.returncode == 2
    assert "Did you mean: clam" in unknown.stderr
    assert "Traceback" not in unknown.stderr


def test_library_validate_ok_and_broken(tmp_path: Path) -> None:
    ok = run_cli("library", "validate")
    assert ok.returncode == 0
    assert "variations" in ok.stdout
    broken = tmp_path / "lib"
    broken.mkdir()
    (broken / "exercises").mkdir()
    source = FIXTURES / "mini_library"
    text = (
        (source / "exercises" / "demo-lift.yaml")
        .read_text()
        .replace("difficulty: 4", "difficulty: 9")
    )
    (broken / "exercises" / "demo-lift.yaml").write_text(text)
    for name in ("references.yaml", "guidelines.yaml"):
        (broken / name).write_text((source / name).read_text())
    bad = run_cli("library", "validate", "--path", str(broken))
    assert bad.returncode == 3
    assert "variations[1] (demo-hard) > difficulty" in bad.stderr
    assert "Traceback" not in bad.stderr


def test_version() -> None:
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0
    assert result.stdout.startswith("glutecoach ")
