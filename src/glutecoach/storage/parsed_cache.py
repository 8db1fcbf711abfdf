"""Domain values already parsed from rows, kept between units of work, keyed by what changes
when the row changes.

- A stored plan is never rewritten (decisions are stored beside it; see
  ``services/training.py``): keyed by its id.
- A decision is written once; only its log link can change (to NULL when the log is deleted):
  keyed by its id and that link.
- A session log changes only through its repository, which stamps ``updated_at`` each time (and
  its plan link can become NULL): keyed by its id, plan link and ``updated_at``.

So the next read of the same row gives the same value: it costs a query of the keys and a
dictionary look-up instead of parsing and validating every set, prescription and planned
session again. Keys include the database (its URL), so two databases never share an entry; the
least recently used entry goes first once ``max_entries`` are held.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

from sqlalchemy.orm import Session

V = TypeVar("V")


class ParsedCache(Generic[V]):
    """A bounded, thread-safe map from (database, key) to a parsed value."""

    def __init__(self, max_entries: int) -> None:
        self._max = max_entries
        self._values: OrderedDict[tuple[str, Hashable], V] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, session: Session, key: Hashable, parse: Callable[[], V]) -> V:
        """The value for ``key`` in ``session``'s database, parsed by ``parse`` the first time."""
        found = self.known(session, key)
        return found if found is not None else self.keep(session, key, parse())

    def known(self, session: Session, key: Hashable) -> V | None:
        """The value held for ``key`` in ``session``'s database, or None."""
        full = (_database(session), key)
        with self._lock:
            value = self._values.get(full)
            if value is not None:
                self._values.move_to_end(full)
            return value

    def __len__(self) -> int:
        with self._lock:
            return len(self._values)

    def clear(self) -> None:
        """Forget every value (a new process starts so)."""
        with self._lock:
            self._values.clear()

    def keep(self, session: Session, key: Hashable, value: V) -> V:
        """Hold ``value`` for ``key`` in ``session``'s database; returns it."""
        with self._lock:
            full = (_database(session), key)
            self._values[full] = value
            self._values.move_to_end(full)
            while len(self._values) > self._max:
                self._values.popitem(last=False)
        return value


def _database(session: Session) -> str:
    return str(session.get_bind().engine.url)
