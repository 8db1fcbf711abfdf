"""The batch's tidy tables, one per level, written as Parquet and CSV side by side:

* ``clips``: one row per clip (or manifest row), its status, counts, holds, faults,
  warnings, failure reason and agreement with the manifest's ``label``;
* ``reps``: one row per rep or step, with side, times, every metric and the faults;
* ``holds``: one row per hold;
* ``frames`` (on request): one row per analysed frame with every per-frame series.

Every row carries the clip's identity (row, path, exercise, subject, session) and provenance
(glutecoach version, analysis version, pose model and its version, parameter hash, clip hash).
Metric columns are the union over the clips, empty where a clip's exercise has no such metric.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

from glutecoach.domain.analysis import AnalysisResult, Hold, RepFault, RepResult
from glutecoach.jobs.clip import ClipRecord
from glutecoach.jobs.sources import GOOD_LABEL

IDENTITY: tuple[tuple[str, pa.DataType], ...] = (
    ("row", pa.int64()),
    ("path", pa.string()),
    ("exercise", pa.string()),
    ("subject", pa.string()),
    ("session", pa.string()),
)
PROVENANCE: tuple[tuple[str, pa.DataType], ...] = (
    ("glutecoach_version", pa.string()),
    ("analysis_version", pa.string()),
    ("pose_model", pa.string()),
    ("pose_model_version", pa.string()),
    ("params_hash", pa.string()),
    ("clip_sha256", pa.string()),
)
CLIP_COLUMNS: tuple[tuple[str, pa.DataType], ...] = (
    ("side", pa.string()),
    ("view", pa.string()),
    ("label", pa.string()),
    ("status", pa.string()),
    ("failure_reason", pa.string()),
    ("detected_view", pa.string()),
    ("rep_count", pa.int64()),
    ("good_form_reps", pa.int64()),
    ("partial_reps", pa.int64()),
    ("hold_count", pa.int64()),
    ("hold_s", pa.float64()),
    ("good_alignment_s", pa.float64()),
    ("faults", pa.string()),
    ("warnings", pa.string()),
    ("label_agrees", pa.bool_()),
    ("attempts", pa.int64()),
    ("elapsed_s", pa.float64()),
    ("worker_peak_rss_mb", pa.float64()),
)
REP_COLUMNS: tuple[tuple[str, pa.DataType], ...] = (
    ("rep", pa.int64()),
    ("side", pa.string()),
    ("variant", pa.string()),
    ("start_s", pa.float64()),
    ("bottom_s", pa.float64()),
    ("end_s", pa.float64()),
    ("partial", pa.bool_()),
    ("measurable", pa.bool_()),
    ("not_measurable_reason", pa.string()),
    ("good_form", pa.bool_()),
    ("faults", pa.string()),
)
HOLD_COLUMNS: tuple[tuple[str, pa.DataType], ...] = (
    ("hold", pa.int64()),
    ("side", pa.string()),
    ("start_s", pa.float64()),
    ("end_s", pa.float64()),
    ("duration_s", pa.float64()),
    ("good_alignment_s", pa.float64()),
    ("measurable", pa.bool_()),
    ("not_measurable_reason", pa.string()),
    ("faults", pa.string()),
)
FRAME_COLUMNS: tuple[tuple[str, pa.DataType], ...] = (("timestamp_s", pa.float64()),)
LIST_SEPARATOR = "; "


@dataclass(frozen=True)
class ClipEntry:
    """One line of the clips table before it is a row: who the clip is (from the source),
    its record (None for a manifest row that could not run), and how many attempts it took."""

    identity: Mapping[str, Any]
    side: str | None
    view: str | None
    label: str | None
    record: ClipRecord | None
    failure: str | None = None
    attempts: int | None = None
    provenance: Mapping[str, str | None] | None = None


def write_tables(entries: Sequence[ClipEntry], out_dir: Path, frames: bool) -> dict[str, Path]:
    """Write clips, reps, holds (and frames) as ``NAME.parquet`` and ``NAME.csv``."""
    levels: dict[str, tuple[list[dict[str, Any]], tuple[tuple[str, pa.DataType], ...]]] = {
        "clips": ([], CLIP_COLUMNS),
        "reps": ([], REP_COLUMNS),
        "holds": ([], HOLD_COLUMNS),
    }
    if frames:
        levels["frames"] = ([], FRAME_COLUMNS)
    for entry in entries:
        result = entry.record.analysis() if entry.record and entry.record.ok else None
        common = {**entry.identity, **_provenance(entry)}
        levels["clips"][0].append({**common, **_clip_row(entry, result)})
        if result is None:
            continue
        levels["reps"][0].extend({**common, **_rep_row(rep)} for rep in result.reps)
        levels["holds"][0].extend({**common, **_hold_row(hold)} for hold in result.holds)
        if frames and entry.record is not None and entry.record.frames:
            levels["frames"][0].extend({**common, **row} for row in _frame_rows(entry.record))
    written: dict[str, Path] = {}
    for name, (rows, columns) in levels.items():
        table = _table(rows, columns)
        written[f"{name}.parquet"] = out_dir / f"{name}.parquet"
        written[f"{name}.csv"] = out_dir / f"{name}.csv"
        pq.write_table(table, written[f"{name}.parquet"])
        pacsv.write_csv(table, written[f"{name}.csv"])
    return written


def _table(rows: list[dict[str, Any]], columns: tuple[tuple[str, pa.DataType], ...]) -> pa.Table:
    """Fixed columns in order (identity, level, provenance), then the union of the rest as
    floats, sorted by name."""
    fixed = (*IDENTITY, *columns, *PROVENANCE)
    names = {name for name, _ in fixed}
    extra = sorted({k for row in rows for k in row if k not in names})
    fields = [pa.field(n, t) for n, t in fixed] + [pa.field(n, pa.float64()) for n in extra]
    schema = pa.schema(fields)
    data = {f.name: [row.get(f.name) for row in rows] for f in schema}
    return pa.table(data, schema=schema)


def _provenance(entry: ClipEntry) -> dict[str, str | None]:
    record = entry.record
    if record is None:
        return {name: (entry.provenance or {}).get(name) for name, _ in PROVENANCE}
    return {name: getattr(record, name) for name, _ in PROVENANCE}


def _clip_row(entry: ClipEntry, result: AnalysisResult | None) -> dict[str, Any]:
    record = entry.record
    row: dict[str, Any] = {
        "side": entry.side,
        "view": entry.view,
        "label": entry.label,
        "status": "ok" if result is not None else "failed",
        "failure_reason": entry.failure or (record.failure if record else None),
        "attempts": entry.attempts,
        "elapsed_s": record.elapsed_s if record else None,
        "worker_peak_rss_mb": record.peak_rss_mb if record else None,
    }
    if result is None:
        return row
    return row | {
        "detected_view": result.view,
        "rep_count": result.rep_count,
        "good_form_reps": result.good_form_reps,
        "partial_reps": len(result.reps) - result.rep_count,
        "hold_count": len(result.holds),
        "hold_s": round(sum(h.duration_s for h in result.holds), 3),
        "good_alignment_s": round(sum(h.good_alignment_s for h in result.holds), 3),
        "faults": LIST_SEPARATOR.join(f.mistake_id for f in result.faults) or None,
        "warnings": LIST_SEPARATOR.join(result.warnings) or None,
        "label_agrees": label_agrees(entry.label, result),
    }


def label_agrees(label: str | None, result: AnalysisResult) -> bool | None:
    """Whether the check found what the manifest's label says (None without a label): a count
    of complete reps (of holds for a hold exercise), ``good`` (no fault), or a mistake id."""
    if label is None:
        return None
    if label.isdigit():
        counted = len(result.holds) if result.holds and not result.reps else result.rep_count
        return counted == int(label)
    found = {f.mistake_id for f in result.faults}
    if label == GOOD_LABEL:
        return not found and bool(result.reps or result.holds)
    return label in found


def _fault_ids(faults: Iterable[RepFault]) -> str | None:
    return LIST_SEPARATOR.join(f.mistake_id for f in faults) or None


def _rep_row(rep: RepResult) -> dict[str, Any]:
    return {
        "rep": rep.index,
        "side": rep.side,
        "variant": rep.variant,
        "start_s": rep.start_s,
        "bottom_s": rep.bottom_s,
        "end_s": rep.end_s,
        "partial": rep.partial,
        "measurable": rep.measurable,
        "not_measurable_reason": rep.reason,
        "good_form": rep.good_form,
        "faults": _fault_ids(rep.faults),
        **dict(rep.metrics),
    }


def _hold_row(hold: Hold) -> dict[str, Any]:
    return {
        "hold": hold.index,
        "side": hold.side,
        "start_s": hold.start_s,
        "end_s": hold.end_s,
        "duration_s": hold.duration_s,
        "good_alignment_s": hold.good_alignment_s,
        "measurable": hold.measurable,
        "not_measurable_reason": hold.reason,
        "faults": _fault_ids(hold.faults),
        **dict(hold.metrics),
    }


def _frame_rows(record: ClipRecord) -> Iterator[dict[str, Any]]:
    series = record.frames or {}
    names = list(series)
    for values in zip(*(series[n] for n in names), strict=True):
        yield dict(zip(names, values, strict=True))
