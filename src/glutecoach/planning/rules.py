"""The built-in progression rules, registered the same way an extension would be.

Priority order (lower first; the first rule that decides wins):

10 ``long-gap``           a long break makes the last session stale, so step back before anything
20 ``pain-during``        safety first: unacceptable pain regresses, acceptable pain holds
30 ``next-morning-pain``  the 24-hour response: worse than before regresses; not entered holds
                          within 24 h, later counts as not reported (the decision says so)
40 ``missed-session``     nothing done at this prescription: nothing to progress on
50 ``good-form-gate``     mostly poor form: hold, only good-form work counts
60 ``double-progression`` reps rise within the range; once mastered, the next variation when
                          the pace allows (``pace.py``), else the next dose step (``doses.py``)
1000 ``repeat``           nothing else applied: repeat
"""

from __future__ import annotations

from glutecoach.domain.log import SetLog, Side
from glutecoach.domain.plan import Prescription
from glutecoach.planning.doses import (
    band_in,
    band_used,
    next_dose_step,
    start_rung,
    step_down,
)
from glutecoach.planning.pace import pace_met, rung_wait
from glutecoach.planning.progression import (
    Action,
    Decision,
    RuleContext,
    register_rule,
    revise,
)

PAIN = "pain-monitoring"
PACE = "rung-pace"


class LongGapRule:
    """Long gap: more than ``gap_days`` since any variation of this exercise was done steps back
    one notch (the easier variation, else a lighter dose). Coaching default: strength and
    tissue tolerance fade over a break, and the last session no longer says what fits now."""

    name = "long-gap"
    priority = 10
    version = "1"

    def decide(self, ctx: RuleContext) -> Decision | None:
        last = ctx.last_done()
        if last is None or ctx.as_of is None:
            return None
        gap_days = (ctx.as_of - last).days
        if gap_days <= ctx.params.gap_days:
            return None
        new, what = step_down(ctx)
        reason = (
            f"{gap_days} days since this exercise was last done ({last.isoformat()}), more than "
            f"{ctx.params.gap_days}: step back to {what}. Build up again from there "
            "(coaching default)."
        )
        return ctx.decide(Action.STEP_BACK, self.name, new, reason)


class PainDuringRule:
    """Pain during (pain-monitoring model, guideline ``pain-monitoring``, reported secondhand):
    above the acceptable limit regresses to the easier variation on the ladder; within the
    acceptable band holds; at or below the safe limit leaves the decision to later rules."""

    name = "pain-during"
    priority = 20
    version = "1"

    def decide(self, ctx: RuleContext) -> Decision | None:
        pain = ctx.pain_during()
        p = ctx.params
        if pain is None or pain <= p.pain_safe_max:
            return None
        refs = (p.pain_reference,)
        if pain > p.pain_acceptable_max:
            new, what = step_down(ctx)
            limit = ctx.figure(PAIN, "{acceptable_max:g}/10", acceptable_max=p.pain_acceptable_max)
            reason = (
                f"Pain during reached {pain}/10, above the pain-monitoring model's acceptable "
                f"limit of {limit}: regress to {what}."
            )
            return ctx.decide(Action.REGRESS, self.name, new, reason, PAIN, refs)
        band = ctx.figure(
            PAIN,
            "progression at {safe_max:g}/10 or less, hold up to {acceptable_max:g}/10",
            safe_max=p.pain_safe_max,
            acceptable_max=p.pain_acceptable_max,
        )
        reason = (
            f"Pain during reached {pain}/10, so repeat this prescription; the pain-monitoring "
            f"model allows {band}."
        )
        return ctx.decide(Action.HOLD, self.name, ctx.current, reason, PAIN, refs)


