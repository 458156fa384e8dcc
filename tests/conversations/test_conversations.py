"""Whole conversations from tests/conversations/*.yaml, spoken through the simulator.

Each file holds `turns`; a turn has `user` (what is said) and any of: `says` (phrases that must
be spoken, in this order), `not_says`, `session` (open or closed), `intent` (what the phrase must
resolve to in the interaction model), `cues` (number of audio cues), `silence: true` (the user
says nothing and Alexa closes the session).
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from skill.tools.simulator import APPLICATION_ID, Conversation
from tests.responses import spoken_text
from tests.web.live_server import running_endpoint, signed_handler
from tests.web.pki import build_pki

CONVERSATIONS = sorted(Path(__file__).parent.glob("*.yaml"))
TURN_KEYS = {"user", "says", "not_says", "session", "intent", "cues", "silence"}


def test_there_are_conversations() -> None:
    assert len(CONVERSATIONS) >= 10


@pytest.fixture(scope="module")
def over_http():
    """The real skill behind the real endpoint, every request signed as Alexa signs it."""
    pki = build_pki("conversations")
    with running_endpoint(pki, APPLICATION_ID) as port:
        yield signed_handler(pki, port)


@pytest.mark.parametrize("path", CONVERSATIONS, ids=lambda p: p.stem)
def test_conversation_over_http(path: Path, over_http, understander) -> None:
    """The same conversations through `make serve`'s stack: HTTP, verification, Flask, SDK."""
    check_conversation(path, Conversation(over_http, understander))


@pytest.mark.parametrize("path", CONVERSATIONS, ids=lambda p: p.stem)
def test_conversation(path: Path, conversation) -> None:
    check_conversation(path, conversation)


def check_conversation(path: Path, conversation: Conversation) -> None:
    spec = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert set(spec) <= {"description", "turns"}, f"{path.name}: unknown top-level keys"
    for number, turn in enumerate(spec["turns"], start=1):
        where = f"{path.name} turn {number} ({turn.get('user', 'silence')!r})"
        assert set(turn) <= TURN_KEYS, f"{where}: unknown keys {set(turn) - TURN_KEYS}"
        assert turn.get("silence") or isinstance(turn.get("user"), str), f"{where}: quote it"
        if turn.get("silence"):
            conversation.end_session("EXCEEDED_MAX_REPROMPTS")
            continue
        if "intent" in turn:
            understood = conversation.understander.understand(turn["user"], conversation.in_session)
            assert (understood.intent or "LaunchRequest") == turn["intent"], where
        response = conversation.say(turn["user"])
        text = spoken_text(response)
        lowered = text.lower()
        position = 0
        for phrase in turn.get("says", []):
            found = lowered.find(phrase.lower(), position)
            assert found >= 0, f"{where}: expected {phrase!r} after position {position} in:\n{text}"
            position = found + len(phrase)
        for phrase in turn.get("not_says", []):
            assert phrase.lower() not in lowered, f"{where}: did not expect {phrase!r} in:\n{text}"
        body = response["response"]
        if "session" in turn:
            state = "closed" if body.get("shouldEndSession") else "open"
            assert state == turn["session"], f"{where}: session {state}\n{text}"
        if "cues" in turn:
            ssml = body["outputSpeech"]["ssml"]
            assert ssml.count("<audio ") == turn["cues"], f"{where}: cues in {ssml}"
