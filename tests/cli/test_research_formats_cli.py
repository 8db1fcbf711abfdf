"""``gait`` and ``check`` on imported keypoints, end to end through the real CLI: a gait check
from an OpenPose folder gives the same steps as from the keypoints themselves, and bad input
is a clear message with exit 2."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from glutecoach.analysis.gait import analyze_gait
from glutecoach.analysis.skeleton import BLAZEPOSE_33
from glutecoach.domain.pose import PoseBackend, PoseSequence
from glutecoach.library.loader import load_library
from glutecoach.vision.keypoint_maps import OPENPOSE_BODY_25
from tests.cli.support import assert_clear_failure, invoke
from tests.vision.keypoint_writers import squatter, write_openpose

REAR = (
    Path(__file__).resolve().parents[3]
    / "shared" / "data" / "zzzhushi__running-gait-analysis" / "web" / "tests" / "fixtures"
    / "rear_asymmetry.input.json"
)  # fmt: skip
# The fixture's names are OpenPose's BODY_25 keypoints in another spelling.
_THEIRS = {
    "nose": "Nose", "neck": "Neck", "mid_hip": "MidHip", "l_shoulder": "LShoulder",
    "r_shoulder": "RShoulder", "l_elbow": "LElbow", "r_elbow": "RElbow", "l_wrist": "LWrist",
    "r_wrist": "RWrist", "l_hip": "LHip", "r_hip": "RHip", "l_knee": "LKnee", "r_knee": "RKnee",
    "l_ankle": "LAnkle", "r_ankle": "RAnkle", "l_heel": "LHeel", "r_heel": "RHeel",
    "l_big_toe": "LBigToe", "r_big_toe": "RBigToe", "l_small_toe": "LSmallToe",
    "r_small_toe": "RSmallToe",
}  # fmt: skip

LIBRARY = load_library()


def _rear_fixture() -> dict[str, object]:
    if not REAR.is_file():
        pytest.skip(f"the shared data file is absent ({REAR})")
    data: dict[str, object] = json.loads(REAR.read_text())
    return data


def _direct(source: dict[str, object]) -> PoseSequence:
    """The fixture's own keypoints in glutecoach's landmarks, without any file format."""
    raw = np.asarray(source["frames"], dtype=np.float64)
    names = list(source["keypoint_names"])  # type: ignore[call-overload]
    points = np.full((raw.shape[0], 33, 2), np.nan)
    vis = np.zeros((raw.shape[0], 33))
    for theirs, openpose in _THEIRS.items():
        target = OPENPOSE_BODY_25.targets[OPENPOSE_BODY_25.source_names.index(openpose)]
        if target is not None:
            points[:, BLAZEPOSE_33.index(target)] = raw[:, names.index(theirs), :2]
            vis[:, BLAZEPOSE_33.index(target)] = raw[:, names.index(theirs), 2]
    times = np.arange(raw.shape[0]) / float(source["fps"])  # type: ignore[arg-type]
    size = (int(source["width"]), int(source["height"]))  # type: ignore[call-overload]
    return PoseSequence(times, points, vis, BLAZEPOSE_33, size, PoseBackend("direct", "1"))


def _openpose_folder(source: dict[str, object], folder: Path) -> Path:
    """The fixture converted to OpenPose's layout: one BODY_25 file per frame."""
    folder.mkdir()
    names = list(source["keypoint_names"])  # type: ignore[call-overload]
    for i, frame in enumerate(source["frames"]):  # type: ignore[attr-defined]
        values = np.zeros((OPENPOSE_BODY_25.size, 3))
        for name, point in zip(names, frame, strict=True):
            if name not in _THEIRS:  # 'head' (top of the head): no OpenPose keypoint
                continue
            values[OPENPOSE_BODY_25.source_names.index(_THEIRS[name])] = point
        person = {"person_id": [-1], "pose_keypoints_2d": values.ravel().tolist()}
        (folder / f"rear_{i:012d}_keypoints.json").write_text(
            json.dumps({"version": 1.3, "people": [person]})
        )
    return folder


def test_gait_from_an_openpose_folder_equals_the_keypoints_themselves(tmp_path: Path) -> None:
    """SYNTHETIC rear-view running keypoints (the shared zzzhushi fixture: the only rear-view
    running data there is): the CLI on their OpenPose folder finds the same steps, at the same
    times, with the same pelvic drop, as the analysis of the keypoints directly."""
    source = _rear_fixture()
    expected = analyze_gait(_direct(source), library=LIBRARY)
    folder = _openpose_folder(source, tmp_path / "openpose")
    out = tmp_path / "out"
    done = invoke("gait", "--keypoints", str(folder), "--fps", "60", "--out", str(out),
                   "--export", "trc", "--export", "mot", "--json")  # fmt: skip
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert result["view"] == "back"
    steps = result["steps"]
    assert len(steps) == len(expected.steps) == 17
    for got, want in zip(steps, expected.steps, strict=True):
        assert got["side"] == want.side
        assert got["contact_s"] == pytest.approx(want.contact_s, abs=1e-9)
        assert got["midstance_s"] == pytest.approx(want.midstance_s, abs=1e-9)
        drop = got["metrics"]["pelvic_drop_deg"]
        assert drop == pytest.approx(want.metrics["pelvic_drop_deg"], abs=1e-6)
    assert result["cadence_spm"] == pytest.approx(expected.cadence_spm)
    assert result["video"]["frame_count"] == 360
    assert (out / "markers.trc").read_text().startswith("PathFileType\t4")
    assert "pelvic_drop_deg" in (out / "angles.mot").read_text().splitlines()[6]
    assert not (out / "annotated.mp4").exists()  # no video to draw on


