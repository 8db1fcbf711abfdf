"""Dose changes on one variation: a notch lighter, the next load, and the documented order of
dose steps taken between two rung changes.

Between rung changes a mastered dose steps in this order, the first one that applies winning
(``DOSE_ORDER``): **reps** rise through the range (double progression, in ``rules.py``), then
**sets** (up to ``max_sets``), then **hold time** (up to ``max_hold_s``), then **tempo** (a
slower lowering, up to ``max_lower_s``), then **band resistance** (the next band the runner
owns; light, medium, heavy when the profile names none), then **load** (2-10 %, ACSM 2009; with
logged effort only once a rep was left in reserve). A step that raises the dose sends the aim
back to the bottom of the rep range.

The band in use is the prescribed one, or the band the runner logged when every set of the
latest session named a heavier one: a runner already on a heavier band is not told to step up
to it, and the band step goes past it.

A rung change (``start_rung``) starts the new rung with the runner's own equipment (a band by
the resistance they own, a backpack in place of a dumbbell, their ankle weight) at the bottom of
its rep range, and restarts lighter (coaching default): one owned band below the band used on
the rung before (that band when it is the lightest owned), and an external load one notch below
the load carried there, prescribed or logged on every set (``lighter``), when the new rung
takes the same kind of load.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass

from glutecoach.domain.exercise import TEMPO, Variation
from glutecoach.domain.log import SetLog
from glutecoach.domain.plan import Prescription
from glutecoach.domain.vocabulary import BandResistance, DoseLevel
from glutecoach.planning.progression import ProgressionParams, RuleContext, revise

DOSE_ORDER = ("reps", "sets", "hold time", "tempo", "band resistance", "load")
"""The order dose steps are taken in between rung changes (see the module docstring)."""

BAND_LADDER = (BandResistance.LIGHT, BandResistance.MEDIUM, BandResistance.HEAVY)
"""The bands the library's doses name, lightest first: the band steps when the runner's owned
bands are not known."""

_BAND = re.compile(
    r"\b("
    + "|".join(b.words for b in sorted(BandResistance, key=lambda b: -len(b.words)))
    + r")\b(?=[^;,.]*\bband\b)",
    re.IGNORECASE,
)
EFFORT = "effort-scale"
LOAD = "load-progression"


def start_variation(variation: Variation, level: DoseLevel, reason: str) -> Prescription:
    """A variation's library dose at ``level``, aiming at the bottom of its range."""
    return Prescription.from_dose(variation.id, variation.dose.for_level(level), reason)


def _sets(n: int) -> str:
    return f"{n} set" if n == 1 else f"{n} sets"


def lighter(current: Prescription, params: ProgressionParams) -> tuple[Prescription, str]:
    """One notch lighter on the same variation, and the change in words."""
    if current.load_kg is not None and current.load_kg > 0:
        step = current.load_kg * params.load_increase_max_pct / 100
        new = max(0.0, _round_down(current.load_kg - step, params.load_increment_kg))
        if new == current.load_kg:
            new = max(0.0, current.load_kg - params.load_increment_kg)
        return revise(current, load_kg=new), f"load down from {current.load_kg:g} to {new:g} kg"
    if current.sets > 1:
        fewer = current.sets - 1
        return revise(current, sets=fewer), f"{_sets(fewer)} instead of {current.sets}"
    if current.hold_s is not None and current.hold_s - params.hold_step_s >= 5:
        new_hold = current.hold_s - params.hold_step_s
        return revise(current, hold_s=new_hold), f"{new_hold} s holds instead of {current.hold_s} s"
    if current.reps is not None and current.aim_reps != current.reps[0]:
        low = current.reps[0]
        return revise(current, target_reps=low), f"aim back to {low} reps"
    return current, "the lightest dose already (stop if pain stays above the limit)"


def step_down(ctx: RuleContext) -> tuple[Prescription, str]:
    """The nearest easier variation at the planned dose level, else a lighter dose; with the
    change in words."""
    easier = ctx.ladder.easier(ctx.current.variation_id)
    if easier:
        target = easier[0]
        new = start_variation(target, ctx.params.dose_level, "step down")
        return new, f"the easier variation '{target.name}' ({target.id}): {new.text()}"
    new, change = lighter(ctx.current, ctx.params)
    return new, f"a lighter dose of '{ctx.variation.name}', the easiest variation: {change}"


def heavier(current: Prescription, params: ProgressionParams) -> tuple[float, str]:
    """The next load under the ACSM rule, and a note when even the smallest step is bigger."""
    assert current.load_kg is not None
    load = current.load_kg
    inc = params.load_increment_kg
    new = max(_round_up(load * (1 + params.load_increase_min_pct / 100), inc), load + inc)
    new = round(new, 3)
    note = ""
    if load > 0 and (new - load) / load * 100 > params.load_increase_max_pct:
        note = f" (the smallest step, {inc:g} kg, is more than {params.load_increase_max_pct:g} %)"
    return new, note


