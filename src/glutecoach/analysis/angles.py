"""2D image-plane angles with their clinical definitions, signs and ranges.

Every function takes point arrays of shape ``(..., 2)`` in image pixels (``x`` right, ``y`` DOWN,
as pose back ends report them), broadcasts them against each other, and returns degrees as a
float64 array of the broadcast leading shape. A NaN coordinate, or a segment of zero length,
gives NaN rather than a made-up angle.

How continuity is enforced
--------------------------
Each angle is the signed angle between two vectors, ``atan2(cross, dot)``, measured from a
reference chosen so that the neutral posture reads 0. Values lie in (-180, 180] and cross the
±180 seam only for anatomically impossible postures, so a frame never flips between equivalent
representations such as 122 and 329 degrees (the classic complaint about Sports2D angles).
``build_angle_series`` also unwraps over time, so even a sweep through ±180 stays continuous.

Internally image deltas are turned into a y-up frame (``dy_up = -dy_image``), so "counter-
clockwise" means counter-clockwise as seen on the screen.

Sides and views
---------------
``left``/``right`` are the person's anatomical sides. Frontal-plane angles need to know where
the person's left is on screen: in a FRONT view (the person faces the camera) their left side
appears on the right of the image; in a BACK view it appears on the left. Medial (toward the
midline) and lateral therefore flip between front and back views, and every frontal angle takes
``view`` so that its sign is anatomical, not screen-based. If a back end swaps left and right
labels (it believes a person seen from behind faces the camera), pairing it with
``infer_view`` keeps valgus, drop and lean signs anatomically right, only the side names swap.

All angles are invariant to image translation and uniform scale, and mirroring the image
(``x -> width - x``) while swapping left/right keypoints gives the same value for the mirrored
side. 2D angles are screening measures of a 3D movement: e.g. knee FPPA is not true 3D valgus.
"""

from __future__ import annotations

import numpy as np

from glutecoach.domain.pose import AngleSeries, FloatArray, FrontalView, LegSide, View, other_side
from glutecoach.errors import AnalysisError


def _points(name: str, value: FloatArray) -> FloatArray:
    array = np.asarray(value, dtype=np.float64)
    if array.ndim == 0 or array.shape[-1] != 2:
        raise AnalysisError(f"{name} must be points of shape (..., 2), got {array.shape}")
    return array


def _up(delta: FloatArray) -> FloatArray:
    """Image delta (y down) -> y-up vector."""
    return np.stack([delta[..., 0], -delta[..., 1]], axis=-1)


def _vector(start: FloatArray, end: FloatArray, names: tuple[str, str]) -> FloatArray:
    a, b = _points(names[0], start), _points(names[1], end)
    try:
        return _up(b - a)
    except ValueError as exc:
        raise AnalysisError(f"{names[0]} and {names[1]} do not broadcast: {exc}") from exc


def signed_angle_between(u: FloatArray, v: FloatArray) -> FloatArray:
    """Signed angle from vector ``u`` to ``v`` (y-up frame), counter-clockwise positive.

    Range (-180, 180]; NaN where either vector is NaN or of zero length.
    """
    cross = u[..., 0] * v[..., 1] - u[..., 1] * v[..., 0]
    dot = u[..., 0] * v[..., 0] + u[..., 1] * v[..., 1]
    with np.errstate(invalid="ignore"):
        angle = np.degrees(np.arctan2(cross, dot))
        angle = np.where(angle <= -180.0, angle + 360.0, angle)
        degenerate = (np.hypot(u[..., 0], u[..., 1]) == 0) | (np.hypot(v[..., 0], v[..., 1]) == 0)
    return np.asarray(np.where(degenerate, np.nan, angle), dtype=np.float64)


def segment_angle(start: FloatArray, end: FloatArray) -> FloatArray:
    """Orientation of the segment ``start -> end`` in the image.

    Definition: angle from the image's +x axis (pointing right) to the segment, counter-
    clockwise on screen positive. Range (-180, 180]: 0 = pointing right, 90 = pointing up,
    -90 = pointing down, 180 = pointing left. Translation and scale invariant; mirroring the
    image maps ``a`` to ``180 - a`` (wrapped), as it must for a screen-referenced angle.
    """
    v = _vector(start, end, ("start", "end"))
    ref = np.broadcast_to(np.array([1.0, 0.0]), v.shape)
    return signed_angle_between(ref, v)


