"""The words of the technique report, written from an ``AnalysisResult``.

The facts about the clip, the rep counts, a card per fault (where it was found, the worst value
against the threshold, and whether it is past the measurement noise), the reps that could not
be measured and why, the notes on faults and on the left/right comparison, and a row per
thresholded fault for the 'how each fault is judged' table. ``Citations`` numbers the library
references in the order the page first cites them.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from glutecoach.analysis.params import MeasureParams
from glutecoach.domain.analysis import (
    SCHEMA_VERSION,
    AnalysisResult,
    FaultFinding,
    Judgement,
    SideComparison,
)
from glutecoach.domain.evidence import References
from glutecoach.domain.exercise import Variation
from glutecoach.domain.glossary import numbered, plural
from glutecoach.library.catalogue import Library
from glutecoach.library.renderer import render_noise_floor, render_threshold
from glutecoach.reports.technique_metrics import metric_heading, with_unit

SIDE_WORDS = {"left": "left leg", "right": "right leg", "both": "both legs"}
REP_WORDS = {"left": "on the left leg", "right": "on the right leg", "both": "with both legs"}
STEP_WORDS = {"left": "to the left", "right": "to the right", "both": "both ways"}


@dataclass(frozen=True)
class Citation:
    number: int
    key: str
    short: str
    text: str

    @property
    def anchor(self) -> str:
        return f"ref-{self.key}"


class Citations:
    """Numbers references in order of first use."""

    def __init__(self, library: References) -> None:
        self._library = library
        self._seen: dict[str, Citation] = {}

    def cite(self, key: str | None) -> Citation | None:
        if not key:
            return None
        if key not in self._seen:
            ref = self._library.reference(key)
            self._seen[key] = Citation(len(self._seen) + 1, key, ref.short(), ref.full())
        return self._seen[key]

    def all(self) -> tuple[Citation, ...]:
        return tuple(self._seen.values())


@dataclass(frozen=True)
class FaultCard:
    """One fault found, in words. ``headline`` marks the fault to work on first: the one
    furthest past its threshold and noise floor, never one within measurement noise."""

    name: str
    cue: str
    places: str
    checked: int
    measured: str
    noise: str
    beyond_noise: bool | None
    headline: bool = False
    literature: bool = False

    @property
    def where(self) -> str:
        """'In reps 4, 5 and 6 (right leg) of 6 checked'."""
        return f"In {self.places} of {self.checked} checked"

    @property
    def within_noise(self) -> bool:
        return self.beyond_noise is False


@dataclass(frozen=True)
class ComparisonRow:
    """One left/right comparison with its noise figure and verdict in words."""

    comparison: SideComparison
    noise: str
    verdict: str
    css: str


@dataclass(frozen=True)
class ThresholdRow:
    fault: str
    metric: str
    rule: str
    noise_floor: str
    noise_cite: Citation | None
    basis: str
    cite: Citation | None
    note: str
    in_clip: str


def rep_nouns(result: AnalysisResult) -> tuple[str, Mapping[str, str]]:
    """What a rep is called ('rep', or 'step' for a band walk) and how its side reads."""
    if result.family == "lateral-band-walk":
        return "step", STEP_WORDS
    return "rep", SIDE_WORDS


def rep_list(indices: Sequence[int], result: AnalysisResult) -> str:
    """'reps 4, 5 and 6 (right leg)', 'step 2 (to the left)'."""
    noun, side_words = rep_nouns(result)
    sides = {r.index: r.side for r in result.reps}
    words = sorted({side_words[sides[i]] for i in indices if i in sides})
    return numbered(noun, list(indices)) + (f" ({', '.join(words)})" if words else "")


def side_key(result: AnalysisResult) -> str:
    """Which plot colour is which side."""
    _, words = rep_nouns(result)
    return f"blue: {words['left']}, orange: {words['right']}"


def facts(result: AnalysisResult, variation: Variation, video_name: str) -> list[tuple[str, str]]:
    """``(label, value)`` pairs about the exercise, the clip and the analysis."""
    v = result.video
    view = f"{result.view}"
    if result.inferred_view and result.inferred_view != result.view:
        view += f" (the body looks filmed from the {result.inferred_view})"
    clip = []
    if v.duration_s is not None:
        clip.append(f"{v.duration_s:.1f} s")
    if v.frame_count is not None:
        clip.append(f"{v.frame_count} frames")
    if v.fps is not None:
        clip.append(f"{v.fps:.1f} fps")
    if v.width_px and v.height_px:
        clip.append(f"{v.width_px} x {v.height_px} px")
    if v.rotation_deg:
        clip.append(f"rotated {v.rotation_deg} deg")
    out = [
        ("Exercise", f"{variation.name} ({result.exercise})"),
        ("Video", video_name),
        ("Filmed from the", view),
        ("Clip", ", ".join(clip) or "unknown"),
    ]
    if v.sha256:
        out.append(("SHA-256", v.sha256[:16] + "..."))
    out.append(("Pose back end", f"{result.backend.name} {result.backend.version}"))
    out.append(("Analysis", f"version {result.analysis_version}, JSON schema {SCHEMA_VERSION}"))
    return out


def counts(result: AnalysisResult) -> tuple[list[str], str]:
    """The summary's count lines (reps per side, partial reps, holds) and the good-form line
    (empty when there is nothing to say)."""
    noun, _ = rep_nouns(result)
    words = STEP_WORDS if noun == "step" else REP_WORDS
    total = result.rep_count
    parts = [f"{s.reps} {words[s.side]}" for s in result.sides]
    head = f"{plural(total, 'complete ' + noun)} counted"
    lines = [head + (f": {', '.join(parts)}." if parts and total else ".")]
    partial = len(result.reps) - total
    if partial:
        lines.append(
            f"{partial} more {noun}{'' if partial == 1 else 's'} cut by the start or "
            "end of the clip: shown below, not counted."
        )
    for h in result.holds:
        lines.append(
            f"Hold {h.index} ({SIDE_WORDS[h.side]}): {h.duration_s:.1f} s, "
            f"{h.good_alignment_s:.1f} s of it in good alignment."
        )
    if total:
        good = (
            f"{result.good_form_reps} of {plural(total, noun)} in good form "
            "(complete, measured and without a fault)."
        )
    elif not result.holds:
        good = f"No {noun}s were counted, so none can be judged."
    else:
        good = ""
    return lines, good


def hold_list(indices: Sequence[int]) -> str:
    return numbered("hold", list(indices))


def noise_sentence(judgement: Judgement | None, floor: str | None) -> str:
    """How sure a fault is, given the noise floor it was judged against (rendered)."""
    if judgement is None or floor is None:
        return "The library gives no measurement noise figure for this check."
    if judgement == "within-noise":
        return (
            f"Past the threshold by less than the noise floor, {floor}: within measurement "
            "noise, so film again before acting on it."
        )
    if judgement == "possible":
        return (
            f"Past the threshold by more than the noise floor, {floor}: a possible fault. That "
            "figure was measured between days, so within one clip it is a guide, not proof; "
            "how many reps show it tells you more."
        )
    return f"Past the threshold by more than the noise floor, {floor}: a clear fault."


_SURENESS = {"clear": 0, "possible": 1, None: 2, "within-noise": 3}
"""Faults by how sure they are: past a within-clip noise figure, past a between-day one, no
noise figure given, within noise."""


def excess_over_noise(finding: FaultFinding) -> float:
    """How far the worst value is past the threshold *and* the noise floor, in noise floors
    (a unitless size that ranks an angle against a time); without a noise floor, how far past
    the threshold, as a share of the threshold. Negative when within noise."""
    margin = finding.measured_value - finding.threshold_value
    if finding.comparison == "below":
        margin = -margin
    if finding.noise_floor:
        return (margin - finding.noise_floor) / finding.noise_floor
    return margin / max(abs(finding.threshold_value), 1e-9)


def rank_faults(faults: Sequence[FaultFinding]) -> list[FaultFinding]:
    """Faults in the order to work on them: surest first (``_SURENESS``), then furthest past
    threshold and noise (``excess_over_noise``), then seen in the most reps and holds."""
    return sorted(
        faults,
        key=lambda f: (
            _SURENESS[f.judgement],
            -excess_over_noise(f),
            -(len(f.reps) + len(f.holds)),
        ),
    )


def fault_cards(
    result: AnalysisResult, variation: Variation, library: References
) -> list[FaultCard]:
    """A card per fault found, in ``rank_faults`` order; the first is the headline unless it is
    within measurement noise. The threshold and noise floor are the library's, rendered with
    their status."""
    thresholds = {m.id: m.threshold for m in variation.mistakes if m.threshold is not None}
    cards: list[FaultCard] = []
    for f in rank_faults(result.faults):
        where = []
        if f.reps:
            where.append(rep_list(f.reps, result))
        if f.holds:
            where.append(hold_list(f.holds))
        worst = with_unit(f.metric, f.measured_value)
        t = thresholds[f.mistake_id]
        measured = f"worst {worst}; a fault is {render_threshold(t, library).text}"
        floor = render_noise_floor(t.noise, library).text if t.noise is not None else None
        cards.append(
            FaultCard(
                f.name,
                f.cue,
                " and ".join(where),
                f.checked,
                measured,
                noise_sentence(f.judgement, floor),
                f.beyond_noise_floor,
                headline=not cards and f.judgement != "within-noise",
                literature=f.basis == "literature",
            )
        )
    return cards


def no_fault_note(result: AnalysisResult) -> str | None:
    """The line shown when something was measured and no fault found."""
    if result.faults or not (any(r.measurable for r in result.reps) or result.holds):
        return None
    noun, _ = rep_nouns(result)
    what = f"{noun}s and holds" if result.holds else f"{noun}s"
    return f"No fault was found in the measured {what}. Keep the cues below in mind."


def unmeasurable(result: AnalysisResult) -> list[str]:
    """A line per rep or hold that could not be measured, with the reason."""
    lines = []
    noun, words = rep_nouns(result)
    for rep in result.reps:
        if rep.measurable:
            continue
        kind = "was cut by the clip" if rep.partial else "could not be measured"
        lines.append(f"{noun.capitalize()} {rep.index} ({words[rep.side]}) {kind}: {rep.reason}.")
    for hold in result.holds:
        if not hold.measurable:
            lines.append(f"Hold {hold.index} could not be measured: {hold.reason}.")
    return lines


def _min_reps_for_spread(result: AnalysisResult) -> int:
    """The result's own ``measures.min_reps_for_spread`` (the default for older results)."""
    measures = result.params.get("measures", {})
    return int(measures.get("min_reps_for_spread", MeasureParams().min_reps_for_spread))


