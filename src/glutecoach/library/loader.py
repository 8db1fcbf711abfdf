"""Read the library's YAML files into validated domain values.

Every problem is reported with the file, the path to the field inside it and what is wrong, so a
content author can fix the data without reading Python.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from glutecoach.domain.evidence import Guideline, NoiseFloor, Reference
from glutecoach.domain.exercise import Family
from glutecoach.domain.safety import LoadingRule, WarmUpItem
from glutecoach.errors import LibraryError
from glutecoach.library.catalogue import Library
from glutecoach.library.checks import cross_file_problems
from glutecoach.validation import describe

EXERCISES_DIR = "exercises"
REFERENCES_FILE = "references.yaml"
GUIDELINES_FILE = "guidelines.yaml"
SAFETY_FILE = "safety.yaml"
NOISE_FILE = "noise.yaml"


class _ReferenceFile(BaseModel):
    model_config = {"extra": "forbid", "frozen": True}
    references: tuple[Reference, ...]


class _GuidelineFile(BaseModel):
    model_config = {"extra": "forbid", "frozen": True}
    guidelines: tuple[Guideline, ...]


class _SafetyFile(BaseModel):
    model_config = {"extra": "forbid", "frozen": True}
    warm_up: tuple[WarmUpItem, ...] = ()
    loading_rules: tuple[LoadingRule, ...] = ()


class _NoiseFile(BaseModel):
    model_config = {"extra": "forbid", "frozen": True}
    noise_floors: tuple[NoiseFloor, ...]


def _resolve_noise(data: Any, floors: dict[str, NoiseFloor]) -> list[str]:
    """Replace each threshold's ``noise: <id>`` by the noise-floor record; return unknown ids."""
    unknown: list[str] = []
    for variation in data.get("variations") or ():
        for mistake in (variation.get("mistakes") or ()) if isinstance(variation, dict) else ():
            threshold = mistake.get("threshold") if isinstance(mistake, dict) else None
            if not isinstance(threshold, dict) or not isinstance(threshold.get("noise"), str):
                continue
            floor = floors.get(threshold["noise"])
            if floor is None:
                unknown.append(f"{mistake.get('id')}: unknown noise floor {threshold['noise']!r}")
            else:
                threshold["noise"] = floor.model_dump()
    return unknown


def bundled_data_dir() -> Path:
    """The library shipped inside the package."""
    return Path(str(resources.files("glutecoach.library") / "data"))


def _read_yaml(path: Path) -> Any:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise LibraryError(f"{path}: cannot read the file ({exc.strerror}).") from exc
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        problem = getattr(exc, "problem", None) or str(exc)
        raise LibraryError(f"{path}: not valid YAML{where}: {problem}.") from exc


M = TypeVar("M", bound=BaseModel)


def _parse(model: type[M], path: Path, floors: dict[str, NoiseFloor] | None = None) -> M:
    data = _read_yaml(path)
    if not isinstance(data, dict):
        raise LibraryError(f"{path}: expected a YAML mapping at the top level.")
    if floors is not None:
        unknown = _resolve_noise(data, floors)
        if unknown:
            raise LibraryError(
                f"{path}: " + "; ".join(unknown) + f" (the ids are listed in {NOISE_FILE})."
            )
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise LibraryError(describe(str(path), exc, data, "see docs/library-format.md")) from exc


def load_library(data_dir: Path | None = None) -> Library:
    """Load and check every family file and the references; raise LibraryError on any problem."""
    root = data_dir or bundled_data_dir()
    exercise_dir = root / EXERCISES_DIR
    files = sorted(exercise_dir.glob("*.yaml")) if exercise_dir.is_dir() else []
    if not files:
        raise LibraryError(f"{exercise_dir}: no exercise files (*.yaml) found.")
    errors: list[str] = []
    noise: tuple[NoiseFloor, ...] = ()
    if (root / NOISE_FILE).exists():  # optional: a library may give no noise floors
        try:
            noise = _parse(_NoiseFile, root / NOISE_FILE).noise_floors
        except LibraryError as exc:
            errors.append(str(exc))
    floors = {f.id: f for f in noise}
    families: list[tuple[Path, Family]] = []
    for path in files:
        try:
            families.append((path, _parse(Family, path, floors)))
        except LibraryError as exc:
            errors.append(str(exc))
    references: tuple[Reference, ...] = ()
    try:
        references = _parse(_ReferenceFile, root / REFERENCES_FILE).references
    except LibraryError as exc:
        errors.append(str(exc))
    guidelines: tuple[Guideline, ...] = ()
    try:
        guidelines = _parse(_GuidelineFile, root / GUIDELINES_FILE).guidelines
    except LibraryError as exc:
        errors.append(str(exc))
    safety = _SafetyFile()
    if (root / SAFETY_FILE).exists():  # optional: a library without rules applies none
        try:
            safety = _parse(_SafetyFile, root / SAFETY_FILE)
        except LibraryError as exc:
            errors.append(str(exc))
    if not errors:
        errors.extend(
            cross_file_problems(families, references, guidelines, noise, safety.loading_rules)
        )
    if errors:
        raise LibraryError("The exercise library is invalid:\n" + "\n".join(errors))
    return Library(
        families=tuple(f for _, f in families),
        references=references,
        guidelines=guidelines,
        noise_floors=noise,
        loading_rules=safety.loading_rules,
        warm_up=safety.warm_up,
    )
