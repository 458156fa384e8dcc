"""Where each user's record is kept between sessions: one small interface, two backends.

A record is an opaque JSON text keyed by the Alexa user id; :mod:`skill.user_record` gives it
meaning. Every failure of a backend (unreachable, locked past its timeout, a newer schema)
surfaces as :class:`StoreError`, so a turn can still be answered without it.

* :class:`SqliteStore`: a local file (``make run``, ``make serve``), WAL, a schema version.
* :class:`skill.store_dynamo.DynamoStore`: DynamoDB on Lambda, partition key ``id``.
"""

from __future__ import annotations

import os
import sqlite3
import threading
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Protocol

DEFAULT_DB_PATH = Path(__file__).resolve().parent.parent / "data" / "coach.sqlite3"
SCHEMA_VERSION = 1


class StoreError(Exception):
    """The store could not be used this turn; the message holds no user data."""


class Store(Protocol):
    def load(self, user_id: str) -> str | None: ...

    def save(self, user_id: str, record: str) -> None: ...

    def delete(self, user_id: str) -> None: ...


class SqliteStore:
    """Records in one SQLite file; safe for many threads and processes at once."""

    def __init__(self, path: Path | str, timeout: float = 2.0) -> None:
        self.path = Path(path)
        self.timeout = timeout
        self._local = threading.local()
        self._ready = False
        self._lock = threading.Lock()

    def _connection(self) -> sqlite3.Connection:
        connection = getattr(self._local, "connection", None)
        if connection is None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            connection = sqlite3.connect(self.path, timeout=self.timeout, isolation_level=None)
            self._local.connection = connection
        with self._lock:
            if not self._ready:
                self._migrate(connection)
                self._ready = True
        return connection

    def _migrate(self, connection: sqlite3.Connection) -> None:
        """Create the table and switch to WAL, waiting out other processes doing the same."""
        deadline = time.monotonic() + self.timeout
        while True:
            try:
                return self._create(connection)
            except sqlite3.OperationalError as error:
                if "locked" not in str(error) or time.monotonic() > deadline:
                    raise
                time.sleep(0.01)

    def _create(self, connection: sqlite3.Connection) -> None:
        (version,) = connection.execute("PRAGMA user_version").fetchone()
        if version > SCHEMA_VERSION:
            raise StoreError(f"{self.path}: schema {version} is newer than {SCHEMA_VERSION}")
        if connection.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
            connection.execute("PRAGMA journal_mode=WAL")
        connection.execute(
            "CREATE TABLE IF NOT EXISTS users ("
            " id TEXT PRIMARY KEY, record TEXT NOT NULL, updated_at TEXT NOT NULL)"
        )
        connection.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")

    def _run(self, sql: str, *args: str) -> list[tuple]:
        try:
            return self._connection().execute(sql, args).fetchall()
        except (sqlite3.Error, OSError, UnicodeError) as error:
            raise StoreError(f"sqlite {self.path.name}: {type(error).__name__}: {error}") from None

    def load(self, user_id: str) -> str | None:
        rows = self._run("SELECT record FROM users WHERE id = ?", user_id)
        return rows[0][0] if rows else None

    def save(self, user_id: str, record: str) -> None:
        now = datetime.now(UTC).isoformat(timespec="seconds")
        self._run(
            "INSERT INTO users (id, record, updated_at) VALUES (?, ?, ?) "
            "ON CONFLICT(id) DO UPDATE SET record = excluded.record, "
            "updated_at = excluded.updated_at",
            user_id,
            record,
            now,
        )

    def delete(self, user_id: str) -> None:
        self._run("DELETE FROM users WHERE id = ?", user_id)


def open_store(environ: dict[str, str] | None = None) -> Store:
    """DynamoDB when TABLE_NAME is set (Lambda), else SQLite at SKILL_DB_PATH or data/."""
    env = os.environ if environ is None else environ
    if env.get("TABLE_NAME"):
        from skill.store_dynamo import DynamoStore

        return DynamoStore(env["TABLE_NAME"])
    return SqliteStore(env.get("SKILL_DB_PATH") or DEFAULT_DB_PATH)
