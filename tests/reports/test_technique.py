"""The technique report, per-frame CSV and result JSON, on a REAL ``AnalysisResult``.

The result comes from the analysis pipeline run on a synthetic single-leg squat (parametric
skeleton, mild noise): four reps, two on each leg, with a knee valgus injected on the two
right-leg reps (16 and 22 deg against the library's 13.5 deg threshold) and the free foot put
down in rep 2. The HTML is parsed with the standard library's ``html.parser``.
"""

from __future__ import annotations

import csv
import dataclasses
import json
import math
import re
from collections import Counter
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path

import numpy as np
import pytest
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Rectangle

from glutecoach.analysis.pipeline import analyze
from glutecoach.analysis.synthetic import single_leg_squat_series
from glutecoach.domain.analysis import SCHEMA_VERSION, AnalysisResult, FrameTable
from glutecoach.domain.exercise import Variation
from glutecoach.domain.pose import FloatArray, PoseSequence
from glutecoach.errors import AnalysisError
from glutecoach.library.loader import load_library
from glutecoach.reports.technique import technique_html
from glutecoach.reports.technique_exports import write_frames_csv, write_result_json
from glutecoach.reports.technique_plots import technique_figures
from tests.analysis.pipeline_support import MILD, hide, variation

SLS = "single-leg-squat"
HOSTILE = "<script>alert('x')</script> & clip.mp4"
VOID = {"meta", "br", "img", "input", "link", "hr", "area", "base", "col", "source", "wbr"}
SVG_VOID = {"path", "use", "rect", "circle", "stop", "polyline", "line", "polygon", "ellipse"}


