"""The store on DynamoDB: one item per user, partition key ``id``, saved conditionally.

An item is ``{"id": user id, "attributes": {"record": text}, "version": n}`` (the layout of the
ASK SDK's DynamoDB persistence adapter, plus the version, so items it wrote still read). Saves
carry a ConditionExpression on the version, which the adapter cannot, so this talks to the
table through a boto3 client: unlike a boto3 resource, a client is safe to share between the
threads of one process. Short client timeouts keep a slow table from eating Alexa's 8 s: a
turn then goes on without the store.
"""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

import boto3
from boto3.dynamodb.types import TypeDeserializer
from botocore.config import Config
from botocore.exceptions import BotoCoreError, ClientError

from skill.store.interface import NOTHING, Stored, StoreError, next_version

CLIENT_CONFIG = Config(connect_timeout=1, read_timeout=1, retries={"max_attempts": 2})
_CONFLICT = "ConditionalCheckFailedException"


class DynamoStore:
    def __init__(self, table_name: str, client: Any = None) -> None:
        self.client = client or boto3.client("dynamodb", config=CLIENT_CONFIG)
        self.table_name = table_name

    def load(self, user_id: str) -> Stored:
        try:
            raw = self.client.get_item(
                TableName=self.table_name, Key=_key(user_id), ConsistentRead=True
            ).get("Item")
        except (BotoCoreError, ClientError) as error:
            raise StoreError(f"dynamodb: {type(error).__name__}") from None
        if not raw:
            return NOTHING
        item = {name: _DESERIALIZE.deserialize(value) for name, value in raw.items()}
        version = int(item.get("version", 1))  # items written before versions are version 1
        attributes = item.get("attributes")
        record = attributes.get("record") if isinstance(attributes, dict) else None
        if not isinstance(record, str):
            # Anything else is handed on as text, so it reads as corrupt and is never overwritten.
            record = json.dumps({k: v for k, v in item.items() if k != "id"}, default=_plain)
        return Stored(record, version)

    def save(self, user_id: str, record: str, version: int) -> bool:
        item = {
            **_key(user_id),
            "attributes": {"M": {"record": {"S": record}}},
            "version": {"N": str(next_version())},
        }
        if version == 0:
            condition, values = "attribute_not_exists(id)", {}
        elif version == 1:
            condition = "version = :v OR (attribute_exists(id) AND attribute_not_exists(version))"
            values = {":v": {"N": "1"}}
        else:
            condition, values = "version = :v", {":v": {"N": str(version)}}
        try:
            self.client.put_item(
                TableName=self.table_name,
                Item=item,
                ConditionExpression=condition,
                **({"ExpressionAttributeValues": values} if values else {}),
            )
        except ClientError as error:
            if error.response.get("Error", {}).get("Code") == _CONFLICT:
                return False
            raise StoreError(f"dynamodb: {type(error).__name__}") from None
        except BotoCoreError as error:
            raise StoreError(f"dynamodb: {type(error).__name__}") from None
        return True

    def delete(self, user_id: str) -> None:
        try:
            self.client.delete_item(TableName=self.table_name, Key=_key(user_id))
        except (BotoCoreError, ClientError) as error:
            raise StoreError(f"dynamodb: {type(error).__name__}") from None


def _key(user_id: str) -> dict[str, Any]:
    return {"id": {"S": user_id}}


_DESERIALIZE = TypeDeserializer()


def _plain(value: Any) -> Any:
    return int(value) if isinstance(value, Decimal) and value == int(value) else str(value)
