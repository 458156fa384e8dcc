"""The store on DynamoDB: one item per user, partition key ``id``, saved conditionally.

An item is ``{"id": user id, "attributes": {"record": text}, "version": n}`` (the layout of the
ASK SDK's DynamoDB persistence adapter, plus the version, so items it wrote still read). Saves
carry a ConditionExpression on the version, which the adapter cannot, so this talks to the
table through boto3 directly. Short client timeouts keep a slow table from eating Alexa's 8 s:
a turn then goes on without the store.
"""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

import boto3
from botocore.config import Config
from botocore.exceptions import BotoCoreError, ClientError

from skill.store.interface import NOTHING, Stored, StoreError, next_version

CLIENT_CONFIG = Config(connect_timeout=1, read_timeout=1, retries={"max_attempts": 2})
_CONFLICT = "ConditionalCheckFailedException"


class DynamoStore:
    def __init__(self, table_name: str, resource: Any = None) -> None:
        dynamodb = resource or boto3.resource("dynamodb", config=CLIENT_CONFIG)
        self.table = dynamodb.Table(table_name)

    def load(self, user_id: str) -> Stored:
        try:
            item = self.table.get_item(Key={"id": user_id}, ConsistentRead=True).get("Item")
        except (BotoCoreError, ClientError) as error:
            raise StoreError(f"dynamodb: {type(error).__name__}") from None
        if not item:
            return NOTHING
        version = int(item.get("version", 1))  # items written before versions are version 1
        attributes = item.get("attributes")
        record = attributes.get("record") if isinstance(attributes, dict) else None
        if not isinstance(record, str):
            # Anything else is handed on as text, so it reads as corrupt and is never overwritten.
            record = json.dumps({k: v for k, v in item.items() if k != "id"}, default=_plain)
        return Stored(record, version)

    def save(self, user_id: str, record: str, version: int) -> bool:
        item = {"id": user_id, "attributes": {"record": record}, "version": next_version()}
        if version == 0:
            condition, values = "attribute_not_exists(id)", {}
        elif version == 1:
            condition = "version = :v OR (attribute_exists(id) AND attribute_not_exists(version))"
            values = {":v": version}
        else:
            condition, values = "version = :v", {":v": version}
        try:
            self.table.put_item(
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
            self.table.delete_item(Key={"id": user_id})
        except (BotoCoreError, ClientError) as error:
            raise StoreError(f"dynamodb: {type(error).__name__}") from None


def _plain(value: Any) -> Any:
    return int(value) if isinstance(value, Decimal) and value == int(value) else str(value)
