"""Keypoints from other tools: every registered reader passes one contract; OpenPose, COCO and
TRC files written here (missing frames, a changing number of people, missing landmarks) read
back into the right person and values; bad input gets a clear KeypointFileError."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest

from glutecoach.analysis.skeleton import BLAZEPOSE_33
from glutecoach.errors import KeypointFileError
from glutecoach.vision import create_backend, estimate_video, write_keypoints
from glutecoach.vision.fake import FakePoseEstimator
from glutecoach.vision.keypoint_import import detect_format, load_keypoints, reader_names
from glutecoach.vision.keypoint_maps import COCO_17, OPENPOSE_BODY_25, OPENPOSE_COCO_18
from glutecoach.vision.marker_files import image_markers, write_trc
from glutecoach.vision.video import Frame
from tests.vision.conftest import SyntheticVideo
from tests.vision.keypoint_writers import (
    small_person,
    squatter,
    write_coco_dataset,
    write_openpose,
)

FPS = 30.0
SIZE = (640, 480)


def _frames(n: int = 10) -> dict[int, list[tuple[np.ndarray, np.ndarray]]]:
    return {i: [squatter(i / FPS)] for i in range(n)}


def _openpose_fixture(tmp: Path) -> Path:
    return write_openpose(tmp / "openpose", OPENPOSE_BODY_25, _frames())


def _coco_fixture(tmp: Path) -> Path:
    return write_coco_dataset(tmp / "coco.json", _frames(), SIZE, 10)


def _trc_fixture(tmp: Path) -> Path:
    estimate = FakePoseEstimator().estimate(
        [Frame(i, i / FPS, np.zeros((1, 1, 3), np.uint8)) for i in range(10)], image_size_px=SIZE
    )
    names, xyz = image_markers(estimate.sequence)
    return write_trc(tmp / "markers.trc", estimate.sequence.timestamps_s, names, xyz, "px")


def _glutecoach_fixture(tmp: Path) -> Path:
    estimate = FakePoseEstimator().estimate(
        [Frame(i, i / FPS, np.zeros((1, 1, 3), np.uint8)) for i in range(10)], image_size_px=SIZE
    )
    return write_keypoints(tmp / "keypoints.json", estimate)


FIXTURES: dict[str, Callable[[Path], Path]] = {
    "openpose": _openpose_fixture,
    "coco": _coco_fixture,
    "trc": _trc_fixture,
    "glutecoach": _glutecoach_fixture,
}


def test_every_registered_reader_has_a_contract_fixture() -> None:
    assert set(reader_names()) == set(FIXTURES)


@pytest.mark.parametrize("name", sorted(FIXTURES))
def test_reader_contract(tmp_path: Path, name: str) -> None:
    """Each reader recognises its own files and no other's, and returns one person in
    glutecoach's landmarks with increasing times; formats without timing need --fps."""
    paths = {}
    for other, make in FIXTURES.items():
        (tmp_path / other).mkdir()
        paths[other] = make(tmp_path / other)
    for other, path in paths.items():
        assert (detect_format(path) == name) == (other == name)
    imported = load_keypoints(paths[name], fps=FPS)
    seq = imported.sequence
    assert imported.format == name
    assert seq.schema == BLAZEPOSE_33
    assert seq.n_frames == 10
    assert imported.estimate.detected.all()
    assert np.allclose(np.diff(seq.timestamps_s), 1 / FPS)
    assert set(imported.missing_landmarks) <= set(BLAZEPOSE_33.names)
    for missing in imported.missing_landmarks:
        assert np.isnan(seq.point(missing)).all()
    for shown in ("left_hip", "right_knee", "left_ankle", "right_shoulder"):
        assert np.isfinite(seq.point(shown)).all()
    if name in ("openpose", "coco"):
        with pytest.raises(KeypointFileError, match="--fps"):
            load_keypoints(paths[name])


def test_openpose_body25_values_and_declared_landmarks(tmp_path: Path) -> None:
    frames = _frames(4)
    folder = write_openpose(tmp_path / "op", OPENPOSE_BODY_25, frames)
    seq = load_keypoints(folder, "openpose", fps=FPS).sequence
    assert seq.backend.name == "openpose: OpenPose BODY_25"
    for target in OPENPOSE_BODY_25.provided:
        j = BLAZEPOSE_33.index(target)
        expected = np.stack([frames[i][0][0][j] for i in range(4)])
        assert np.array_equal(seq.points_px[:, j], expected)
        assert np.allclose(seq.visibility[:, j], 0.9)
    assert "left_heel" not in OPENPOSE_BODY_25.missing
    assert "left_eye_inner" in OPENPOSE_BODY_25.missing


def test_openpose_coco18_declares_the_missing_feet(tmp_path: Path) -> None:
    folder = write_openpose(tmp_path / "op", OPENPOSE_COCO_18, _frames(4))
    imported = load_keypoints(folder, fps=FPS)
    assert {"left_heel", "right_foot_index"} <= set(imported.missing_landmarks)
    assert np.isnan(imported.sequence.point("left_heel")).all()
    note = next(w for w in imported.estimate.warnings if "have no left heel" in w)
    assert note.startswith("OpenPose COCO-18 keypoints have no left heel, right heel")


