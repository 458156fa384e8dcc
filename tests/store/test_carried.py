"""Mid-session, the state the session carries stands in for the stored one, which is not read
back: a stale stored state is simply replaced, while a record of a state version this code
cannot read is still left untouched."""

from __future__ import annotations

import json
from pathlib import Path

from skill.alexa.builder import build_skill
from skill.alexa.entry import make_handler
from skill.content.loader import default_content
from skill.store.record import parse
from skill.store.sqlite import SqliteStore
from skill.tools.simulator import Conversation
from skill.voice_model.matcher import Understander
from skill.voice_model.model import load_model


def _started(tmp_path: Path) -> tuple[SqliteStore, Conversation]:
    store = SqliteStore(tmp_path / "coach.sqlite3")
    user = Conversation(make_handler(build_skill(store=store)), Understander(load_model()))
    user.say("start knee to chest")
    return store, user


def _overwrite_state(store: SqliteStore, user_id: str, state: dict) -> str:
    stored = store.load(user_id)
    record = json.loads(stored.record)
    text = json.dumps({**record, "state": state})
    assert store.save(user_id, text, stored.version)
    return text


def test_a_stale_stored_state_is_replaced_by_the_carried_one(tmp_path: Path) -> None:
    store, user = _started(tmp_path)
    stored = json.loads(store.load(user.user_id).record)["state"]
    _overwrite_state(store, user.user_id, {**stored, "plan": [["headstand", False]]})
    user.say("next")
    record = parse(store.load(user.user_id).record, default_content())  # reads back in full
    assert record.state.plan[0].stretch == "knee_to_chest"


def test_a_stored_state_of_an_unknown_version_is_left_untouched_mid_session(
    tmp_path: Path,
) -> None:
    store, user = _started(tmp_path)
    stored = json.loads(store.load(user.user_id).record)["state"]
    newer = _overwrite_state(store, user.user_id, {**stored, "v": 99})
    user.say("next")
    assert store.load(user.user_id).record == newer
