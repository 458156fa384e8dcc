"""What every store offers: a record as opaque JSON text keyed by the Alexa user id, saved
only over the version it was read at.

:mod:`skill.store.record` gives the text its meaning. Two turns of one user (two Echos in one
household) may run at once: :meth:`Store.save` names the version the turn loaded and refuses
when the record changed since, so the turn can merge and try again instead of overwriting.
Every failure of a backend (unreachable, locked past its timeout, a newer schema) surfaces as
:class:`StoreError`, so a turn can still be answered without it.
"""

import os
from typing import NamedTuple, Protocol


class StoreError(Exception):
    """The store could not be used this turn; the message holds no user data."""


class Stored(NamedTuple):
    """A user's record as the store holds it, and its version (0: no record)."""

    record: str | None = None
    version: int = 0


NOTHING = Stored()


def next_version() -> int:
    """A new version for a save: random, not counted, so a record deleted and begun again never
    meets its old version numbers (a turn that loaded the old one cannot save over the new)."""
    # 62 bits of the OS's randomness, read directly: `random` and `secrets` (which loads OpenSSL)
    # would each add to every cold start. Never 0 (no record) nor 1 (records from before versions).
    return (int.from_bytes(os.urandom(8), "big") >> 2) + 2


class Store(Protocol):
    def load(self, user_id: str) -> Stored: ...

    def save(self, user_id: str, record: str, version: int) -> bool:
        """Store ``record`` under a new version if the stored one is still ``version`` (0: if
        there is none); False, and nothing written, when another save or a delete came first."""
        ...

    def delete(self, user_id: str) -> None: ...
