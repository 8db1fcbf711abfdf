"""The base model every domain value type derives from."""

from pydantic import BaseModel, ConfigDict


class Frozen(BaseModel):
    """Immutable, strict about unknown fields: a typo in a data file is an error, not a default."""

    model_config = ConfigDict(frozen=True, extra="forbid", str_strip_whitespace=True)
