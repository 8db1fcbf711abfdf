"""The first admin from the command line, linking a CLI runner with a one-time code, each
user's own "today", and the onboarding form derived from the profile model."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
from collections.abc import Callable
from pathlib import Path
from zoneinfo import ZoneInfo

from pydantic import Field
from sqlalchemy.engine import URL
from starlette.datastructures import FormData

from glutecoach.domain.profile import RunnerProfile
from glutecoach.services import accounts
from glutecoach.storage import Database
from glutecoach.storage.accounts import StoredUser
from glutecoach.web.forms import flat_values, form_data, model_form
from tests.cli.support import invoke
from tests.web.support import PASSWORD, Browser

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def _cli(*args: str, url: URL, stdin: str = "") -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "GLUTECOACH_DATABASE_URL": url.render_as_string(hide_password=False)}
    return invoke(*args, env=env, input=stdin)


def test_the_first_admin_comes_from_the_command_line_only(
    database: Database, database_url: URL, new_browser: Callable[[], Browser]
) -> None:
    made = _cli(
        "admin", "create", "--email", "Boss@Clinic.org", url=database_url, stdin=f"{PASSWORD}\n"
    )
    assert made.returncode == 0, made.stderr
    assert "Admin boss@clinic.org created" in made.stdout
    short = _cli("admin", "create", "--email", "b2@clinic.org", url=database_url, stdin="short\n")
    assert short.returncode == 2
    assert "use at least 10" in short.stderr
    assert "Traceback" not in short.stderr
    admin = new_browser()
    assert admin.sign_in("boss@clinic.org").status_code == 303
    assert admin.get("/admin").status_code == 200
    signer = new_browser()
    signer.sign_up("first@example.org")  # signing up first never makes an admin
    assert signer.get("/admin").status_code == 403
    assert signer.get("/api/me").json()["role"] == "runner"
    with database.unit_of_work() as uow:
        assert uow.accounts.count_role("admin") == 1


def test_a_cli_runner_is_linked_to_an_account_with_a_one_time_code(
    database_url: URL, new_browser: Callable[[], Browser]
) -> None:
    planned = _cli("plan", "--profile", str(EXAMPLES / "new-runner.toml"), url=database_url)
    assert planned.returncode == 0, planned.stderr
    printed = _cli("link-code", "--runner", "New runner", url=database_url)
    assert printed.returncode == 0, printed.stderr
    code = printed.stdout.split("Link code for New runner: ")[1].split()[0]
    browser = new_browser()
    browser.sign_up("cli@example.org")
    wrong = browser.submit("/account", "/account/link", {"code": "nope"})
    assert "not a valid link code" in wrong.text
    linked = browser.submit("/account", "/account/link", {"code": code})
    assert linked.status_code == 303
    me = browser.get("/api/me").json()
    plan = browser.get(f"/api/runners/{me['runner_id']}/plan").json()
    assert plan["runner"] == "New runner"
    other = new_browser()
    other.sign_up("other@example.org")
    again = other.submit("/account", "/account/link", {"code": code})
    assert "not a valid link code" in again.text, "a code works once"
    twice = _cli("link-code", "--runner", "New runner", url=database_url)
    assert twice.returncode == 2
    assert "already linked" in twice.stderr


def _user(timezone: str) -> StoredUser:
    return StoredUser("id", "a@example.org", "runner", timezone, None, dt.datetime.now(dt.UTC))


def test_today_is_the_users_own_day() -> None:
    moment = dt.datetime(2026, 12, 6, 23, 30, tzinfo=dt.UTC)
    assert accounts.today_for(_user("UTC"), moment) == dt.date(2026, 12, 6)
    assert accounts.today_for(_user("Europe/Berlin"), moment) == dt.date(2026, 12, 7)
    assert accounts.today_for(_user("America/Los_Angeles"), moment) == dt.date(2026, 12, 6)
    early = dt.datetime(2026, 12, 6, 5, 0, tzinfo=dt.UTC)
    assert accounts.today_for(_user("America/Los_Angeles"), early) == dt.date(2026, 12, 5)


def test_the_timezone_decides_todays_page(browser: Browser) -> None:
    browser.sign_up("alex@example.org")
    ok = browser.api("PUT", "/api/me/timezone", json={"timezone": "Pacific/Kiritimati"})
    assert ok.status_code == 200
    kiritimati = dt.datetime.now(dt.UTC).astimezone(ZoneInfo("Pacific/Kiritimati"))
    assert browser.get("/api/me").json()["today"] == kiritimati.date().isoformat()


class ExtendedProfile(RunnerProfile):
    """A profile with a field added later, as issue 10's clinician notes will be."""

    clinician_notes: str = Field(default="", max_length=2000)
    sessions_per_week: int = Field(default=2, ge=1, le=4)


def test_a_new_profile_field_appears_in_the_form_and_is_validated_by_the_model() -> None:
    fields = {f.name: f for f in model_form(ExtendedProfile, ("clam", "side-plank"))}
    assert fields["clinician_notes"].kind == "textarea"
    assert (fields["sessions_per_week"].minimum, fields["sessions_per_week"].maximum) == (1, 4)
    assert fields["weekly_running_km"].maximum == 400
    assert fields["strength_experience"].choices == ("none", "novice", "intermediate", "advanced")
    running = {c.name for c in fields["running"].children}
    assert {"running.monday", "running.sunday", "running.race_date"} <= running
    submitted = FormData(
        [
            ("name", "Sam"),
            ("strength_experience", "novice"),
            ("weekly_running_km", "32.5"),
            ("minutes_per_session", "25"),
            ("conditions", "itb-syndrome"),
            ("equipment", "mini-band"),
            ("pain.exercise", "clam"),
            ("pain.score", "3"),
            ("pain.exercise", ""),
            ("pain.score", ""),
            ("running.sunday", "long-run"),
            ("running.race_date", ""),
            ("clinician_notes", "No single-leg work for 2 weeks."),
            ("sessions_per_week", "3"),
        ]
    )
    data = form_data(tuple(fields.values()), submitted)
    profile = ExtendedProfile.model_validate(data)
    assert profile.pain == {"clam": 3}
    assert profile.weekly_running_km == 32.5
    assert profile.running is not None
    assert profile.running.race_date is None
    assert profile.clinician_notes.startswith("No single-leg")
    assert flat_values(profile.model_dump(mode="json"))["running.sunday"] == "long-run"


def test_a_bad_value_reshows_the_form_with_the_message_beside_the_field(browser: Browser) -> None:
    browser.sign_up("alex@example.org")
    shown = browser.submit(
        "/onboarding",
        "/onboarding",
        {
            "name": "",
            "strength_experience": "none",
            "weekly_running_km": "-3",
            "minutes_per_session": "200",
            "running.sunday": "long-run",
        },
    )
    assert shown.status_code == 422
    assert 'id="f-weekly-running-km-error"' in shown.text
    assert "greater than or equal to 0" in shown.text
    assert 'id="f-minutes-per-session-error"' in shown.text
    assert 'aria-invalid="true"' in shown.text
    assert 'value="-3"' in shown.text, "what was typed is kept"
