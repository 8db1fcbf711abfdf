"""What every request of one app instance shares: settings, the open database, the exercise
library, the runners' plans in force kept between requests, and the page templates."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from fastapi import Request
from fastapi.templating import Jinja2Templates

from glutecoach.library.catalogue import Library
from glutecoach.services import accounts, guided
from glutecoach.services.guided import GuidedSession
from glutecoach.services.runner_states import RunnerStates
from glutecoach.storage.accounts import StoredUser
from glutecoach.storage.unit_of_work import Database
from glutecoach.web.settings import WebSettings

WEB_DIR = Path(__file__).parent
TEMPLATES_DIR = WEB_DIR / "templates"
STATIC_DIR = WEB_DIR / "static"


@dataclass(frozen=True)
class AppState:
    settings: WebSettings
    database: Database
    library: Library
    templates: Jinja2Templates
    states: RunnerStates

    def guided_session(self, runner_id: str, day: dt.date, user: StoredUser) -> GuidedSession:
        """The guided session of ``day``, with a next-morning pain entry due as of the
        ``user``'s own today, from the plans kept between requests."""
        return guided.guided_session(
            self.database,
            self.library,
            runner_id,
            day,
            accounts.today_for(user),
            states=self.states,
        )


def app_state(request: Request) -> AppState:
    state = request.app.state.glutecoach
    assert isinstance(state, AppState)
    return state


async def shared_state(request: Request) -> AppState:
    """``app_state`` as a dependency: async, so FastAPI runs it on the event loop rather than
    handing it to a worker thread and back."""
    return app_state(request)
