"""Reading what a batch checks: a folder (one exercise) or a manifest whose bad rows are each
named while the good rows stay."""

from __future__ import annotations

from pathlib import Path

import pytest

from glutecoach.errors import InputError, NotFoundError
from glutecoach.jobs.sources import read_source
from glutecoach.library.catalogue import Library
from tests.jobs.conftest import write_manifest


@pytest.fixture
def clips(tmp_path: Path) -> Path:
    folder = tmp_path / "clips"
    (folder / "subject-2").mkdir(parents=True)
    for name in ("a.mp4", "B.MOV", "subject-2/c.gif", "notes.txt"):
        (folder / name).write_bytes(b"not decoded here")
    return folder


def test_folder_lists_its_videos_recursively_with_one_exercise(
    clips: Path, library: Library
) -> None:
    source = read_source(clips, library, "glute-bridge")
    assert [r.path.name for r in source.rows] == ["B.MOV", "a.mp4", "c.gif"]
    assert {r.exercise for r in source.rows} == {"glute-bridge"}
    assert [r.row for r in source.rows] == [1, 2, 3]


def test_folder_needs_an_existing_exercise(clips: Path, library: Library) -> None:
    with pytest.raises(InputError, match="--exercise"):
        read_source(clips, library)
    with pytest.raises(NotFoundError, match="no-such"):
        read_source(clips, library, "no-such")


def test_empty_folder_and_missing_source_are_named(tmp_path: Path, library: Library) -> None:
    with pytest.raises(InputError, match="no video files"):
        read_source(tmp_path, library, "glute-bridge")
    with pytest.raises(InputError, match="does not exist"):
        read_source(tmp_path / "nowhere.csv", library)


def test_each_bad_row_is_named_and_the_good_rows_stay(clips: Path, library: Library) -> None:
    manifest = write_manifest(
        clips / "manifest.csv",
        [
            {"path": "a.mp4", "exercise": "glute-bridge", "subject": "s1", "label": "3"},
            {"path": "missing.mp4", "exercise": "glute-bridge"},
            {"path": "a.mp4", "exercise": "no-such-exercise"},
            {"path": "B.MOV", "exercise": "single-leg-squat", "side": "middle"},
            {"path": "B.MOV", "exercise": "single-leg-squat", "view": "above"},
            {"path": "B.MOV", "exercise": "single-leg-squat", "label": "wobbly"},
            {"path": "a.mp4", "exercise": "glute-bridge", "subject": "again"},
            {"path": "", "exercise": "glute-bridge"},
            {"path": "B.MOV", "exercise": "single-leg-squat", "side": "left", "label": "good"},
        ],
    )
    source = read_source(manifest, library)
    assert [(r.row, r.path.name, r.side, r.label) for r in source.rows] == [
        (2, "a.mp4", None, "3"),
        (10, "B.MOV", "left", "good"),
    ]
    reasons = {p.clip.row: p.reason for p in source.problems}
    assert set(reasons) == {3, 4, 5, 6, 7, 8, 9}
    assert "missing.mp4 does not exist" in reasons[3]
    assert "no-such-exercise" in reasons[4]
    assert "side 'middle'" in reasons[5]
    assert "view 'above'" in reasons[6]
    assert "label 'wobbly'" in reasons[7]
    assert "single-leg-squat.trunk-lean" in reasons[7]
    assert reasons[8] == "row 8: duplicate of row 2 (same clip, exercise, side and view)"
    assert "path cell is empty" in reasons[9]
    assert all(reason.startswith(f"row {row}: ") for row, reason in reasons.items())
    assert source.total == 9


def test_manifest_columns_extra_cells_and_default_exercise(clips: Path, library: Library) -> None:
    manifest = clips / "m.csv"
    manifest.write_text("Path,Notes\na.mp4,first\nB.MOV,x,surplus\n", encoding="utf-8")
    with pytest.raises(InputError, match="path and exercise"):
        read_source(manifest, library)
    source = read_source(manifest, library, "bridge")  # an alias, stored as the id
    assert [r.exercise for r in source.rows] == ["glute-bridge"]
    assert "more cells than the header" in source.problems[0].reason
    assert source.notes
    assert "'notes'" in source.notes[0]
