"""``serve``, ``admin create`` and ``link-code``: run the web app and manage its accounts.

The web app, uvicorn and the account services are imported inside the commands, so the rest
of the CLI starts fast.
"""

from __future__ import annotations

import sys
from pathlib import Path

import typer

from glutecoach.cli.context import DATABASE_OPTION, database
from glutecoach.cli.output import console
from glutecoach.errors import InputError

admin_app = typer.Typer(help="Manage the web app's admin accounts.", no_args_is_help=True)


def serve_command(
    host: str = typer.Option("127.0.0.1", help="Address to listen on (0.0.0.0: every one)."),
    port: int = typer.Option(8000, min=1, max=65535, help="Port to listen on."),
    db: str | None = DATABASE_OPTION,
    scheduler: str | None = typer.Option(
        None,
        help="Run video checks on this Dask scheduler (tcp://HOST:8786) instead of a local "
        "cluster of worker processes.",
    ),
    video_workers: int | None = typer.Option(
        None, min=1, help="Worker processes of the local cluster (default: one per core)."
    ),
    media_dir: Path | None = typer.Option(
        None, help="Folder for uploaded clips and check files (default: the user data folder)."
    ),
    keep_videos_days: int | None = typer.Option(
        None, min=1, help="Delete videos and check files after this many days (default 30)."
    ),
) -> None:
    """Serve the web app (Ctrl-C stops it). Video checks run on a local Dask cluster started
    with it, or on --scheduler. Behind a reverse proxy with TLS for a clinic: see
    docs/deploy.md."""
    import os

    import uvicorn

    from glutecoach.jobs import video_settings as videos
    from glutecoach.jobs.engine import ClusterSpec
    from glutecoach.storage import DATABASE_URL_ENV, describe_url

    spec = ClusterSpec(scheduler=scheduler, workers=video_workers)  # a bad address: exit 2
    if scheduler is not None:  # an unreachable scheduler or one without workers: exit 7 now
        from glutecoach.jobs.engine import Engine

        Engine(spec).close()
    for name, value in (
        (videos.SCHEDULER_ENV, scheduler),
        (videos.WORKERS_ENV, video_workers),
        (videos.MEDIA_DIR_ENV, media_dir.resolve() if media_dir else None),
        (videos.KEEP_DAYS_ENV, keep_videos_days),
    ):
        if value is not None:
            os.environ[name] = str(value)

    # Open (and migrate) the database here, so a bad URL is reported before serving.
    with database(db) as store:
        url = store.url.render_as_string(hide_password=False)
        where = describe_url(store.url)
    os.environ[DATABASE_URL_ENV] = url
    shown = "127.0.0.1" if host in {"0.0.0.0", "::"} else host
    console.print(
        f"glutecoach is running at [bold]http://{shown}:{port}/[/] (database: {where}). "
        "Press Ctrl-C to stop."
    )
    # The web layer is started by name (uvicorn's factory), as a deployment would start it.
    uvicorn.run(
        "glutecoach.web.app:app_from_environment",
        factory=True,
        host=host,
        port=port,
        log_level="warning",
    )
    console.print("glutecoach stopped.")


def _password(confirm: bool) -> str:
    if not sys.stdin.isatty():
        line = sys.stdin.readline().rstrip("\n")
        if not line:
            raise InputError("no password on standard input; pipe one line, or run at a terminal")
        return line
    value: str = typer.prompt("Password", hide_input=True, confirmation_prompt=confirm)
    return value


@admin_app.command("create")
def admin_create(
    email: str = typer.Option(..., "--email", help="The admin's email (their sign-in name)."),
    db: str | None = DATABASE_OPTION,
) -> None:
    """Create an admin account (the only way to make one). The password is asked for at a
    terminal, or read as one line from standard input."""
    from glutecoach.services.accounts import create_admin

    password = _password(confirm=True)
    with database(db) as store:
        user = create_admin(store, email, password)
    console.print(f"Admin {user.email} created. Sign in at /sign-in.", markup=False)


def link_code_command(
    runner: str = typer.Option(..., "--runner", "-r", help="The CLI runner to link (name)."),
    db: str | None = DATABASE_OPTION,
) -> None:
    """Print a one-time code (valid 30 minutes) that links a runner made with the CLI to a web
    account: enter it on the account page after signing up."""
    from glutecoach.services.accounts import issue_link_code

    with database(db) as store:
        code = issue_link_code(store, runner)
    console.print(f"Link code for {runner}: {code}", markup=False)
    console.print("Enter it on the web app's Account page within 30 minutes; it works once.")


def register(app: typer.Typer) -> None:
    app.command("serve")(serve_command)
    app.command("link-code")(link_code_command)
    app.add_typer(admin_app, name="admin")
