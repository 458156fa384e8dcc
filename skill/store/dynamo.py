"""The store on DynamoDB, through the ASK SDK's DynamoDB persistence adapter.

The table has the partition key ``id`` (the adapter's default, and the SAM template's); the
adapter's key generator is handed the user id itself. Short client timeouts keep a slow table
from eating Alexa's 8 s: a turn then goes on without the store.
"""

from __future__ import annotations

import json
from typing import Any

import boto3
from ask_sdk_core.exceptions import PersistenceException
from ask_sdk_dynamodb.adapter import DynamoDbAdapter
from botocore.config import Config

from skill.store.interface import StoreError

CLIENT_CONFIG = Config(connect_timeout=1, read_timeout=1, retries={"max_attempts": 2})


def _user_id(key: Any) -> str:
    return str(key)


class DynamoStore:
    def __init__(self, table_name: str, resource: Any = None) -> None:
        self.adapter = DynamoDbAdapter(
            table_name=table_name,
            partition_key_name="id",
            attribute_name="attributes",
            create_table=False,
            partition_keygen=_user_id,
            dynamodb_resource=resource or boto3.resource("dynamodb", config=CLIENT_CONFIG),
        )

    def load(self, user_id: str) -> str | None:
        try:
            attributes = self.adapter.get_attributes(user_id)
        except PersistenceException as error:
            raise StoreError(f"dynamodb: {error}") from None
        if not attributes:
            return None
        record = attributes.get("record") if isinstance(attributes, dict) else None
        # Anything else is handed on as it is, so it reads as corrupt and is never overwritten.
        return record if isinstance(record, str) else json.dumps(attributes, default=str)

    def save(self, user_id: str, record: str) -> None:
        try:
            self.adapter.save_attributes(user_id, {"record": record})
        except PersistenceException as error:
            raise StoreError(f"dynamodb: {error}") from None

    def delete(self, user_id: str) -> None:
        try:
            self.adapter.delete_attributes(user_id)
        except PersistenceException as error:
            raise StoreError(f"dynamodb: {error}") from None
