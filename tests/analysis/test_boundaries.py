"""The analysis layer stays pure: importing it pulls in no video, pose model, DB or web code."""

from __future__ import annotations

import subprocess
import sys

FORBIDDEN = ("cv2", "mediapipe", "sqlalchemy", "alembic", "fastapi", "starlette", "jinja2")


def test_analysis_imports_nothing_forbidden() -> None:
    code = (
        "import sys\n"
        "import glutecoach.domain.pose\n"
        "from glutecoach.analysis import angles, filters, reps, skeleton, synthetic\n"
        f"bad = [m for m in {FORBIDDEN!r} if m in sys.modules]\n"
        "print(','.join(bad))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout.strip()
    assert out == ""
