"""The pace of rung changes: how long a runner has been at a level, and whether the last
sessions there confirm it is mastered.

A variation steps up its ladder only after at least ``min_sessions_at_level`` logged sessions
**and** ``min_days_at_level`` days at its level (guideline ``rung-pace``: McKay et al. 2020
changed each exercise every 2 weeks; the session count is derived from that and the 2 sessions
a week novices train at least), and only when every set of the last ``sessions_to_confirm``
sessions there met the criteria: good form on at least ``min_good_form_fraction`` of the set,
pain during within the safe limit and next-morning pain not above the pain before (pain not
entered counts as not reported). Dose steps (``doses.py``) fill the time between.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from glutecoach.domain.log import SessionLog, SetLog
from glutecoach.library.renderer import RenderedFigure, render_rule
from glutecoach.planning.progression import RuleContext, pain_baseline
from glutecoach.planning.progression_params import derived_sessions

PACE = "rung-pace"
DOSING = "novice-dosing"


@dataclass(frozen=True)
class LevelPeriod:
    """The sessions logged at the current level, newest first, and the days spent there."""

    sessions: tuple[SessionLog, ...]
    days: int

    @property
    def since(self) -> dt.date | None:
        return self.sessions[-1].date if self.sessions else None


def level_period(ctx: RuleContext) -> LevelPeriod:
    """The sessions at the current variation (on the current leg) since another variation of
    its family was last done without it; days from the first of them to the next prescription's
    date (``as_of``, else the latest session)."""
    family = ctx.family_ids() - {ctx.current.variation_id}
    leg = ctx.current.side
    found: list[SessionLog] = []
    for log in reversed(ctx.history):
        if ctx.sets_in(log):
            found.append(log)
        elif any(
            s.variation_id in family and (leg is None or s.side.value in (leg.value, "both"))
            for s in log.sets
        ):
            break
    if not found:
        return LevelPeriod((), 0)
    end = ctx.as_of or found[0].date
    return LevelPeriod(tuple(found), (end - found[-1].date).days)


def set_meets(ctx: RuleContext, s: SetLog) -> bool:
    """A set meets the criteria: form recorded, enough of it good, pain within the safe
    limit."""
    p = ctx.params
    if not s.form_recorded or s.pain_during > p.pain_safe_max:
        return False
    return s.done > 0 and s.counted / s.done >= p.min_good_form_fraction


def falls_short(ctx: RuleContext, log: SessionLog) -> str | None:
    """Why a session at this level does not confirm it, or None when every set met the
    criteria."""
    sets = ctx.sets_in(log)
    bad = [s for s in sets if not set_meets(ctx, s)]
    if bad:
        return f"{len(bad)} of {len(sets)} sets on {log.date.isoformat()} fell short"
    morning = log.next_morning_pain
    if morning is not None and morning > pain_baseline(ctx.history, ctx.history.index(log)):
        return f"next-morning pain rose after {log.date.isoformat()}"
    return None


def pace_figures(ctx: RuleContext) -> tuple[RenderedFigure, RenderedFigure]:
    """The minimum sessions and days at a level as cited figures: days from the ``rung-pace``
    guideline, sessions derived from it and ``novice-dosing`` (or the runner's settings)."""
    p = ctx.params
    pace = ctx.ladder.guideline(PACE)
    dosing = ctx.ladder.guideline(DOSING)
    days = render_rule(
        pace, "{days_per_rung:g} days", ctx.ladder, values={"days_per_rung": p.min_days_at_level}
    )
    weeks = pace.value("days_per_rung") / 7
    derived = RenderedFigure(
        value=float(p.min_sessions_at_level),
        unit="",
        value_text=f"{p.min_sessions_at_level} sessions",
        status="derived",
        reference=pace.reference,
        citation=ctx.ladder.reference(pace.reference).short(),
        derivation=(
            f"{weeks:g} weeks per variation at the {dosing.value('days_min'):g} sessions a "
            "week novices train at least "
            f"({ctx.ladder.reference(dosing.reference).short()})"
        ),
    )
    if p.min_sessions_at_level != derived_sessions(pace, dosing):
        derived = RenderedFigure(
            value=float(p.min_sessions_at_level),
            unit="",
            value_text=derived.value_text,
            status="setting",
            reference=None,
            citation=None,
            caveat=f"the derived pace is {derived.label}",
        )
    return derived, days


def rung_wait(ctx: RuleContext) -> str | None:
    """None when the pace allows a rung change now; else what is still missing, in words."""
    p = ctx.params
    period = level_period(ctx)
    sessions, days = pace_figures(ctx)
    need = []
    least = max(p.min_sessions_at_level, p.sessions_to_confirm)
    if len(period.sessions) < least:
        more = least - len(period.sessions)
        need.append(f"{more} more session{'s' if more != 1 else ''}")
    if period.days < p.min_days_at_level and period.since is not None:
        ready = period.since + dt.timedelta(days=p.min_days_at_level)
        need.append(f"a session on or after {ready.isoformat()}")
    since = period.since.isoformat() if period.since else "now"
    pace = (
        f"a variation changes after at least {sessions.text} and {days.text} at its level "
        f"({len(period.sessions)} logged since {since})"
    )
    if need:
        return f"after {' and '.join(need)}: {pace}"
    confirm = period.sessions[: p.sessions_to_confirm]
    for log in confirm:
        short = falls_short(ctx, log)
        if short is not None:
            return (
                f"once every set of {p.sessions_to_confirm} sessions running meets the criteria "
                f"(good form, pain within the safe limit; {short})"
            )
    return None


def pace_met(ctx: RuleContext) -> str:
    """The pace and criteria in words, for a rung change that meets them."""
    period = level_period(ctx)
    sessions, days = pace_figures(ctx)
    since = period.since.isoformat() if period.since else "today"
    return (
        f"{len(period.sessions)} sessions over {period.days} days at this level since {since} "
        f"(at least {sessions.text} and {days.text}), the last "
        f"{ctx.params.sessions_to_confirm} with every set in good form and pain within the safe "
        "limit"
    )
