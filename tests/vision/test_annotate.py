"""The annotated video: written, playable, same frames and size, overlays where they belong."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from glutecoach.domain.pose import Rep
from glutecoach.vision import (
    Overlays,
    Readout,
    TimedLabel,
    estimate_video,
    open_video,
    probe_video,
    write_annotated_video,
)
from glutecoach.vision.annotate import (
    LEFT_BGR,
    annotate_frame,
    counter_text,
    output_size,
    pose_at,
)
from glutecoach.vision.fake import FakePoseEstimator
from glutecoach.vision.video import Frame
from tests.vision.conftest import PORTRAIT_ROTATED, SyntheticVideo, real_clip


def _overlays(times: np.ndarray) -> Overlays:
    return Overlays(
        readouts=(
            Readout("L knee FPPA", times, np.linspace(0, 20, times.size), keypoint="left_knee"),
            Readout("Pelvic drop", times, np.full(times.size, 3.0), decimals=1),
        ),
        reps=(Rep(1, "left", 0.1, 0.5, 0.9),),
        faults=(TimedLabel(0.4, 0.8, "Knee valgus 14 deg > 10", ("left_knee",)),),
        title="Single-leg squat",
    )


def test_annotated_video_decodes_back_with_same_frames_and_size(
    tmp_path: Path, synthetic_video: SyntheticVideo
) -> None:
    clip = synthetic_video(frames=30, size=(320, 240), fps=25)
    pose = estimate_video(clip, "fake", target_fps=10).sequence
    out = tmp_path / "out" / "annotated.mp4"
    calls: list[tuple[int, int]] = []
    result = write_annotated_video(
        clip, out, pose, _overlays(pose.timestamps_s), on_progress=lambda d, t: calls.append((d, t))
    )
    assert (result.frames, result.width, result.height) == (30, 320, 240)
    info = probe_video(out)
    assert (info.width, info.height, info.frame_count, info.codec) == (320, 240, 30, "h264")
    assert info.fps == pytest.approx(25)
    with open_video(out) as stream:
        frames = list(stream)
    assert len(frames) == 30
    assert calls[-1] == (30, 30)
    # The left leg is drawn in its side colour (blue) where the fake person's left knee is.
    frame = frames[12].image.astype(int)
    left_colour = (
        (abs(frame[..., 0] - LEFT_BGR[0]) < 60)
        & (abs(frame[..., 1] - LEFT_BGR[1]) < 60)
        & (abs(frame[..., 2] - LEFT_BGR[2]) < 60)
    )
    knee = pose_at(pose, frames[12].timestamp_s)[0][pose.schema.index("left_knee")]
    x, y = int(knee[0]), int(knee[1])
    assert left_colour[max(y - 15, 0) : y + 15, max(x - 15, 0) : x + 15].any()


def test_large_frames_are_scaled_down_to_even_sizes(
    tmp_path: Path, synthetic_video: SyntheticVideo
) -> None:
    assert output_size(1920, 1080, 1280) == (1280, 720, pytest.approx(2 / 3))
    assert output_size(853, 479, None)[:2] == (852, 478)
    clip = synthetic_video(frames=5, size=(640, 480))
    pose = estimate_video(clip, "fake").sequence
    result = write_annotated_video(clip, tmp_path / "small.mp4", pose, max_side_px=320)
    assert (result.width, result.height) == (320, 240)


@pytest.mark.real_data
def test_rotated_phone_clip_is_annotated_upright(tmp_path: Path) -> None:
    clip = real_clip(PORTRAIT_ROTATED)
    pose = estimate_video(clip, "fake", max_frames=5).sequence
    result = write_annotated_video(clip, tmp_path / "portrait.mp4", pose)
    assert (result.width, result.height, result.frames) == (480, 640, 106)


def test_pose_is_interpolated_between_samples() -> None:
    frames = [Frame(i, t, np.zeros((2, 2, 3), np.uint8)) for i, t in enumerate([0.0, 0.1, 1.0])]
    pose = FakePoseEstimator().estimate(frames, image_size_px=(640, 480)).sequence
    mid, vis = pose_at(pose, 0.05)
    np.testing.assert_allclose(mid, (pose.points_px[0] + pose.points_px[1]) / 2)
    assert (vis > 0).all()
    gap, gap_vis = pose_at(pose, 0.55)  # samples 0.9 s apart: not interpolated
    assert np.isnan(gap).all()
    assert (gap_vis == 0).all()
    assert np.isnan(pose_at(pose, 5.0)[0]).all()


def test_readout_text_and_gaps() -> None:
    readout = Readout("FPPA", np.array([0.0, 0.1, 0.2]), np.array([4.0, np.nan, 6.44]), decimals=1)
    assert readout.text(0.0) == "FPPA 4.0 deg"
    assert readout.text(0.19) == "FPPA 6.4 deg"
    assert readout.text(2.0) == "FPPA --"


def test_annotate_frame_draws_in_place() -> None:
    frames = [Frame(0, 0.0, np.zeros((480, 640, 3), np.uint8))]
    pose = FakePoseEstimator().estimate(frames, image_size_px=(640, 480)).sequence
    image = np.zeros((480, 640, 3), np.uint8)
    out = annotate_frame(image, 0.5, pose, _overlays(np.array([0.0, 1.0])))
    assert out is image
    assert image.any()


def test_pose_of_another_video_is_refused(tmp_path: Path, synthetic_video: SyntheticVideo) -> None:
    from glutecoach.errors import VideoError

    wide = estimate_video(synthetic_video("wide.mp4", frames=3, size=(320, 180)), "fake").sequence
    with pytest.raises(VideoError, match="belongs to another video"):
        write_annotated_video(synthetic_video(frames=3), tmp_path / "x.mp4", wide)


def test_video_at_a_lower_rate_keeps_evenly_spaced_frames_and_lasts_as_long(
    tmp_path: Path, synthetic_video: SyntheticVideo
) -> None:
    clip = synthetic_video(frames=60, size=(320, 240), fps=30)
    pose = estimate_video(clip, "fake", target_fps=15).sequence
    result = write_annotated_video(clip, tmp_path / "half.mp4", pose, fps=15)
    assert (result.frames, result.fps) == (30, 15)
    info = probe_video(tmp_path / "half.mp4")
    assert (info.frame_count, info.fps) == (30, pytest.approx(15))
    assert info.duration_s == pytest.approx(2.0, abs=0.07)  # as long as the 2 s clip


def test_counter_names_what_it_counts() -> None:
    steps = (Rep(1, "left", 0.0, 0.1, 0.2), Rep(2, "right", 0.3, 0.4, 0.5))
    assert counter_text(steps, 0.35, ("Steps", "step")) == "Steps: 1 | step 2 (right) in progress"
    assert counter_text(steps, 0.35) == "Reps: 1 | rep 2 (right) in progress"
    assert counter_text(steps, 0.6, ("Steps", "step")) == "Steps: 2"


def test_encoder_keeps_colours(tmp_path: Path) -> None:
    """Frames go to x264 as I420 converted here: colours must come back as they went in."""
    from glutecoach.vision import VideoEncoder

    image = np.zeros((240, 320, 3), np.uint8)
    image[:, :160] = (40, 120, 200)
    image[:, 160:] = (230, 30, 90)
    with VideoEncoder(tmp_path / "colours.mp4", (320, 240), 25) as encoder:
        for _ in range(5):
            encoder.write(image)
    with open_video(tmp_path / "colours.mp4") as stream:
        decoded = next(iter(stream)).image.astype(int)
    np.testing.assert_allclose(decoded[120, 80], (40, 120, 200), atol=4)
    np.testing.assert_allclose(decoded[120, 240], (230, 30, 90), atol=4)
