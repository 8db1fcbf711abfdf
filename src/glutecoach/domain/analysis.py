"""The result of a technique check: reps, holds, faults, warnings, and its versioned JSON form.

Every type here is a frozen dataclass validated on construction (``ValueError`` naming the bad
field). No numpy in the JSON form: ``AnalysisResult.to_json_dict()`` returns plain ``dict``,
``list``, ``str``, ``float``, ``int``, ``bool`` and ``None``, documented field by field in
``docs/analysis-json.md``, and ``AnalysisResult.from_json_dict`` reads it back (the per-frame
table is exported as CSV, not JSON, so it does not survive the round trip).

Conventions: times are seconds from the start of the clip (``*_s``); every metric name ends in
its unit (``_deg``, ``_s``, ``_ratio`` for dimensionless ratios, ``_touchdowns`` for counts);
``left``/``right`` are the person's anatomical sides; a metric that could not be measured is
absent, never NaN.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field, fields, is_dataclass, replace
from types import MappingProxyType
from typing import Any, Literal

import numpy as np

from glutecoach.domain.pose import SIDES, VIEWS, FloatArray, PoseBackend, Side, View

SCHEMA_VERSION = "1.2"
"""Version of the JSON form. The major number changes when a field is removed or changes
meaning; the minor number when fields are added."""

Comparison = Literal["above", "below"]
Basis = Literal["literature", "derived", "coaching-default"]


def _finite(name: str, value: float) -> float:
    number = float(value)
    if not math.isfinite(number):
        raise ValueError(f"{name} must be a finite number, got {value!r}")
    return number


def _metrics(owner: str, metrics: Mapping[str, float]) -> Mapping[str, float]:
    clean: dict[str, float] = {}
    for name, value in metrics.items():
        if not name or not name.strip():
            raise ValueError(f"{owner}: a metric needs a non-empty name")
        clean[name] = _finite(f"{owner} metric {name!r}", value)
    return MappingProxyType(dict(sorted(clean.items())))


def _check_times(owner: str, *times: float) -> None:
    if not all(math.isfinite(t) for t in times):
        raise ValueError(f"{owner}: times must be finite")
    if list(times) != sorted(times):
        raise ValueError(f"{owner}: times must be in order, got {times}")


def check_numbering(what: str, indices: Sequence[int]) -> None:
    """Reps, holds and steps are numbered 1, 2, 3, ... in time order."""
    if list(indices) != list(range(1, len(indices) + 1)):
        raise ValueError(f"{what} indices must count 1, 2, 3, ... in order")


def _check_side(owner: str, side: str) -> None:
    if side not in SIDES:
        raise ValueError(f"{owner}: side must be one of {', '.join(SIDES)}, got {side!r}")


Judgement = Literal["clear", "possible", "within-noise"]
"""How sure a within-clip judgement is, given the noise figure it rests on:

- ``within-noise``: past the threshold (or apart) by less than the noise figure;
- ``possible``: by more than a *between-day* noise figure: that figure was measured on other
  people, another day and often another task, so within one clip it is a guide, not proof;
