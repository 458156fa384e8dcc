"""The store in one local SQLite file (``make run``, ``make serve``): WAL, a schema version."""

from __future__ import annotations

import sqlite3
import threading
import time
from datetime import UTC, datetime
from pathlib import Path

from skill import PROJECT_ROOT
from skill.store.interface import StoreError

DEFAULT_DB_PATH = PROJECT_ROOT / "data" / "coach.sqlite3"
SCHEMA_VERSION = 1


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
