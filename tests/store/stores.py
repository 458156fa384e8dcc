"""The two real stores for tests: SQLite in a temporary file, DynamoDB through moto."""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import boto3
from moto import mock_aws

from skill.store.dynamo import DynamoStore
from skill.store.interface import NOTHING, Store, StoreError
from skill.store.sqlite import SqliteStore

TABLE = "back-stretch-coach-test"
STORE_KINDS = ("sqlite", "dynamodb")


def create_table(name: str = TABLE) -> None:
    boto3.client("dynamodb").create_table(
        TableName=name,
        KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}],
        AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "S"}],
        BillingMode="PAY_PER_REQUEST",
    )


@contextmanager
def fake_aws() -> Iterator[None]:
    keys = {
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
        "AWS_DEFAULT_REGION": "us-east-1",
    }
    saved = {k: os.environ.get(k) for k in keys}
    os.environ.update(keys)
    try:
        with mock_aws():
            yield
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


@contextmanager
def open_test_store(kind: str, folder: Path) -> Iterator[Store]:
    if kind == "sqlite":
        yield SqliteStore(folder / "coach.sqlite3")
        return
    with fake_aws():
        create_table()
        yield DynamoStore(TABLE)


def one_request_at_a_time(store: DynamoStore) -> DynamoStore:
    """DynamoDB applies a ConditionExpression atomically, request by request; moto does not
    across threads (two conditional puts on one version can both succeed under contention).
    Serialise moto's requests, as one table serialises writes to one item; the turns still race
    between their load and their save."""
    lock = threading.Lock()
    for name in ("get_item", "put_item", "delete_item"):
        call = getattr(store.client, name)

        def serialised(*args, _call=call, **kwargs):
            with lock:
                return _call(*args, **kwargs)

        setattr(store.client, name, serialised)
    return store


def put(store: Store, user_id: str, record: str) -> None:
    """Write ``record`` over whatever is stored: a test setting the scene."""
    assert store.save(user_id, record, store.load(user_id).version)


def stored_text(store: Store, user_id: str) -> str | None:
    """The record text stored for ``user_id``, or None."""
    return store.load(user_id).record


class BrokenStore:
    """A store whose operations in ``fail_on`` fail as an unreachable one does."""

    def __init__(self, inner=None, fail_on: tuple[str, ...] = ("load", "save", "delete")):
        self.inner, self.fail_on, self.saved = inner, fail_on, 0

    def _fail(self, op: str) -> None:
        if op in self.fail_on:
            raise StoreError(f"simulated {op} failure")

    def load(self, user_id):
        self._fail("load")
        return self.inner.load(user_id) if self.inner else NOTHING

    def save(self, user_id, record, version):
        self._fail("save")
        self.saved += 1
        return self.inner.save(user_id, record, version) if self.inner else True

    def delete(self, user_id):
        self._fail("delete")
        if self.inner:
            self.inner.delete(user_id)