def _round_up(value: float, step: float) -> float:
    return math.ceil(round(value / step, 9)) * step


def _round_down(value: float, step: float) -> float:
    return math.floor(round(value / step, 9)) * step


def reps_in_reserve(set_log: SetLog, rpe_at_failure: float) -> float | None:
    """Reps left in reserve at the end of a set: as logged, else from RPE on the
    resistance-training scale (reserve = ``rpe_at_failure`` - RPE), else None."""
    if set_log.reps_in_reserve is not None:
        return float(set_log.reps_in_reserve)
    if set_log.rpe is not None:
        return max(0.0, rpe_at_failure - set_log.rpe)
    return None


def least_in_reserve(sets: tuple[SetLog, ...], rpe_at_failure: float) -> float | None:
    """The hardest set's reps in reserve, or None when no set logged its effort."""
    values = [r for s in sets if (r := reps_in_reserve(s, rpe_at_failure)) is not None]
    return min(values, default=None)


@dataclass(frozen=True)
class DoseStep:
    """One step of the dose, or the reason it waits (``prescription`` None)."""

    kind: str
    prescription: Prescription | None
    change: str
    guideline: str | None = None


def _back_to_low(cur: Prescription) -> int | None:
    return cur.reps[0] if cur.reps is not None else None


def _sets_step(ctx: RuleContext, cur: Prescription) -> DoseStep | None:
    p = ctx.params
    if cur.sets >= p.max_sets:
        return None
    new = revise(cur, sets=cur.sets + 1, target_reps=_back_to_low(cur))
    if ctx.room_s is not None and new.duration_s() - cur.duration_s() > ctx.room_s:
        return None  # no time for more volume: the next steps add intensity
    sets = ctx.figure("novice-sets", "{sets_max:g} sets", sets_max=p.max_sets)
    return DoseStep("sets", new, f"add a set ({cur.sets + 1} sets, up to {sets})", "novice-sets")


def _hold_step(ctx: RuleContext, cur: Prescription) -> DoseStep | None:
    p = ctx.params
    if cur.hold_s is None or cur.hold_s + p.hold_step_s > p.max_hold_s:
        return None
    new_hold = cur.hold_s + p.hold_step_s
    return DoseStep(
        "hold time",
        revise(cur, hold_s=new_hold),
        f"hold {new_hold} s (up to {p.max_hold_s} s, coaching default)",
    )


def _tempo_step(ctx: RuleContext, cur: Prescription) -> DoseStep | None:
    match = TEMPO.match(cur.tempo)
    if cur.reps is None or match is None:
        return None
    lift, pause, lower = (int(g) for g in match.groups())
    if lower >= ctx.params.max_lower_s:
        return None
    tempo = f"{lift}-{pause}-{lower + 1}"
    new = revise(cur, tempo=tempo, target_reps=_back_to_low(cur))
    change = (
        f"lower more slowly: tempo {tempo} (lift-pause-lower seconds, up to "
        f"{ctx.params.max_lower_s} s down, coaching default)"
    )
    return DoseStep("tempo", new, change)


def band_in(load_note: str | None) -> BandResistance | None:
    """The band resistance a load note names ('your medium loop band'), or None."""
    found = _BAND.search(load_note or "")
    return None if found is None else BandResistance(found.group(1).lower().replace(" ", "-"))


def with_band(load_note: str, band: BandResistance) -> str:
    """The load note naming ``band`` in place of the band it names."""
    return _BAND.sub(band.words, load_note, count=1)


def owned_bands(ctx: RuleContext) -> tuple[BandResistance, ...]:
    """The runner's bands, lightest first, else the library's light, medium and heavy."""
    return (ctx.kit.bands if ctx.kit is not None else ()) or BAND_LADDER


def logged_band(ctx: RuleContext) -> BandResistance | None:
    """The band every set of the current variation in the latest session was done with at
    least (the lightest one they name), or None when a set names none."""
    bands = [s.band for s in ctx.latest_sets]
    if not bands or any(b is None for b in bands):
        return None
    return min((b for b in bands if b is not None), key=lambda b: b.rank)


def logged_load(ctx: RuleContext) -> float | None:
    """The external load every set of the current variation in the latest session carried at
    least (kg), or None when a set logged none."""
    loads = [s.load_kg for s in ctx.latest_sets]
    if not loads or any(kg is None for kg in loads):
        return None
    return min(kg for kg in loads if kg is not None)


