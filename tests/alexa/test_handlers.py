"""The Lambda handler on bad input: malformed requests, unknown intents, unresolved slots,
tampered session attributes, faults inside a turn. Always a valid answer, never a raise."""

from __future__ import annotations

import copy
import logging
from typing import Any

import pytest

from skill.alexa import turn
from skill.alexa.builder import build_skill
from skill.alexa.lambda_function import handler
from skill.content.loader import default_content
from skill.content.model import ContentError
from skill.content.prompts import Prompt
from skill.dialogue.codec import SESSION_KEY, encode
from skill.dialogue.conversation import advance
from skill.dialogue.events import Event, Kind
from skill.dialogue.state import State
from skill.tools.simulator import Conversation
from tests.responses import spoken_text

CONTENT = default_content()


def intent_request(name: str, slots: dict[str, Any] | None = None) -> dict[str, Any]:
    return {
        "type": "IntentRequest",
        "requestId": "amzn1.echo-api.request.1",
        "timestamp": "2026-11-25T10:00:00Z",
        "locale": "en-US",
        "intent": {"name": name, "confirmationStatus": "NONE", "slots": slots or {}},
    }


def send(conversation: Conversation, request: dict[str, Any], attributes=None) -> dict[str, Any]:
    """Send ``request`` inside an ongoing session (with a fresh state unless given one)."""
    conversation.session_id = "amzn1.echo-api.session.1"
    conversation.attributes = {SESSION_KEY: encode(State())} if attributes is None else attributes
    return handler(conversation.envelope(request, new=False), None)


def assert_valid(response: dict[str, Any]) -> None:
    assert response["version"] == "1.0"
    body = response["response"]
    assert isinstance(body.get("shouldEndSession", True), bool)
    speech = body.get("outputSpeech")
    if speech:
        assert speech["type"] == "SSML"
        assert speech["ssml"].startswith("<speak>") and speech["ssml"].endswith("</speak>")


@pytest.mark.parametrize(
    "event",
    [None, [], "text", 42, {}, {"version": "1.0"}, {"request": None}, {"request": {"type": 5}}],
    ids=repr,
)
def test_an_unreadable_request_gets_a_short_apology(event) -> None:
    response = handler(event, None)
    assert_valid(response)
    assert spoken_text(response) == CONTENT.prompt("error")


@pytest.mark.parametrize("request_type", ["Foo.Bar", "System.ExceptionEncountered"])
def test_a_request_type_without_speech_gets_an_empty_answer(conversation, request_type) -> None:
    request = {"type": request_type, "requestId": "r", "timestamp": "2026-11-25T10:00:00Z"}
    response = send(conversation, {**request, "locale": "en-US"})
    assert_valid(response)
    assert "outputSpeech" not in response["response"]


def test_an_unknown_intent_is_answered_like_a_phrase_not_understood(conversation) -> None:
    response = send(conversation, intent_request("SomethingNewIntent"))
    assert_valid(response)
    assert spoken_text(response).startswith(CONTENT.prompt("fallback"))
    assert response["response"]["shouldEndSession"] is False


def er_slot(value: str | None, code: str, slot_id: str | None = None) -> dict[str, Any]:
    authority: dict[str, Any] = {"authority": "amzn1.er-authority.x", "status": {"code": code}}
    if slot_id:
        authority["values"] = [{"value": {"name": value, "id": slot_id}}]
    slot = {"name": "stretch", "confirmationStatus": "NONE"}
    if value is not None:
        slot["value"] = value
    slot["resolutions"] = {"resolutionsPerAuthority": [authority]}
    return {"stretch": slot}


