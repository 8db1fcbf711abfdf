"""Read a runner profile from a TOML file, with messages that say what to fix."""

from __future__ import annotations

import tomllib
from pathlib import Path

from pydantic import ValidationError

from glutecoach.domain.profile import RunnerProfile
from glutecoach.errors import InputError
from glutecoach.input_files import read_limited
from glutecoach.validation import describe

PROFILE_HELP = "see docs/profile.md or examples/*.toml"
MAX_PROFILE_BYTES = 1 << 20
"""A profile is a few hundred bytes; anything over 1 MiB is the wrong file."""


def load_profile(path: Path) -> RunnerProfile:
    """Parse and validate a profile file; raise InputError naming the field and accepted values."""
    raw = read_limited(path, MAX_PROFILE_BYTES, "a profile TOML file")
    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise InputError(f"{path}: not a text file; a profile is UTF-8 TOML text.") from None
    except tomllib.TOMLDecodeError as exc:
        raise InputError(f"{path}: not valid TOML: {exc}. {PROFILE_HELP}.") from exc
    try:
        return RunnerProfile.model_validate(data)
    except ValidationError as exc:
        raise InputError(describe(str(path), exc, data, PROFILE_HELP)) from exc
