"""Storage tests run on both backends: the fixtures live in ``backends.py``."""

from tests.storage.backends import (  # noqa: F401 - fixtures, registered by importing them
    backend,
    database,
    database_url,
    other_database_url,
    postgres_server,
)
