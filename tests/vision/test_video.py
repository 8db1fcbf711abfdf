"""Decoding: real clips (frame counts, fps, rotation, GIF, damaged tail) and synthetic ones."""

from __future__ import annotations

import re

import numpy as np
import pytest

from glutecoach.vision import open_video, probe_video
from glutecoach.vision.video import DecodeReport, _Sampler, _Timestamps, sample_stride
from tests.vision.conftest import (
    CLAM_GIF,
    HYVA2,
    HYVA7,
    PORTRAIT_NATIVE,
    PORTRAIT_ROTATED,
    SyntheticVideo,
    real_clip,
)


@pytest.mark.real_data
def test_probe_720p_clip() -> None:
    info = probe_video(real_clip(HYVA7))
    assert (info.width, info.height, info.rotation_deg) == (1280, 720, 0)
    assert info.fps == pytest.approx(25.0)
    assert info.frame_count == 674
    assert info.duration_s == pytest.approx(674 / 25)
    assert info.codec == "h264"
    assert re.fullmatch(r"[0-9a-f]{64}", info.sha256)


@pytest.mark.real_data
def test_first_frames_have_real_timestamps() -> None:
    with open_video(real_clip(HYVA7), max_frames=150) as stream:
        frames = list(stream)
    assert len(frames) == 150
    assert [f.index for f in frames] == list(range(150))
    times = np.array([f.timestamp_s for f in frames])
    np.testing.assert_allclose(times, np.arange(150) * 0.04, atol=1e-6)
    assert frames[0].image.shape == (720, 1280, 3)
    assert frames[0].image.dtype == np.uint8
    assert stream.report.timestamps_from == "container"


@pytest.mark.real_data
def test_rotated_portrait_phone_clip_is_upright_with_variable_frame_times() -> None:
    info = probe_video(real_clip(PORTRAIT_ROTATED))
    assert info.rotation_deg == 90
    assert (info.width, info.height) == (480, 640)
    with open_video(info.path, info=info) as stream:
        frames = list(stream)
    assert all(f.image.shape == (640, 480, 3) for f in frames)
    assert len(frames) == 106
    steps = np.diff([f.timestamp_s for f in frames])
    assert steps.min() > 0
    # A dropped frame in the phone's recording: a real 67 ms step, not index / fps.
    assert steps.max() > 1.5 * np.median(steps)
    assert not stream.warnings


@pytest.mark.real_data
def test_natively_portrait_clip_needs_no_rotation() -> None:
    info = probe_video(real_clip(PORTRAIT_NATIVE))
    assert (info.width, info.height, info.rotation_deg) == (720, 1280, 0)
    assert info.fps == pytest.approx(30.0)


@pytest.mark.real_data
def test_gif_decodes_every_frame() -> None:
    with open_video(real_clip(CLAM_GIF)) as stream:
        frames = list(stream)
    assert stream.info.codec == "gif"
    assert len(frames) == 32
    assert frames[0].image.shape == (800, 800, 3)
    np.testing.assert_allclose([f.timestamp_s for f in frames], np.arange(32) * 0.1, atol=1e-6)


@pytest.mark.real_data
def test_damaged_tail_decodes_what_it_can_with_a_warning() -> None:
    with open_video(real_clip(HYVA2), target_fps=5) as stream:
        frames = list(stream)
    assert 220 <= stream.report.decoded_frames <= 232
    assert stream.report.reached_end
    assert frames[-1].timestamp_s == pytest.approx(stream.report.last_timestamp_s, abs=0.25)
    (warning,) = stream.warnings
    assert f"only {stream.report.decoded_frames} of the 276 frames" in warning
    assert "damaged or truncated" in warning


@pytest.mark.real_data
def test_subsampling_keeps_every_kth_frame_at_or_above_the_target_rate() -> None:
    with open_video(real_clip(HYVA7), target_fps=12.5, max_frames=60) as stream:
        frames = list(stream)
    times = np.array([f.timestamp_s for f in frames])
    # Kept frames keep their own times: frame i of a 25 fps clip is at i * 0.04 s.
    np.testing.assert_allclose(times, [f.index * 0.04 for f in frames], atol=1e-6)
    # 25 fps at 12.5 Hz or more: every 2nd frame, evenly spaced
    assert [f.index for f in frames] == list(range(0, 120, 2))


@pytest.mark.parametrize(
    ("fps", "stride"),
    [(25.0, 2), (30.0, 2), (29.97, 2), (50.0, 4), (60.0, 4), (24.0, 1), (12.0, 1), (120.0, 9)],
)
def test_sample_stride_never_goes_below_the_rate(fps: float, stride: int) -> None:
    assert sample_stride(fps, 12.5) == stride
    assert fps / stride >= 12.5 or stride == 1
    assert sample_stride(fps, None) == 1