def joint_angle(a: FloatArray, vertex: FloatArray, c: FloatArray) -> FloatArray:
    """Interior angle at ``vertex`` between the rays to ``a`` and to ``c``.

    Range [0, 180] (unsigned): 180 = the three points collinear with the vertex between them,
    0 = both rays on top of each other. Continuous by construction (no reflex values).
    """
    u = _vector(vertex, a, ("vertex", "a"))
    v = _vector(vertex, c, ("vertex", "c"))
    return np.abs(signed_angle_between(u, v))


def knee_flexion_proxy(hip: FloatArray, knee: FloatArray, ankle: FloatArray) -> FloatArray:
    """Knee flexion proxy: ``180 - joint_angle(hip, knee, ankle)``.

    0 = straight leg, larger = more bent; range [0, 180], unsigned (hyperextension reads as a
    small positive value). Only a true flexion angle in a SIDE view; in a front view sagittal
    flexion is foreshortened and this reads close to |FPPA|, so use a depth measure such as
    ``height_ratio`` there.
    """
    return 180.0 - joint_angle(hip, knee, ankle)


def lateral_x_sign(side: LegSide, view: View) -> float:
    """Screen x direction (+1 right, -1 left) of the person's ``side`` in a frontal view.

    FRONT view: the person's left is on the image's right (+1). BACK view: it is on the left.
    """
    if view == "side":
        raise AnalysisError(
            "frontal-plane angles (FPPA, pelvic drop, trunk lean, hip abduction) need a front or "
            "back view; this clip is filmed from the side"
        )
    if view not in ("front", "back"):
        raise AnalysisError(f"unknown view {view!r}; expected 'front' or 'back'")
    if side not in ("left", "right"):
        raise AnalysisError(f"side must be 'left' or 'right', got {side!r}")
    left_sign = 1.0 if view == "front" else -1.0
    return left_sign if side == "left" else -left_sign


def knee_fppa(
    hip: FloatArray, knee: FloatArray, ankle: FloatArray, *, side: LegSide, view: View
) -> FloatArray:
    """Knee frontal plane projection angle (FPPA), Willson et al. 2006.

    Definition: the angle between the thigh line (hip -> knee) and the shank line (knee ->
    ankle) in the frontal image plane, i.e. 180 minus the interior hip-knee-ankle angle, signed.
    Sign: POSITIVE = valgus (the knee lies medial to the hip-ankle line, toward the midline),
    negative = varus, 0 = collinear; the same for either leg, because medial is resolved from
    ``side`` and ``view`` (see the module notes). Range (-180, 180]; typical single-leg squat
    values are 0..25 (healthy ≈ 8, patellofemoral pain ≈ 17, Herrington 2014). Differences
    below ≈ 8 degrees are within measurement error (SDD 7.5-8.9, Munro 2012). Front/back only.
    """
    medial = -lateral_x_sign(side, view)
    thigh = _vector(hip, knee, ("hip", "knee"))
    shank = _vector(knee, ankle, ("knee", "ankle"))
    # A knee displaced toward screen +x turns the limb clockwise (negative) at the knee.
    return np.asarray(-medial * signed_angle_between(thigh, shank), dtype=np.float64)


def pelvic_drop(
    left_hip: FloatArray, right_hip: FloatArray, *, stance_side: LegSide, view: View
) -> FloatArray:
    """Contralateral pelvic drop (pelvic obliquity relative to the stance leg).

    Definition: the angle of the hip-to-hip line, drawn from the stance hip to the other hip,
    below the image horizontal. Sign: POSITIVE = the pelvis drops on the side opposite the
    stance leg (contralateral drop, the Trendelenburg sign); negative = that side is hitched
    above level. 0 = level. Range (-180, 180], in practice ±20. Reliability in 2D running video:
    SDD ≈ 2.7-2.8 degrees (Dingenen 2018); each extra degree in running raised the odds of
    injury (Bramah 2018), with no validated cut-off. Front/back view only.
    """
    toward_swing = lateral_x_sign(other_side(stance_side), view)
    stance = left_hip if stance_side == "left" else right_hip
    swing = right_hip if stance_side == "left" else left_hip
    line = _vector(stance, swing, ("stance hip", "swing hip"))
    horizontal = np.broadcast_to(np.array([toward_swing, 0.0]), line.shape)
    # Turning from the horizontal (toward the swing side) down to the line is a drop.
    return np.asarray(-toward_swing * signed_angle_between(horizontal, line), dtype=np.float64)


