"""The app factory, and the one place where errors become HTTP answers.

API paths (``/api/...``) answer JSON: 401 not signed in, 403 not allowed, 404 not found (also
for another person's data), 422 bad input naming the field, 429 throttled, 503 database
unavailable. Pages answer the same codes with a page that says what to do; an anonymous
visitor is sent to sign in. No traceback ever reaches a user: anything unexpected is logged
with its context and answered 500 with a plain message.
"""

from __future__ import annotations

import asyncio
import logging
import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from urllib.parse import quote

from fastapi import Depends, FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from starlette.exceptions import HTTPException as StarletteHTTPException

from glutecoach import __version__
from glutecoach.domain.glossary import action_name, plural
from glutecoach.errors import (
    AccessError,
    GlutecoachError,
    InputError,
    InvalidFieldsError,
    NotFoundError,
    StorageError,
    ThrottledError,
)
from glutecoach.jobs.video import VideoQueue
from glutecoach.library.catalogue import Library
from glutecoach.library.loader import load_library
from glutecoach.services.runner_states import RunnerStates
from glutecoach.storage.unit_of_work import Database, open_database
from glutecoach.web import (
    api,
    api_coach,
    api_video,
    pages_account,
    pages_coach,
    pages_runner,
    pages_video,
)
from glutecoach.web.rendering import page, redirect
from glutecoach.web.security import SignInRequiredError, check_csrf
from glutecoach.web.settings import WebSettings
from glutecoach.web.state import STATIC_DIR, TEMPLATES_DIR, AppState
from glutecoach.web.videos import VideoState

log = logging.getLogger("glutecoach.web")


def create_app(
    settings: WebSettings, *, database: Database | None = None, library: Library | None = None
) -> FastAPI:
    """The web app for one database (opened, and migrated, from ``settings`` unless given)."""
    db = database or open_database(settings.database_url)
    templates = Jinja2Templates(directory=str(TEMPLATES_DIR))
    templates.env.auto_reload = False  # installed templates do not change: no stat per page
    templates.env.globals["action_name"] = action_name  # decisions in the glossary's words
    templates.env.globals["plural"] = plural  # "1 set", "2 sets"
    chosen = library or load_library()
    state = AppState(settings, db, chosen, templates, RunnerStates(chosen))

    videos = settings.videos
    queue = VideoQueue(db, videos.media_root, videos.cluster) if videos.run_jobs else None

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        if queue is not None:
            # started in this (the main) thread, so the worker processes are spawned with
            # Ctrl-C ignored: the server stops them itself, without their tracebacks
            queue.start()
        try:
            yield
        finally:
            if queue is not None:
                await asyncio.to_thread(queue.stop)
            if database is None:  # we opened it, we close it
                db.dispose()

    app = FastAPI(
        title="glutecoach",
        version=__version__,
        description="Gluteus medius strength coaching for runners: the JSON API of the web app.",
        dependencies=[Depends(check_csrf)],
        # The interactive docs pages load their scripts from a CDN: left out. The schema is
        # at /openapi.json for any OpenAPI viewer.
        docs_url=None,
        redoc_url=None,
        lifespan=lifespan,
    )
    app.state.glutecoach = state
    app.state.videos = VideoState(videos.media_root, videos.params)
    app.mount("/static", StaticFiles(directory=str(STATIC_DIR)), name="static")
    app.include_router(api.router)
    app.include_router(pages_account.router)
    app.include_router(pages_runner.router)
    app.include_router(api_video.router)
    app.include_router(api_coach.router)
    app.include_router(pages_video.router)
    app.include_router(pages_coach.router)
    _handle_errors(app)
    return app


def _status(exc: GlutecoachError) -> int:
    if isinstance(exc, SignInRequiredError):
        return 401
    if isinstance(exc, ThrottledError):
        return 429
    if isinstance(exc, NotFoundError):
        return 404
    if isinstance(exc, AccessError):
        return 403
    if isinstance(exc, InputError):
        return 422
    if isinstance(exc, StorageError):
        return 503
    return 500


def _is_api(request: Request) -> bool:
    return request.url.path.startswith("/api/") or request.url.path == "/openapi.json"


def _api_error(status: int, exc: GlutecoachError) -> JSONResponse:
    if isinstance(exc, InvalidFieldsError):
        detail = [
            {
                "loc": ["body", *name.split(".")] if name else ["body"],
                "msg": message,
                "type": "value_error",
            }
            for name, message in exc.fields.items()
        ]
    else:
        detail = [{"loc": [], "msg": str(exc), "type": type(exc).__name__}]
    headers = {"WWW-Authenticate": "Bearer"} if status == 401 else None
    return JSONResponse({"detail": detail}, status_code=status, headers=headers)


def _handle_errors(app: FastAPI) -> None:
    @app.exception_handler(GlutecoachError)
    async def known(request: Request, exc: GlutecoachError) -> Response:
        status = _status(exc)
        if status >= 500:
            log.error("%s %s: %s", request.method, request.url.path, exc)
        if _is_api(request):
            return _api_error(status, exc)
        if isinstance(exc, SignInRequiredError):
            return redirect(f"/sign-in?next={quote(request.url.path)}")
        return page(request, "error.html", status, message=str(exc), status=status)

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> Response:
        detail = [{"loc": list(e["loc"]), "msg": e["msg"], "type": e["type"]} for e in exc.errors()]
        if _is_api(request):
            return JSONResponse({"detail": detail}, status_code=422)
        message = "; ".join(f"{'.'.join(map(str, d['loc'][1:]))}: {d['msg']}" for d in detail)
        return page(request, "error.html", 422, message=message, status=422)

    @app.exception_handler(StarletteHTTPException)
    async def http(request: Request, exc: StarletteHTTPException) -> Response:
        if _is_api(request) or request.url.path.startswith("/static/"):
            return JSONResponse(
                {"detail": [{"loc": [], "msg": str(exc.detail), "type": "http"}]},
                status_code=exc.status_code,
            )
        return page(
            request, "error.html", exc.status_code, message=str(exc.detail), status=exc.status_code
        )

    @app.exception_handler(Exception)
    async def unexpected(request: Request, exc: Exception) -> Response:  # noqa: ARG001
        log.exception("unexpected error on %s %s", request.method, request.url.path)
        message = "glutecoach hit an unexpected problem; it is logged. Please try again."
        if _is_api(request):
            return JSONResponse(
                {"detail": [{"loc": [], "msg": message, "type": "internal"}]}, status_code=500
            )
        return page(request, "error.html", 500, message=message, status=500)


def app_from_environment() -> FastAPI:
    """The app as ``glutecoach serve`` runs it, configured from the environment
    (``GLUTECOACH_DATABASE_URL``, ``GLUTECOACH_SECRET_KEY``, ...): for uvicorn's ``--factory``
    (``uvicorn --factory glutecoach.web.app:app_from_environment``)."""
    from glutecoach.storage import DATABASE_URL_ENV
    from glutecoach.web.settings import settings_from_environment

    return create_app(settings_from_environment(os.environ.get(DATABASE_URL_ENV)))
