"""What every request of the web app needs to handle video checks: the media folder and the
upload limits (``VideoState``, set by the app factory from ``VideoSettings``)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Annotated

from fastapi import Depends, Request

from glutecoach.services.video_checks import VideoParams


@dataclass(frozen=True)
class VideoState:
    media_root: Path
    params: VideoParams


async def video_state(request: Request) -> VideoState:
    """The video settings (async: run on the event loop, no thread hop)."""
    state = request.app.state.videos
    assert isinstance(state, VideoState)
    return state


Videos = Annotated[VideoState, Depends(video_state)]
