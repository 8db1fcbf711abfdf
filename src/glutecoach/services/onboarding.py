"""A web account's training: the profile from the onboarding form, the plan made from it, the
recommendation behind it, and the whole of a runner's data as one export document.

The profile is checked by ``RunnerProfile``'s own rules; problems come back per field
(``InvalidFieldsError``) so a form can show each beside its field and the API can name it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from pydantic import ValidationError

from glutecoach.domain.log import SessionLog
from glutecoach.domain.profile import RunnerProfile
from glutecoach.errors import InputError, InvalidFieldsError
from glutecoach.library.catalogue import Library
from glutecoach.selection import RecommendationResult
from glutecoach.services.access import require_runner
from glutecoach.services.training import build_plan
from glutecoach.validation import field_messages

if TYPE_CHECKING:
    from glutecoach.storage.records import StoredPlan, StoredRunner
    from glutecoach.storage.unit_of_work import Database


def check_profile(data: Mapping[str, Any]) -> RunnerProfile:
    """A profile from form or JSON data; ``InvalidFieldsError`` naming each field that is wrong."""
    try:
        return RunnerProfile.model_validate(dict(data))
    except ValidationError as exc:
        raise InvalidFieldsError("profile", field_messages(exc)) from exc


def onboard(
    database: Database, library: Library, user_id: str, profile: RunnerProfile, today: dt.date
) -> tuple[StoredRunner, StoredPlan, RecommendationResult]:
    """Store the account's profile (creating its runner the first time) and a new plan from
    ``today``; the new plan is the one in use. ``InvalidFieldsError`` when no plan can be made."""
    try:
        plan, result = build_plan(library, profile, today)
    except InputError as exc:
        raise InvalidFieldsError(
            "profile", {"running" if profile.running is None else "": str(exc)}
        ) from exc
    with database.unit_of_work() as uow:
        user = uow.accounts.get_user(user_id)
        require_runner(user)
        try:
            if user.runner_id is None:
                runner = uow.runners.add(profile)
                uow.accounts.set_runner(user_id, runner.id)
            else:
                runner = uow.runners.update_profile(user.runner_id, profile)
        except InputError:
            raise InvalidFieldsError(
                "profile", {"name": "this name is already used here; add an initial or a number"}
            ) from None
        stored = uow.plans.add(runner.id, plan)
    return runner, stored, result


def stored_profile(database: Database, runner_id: str) -> RunnerProfile:
    with database.unit_of_work() as uow:
        return uow.runners.get(runner_id).profile


def recommendation(database: Database, library: Library, runner_id: str) -> RecommendationResult:
    """Why the plan holds what it holds: the selection for the stored profile."""
    profile = stored_profile(database, runner_id)
    return build_plan(library, profile, dt.date.today())[1]


def enter_morning_pain(
    database: Database, library: Library, runner_id: str, score: int, day: dt.date | None
) -> SessionLog:
    """Next-morning pain for the session of ``day`` (default: the latest), by the log's rules."""
    from glutecoach.services.training import enter_next_morning_pain

    if not 0 <= score <= 10:
        raise InvalidFieldsError("pain", {"score": f"score is {score}; use 0 (no pain) to 10"})
    return enter_next_morning_pain(database, library, runner_id, score, day).log.log


def export_runner(database: Database, user_id: str) -> dict[str, Any]:
    """Everything stored about an account's owner, as one JSON-ready document: the account
    (never its password hash), profile, plans, session logs, decisions and technique checks."""
    with database.unit_of_work() as uow:
        user = uow.accounts.get_user(user_id)
        account = {
            "email": user.email,
            "role": user.role,
            "timezone": user.timezone,
            "created_at": user.created_at.isoformat(),
            "api_tokens": [
                {"name": name, "created_at": at.isoformat()}
                for _, name, at in uow.accounts.api_tokens(user_id)
            ],
        }
        if user.runner_id is None:
            return {"account": account, "runner": None}
        runner = uow.runners.get(user.runner_id)
        plans = uow.plans.list_for(runner.id)
        logs = uow.logs.history(runner.id)
        decisions = uow.decisions.history(runner.id)
        analyses = uow.analyses.history(runner.id)
    return {
        "account": account,
        "runner": {
            "id": runner.id,
            "profile": runner.profile.model_dump(mode="json"),
            "plans": [
                {
                    "id": p.id,
                    "created_at": p.created_at.isoformat(),
                    **p.plan.model_dump(mode="json"),
                }
                for p in plans
            ],
            "session_logs": [
                {"id": s.id, "plan_id": s.plan_id, **s.log.model_dump(mode="json")} for s in logs
            ],
            "decisions": [
                {"session_log_id": d.session_log_id, **d.decision.model_dump(mode="json")}
                for d in decisions
            ],
            "technique_checks": [a.result for a in analyses],
        },
    }
