"""What the skill remembers about one user: where they were, their preferences (inside the
state), the stretches they finished per day, and whether they heard the disclaimer.

Stored as JSON text. :func:`parse` accepts only a record it fully understands; anything else
raises :class:`RecordError`, and the caller then leaves the stored text untouched.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from skill.content.model import Content
from skill.dialogue.acts import Reply
from skill.dialogue.codec import StateError, decode, encode
from skill.dialogue.events import Facts
from skill.dialogue.state import State

RECORD_VERSION = 1
HISTORY_DAYS = 60
MAX_PER_DAY = 60  # stretches kept per day; enough for ten whole routines
# The fullest record (61 days of 60 stretches) is about 110,000 characters; more is not ours.
MAX_RECORD_CHARS = 256_000


class RecordError(ValueError):
    """A stored record this version cannot read; the message names the field."""


@dataclass(frozen=True)
class UserRecord:
    state: State = State()
    history: dict[str, tuple[str, ...]] = field(default_factory=dict)  # ISO day -> stretch ids
    disclaimer_heard: bool = False
    # Set when the record is first created, kept by every save: a record with another lineage
    # was created after a delete, and nothing of the old one may be merged into it.
    lineage: str = ""

    def facts(self, today: date, new_session: bool) -> Facts:
        monday = today - timedelta(days=today.weekday())
        week = [
            ids for day, ids in self.history.items() if monday <= date.fromisoformat(day) <= today
        ]
        return Facts(
            first_visit=new_session and not self.disclaimer_heard,
            days_this_week=sum(1 for ids in week if ids),
            stretches_this_week=sum(len(ids) for ids in week),
            streak_days=self._streak(today),
        )

    def _streak(self, today: date) -> int:
        day = today if self.history.get(today.isoformat()) else today - timedelta(days=1)
        streak = 0
        while self.history.get(day.isoformat()):
            streak += 1
            day -= timedelta(days=1)
        return streak

    def after_turn(self, state: State, reply: Reply, today: date, heard: bool) -> UserRecord:
        history = dict(self.history)
        if reply.completed:
            key = today.isoformat()
            history[key] = (history.get(key, ()) + reply.completed)[-MAX_PER_DAY:]
        oldest = (today - timedelta(days=HISTORY_DAYS)).isoformat()
        history = {day: ids for day, ids in sorted(history.items()) if day >= oldest}
        return UserRecord(state, history, self.disclaimer_heard or heard, self.lineage)


def dump(record: UserRecord) -> str:
    return json.dumps(
        {
            "v": RECORD_VERSION,
            "state": encode(record.state),
            "history": {day: list(ids) for day, ids in record.history.items()},
            "disclaimer_heard": record.disclaimer_heard,
            "lineage": record.lineage,
        },
        separators=(",", ":"),
    )


def parse(text: str, content: Content) -> UserRecord:
    """The record ``text`` holds; RecordError for anything else, however it fails."""
    if not isinstance(text, str) or len(text) > MAX_RECORD_CHARS:
        raise RecordError(f"record: expected JSON text of at most {MAX_RECORD_CHARS} characters")
    try:
        raw: Any = json.loads(text)
    except (TypeError, ValueError, RecursionError):
        raise RecordError("record: expected JSON") from None
    if not isinstance(raw, dict) or raw.get("v") != RECORD_VERSION:
        raise RecordError(f"record.v: expected {RECORD_VERSION}")
    keys = {"v", "state", "history", "disclaimer_heard"}
    if set(raw) not in (keys, keys | {"lineage"}):  # records saved before lineages have none
        raise RecordError("record: expected v, state, history, disclaimer_heard, lineage")
    lineage = raw.get("lineage", "")
    if not isinstance(lineage, str) or len(lineage) > 64:
        raise RecordError("record.lineage: expected a short text")
    try:
        state = decode(raw["state"], content)
    except StateError as error:
        raise RecordError(f"record.state: {error}") from None
    if not isinstance(raw["disclaimer_heard"], bool):
        raise RecordError("record.disclaimer_heard: expected true or false")
    history = _history(raw["history"], content)
    return UserRecord(state, history, raw["disclaimer_heard"], lineage)


def _history(raw: Any, content: Content) -> dict[str, tuple[str, ...]]:
    if not isinstance(raw, dict) or len(raw) > HISTORY_DAYS + 1:
        raise RecordError("record.history: expected an object of days")
    history = {}
    for day, ids in raw.items():
        try:
            date.fromisoformat(day)
        except (TypeError, ValueError):
            raise RecordError("record.history: expected ISO dates as keys") from None
        if (
            not isinstance(ids, list)
            or len(ids) > MAX_PER_DAY
            or not all(isinstance(i, str) and content.has_stretch(i) for i in ids)
        ):
            raise RecordError("record.history: expected a list of stretch ids per day")
        history[day] = tuple(ids)
    return history
