"""Where each user's record is kept between sessions: one small interface, two backends.

* ``interface``  the Store protocol and StoreError
* ``sqlite``     a local file (``make run``, ``make serve``)
* ``dynamo``     DynamoDB on Lambda, partition key ``id``
* ``record``     what a user's record holds, and how it is read back
"""

from __future__ import annotations

import os
from collections.abc import Mapping

from skill.store.interface import Store


def open_store(environ: Mapping[str, str] | None = None) -> Store:
    """DynamoDB when TABLE_NAME is set (Lambda), else SQLite at SKILL_DB_PATH or data/. Each
    backend is imported only where it is used: boto3 never locally, sqlite3 never on Lambda."""
    env = os.environ if environ is None else environ
    if env.get("TABLE_NAME"):
        from skill.store.dynamo import DynamoStore

        return DynamoStore(env["TABLE_NAME"])
    from skill.store.sqlite import DEFAULT_DB_PATH, SqliteStore

    return SqliteStore(env.get("SKILL_DB_PATH") or DEFAULT_DB_PATH)
