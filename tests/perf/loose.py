"""A what-if for the benchmarks: the SQLite store with ``synchronous=NORMAL``.

In WAL mode a commit then returns without waiting for an fsync: the database stays consistent
after any crash, but a crash of the machine or a power loss may lose the last commits.
"""

from __future__ import annotations

import sqlite3

from skill.store.sqlite import SqliteStore


class NormalSyncStore(SqliteStore):
    def _connection(self) -> sqlite3.Connection:
        connection = super()._connection()
        if not getattr(self._local, "normal_sync", False):
            connection.execute("PRAGMA synchronous=NORMAL")
            self._local.normal_sync = True
        return connection
