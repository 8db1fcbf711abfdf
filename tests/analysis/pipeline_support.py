"""Shared helpers for the pipeline tests: the real library's variations and tools to edit
synthetic poses (hide a landmark, change the frame size, draw a custom depth profile)."""

from __future__ import annotations

from collections.abc import Callable
from functools import cache

import numpy as np

from glutecoach.analysis.skeleton import BLAZEPOSE_33
from glutecoach.analysis.synthetic import SYNTHETIC_BACKEND, Corruption
from glutecoach.domain.analysis import AnalysisResult, Hold, RepResult
from glutecoach.domain.exercise import Variation
from glutecoach.domain.pose import FloatArray, PoseSequence
from glutecoach.library.loader import load_library

MILD = Corruption(noise_px=0.5, dropout_fraction=0.02, spike_fraction=0.002, frame_jitter=0.2)
"""About the jitter of a pose model on a well-lit, well-framed 720p clip after filtering."""

HEAVY = Corruption(noise_px=1.5, dropout_fraction=0.03, spike_fraction=0.003, frame_jitter=0.3)
"""Noisier than a good clip: counts and sides must survive it, angles only roughly."""


@cache
def variation(variation_id: str) -> Variation:
    """A variation of the real, bundled library."""
    return load_library().get(variation_id)


def hide(pose: PoseSequence, names: tuple[str, ...], start_s: float, end_s: float) -> PoseSequence:
    """``pose`` with the named keypoints missing (NaN, visibility 0) between two times."""
    points = pose.points_px.copy()
    vis = pose.visibility.copy()
    when = (pose.timestamps_s >= start_s) & (pose.timestamps_s <= end_s)
    for name in names:
        k = pose.schema.index(name)
        points[when, k] = np.nan
        vis[when, k] = 0.0
    return pose.with_points(points, vis)


def resized(pose: PoseSequence, size: tuple[int, int]) -> PoseSequence:
    """The same points in a frame of another size (a person smaller in the picture)."""
    return PoseSequence(
        pose.timestamps_s, pose.points_px, pose.visibility, pose.schema, size, pose.backend
    )


def drawn_pose(
    times: FloatArray, draw: Callable[[float], FloatArray], face_hidden: bool = False
) -> PoseSequence:
    """A pose whose frame at time ``t`` is ``draw(t)`` (``(33, 2)`` points), all visible."""
    points = np.stack([draw(float(t)) for t in times])
    vis = np.full(points.shape[:2], 0.95)
    if face_hidden:
        vis[:, :11] = 0.3
    return PoseSequence(times, points, vis, BLAZEPOSE_33, (640, 480), SYNTHETIC_BACKEND)


def metric_of(rep: RepResult | Hold, name: str) -> float:
    assert name in rep.metrics, f"rep/hold {rep.index} lacks {name}: {dict(rep.metrics)}"
    return rep.metrics[name]


def fault_ids(rep: RepResult) -> set[str]:
    return {f.mistake_id for f in rep.faults}


def finding_reps(result: AnalysisResult, mistake_id: str) -> tuple[int, ...]:
    """The reps a finding names, or () when the mistake was not found."""
    for finding in result.faults:
        if finding.mistake_id == mistake_id:
            return finding.reps
    return ()