@pytest.mark.parametrize(
    "slots",
    [
        {},
        {"stretch": {"name": "stretch", "confirmationStatus": "NONE"}},
        er_slot("yoga", "ER_SUCCESS_NO_MATCH"),
        er_slot("yoga", "ER_ERROR_TIMEOUT"),
        er_slot("yoga", "ER_ERROR_EXCEPTION"),
        er_slot("yoga", "ER_SUCCESS_MATCH", "no_such_stretch"),
        er_slot(None, "ER_SUCCESS_NO_MATCH"),
    ],
    ids=["no slot", "empty slot", "no match", "timeout", "exception", "unknown id", "no value"],
)
def test_a_stretch_alexa_could_not_resolve_lists_the_real_ones(conversation, slots) -> None:
    response = send(conversation, intent_request("StartStretchIntent", slots))
    assert_valid(response)
    text = spoken_text(response)
    assert text.startswith(CONTENT.prompt("unknown_stretch") + " There are six stretches")
    assert response["response"]["shouldEndSession"] is False


def test_an_id_the_content_lacks_falls_back_to_the_words_as_can_fulfill_does(conversation) -> None:
    """One slot reader: the stretch CanFulfill promised is the one the handler starts."""
    slots = er_slot("bridge", "ER_SUCCESS_MATCH", "no_such_stretch")
    response = send(conversation, intent_request("StartStretchIntent", slots))
    assert_valid(response)
    assert spoken_text(response).startswith(CONTENT.prompt(Prompt.START_STRETCH, name="the bridge"))


@pytest.mark.parametrize("code", ["ER_ERROR_TIMEOUT", "ER_ERROR_EXCEPTION"])
def test_when_resolution_fails_a_known_name_still_starts_its_stretch(conversation, code) -> None:
    response = send(
        conversation, intent_request("StartStretchIntent", er_slot("Knee to chest", code))
    )
    assert spoken_text(response).startswith("Let's do the knee to chest stretch.")


def test_a_slot_without_resolutions_is_matched_by_name(conversation) -> None:
    slots = {"stretch": {"name": "stretch", "value": "Cat Cow", "confirmationStatus": "NONE"}}
    response = send(conversation, intent_request("StartStretchIntent", slots))
    assert "Let's do cat and camel" in spoken_text(response)


def test_a_request_without_a_session_is_still_answered() -> None:
    envelope = {
        "version": "1.0",
        "context": {"System": {"application": {"applicationId": "a"}, "user": {"userId": "u"}}},
        "request": intent_request("BenefitsIntent"),
    }
    response = handler(envelope, None)
    assert_valid(response)
    assert "American Council on Exercise" in spoken_text(response)


def mid_bridge_attributes() -> dict[str, Any]:
    state, _ = advance(State(), Event(Kind.START, "bridge.advanced"), CONTENT)
    state, _ = advance(state, Event(Kind.YES), CONTENT)
    return {SESSION_KEY: encode(state)}


FRESH_AFTER_NEXT = advance(State(), Event(Kind.NEXT), CONTENT)[0]
TAMPERED = {
    "not an object": "garbage",
    "old version": {**mid_bridge_attributes()[SESSION_KEY], "v": 0},
    "missing key": {k: v for k, v in mid_bridge_attributes()[SESSION_KEY].items() if k != "phase"},
    "extra key": {**mid_bridge_attributes()[SESSION_KEY], "admin": True},
    "unknown phase": {**mid_bridge_attributes()[SESSION_KEY], "phase": "flying"},
    "unknown stretch": {**mid_bridge_attributes()[SESSION_KEY], "plan": [["headstand", False]]},
    "plan not a list": {**mid_bridge_attributes()[SESSION_KEY], "plan": "bridge"},
    "step out of range": {**mid_bridge_attributes()[SESSION_KEY], "at": [0, 0, 99]},
    "item out of range": {**mid_bridge_attributes()[SESSION_KEY], "at": [5, 0, 0]},
    "negative position": {**mid_bridge_attributes()[SESSION_KEY], "at": [0, -1, 0]},
    "bool as int": {**mid_bridge_attributes()[SESSION_KEY], "at": [True, 0, 0]},
    "confirmed as text": {**mid_bridge_attributes()[SESSION_KEY], "confirmed": "yes"},
    "benefits page out of range": {**mid_bridge_attributes()[SESSION_KEY], "benefits_next": 9},
    "in plan phase, no plan": {**mid_bridge_attributes()[SESSION_KEY], "plan": [], "at": [0, 0, 0]},
    "huge answer": {**mid_bridge_attributes()[SESSION_KEY], "answer": "x" * 10_000},
}


