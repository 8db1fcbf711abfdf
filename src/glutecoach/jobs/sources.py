"""What a batch checks: every video in a folder (one exercise for all), or the rows of a
manifest CSV. Each row's problem (missing file, unknown exercise, a bad value, a duplicate) is
named and kept aside, so the other rows still run.

Manifest columns: ``path`` and ``exercise`` (``exercise`` may be left out when ``--exercise``
gives it), optional ``side`` (left/right), ``view`` (front/back/side), ``subject``,
``session`` and ``label``. Paths are relative to the manifest's folder. ``label`` is what the
clip should show: a number (complete reps, or holds for a hold), ``good`` (no fault), or one
of the exercise's mistake ids (that fault should be found).
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, replace
from pathlib import Path

from glutecoach.domain.vocabulary import CameraView
from glutecoach.errors import GlutecoachError, InputError
from glutecoach.library.catalogue import Library

VIDEO_SUFFIXES = frozenset({".mp4", ".mov", ".m4v", ".avi", ".webm", ".mkv", ".gif"})
REQUIRED = ("path", "exercise")
OPTIONAL = ("side", "view", "subject", "session", "label")
SIDES = ("left", "right")
GOOD_LABEL = "good"


@dataclass(frozen=True)
class ClipRow:
    """One clip to check. ``row`` is the manifest's line number (or the clip's place in the
    folder's sorted listing)."""

    row: int
    path: Path
    exercise: str
    side: str | None = None
    view: str | None = None
    subject: str | None = None
    session: str | None = None
    label: str | None = None


@dataclass(frozen=True)
class RowProblem:
    """A row that cannot run (as far as it could be read), and why, written for the person
    who made the manifest and starting with ``row N:``."""

    clip: ClipRow
    reason: str

    @classmethod
    def of(cls, clip: ClipRow, reason: str) -> RowProblem:
        return cls(clip, f"row {clip.row}: {reason}")


@dataclass(frozen=True)
class BatchSource:
    origin: Path
    rows: tuple[ClipRow, ...]
    problems: tuple[RowProblem, ...] = ()
    notes: tuple[str, ...] = ()

    @property
    def total(self) -> int:
        return len(self.rows) + len(self.problems)


def read_source(source: Path, library: Library, exercise: str | None = None) -> BatchSource:
    """A folder's videos or a manifest's rows; InputError when the source itself is unusable."""
    if source.is_dir():
        return _folder(source, library, exercise)
    if source.is_file():
        return _manifest(source, library, exercise)
    raise InputError(f"{source} does not exist: give a folder of videos or a manifest CSV")


def _folder(folder: Path, library: Library, exercise: str | None) -> BatchSource:
    if exercise is None:
        raise InputError(
            f"{folder} is a folder: say which exercise its clips show with --exercise ID, "
            "or give a manifest CSV with an exercise column"
        )
    library.get(exercise)  # an unknown exercise stops the batch: it applies to every clip
    clips = sorted(
        p for p in folder.rglob("*") if p.suffix.lower() in VIDEO_SUFFIXES and p.is_file()
    )
    if not clips:
        raise InputError(
            f"no video files in {folder} (looked for {', '.join(sorted(VIDEO_SUFFIXES))})"
        )
    rows = tuple(ClipRow(n, p.resolve(), exercise) for n, p in enumerate(clips, 1))
    return BatchSource(folder, rows)


def _manifest(path: Path, library: Library, default_exercise: str | None) -> BatchSource:
    try:
        with path.open(newline="", encoding="utf-8-sig") as file:
            reader = csv.DictReader(file)
            header = [h.strip().lower() for h in reader.fieldnames or []]
            records = [(reader.line_num, raw) for raw in reader]
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise InputError(f"cannot read the manifest {path}: {exc}") from exc
    if "path" not in header or ("exercise" not in header and default_exercise is None):
        raise InputError(
            f"the manifest {path} needs a header row with the columns path and exercise "
            f"(found: {', '.join(header) or 'none'}); optional: {', '.join(OPTIONAL)}"
        )
    notes = [
        f"column {name!r} of {path.name} is not one glutecoach reads "
        f"({', '.join(REQUIRED + OPTIONAL)}); it is ignored"
        for name in header
        if name and name not in REQUIRED + OPTIONAL
    ]
    rows: list[ClipRow] = []
    problems: list[RowProblem] = []
    seen: dict[tuple[object, ...], int] = {}
    for line, raw in records:
        cells = {
            (k or "").strip().lower(): (v or "").strip()
            for k, v in raw.items()
            if not isinstance(v, list)
        }
        if not any(cells.values()):
            continue  # blank line
        row = ClipRow(
            row=line,
            path=(path.parent / cells["path"]).resolve() if cells.get("path") else Path(),
            exercise=cells.get("exercise") or default_exercise or "",
            side=cells.get("side") or None,
            view=cells.get("view") or None,
            subject=cells.get("subject") or None,
            session=cells.get("session") or None,
            label=cells.get("label") or None,
        )
        reason = _row_problem(row, cells, raw, library)
        if reason is None:
            row = replace(row, exercise=library.get(row.exercise).id)  # aliases to ids
        identity = (row.path, row.exercise, row.side, row.view)
        if reason is None and identity in seen:
            reason = f"duplicate of row {seen[identity]} (same clip, exercise, side and view)"
        if reason is not None:
            problems.append(RowProblem.of(row, reason))
            continue
        seen[identity] = line
        rows.append(row)
    if not rows and not problems:
        raise InputError(f"the manifest {path} has no rows")
    return BatchSource(path, tuple(rows), tuple(problems), tuple(notes))


def _row_problem(
    row: ClipRow, cells: dict[str, str], raw: dict[str | None, object], library: Library
) -> str | None:
    """What is wrong with one manifest row, in words; None when it can run."""
    if None in raw:
        return "has more cells than the header has columns (a comma inside a value needs quotes)"
    if not cells.get("path"):
        return "the path cell is empty"
    if not row.exercise:
        return "the exercise cell is empty (or give --exercise for rows without one)"
    if not row.path.is_file():
        return f"{row.path} does not exist (paths are relative to the manifest's folder)"
    try:
        variation = library.get(row.exercise)
    except GlutecoachError as exc:
        return str(exc)
    if row.side is not None and row.side not in SIDES:
        return f"side {row.side!r} is not one of {', '.join(SIDES)} (or leave it empty)"
    views = [v.value for v in CameraView]
    if row.view is not None and row.view not in views:
        return f"view {row.view!r} is not one of {', '.join(views)} (or leave it empty)"
    if row.label is not None:
        mistakes = [m.id for m in variation.mistakes]
        if not (row.label.isdigit() or row.label == GOOD_LABEL or row.label in mistakes):
            return (
                f"label {row.label!r} is not a count, {GOOD_LABEL!r} or a mistake id of "
                f"{variation.id} ({', '.join(mistakes)})"
            )
    return None
