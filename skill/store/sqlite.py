"""The store in one local SQLite file (``make run``, ``make serve``): WAL, a schema version,
a version per record for conditional saves, and deletes that leave nothing on disk.

WAL runs at ``synchronous=NORMAL``, SQLite's own advice for WAL: a commit returns without
waiting for an fsync, and a committed turn survives a crash of the process (it is in the log,
which the next open reads); only a power loss or a crash of the machine can lose the last turns
saved, which for a stretching history is the right trade for a save ten times as fast.
"""

from __future__ import annotations

import sqlite3
import threading
import time
from datetime import UTC, datetime
from pathlib import Path

from skill import PROJECT_ROOT
from skill.store.interface import NOTHING, Stored, StoreError, next_version

DEFAULT_DB_PATH = PROJECT_ROOT / "data" / "coach.sqlite3"
SCHEMA_VERSION = 2  # 2: a version per record


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
            # Freed space is overwritten with zeros, so a deleted record leaves no trace.
            connection.execute("PRAGMA secure_delete = ON")
            connection.execute("PRAGMA synchronous = NORMAL")  # see the module's docstring
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
        """Bring the file to this schema, writing only what is missing: a database that is up
        to date opens without a write, so a read-only file still serves reads."""
        (version,) = connection.execute("PRAGMA user_version").fetchone()
        if version > SCHEMA_VERSION:
            raise StoreError(f"{self.path}: schema {version} is newer than {SCHEMA_VERSION}")
        if version == SCHEMA_VERSION:
            return
        if connection.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
            connection.execute("PRAGMA journal_mode=WAL")
        connection.execute("BEGIN IMMEDIATE")
        try:
            (version,) = connection.execute("PRAGMA user_version").fetchone()  # under the lock
            if version == 0:
                connection.execute(
                    "CREATE TABLE IF NOT EXISTS users (id TEXT PRIMARY KEY, record TEXT NOT NULL,"
                    " updated_at TEXT NOT NULL, version INTEGER NOT NULL DEFAULT 1)"
                )
            elif version == 1:
                connection.execute(
                    "ALTER TABLE users ADD COLUMN version INTEGER NOT NULL DEFAULT 1"
                )
            connection.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
            connection.execute("COMMIT")
        except BaseException:
            connection.execute("ROLLBACK")
            raise

    def _run(self, sql: str, *args: str | int) -> sqlite3.Cursor:
        try:
            return self._connection().execute(sql, args)
        except (sqlite3.Error, OSError, UnicodeError) as error:
            raise StoreError(f"sqlite {self.path.name}: {type(error).__name__}: {error}") from None

    def load(self, user_id: str) -> Stored:
        rows = self._run("SELECT record, version FROM users WHERE id = ?", user_id).fetchall()
        return Stored(rows[0][0], rows[0][1]) if rows else NOTHING

    def save(self, user_id: str, record: str, version: int) -> bool:
        now = datetime.now(UTC).isoformat(timespec="seconds")
        if version == 0:
            cursor = self._run(
                "INSERT INTO users (id, record, updated_at, version) VALUES (?, ?, ?, ?) "
                "ON CONFLICT(id) DO NOTHING",
                user_id,
                record,
                now,
                next_version(),
            )
        else:
            cursor = self._run(
                "UPDATE users SET record = ?, updated_at = ?, version = ? "
                "WHERE id = ? AND version = ?",
                record,
                now,
                next_version(),
                user_id,
                version,
            )
        return cursor.rowcount == 1

    def delete(self, user_id: str) -> None:
        """Delete the record, and move the write-ahead log into the file at once, so the
        deleted bytes (zeroed by secure_delete) leave no copy behind in the log either."""
        self._run("DELETE FROM users WHERE id = ?", user_id)
        self._run("PRAGMA wal_checkpoint(TRUNCATE)")
