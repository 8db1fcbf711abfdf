"""``--param NAME=VALUE`` on every command that has it (check, gait, plan, recommend, batch):
one override rule, so a dotted name reaches the parameters the result records, a value is
read as the parameter's type, and an unknown name is refused with the names it may have
meant. In process (Typer's runner) except one run of the real entry point for the exit code.
The inputs are SYNTHETIC keypoints (no pose model runs)."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner, Result

from glutecoach.analysis.synthetic import single_leg_squat_series
from glutecoach.cli.app import app
from glutecoach.errors import InputError
from glutecoach.library.loader import load_library
from glutecoach.services import training
from glutecoach.storage.unit_of_work import open_database
from glutecoach.vision.backends import PoseEstimate
from glutecoach.vision.keypoint_file import write_keypoints
from tests.analysis.test_gait import rear_running_series
from tests.cli.support import assert_clear_failure, run_cli
from tests.conftest import EXAMPLES
from tests.jobs.conftest import write_manifest

runner = CliRunner()


def invoke(*args: str) -> Result:
    return runner.invoke(app, list(args))


def refused(result: Result, *expected: str) -> None:
    """The command stopped on an ``InputError`` (exit 2 at the entry point) naming each of
    ``expected``."""
    assert isinstance(result.exception, InputError), result.output
    for text in expected:
        assert text in str(result.exception)


@pytest.fixture(scope="module")
def squat_keypoints(tmp_path_factory: pytest.TempPathFactory) -> Path:
    pose = single_leg_squat_series(n_reps=3).pose
    estimate = PoseEstimate(pose, np.ones(pose.n_frames, dtype=np.bool_))
    return write_keypoints(tmp_path_factory.mktemp("squat") / "keypoints.json", estimate)


def _check(keypoints: Path, *params: str) -> Result:
    flags = [f"--param={p}" for p in params]
    return invoke(
        "check", "-e", "single-leg-squat", "--keypoints", str(keypoints), "--json", *flags
    )


def test_check_takes_the_example_of_its_own_help(squat_keypoints: Path) -> None:
    assert "signal.cutoff_hz=4" in " ".join(invoke("check", "--help").output.split())
    default = json.loads(_check(squat_keypoints).stdout)
    done = _check(
        squat_keypoints, "signal.cutoff_hz=4", "reps.min_duration_s=1", "quality.wrong_view=error"
    )
    assert done.exit_code == 0, done.output
    params = json.loads(done.stdout)["params"]
    assert params["signal"]["cutoff_hz"] == 4.0
    assert params["reps"]["min_duration_s"] == 1.0
    assert params["quality"]["wrong_view"] == "error"
    assert default["params"]["signal"]["cutoff_hz"] == 6.0
    assert params["signal"]["max_gap_s"] == default["params"]["signal"]["max_gap_s"]


def test_check_refuses_unknown_names_and_wrong_types(squat_keypoints: Path) -> None:
    refused(
        _check(squat_keypoints, "signal.cutof_hz=4"),
        "signal.cutof_hz",
        "did you mean signal.cutoff_hz",
    )
    refused(
        _check(squat_keypoints, "signal.cutoff_hz=fast"),
        "signal.cutoff_hz must be a number",
        "'fast'",
    )
    refused(_check(squat_keypoints, "signal.filter_order=2.5"), "must be a whole number")
    refused(_check(squat_keypoints, "family=hip-hitch"), "cannot be overridden")
    refused(_check(squat_keypoints, "signal=4"), "group of parameters", "signal.")
    refused(_check(squat_keypoints, "signal.cutoff_hz"), "use NAME=VALUE")


def test_the_entry_point_exits_2_with_the_suggestion(squat_keypoints: Path) -> None:
    done = run_cli(
        "check", "-e", "single-leg-squat", "--keypoints", str(squat_keypoints),
        "--param", "signal.cutof_hz=4",
    )  # fmt: skip
    assert_clear_failure(done, "did you mean signal.cutoff_hz")


def test_gait_param(tmp_path: Path) -> None:
    pose = rear_running_series(duration_s=6.0).pose
    estimate = PoseEstimate(pose, np.ones(pose.n_frames, dtype=np.bool_))
    keypoints = write_keypoints(tmp_path / "keypoints.json", estimate)

    def gait(*params: str) -> Result:
        flags = [f"--param={p}" for p in params]
        return invoke("gait", "--keypoints", str(keypoints), "--json", "--no-video", *flags)

    done = gait("min_steps_per_side=3", "signal.cutoff_hz=8")
    assert done.exit_code == 0, done.output
    params = json.loads(done.stdout)["params"]
    assert params["min_steps_per_side"] == 3
    assert params["signal"]["cutoff_hz"] == 8.0
    assert json.loads(gait().stdout)["params"]["min_steps_per_side"] == 7
    refused(gait("min_steps_per_sid=3"), "did you mean min_steps_per_side")
    refused(gait("min_steps_per_side=many"), "whole number")


def test_plan_param(tmp_path: Path) -> None:
    database = tmp_path / "plan.sqlite"

    def plan(*params: str) -> Result:
        flags = [f"--param={p}" for p in params]
        profile = str(EXAMPLES / "new-runner.toml")
        return invoke("plan", "-p", profile, "--database", str(database), "--json", *flags)

    done = plan("weeks=6", "progression.gap_days=21", "progression.require_next_morning_pain=no")
    assert done.exit_code == 0, done.output
    assert json.loads(done.stdout)["weeks"] == 6
    with open_database(f"sqlite:///{database}") as db:
        params = training.runner_state(db, load_library(), None).params
    assert (params.weeks, params.progression.gap_days) == (6, 21)
    assert params.progression.require_next_morning_pain is False
    refused(plan("progression.gapdays=21"), "did you mean progression.gap_days")
    refused(plan("weeks=six"), "weeks must be a whole number")
    refused(plan("weeks=0"), "1 <= weeks <= 52")


def test_recommend_param() -> None:
    def recommend(*params: str) -> Result:
        flags = [f"--param={p}" for p in params]
        return invoke("recommend", "-p", str(EXAMPLES / "new-runner.toml"), "--json", *flags)

    default = json.loads(recommend().stdout)
    assert len(default["recommended"]) > 2
    done = recommend("max_exercises=2")
    assert done.exit_code == 0, done.output
    sessions = json.loads(done.stdout)["sessions"]  # at most 2 exercises a session
    assert sessions
    assert max(len(session) for session in sessions) == 2
    weights = '{"activation":0.6,"isolation":0.1,"function":0.1,"level_fit":0.1,"safety":0.1}'
    goal = default["goal"]
    weighted = json.loads(recommend(f"weights_by_goal.{goal}={weights}").stdout)
    assert weighted["weights"]["activation"] == pytest.approx(0.6, abs=0.05)
    refused(recommend("max_exercise=2"), "did you mean max_exercises")
    refused(recommend(f'weights_by_goal.{goal}={{"activation": 1}}'), "weights for goal")


def test_batch_refuses_a_bad_param_before_any_work(tmp_path: Path, squat_keypoints: Path) -> None:
    manifest = write_manifest(
        tmp_path / "manifest.csv", [{"path": str(squat_keypoints), "exercise": "single-leg-squat"}]
    )
    out = tmp_path / "out"
    done = invoke("batch", str(manifest), "--out", str(out), "--param", "reps.min_rang=0.2")
    refused(done, "did you mean reps.min_range")
    assert not (out / "clips.parquet").exists()


def test_every_parameter_is_listed_in_the_docs() -> None:
    from glutecoach.analysis.gait import GaitParams
    from glutecoach.analysis.params import default_params
    from glutecoach.domain.overrides import parameter_names
    from glutecoach.planning import PlanParams
    from glutecoach.selection import SelectionParams

    docs = (Path(__file__).resolve().parents[2] / "docs" / "parameters.md").read_text()
    objects = [
        PlanParams.from_guidelines(load_library().guideline),
        SelectionParams(),
        default_params("single-leg-squat"),
        GaitParams(),
    ]
    groups = {"progression", "signal", "reps", "side_reps", "quality", "measures", "posture",
              "framing", "holds", "events"}  # fmt: skip
    missing = [
        name
        for params in objects
        for name in parameter_names(params)
        if name not in groups and f"`{name}`" not in docs
    ]
    assert not missing, f"add these to docs/parameters.md: {missing}"