class NextMorningPainRule:
    """Next-morning pain (pain-monitoring model): higher than before the session reduces the
    load (the easier variation) of the exercise that hurt most during the session, or of every
    exercise when none hurt; the others hold. Above the safe limit holds. Not entered holds
    while the next prescription is for within ``morning_pain_wait_days`` (24 h) of the session,
    when ``require_next_morning_pain`` is set; later it counts as not reported, and the decision
    later rules take says so (``RuleContext.decide``)."""

    name = "next-morning-pain"
    priority = 30
    version = "2"

    def decide(self, ctx: RuleContext) -> Decision | None:
        latest = ctx.latest
        if latest is None or not ctx.latest_sets:
            return None
        p = ctx.params
        refs = (p.pain_reference,)
        morning = latest.next_morning_pain
        if morning is None:
            if not p.require_next_morning_pain or ctx.morning_unreported():
                return None
            reason = (
                "Next-morning pain is not entered yet and the next session is within 24 h; the "
                "24-hour response decides whether to progress (pain-monitoring model, "
                f"{ctx.source_words(PAIN)}), so repeat for now and enter it."
            )
            return ctx.decide(Action.HOLD, self.name, ctx.current, reason, PAIN, refs)
        baseline, source = ctx.baseline_pain()
        worst = latest.max_pain_during() or 0
        mine = ctx.pain_during() or 0
        if morning > baseline and mine < worst:
            culprit = next(s.variation_id for s in latest.sets if s.pain_during == worst)
            reason = (
                f"Next-morning pain {morning}/10 is higher than {baseline}/10 ({source}); "
                f"{culprit} hurt most during the session ({worst}/10) and takes the reduction, "
                f"so this exercise holds (pain-monitoring model, {ctx.source_words(PAIN)})."
            )
            return ctx.decide(Action.HOLD, self.name, ctx.current, reason, PAIN, refs)
        if morning > baseline:
            new, what = step_down(ctx)
            reason = (
                f"Next-morning pain {morning}/10 is higher than {baseline}/10 ({source}); the "
                f"pain-monitoring model ({ctx.source_words(PAIN)}) reduces the load: regress to "
                f"{what}."
            )
            return ctx.decide(Action.REGRESS, self.name, new, reason, PAIN, refs)
        if morning > p.pain_safe_max:
            safe = ctx.figure(PAIN, "{safe_max:g}/10", safe_max=p.pain_safe_max)
            reason = (
                f"Next-morning pain {morning}/10 did not rise but is above the safe limit of "
                f"{safe}: repeat until it settles."
            )
            return ctx.decide(Action.HOLD, self.name, ctx.current, reason, PAIN, refs)
        return None


class MissedSessionRule:
    """Missed sessions do not progress: with no log yet, or a latest session that was missed or
    skipped this exercise, repeat the current prescription."""

    name = "missed-session"
    priority = 40
    version = "1"

    def decide(self, ctx: RuleContext) -> Decision | None:
        latest = ctx.latest
        if latest is None:
            reason = "No session logged yet: start with this prescription."
        elif not ctx.latest_sets:
            what = "was missed" if latest.missed else f"did not include {ctx.variation.name}"
            reason = (
                f"The session on {latest.date.isoformat()} {what}: missed sessions do not "
                "progress, so repeat this prescription."
            )
        else:
            return None
        return ctx.decide(Action.HOLD, self.name, ctx.current, reason)


class GoodFormGateRule:
    """Good-form gate: only good-form work counts toward progression. When form was not
    recorded, or less than ``min_good_form_fraction`` of the session's reps (or hold seconds)
    had good form, hold at this level and work on the cue."""

    name = "good-form-gate"
    priority = 50
    version = "1"

    def decide(self, ctx: RuleContext) -> Decision | None:
        sets = ctx.latest_sets
        if not sets:
            return None
        unit = "s" if ctx.current.hold_s is not None else "reps"
        cue = ctx.variation.cues[0]
        if not any(s.form_recorded for s in sets):
            reason = (
                "Form was not recorded, and only good-form work counts toward progression: "
                "repeat, and record good-form reps (or a video check) next time."
            )
            return ctx.decide(Action.HOLD, self.name, ctx.current, reason)
        done = sum(s.done for s in sets)
        good = sum(s.counted for s in sets)
        share = good / done if done else 0.0
        if share >= ctx.params.min_good_form_fraction:
            return None
        reason = (
            f"Only {good} of {done} {unit} had good form ({share:.0%}, below "
            f"{ctx.params.min_good_form_fraction:.0%}): only good-form work counts toward "
            f"progression, so repeat this level. Cue: {cue}"
        )
        return ctx.decide(Action.HOLD, self.name, ctx.current, reason)


def achieved(current: Prescription, sets: tuple[SetLog, ...]) -> int | None:
    """The weakest good-form result over the prescribed sets (each side when per side), using
    each side's best sets; None when fewer sets than prescribed were done."""
    if current.per_side:
        groups = [
            [s for s in sets if s.side in (Side.LEFT, Side.BOTH)],
            [s for s in sets if s.side in (Side.RIGHT, Side.BOTH)],
        ]
    else:
        groups = [list(sets)]
    worst: int | None = None
    for group in groups:
        if len(group) < current.sets:
            return None
        best = sorted((s.counted for s in group), reverse=True)[: current.sets]
        worst = min(best) if worst is None else min(worst, *best)
    return worst


