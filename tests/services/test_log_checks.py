"""Sets recorded twice or where they do not belong (real database, both backends): a date
before the plan or in the future and an exercise the plan leaves out need a confirmation
(``--force``), the same clip twice in a session is refused naming the earlier log; with force
each is stored. At a terminal the question is asked, and a yes stores it."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest
from sqlalchemy.engine import URL

from glutecoach.cli.setspec import parse_set
from glutecoach.domain.analysis_record import AnalysisRecord
from glutecoach.domain.log import SessionLog
from glutecoach.errors import ConfirmationError, InputError
from glutecoach.library.catalogue import Library
from glutecoach.services import training
from glutecoach.services.profiles import load_profile
from glutecoach.storage import Database, open_database
from tests.cli.support import invoke
from tests.cli.test_log_prompts import run_at_terminal
from tests.conftest import EXAMPLES

TODAY = dt.date(2026, 12, 1)
START = TODAY - dt.timedelta(days=20)
STEP_DOWN = "step-down:left reps=10 good=9 pain=1"


@pytest.fixture
def planned(database: Database, library: Library) -> Database:
    training.create_plan(database, library, load_profile(EXAMPLES / "pfp-runner.toml"), START)
    return database


def _log(db: Database, library: Library, day: dt.date, text: str, force: bool = False) -> None:
    log = SessionLog(date=day, sets=(parse_set(text),))
    training.log_session(db, library, None, log, force=force, today=TODAY)


def _dates(db: Database, library: Library) -> list[dt.date]:
    return [s.log.date for s in training.runner_state(db, library, None).logs]


@pytest.mark.parametrize(
    ("day", "question"),
    [
        (dt.date(1900, 1, 1), f"1900-01-01 is before the plan starts ({START.isoformat()})"),
        (START - dt.timedelta(days=1), "is before the plan starts"),
        (TODAY + dt.timedelta(days=1), f"is in the future (today is {TODAY.isoformat()})"),
        (dt.date(2100, 1, 1), "2100-01-01 is in the future"),
    ],
)
def test_dates_outside_the_plan_need_force(
    planned: Database, library: Library, day: dt.date, question: str
) -> None:
    with pytest.raises(ConfirmationError, match="add --force") as asked:
        _log(planned, library, day, STEP_DOWN)
    assert any(question in q for q in asked.value.questions)
    assert _dates(planned, library) == []
    _log(planned, library, day, STEP_DOWN, force=True)
    assert _dates(planned, library) == [day]


def test_an_exercise_the_plan_leaves_out_needs_force(planned: Database, library: Library) -> None:
    day = START + dt.timedelta(days=3)
    with pytest.raises(ConfirmationError) as asked:
        _log(planned, library, day, "single-leg-squat:left reps=8 good=8 pain=1")
    (question,) = asked.value.questions
    assert question.startswith("the plan leaves out Single-leg squat because it hurts 6/10 now")
    assert "3/10 (reported secondhand" in question  # the pain limit through the renderer
    assert question.endswith("(the plan offers Lateral step-down instead)")
    assert _dates(planned, library) == []
    _log(planned, library, day, "single-leg-squat:left reps=8 good=8 pain=1", force=True)
    assert _dates(planned, library) == [day]


def test_an_exercise_in_the_plan_and_a_date_in_it_are_not_questioned(
    planned: Database, library: Library
) -> None:
    _log(planned, library, TODAY, STEP_DOWN)
    assert _dates(planned, library) == [TODAY]


def test_the_same_clip_twice_is_refused_naming_the_earlier_log(
    planned: Database, library: Library
) -> None:
    day = START + dt.timedelta(days=2)
    sets = (parse_set(STEP_DOWN),)
    analysis = AnalysisRecord.from_document(
        {"exercise": "step-down", "analysis_version": "1", "video": {"sha256": "ab" * 32},
         "summary": {"rep_count": 10, "good_form_reps": 9}}
    )  # fmt: skip

    def check(force: bool = False) -> None:
        training.log_checked_sets(
            planned, library, None, day, sets, analysis, "squat.mp4", force=force, today=TODAY
        )

    check()
    with pytest.raises(InputError, match=r"already logged into the session of .* 'squat\.mp4'"):
        check()
    state = training.runner_state(planned, library, None)
    assert len(state.logs[0].log.sets) == 1
    check(force=True)
    state = training.runner_state(planned, library, None)
    assert len(state.logs[0].log.sets) == 2


def test_at_a_terminal_the_question_is_asked_and_a_yes_stores(tmp_path: Path) -> None:
    url = URL.create("sqlite", database=str(tmp_path / "db.sqlite"))
    env = {**os.environ, "GLUTECOACH_DATABASE_URL": str(url), "COLUMNS": "100"}
    start = (dt.date.today() - dt.timedelta(days=10)).isoformat()
    planned = invoke("plan", "--profile", str(EXAMPLES / "pfp-runner.toml"), "--start", start,
                     env=env)  # fmt: skip
    assert planned.returncode == 0, planned.stderr
    screen = run_at_terminal(["log", "--date", "1900-01-01", "--set", STEP_DOWN], ["y"], env)
    assert "1900-01-01 is before the plan starts" in screen
    assert "Store it anyway?" in screen
    with open_database(url) as db, db.unit_of_work(read_only=True) as uow:
        runner = uow.runners.list()[0]
        assert [s.log.date for s in uow.logs.history(runner.id)] == [dt.date(1900, 1, 1)]
