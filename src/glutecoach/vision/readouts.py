"""Live values drawn on the annotated video: one series (``Readout``) or the working leg's of
two (``LegReadout``).

For one-leg work (single-leg squat, step-down, hip hitch, single-leg bridge...) the frame table
holds a column per leg, but only the working leg's angle means anything: the free leg's knee
angle on a single-leg squat is noise. ``LegReadout`` shows, at each moment, the column of the
working leg of the rep under way (``Rep.side``), next to that leg's joint; between reps, the
leg of the neighbouring reps when they agree, and ``--`` when they do not (the runner is
changing legs).
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass

import numpy as np

from glutecoach.domain.analysis import FrameTable
from glutecoach.domain.glossary import short_measure_name
from glutecoach.domain.pose import FloatArray, Rep

SIDE_WORDS = {"left": "Left", "right": "Right"}


def _value_at(times: FloatArray, values: FloatArray, t: float, max_gap_s: float) -> float | None:
    times = np.asarray(times, dtype=np.float64)
    values = np.asarray(values, dtype=np.float64)
    ok = np.isfinite(values)
    if not ok.any():
        return None
    times, values = times[ok], values[ok]
    i = int(np.argmin(np.abs(times - t)))
    return float(values[i]) if abs(times[i] - t) <= max_gap_s else None


def _shown(label: str, value: float | None, unit: str, decimals: int) -> str:
    if value is None:
        return f"{label} --"
    return f"{label} {value:.{decimals}f}{' ' + unit if unit else ''}"


@dataclass(frozen=True, eq=False)
class Readout:
    """A value over time shown as text, e.g. ``Readout("Pelvic drop", t, v)``.

    Drawn next to ``keypoint`` when given (and visible), otherwise in the panel. A frame more than
    ``max_gap_s`` from any finite sample shows ``--``.
    """

    label: str
    timestamps_s: FloatArray
    values: FloatArray
    unit: str = "deg"
    decimals: int = 0
    keypoint: str | None = None
    max_gap_s: float = 0.25

    def at(self, t: float) -> float | None:
        return _value_at(self.timestamps_s, self.values, t, self.max_gap_s)

    def text(self, t: float) -> str:
        return _shown(self.label, self.at(t), self.unit, self.decimals)

    def keypoint_at(self, t: float) -> str | None:  # noqa: ARG002 - one signature for both
        """The joint the value is drawn beside at ``t`` (None: in the panel)."""
        return self.keypoint


@dataclass(frozen=True, eq=False)
class LegReadout:
    """The working leg's value of a per-leg pair of series (see module doc).

    ``label`` is written after the leg ("Left knee angle 12 deg" for label "knee angle");
    ``joint`` ("knee", "hip") places it beside that leg's joint, None in the panel.
    """

    label: str
    timestamps_s: FloatArray
    left: FloatArray
    right: FloatArray
    reps: tuple[Rep, ...]
    unit: str = "deg"
    decimals: int = 0
    joint: str | None = None
    max_gap_s: float = 0.25

    def side_at(self, t: float) -> str | None:
        """The working leg at ``t``: the rep's under way, else the neighbouring reps' when they
        agree (or the only neighbour's), else None."""
        sided = [r for r in self.reps if r.side in SIDE_WORDS]
        current = next((r for r in sided if r.start_s <= t <= r.end_s), None)
        if current is not None:
            return current.side
        before = [r for r in sided if r.end_s < t]
        after = [r for r in sided if r.start_s > t]
        sides = {r.side for r in (before[-1:] + after[:1])}
        return sides.pop() if len(sides) == 1 else None

    def at(self, t: float) -> float | None:
        side = self.side_at(t)
        if side is None:
            return None
        values = self.left if side == "left" else self.right
        return _value_at(self.timestamps_s, values, t, self.max_gap_s)

    def text(self, t: float) -> str:
        side = self.side_at(t)
        leg = f"{SIDE_WORDS[side]} {self.label}" if side else f"Working-leg {self.label}"
        return _shown(leg, self.at(t), self.unit, self.decimals)

    def keypoint_at(self, t: float) -> str | None:
        side = self.side_at(t)
        return f"{side}_{self.joint}" if side and self.joint else None


AnyReadout = Readout | LegReadout


def leg_pairs(names: Sequence[str]) -> list[tuple[str, str, str]]:
    """Per-leg column pairs among frame-table ``names``: ``(base, left, right)`` for every
    ``<base>_left_<unit>`` with its ``<base>_right_<unit>``, e.g. ``("knee_fppa_deg",
    "knee_fppa_left_deg", "knee_fppa_right_deg")``, in the order of the left columns."""
    pairs = []
    for name in names:
        head, sep, unit = name.rpartition("_")
        if not sep or not head.endswith("_left"):
            continue
        base = head.removesuffix("_left")
        right = f"{base}_right_{unit}"
        if right in names:
            pairs.append((f"{base}_{unit}", name, right))
    return pairs


def _joint(code: str) -> str | None:
    """The joint a per-leg measure is drawn beside: knee measures by the knee, hip by the hip."""
    part = code.split("_", 1)[0]
    return part if part in ("knee", "hip", "ankle") else None


def video_readouts(
    frames: FrameTable | None,
    reps: Sequence[Rep],
    *,
    one_leg: bool,
    limit: int = 4,
    only: Collection[str] | None = None,
) -> tuple[AnyReadout, ...]:
    """The live angles the annotated video shows, from a check's per-frame table.

    Angle columns (``*_deg``, not the segmentation ``signal_*``) in the table's order, named in
    runner words (``short_measure_name``), at most ``limit``. A per-leg pair becomes, for
    ``one_leg`` work, one ``LegReadout`` following the working leg of ``reps``, never the free
    leg's; for two-leg work, one ``Readout`` per leg beside its joint. ``only`` keeps just
    the columns named (None: all).
    """
    if frames is None:
        return ()
    names = frames.names
    pairs = {left: right for _, left, right in leg_pairs(names)}
    rights = set(pairs.values())
    out: list[AnyReadout] = []
    t = frames.timestamps_s
    for name in names:
        if not name.endswith("_deg") or name.startswith("signal_"):
            continue
        if only is not None and name not in only:
            continue
        label = short_measure_name(name)
        joint = _joint(name)
        if name in pairs and one_leg:
            right = pairs[name]
            out.append(
                LegReadout(
                    label.lower(), t, frames.column(name), frames.column(right), tuple(reps),
                    joint=joint,
                )
            )  # fmt: skip
        elif (name in pairs or name in rights) and not one_leg:
            side = "left" if name in pairs else "right"
            keypoint = f"{side}_{joint}" if joint else None
            out.append(Readout(f"{SIDE_WORDS[side]} {label.lower()}", t, frames.column(name),
                               keypoint=keypoint))  # fmt: skip
        elif name not in rights:
            out.append(Readout(label, t, frames.column(name)))
    return tuple(out[:limit])