class DoubleProgressionRule:
    """Double progression on good-form work only, when pain during is within the safe limit:
    reps rise within the range once every set reaches the aim. Once the dose is mastered (the
    top of the range, or the full hold, on every set), the exercise steps up its ladder when
    the pace allows (``pace.py``: enough sessions and days at the level, the last sessions
    confirming it), else takes the next dose step in the documented order (``doses.py``:
    sets, hold time, tempo, band resistance, load); with nothing left to step, it holds and
    says when the next variation comes. Short of the aim, or with sets missing, hold. A step
    starts from the band the runner logged when every set named a heavier one than prescribed;
    a new rung starts in the runner's own equipment, restarting lighter (``start_rung``)."""

    name = "double-progression"
    priority = 60
    version = "3"

    def decide(self, ctx: RuleContext) -> Decision | None:
        sets = ctx.latest_sets
        pain = ctx.pain_during()
        if not sets or pain is None or pain > ctx.params.pain_safe_max:
            return None
        cur = ctx.current
        best = achieved(ctx.done_as, sets)
        side = " on each side" if cur.per_side else ""
        if best is None:
            needed = ctx.done_as.sets
            reason = f"Fewer than {needed} sets{side} were done: complete every set to progress."
            return ctx.decide(Action.HOLD, self.name, cur, reason)
        if cur.reps is not None:
            return self._reps(ctx, best)
        assert cur.hold_s is not None
        if best < cur.hold_s:
            reason = f"Weakest good-form hold {best} s, short of {cur.hold_s} s: repeat."
            return ctx.decide(Action.HOLD, self.name, cur, reason)
        return self._top(ctx, f"{cur.hold_s} s holds with good form on every set{side}")

    def _reps(self, ctx: RuleContext, best: int) -> Decision:
        cur = band_used(ctx, ctx.current)
        assert cur.reps is not None
        assert cur.aim_reps is not None
        low, high = cur.reps
        aim = cur.aim_reps
        if best >= high:
            return self._top(ctx, f"{best} good-form reps on every set, the top of {low}-{high}")
        if best < aim:
            reason = (
                f"Weakest set {best} good-form reps, short of the aim of {aim}: repeat and aim "
                f"for {aim} on every set."
            )
            return ctx.decide(Action.HOLD, self.name, cur, reason)
        new_aim = min(high, best + 1)
        reason = (
            f"Every set reached the aim of {aim} good-form reps (weakest {best}): aim for "
            f"{new_aim} next time; reps rise within {low}-{high} before anything else does "
            "(double progression)."
        )
        return ctx.decide(Action.PROGRESS, self.name, revise(cur, target_reps=new_aim), reason)

    def _top(self, ctx: RuleContext, done: str) -> Decision:
        cur = band_used(ctx, ctx.current)
        harder = ctx.ladder.harder(cur.variation_id)
        wait = rung_wait(ctx) if harder else None
        pace_refs = (ctx.ladder.guideline(PACE).reference,)
        if harder and wait is None:
            up = harder[0]
            new, kept = start_rung(ctx, up)
            reason = (
                f"{done}; {pace_met(ctx)}: step up the ladder to '{up.name}' ({up.id}): "
                f"{new.text()}.{kept}"
            )
            return ctx.decide(Action.PROGRESS, self.name, new, reason, PACE, pace_refs)
        after = f" The next variation, '{harder[0].name}', comes {wait}." if harder else ""
        used = band_in(cur.load_note)
        if cur != ctx.current and used is not None:
            done = f"{done} with the {used.words} band you logged"
        step = next_dose_step(ctx, cur)
        if step is not None:
            refs = (ctx.ladder.guideline(step.guideline).reference,) if step.guideline else ()
            if step.prescription is None:
                reason = f"{done}: {step.change}.{after}"
                return ctx.decide(Action.HOLD, self.name, cur, reason, step.guideline, refs)
            reason = f"{done}: {step.change} ({step.kind}, the next dose step).{after}"
            return ctx.decide(
                Action.PROGRESS, self.name, step.prescription, reason, step.guideline, refs
            )
        if harder:
            reason = f"{done}, and every dose step at this level is used: repeat.{after}"
            return ctx.decide(Action.HOLD, self.name, cur, reason, PACE, pace_refs)
        how = ctx.kit.load_advice(cur.variation_id) if ctx.kit is not None else None
        how = how or "keep this level, or add an external load (log it in kg) to progress further"
        reason = f"{done}, on the hardest variation open to you now, at {cur.sets} sets: {how}."
        return ctx.decide(Action.HOLD, self.name, cur, reason)


class RepeatRule:
    """Fallback: when no other rule decides, repeat the current prescription."""

    name = "repeat"
    priority = 1000
    version = "1"

    def decide(self, ctx: RuleContext) -> Decision | None:
        return ctx.decide(
            Action.HOLD, self.name, ctx.current, "Nothing calls for a change: repeat."
        )


BUILTIN_RULES = (
    LongGapRule(),
    PainDuringRule(),
    NextMorningPainRule(),
    MissedSessionRule(),
    GoodFormGateRule(),
    DoubleProgressionRule(),
    RepeatRule(),
)

for _rule in BUILTIN_RULES:
    register_rule(_rule)
