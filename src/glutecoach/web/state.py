"""What every request of one app instance shares: settings, the open database, the exercise
library and the page templates."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from fastapi import Request
from fastapi.templating import Jinja2Templates

from glutecoach.library.catalogue import Library
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


def app_state(request: Request) -> AppState:
    state = request.app.state.glutecoach
    assert isinstance(state, AppState)
    return state