def test_missing_frames_and_missing_landmarks(tmp_path: Path) -> None:
    frames = _frames(10)
    del frames[3], frames[4]
    points, conf = frames[6][0]
    conf = conf.copy()
    conf[BLAZEPOSE_33.index("left_knee")] = 0.0  # OpenPose: not found
    frames[6] = [(points, conf)]
    imported = load_keypoints(write_openpose(tmp_path / "op", OPENPOSE_BODY_25, frames), fps=FPS)
    seq, detected = imported.sequence, imported.estimate.detected
    assert seq.n_frames == 10
    assert np.allclose(seq.timestamps_s, np.arange(10) / FPS)
    assert detected.tolist() == [True, True, True, False, False, True, True, True, True, True]
    assert np.isnan(seq.points_px[3:5]).all()
    knee = BLAZEPOSE_33.index("left_knee")
    assert np.isnan(seq.points_px[6, knee]).all()
    assert seq.visibility[6, knee] == 0.0
    assert np.isfinite(seq.points_px[7, knee]).all()
    assert any("2 frames missing" in w and "3, 4" in w for w in imported.estimate.warnings)


def test_a_changing_number_of_people_follows_the_subject(tmp_path: Path) -> None:
    """A bystander listed first from frame 5 on, and a subject who steps out for two frames
    while the bystander stays: the subject is followed throughout, as in a video."""
    frames = {i: [squatter(i / FPS)] for i in range(5)}
    for i in range(5, 12):
        frames[i] = [small_person(i / FPS), squatter(i / FPS)]
    for i in (8, 9):
        frames[i] = [small_person(i / FPS)]
    imported = load_keypoints(write_openpose(tmp_path / "op", OPENPOSE_BODY_25, frames), fps=FPS)
    seq, estimate = imported.sequence, imported.estimate
    hip = BLAZEPOSE_33.index("left_hip")
    for i in (0, 5, 7, 10, 11):
        assert np.array_equal(seq.points_px[i, hip], squatter(i / FPS)[0][hip])
    assert not estimate.detected[8]
    assert not estimate.detected[9]
    assert estimate.people_seen == 2
    assert any(w.startswith("2 people were seen") for w in estimate.warnings)


def test_the_most_prominent_person_is_chosen_first(tmp_path: Path) -> None:
    frames = {i: [small_person(i / FPS), squatter(i / FPS)] for i in range(4)}
    seq = load_keypoints(write_openpose(tmp_path / "op", OPENPOSE_BODY_25, frames), fps=FPS)
    hip = BLAZEPOSE_33.index("right_hip")
    assert np.array_equal(seq.sequence.points_px[2, hip], squatter(2 / FPS)[0][hip])


def test_coco_dataset_frames_visibility_and_size(tmp_path: Path) -> None:
    frames = _frames(8)
    del frames[2]  # an image without an annotation
    path = write_coco_dataset(tmp_path / "coco.json", frames, SIZE, 8)
    imported = load_keypoints(path, fps=25.0)
    seq = imported.sequence
    assert seq.image_size_px == SIZE
    assert np.allclose(seq.timestamps_s, np.arange(8) / 25.0)
    assert imported.estimate.detected.tolist() == [True, True, False, *[True] * 5]
    ankle = BLAZEPOSE_33.index("right_ankle")
    assert np.array_equal(seq.points_px[5, ankle], frames[5][0][0][ankle])
    assert seq.visibility[5, ankle] == 1.0  # COCO flag 2: labelled and visible
    assert set(COCO_17.missing) == set(imported.missing_landmarks)
    # a long clip: the annotations start far beyond the part of the file detection reads
    long = write_coco_dataset(tmp_path / "long.json", _frames(200), SIZE, 200)
    assert long.read_text().index('"annotations"') > 4096
    assert detect_format(long) == "coco"


def test_coco_results_list(tmp_path: Path) -> None:
    from tests.vision.keypoint_writers import source_values

    frames = _frames(5)
    results = [
        {"image_id": n, "category_id": 1, "keypoints": source_values(COCO_17, *p), "score": 0.9}
        for n, people in frames.items()
        for p in people
    ]
    path = tmp_path / "results.json"
    path.write_text(json.dumps(results))
    seq = load_keypoints(path, fps=FPS).sequence
    assert seq.n_frames == 5
    knee = BLAZEPOSE_33.index("left_knee")
    expected = np.stack([frames[i][0][0][knee] for i in range(5)])
    assert np.array_equal(seq.points_px[:, knee], expected)


def test_trc_round_trip_through_our_reader(tmp_path: Path) -> None:
    """x is read back exactly; y (written up from the bottom edge) comes back as a constant
    shift, which no glutecoach measure depends on."""
    path = _trc_fixture(tmp_path)
    original = load_keypoints(_glutecoach_fixture(tmp_path)).sequence
    seq = load_keypoints(path).sequence
    assert np.array_equal(seq.timestamps_s, original.timestamps_s)
    assert np.allclose(seq.points_px[..., 0], original.points_px[..., 0], rtol=0, atol=1e-9)
    shift = seq.points_px[..., 1] - original.points_px[..., 1]
    assert np.allclose(shift, shift[0, 0], rtol=0, atol=1e-9)


