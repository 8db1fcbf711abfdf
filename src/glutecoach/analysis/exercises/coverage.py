"""Why the library variations the video check does not judge are not judged (data only).

``base.checkable(variation_id)`` is True when an analyzer serves the variation. Every library
variation without one has an entry in ``NOT_CHECKABLE`` saying why (a contract test keeps this
complete, and ``docs/video-coverage.md`` lists the same ids and reasons); asking to check such
a variation is a ``NotCheckableError`` (exit 2) carrying that reason, raised by
``base.analyzer_for`` before any video is decoded.
"""

from __future__ import annotations

from collections.abc import Mapping

NOT_CHECKABLE: Mapping[str, str] = {
    "supine-isometric-hip-abduction": (
        "lying on your back pressing the knees out against a belt, nothing moves: a camera "
        "cannot see when the press starts, how hard you push or when you let go, so time the "
        "hold yourself and keep the pressure steady and pain-free"
    ),
    "standing-isometric-hip-abduction": (
        "standing and pressing the legs out against a belt, nothing moves: a camera cannot see "
        "when the press starts or how hard you push, so time the hold yourself; film the wall "
        "press instead to have the hold and your pelvis checked"
    ),
}
"""Library variations the video check does not judge, with the reason shown to the runner."""
