"""Issue 9's output audit and issue 13's wording audit: every runner-facing output, rendered for
the example profiles and the committed keypoint fixtures, shows each literature figure through
the evidence renderer, and speaks in plain words.

Outputs are produced with the renderer's tagging on (``tagging()`` in-process); ``audit`` then
reports any figure outside the tags, and ``wording`` any code name, doubled word, "1 sets" or
"..". The planted fixtures (``unlabelled.txt``, ``unlabelled.json``, ``code-words.txt``) hold
figures and words written the old way and prove both audits fail on them. Everything runs
in-process on real components (SQLite, the real library, the real analysis), without the shared
clips.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader
from typer.testing import CliRunner

from glutecoach.analysis.corpus import CorpusBase
from glutecoach.analysis.gait import analyze_gait
from glutecoach.analysis.pipeline import analyze
from glutecoach.cli.app import app
from glutecoach.cli.check import render_result
from glutecoach.cli.gait import render_gait
from glutecoach.cli.output import console
from glutecoach.library.loader import load_library
from glutecoach.library.renderer import TAG_OPEN, tagging
from glutecoach.reports.gait_report import gait_html
from glutecoach.reports.technique import technique_html
from glutecoach.reports.technique_text import fault_cards
from glutecoach.vision.keypoint_file import read_keypoints
from tests.analysis.corpus_support import bases_from_fixtures, synthetic_bases
from tests.evidence.audit import json_problems, library_prose, untagged_figures
from tests.evidence.wording import wording_problems

HERE = Path(__file__).resolve().parent
FIXTURES = HERE / "fixtures"
PROFILES = sorted((HERE.parents[1] / "examples").glob("*.toml"))
LIBRARY = load_library()
PROSE = library_prose(LIBRARY)
START = dt.date(2026, 1, 5)

Run = Callable[..., str]


def clean(text: str) -> None:
    assert TAG_OPEN in text, "nothing was rendered through the renderer: the audit saw no figure"
    assert untagged_figures(text, LIBRARY, PROSE) == []
    plain(text)


def plain(text: str) -> None:
    """``text`` is in plain words (an output that may hold no literature figure)."""
    assert text.strip(), "an empty output says nothing"
    assert wording_problems(text) == []


def clean_json(text: str) -> Any:
    data = json.loads(text)
    assert json_problems(data, LIBRARY, PROSE) == []
    return data


@pytest.fixture
def cli(tmp_path: Path) -> Iterator[Run]:
    """Run the CLI in-process with tagging on, a wide console and a fresh SQLite database."""
    runner = CliRunner()
    width = console.width
    console.width = 4000  # no wrapping, so the library's prose stays whole
    env = {"GLUTECOACH_DATABASE_URL": f"sqlite:///{tmp_path / 'audit.sqlite'}", "COLUMNS": "4000"}

    def run(*args: str) -> str:
        with tagging():
            result = runner.invoke(app, list(args), env=env, catch_exceptions=False)
        assert result.exit_code == 0, result.output
        return result.output

    yield run
    console.width = width


# --- the audit can fail ---------------------------------------------------------------------


def test_the_planted_unlabelled_figures_are_caught() -> None:
    text = (FIXTURES / "unlabelled.txt").read_text(encoding="utf-8")
    found = untagged_figures(text, LIBRARY, PROSE)
    assert found == [
        "64 ± 25 %MVIC",
        "above 5/10",
        "above the 3/10",
        "16.0 deg against a threshold",
        "V1",
        "V1",
        "knee_fppa_deg > 13.5 (Herrington 2014, V1)",
    ]
    # the same figures tagged, as the renderer writes them, pass
    tagged = "".join(f"⟦{line}⟧\n" for line in text.splitlines())
    assert untagged_figures(tagged, LIBRARY, PROSE) == []


def test_the_planted_json_figures_without_status_are_caught() -> None:
    data = json.loads((FIXTURES / "unlabelled.json").read_text(encoding="utf-8"))
    assert json_problems(data, LIBRARY, PROSE) == [
        "$.faults[0].threshold_value: no 'threshold_status' beside it",
        "$.faults[0].noise_floor: no 'noise_kind' beside it",
        "$.limits: a figure without 'status'",
        "$.limits: a figure without 'reference'",
        "$.limits.text: above 5/10",
    ]


def test_the_planted_code_words_are_caught() -> None:
    text = (FIXTURES / "code-words.txt").read_text(encoding="utf-8")
    assert wording_problems(text) == [
        "code name 'free_foot_touchdowns'",
        "code name 'min_duration_s'",
        "code name 'cutoff_hz'",
        "code name read aloud 'hip descent ratio'",
        "code name read aloud 'knee fppa deg'",
        "bare unit code 'fppa deg'",
        "doubled word 'in in'",
        "count and noun disagree '1 sets'",
        "hedged plural 'rep(s)'",
        "doubled full stop 't advised: keep it comfortable.. Instead: '",
    ]
    # the same facts in plain words pass
    fixed = (
        "Left and right, knee angle from the front: 9.0 deg on the left, 18.0 deg on the right. "
        "Knee caving in, found in rep 3: keep your knee over your toes. Deload week: 1 set "
        "instead of 2. Pelvic drop (deg): an odds ratio of about 1.8. SHA-256 1a2b3c4d..."
    )
    assert wording_problems(fixed) == []
    assert wording_problems("<th>Knee angle<br><small>deg</small></th>") == []


# --- the library's own outputs ---------------------------------------------------------------


def test_every_exercise_and_the_list(cli: Run) -> None:
    clean(cli("exercises"))
    clean_json(cli("exercises", "--json"))
    for variation in LIBRARY.variations:
        clean(cli("exercise", variation.id))
        plain(cli("film-guide", variation.id))
        data = clean_json(cli("exercise", variation.id, "--json"))
        for mistake, source in zip(data["mistakes"], variation.mistakes, strict=True):
            if source.threshold is not None:
                figure = mistake["threshold"]["figure"]
                assert figure["status"] == source.threshold.figure_status


@pytest.mark.parametrize("profile", PROFILES, ids=lambda p: p.stem)
def test_recommend(cli: Run, profile: Path) -> None:
    text = cli("recommend", "--profile", str(profile))
    clean(text)
    body, _, listing = text.partition("\nReferences (cited above)")
    listed = re.findall(r"^  \[([a-z0-9-]+)\] ", listing, flags=re.MULTILINE)
    keys = {r.key for r in LIBRARY.references}
    groups = re.findall(r"\[([a-z0-9, -]+)\]", body)  # a reason's sources: [key, key]
    cited = {key for group in groups for key in group.split(", ") if key in keys}
    assert listed, "the session cites no reference"
    assert set(listed) == cited  # each listed reference is cited above, each cited one listed
    data = clean_json(cli("recommend", "--profile", str(profile), "--json"))
    figures = [f for item in data["recommended"] for f in item["reason_figures"]]
    assert figures
    assert all({"status", "reference"} <= set(f) for f in figures)


@pytest.mark.parametrize("profile", PROFILES, ids=lambda p: p.stem)
def test_plan_decisions_history_handout_and_calendar(
    cli: Run, profile: Path, tmp_path: Path
) -> None:
    clean(cli("plan", "--profile", str(profile), "--start", START.isoformat()))
    day, ids = _first_session(cli("today", "--date", START.isoformat(), "--json"))
    pains = [6] + [0] * len(ids)  # above 5/10 escalates the first; the morning decides the rest
    sets = [s for vid, pain in zip(ids, pains, strict=False) for s in _sets(vid, pain)]
    clean(cli("log", "--date", day.isoformat(), *[a for s in sets for a in ("--set", s)]))
    clean(cli("morning-pain", "5"))  # higher than before: the next-morning rule
    clean(cli("today", "--date", (day + dt.timedelta(days=1)).isoformat()))
    plain(cli("history"))
    charts = tmp_path / "charts"
    plain(cli("progress", "--out", str(charts)))
    for svg in sorted(charts.glob("*.svg")):
        plain(svg.read_text(encoding="utf-8"))
    data = clean_json(cli("history", "--json"))
    rules = {d["rule"] for d in data["decisions"]}
    assert {"escalation", "next-morning-pain"} <= rules
    reasons = " ".join(d["reason"] for d in data["decisions"])
    assert "reported secondhand, Silbernagel et al. 2007" in reasons
    for suffix in ("html", "pdf"):
        out = tmp_path / f"handout.{suffix}"
        cli("handout", "--out", str(out))
        clean(out.read_text(encoding="utf-8") if suffix == "html" else _pdf_text(out))
    ics = tmp_path / "plan.ics"
    cli("calendar", "--out", str(ics))
    clean(_unfolded(ics.read_bytes().decode("utf-8")))


def _first_session(today: str) -> tuple[dt.date, list[str]]:
    """The date and exercise ids of the session ``today --json`` shows (the prose may name
    other exercises, e.g. a reason comparing with a harder variation)."""
    session = json.loads(today)["session"]
    ids = [e["id"] for e in session["exercises"]]
    assert ids, today
    return dt.date.fromisoformat(session["date"]), list(dict.fromkeys(ids))


def _sets(variation_id: str, pain: int) -> list[str]:
    """Full good-form sets of a variation's novice dose, on each side when it is per side."""
    dose = LIBRARY.get(variation_id).dose.novice
    work = f"hold={dose.hold_s} good-hold={dose.hold_s}" if dose.hold_s else "reps=12 good=12"
    sides = (":left", ":right") if dose.per_side else ("",)
    return [f"{variation_id}{side} {work} pain={pain}" for side in sides for _ in range(dose.sets)]