- ``clear``: by more than a within-session figure, or (left/right) beyond the clip's own
  rep-to-rep spread."""

WITHIN_CLIP_KINDS = frozenset({"within-session", "rep-to-rep"})


def judgement(beyond: bool | None, noise_kind: str | None) -> Judgement | None:
    """The judgement for a verdict against a noise figure of ``noise_kind`` (None: no figure)."""
    if beyond is None:
        return None
    if not beyond:
        return "within-noise"
    return "clear" if noise_kind in WITHIN_CLIP_KINDS else "possible"


@dataclass(frozen=True)
class RepFault:
    """One mistake found in one rep (or hold): the measured value against the library's
    threshold, and the cue to fix it. ``beyond_noise_floor`` is True when the value passes the
    threshold by more than the measurement's noise floor, False when by less, None when the
    library gives no noise floor."""

    mistake_id: str
    metric: str
    measured_value: float
    threshold_value: float
    comparison: Comparison
    cue: str
    beyond_noise_floor: bool | None = None
    noise_kind: str | None = None
    threshold_status: str | None = None

    @property
    def judgement(self) -> Judgement | None:
        return judgement(self.beyond_noise_floor, self.noise_kind)

    def __post_init__(self) -> None:
        object.__setattr__(self, "measured_value", _finite("measured_value", self.measured_value))
        object.__setattr__(
            self, "threshold_value", _finite("threshold_value", self.threshold_value)
        )
        if self.comparison not in ("above", "below"):
            raise ValueError(f"comparison must be 'above' or 'below', got {self.comparison!r}")


@dataclass(frozen=True)
class RepResult:
    """One rep (one step for a band walk) with its metrics and faults.

    ``bottom_s`` is the time of the rep's extreme (deepest point, largest drop, widest step).
    ``side`` is the working or stance leg (for a band walk: the direction of the step), or
    ``both`` for two-legged work. A partial rep (cut by the start or end of the clip) and a rep
    whose landmarks were poorly visible are not measurable: ``reason`` says why, and only their
    timing metrics are kept. ``variant`` names the variation of this rep when a clip mixes them
    (e.g. double- then single-leg bridges); None when the clip is one variation.
    ``flags`` are notes that do not stop the rep counting (not back to the start between
    reps; cut by the clip but counted); ``confidence`` (0-1) is how sure the segmentation is
    that this is one real rep (``analysis.reps.rep_confidence``). Both since schema 1.2.
    """

    index: int
    side: Side
    start_s: float
    bottom_s: float
    end_s: float
    metrics: Mapping[str, float] = field(default_factory=dict)
    faults: tuple[RepFault, ...] = ()
    measurable: bool = True
    reason: str | None = None
    partial: bool = False
    variant: str | None = None
    flags: tuple[str, ...] = ()
    confidence: float = 1.0

    def __post_init__(self) -> None:
        owner = f"rep {self.index}"
        object.__setattr__(self, "flags", tuple(self.flags))
        if not 0.0 <= self.confidence <= 1.0:
            raise ValueError(f"{owner}: confidence must be within 0..1")
        if self.index < 1:
            raise ValueError(f"rep index counts from 1, got {self.index}")
        _check_side(owner, self.side)
        _check_times(owner, self.start_s, self.bottom_s, self.end_s)
        object.__setattr__(self, "metrics", _metrics(owner, self.metrics))
        object.__setattr__(self, "faults", tuple(self.faults))
        if not self.measurable and not (self.reason and self.reason.strip()):
            raise ValueError(f"{owner} is not measurable but gives no reason")
        if self.partial and self.measurable:
            raise ValueError(f"{owner} is partial, so it cannot be measurable")
        if self.faults and not self.measurable:
            raise ValueError(f"{owner} is not measurable, so it cannot carry faults")

    @property
    def duration_s(self) -> float:
        return self.end_s - self.start_s

    @property
    def good_form(self) -> bool:
        """A complete, measurable rep without any fault (what the training log counts)."""
        return self.measurable and not self.partial and not self.faults


@dataclass(frozen=True)
class Hold:
    """An isometric bout (a side plank, or a band walk seen from the side): when the position
    was reached and left, and how long of it was in good alignment (every checked metric on
    the right side of its threshold)."""

    index: int
    side: Side
    start_s: float
    end_s: float
    duration_s: float
    good_alignment_s: float
    metrics: Mapping[str, float] = field(default_factory=dict)
    faults: tuple[RepFault, ...] = ()
    measurable: bool = True
    reason: str | None = None

    def __post_init__(self) -> None:
        owner = f"hold {self.index}"
        if self.index < 1:
            raise ValueError(f"hold index counts from 1, got {self.index}")
        _check_side(owner, self.side)
        _check_times(owner, self.start_s, self.end_s)
        if abs(self.duration_s - (self.end_s - self.start_s)) > 1e-6:
            raise ValueError(f"{owner}: duration_s must equal end_s - start_s")
        if not 0.0 <= self.good_alignment_s <= self.duration_s + 1e-6:
            raise ValueError(f"{owner}: good_alignment_s must be within 0..duration_s")
        object.__setattr__(self, "metrics", _metrics(owner, self.metrics))
        object.__setattr__(self, "faults", tuple(self.faults))
        if not self.measurable and not (self.reason and self.reason.strip()):
            raise ValueError(f"{owner} is not measurable but gives no reason")


@dataclass(frozen=True)
class FaultFinding:
    """A library mistake found in the clip, over all reps and holds.

    ``measured_value`` is the worst value among the reps/holds where the fault occurred
    (largest for an ``above`` threshold, smallest for ``below``); ``reps`` and ``holds`` list
    their indices; ``checked`` counts the reps/holds the mistake was measured on.
    ``beyond_noise_floor`` is True when the worst value passes the threshold by more than the
    noise floor (None without a noise floor). ``reference`` is the library's reference key and
    ``threshold_status`` how the threshold is shown (V1, V1-review, V2, derived,
    coaching-default); ``noise_reference``, ``noise_status`` and ``noise_kind`` (between-day,
    within-session) describe the noise floor, and ``judgement`` follows from them.
    """

    mistake_id: str
    name: str
    metric: str
    measured_value: float
    threshold_value: float
    comparison: Comparison
    basis: Basis
    reference: str | None
    noise_floor: float | None
    cue: str
    reps: tuple[int, ...] = ()
    holds: tuple[int, ...] = ()
    checked: int = 0
    beyond_noise_floor: bool | None = None
    threshold_status: str | None = None
    noise_reference: str | None = None
    noise_status: str | None = None
    noise_kind: str | None = None

    @property
    def judgement(self) -> Judgement | None:
        return judgement(self.beyond_noise_floor, self.noise_kind)

    def __post_init__(self) -> None:
        object.__setattr__(self, "measured_value", _finite("measured_value", self.measured_value))
        if not self.reps and not self.holds:
            raise ValueError(f"finding {self.mistake_id!r} names no rep and no hold")
        if self.checked < len(self.reps) + len(self.holds):
            raise ValueError(f"finding {self.mistake_id!r}: checked is below its occurrences")


@dataclass(frozen=True)
class UnmeasuredMistake:
    """A library mistake this check could not measure, and why (e.g. it needs another view)."""

    mistake_id: str
    name: str
    metric: str | None
    reason: str
    view_needed: str | None = None


@dataclass(frozen=True)
class SideSummary:
    """The reps of one side: counts and the mean of each metric over its measurable reps."""

    side: Side
    reps: int
    measurable_reps: int
    good_form_reps: int
    metrics: Mapping[str, float] = field(default_factory=dict)

    def __post_init__(self) -> None:
        _check_side("side summary", self.side)
        object.__setattr__(self, "metrics", _metrics(f"{self.side} summary", self.metrics))


@dataclass(frozen=True)
class SideComparison:
    """Left minus right for one metric, and whether the difference is beyond the noise figure.

    ``noise_kind`` says which figure ``noise_floor`` is: ``rep-to-rep`` (twice the standard
    error of the difference, from the clip's own rep-to-rep spread, used when each side has
    enough measured reps) or the library's figure (``between-day``, with ``noise_reference``
    and ``noise_status``); both None when there is neither."""

    metric: str
    left: float
    right: float
    difference: float
    noise_floor: float | None = None
    beyond_noise_floor: bool | None = None
    noise_kind: str | None = None
    noise_reference: str | None = None
    noise_status: str | None = None

    @property
    def judgement(self) -> Judgement | None:
        return judgement(self.beyond_noise_floor, self.noise_kind)


@dataclass(frozen=True)
class VideoSummary:
    """The clip an analysis came from. The analysis fills what the keypoints tell (frames,
    duration, the sampled rate); the caller replaces it with the file's own facts (hash,
    declared fps, rotation) via ``AnalysisResult.with_video``."""

    sha256: str | None = None
    fps: float | None = None
    frame_count: int | None = None
    duration_s: float | None = None
    rotation_deg: int | None = None
    width_px: int | None = None
    height_px: int | None = None


@dataclass(frozen=True, eq=False)
class FrameTable:
    """Per-frame measures for CSV export and plotting: one ``(T,)`` column per name, NaN where
    not measured. ``rep_index`` (0 outside reps) is always present."""

    timestamps_s: FloatArray
    columns: tuple[tuple[str, FloatArray], ...]

    def __post_init__(self) -> None:
        times = np.array(self.timestamps_s, dtype=np.float64, copy=True)
        cols: list[tuple[str, FloatArray]] = []
        for name, values in self.columns:
            array = np.array(values, dtype=np.float64, copy=True)
            if array.shape != times.shape:
                raise ValueError(
                    f"frame column {name!r} has shape {array.shape}, not {times.shape}"
                )
            array.flags.writeable = False
            cols.append((name, array))
        names = [n for n, _ in cols]
        if len(set(names)) != len(names):
            raise ValueError("frame column names must be unique")
        times.flags.writeable = False
        object.__setattr__(self, "timestamps_s", times)
        object.__setattr__(self, "columns", tuple(cols))

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(n for n, _ in self.columns)

    def column(self, name: str) -> FloatArray:
        for n, values in self.columns:
            if n == name:
                return values
        raise KeyError(f"no frame column {name!r}; columns: {', '.join(self.names)}")

    def rows(self) -> Iterator[tuple[float, ...]]:
        """``(t, col1, col2, ...)`` per frame, in ``("t_s", *names)`` order."""
        stacked = np.column_stack([self.timestamps_s, *(v for _, v in self.columns)])
        for row in stacked:
            yield tuple(float(x) for x in row)


@dataclass(frozen=True)
class AnalysisResult:
    """Everything one technique check found, with what is needed to reproduce it.

    ``view`` is the view the clip was analysed as (given, else inferred); ``inferred_view`` what
    the keypoints looked like. ``params`` is the JSON form of the ``AnalysisParams`` used.
    ``faults`` aggregates the per-rep faults by mistake; ``not_measured`` lists the library's
    mistakes this clip could not check, with the reason. ``frames`` is for CSV export only.
    """

    analysis_version: str
    exercise: str
    family: str
    view: View
    inferred_view: View | None
    params: Mapping[str, Any]
    backend: PoseBackend
    video: VideoSummary
    reps: tuple[RepResult, ...] = ()
    holds: tuple[Hold, ...] = ()
    faults: tuple[FaultFinding, ...] = ()
    not_measured: tuple[UnmeasuredMistake, ...] = ()
    sides: tuple[SideSummary, ...] = ()
    comparison: tuple[SideComparison, ...] = ()
    warnings: tuple[str, ...] = ()
    frames: FrameTable | None = field(default=None, compare=False, repr=False)

    def __post_init__(self) -> None:
        if self.view not in VIEWS:
            raise ValueError(f"view must be one of {', '.join(VIEWS)}, got {self.view!r}")
        check_numbering("rep", [r.index for r in self.reps])
        check_numbering("hold", [h.index for h in self.holds])
        for name in ("reps", "holds", "faults", "not_measured", "sides", "comparison"):
            object.__setattr__(self, name, tuple(getattr(self, name)))
        object.__setattr__(self, "warnings", tuple(self.warnings))

    schema_version = SCHEMA_VERSION

    @property
    def complete_reps(self) -> tuple[RepResult, ...]:
        return tuple(r for r in self.reps if not r.partial)

    @property
    def rep_count(self) -> int:
        """Complete reps (partial reps are shown, never counted)."""
        return len(self.complete_reps)

    @property
    def good_form_reps(self) -> int:
        """Complete, measurable reps without a fault: what a logged set records."""
        return sum(r.good_form for r in self.reps)

    def with_video(self, video: VideoSummary) -> AnalysisResult:
        """A copy carrying the caller's facts about the file (hash, fps, rotation, ...)."""
        return replace(self, video=video)

    def to_json_dict(self) -> dict[str, Any]:
        """The documented JSON form (``docs/analysis-json.md``); ``frames`` is left out."""
        out: dict[str, Any] = {"schema_version": SCHEMA_VERSION}
        for f in fields(self):
            if f.name == "frames":
                continue
            out[f.name] = _plain(getattr(self, f.name))
        out["summary"] = {
            "rep_count": self.rep_count,
            "good_form_reps": self.good_form_reps,
            "partial_reps": len(self.reps) - self.rep_count,
        }
        return out

    @classmethod
    def from_json_dict(cls, data: Mapping[str, Any]) -> AnalysisResult:
        """Read back ``to_json_dict()`` output; ``ValueError`` for another major schema
        version or a malformed document."""
        version = str(data.get("schema_version", ""))
        if version.split(".")[0] != SCHEMA_VERSION.split(".")[0]:
            raise ValueError(
                f"analysis JSON schema {version!r} cannot be read by this version "
                f"(reads {SCHEMA_VERSION.split('.')[0]}.x)"
            )
        try:
            return cls(
                analysis_version=data["analysis_version"],
                exercise=data["exercise"],
                family=data["family"],
                view=data["view"],
                inferred_view=data["inferred_view"],
                params=data["params"],
                backend=PoseBackend(**data["backend"]),
                video=VideoSummary(**data["video"]),
                reps=tuple(_rep(r) for r in data["reps"]),
                holds=tuple(_hold(h) for h in data["holds"]),
                faults=tuple(_finding(f) for f in data["faults"]),
                not_measured=tuple(UnmeasuredMistake(**m) for m in data["not_measured"]),
                sides=tuple(SideSummary(**s) for s in data["sides"]),
                comparison=tuple(SideComparison(**c) for c in data["comparison"]),
                warnings=tuple(data["warnings"]),
            )
        except (KeyError, TypeError) as exc:
            raise ValueError(f"malformed analysis JSON: {exc!r}") from exc


def _plain(value: Any) -> Any:
    """Dataclasses, mappings and tuples as JSON-ready dicts and lists."""
    if is_dataclass(value) and not isinstance(value, type):
        return {f.name: _plain(getattr(value, f.name)) for f in fields(value)}
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, np.generic):
        return value.item()
    return value


def _faults(items: Any) -> tuple[RepFault, ...]:
    return tuple(RepFault(**f) for f in items)


def _rep(data: Mapping[str, Any]) -> RepResult:
    return RepResult(**{**data, "faults": _faults(data["faults"])})


def _hold(data: Mapping[str, Any]) -> Hold:
    return Hold(**{**data, "faults": _faults(data["faults"])})


def _finding(data: Mapping[str, Any]) -> FaultFinding:
    return FaultFinding(**{**data, "reps": tuple(data["reps"]), "holds": tuple(data["holds"])})