def comparison_note(result: AnalysisResult) -> str:
    """How to read the left/right comparison, or why there is none."""
    noun, _ = rep_nouns(result)
    if result.comparison:
        return (
            f"Left minus right, side means over the measured {noun}s. With at least "
            f"{_min_reps_for_spread(result)} measured {noun}s a side, a difference is judged "
            f"against this clip's own {noun}-to-{noun} spread (twice the standard error of the "
            "difference); "
            "otherwise against the library's noise floor, a between-day figure measured on "
            "other people, so a difference beyond it is only possible. Either way a camera not "
            "square to the body can make the sides differ."
        )
    if not result.sides:
        return f"No {noun}s were counted, so the sides cannot be compared."
    if {s.side for s in result.sides} & {"left", "right"}:
        return "Only one side was measured, so the sides cannot be compared."
    return "Two-legged work: there is no left/right comparison."


def comparison_rows(result: AnalysisResult, library: Library) -> list[ComparisonRow]:
    """Each left/right comparison with its noise figure and verdict, judged ones first."""
    noun, _ = rep_nouns(result)
    rows = []
    for c in sorted(result.comparison, key=lambda c: c.noise_floor is None):
        if c.noise_floor is None or c.judgement is None:
            rows.append(
                ComparisonRow(c, "none given", "no noise figure: compare with care", "unknown")
            )
            continue
        if c.noise_kind == "rep-to-rep":
            noise = f"{with_unit(c.metric, c.noise_floor)} ({noun}-to-{noun} spread in this clip)"
            verdict = "likely real" if c.beyond_noise_floor else "within this clip's spread"
        else:
            floor = library.noise_floor_of(c.noise_reference, c.noise_floor)
            noise = render_noise_floor(floor, library).text if floor else "none given"
            verdict = (
                "possible: beyond a between-day noise floor"
                if c.beyond_noise_floor
                else "within measurement noise"
            )
        rows.append(
            ComparisonRow(c, noise, verdict, "beyond" if c.beyond_noise_floor else "within")
        )
    return rows