def _pdf_text(path: Path) -> str:
    reader = PdfReader(io.BytesIO(path.read_bytes()))
    return "\n".join(page.extract_text() or "" for page in reader.pages)


# --- technique and gait checks on committed keypoints -----------------------------------------


def test_technique_check_outputs() -> None:
    variation = LIBRARY.get("single-leg-squat")
    pose = read_keypoints(FIXTURES / "single-leg-squat-front.csv").estimate.sequence
    with tagging():
        result = analyze(pose, variation)
        page = technique_html(result, variation, video_name="squats.mp4", library=LIBRARY)
        with console.capture() as captured:
            render_result(result, variation, LIBRARY)
    assert {f.mistake_id for f in result.faults} >= {"single-leg-squat.knee-valgus"}
    valgus = next(f for f in result.faults if f.mistake_id == "single-leg-squat.knee-valgus")
    assert valgus.judgement == "possible"  # a between-day floor never makes a fault clear
    assert any(c.noise_kind == "rep-to-rep" for c in result.comparison)  # 3 reps a side
    clean(page)
    clean(captured.get())
    clean_json(json.dumps(result.to_json_dict()))


@pytest.mark.parametrize(
    "base", [*bases_from_fixtures(), *synthetic_bases()], ids=lambda b: f"{b.exercise}-{b.name}"
)
def test_technique_check_of_every_checked_family(base: CorpusBase) -> None:
    """The report and the terminal summary of each family the corpus holds (our pose estimates
    of real clips, synthetic sets for the rest): figures tagged, words plain, and the headline
    never a fault within measurement noise."""
    variation = LIBRARY.get(base.exercise)
    with tagging():
        result = analyze(base.pose, variation)
        page = technique_html(result, variation, video_name="clip.mp4", library=LIBRARY)
        with console.capture() as captured:
            render_result(result, variation, LIBRARY)
    terminal = captured.get()
    for text in (page, terminal):
        assert untagged_figures(text, LIBRARY, PROSE) == []
        plain(text)
    cards = fault_cards(result, variation, LIBRARY)
    headline = [card for card in cards if card.headline]
    assert all(not card.within_noise for card in headline)
    assert ("Work on first" in terminal) == bool(headline)
    assert ("Work on this first" in page) == bool(headline)


def test_gait_outputs() -> None:
    pose = read_keypoints(FIXTURES / "running-rear.csv").estimate.sequence
    with tagging():
        result = analyze_gait(pose, library=LIBRARY)
        page = gait_html(result, LIBRARY, video_name="run.mp4")
        with console.capture() as captured:
            render_gait(result, LIBRARY)
    text = " ".join(f.text for f in result.findings)
    assert "an association, not proof" in text
    assert "Schmitz et al. 2014" in text
    assert "not 3D valgus" in page
    clean(page)
    clean(captured.get())
    clean_json(json.dumps(result.to_json_dict()))


def _unfolded(ics: str) -> str:
    """An iCalendar text as read: folded lines joined (RFC 5545: CRLF then one space, which
    may fall inside a word) and escaped newlines made real."""
    return ics.replace("\r\n ", "").replace("\\n", "\n")
