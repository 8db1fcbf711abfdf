"""Every threshold and timing constant that decides an analysis result lives in the parameter
objects recorded with the result (``AnalysisParams`` and its groups, ``GaitParams``,
``RunningCheckParams``), never as a module-level number: a new one fails here. Parameter
objects built at module level (``RepParams(...)`` registered for a family) are fine, as their
values are recorded; so are the true constants allowed below, each with its reason."""

from __future__ import annotations

import ast
import dataclasses
from pathlib import Path

import pytest

import glutecoach.analysis
from glutecoach.analysis.exercises.side_plank import sag_threshold
from glutecoach.analysis.params import AnalysisParams, default_params, params_to_json
from glutecoach.analysis.pipeline import resolve_params
from glutecoach.library.loader import load_library

ANALYSIS = Path(glutecoach.analysis.__file__).parent

ALLOWED_MODULES = {
    "skeleton_model.py": "the SYNTHETIC body model that draws test poses (body proportions)",
    "synthetic.py": "SYNTHETIC test series: what they draw, not how a clip is judged",
    "synthetic_support.py": "SYNTHETIC test series helpers",
    "synthetic_step_up.py": "SYNTHETIC step-up series: the drawn person's size and floor",
    "corpus.py": "the SYNTHETIC corpus's transforms, not how a clip is judged",
}
ALLOWED_NAMES: dict[str, str] = {}
"""``module.py:NAME`` -> why a module-level number there is a true constant (a unit
conversion, a schema version), not a decision. Empty: none is needed today."""


def _numbers(node: ast.expr) -> list[object]:
    """Numeric literals in ``node`` outside calls (a call builds a parameter object)."""
    if isinstance(node, ast.Call):
        return []
    if isinstance(node, ast.Constant):
        value = node.value
        number = isinstance(value, int | float) and not isinstance(value, bool)
        return [value] if number else []
    return [n for child in ast.iter_child_nodes(node) for n in _numbers(child)]  # type: ignore[arg-type]


def loose_constants(path: Path) -> list[str]:
    """``NAME = <numbers>`` at the top level of ``path``, as ``module.py:NAME = source``."""
    found = []
    for node in ast.parse(path.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.Assign):
            targets, value = node.targets, node.value
        elif isinstance(node, ast.AnnAssign) and node.value is not None:
            targets, value = [node.target], node.value
        else:
            continue
        if not _numbers(value):
            continue
        names = [n.id for t in targets for n in ast.walk(t) if isinstance(n, ast.Name)]
        for name in names:
            key = f"{path.relative_to(ANALYSIS)}:{name}"
            if key not in ALLOWED_NAMES:
                found.append(f"{key} = {ast.unparse(value)[:60]}")
    return found


def test_no_module_level_number_decides_a_result() -> None:
    modules = [p for p in sorted(ANALYSIS.rglob("*.py")) if p.name not in ALLOWED_MODULES]
    assert len(modules) > 30
    loose = [c for p in modules for c in loose_constants(p)]
    assert not loose, (
        "module-level numbers in glutecoach.analysis decide results outside the recorded "
        "parameters; move them into a parameter dataclass (analysis/params.py, clip_params.py) "
        f"with a documented default: {loose}"
    )


def test_the_walker_finds_a_loose_constant(tmp_path: Path) -> None:
    module = tmp_path / "probe.py"
    module.write_text(
        "from x import RepParams\n"
        "LIMIT_DEG = 12.0\n"
        "PAIR = (0.2, 0.3)\n"
        "NEGATIVE: float = -1.5\n"
        "NAMES = ('a', 'b')\n"
        "FLAG = True\n"
        "REPS = RepParams(min_range=0.1)\n",
        encoding="utf-8",
    )
    global ANALYSIS
    saved, ANALYSIS = ANALYSIS, tmp_path
    try:
        found = loose_constants(module)
    finally:
        ANALYSIS = saved
    assert [f.split(" =")[0] for f in found] == ["probe.py:LIMIT_DEG", "probe.py:PAIR",
                                                  "probe.py:NEGATIVE"]  # fmt: skip


@pytest.mark.parametrize(
    ("group", "field"),
    [
        ("holds", "enter_sag_deg"),
        ("holds", "min_hold_s"),
        ("holds", "max_gap_s"),
        ("posture", "flat_trunk_deg"),
        ("posture", "lying_tilt_deg"),
        ("framing", "max_scale_change"),
        ("measures", "plausible_fppa_deg"),
        ("reps", "min_swing_s"),
    ],
)
def test_the_moved_constants_are_recorded_with_every_result(group: str, field: str) -> None:
    for family in ("single-leg-squat", "side-plank", "glute-bridge"):
        recorded = params_to_json(default_params(family))
        assert field in recorded[group]
    names = {f.name for f in dataclasses.fields(AnalysisParams)}
    assert {"posture", "framing", "holds"} <= names


def test_an_override_reaches_the_decision() -> None:
    """The side plank's default sag threshold now comes from the parameters: overriding it
    changes the threshold a variation without one is judged by."""
    library = load_library()
    plank = library.get("side-plank")
    bare = plank.model_copy(update={"mistakes": ()})
    params = resolve_params("side-plank", {"holds.default_sag_deg": "7"})
    assert sag_threshold(bare, params.holds) == 7.0
    assert sag_threshold(bare, default_params("side-plank").holds) == 10.0
