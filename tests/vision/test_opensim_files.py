"""TRC and MOT exports read back by OpenSim's own file adapters (``pyopensim``: OpenSim 4.5's
C++ ``TRCFileAdapter`` and ``STOFileAdapter``), compared value by value."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pytest

from glutecoach.analysis.gait import analyze_gait
from glutecoach.errors import InputError
from glutecoach.library.loader import load_library
from glutecoach.vision.fake import FakePoseEstimator
from glutecoach.vision.research_export import (
    ExportInput,
    angle_columns,
    body_height_px,
    export_files,
    exporter_names,
)
from glutecoach.vision.video import Frame
from tests.analysis.test_gait import rear_running_series

LIBRARY = load_library()


def _opensim_common() -> Any:
    import pyopensim

    if pyopensim.common is None:  # its shared libraries did not load
        pytest.fail(
            "pyopensim is installed but its OpenSim libraries did not load: libopenblas.so.0 "
            "is missing; run scripts/test-libs.sh (apt-get install libopenblas0)"
        )
    return pyopensim.common


def _squatter(n: int = 40) -> Any:
    frames = [Frame(i, i / 30 + 1e-4 * i * i, np.zeros((1, 1, 3), np.uint8)) for i in range(n)]
    estimate = FakePoseEstimator().estimate(frames, image_size_px=(640, 480))
    points = estimate.sequence.points_px.copy()
    vis = estimate.sequence.visibility.copy()
    points[5, 3] = np.nan  # a landmark missing in one frame
    vis[5, 3] = 0.0
    return estimate.sequence.with_points(points, vis)


@pytest.mark.parametrize("height_m", [None, 1.72])
def test_trc_read_by_opensim(tmp_path: Path, height_m: float | None) -> None:
    common = _opensim_common()
    seq = _squatter()
    path = export_files(["trc"], ExportInput(seq, None, height_m), tmp_path)["trc"]
    table = common.TimeSeriesTableVec3(str(path))
    assert table.getNumRows() == seq.n_frames
    assert list(table.getColumnLabels()) == list(seq.schema.names)
    assert np.array_equal(np.array(list(table.getIndependentColumn())), seq.timestamps_s)
    assert table.getTableMetaDataAsString("Units") == ("px" if height_m is None else "m")
    scale = 1.0 if height_m is None else height_m / body_height_px(seq)
    for i in range(seq.n_frames):
        row = table.getRowAtIndex(i)
        got = np.array([[row[k][0], row[k][1], row[k][2]] for k in range(row.size())])
        expected_x = seq.points_px[i, :, 0] * scale
        expected_y = (seq.image_size_px[1] - seq.points_px[i, :, 1]) * scale
        assert np.array_equal(got[:, 0], expected_x, equal_nan=True)
        assert np.allclose(got[:, 1], expected_y, rtol=0, atol=1e-12, equal_nan=True)
        assert np.all((got[:, 2] == 0) | np.isnan(got[:, 2]))
    missing = table.getRowAtIndex(5)[3]
    assert np.isnan([missing[0], missing[1], missing[2]]).all()


def test_scaled_height_matches_the_runner(tmp_path: Path) -> None:
    """Metres: a standing figure's shoulder-to-ankle span is the runner's height times the
    anthropometric fraction the scale assumes."""
    seq = _squatter(6)
    path = export_files(["trc"], ExportInput(seq, None, 1.80), tmp_path)["trc"]
    table = _opensim_common().TimeSeriesTableVec3(str(path))
    labels = list(table.getColumnLabels())
    row = table.getRowAtIndex(0)
    shoulder_y = row[labels.index("left_shoulder")][1]
    ankle_y = row[labels.index("left_ankle")][1]
    assert 1.80 * 0.6 < shoulder_y - ankle_y <= 1.80 * (0.818 - 0.039) + 1e-9


def test_mot_read_by_opensim(tmp_path: Path) -> None:
    common = _opensim_common()
    pose = rear_running_series(duration_s=3.0).pose
    result = analyze_gait(pose, library=LIBRARY)
    assert result.frames is not None
    path = export_files(["mot"], ExportInput(pose, result.frames), tmp_path)
    table = common.TimeSeriesTable(str(path["mot"]))
    columns = angle_columns(result.frames)
    assert [n for n, _ in columns] == list(table.getColumnLabels())
    assert "pelvic_drop_deg" in list(table.getColumnLabels())
    assert table.getTableMetaDataAsString("inDegrees") == "yes"
    assert np.array_equal(np.array(list(table.getIndependentColumn())), result.frames.timestamps_s)
    got = np.array([[table.getRowAtIndex(i)[k] for k in range(len(columns))]
                    for i in range(table.getNumRows())])  # fmt: skip
    expected = np.column_stack([values for _, values in columns])
    assert np.array_equal(got, expected, equal_nan=True)
    assert np.isnan(expected).any()
    assert np.isfinite(expected).any()


@pytest.mark.parametrize("name", exporter_names())
def test_exporter_contract(tmp_path: Path, name: str) -> None:
    """Every registered exporter writes one non-empty file inside the folder it is given,
    which OpenSim's own adapters can open."""
    pose = rear_running_series(duration_s=3.0).pose
    result = analyze_gait(pose, library=LIBRARY)
    written = export_files([name], ExportInput(pose, result.frames, 1.75), tmp_path)
    assert list(written) == [name]
    path = written[name]
    assert path.parent == tmp_path
    assert path.stat().st_size > 0
    common = _opensim_common()
    table = (
        common.TimeSeriesTableVec3(str(path))
        if path.suffix == ".trc"
        else (common.TimeSeriesTable(str(path)))
    )
    assert table.getNumRows() == pose.n_frames


def test_unknown_export_is_an_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="unknown export 'c3d'"):
        export_files(["c3d"], ExportInput(_squatter(6), None), tmp_path)
    with pytest.raises(InputError, match="no per-frame angles"):
        export_files(["mot"], ExportInput(_squatter(6), None), tmp_path)
    with pytest.raises(InputError, match="standing height in metres"):
        export_files(["trc"], ExportInput(_squatter(6), None, 175.0), tmp_path)
