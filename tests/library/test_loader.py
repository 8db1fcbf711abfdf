"""Loading the library files: errors name the file, the field and what is wrong."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from glutecoach.errors import LibraryError, NotFoundError
from glutecoach.library.loader import load_library


def edit_family(root: Path, change: dict[str, object], index: int = 0) -> None:
    path = root / "exercises" / "demo-lift.yaml"
    data = yaml.safe_load(path.read_text())
    data["variations"][index].update(change)
    path.write_text(yaml.safe_dump(data, sort_keys=False))


def test_fixture_library_loads_with_ladder_queries(mini_library_dir: Path) -> None:
    lib = load_library(mini_library_dir)
    assert lib.ids() == ("demo-easy", "demo-hard")
    assert lib.get("demo-starter").id == "demo-easy"
    assert [v.id for v in lib.easier("demo-hard")] == ["demo-easy"]
    assert [v.id for v in lib.harder("demo-easy")] == ["demo-hard"]
    assert [v.id for v in lib.filter(available=[])] == ["demo-easy"]


def test_unknown_id_suggests_close_matches(mini_library_dir: Path) -> None:
    lib = load_library(mini_library_dir)
    with pytest.raises(NotFoundError, match="Did you mean: demo-easy"):
        lib.get("demo-eazy")


def test_unknown_field_names_file_variation_and_field(mini_library_dir: Path) -> None:
    edit_family(mini_library_dir, {"dificulty": 2}, index=1)
    with pytest.raises(LibraryError) as info:
        load_library(mini_library_dir)
    message = str(info.value)
    assert "demo-lift.yaml" in message
    assert "variations[1] (demo-hard) > dificulty: unknown field" in message


def test_bad_enum_lists_accepted_values(mini_library_dir: Path) -> None:
    edit_family(mini_library_dir, {"position": "lying"})
    with pytest.raises(LibraryError, match=r"position: 'lying' is not accepted; use one of"):
        load_library(mini_library_dir)


def test_nested_dose_error_has_full_path(mini_library_dir: Path) -> None:
    path = mini_library_dir / "exercises" / "demo-lift.yaml"
    data = yaml.safe_load(path.read_text())
    data["variations"][0]["dose"]["novice"]["sets"] = 0
    path.write_text(yaml.safe_dump(data, sort_keys=False))
    with pytest.raises(LibraryError, match=r"variations\[0\] \(demo-easy\) > dose > novice > sets"):
        load_library(mini_library_dir)


def test_yaml_syntax_error_reports_line(mini_library_dir: Path) -> None:
    path = mini_library_dir / "exercises" / "demo-lift.yaml"
    path.write_text("family: demo-lift\nname: [unclosed\n")
    with pytest.raises(LibraryError, match=r"demo-lift.yaml: not valid YAML at line \d+"):
        load_library(mini_library_dir)


def test_missing_and_unused_references_are_errors(mini_library_dir: Path) -> None:
    path = mini_library_dir / "references.yaml"
    data = yaml.safe_load(path.read_text())
    data["references"].append(
        {"key": "orphan-1999", "kind": "full-paper", "authors": ["Nobody N"], "year": 1999}
    )
    data["references"] = [r for r in data["references"] if r["key"] != "demo-2020"]
    path.write_text(yaml.safe_dump(data))
    with pytest.raises(LibraryError) as info:
        load_library(mini_library_dir)
    message = str(info.value)
    assert "cites 'demo-2020', which is not in references.yaml" in message
    assert "'orphan-1999' is cited by nothing" in message


def test_duplicate_ids_across_files_are_errors(mini_library_dir: Path) -> None:
    source = mini_library_dir / "exercises" / "demo-lift.yaml"
    copy = mini_library_dir / "exercises" / "demo-copy.yaml"
    copy.write_text(source.read_text().replace("family: demo-lift", "family: demo-copy"))
    with pytest.raises(
        LibraryError,
        match=r"demo-lift\.yaml: id or alias 'demo-easy' is already used in demo-copy\.yaml",
    ):
        load_library(mini_library_dir)


def test_ladder_gap_is_an_error(mini_library_dir: Path) -> None:
    edit_family(mini_library_dir, {"ladder_position": 3}, index=1)
    with pytest.raises(LibraryError, match=r"ladder positions must be 1..2 .* got \[1, 3\]"):
        load_library(mini_library_dir)


def test_variation_without_measurable_mistake_is_an_error(mini_library_dir: Path) -> None:
    path = mini_library_dir / "exercises" / "demo-lift.yaml"
    data = yaml.safe_load(path.read_text())
    del data["variations"][0]["mistakes"][0]["threshold"]
    path.write_text(yaml.safe_dump(data, sort_keys=False))
    with pytest.raises(LibraryError, match="at least one mistake must carry a measurable"):
        load_library(mini_library_dir)


def test_empty_folder_is_reported(tmp_path: Path) -> None:
    with pytest.raises(LibraryError, match=r"no exercise files \(\*\.yaml\) found"):
        load_library(tmp_path)
