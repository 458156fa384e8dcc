"""What every store offers: a record as opaque JSON text keyed by the Alexa user id.

:mod:`skill.store.record` gives the text its meaning. Every failure of a backend (unreachable,
locked past its timeout, a newer schema) surfaces as :class:`StoreError`, so a turn can still
be answered without it.
"""

from __future__ import annotations

from typing import Protocol


class StoreError(Exception):
    """The store could not be used this turn; the message holds no user data."""


class Store(Protocol):
    def load(self, user_id: str) -> str | None: ...

    def save(self, user_id: str, record: str) -> None: ...

    def delete(self, user_id: str) -> None: ...
