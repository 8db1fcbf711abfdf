"""The pipeline stays in its layer: no video, pose model, database, web, or library import.

The analysis layer takes a ``Variation`` (a domain value) and never reads the library itself,
so the CLI, the web app and the tests decide where exercises come from.
"""

from __future__ import annotations

import subprocess
import sys

FORBIDDEN = (
    "cv2",
    "mediapipe",
    "sqlalchemy",
    "alembic",
    "fastapi",
    "starlette",
    "jinja2",
    "glutecoach.library",
    "glutecoach.vision",
    "glutecoach.services",
)


def test_pipeline_imports_nothing_outside_its_layer() -> None:
    code = (
        "import sys\n"
        "from glutecoach.analysis import pipeline, faults, params, summary, exercises\n"
        "import glutecoach.domain.analysis\n"
        f"bad = [m for m in {FORBIDDEN!r} if m in sys.modules]\n"
        "print(','.join(bad))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout.strip()
    assert out == ""