def test_check_from_openpose_then_reread_from_its_own_keypoints(tmp_path: Path) -> None:
    frames = {i: [squatter(i / 15)] for i in range(120)}
    folder = write_openpose(tmp_path / "op", OPENPOSE_BODY_25, frames)
    first = invoke("check", "-e", "single-leg-squat", "--keypoints", str(folder), "--fps",
                    "15", "--out", str(tmp_path / "a"), "--json")  # fmt: skip
    assert first.returncode == 0, first.stderr
    again = invoke("check", "-e", "single-leg-squat", "--keypoints",
                    str(tmp_path / "a" / "keypoints.json"), "--json")  # fmt: skip
    assert again.returncode == 0, again.stderr
    a, b = json.loads(first.stdout), json.loads(again.stdout)
    assert a["reps"]
    assert a["reps"] == b["reps"]


def test_bad_keypoint_input_is_a_clear_exit_2(tmp_path: Path) -> None:
    folder = write_openpose(tmp_path / "op", OPENPOSE_BODY_25, {0: [squatter(0.0)]})
    assert_clear_failure(invoke("gait", "--keypoints", str(folder)), "--fps")
    (folder / "other.trc").write_text("PathFileType\t4\n")
    assert_clear_failure(invoke("gait", "--keypoints", str(folder), "--fps", "30"), "mixes formats")
    assert_clear_failure(invoke("gait"), "give a VIDEO, or keypoints with --keypoints")
    assert_clear_failure(
        invoke("check", "-e", "squat", "--keypoints", str(folder), "--export", "mot"),
        "add --out DIR",
    )
    assert_clear_failure(
        invoke("gait", "--keypoints", str(folder), "--fps", "30", "--height-m", "1.8"),
        "add --export trc",
    )
    trc = tmp_path / "unknown.trc"
    trc.write_text(
        "PathFileType\t4\t(X/Y/Z)\tunknown.trc\n"
        "DataRate\tCameraRate\tNumFrames\tNumMarkers\tUnits\tOrigDataRate\t"
        "OrigDataStartFrame\tOrigNumFrames\n30\t30\t1\t1\tmm\t30\t1\t1\n"
        "Frame#\tTime\tC7\t\t\n\t\tX1\tY1\tZ1\n1\t0.0\t1\t2\t3\n"
    )
    assert_clear_failure(invoke("gait", "--keypoints", str(trc)), "none of its markers (C7)")


SIDE_CLIP = REAR.parents[3] / "tests" / "data" / "male_side.mp4"


@pytest.mark.real_data
def test_real_clip_keypoints_as_openpose_give_the_same_steps(tmp_path: Path) -> None:
    """REAL video (male_side.mp4, side-view treadmill running, MediaPipe on every frame): its
    keypoints written as an OpenPose BODY_25 folder give, through the CLI, exactly the
    analysis of those keypoints timed as OpenPose times them (frame number / fps), and the
    same steps and sides as the video's own check, contacts within one frame. (OpenPose's
    frame-number times differ from the container's by ~1e-15 s, enough to move the edges of
    the analysis's filter windows by a sample in places.)"""
    if not SIDE_CLIP.is_file():
        pytest.skip(f"the real clip is absent ({SIDE_CLIP}); it lives in ../shared/data")
    from glutecoach.services.gait import GaitOptions, run_gait

    video = run_gait(SIDE_CLIP, GaitOptions(annotate=False))
    estimate = video.video_pose.estimate
    seq = estimate.sequence
    frames = {
        int(n): [(seq.points_px[i], seq.visibility[i])] if estimate.detected[i] else []
        for i, n in enumerate(estimate.frame_indices)
    }
    folder = write_openpose(tmp_path / "op", OPENPOSE_BODY_25, frames, name="male_side")
    fps = video.video_pose.video.fps
    done = invoke("gait", "--keypoints", str(folder), "--fps", f"{fps!r}", "--json")
    assert done.returncode == 0, done.stderr
    got = json.loads(done.stdout)["steps"]
    timed = PoseSequence(
        estimate.frame_indices / fps, seq.points_px, seq.visibility, seq.schema,
        seq.image_size_px, seq.backend,
    )  # fmt: skip
    same_timing = analyze_gait(timed, library=LIBRARY).to_json_dict()["steps"]
    assert got == json.loads(json.dumps(same_timing))
    own = video.result.steps
    assert len(got) == len(own) >= 20
    assert [s["side"] for s in got] == [s.side for s in own]
    for mine, theirs in zip(got, own, strict=True):
        assert mine["contact_s"] == pytest.approx(theirs.contact_s, abs=1.01 / fps)
