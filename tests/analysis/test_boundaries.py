"""The analysis layer stays pure: importing it pulls in no video, pose model, DB or web code."""

from __future__ import annotations

import subprocess
import sys

FORBIDDEN = ("cv2", "mediapipe", "sqlalchemy", "alembic", "fastapi", "starlette", "jinja2")


def forbidden_after(imports: str, forbidden: tuple[str, ...] = FORBIDDEN) -> str:
    """The ``forbidden`` modules loaded, in a fresh interpreter, by the ``imports`` lines."""
    code = (
        f"import sys\n{imports}"
        f"bad = [m for m in {forbidden!r} if m in sys.modules]\n"
        "print(','.join(bad))\n"
    )
    return subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout.strip()


def test_analysis_imports_nothing_forbidden() -> None:
    imports = (
        "import glutecoach.domain.pose\n"
        "from glutecoach.analysis import angles, filters, reps, skeleton, synthetic\n"
    )
    assert forbidden_after(imports) == ""
