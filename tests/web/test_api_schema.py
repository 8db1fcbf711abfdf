"""Schemathesis over the app's own OpenAPI schema, signed in as each role (and as nobody):
generated requests, valid and invalid, never get a 5xx answer; and invalid bodies are 422s
that name the field."""

from __future__ import annotations

from collections.abc import Callable

import schemathesis
from fastapi import FastAPI
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable
from hypothesis.strategies import SearchStrategy
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error

from glutecoach.storage import Database
from tests.web.support import Browser
from tests.web.world import ACTORS, build_world

EXAMPLES = 4
SKIPPED = {"DELETE /api/me"}  # ends the role's own account mid-run; tests/web/test_security.py


def test_no_generated_request_gets_a_server_error(
    app: FastAPI, database: Database, new_browser: Callable[[], Browser]
) -> None:
    world = build_world(database, new_browser)
    tokens: dict[str, str | None] = {"anonymous": None}
    for actor in ACTORS[1:]:
        made = world.browsers[actor].api("POST", "/api/me/tokens", json={"name": "fuzz"})
        tokens[actor] = made.json()["token"]
    schema = schemathesis.openapi.from_asgi("/openapi.json", app)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 20
    calls = 0
    for token in tokens.values():
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        for operation in operations:
            if operation.label in SKIPPED:
                continue
            fixed = (
                {"runner_id": world.runners["a"]}
                if any(p.name == "runner_id" for p in operation.path_parameters)
                else None
            )
            for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
                for path_parameters in (None, fixed) if fixed else (None,):
                    strategy = operation.as_strategy(mode, path_parameters=path_parameters)
                    calls += _fuzz(strategy, headers)
    assert calls > 500


def _fuzz(strategy: SearchStrategy[schemathesis.Case], headers: dict[str, str]) -> int:
    """Call the app with generated cases; fail on any 5xx. Returns how many calls were made."""
    calls = 0

    @given(case=strategy)
    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    def call(case: schemathesis.Case) -> None:
        nonlocal calls
        response = case.call(headers=headers)
        calls += 1
        case.validate_response(response, checks=[not_a_server_error])

    try:
        call()
    except Unsatisfiable:  # no invalid input exists for this operation
        return calls
    return calls


def test_an_invalid_profile_is_a_422_naming_the_field(browser: Browser) -> None:
    browser.sign_up("alex@example.org")
    bad = browser.api(
        "PUT",
        "/api/me/profile",
        json={
            "name": "Alex",
            "strength_experience": "none",
            "weekly_running_km": 900,
            "minutes_per_session": 20,
        },
    )
    assert bad.status_code == 422
    fields = [d["loc"] for d in bad.json()["detail"]]
    assert ["body", "weekly_running_km"] in fields
    unknown = browser.api("PUT", "/api/me/timezone", json={"timezone": "Mars/Olympus"})
    assert unknown.status_code == 422
    assert "Mars/Olympus" in unknown.json()["detail"][0]["msg"]