def band_used(ctx: RuleContext, cur: Prescription) -> Prescription:
    """``cur`` naming the band the runner logged when heavier than the prescribed one."""
    prescribed = band_in(cur.load_note)
    used = logged_band(ctx)
    if prescribed is None or used is None or used.rank <= prescribed.rank:
        return cur
    assert cur.load_note is not None
    return revise(cur, load_note=with_band(cur.load_note, used))


def _band_step(ctx: RuleContext, cur: Prescription) -> DoseStep | None:
    band = band_in(cur.load_note)
    if band is None:
        return None
    stronger = next((b for b in owned_bands(ctx) if b.rank > band.rank), None)
    if stronger is None:
        return None
    assert cur.load_note is not None
    note = with_band(cur.load_note, stronger)
    new = revise(cur, load_note=note, target_reps=_back_to_low(cur))
    return DoseStep("band resistance", new, f"a stronger band: {note} (was {cur.load_note})")


def start_rung(ctx: RuleContext, up: Variation) -> tuple[Prescription, str]:
    """The first prescription on rung ``up`` and, in words, what it kept of the runner's dose
    (see the module docstring); the library's dose when the runner's kit is not known."""
    level = ctx.params.dose_level
    kit = ctx.kit
    if kit is None:
        return start_variation(up, level, "step up"), ""
    new = Prescription.from_dose(up.id, kit.start_dose(up.id, level), "step up")
    kept = []
    before = band_in(band_used(ctx, ctx.current).load_note)
    now = band_in(new.load_note)
    if before is not None and now is not None:
        owned = owned_bands(ctx)
        below = [b for b in owned if b.rank < before.rank]
        band = below[-1] if below else min(owned, key=lambda b: b.rank)
        assert new.load_note is not None
        new = revise(new, load_note=with_band(new.load_note, band))
        kept.append(
            f"your {band.words} band, one below the {before.words} band of the rung before"
            if below
            else f"your {band.words} band, the lightest you have"
        )
    load = ctx.current.load_kg or logged_load(ctx)
    kind = kit.load_kind(up.id)
    if load and kind is not None and kind == kit.load_kind(ctx.current.variation_id):
        restart, change = lighter(revise(ctx.current, load_kg=load), ctx.params)
        new = revise(new, load_kg=restart.load_kg)
        kept.append(f"{kind}, {change}")
    where = "at the bottom of the range" if new.reps is not None else "at its starting hold"
    start = f"{where} with {' and '.join(kept)}" if kept else where
    return new, f" It starts {start}: a harder rung restarts lighter (coaching default)."


def _load_step(ctx: RuleContext, cur: Prescription) -> DoseStep | None:
    if cur.load_kg is None:
        return None
    p = ctx.params
    reserve = least_in_reserve(ctx.latest_sets, p.rpe_at_failure)
    again = f"aim for {cur.reps[0]} reps again" if cur.reps is not None else "the same hold"
    step = ctx.figure(
        LOAD,
        "add {increase_min_pct:g}-{increase_max_pct:g} % once 1-2 reps more than the target "
        "are possible",
        increase_min_pct=p.load_increase_min_pct,
        increase_max_pct=p.load_increase_max_pct,
    )
    if reserve is not None and reserve < p.load_reserve_min:
        scale = ctx.figure(
            EFFORT, "RPE {rpe_at_failure:g} = 0 in reserve", rpe_at_failure=p.rpe_at_failure
        )
        wait = (
            f"keep {cur.load_kg:g} kg: the hardest set left {reserve:g} reps in reserve ({scale}), "
            f"so this load is about your repetition maximum for the range; {step}"
        )
        return DoseStep("load", None, wait, LOAD)
    load, note = heavier(cur, p)
    judged = (
        f"the hardest set left {reserve:g} reps in reserve"
        if reserve is not None
        else "no effort logged, so judged from every rep done with good form"
    )
    change = f"add load from {cur.load_kg:g} to {load:g} kg{note} and {again} ({judged}): {step}"
    return DoseStep("load", revise(cur, load_kg=load, target_reps=_back_to_low(cur)), change, LOAD)


_STEPS: tuple[Callable[[RuleContext, Prescription], DoseStep | None], ...] = (
    _sets_step,
    _hold_step,
    _tempo_step,
    _band_step,
    _load_step,
)


def next_dose_step(ctx: RuleContext, cur: Prescription | None = None) -> DoseStep | None:
    """The first dose step in ``DOSE_ORDER`` (after reps) that applies to ``cur`` (default:
    the current prescription), or None when every step is used up. A load step may say to
    wait (a prescription of None) when the logged effort shows no rep in reserve."""
    cur = cur if cur is not None else ctx.current
    for step in _STEPS:
        found = step(ctx, cur)
        if found is not None:
            return found
    return None
