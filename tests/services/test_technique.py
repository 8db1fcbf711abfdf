"""``glutecoach check`` as a use case, end to end on a real clip with the real pose model: reps
and sides as the manifest gives them, every output file written and readable, and the checked
set logged into the runner's session, linked to the stored analysis (SQLite and PostgreSQL)."""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import itertools
import json
from pathlib import Path

import numpy as np
import pytest

from glutecoach.domain.analysis import AnalysisResult
from glutecoach.errors import InputError
from glutecoach.library.catalogue import Library
from glutecoach.services import training
from glutecoach.services.checked_sets import (
    LogRequest,
    SetCorrection,
    corrected_sets,
    log_check,
    rep_count_question,
    sets_from_result,
)
from glutecoach.services.profiles import load_profile
from glutecoach.services.technique import CheckOptions, CheckOutcome, overlays_for, run_check
from glutecoach.storage import Database
from glutecoach.vision import open_video, probe_video
from glutecoach.vision._cv import cv2
from glutecoach.vision.annotate import LegReadout, pose_at, text_layout
from glutecoach.vision.banners import TextStyle, banner_near, boxes_overlap, clear_of
from tests.conftest import EXAMPLES
from tests.vision.conftest import HYVA7, real_clip

# Manifest truth for hyva7.mp4: left stance bottoms ~2.3 and ~17.7 s, right ~11 and ~23.8 s.
HYVA7_BOTTOMS_S = ((2.3, "left"), (11.0, "right"), (17.7, "left"), (23.8, "right"))


@pytest.fixture(scope="module")
def checked(
    tmp_path_factory: pytest.TempPathFactory, library: Library
) -> tuple[Path, CheckOutcome]:
    out = tmp_path_factory.mktemp("check")
    outcome = run_check(library, real_clip(HYVA7), "single-leg-squat", CheckOptions(), out)
    return out, outcome


@pytest.mark.real_data
def test_real_single_leg_squat_reps_and_sides(checked: tuple[Path, CheckOutcome]) -> None:
    _, outcome = checked
    result = outcome.result
    assert result.rep_count == 4
    for rep, (bottom_s, side) in zip(result.complete_reps, HYVA7_BOTTOMS_S, strict=True):
        assert rep.side == side
        assert abs(rep.bottom_s - bottom_s) < 0.6
        assert rep.start_s <= rep.bottom_s <= rep.end_s
    assert result.video.sha256 is not None
    decoded = outcome.video_pose.decode.decoded_frames
    assert result.video.frame_count == decoded
    assert 670 <= decoded <= 674  # the container declares 674
    assert result.backend.name.lower().startswith("mediapipe")


