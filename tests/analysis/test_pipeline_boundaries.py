"""The pipeline stays in its layer: no video, pose model, database, web, or library import.

The analysis layer takes a ``Variation`` (a domain value) and never reads the library itself,
so the CLI, the web app and the tests decide where exercises come from.
"""

from __future__ import annotations

from tests.analysis.test_boundaries import forbidden_after

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
    imports = (
        "from glutecoach.analysis import pipeline, faults, params, summary, exercises\n"
        "import glutecoach.domain.analysis\n"
    )
    assert forbidden_after(imports, FORBIDDEN) == ""
