"""The store interface, the same behaviour on SQLite and on DynamoDB (moto), and SQLite's
own guarantees: WAL, schema version, timeouts, many writers at once."""

from __future__ import annotations

import json
import multiprocessing
import sqlite3
import threading
from pathlib import Path

import pytest

from skill.store import open_store
from skill.store.dynamo import DynamoStore
from skill.store.interface import StoreError
from skill.store.sqlite import SCHEMA_VERSION, SqliteStore
from tests.store.stores import STORE_KINDS, fake_aws, open_test_store, put, stored_text


@pytest.fixture(params=STORE_KINDS)
def store(request, tmp_path: Path):
    with open_test_store(request.param, tmp_path) as opened:
        yield opened


def test_a_user_without_a_record_has_none(store) -> None:
    assert stored_text(store, "amzn1.ask.account.nobody") is None


def test_a_record_is_read_back_as_saved_and_overwritten(store) -> None:
    put(store, "u1", '{"a": "één ✓"}')
    assert stored_text(store, "u1") == '{"a": "één ✓"}'
    put(store, "u1", '{"a": 2}')
    assert stored_text(store, "u1") == '{"a": 2}'


def test_users_are_kept_apart_and_delete_removes_only_one(store) -> None:
    put(store, "u1", "one")
    put(store, "u2", "two")
    store.delete("u1")
    assert (stored_text(store, "u1"), stored_text(store, "u2")) == (None, "two")
    store.delete("u1")  # deleting nothing is fine


def test_dynamodb_without_its_table_is_a_store_error(tmp_path: Path) -> None:
    with fake_aws():
        missing = DynamoStore("no-such-table")
        for call in (lambda: missing.load("u"), lambda: missing.save("u", "x", 0)):
            with pytest.raises(StoreError, match="dynamodb"):
                call()


def test_a_foreign_dynamodb_item_reads_as_text_not_as_nothing(tmp_path: Path) -> None:
    with open_test_store("dynamodb", tmp_path) as store:
        store.client.put_item(
            TableName=store.table_name, Item={"id": {"S": "u"}, "something": {"S": "else"}}
        )
        assert json.loads(stored_text(store, "u")) == {"something": "else"}


def test_sqlite_uses_wal_and_records_its_schema_version(tmp_path: Path) -> None:
    store = SqliteStore(tmp_path / "deep" / "coach.sqlite3")
    put(store, "u", "x")
    connection = sqlite3.connect(tmp_path / "deep" / "coach.sqlite3")
    assert connection.execute("PRAGMA journal_mode").fetchone() == ("wal",)
    assert connection.execute("PRAGMA user_version").fetchone() == (SCHEMA_VERSION,)


def test_sqlite_refuses_a_newer_schema(tmp_path: Path) -> None:
    path = tmp_path / "coach.sqlite3"
    sqlite3.connect(path).execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    with pytest.raises(StoreError, match="newer"):
        SqliteStore(path).load("u")


def test_sqlite_locked_past_its_timeout_is_a_store_error(tmp_path: Path) -> None:
    path = tmp_path / "coach.sqlite3"
    put(SqliteStore(path), "u", "x")
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        with pytest.raises(StoreError, match="locked"):
            put(SqliteStore(path, timeout=0.2), "u", "y")
    finally:
        holder.execute("ROLLBACK")


def test_sqlite_at_an_unusable_path_is_a_store_error(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    with pytest.raises(StoreError):
        SqliteStore(blocker / "coach.sqlite3").load("u")


def test_open_store_picks_the_backend_from_the_environment(tmp_path: Path) -> None:
    sqlite = open_store({"SKILL_DB_PATH": str(tmp_path / "x.sqlite3")})
    assert isinstance(sqlite, SqliteStore) and sqlite.path == tmp_path / "x.sqlite3"
    with fake_aws():
        assert isinstance(open_store({"TABLE_NAME": "t"}), DynamoStore)


def _write_many(path: str, worker: int, rounds: int) -> None:
    store = SqliteStore(path, timeout=10)
    for i in range(rounds):
        put(store, f"user-{worker}", json.dumps({"worker": worker, "round": i}))
        loaded = json.loads(stored_text(store, f"user-{worker}"))
        assert loaded == {"worker": worker, "round": i}


def test_concurrent_threads_never_mix_users(tmp_path: Path) -> None:
    path = str(tmp_path / "coach.sqlite3")
    errors: list[BaseException] = []

    def run(worker: int) -> None:
        try:
            _write_many(path, worker, 40)
        except BaseException as error:  # collected and re-raised below
            errors.append(error)

    threads = [threading.Thread(target=run, args=(w,)) for w in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    store = SqliteStore(path)
    for worker in range(8):
        assert json.loads(stored_text(store, f"user-{worker}")) == {"worker": worker, "round": 39}


def test_concurrent_processes_never_mix_users(tmp_path: Path) -> None:
    path = str(tmp_path / "coach.sqlite3")
    context = multiprocessing.get_context("spawn")
    processes = [context.Process(target=_write_many, args=(path, w, 25)) for w in range(4)]
    for process in processes:
        process.start()
    for process in processes:
        process.join(60)
    assert [p.exitcode for p in processes] == [0, 0, 0, 0]
    store = SqliteStore(path)
    for worker in range(4):
        assert json.loads(stored_text(store, f"user-{worker}")) == {"worker": worker, "round": 24}