def trunk_lean(
    left_hip: FloatArray,
    right_hip: FloatArray,
    left_shoulder: FloatArray,
    right_shoulder: FloatArray,
    *,
    stance_side: LegSide,
    view: View,
) -> FloatArray:
    """Trunk lateral lean (lateral trunk flexion relative to the image vertical).

    Definition: the angle between the line mid-hip -> mid-shoulder and the image vertical
    (up). Sign: POSITIVE = the trunk leans toward the stance side (``stance_side``; for
    two-legged work pass the side the lean is reported toward), the ipsilateral lean that
    compensates weak hip abductors. 0 = upright. Range (-180, 180], in practice ±20. The camera
    must be level (image vertical = gravity). 2D SDD 1.3-2.3 degrees (Dingenen 2018).
    """
    toward_stance = lateral_x_sign(stance_side, view)
    mid_hip = midpoint(left_hip, right_hip)
    mid_shoulder = midpoint(left_shoulder, right_shoulder)
    trunk = _vector(mid_hip, mid_shoulder, ("mid-hip", "mid-shoulder"))
    vertical = np.broadcast_to(np.array([0.0, 1.0]), trunk.shape)
    # Rotating "up" toward screen +x is clockwise (negative).
    return np.asarray(-toward_stance * signed_angle_between(vertical, trunk), dtype=np.float64)


def hip_abduction(
    left_hip: FloatArray,
    right_hip: FloatArray,
    knee: FloatArray,
    *,
    side: LegSide,
    view: View,
) -> FloatArray:
    """Frontal-plane hip abduction of ``side``'s thigh relative to the pelvis.

    Definition: the angle between the thigh (hip -> knee of ``side``) and the line through
    that hip perpendicular to the hip-to-hip line, pointing away from the trunk (the pelvis's
    own "straight down"). Sign: POSITIVE = abduction (knee lateral, away from the midline);
    negative = adduction. 0 = thigh perpendicular to the pelvis line. Range (-180, 180].
    Because the reference moves with the pelvis, a stance leg under a contralateral pelvic drop
    of d degrees reads about -d (adducted), matching the 2D hip adduction of Dingenen 2018
    (SDD 2.3-3.8 degrees). Front/back view only.
    """
    medial = -lateral_x_sign(side, view)
    hip = left_hip if side == "left" else right_hip
    partner = right_hip if side == "left" else left_hip
    pelvis = _vector(hip, partner, ("hip", "other hip"))
    # Caudal direction: the medial pelvis vector turned 90 degrees toward "down".
    turn = -medial  # clockwise when medial is screen-right, counter-clockwise otherwise
    caudal = np.stack([-turn * pelvis[..., 1], turn * pelvis[..., 0]], axis=-1)
    thigh = _vector(hip, knee, ("hip", "knee"))
    return np.asarray(-medial * signed_angle_between(caudal, thigh), dtype=np.float64)


def trunk_forward_lean(
    mid_hip: FloatArray, mid_shoulder: FloatArray, *, facing_x_sign: float
) -> FloatArray:
    """Trunk forward lean (sagittal trunk inclination) in a SIDE view.

    Definition: the angle between the line mid-hip -> mid-shoulder and the image vertical.
    Sign: POSITIVE = leaning forward, toward where the person faces (``facing_x_sign`` = +1
    if they face screen right, -1 if screen left; see ``infer_facing_x_sign``). Range
    (-180, 180].
    """
    if facing_x_sign not in (1.0, -1.0):
        raise AnalysisError(f"facing_x_sign must be +1 or -1, got {facing_x_sign}")
    trunk = _vector(mid_hip, mid_shoulder, ("mid-hip", "mid-shoulder"))
    vertical = np.broadcast_to(np.array([0.0, 1.0]), trunk.shape)
    return np.asarray(-facing_x_sign * signed_angle_between(vertical, trunk), dtype=np.float64)


def midpoint(a: FloatArray, b: FloatArray) -> FloatArray:
    """Point halfway between ``a`` and ``b``."""
    return np.asarray((_points("a", a) + _points("b", b)) / 2.0, dtype=np.float64)


def _scale(scale_from: FloatArray, scale_to: FloatArray, per_frame: bool) -> FloatArray:
    vec = _vector(scale_from, scale_to, ("scale_from", "scale_to"))
    length = np.hypot(vec[..., 0], vec[..., 1])
    if not per_frame:
        finite = length[np.isfinite(length)]
        length = np.full_like(length, np.median(finite) if finite.size else np.nan)
    return np.where(length > 0, length, np.nan)


