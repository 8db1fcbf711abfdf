"""Eight weeks of logs through the real services (SQLite, the bundled library): the pace of
rung changes and the dose steps between them, against what their sources give.

- McKay et al. 2020 (guideline ``rung-pace``): each exercise moves to its next variation every
  2 weeks, with the dose stepped in between; so no rung change before 14 days and 4 logged
  sessions at a level (4 = 2 weeks at the ACSM 2009 minimum of 2 sessions a week).
- ACSM 2009 (``novice-sets``): sets rise up to 3.
- The pain-monitoring model (Silbernagel 2007): pain during of 4-5/10 holds.
- Next-morning pain not entered counts as not reported after 24 h: it does not block.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy.engine import make_url

from glutecoach.domain.log import SessionLog
from glutecoach.domain.plan import Prescription
from glutecoach.library.catalogue import Library
from glutecoach.planning import Action, Decision
from glutecoach.planning.doses import DOSE_ORDER
from glutecoach.services import guided, training
from glutecoach.storage import open_database
from tests.planning.factories import done_sets, dose_kind
from tests.scenarios.test_clinical_scenarios import START, profile_from

PainFor = Callable[[int, Prescription], int]


@dataclass(frozen=True)
class Logged:
    """One logged session and the decisions that stand for it."""

    date: dt.date
    decisions: tuple[Decision, ...]


def simulate(
    tmp_path: Path,
    library: Library,
    key: str = "lbp",
    *,
    skip_weeks: frozenset[int] = frozenset(),
    morning: bool = True,
    pain: PainFor = lambda _index, _p: 0,
) -> list[Logged]:
    """Log every planned session of 8 weeks as the plan in force prescribes it, perfectly,
    except the weeks skipped and the pain given; enter next-morning pain 0 when ``morning``."""
    profile = profile_from(tmp_path, key)
    url = make_url(f"sqlite:///{tmp_path / f'{key}.db'}")
    logged: list[Logged] = []
    with open_database(url) as db:
        _, stored, _ = training.create_plan(db, library, profile, START)
        for index, planned in enumerate(stored.plan.sessions):
            if planned.week_index in skip_weeks:
                continue
            state = training.runner_state(db, library, None)
            session = state.plan.session_on(planned.date)
            assert session is not None
            sets = tuple(
                s
                for p in session.prescriptions
                if not p.rested
                for s in done_sets(p, pain=pain(index, p))
            )
            log = SessionLog(date=planned.date, sets=sets, pain_before=0)
            outcome = training.log_session(db, library, None, log, today=planned.date)
            if morning:
                outcome = training.enter_next_morning_pain(db, library, None, 0, planned.date)
            logged.append(Logged(planned.date, outcome.decisions))
        if not morning:
            last = logged[-1].date
            runner = training.runner_state(db, library, None).runner
            day = guided.guided_session(db, library, runner.id, last + dt.timedelta(days=1))
            assert day.morning_pain_due == last
    return logged


@dataclass(frozen=True)
class RungChange:
    variation_id: str
    to: str
    decided_on: dt.date
    effective: dt.date
    sessions: int
    since: dt.date


def rung_changes(logged: list[Logged], library: Library) -> list[RungChange]:
    """Every step up a ladder, with the sessions logged at the level it left."""
    since: dict[tuple[str, object], dt.date] = {}
    count: dict[tuple[str, object], int] = {}
    out = []
    for entry in logged:
        for d in entry.decisions:
            key = d.previous.key
            since.setdefault(key, entry.date)
            count[key] = count.get(key, 0) + 1
            if d.action is Action.PROGRESS and d.changed_variation:
                harder = {v.id for v in library.harder(d.previous.variation_id)}
                assert d.prescription.variation_id in harder
                assert d.decided_on is not None
                out.append(
                    RungChange(
                        key[0],
                        d.prescription.variation_id,
                        entry.date,
                        d.decided_on,
                        count.pop(key),
                        since.pop(key),
                    )
                )
    return out


@pytest.fixture(scope="module")
def all_good(tmp_path_factory: pytest.TempPathFactory, library: Library) -> list[Logged]:
    return simulate(tmp_path_factory.mktemp("all-good"), library)


def test_all_good_changes_a_rung_every_two_weeks_at_the_soonest(
    all_good: list[Logged], library: Library
) -> None:
    changes = rung_changes(all_good, library)
    assert changes, "8 weeks of perfect logs must climb at least one ladder"
    for change in changes:
        assert change.sessions >= 4, change
        assert (change.effective - change.since).days >= 14, change
    assert min(c.effective for c in changes) >= START + dt.timedelta(days=14)
    per_week = len(all_good) / 8
    assert 2 <= per_week <= 3  # ACSM 2009: 2-3 strength sessions a week
    # A rung every 2 weeks over 8 weeks is at most 4 per ladder (McKay 2020 changed 3 times).
    assert len(changes) <= 4 * len({d.previous.key for d in all_good[0].decisions})


def test_dose_steps_between_rungs_follow_the_documented_order(all_good: list[Logged]) -> None:
    seen: dict[tuple[str, object], list[str]] = {}
    for entry in all_good:
        for d in entry.decisions:
            if d.changed_variation:
                seen.pop(d.previous.key, None)
                continue
            kind = dose_kind(d.previous, d.prescription)
            if kind is not None and kind != "reps":
                seen.setdefault(d.previous.key, []).append(kind)
    assert any(seen.values()), "perfect logs between rung changes must step the dose"
    for kinds in seen.values():
        # A set is added only when the session has time for it (issue 11: with the time capped,
        # progress comes from intensity), so volume may come after a hold or tempo step that
        # time allowed first; the intensity steps keep the documented order.
        ranks = [DOSE_ORDER.index(k) for k in kinds if k != "sets"]
        assert ranks == sorted(ranks), kinds
    for entry in all_good:
        for d in entry.decisions:
            if not d.changed_variation and dose_kind(d.previous, d.prescription) == "sets":
                assert d.prescription.sets <= 3  # ACSM 2009, 1-3 sets for novices


def test_painful_sessions_hold_and_delay_the_rung(
    tmp_path: Path, all_good: list[Logged], library: Library
) -> None:
    first = rung_changes(all_good, library)[0].variation_id
    painful_sessions = {2, 3}

    def pain(index: int, p: Prescription) -> int:
        hurts = index in painful_sessions and p.variation_id == first
        return 4 if hurts else 0

    logged = simulate(tmp_path, library, pain=pain)
    for index in painful_sessions:
        held = [d for d in logged[index].decisions if d.variation_id == first]
        assert held
        assert {(d.action, d.rule) for d in held} == {(Action.HOLD, "pain-during")}
    good = [c.effective for c in rung_changes(all_good, library) if c.variation_id == first]
    now = [c.effective for c in rung_changes(logged, library) if c.variation_id == first]
    assert good, "the first exercise climbs when all is good"
    assert not now or now[0] > good[0]
    for change in rung_changes(logged, library):
        assert change.sessions >= 4
        assert (change.effective - change.since).days >= 14


def test_a_missed_week_needs_the_sessions_not_only_the_days(
    tmp_path: Path, all_good: list[Logged], library: Library
) -> None:
    logged = simulate(tmp_path, library, skip_weeks=frozenset({1}))
    changes = rung_changes(logged, library)
    for change in changes:
        assert change.sessions >= 4, change
        assert (change.effective - change.since).days >= 14, change
    good_first = min(c.effective for c in rung_changes(all_good, library))
    assert not changes or min(c.effective for c in changes) > good_first


def test_morning_pain_never_entered_does_not_block_and_says_so(
    tmp_path: Path, all_good: list[Logged], library: Library
) -> None:
    logged = simulate(tmp_path, library, morning=False)
    changes = rung_changes(logged, library)
    expected = rung_changes(all_good, library)
    assert [(c.variation_id, c.effective) for c in changes] == [
        (c.variation_id, c.effective) for c in expected
    ]
    *before_last, last = logged
    for entry in before_last:
        for d in entry.decisions:
            assert "counts as not reported" in d.reason, d.reason
    # The plan's last session has no next session a day or more later: it waits for the pain.
    assert {d.rule for d in last.decisions} == {"next-morning-pain"}
