"""What the skill logs: a reason and a size, never what a request or a stored record held;
every line bounded, tracebacks with the exception's type only."""

from __future__ import annotations

import json
import logging

import pytest

from skill.alexa import turn
from skill.alexa.builder import build_skill
from skill.alexa.entry import make_handler
from skill.alexa.logs import MAX_LINE, get_logger
from skill.dialogue.codec import SESSION_KEY, encode
from skill.dialogue.state import State
from skill.store.sqlite import SqliteStore
from skill.tools.simulator import Conversation
from tests.alexa.test_handlers import assert_valid, intent_request, send
from tests.responses import spoken_text
from tests.store.stores import put, stored_text

MARK = "PLANTED-7f3a"  # a value no log line may repeat


def _deep(levels: int) -> object:
    value: object = MARK
    for _ in range(levels):
        value = [value]
    return value


TAMPERED = {
    "a key named after the mark": {**encode(State()), f"x-{MARK}": 1},
    "a value holding the mark": {**encode(State()), "phase": MARK},
    "a plan entry holding the mark": {**encode(State()), "plan": [[MARK, False]]},
    "a 200 KB attribute": {**encode(State()), "phase": MARK * 20_000},
    "nested 200 deep": {**encode(State()), "plan": _deep(200)},
}
# Deeper than the JSON codecs go: the request itself is unreadable, and answered as such.
TOO_DEEP = {"nested 1,000 deep": {**encode(State()), "plan": _deep(1_000)},
            "a whole state nested deep": _deep(1_000)}  # fmt: skip


@pytest.fixture
def skill_logs(caplog: pytest.LogCaptureFixture) -> pytest.LogCaptureFixture:
    caplog.set_level(logging.DEBUG)
    return caplog


def lines(caplog: pytest.LogCaptureFixture) -> list[str]:
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(message)s"))
    return [
        line
        for record in caplog.records
        if record.name.startswith("skill")
        for line in handler.format(record).splitlines()
    ]


def logged_after_help(conversation, skill_logs, attributes) -> list[str]:
    """Ask for help with ``attributes`` as the session's state; the answer must be valid."""
    response = send(conversation, intent_request("AMAZON.HelpIntent"), {SESSION_KEY: attributes})
    assert_valid(response)
    return lines(skill_logs)


@pytest.mark.parametrize("attributes", TAMPERED.values(), ids=TAMPERED)
def test_tampered_state_is_logged_as_a_reason_and_a_size(conversation, skill_logs, attributes):
    logged = logged_after_help(conversation, skill_logs, attributes)
    assert any("dropping unusable session state" in line for line in logged)
    assert not [line for line in logged if MARK in line]
    assert all(len(line) <= MAX_LINE for line in logged)


@pytest.mark.parametrize("attributes", TOO_DEEP.values(), ids=TOO_DEEP)
def test_state_too_deep_to_read_is_an_unreadable_request(conversation, skill_logs, attributes):
    logged = logged_after_help(conversation, skill_logs, attributes)
    assert any("unreadable request: RecursionError" in line for line in logged)
    assert not [line for line in logged if MARK in line]


def test_a_record_nested_deep_is_unreadable_not_a_crash(tmp_path, understander, skill_logs):
    store = SqliteStore(tmp_path / "db.sqlite3")
    conversation = Conversation(make_handler(build_skill(store=store)), understander)
    nested = '{"v": ' + "[" * 5_000 + '"' + MARK + '"' + "]" * 5_000 + "}"
    put(store, conversation.user_id, nested)
    text = spoken_text(conversation.say("open back stretch coach"))
    assert "Welcome to Back Stretch Coach" in text  # answered, not the apology
    assert stored_text(store, conversation.user_id) == nested  # left untouched
    oversized = json.dumps({"v": 1, "pad": MARK * 30_000})
    put(store, conversation.user_id, oversized)
    assert "Welcome" in spoken_text(conversation.say("open back stretch coach"))
    assert stored_text(store, conversation.user_id) == oversized
    logged = lines(skill_logs)
    assert sum("stored record unreadable" in line for line in logged) == 2
    assert not [line for line in logged if MARK in line]


def test_a_traceback_keeps_its_frames_and_drops_the_exceptions_message(
    conversation, skill_logs, monkeypatch
):
    def broken(*args, **kwargs):
        raise KeyError(MARK * 100)

    monkeypatch.setattr(turn, "advance", broken)
    assert_valid(send(conversation, intent_request("AMAZON.HelpIntent")))
    logged = lines(skill_logs)
    assert any("turn failed: KeyError" in line for line in logged)
    assert any(line == "KeyError" for line in logged)  # the type, not its message
    assert any("skill/alexa/turn.py" in line for line in logged)  # the frames stay
    assert not [line for line in logged if MARK in line]
    assert all(len(line) <= MAX_LINE for line in logged)


def test_a_long_message_is_cut() -> None:
    logger = get_logger("skill.test")
    record = logger.makeRecord("skill.test", logging.INFO, __file__, 1, "%s", ("x" * 5000,), None)
    logger.filters[0].filter(record)
    assert len(record.getMessage()) == MAX_LINE
