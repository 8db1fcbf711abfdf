"""Escalation and the way back, registered like the other progression rules.

5 ``rested``      a rested exercise stays rested until it is logged pain-free, or a clinician
                  clears it; then it returns at the lower step it was rested on
8 ``escalation``  pain during above the acceptable limit, next-morning pain up on
                  ``morning_rises_to_escalate`` sessions running, or pain at rest above
                  ``rest_pain_max``: stop the exercise and see a physiotherapist; the plan rests
                  it one step lower
"""

from __future__ import annotations

from glutecoach.domain.log import SessionLog
from glutecoach.library.renderer import render_default
from glutecoach.planning.doses import step_down
from glutecoach.planning.progression import (
    Action,
    Decision,
    RuleContext,
    pain_baseline,
    register_rule,
    revise,
)

PAIN = "pain-monitoring"
SEE_CLINICIAN = "Stop this exercise and see a physiotherapist or doctor before loading it again."


def morning_rises(history: tuple[SessionLog, ...]) -> int:
    """How many logged sessions running, ending with the latest, were followed by next-morning
    pain higher than before them."""
    count = 0
    for index in range(len(history) - 1, -1, -1):
        log = history[index]
        if log.missed or log.next_morning_pain is None:
            break
        if log.next_morning_pain <= pain_baseline(history, index):
            break
        count += 1
    return count


def _is_culprit(ctx: RuleContext) -> bool:
    """Whether this exercise takes a session-wide escalation: the one that hurt most during
    the latest session, or every exercise done when none hurt."""
    latest = ctx.latest
    assert latest is not None
    worst = latest.max_pain_during() or 0
    return worst == 0 or (ctx.pain_during() or 0) == worst


class EscalationRule:
    """Escalation: pain during above the acceptable limit (5/10), next-morning pain higher than
    before on two sessions running, or pain at rest above 3/10 (the last two triggers are
    coaching defaults) stops the exercise: the runner is told to see a physiotherapist, and the
    plan rests the exercise one step lower (the easier variation, else a lighter dose) until it
    is logged pain-free or a clinician clears it."""

    name = "escalation"
    priority = 8
    version = "1"

    def decide(self, ctx: RuleContext) -> Decision | None:
        latest = ctx.latest
        if latest is None or not ctx.latest_sets or ctx.current.rested:
            return None
        p = ctx.params
        pain = ctx.pain_during() or 0
        rises = morning_rises(ctx.history)
        why = None
        if pain > p.pain_acceptable_max:
            limit = ctx.figure(PAIN, "{acceptable_max:g}/10", acceptable_max=p.pain_acceptable_max)
            why = (
                f"Pain during reached {pain}/10, above the pain-monitoring model's acceptable "
                f"limit of {limit}"
            )
        elif rises >= p.morning_rises_to_escalate and _is_culprit(ctx):
            n = p.morning_rises_to_escalate
            limit = render_default(n, f"{n} in a row").text
            why = (
                f"Next-morning pain was higher than before on {rises} sessions running (the "
                f"limit is {limit})"
            )
        elif (latest.pain_before or 0) > p.rest_pain_max:
            why = (
                f"Pain at rest before the session was {latest.pain_before}/10, above "
                f"{render_default(p.rest_pain_max, f'{p.rest_pain_max}/10').text}"
            )
        if why is None:
            return None
        lower, what = step_down(ctx)
        safe = ctx.figure(PAIN, "{safe_max:g}/10 or less", safe_max=p.pain_safe_max)
        reason = (
            f"{why}. {SEE_CLINICIAN} The plan rests it; it comes back as {what} once you log it "
            f"pain-free ({safe}) or a clinician clears it ([clinician] allow)."
        )
        rested = revise(lower, rested=True)
        return ctx.decide(Action.REST, self.name, rested, reason, PAIN, (p.pain_reference,))


class RestedRule:
    """The way back: a rested exercise returns, at the lower step it was rested on, when the
    latest session logged it with pain within the safe limit (3/10) or a clinician allows it;
    otherwise it stays rested."""

    name = "rested"
    priority = 5
    version = "1"

    def decide(self, ctx: RuleContext) -> Decision | None:
        cur = ctx.current
        if not cur.rested:
            return None
        p = ctx.params
        back = revise(cur, rested=False)
        if cur.variation_id in ctx.cleared:
            reason = "Your clinician allows this exercise again: it returns at this step."
            return ctx.decide(Action.RETURN, self.name, back, reason)
        pain = ctx.pain_during()
        safe = ctx.figure(PAIN, "{safe_max:g}/10 or less", safe_max=p.pain_safe_max)
        if pain is not None and pain <= p.pain_safe_max:
            reason = (
                f"Logged with pain during of {pain}/10, within the safe limit of {safe}: the "
                "exercise returns at this step."
            )
            return ctx.decide(Action.RETURN, self.name, back, reason, PAIN, (p.pain_reference,))
        reason = (
            "Still rested: see a physiotherapist. It returns when you log a set of it pain-free "
            f"({safe}) or a clinician clears it."
        )
        return ctx.decide(Action.HOLD, self.name, cur, reason)


for _rule in (RestedRule(), EscalationRule()):
    register_rule(_rule)