def test_threaded_and_inline_decoding_agree(synthetic_video: SyntheticVideo) -> None:
    path = synthetic_video(frames=20)
    with open_video(path, threaded=True) as a, open_video(path, threaded=False) as b:
        threaded, inline = list(a), list(b)
    assert [f.timestamp_s for f in threaded] == [f.timestamp_s for f in inline]
    assert all(np.array_equal(x.image, y.image) for x, y in zip(threaded, inline, strict=True))
    assert a.report.decoded_frames == b.report.decoded_frames == 20


def test_keep_every_frame_when_target_is_at_or_above_the_source_rate(
    synthetic_video: SyntheticVideo,
) -> None:
    path = synthetic_video(frames=20, fps=10)
    with open_video(path, target_fps=30) as stream:
        assert len(list(stream)) == 20


def test_stopping_early_releases_the_decoder_thread(synthetic_video: SyntheticVideo) -> None:
    stream = open_video(synthetic_video(frames=40), queue_size=2)
    for frame in stream:
        if frame.index == 3:
            break
    stream.close()
    assert stream._thread is None
    with pytest.raises(RuntimeError, match="only once"):
        list(stream)


def test_progress_is_reported_up_to_the_decoded_count(synthetic_video: SyntheticVideo) -> None:
    calls: list[tuple[int, int]] = []
    with open_video(synthetic_video(frames=25), on_progress=lambda d, t: calls.append((d, t))) as s:
        list(s)
    assert calls[-1] == (25, 25)
    assert [d for d, _ in calls] == sorted(d for d, _ in calls)


def test_synthetic_clip_probe(synthetic_video: SyntheticVideo) -> None:
    info = probe_video(synthetic_video(frames=30, size=(320, 240), fps=25))
    assert (info.width, info.height, info.frame_count, info.rotation_deg) == (320, 240, 30, 0)
    assert info.duration_s == pytest.approx(1.2)


def test_broken_timestamps_fall_back_to_index_over_fps_with_a_warning() -> None:
    report = DecodeReport(declared_frames=6)
    stamp = _Timestamps(25.0, report)
    raw_ms = [100.0, 140.0, 180.0, 180.0, 0.0, 500.0]
    times = [stamp(i, ms) for i, ms in enumerate(raw_ms)]
    np.testing.assert_allclose(times, [0.0, 0.04, 0.08, 0.12, 0.16, 0.20])
    assert report.timestamps_from == "index/fps"
    assert "from frame 3" in report.warnings[0]


def test_missing_timestamps_from_the_start_use_index_over_fps() -> None:
    report = DecodeReport(declared_frames=3)
    stamp = _Timestamps(10.0, report)
    assert [stamp(i, float("nan")) for i in range(3)] == pytest.approx([0.0, 0.1, 0.2])
    assert len(report.warnings) == 1


def test_sampler_follows_real_times_of_a_variable_frame_rate() -> None:
    sampler = _Sampler(10.0, 30.0)
    rng = np.random.default_rng(1)
    times = np.cumsum(rng.uniform(0.02, 0.05, 300))
    kept = times[[sampler.keep(float(t)) for t in times]]
    rate = (kept.size - 1) / (kept[-1] - kept[0])
    assert 9.0 <= rate <= 11.0
    assert np.diff(kept).min() >= 0.05


@pytest.mark.parametrize(
    ("suffix", "codec_args"),
    [
        (".mov", ["-c:v", "copy"]),
        (".avi", ["-c:v", "mpeg4"]),
        (".webm", ["-c:v", "libvpx", "-b:v", "200k"]),
        (".mkv", ["-c:v", "copy"]),
    ],
)
def test_other_containers_decode(
    synthetic_video: SyntheticVideo, suffix: str, codec_args: list[str]
) -> None:
    import subprocess

    from glutecoach.vision.encoder import ffmpeg_executable

    source = synthetic_video(frames=12, size=(160, 120), fps=12)
    target = source.with_suffix(suffix)
    subprocess.run(
        [ffmpeg_executable(), "-v", "error", "-i", str(source), *codec_args, str(target)],
        check=True,
    )
    with open_video(target) as stream:
        frames = list(stream)
    assert len(frames) == 12
    assert frames[0].image.shape == (120, 160, 3)
    np.testing.assert_allclose([f.timestamp_s for f in frames], np.arange(12) / 12, atol=2e-3)
