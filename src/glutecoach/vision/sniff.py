"""File checks before decoding, and what a file that cannot be opened as a video really is.

The first bytes tell "a text file renamed .mp4" from "an MP4 whose recording was interrupted",
which need different advice.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from glutecoach.errors import VideoError

_SUPPORTED = "mp4, mov, m4v, avi, webm, mkv or gif"


def _kind(head: bytes) -> str | None:
    """A short name of the file type the bytes start with, or None if unknown."""
    if len(head) >= 12 and head[4:8] in (b"ftyp", b"moov", b"mdat", b"wide", b"free", b"skip"):
        return "MP4/MOV"
    signatures = (
        (b"\x1a\x45\xdf\xa3", "WebM/Matroska"),
        (b"GIF8", "GIF"),
        (b"OggS", "Ogg"),
        (b"FLV", "FLV"),
        (b"\x89PNG", "PNG image"),
        (b"\xff\xd8\xff", "JPEG image"),
        (b"%PDF", "PDF document"),
        (b"PK\x03\x04", "ZIP archive"),
        (b"ID3", "MP3 audio file"),
        (b"fLaC", "FLAC audio file"),
    )
    for magic, name in signatures:
        if head.startswith(magic):
            return name
    if head.startswith(b"RIFF") and head[8:12] == b"AVI ":
        return "AVI"
    if head.startswith(b"RIFF") and head[8:12] == b"WEBP":
        return "WebP image"
    if head.startswith(b"RIFF") and head[8:12] == b"WAVE":
        return "WAV audio file"
    if head[:1] == b"\x47" and len(head) > 188 and head[188:189] == b"\x47":
        return "MPEG-TS"
    return None


def _looks_like_text(head: bytes) -> bool:
    if not head or b"\x00" in head:
        return False
    try:
        text = head.decode("utf-8")
    except UnicodeDecodeError:
        return False
    printable = sum(ch.isprintable() or ch in "\r\n\t" for ch in text)
    return printable >= 0.95 * len(text)


def check_readable_file(path: Path) -> None:
    """``VideoError`` unless ``path`` is an existing, non-empty file we may read."""
    if not path.exists():
        raise VideoError(
            f"video file not found: {path}. Check the path and that the file finished copying."
        )
    if path.is_dir():
        raise VideoError(f"{path} is a folder, not a video file. Give the path of the clip itself.")
    if not os.access(path, os.R_OK):
        raise VideoError(f"{path} cannot be read (permission denied). Copy it somewhere readable.")
    if path.stat().st_size == 0:
        raise VideoError(
            f"{path.name} is empty (0 bytes): the recording, download or copy did not complete. "
            "Record or copy the clip again."
        )


def file_sha256(path: Path, chunk_bytes: int = 1 << 20) -> str:
    """Hex SHA-256 of a file, read in chunks (identifies the exact clip analysed)."""
    digest = hashlib.sha256()
    try:
        with path.open("rb") as handle:
            while chunk := handle.read(chunk_bytes):
                digest.update(chunk)
    except OSError as exc:
        raise VideoError(f"{path.name} could not be read to the end ({exc.strerror}).") from None
    return digest.hexdigest()


def _head(path: Path) -> bytes:
    with path.open("rb") as handle:
        return handle.read(512)


def _article(word: str) -> str:
    return "an" if word[:1].upper() in "AEIOU" or word.startswith("MP") else "a"


MAX_SCANNED_BYTES = 64 << 20
"""How much of an MP4/MOV is searched for its track handlers (the index is usually at one end)."""


def track_kinds(path: Path) -> set[str]:
    """The handler types of an MP4/MOV's tracks ('vide', 'soun', ...) found in its first and
    last ``MAX_SCANNED_BYTES`` (empty when none is found, e.g. the index is missing)."""
    kinds: set[str] = set()
    try:
        size = path.stat().st_size
        with path.open("rb") as handle:
            chunks = [handle.read(MAX_SCANNED_BYTES)]
            if size > MAX_SCANNED_BYTES:
                handle.seek(max(MAX_SCANNED_BYTES, size - MAX_SCANNED_BYTES))
                chunks.append(handle.read())
    except OSError:
        return kinds
    for data in chunks:
        at = data.find(b"hdlr")
        while at != -1:
            handler = data[at + 12 : at + 16]
            if len(handler) == 4 and handler.isalpha():
                kinds.add(handler.decode("ascii"))
            at = data.find(b"hdlr", at + 4)
    return kinds


def _not_a_video(name: str, kind: str | None) -> str | None:
    if kind is not None and kind.endswith(("audio file", "image", "document", "archive")):
        return (
            f"{name} is {_article(kind)} {kind}, not a video. Give the path of the video clip "
            f"itself ({_SUPPORTED})."
        )
    return None


def refuse_non_video(path: Path) -> None:
    """Raise ``VideoError`` for a still image, PDF or archive that FFmpeg would open anyway."""
    message = _not_a_video(path.name, _kind(_head(path)))
    if message is not None:
        raise VideoError(message)


def describe_unreadable(path: Path) -> str:
    """A message for a file that OpenCV/FFmpeg could not open: what it is and what to do."""
    head = _head(path)
    kind = _kind(head)
    name = path.name
    message = _not_a_video(name, kind)
    if message is not None:
        return message
    if kind == "MP4/MOV" and "soun" in (tracks := track_kinds(path)) and "vide" not in tracks:
        return (
            f"{name} holds only sound (an audio recording, no video track), so there is "
            "nothing to see. Give the video clip itself, or record again with the camera."
        )
    if kind is not None:
        return (
            f"{name} looks like {_article(kind)} {kind} video but cannot be opened: it is "
            "truncated or damaged "
            "(for MP4/MOV, the index written when recording stops is missing, e.g. the "
            "recording was interrupted or the copy stopped early). Copy or export the clip "
            "again from the phone."
        )
    if _looks_like_text(head):
        snippet = head.decode("utf-8", errors="replace").strip().splitlines()
        first = snippet[0][:40] if snippet else ""
        return (
            f"{name} is a text file, not a video (it starts with {first!r}). Give the path of "
            f"the video clip itself ({_SUPPORTED})."
        )
    return (
        f"{name} is not a video that can be read here (its content is not a known video "
        f"format). Supported: {_SUPPORTED}. Export the clip again as MP4 (H.264)."
    )