@pytest.mark.parametrize("stored", TAMPERED.values(), ids=TAMPERED.keys())
def test_tampered_state_restarts_cleanly_with_a_spoken_sentence(conversation, stored, caplog):
    with caplog.at_level(logging.WARNING, logger="skill.handlers"):
        response = send(conversation, intent_request("AMAZON.NextIntent"), {SESSION_KEY: stored})
    assert_valid(response)
    text = spoken_text(response)
    assert text.startswith(CONTENT.prompt("state_reset"))
    assert "hands above your head" not in text
    assert response["response"]["shouldEndSession"] is False
    assert response["sessionAttributes"][SESSION_KEY] == encode(FRESH_AFTER_NEXT)
    assert any("dropping unusable session state" in r.message for r in caplog.records)


def test_good_state_carries_on_where_it_was(conversation) -> None:
    attributes = mid_bridge_attributes()
    response = send(conversation, intent_request("AMAZON.NextIntent"), copy.deepcopy(attributes))
    assert "hands above your head" in spoken_text(response)


def test_a_fault_inside_a_turn_is_answered_and_loses_nothing(conversation, monkeypatch) -> None:
    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(turn, "advance", broken)
    attributes = mid_bridge_attributes()
    response = send(conversation, intent_request("AMAZON.NextIntent"), copy.deepcopy(attributes))
    assert_valid(response)
    assert spoken_text(response) == CONTENT.prompt("error")
    assert response["response"]["shouldEndSession"] is False
    assert response["sessionAttributes"] == attributes
    monkeypatch.undo()
    response = send(
        conversation, intent_request("AMAZON.NextIntent"), response["sessionAttributes"]
    )
    assert "hands above your head" in spoken_text(response)


def test_session_ended_gets_no_speech(conversation) -> None:
    conversation.say("start knee to chest")
    response = conversation.end_session("EXCEEDED_MAX_REPROMPTS")
    assert_valid(response)
    assert "outputSpeech" not in response["response"]


@pytest.mark.parametrize("intent", ["AMAZON.HelpIntent"])
def test_help_asks_a_question_and_keeps_the_session(conversation, intent) -> None:
    response = send(conversation, intent_request(intent))
    assert spoken_text(response).endswith("?")
    assert response["response"]["shouldEndSession"] is False
    assert response["response"]["reprompt"]["outputSpeech"]["ssml"]


@pytest.mark.parametrize("intent", ["AMAZON.StopIntent", "AMAZON.CancelIntent"])
def test_stop_and_cancel_end_the_session(conversation, intent) -> None:
    conversation.say("start the sitting rotation")
    response = send(conversation, intent_request(intent), conversation.attributes)
    assert response["response"]["shouldEndSession"] is True
    assert "reprompt" not in response["response"]


def test_the_card_shows_the_same_acts_as_plain_text(conversation) -> None:
    response = send(
        conversation,
        intent_request("StartStretchIntent", er_slot("x", "ER_SUCCESS_MATCH", "knee_to_chest")),
    )
    card = response["response"]["card"]
    assert card["title"] == CONTENT.prompt("card_title")
    assert "Bend your left leg up toward your chest." in card["content"]
    assert CONTENT.prompt("card_hold", seconds="30") in card["content"]
    assert "<" not in card["content"]


def test_a_topic_on_an_intent_the_code_answers_is_refused_at_start_up() -> None:
    content = default_content()
    taken = content.topics[1]._replace(intent="PainIntent")
    broken = content._replace(topics=(content.topics[0], taken, *content.topics[2:]))
    with pytest.raises(ContentError, match=r"topics\[1\]\.intent: .*got 'PainIntent'"):
        build_skill(content=broken)
    build_skill(content=content)  # the real content has none