def height_ratio(
    point: FloatArray,
    base: FloatArray,
    scale_from: FloatArray,
    scale_to: FloatArray,
    *,
    per_frame_scale: bool = False,
) -> FloatArray:
    """Height of ``point`` above ``base`` along the image vertical, in units of a body length.

    Positive when ``point`` is above ``base``. The unit is ``|scale_to - scale_from|``, by
    default its median over the whole series (steadier than a per-frame length, which adds its
    own noise; pass ``per_frame_scale=True`` if the camera distance changes). Choose a length
    that flexion does not shorten in the view, e.g. the hip-to-hip width in a front view: then
    the mid-hip height over the stance ankle is a squat-depth signal. Dimensionless;
    translation, scale and mirror invariant.
    """
    rise = _vector(base, point, ("base", "point"))[..., 1]
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.asarray(rise / _scale(scale_from, scale_to, per_frame_scale), dtype=np.float64)


def distance_ratio(
    a: FloatArray,
    b: FloatArray,
    scale_from: FloatArray,
    scale_to: FloatArray,
    *,
    per_frame_scale: bool = False,
) -> FloatArray:
    """Distance ``|b - a|`` in units of ``|scale_to - scale_from|`` (its series median unless
    ``per_frame_scale``), e.g. ankle separation over hip width for lateral band-walk steps.
    Translation, scale and mirror invariant."""
    gap = _vector(a, b, ("a", "b"))
    span = np.hypot(gap[..., 0], gap[..., 1])
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.asarray(span / _scale(scale_from, scale_to, per_frame_scale), dtype=np.float64)


def infer_view(
    left_hip: FloatArray,
    right_hip: FloatArray,
    left_shoulder: FloatArray,
    right_shoulder: FloatArray,
    *,
    side_width_ratio: float = 0.2,
) -> View:
    """Guess the camera view from ``(T, 2)`` hip and shoulder tracks.

    ``side`` when the median hip width is below ``side_width_ratio`` of the median trunk length
    (hips overlap in a side view); otherwise ``front`` if the left hip is on the image's right
    in most frames (the person faces the camera), else ``back``.
    """
    lh, rh = _points("left_hip", left_hip), _points("right_hip", right_hip)
    trunk = _vector(midpoint(lh, rh), midpoint(left_shoulder, right_shoulder), ("hip", "shoulder"))
    dx = lh[..., 0] - rh[..., 0]
    trunk_len = np.hypot(trunk[..., 0], trunk[..., 1])
    ok = np.isfinite(dx) & np.isfinite(trunk_len)
    if not np.any(ok):
        raise AnalysisError("cannot tell the view: hips and shoulders are never all visible")
    if np.median(np.abs(dx[ok])) < side_width_ratio * np.median(trunk_len[ok]):
        return "side"
    return "front" if np.median(np.sign(dx[ok])) > 0 else "back"


def infer_facing_x_sign(heel: FloatArray, foot_index: FloatArray) -> float:
    """In a side view, +1 if the person faces screen right (toes ahead of heels), else -1."""
    dx = _points("foot_index", foot_index)[..., 0] - _points("heel", heel)[..., 0]
    ok = np.isfinite(dx)
    if not np.any(ok):
        raise AnalysisError("cannot tell which way the person faces: feet never visible")
    return 1.0 if np.median(dx[ok]) >= 0 else -1.0


def frontal_view(view: View) -> FrontalView:
    """``view`` narrowed to a frontal view, or ``AnalysisError`` for a side view."""
    lateral_x_sign("left", view)
    return "front" if view == "front" else "back"


def unwrap_deg(values: FloatArray) -> FloatArray:
    """Remove ±360 jumps between consecutive finite samples; NaN samples stay NaN.

    Continuity is carried across NaN gaps (the sample after a gap is unwrapped relative to the
    last finite sample before it).
    """
    out = np.array(values, dtype=np.float64, copy=True)
    finite = np.isfinite(out)
    if np.count_nonzero(finite) > 1:
        out[finite] = np.unwrap(out[finite], period=360.0)
    return out


def build_angle_series(
    name: str, timestamps_s: FloatArray, values: FloatArray, *, unit: str = "deg"
) -> AngleSeries:
    """An ``AngleSeries`` from per-frame values: unwrapped if in degrees, valid where finite."""
    vals = np.asarray(values, dtype=np.float64)
    if unit == "deg":
        vals = unwrap_deg(vals)
    return AngleSeries(
        name=name,
        unit=unit,
        values=vals,
        timestamps_s=np.asarray(timestamps_s, dtype=np.float64),
        valid=np.isfinite(vals),
    )