@pytest.mark.real_data
def test_every_output_is_written_and_readable(
    checked: tuple[Path, CheckOutcome], library: Library
) -> None:
    out, outcome = checked
    result = outcome.result
    document = json.loads((out / "analysis.json").read_text())
    for key in ("analysis_version", "exercise", "video", "backend", "params", "reps", "warnings"):
        assert key in document
    assert AnalysisResult.from_json_dict(document).rep_count == result.rep_count
    with (out / "frames.csv").open(newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert "t_s" in rows[0]
    assert any(name.endswith("_deg") for name in rows[0])
    html = (out / "report.html").read_text()
    assert "Single-leg squat" in html
    assert "<svg" in html
    assert 'src="annotated.mp4"' in html
    video = cv2.VideoCapture(str(out / "annotated.mp4"))
    try:
        # 25 fps sampled every 2nd frame (12.5 Hz): the video shows those frames, at 12.5 fps.
        frames = int(video.get(cv2.CAP_PROP_FRAME_COUNT))
        assert abs(frames - outcome.video_pose.decode.decoded_frames / 2) <= 1
        assert video.get(cv2.CAP_PROP_FPS) == pytest.approx(12.5)
        ok, frame = video.read()
        assert ok
        assert frame.shape[:2] == (720, 1280)
    finally:
        video.release()
    again = run_check(
        library,
        real_clip(HYVA7),
        "single-leg-squat",
        CheckOptions(keypoints=out / "keypoints.json"),
    )
    assert [r.bottom_s for r in again.result.reps] == [r.bottom_s for r in result.reps]


def _change(drawn: np.ndarray, source: np.ndarray, where: np.ndarray) -> float:
    """Mean absolute change of the pixels ``where`` is true (0-255)."""
    return float(np.abs(drawn[where].astype(float) - source[where].astype(float)).mean())


def _mask(shape: tuple[int, ...], *boxes: tuple[int, int, int, int]) -> np.ndarray:
    mask = np.zeros(shape[:2], dtype=bool)
    for x0, y0, x1, y1 in boxes:
        mask[y0:y1, x0:x1] = True
    return mask


@pytest.mark.real_data
def test_annotated_frames_show_the_working_knee_only_and_banners_apart(
    checked: tuple[Path, CheckOutcome],
) -> None:
    """Decoded frames of the real annotated video at each rep's bottom: the knee angle is the
    stance leg's, beside the stance knee (its box shaded, the free knee's spot untouched), and
    the banners sit where the layout puts them, apart (hyva7: left, right, left, right)."""
    out, outcome = checked
    overlays = overlays_for(outcome.result, outcome.variation)
    (knee,) = [r for r in overlays.readouts if isinstance(r, LegReadout)]
    bottoms = {rep.bottom_s: rep.side for rep in outcome.result.complete_reps}
    fps = probe_video(out / "annotated.mp4").fps
    nearest: dict[float, tuple[float, np.ndarray, np.ndarray]] = {}
    with (
        open_video(real_clip(HYVA7), target_fps=fps) as original,
        open_video(out / "annotated.mp4") as annotated,
    ):
        for source, drawn in zip(original, annotated, strict=False):
            for bottom in bottoms:
                gap = abs(source.timestamp_s - bottom)
                if gap <= 1 / fps and gap < nearest.get(bottom, (np.inf,))[0]:
                    nearest[bottom] = (gap, source.image, drawn.image)
    assert sorted(nearest) == sorted(bottoms)
    pairs = {bottom: (source, drawn) for bottom, (_, source, drawn) in nearest.items()}
    pose = outcome.video_pose.sequence
    names = pose.schema.names
    for bottom, (source, drawn) in pairs.items():
        stance = bottoms[bottom]
        free = "right" if stance == "left" else "left"
        text = knee.text(bottom)
        assert text.startswith(f"{stance.capitalize()} knee inward angle "), text
        assert knee.keypoint_at(bottom) == f"{stance}_knee"
        height, width = drawn.shape[:2]
        scale = width / pose.image_size_px[0]
        points, _ = pose_at(pose, bottom)
        style = TextStyle.for_frame(width, height)
        beside = dataclasses.replace(style, scale=style.scale * 0.85)
        unit = max(min(width, height) / 720.0, 0.4)
        banners = text_layout(overlays, bottom, (width, height), set(names), style)
        tags = {}
        for side in (stance, free):  # beside the knee, moved clear of the banners
            x, y = points[names.index(f"{side}_knee")] * scale
            anchor = (round(x) + round(14 * unit), round(y))
            tag = banner_near(text, beside, anchor, width, height)
            step = beside.line_px + beside.gap_px
            tags[side] = clear_of(tag, [b.box for b in banners], height, step).box
        shaded = 40  # a banner's background moves pixels by 70 % of the way to its colour
        assert _change(drawn, source, _mask(drawn.shape, tags[stance])) > shaded
        # where a free-knee label would be (outside the stance label and the banners), nothing
        # is shaded: the skeleton's thin lines change little
        # The label follows the knee of the frame shown, up to half a frame from the bottom:
        # a few pixels of slack around where it is expected.
        slack = round(8 * unit)
        x0, y0, x1, y1 = tags[stance]
        label = (x0 - slack, y0 - slack, x1 + slack, y1 + slack)
        spare = _mask(drawn.shape, tags[free])
        spare &= ~_mask(drawn.shape, label, *(b.box for b in banners))
        assert spare.sum() > 1000
        assert _change(drawn, source, spare) < 15
        assert len(banners) >= 2  # title and counter, at least
        for a, b in itertools.combinations(banners, 2):
            assert not boxes_overlap(a.box, b.box)
        for banner in banners:
            assert _change(drawn, source, _mask(drawn.shape, banner.box)) > shaded, banner


@pytest.mark.real_data
def test_check_logs_good_form_reps_into_the_session(
    checked: tuple[Path, CheckOutcome], database: Database, library: Library
) -> None:
    _, outcome = checked
    result = outcome.result
    profile = load_profile(EXAMPLES / "itbs-runner.toml")
    training.create_plan(database, library, profile, dt.date(2026, 11, 23))
    day = dt.date(2026, 11, 25)
    sets = sets_from_result(result, pain_during=1)
    assert {s.side.value for s in sets} == {"left", "right"}
    assert sum(s.reps_done or 0 for s in sets) == result.rep_count
    assert sum(s.good_form_reps or 0 for s in sets) == result.good_form_reps
    request = LogRequest(None, day, pain_during=1)
    logged_sets, logged = log_check(database, library, result, request, "hyva7.mp4")
    assert logged_sets == sets
    assert logged.log.log.date == day
    with pytest.raises(InputError, match="this clip was already logged"):  # same clip twice
        log_check(database, library, result, request, "hyva7.mp4")
    forced = dataclasses.replace(request, force=True)
    _, again = log_check(database, library, result, forced, "hyva7.mp4")
    assert len(again.log.log.sets) == 2 * len(sets)  # the same session, extended on purpose
    with database.unit_of_work() as uow:
        runner = uow.runners.resolve(profile.name)
        stored = uow.analyses.history(runner.id)
    assert [a.session_log_id for a in stored] == [logged.log.id, logged.log.id]
    assert stored[0].rep_count == result.rep_count
    assert stored[0].good_form_reps == result.good_form_reps
    assert stored[0].result["exercise"] == "single-leg-squat"


def test_nothing_to_log_is_an_input_error() -> None:
    empty = AnalysisResult.from_json_dict(
        {
            "schema_version": "1.0",
            "analysis_version": "x",
            "exercise": "single-leg-squat",
            "family": "single-leg-squat",
            "view": "front",
            "inferred_view": None,
            "params": {},
            "backend": {"name": "fake", "version": "1"},
            "video": {},
            "reps": [],
            "holds": [],
            "faults": [],
            "not_measured": [],
            "sides": [],
            "comparison": [],
            "warnings": [],
        }
    )
    with pytest.raises(InputError, match="nothing to log"):
        sets_from_result(empty, pain_during=0)


def test_the_runner_corrects_the_count_before_it_is_logged() -> None:
    """SYNTHETIC single-leg squats, 2 on the left and 2 on the right: the runner's own counts
    replace the check's, good-form reps never exceed them, and a side not counted is refused."""
    from glutecoach.analysis.pipeline import analyze
    from glutecoach.analysis.synthetic import single_leg_squat_series
    from glutecoach.library.loader import load_library

    series = single_leg_squat_series(n_reps=4, stance_sides=["left", "left", "right", "right"])
    result = analyze(series.pose, load_library().get("single-leg-squat"))
    sets = sets_from_result(result, pain_during=0)
    assert {s.side.value: s.reps_done for s in sets} == {"left": 2, "right": 2}
    fixed = corrected_sets(result, 0, [SetCorrection("left", 3), SetCorrection("right", 1)])
    assert {s.side.value: (s.reps_done, s.good_form_reps) for s in fixed} == {
        "left": (3, 2), "right": (1, 1)
    }  # fmt: skip
    assert corrected_sets(result, 0) == sets
    coach = corrected_sets(result, 0, [SetCorrection("left", 3, good_form_reps=3)])
    assert {s.side.value: s.good_form_reps for s in coach} == {"left": 3, "right": 2}
    with pytest.raises(InputError, match="the check counted reps on: left, right"):
        corrected_sets(result, 0, [SetCorrection("both", 4)])
    with pytest.raises(InputError, match="more than the 2 reps done"):
        corrected_sets(result, 0, [SetCorrection("left", 2, good_form_reps=3)])
    doubtful = dataclasses.replace(
        result, reps=(dataclasses.replace(result.reps[0], confidence=0.4), *result.reps[1:])
    )
    question = rep_count_question(doubtful, "left")
    assert "counted 2 reps" in question
    assert "(rep 1 uncertain)" in question