class Page(HTMLParser):
    """Elements with their attributes and own text; checks every element is closed."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str], list[str]]] = []
        self.stack: list[tuple[str, dict[str, str], list[str]]] = []
        self.tags: Counter[str] = Counter()
        self.chunks: list[str] = []
        self.feed(html)
        self.close()
        assert not self.stack, f"unclosed elements: {[t for t, _, _ in self.stack]}"

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags[tag] += 1
        element: tuple[str, dict[str, str], list[str]] = (tag, {k: v or "" for k, v in attrs}, [])
        self.elements.append(element)
        if tag not in VOID:
            self.stack.append(element)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags[tag] += 1
        self.elements.append((tag, {k: v or "" for k, v in attrs}, []))

    def handle_endtag(self, tag: str) -> None:
        assert self.stack, f"</{tag}> closes nothing"
        assert self.stack[-1][0] == tag, f"</{tag}> closes <{self.stack[-1][0]}>"
        self.stack.pop()

    def handle_data(self, data: str) -> None:
        self.chunks.append(data)
        for _, _, text in self.stack:
            text.append(data)

    @property
    def text(self) -> str:
        return _squash(" ".join(self.chunks))

    def find(self, tag: str, **attrs: str) -> list[tuple[dict[str, str], str]]:
        """Elements of ``tag`` whose attributes contain ``attrs`` (``class_`` matches one
        class), with their whole text."""
        out = []
        for name, have, text in self.elements:
            if name != tag:
                continue
            ok = True
            for key, want in attrs.items():
                if key == "class_":
                    ok &= want in have.get("class", "").split()
                else:
                    ok &= have.get(key) == want
            if ok:
                out.append((have, _squash(" ".join(text))))
        return out


def _squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


@pytest.fixture(scope="module")
def series() -> PoseSequence:
    made = single_leg_squat_series(
        n_reps=4,
        stance_sides=["left", "left", "right", "right"],
        fppa_deg=[5.0, 5.0, 16.0, 22.0],
        free_foot_down_reps=[1],
        rest_s=1.5,
        corruption=MILD,
        seed=1,
    )
    return made.pose


@pytest.fixture(scope="module")
def sls() -> Variation:
    return variation(SLS)


@pytest.fixture(scope="module")
def result(series: PoseSequence, sls: Variation) -> AnalysisResult:
    out = analyze(series, sls)
    # the scenario the tests rely on: valgus found on the right-leg reps only
    assert [r.side for r in out.reps] == ["left", "left", "right", "right"]
    valgus = next(f for f in out.faults if f.mistake_id == "single-leg-squat.knee-valgus")
    assert valgus.reps == (3, 4)
    return out


LIBRARY = load_library()


@pytest.fixture(scope="module")
def html(result: AnalysisResult, sls: Variation) -> str:
    return technique_html(result, sls, video_name="squats.mp4", library=LIBRARY)


@pytest.fixture(scope="module")
def page(html: str) -> Page:
    return Page(html)


@pytest.fixture(scope="module")
def bare_html(result: AnalysisResult, sls: Variation) -> str:
    """No video, and a hostile video name."""
    return technique_html(result, sls, video_name=HOSTILE, library=LIBRARY)


# --- HTML ------------------------------------------------------------------------------------


def test_header_names_the_exercise_view_backend_and_version(
    page: Page, result: AnalysisResult
) -> None:
    [(_, title)] = page.find("h1")
    assert title == "Technique check: Single-leg squat"
    facts = page.find("dl", class_="facts")[0][1]
    assert "squats.mp4" in facts
    assert "front" in facts
    assert f"{result.backend.name} {result.backend.version}" in facts
    assert f"version {result.analysis_version}" in facts
    assert f"{result.video.frame_count} frames" in facts


def test_summary_counts_reps_per_side_and_good_form(page: Page, result: AnalysisResult) -> None:
    headline = page.find("p", class_="headline")[0][1]
    assert headline == "4 complete reps counted: 2 on the left leg, 2 on the right leg."
    good = page.find("p", class_="good-form")[0][1]
    assert good.startswith(f"{result.good_form_reps} of 4 reps in good form")
    assert result.good_form_reps == 1  # rep 1 only: rep 2 touched down, reps 3-4 caved in


def test_every_rep_is_listed_with_its_side_times_and_metrics(
    page: Page, result: AnalysisResult
) -> None:
    rows = page.find("tr", class_="rep")
    assert [attrs["data-rep"] for attrs, _ in rows] == ["1", "2", "3", "4"]
    for (_, text), rep in zip(rows, result.reps, strict=True):
        cells = text.split(" ")
        assert cells[:5] == [
            str(rep.index),
            rep.side,
            f"{rep.start_s:.2f}",
            f"{rep.bottom_s:.2f}",
            f"{rep.end_s:.2f}",
        ]
        assert f"{rep.metrics['knee_fppa_deg']:.1f}" in cells
        assert text.endswith("yes")


def test_each_fault_shows_its_cue_and_measured_value(page: Page, result: AnalysisResult) -> None:
    cards = page.find("article", class_="fault")
    cues = [text for _, text in page.find("p", class_="cue")]
    assert len(cards) == len(result.faults) == 2
    for finding in result.faults:
        assert finding.cue in cues
        card = next(text for _, text in cards if finding.cue in text)
        assert finding.name in card
        if finding.metric == "knee_fppa_deg":
            assert f"worst {finding.measured_value:.1f} deg" in card
            assert "a fault is > 13.5 deg (our rule, derived from Herrington 2014: " in card
            assert "healthy mean + 1 SD" in card
            assert "a possible fault" in card  # a between-day noise floor: never "clear"
            assert "reps 3 and 4 (right leg)" in card
    flagged = [text for _, text in page.find("td", class_="fault-cell")]
    expected = [f"{r.metrics['knee_fppa_deg']:.1f}" for r in result.reps[2:]]
    assert set(expected) <= set(flagged)
    assert "1" in flagged  # rep 2's free-foot touchdown


def test_one_svg_plot_per_thresholded_metric_after_the_movement_plot(
    page: Page, sls: Variation
) -> None:
    figures = page.find("figure", class_="plot")
    keys = [attrs["data-metric"] for attrs, _ in figures]
    thresholded = list(dict.fromkeys(m.threshold.metric.value for m in sls.mistakes if m.threshold))
    assert keys == ["movement", *thresholded]
    assert set(thresholded) == {
        "knee_fppa_deg",
        "pelvic_drop_deg",
        "trunk_lean_deg",
        "free_foot_touchdowns",
    }
    assert page.tags["svg"] == len(figures)


def test_inline_svg_ids_are_unique_across_the_page(page: Page) -> None:
    ids = [attrs["id"] for _, attrs, _ in page.elements if "id" in attrs]
    assert len(ids) > 50  # the plots define clip paths, markers and glyphs
    assert [i for i, n in Counter(ids).items() if n > 1] == []


def test_left_right_comparison_says_within_or_beyond_measurement_noise(
    page: Page, result: AnalysisResult
) -> None:
    rows = {text.split(" (")[0]: text for _, text in page.find("tr") if "(deg)" in text}
    by_metric = {c.metric: c for c in result.comparison}
    assert by_metric["knee_fppa_deg"].beyond_noise_floor is True
    assert by_metric["pelvic_drop_deg"].beyond_noise_floor is False
    # two reps a side: too few for the clip's own spread, so the library's between-day floors
    assert by_metric["knee_fppa_deg"].noise_kind == "between-day"
    knee = rows["Knee angle from the front"]
    assert knee.endswith("possible: beyond a between-day noise floor")
    assert "8 deg (measured in a study, Munro et al. 2012; between-day" in knee
    assert rows["Pelvic drop"].endswith("within measurement noise")
    assert f"{by_metric['knee_fppa_deg'].difference:.1f}" in knee


def test_cues_not_measured_two_d_note_and_citations(page: Page, sls: Variation) -> None:
    [(_, cues)] = page.find("ul", class_="cues")
    for cue in sls.cues:
        assert cue in cues
    assert "not a true 3D knee valgus" in page.text
    listed = {attrs["id"]: text for attrs, text in page.find("li") if "id" in attrs}
    for mistake in sls.mistakes:
        t = mistake.threshold
        assert t is not None
        for key in (t.reference, t.noise_reference):
            if key:
                assert listed[f"ref-{key}"] == _squash(LIBRARY.reference(key).full())
    assert listed["ref-schurr-2017"] == _squash(LIBRARY.reference("schurr-2017").full())


def test_hostile_video_name_is_escaped(bare_html: str) -> None:
    html = bare_html
    page = Page(html)
    assert page.tags["script"] == 0
    assert "<script>" not in html
    assert "&lt;script&gt;" in html
    assert HOSTILE in page.find("dl", class_="facts")[0][1]
    assert HOSTILE in page.find("title")[0][1]


def test_video_is_embedded_only_when_asked(
    bare_html: str, result: AnalysisResult, sls: Variation
) -> None:
    assert Page(bare_html).tags["video"] == 0
    page = Page(
        technique_html(
            result, sls, video_name="a.mp4", annotated_video="out/a b.mp4", library=LIBRARY
        )
    )
    [(attrs, _)] = page.find("video")
    assert "controls" in attrs
    assert attrs["src"] == "out/a%20b.mp4"
    with pytest.raises(ValueError, match="relative path"):
        technique_html(
            result, sls, video_name="a.mp4", annotated_video="/tmp/a.mp4", library=LIBRARY
        )


def test_side_view_lists_what_was_not_measured_and_plots_only_what_was(sls: Variation) -> None:
    side = single_leg_squat_series(n_reps=2, view="side", seed=3).pose
    result = analyze(side, sls)
    page = Page(technique_html(result, sls, video_name="side.mp4", library=LIBRARY))
    missing = page.find("section", id="not-measured")[0][1]
    assert "Knee caving in: needs a front (or back) view" in missing
    valgus = next(m for m in sls.mistakes if m.name == "Knee caving in")
    assert f"Check it yourself: {valgus.cue}" in " ".join(missing.split())
    keys = [attrs["data-metric"] for attrs, _ in page.find("figure", class_="plot")]
    assert keys == ["movement", "free_foot_touchdowns"]


def _line_at(fig: Figure, y: float) -> Line2D:
    lines = [
        ln
        for ln in fig.axes[0].get_lines()
        if ln.get_linestyle() == "--" and list(np.asarray(ln.get_ydata(), dtype=float)) == [y, y]
    ]
    assert len(lines) == 1, f"no single dashed line at {y}"
    return lines[0]


def test_metric_plot_draws_threshold_noise_band_and_a_marker_per_rep_extreme(
    result: AnalysisResult, sls: Variation
) -> None:
    fig = technique_figures(result, sls, LIBRARY)["knee_fppa_deg"]
    line = _line_at(fig, 13.5)
    assert line.get_label() == "fault > 13.5 deg (our rule, derived from Herrington 2014)"
    legend = [t.get_text() for t in fig.legends[0].get_texts()]
    assert any("within measurement noise" in t and "8 deg" in t for t in legend)
    assert {"left knee", "right knee"} <= set(legend)
    dots = {
        float(np.asarray(ln.get_xdata(), dtype=float)[0]): ln
        for ln in fig.axes[0].get_lines()
        if ln.get_marker() == "o"
    }
    bars = [
        [tuple(point) for point in segment]
        for collection in fig.axes[0].collections
        for segment in getattr(collection, "get_segments", list)()
    ]
    for rep in result.reps:
        value = rep.metrics["knee_fppa_deg"]
        faulty = any(f.metric == "knee_fppa_deg" for f in rep.faults)
        if rep.bottom_s not in dots:
            # The curve does not pass near the judged value at the extreme (the median over
            # the bottom window of a noisy series): a bar over the rep, never for a fault.
            assert [(rep.start_s, value), (rep.end_s, value)] in bars
            assert not faulty
            continue
        dot = dots[rep.bottom_s]
        assert float(np.asarray(dot.get_ydata(), dtype=float)[0]) == value
        assert (dot.get_markeredgecolor() == "#c81e1e") is faulty
    assert sum(rep.bottom_s in dots for rep in result.reps) >= 3
    assert fig.axes[0].get_xlabel() == "Time in the clip (s)"
    assert fig.axes[0].get_ylabel() == "Knee angle from the front (deg)"


def test_every_plot_shades_each_rep_in_its_side_colour(
    result: AnalysisResult, sls: Variation
) -> None:
    colours = {"left": (0.169, 0.424, 0.690), "right": (0.867, 0.420, 0.125)}
    for key, fig in technique_figures(result, sls, LIBRARY).items():
        spans = [
            (round(p.get_x(), 6), round(p.get_x() + p.get_width(), 6), p.get_facecolor()[:3])
            for p in fig.axes[0].patches
            if isinstance(p, Rectangle)
        ]
        for rep in result.reps:
            match = [
                c for x0, x1, c in spans if (x0, x1) == (round(rep.start_s, 6), round(rep.end_s, 6))
            ]
            assert len(match) == 1, f"{key}: rep {rep.index} not shaded once"
            assert match[0] == pytest.approx(colours[rep.side], abs=0.002), key


def _placeholders(figures: dict[str, Figure]) -> dict[str, str]:
    """Figures drawn as a message instead of axes, with the message."""
    out = {}
    for key, fig in figures.items():
        ax = fig.axes[0]
        if not ax.axison:
            out[key] = " ".join(t.get_text() for t in ax.texts)
    return out


def test_a_result_without_frames_shows_placeholders_and_still_renders(
    result: AnalysisResult, sls: Variation
) -> None:
    restored = AnalysisResult.from_json_dict(result.to_json_dict())
    assert restored.frames is None
    placeholders = _placeholders(technique_figures(restored, sls, LIBRARY))
    assert placeholders == {
        "movement": "This result has no per-frame data to plot; the rep table below lists "
        "every rep."
    }
    page = Page(technique_html(restored, sls, video_name="a.mp4", library=LIBRARY))
    assert len(page.find("tr", class_="rep")) == 4


def test_no_reps_and_all_nan_columns_give_clear_placeholders(
    result: AnalysisResult, sls: Variation
) -> None:
    assert result.frames is not None
    blank = FrameTable(
        result.frames.timestamps_s,
        tuple((n, np.full(v.shape, np.nan)) for n, v in result.frames.columns),
    )
    empty = dataclasses.replace(
        result, reps=(), faults=(), sides=(), comparison=(), not_measured=(), frames=blank
    )
    figures = technique_figures(empty, sls, LIBRARY)
    placeholders = _placeholders(figures)
    assert set(placeholders) == set(figures)
    assert placeholders["movement"].endswith("no reps were found.")
    assert placeholders["knee_fppa_deg"] == (
        "Knee angle from the front: no value could be measured in this clip."
    )
    page = Page(technique_html(empty, sls, video_name="a.mp4", library=LIBRARY))
    assert "No reps were found in this clip." in page.text
    assert "0 complete reps counted." in page.text
    assert "No reps were counted, so the sides cannot be compared." in page.text


# --- CSV and JSON ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def gappy(series: PoseSequence, sls: Variation) -> tuple[PoseSequence, AnalysisResult]:
    """The right knee hidden for a second in rep 3: NaN keypoints and NaN angles."""
    pose = hide(series, ("right_knee",), 8.6, 9.6)
    return pose, analyze(pose, sls)


def _read(path: Path) -> tuple[list[str], list[list[str]]]:
    with path.open(newline="", encoding="utf-8") as handle:
        header, *rows = list(csv.reader(handle))
    return header, rows


def _tolerance(column: str) -> float:
    for suffix, tol in (("t_s", 5e-7), ("_px", 0.005), ("_visibility", 5e-4), ("_deg", 0.005)):
        if column.endswith(suffix):
            return tol * 1.0001
    return 5e-5 * 1.0001 if column.endswith("_ratio") else 0.0


def _columns(pose: PoseSequence, result: AnalysisResult) -> Iterator[tuple[str, FloatArray]]:
    assert result.frames is not None
    yield "t_s", result.frames.timestamps_s
    for k, name in enumerate(pose.schema.names):
        yield f"{name}_x_px", pose.points_px[:, k, 0]
        yield f"{name}_y_px", pose.points_px[:, k, 1]
        yield f"{name}_visibility", pose.visibility[:, k]
    yield from result.frames.columns


def test_frames_csv_has_every_column_and_round_trips(
    gappy: tuple[PoseSequence, AnalysisResult], tmp_path: Path
) -> None:
    pose, result = gappy
    assert result.frames is not None
    path = write_frames_csv(result, pose, tmp_path / "frames.csv")
    header, rows = _read(path)
    expected = dict(_columns(pose, result))
    assert header == list(expected)
    assert header[:4] == ["t_s", "nose_x_px", "nose_y_px", "nose_visibility"]
    assert header[-1] == "rep_index"
    assert len(rows) == pose.n_frames == len(result.frames.timestamps_s)
    empty = Counter[str]()
    for j, name in enumerate(header):
        tol = _tolerance(name)
        for i, row in enumerate(rows):
            truth = float(expected[name][i])
            if math.isnan(truth):
                assert row[j] == "", f"{name} row {i}: NaN written as {row[j]!r}"
                empty[name] += 1
            else:
                assert abs(float(row[j]) - truth) <= tol, f"{name} row {i}"
    assert empty["right_knee_x_px"] > 0
    assert empty["knee_fppa_right_deg"] > 0
    assert {row[-1] for row in rows} == {"0", "1", "2", "3", "4"}


def test_frames_csv_without_pose_has_only_time_and_frame_columns(
    result: AnalysisResult, tmp_path: Path
) -> None:
    assert result.frames is not None
    header, rows = _read(write_frames_csv(result, None, tmp_path / "f.csv"))
    assert header == ["t_s", *result.frames.names]
    assert len(rows) == len(result.frames.timestamps_s)


def _part(pose: PoseSequence, rows: slice) -> PoseSequence:
    return PoseSequence(
        pose.timestamps_s[rows],
        pose.points_px[rows],
        pose.visibility[rows],
        pose.schema,
        pose.image_size_px,
        pose.backend,
    )


def test_frames_csv_matches_keypoints_by_timestamp(
    series: PoseSequence, sls: Variation, tmp_path: Path
) -> None:
    """An analysis of every other frame, written with the full pose: each row gets the
    keypoints of its own timestamp."""
    result = analyze(_part(series, slice(None, None, 2)), sls)
    header, rows = _read(write_frames_csv(result, series, tmp_path / "f.csv"))
    assert len(rows) == len(series.timestamps_s[::2])
    x = header.index("left_knee_x_px")
    k = series.schema.index("left_knee")
    for row, t, truth in zip(
        rows, series.timestamps_s[::2], series.points_px[::2, k, 0], strict=True
    ):
        assert float(row[0]) == pytest.approx(t, abs=5e-7)
        if math.isnan(truth):  # a frame the synthetic corruption dropped
            assert row[x] == ""
        else:
            assert float(row[x]) == pytest.approx(truth, abs=0.005)


@pytest.mark.parametrize("which", ["another clip", "the first third", "shifted 10 ms"])
def test_frames_csv_refuses_keypoints_that_do_not_match(
    result: AnalysisResult, series: PoseSequence, tmp_path: Path, which: str
) -> None:
    if which == "another clip":
        other = single_leg_squat_series(n_reps=4, corruption=MILD, seed=9).pose
    elif which == "the first third":
        other = _part(series, slice(0, series.n_frames // 3))
    else:
        other = PoseSequence(
            series.timestamps_s + 0.01,
            series.points_px,
            series.visibility,
            series.schema,
            series.image_size_px,
            series.backend,
        )
    with pytest.raises(AnalysisError, match="keypoints do not match this analysis"):
        write_frames_csv(result, other, tmp_path / "f.csv")
    assert not (tmp_path / "f.csv").exists()


def test_result_json_equals_the_documented_dict(result: AnalysisResult, tmp_path: Path) -> None:
    path = write_result_json(result, tmp_path / "result.json")
    text = path.read_text(encoding="utf-8")
    assert json.loads(text) == result.to_json_dict()
    assert text.startswith(f'{{\n  "schema_version": "{SCHEMA_VERSION}"')
    assert AnalysisResult.from_json_dict(json.loads(text)) == result
