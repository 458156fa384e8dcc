"""The two real stores for tests: SQLite in a temporary file, DynamoDB through moto."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import boto3
from moto import mock_aws

from skill.store.dynamo import DynamoStore
from skill.store.interface import Store
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


def put(store: Store, user_id: str, record: str) -> None:
    """Write ``record`` over whatever is stored: a test setting the scene."""
    assert store.save(user_id, record, store.load(user_id).version)


def stored_text(store: Store, user_id: str) -> str | None:
    """The record text stored for ``user_id``, or None."""
    return store.load(user_id).record