def threshold_rows(
    result: AnalysisResult, variation: Variation, cites: Citations, library: References
) -> list[ThresholdRow]:
    """A row per thresholded fault of ``variation``, each figure rendered with its status and
    its sources numbered through ``cites``."""
    found = {f.mistake_id: f for f in result.faults}
    missing = {m.mistake_id: m for m in result.not_measured}
    rows = []
    for mistake in variation.mistakes:
        t = mistake.threshold
        if t is None:
            continue
        metric = t.metric.value
        figure = render_threshold(t, library)
        noise = render_noise_floor(t.noise, library) if t.noise is not None else None
        if mistake.id in found:
            f = found[mistake.id]
            where = [rep_list(f.reps, result)] if f.reps else []
            where += [hold_list(f.holds)] if f.holds else []
            in_clip = f"found in {' and '.join(where)} of {f.checked} checked"
        elif mistake.id in missing:
            in_clip = f"not measured: {missing[mistake.id].reason}"
        else:
            in_clip = "not found"
        rows.append(
            ThresholdRow(
                fault=mistake.name,
                metric=metric_heading(metric),
                rule=figure.short_text,
                noise_floor=noise.text if noise is not None else "none given",
                noise_cite=cites.cite(noise.reference) if noise is not None else None,
                basis=figure.source_text,
                cite=cites.cite(figure.reference),
                note=t.note or "",
                in_clip=in_clip,
            )
        )
    return rows
