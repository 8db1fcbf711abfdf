"""How sources rank when several records give a figure (docs/evidence.md, "Ranking of sources").

Full papers and reviews come first, then conference abstracts, then secondhand reports (every V2
record, whatever its source); within a tier a figure read in the source (V1) comes before one read
in a review table (V1-review), then the larger sample. An anonymous n = 15 abstract therefore never
outranks a review's pooled range, and when a lower-ranked source is the only one the renderer
says why it is used.
"""

from __future__ import annotations

from glutecoach.domain.evidence import (
    REFERENCE_KIND_RANK,
    REFERENCE_KIND_WORDS,
    EvidenceRecord,
    References,
)
from glutecoach.domain.exercise import Variation
from glutecoach.domain.vocabulary import EvidenceStatus

STATUS_RANK = {EvidenceStatus.V1: 0, EvidenceStatus.V1_REVIEW: 1, EvidenceStatus.V2: 2}


def source_tier(record: EvidenceRecord, library: References) -> int:
    """0 for full papers and reviews, 1 for conference abstracts, 2 for secondhand reports."""
    if record.status is EvidenceStatus.V2:
        return 2
    kind = library.reference(record.reference).kind
    return max(0, REFERENCE_KIND_RANK[kind] - 1)


def ranking_caveat(record: EvidenceRecord, library: References) -> str | None:
    """Why a lower-ranked source is used, or None for a full paper or review."""
    tier = source_tier(record, library)
    if tier == 0:
        return None
    why = "used as no full paper or review measured this"
    if tier == 1:
        kind = library.reference(record.reference).kind
        return f"{REFERENCE_KIND_WORDS[kind]}, {why}"
    return why


def best_gmed_mvic(variation: Variation, library: References) -> EvidenceRecord | None:
    """The gluteus medius %MVIC record to rank the variation by, or None when none exists."""
    records = variation.gmed_mvic_records()
    if not records:
        return None
    return min(
        records,
        key=lambda r: (source_tier(r, library), STATUS_RANK[r.status], -(r.n or 0)),
    )