def _trc_with_markers(path: Path, names: list[str]) -> Path:
    xyz = np.tile(np.arange(len(names) * 3, dtype=float).reshape(1, len(names), 3), (3, 1, 1))
    return write_trc(path, np.arange(3) / FPS, names, xyz, "m")


def test_trc_unknown_markers(tmp_path: Path) -> None:
    with pytest.raises(KeypointFileError, match=r"none of its markers \(C7, T10"):
        load_keypoints(_trc_with_markers(tmp_path / "a.trc", ["C7", "T10", "LASI"]))
    imported = load_keypoints(_trc_with_markers(tmp_path / "b.trc", ["LHip", "RHip", "LASI"]))
    assert any("left out: LASI" in w for w in imported.estimate.warnings)
    assert any("markers are 3D" in w for w in imported.estimate.warnings)
    # metres become millimetres: LHip's X of 0 m and RHip's X of 3 m are 3000 apart
    seq = imported.sequence
    assert seq.point("right_hip")[0, 0] - seq.point("left_hip")[0, 0] == pytest.approx(3000.0)


def test_mixed_formats_in_a_folder(tmp_path: Path) -> None:
    folder = write_openpose(tmp_path / "op", OPENPOSE_BODY_25, _frames(3))
    _trc_fixture(folder)
    with pytest.raises(KeypointFileError, match=r"mixes formats.*markers\.trc"):
        load_keypoints(folder, fps=FPS)
    (folder / "markers.trc").unlink()
    write_coco_dataset(folder / "a_coco.json", _frames(2), SIZE, 2)  # sorts first
    assert detect_format(folder) == "openpose"
    with pytest.raises(KeypointFileError, match=r"mixes formats.*a_coco\.json"):
        load_keypoints(folder, fps=FPS)


def test_mixed_openpose_layouts(tmp_path: Path) -> None:
    folder = write_openpose(tmp_path / "op", OPENPOSE_BODY_25, _frames(3))
    write_openpose(folder, OPENPOSE_COCO_18, {3: [squatter(0.1)]})
    with pytest.raises(KeypointFileError, match="mixes OpenPose layouts"):
        load_keypoints(folder, fps=FPS)


def test_unreadable_files(tmp_path: Path) -> None:
    folder = write_openpose(tmp_path / "op", OPENPOSE_BODY_25, _frames(6))
    (folder / "clip_000000000002_keypoints.json").write_text('{"people": [ {"pose_k')
    imported = load_keypoints(folder, fps=FPS)
    assert not imported.estimate.detected[2]
    assert imported.estimate.detected[3]
    assert any("1 file(s) could not be read" in w for w in imported.estimate.warnings)
    for file in folder.iterdir():
        file.write_bytes(b'{"people": \xff\xfe')
    with pytest.raises(KeypointFileError, match="none of the 6 OpenPose file"):
        load_keypoints(folder, "openpose", fps=FPS)


def test_unknown_content_and_bad_values(tmp_path: Path) -> None:
    other = tmp_path / "notes.json"
    other.write_text('{"hello": 1}')
    with pytest.raises(KeypointFileError, match="cannot tell which keypoint format"):
        load_keypoints(other)
    with pytest.raises(KeypointFileError, match="not found"):
        load_keypoints(tmp_path / "nowhere")
    with pytest.raises(KeypointFileError, match="unknown keypoint format 'mpi'"):
        load_keypoints(other, "mpi")
    folder = tmp_path / "op"
    folder.mkdir()
    (folder / "x_000000000000_keypoints.json").write_text(
        json.dumps({"people": [{"pose_keypoints_2d": [1.0] * 45}]})
    )
    with pytest.raises(KeypointFileError, match="45 keypoint values; OpenPose BODY_25 has 75"):
        load_keypoints(folder, fps=FPS)
    with pytest.raises(KeypointFileError, match="--fps must be a positive"):
        load_keypoints(folder, fps=0.0)


def test_imported_keypoints_with_their_video(
    tmp_path: Path, synthetic_video: SyntheticVideo
) -> None:
    """With the clip they came from: a format without an image size takes the video's, so the
    annotated video lines up; the keypoint-file back end reads any format."""
    clip = synthetic_video(frames=10, size=(640, 480), fps=FPS)
    folder = write_openpose(tmp_path / "op", OPENPOSE_BODY_25, _frames(10))
    backend = create_backend("keypoint-file", path=folder, fps=FPS)
    pose = estimate_video(clip, backend)
    assert pose.sequence.image_size_px == (640, 480)
    assert load_keypoints(folder, fps=FPS).sequence.image_size_px != (640, 480)
    assert any("not re-estimated" in w for w in pose.warnings)
    coco = write_coco_dataset(tmp_path / "coco.json", _frames(10), (1280, 720), 10)
    with pytest.raises(KeypointFileError, match="estimated on 1280x720 frames, not 640x480"):
        estimate_video(clip, create_backend("keypoint-file", path=coco, fps=FPS))
