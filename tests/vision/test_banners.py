"""Text on the annotated video: sized to the frame, wrapped to its width, and stacked so no two
banners overlap, over many frame sizes and banner counts."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from glutecoach.vision.banners import (
    TextParams,
    TextStyle,
    banner_near,
    boxes_overlap,
    clear_of,
    draw_banner,
    layout_banners,
    wrap_to_width,
)

SIZES = [
    (640, 360),
    (360, 640),
    (854, 480),
    (480, 854),
    (1280, 720),
    (720, 1280),
    (1920, 1080),
    (1080, 1920),
    (500, 380),
    (320, 240),
    (160, 120),
    (3840, 2160),
]
FAULT = "Rep {i}: Knee caving in. Keep the knee over the middle of the foot as you go down"
PANEL = [
    "Single-leg squat",
    "Reps: 2 | rep 3 (left) in progress",
    "Left knee inward angle 12 deg",
    "Pelvic drop 4 deg",
    "Trunk side lean 3 deg",
    "Hip hike 1 deg",
    "Cadence 172 steps/min",
    "A further note that is long enough to need wrapping on a small portrait frame",
]


def glyph_px(style: TextStyle) -> int:
    return style.text_size("Hg")[1]


def test_text_scales_with_the_frame_height_and_stays_readable_at_360p() -> None:
    small = TextStyle.for_frame(640, 360)
    full_hd = TextStyle.for_frame(1920, 1080)
    assert glyph_px(small) >= TextParams().min_text_px
    assert glyph_px(full_hd) == pytest.approx(0.028 * 1080, rel=0.12)
    assert glyph_px(full_hd) > 2.4 * glyph_px(small)
    assert glyph_px(TextStyle.for_frame(3840, 2160)) > glyph_px(full_hd)
    # a portrait phone frame is sized by its width too: a line keeps its characters
    portrait = TextStyle.for_frame(1080, 1920)
    assert portrait.text_size("x" * TextParams().min_chars)[0] < 1080
    assert glyph_px(portrait) >= glyph_px(full_hd) * 0.9
    assert glyph_px(TextStyle.for_frame(360, 640)) >= TextParams().min_text_px


@pytest.mark.parametrize(("width", "height"), SIZES)
def test_at_least_the_minimum_lines_fit_every_frame(width: int, height: int) -> None:
    assert TextStyle.for_frame(width, height).rows(height) >= TextParams().min_lines


@pytest.mark.parametrize(("width", "height"), SIZES)
def test_banners_never_overlap_and_stay_inside_the_frame(width: int, height: int) -> None:
    style = TextStyle.for_frame(width, height)
    for n_panel, n_alerts in itertools.product(range(len(PANEL) + 1), range(0, 12, 2)):
        alerts = [FAULT.format(i=i + 1) for i in range(n_alerts)]
        banners = layout_banners(width, height, PANEL[:n_panel], alerts, style)
        for banner in banners:
            x0, y0, x1, y1 = banner.box
            assert 0 <= x0 < x1 <= width, (width, height, banner)
            assert 0 <= y0 < y1 <= height, (width, height, banner)
            assert y1 - y0 == style.line_px
        for a, b in itertools.combinations(banners, 2):
            assert not boxes_overlap(a.box, b.box), (width, height, n_panel, n_alerts, a, b)
        assert len(banners) <= style.rows(height)
        shown_alerts = [b.text for b in sorted(banners, key=lambda b: b.box[1]) if b.alert]
        if n_alerts:  # the newest alert is always shown, whole
            newest = wrap_to_width(alerts[-1], style, width - 2 * style.margin_px)
            assert shown_alerts[-len(newest) :] == newest
        if len(shown_alerts) and shown_alerts[0].startswith("+"):
            hidden = int(shown_alerts[0].split()[0][1:])
            first_shown = next(t for t in shown_alerts[1:] if t.startswith("Rep "))
            assert first_shown.startswith(f"Rep {hidden + 1}:")
        panel_texts = [b.text for b in banners if not b.alert]
        if n_panel:
            assert panel_texts, "the panel gave way entirely"
            assert panel_texts[0] == PANEL[0]


def test_everything_is_shown_when_it_fits() -> None:
    style = TextStyle.for_frame(1920, 1080)
    alerts = [FAULT.format(i=1), "Step 4: left contact"]
    banners = layout_banners(1920, 1080, PANEL[:4], alerts, style)
    assert [b.text for b in banners if not b.alert] == PANEL[:4]
    from_top = sorted((b for b in banners if b.alert), key=lambda b: b.box[1])
    assert [b.text for b in from_top] == alerts  # the newest alert at the bottom
    assert from_top[-1].box[3] == 1080 - style.margin_px


def test_long_lines_wrap_to_the_frame_width_at_360p() -> None:
    style = TextStyle.for_frame(360, 640)
    lines = wrap_to_width(FAULT.format(i=3), style, 360 - 2 * style.margin_px)
    assert len(lines) >= 2
    assert " ".join(lines) == FAULT.format(i=3)
    assert all(style.text_size(line)[0] + 2 * style.pad_px <= 360 for line in lines)


def test_a_label_beside_a_joint_near_the_edge_is_moved_inside() -> None:
    style = TextStyle.for_frame(640, 360)
    for anchor in [(630, 5), (-20, 355), (320, 180), (639, 359)]:
        x0, y0, x1, y1 = banner_near("Left knee inward angle 9 deg", style, anchor, 640, 360).box
        assert 0 <= x0 < x1 <= 640
        assert 0 <= y0 < y1 <= 360


def test_labels_beside_joints_move_clear_of_banners_and_each_other() -> None:
    style = TextStyle.for_frame(640, 360)
    banners = layout_banners(640, 360, PANEL[:3], [FAULT.format(i=1)], style)
    taken = [b.box for b in banners]
    step = style.line_px + style.gap_px
    for anchor in [(20, 30), (300, 180), (300, 182), (300, 185), (20, 340), (600, 0)]:
        tag = clear_of(
            banner_near("Left knee bend 80 deg", style, anchor, 640, 360), taken, 360, step
        )
        _, y0, _, y1 = tag.box
        assert 0 <= y0 < y1 <= 360
        assert not any(boxes_overlap(tag.box, other) for other in taken), anchor
        taken.append(tag.box)
    free = banner_near("Right knee bend 80 deg", style, (400, 100), 640, 360)
    assert clear_of(free, taken, 360, step) == free  # nothing in the way: it stays put


def test_draw_banner_darkens_its_box_and_writes_inside_it() -> None:
    image = np.full((360, 640, 3), 200, dtype=np.uint8)
    style = TextStyle.for_frame(640, 360)
    (banner,) = layout_banners(640, 360, ["Pelvic drop 4 deg"], [], style)
    draw_banner(image, banner, style, (235, 235, 235), (20, 20, 20))
    x0, y0, x1, y1 = banner.box
    box = image[y0:y1, x0:x1]
    assert box.min() < 100  # shaded background
    assert box.max() > 200  # the light text
    outside = np.ones(image.shape[:2], dtype=bool)
    outside[y0:y1, x0:x1] = False
    assert np.all(image[outside] == 200)
