"""The permission matrix, generated from the app's own route table: every route (static files
and the API schema included) x every actor {anonymous, runner A, runner B, A's coach, another
coach, admin} x {A's data, B's data}, each cell asserting allow or deny.

The expected answer of each cell comes from ``POLICY`` below, written from the rules in
``services/access.py``'s docstring, not from the code: a route missing from ``POLICY`` fails
the test, so every new route must be classified. A denial is 401/403/404 (or, for a page, a
redirect to sign-in); an allowed request is anything else, and never a 5xx.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from fastapi.routing import iter_route_contexts

from glutecoach.storage import Database
from tests.web.support import PASSWORD, PROFILE, Browser
from tests.web.world import ACTORS, TARGETS, World, build_world, small_clip

Rule = Callable[[str, str], bool]
"""(actor, target) -> allowed?"""

RUNNERS = {"runner_a", "runner_b"}
COACHES = {"coach_a", "other_coach"}
OWNER = {"a": "runner_a", "b": "runner_b"}


def everyone(_actor: str, _target: str) -> bool:
    return True


def signed_in(actor: str, _target: str) -> bool:
    return actor != "anonymous"


def runner(actor: str, _target: str) -> bool:
    return actor in RUNNERS


def coach(actor: str, _target: str) -> bool:
    return actor in COACHES


def coach_reader(actor: str, target: str) -> bool:
    """A's coach on A's data only (coach pages: not the runner themself)."""
    return actor == "coach_a" and target == "a"


def admin(actor: str, _target: str) -> bool:
    return actor == "admin"


def owner(actor: str, target: str) -> bool:
    return OWNER[target] == actor


def reader(actor: str, target: str) -> bool:
    """The owner, or the coach the owner accepted (A's coach, for A only)."""
    return owner(actor, target) or (actor == "coach_a" and target == "a")


KEEPS = False
"""The route only reads, or adds what later cells do not depend on."""
SESSION = "session"
"""An allowed cell changes only who the actor's browser is signed in as: sign them in again."""
DATA = True
"""An allowed cell changes data later cells need (a deletion, a used code, a link): rebuild."""

# (method, path) -> (rule, effect of an allowed cell).
POLICY: dict[tuple[str, str], tuple[Rule, bool | str]] = {
    ("GET", "/openapi.json"): (everyone, KEEPS),
    ("GET", "/static"): (everyone, KEEPS),
    ("GET", "/api/health"): (everyone, KEEPS),
    ("GET", "/api/me"): (signed_in, KEEPS),
    ("PUT", "/api/me/timezone"): (signed_in, KEEPS),
    ("PUT", "/api/me/profile"): (runner, KEEPS),
    ("GET", "/api/me/export"): (signed_in, KEEPS),
    ("DELETE", "/api/me"): (signed_in, DATA),
    ("GET", "/api/me/tokens"): (signed_in, KEEPS),
    ("POST", "/api/me/tokens"): (signed_in, KEEPS),
    ("DELETE", "/api/me/tokens/{token_id}"): (owner, DATA),
    ("POST", "/api/me/link"): (signed_in, KEEPS),
    ("POST", "/api/me/coaches/{coach_id}/accept"): (owner, DATA),
    ("POST", "/api/coach/invitations"): (coach, KEEPS),
    ("GET", "/api/coach/athletes"): (coach, KEEPS),
    ("POST", "/api/admin/resets"): (admin, KEEPS),
    ("GET", "/api/runners/{runner_id}/profile"): (reader, KEEPS),
    ("GET", "/api/runners/{runner_id}/recommendation"): (reader, KEEPS),
    ("GET", "/api/runners/{runner_id}/plan"): (reader, KEEPS),
    ("GET", "/api/runners/{runner_id}/today"): (reader, KEEPS),
    ("POST", "/api/runners/{runner_id}/sets"): (owner, KEEPS),
    ("POST", "/api/runners/{runner_id}/sessions"): (owner, KEEPS),
    ("POST", "/api/runners/{runner_id}/morning-pain"): (owner, KEEPS),
    ("GET", "/api/runners/{runner_id}/history"): (reader, KEEPS),
    ("GET", "/api/runners/{runner_id}/charts/{name}"): (reader, KEEPS),
    ("GET", "/api/runners/{runner_id}/handout"): (reader, KEEPS),
    ("GET", "/api/runners/{runner_id}/calendar"): (reader, KEEPS),
    ("GET", "/"): (signed_in, KEEPS),
    ("GET", "/sign-up"): (everyone, KEEPS),
    ("POST", "/sign-up"): (everyone, SESSION),
    ("GET", "/sign-in"): (everyone, KEEPS),
    ("POST", "/sign-in"): (everyone, SESSION),
    ("POST", "/sign-out"): (everyone, SESSION),
    ("POST", "/sign-out-everywhere"): (signed_in, SESSION),
    ("GET", "/reset"): (everyone, KEEPS),
    ("POST", "/reset"): (everyone, KEEPS),
    ("GET", "/reset/{code}"): (everyone, KEEPS),
    ("POST", "/reset/{code}"): (everyone, DATA),
    ("GET", "/account"): (signed_in, KEEPS),
    ("POST", "/account/timezone"): (signed_in, KEEPS),
    ("POST", "/account/tokens"): (signed_in, KEEPS),
    ("POST", "/account/tokens/{token_id}/revoke"): (owner, DATA),
    ("POST", "/account/link"): (signed_in, KEEPS),
    ("POST", "/account/coaches/{coach_id}/accept"): (owner, DATA),
    ("POST", "/account/coaches/{other_id}/end"): (signed_in, DATA),
    ("POST", "/account/invite"): (coach, KEEPS),
    ("POST", "/account/delete"): (signed_in, DATA),
    ("GET", "/admin"): (admin, KEEPS),
    ("POST", "/admin/resets"): (admin, KEEPS),
    ("GET", "/onboarding"): (runner, KEEPS),
    ("POST", "/onboarding"): (runner, KEEPS),
    ("GET", "/recommendation"): (runner, KEEPS),
    ("GET", "/plan"): (runner, KEEPS),
    ("GET", "/today"): (runner, KEEPS),
    ("POST", "/today/sets"): (runner, KEEPS),
    ("POST", "/today/finish"): (runner, KEEPS),
    ("POST", "/morning-pain"): (runner, KEEPS),
    ("GET", "/history"): (runner, KEEPS),
    ("GET", "/progress"): (runner, KEEPS),
    ("GET", "/progress/{name}.svg"): (runner, KEEPS),
    ("GET", "/downloads/handout.{fmt}"): (runner, KEEPS),
    ("GET", "/downloads/calendar.ics"): (runner, KEEPS),
    ("GET", "/downloads/export.json"): (signed_in, KEEPS),
    ("GET", "/exercises/{variation_id}/figure.svg"): (everyone, KEEPS),
    # part 2: video checks, their files, coaching
    ("POST", "/api/checks"): (runner, KEEPS),
    ("GET", "/api/checks"): (signed_in, KEEPS),
    ("GET", "/api/checks/{job_id}"): (reader, KEEPS),
    ("POST", "/api/checks/{job_id}/log"): (owner, KEEPS),
    ("DELETE", "/api/checks/{job_id}"): (owner, DATA),
    ("GET", "/api/runners/{runner_id}/checks"): (reader, KEEPS),
    ("GET", "/api/runners/{runner_id}/gait"): (reader, KEEPS),
    ("GET", "/media/{job_id}/{file}"): (reader, KEEPS),
    ("GET", "/checks"): (runner, KEEPS),
    ("GET", "/checks/new"): (runner, KEEPS),
    ("POST", "/checks"): (runner, KEEPS),
    ("GET", "/checks/{job_id}"): (reader, KEEPS),
    ("POST", "/checks/{job_id}/log"): (owner, KEEPS),
    ("POST", "/checks/{job_id}/delete"): (owner, DATA),
    ("GET", "/gait"): (runner, KEEPS),
    ("POST", "/api/coach/invite-links"): (coach, KEEPS),
    ("POST", "/api/me/invitations/{invite}/accept"): (runner, KEEPS),
    ("DELETE", "/api/me/coaches/{coach_id}"): (signed_in, DATA),
    ("GET", "/api/coach/roster"): (coach, KEEPS),
    ("GET", "/api/coach/runners/{runner_id}/notes"): (coach_reader, KEEPS),
    ("PUT", "/api/coach/runners/{runner_id}/notes"): (coach_reader, KEEPS),
    ("GET", "/coach"): (coach, KEEPS),
    ("POST", "/coach/invite-links"): (coach, KEEPS),
    ("GET", "/coach/runners/{runner_id}"): (coach_reader, KEEPS),
    ("POST", "/coach/runners/{runner_id}/notes"): (coach_reader, KEEPS),
    ("GET", "/invite/{invite}"): (everyone, KEEPS),
    ("POST", "/invite/{invite}"): (runner, KEEPS),
}


def route_table(app: FastAPI) -> list[tuple[str, str]]:
    """(method, path) of every route the app serves, HEAD left out (it mirrors GET)."""
    out = []
    for context in iter_route_contexts(app.routes):
        methods = sorted(context.methods or {"GET"})
        out.extend((m, context.path) for m in methods if m != "HEAD")
    return out


def test_every_route_is_in_the_policy(app: FastAPI) -> None:
    served = set(route_table(app))
    assert served - set(POLICY) == set(), "classify these routes in POLICY"
    assert set(POLICY) - served == set(), "POLICY names routes the app no longer has"


def _url(path: str, world: World, target: str) -> str:
    values = {
        "runner_id": world.runners[target],
        "token_id": world.tokens[target],
        "coach_id": world.coach_of[target],
        "other_id": world.coach_of[target],
        "code": world.reset_codes[target],
        "name": "pain",
        "fmt": "pdf",
        "variation_id": "clam",
        "job_id": world.checks[target],
        "file": "clip",
        "invite": "not-a-code",
    }
    if path == "/checks/new":
        return "/checks/new?exercise=glute-bridge"
    if path == "/static":
        return "/static/app.css"
    return path.format(**values)


def _body(method: str, path: str, world: World, actor: str, target: str) -> dict[str, Any]:
    """A request body that gets past validation to the permission check. Logging bodies
    name no real step and finishing finds no tapped set, so an allowed cell answers 422 and
    changes nothing: those routes keep the world."""
    day = str(world.first_day[target])
    json_bodies: dict[str, Any] = {
        "/api/me/timezone": {"timezone": "Europe/London"},
        "/api/me/profile": {**PROFILE, "name": f"Profile of {actor}"},
        "/api/me/tokens": {"name": "another"},
        "/api/me/link": {"code": "not-a-code"},
        "/api/coach/invitations": {"email": "runner-a@example.org"},
        "/api/admin/resets": {"email": "runner-b@example.org"},
        "/api/runners/{runner_id}/sets": {"day": day, "step": "x" * 64},
        "/api/runners/{runner_id}/sessions": {"day": day},
        "/api/runners/{runner_id}/morning-pain": {"score": 1},
        "/api/checks/{job_id}/log": {"pain_during": 0},
        "/api/coach/runners/{runner_id}/notes": {"notes": "watch the knee"},
    }
    if path in json_bodies:
        return {"json": json_bodies[path]}
    forms: dict[str, dict[str, str]] = {
        "/sign-up": {"email": f"new-{actor}@example.org", "password": PASSWORD},
        "/sign-in": {"email": "runner-a@example.org", "password": PASSWORD},
        "/reset/{code}": {"password": "a brand new password"},
        "/reset": {"email": "runner-a@example.org"},
        "/account/timezone": {"timezone": "Europe/Paris"},
        "/account/tokens": {"name": "phone"},
        "/account/link": {"code": "not-a-code"},
        "/account/invite": {"email": "runner-b@example.org"},
        "/account/delete": {"confirm": f"{actor.replace('_', '-')}@example.org"},
        "/admin/resets": {"email": "runner-a@example.org"},
        "/onboarding": {
            "name": f"Profile of {actor}",
            "strength_experience": "none",
            "weekly_running_km": "20",
            "minutes_per_session": "20",
            "running.sunday": "long-run",
        },
        "/today/sets": {"day": day, "step": "x", "mode": "prescribed"},
        "/today/finish": {"day": day},
        "/morning-pain": {"score": "2"},
        "/checks/{job_id}/log": {"pain_during": "0"},
        "/coach/runners/{runner_id}/notes": {"notes": "watch the knee"},
    }
    if path in {"/api/checks", "/checks"}:
        clip = small_clip().read_bytes()
        return {
            "data": {"kind": "technique", "exercise": "glute-bridge"},
            "files": {"video": ("set.mp4", clip, "video/mp4")},
        }
    return {"data": forms.get(path, {})} if method == "POST" else {}


def _request(
    world: World, actor: str, method: str, url: str, body: dict[str, Any]
) -> httpx.Response:
    browser: Browser = world.browsers[actor]
    if method in {"GET", "HEAD"}:
        return browser.client.request(method, url, follow_redirects=False)
    token = browser.csrf()
    if "data" in body:
        return browser.client.request(
            method,
            url,
            data={"csrf_token": token, **body["data"]},
            files=body.get("files"),
            follow_redirects=False,
        )
    return browser.client.request(
        method, url, headers={"X-CSRF-Token": token}, follow_redirects=False, **body
    )


def _denied(response: httpx.Response) -> bool:
    if response.status_code in {401, 403, 404}:
        return True
    location = response.headers.get("location", "")
    return response.status_code in {302, 303, 307} and location.startswith("/sign-in?next=")


def _check_route(
    route: tuple[str, str],
    database: Database,
    new_browser: Callable[[], Browser],
    world: World,
) -> tuple[World, list[str]]:
    """Every cell of one route; the world as it is afterwards and the cells that were wrong."""
    method, path = route
    rule, effect = POLICY[route]
    wrong = []
    for actor in ACTORS:
        for target in TARGETS:
            url = _url(path, world, target)
            body = _body(method, path, world, actor, target)
            response = _request(world, actor, method, url, body)
            assert response.status_code < 500, (actor, target, url, response.text[:300])
            expected = rule(actor, target)
            if _denied(response) == expected:
                wrong.append(
                    f"{method} {path}: {actor} on {target}'s data answered "
                    f"{response.status_code} (expected {'allow' if expected else 'deny'})"
                )
            if _denied(response):
                continue
            if effect == SESSION:
                world.sign_in_again(actor)
            elif effect is DATA:
                _reset(database)
                world = build_world(database, new_browser)
    return world, wrong


def test_permission_matrix_of_routes_that_only_read_or_add(
    database: Database, new_browser: Callable[[], Browser]
) -> None:
    world = build_world(database, new_browser)
    wrong: list[str] = []
    for route in sorted(r for r, (_, effect) in POLICY.items() if effect is KEEPS):
        world, route_wrong = _check_route(route, database, new_browser, world)
        wrong += route_wrong
    assert not wrong, "\n".join(wrong)


@pytest.mark.parametrize(
    "route",
    sorted(r for r, (_, effect) in POLICY.items() if effect is not KEEPS),
    ids=lambda r: f"{r[0]} {r[1]}",
)
def test_permission_matrix_of_routes_that_change_or_remove(
    route: tuple[str, str], database: Database, new_browser: Callable[[], Browser]
) -> None:
    """Each cell that is allowed changes the world (a deletion, a sign-out, a used code), so
    the world is built again after it."""
    _, wrong = _check_route(route, database, new_browser, build_world(database, new_browser))
    assert not wrong, "\n".join(wrong)


def _reset(database: Database) -> None:
    """Empty every table, so the world can be built again on the same database."""
    from glutecoach.storage.tables import Base

    with database.engine.begin() as connection:
        for table in reversed(Base.metadata.sorted_tables):
            connection.execute(table.delete())
