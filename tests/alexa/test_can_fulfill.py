"""CanFulfillIntentRequest: YES for what a new session can do, NO for anything else, no side
effects. Requests are real request JSON, answered by a skill built with the handler, and by
the Lambda entry point once skill.alexa.builder registers the handler."""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest
from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_core.skill_builder import SkillBuilder
from ask_sdk_model import RequestEnvelope

from skill.alexa.can_fulfill import CanFulfillIntentHandler, standalone_intents
from skill.alexa.lambda_function import handler as lambda_handler
from skill.content.loader import default_content
from skill.tools.simulator import APPLICATION_ID, AUTHORITY, slot_json
from skill.voice_model.matcher import SlotValue, Understander
from skill.voice_model.model import language_model, load_model
from skill.voice_model.name_free import ingress_points

CONTENT = default_content()
MODEL = load_model()
UNDERSTANDER = Understander(MODEL)
YES = {"canUnderstand": "YES", "canFulfill": "YES"}
NO = {"canUnderstand": "NO", "canFulfill": "NO"}
STATE = {"coach": {"v": 1, "phase": "menu"}}


def envelope(intent: str, slots: dict[str, Any] | None = None, session: bool = True) -> dict:
    application = {"applicationId": APPLICATION_ID}
    user = {"userId": "amzn1.ask.account.cfir"}
    event: dict[str, Any] = {
        "version": "1.0",
        "context": {"System": {"application": application, "user": user, "device": {}}},
        "request": {
            "type": "CanFulfillIntentRequest",
            "requestId": "amzn1.echo-api.request.cfir",
            "timestamp": "2026-11-25T10:00:00Z",
            "locale": "en-US",
            "intent": {"name": intent, "confirmationStatus": "NONE", "slots": slots or {}},
        },
    }
    if session:
        event["session"] = {
            "new": True,
            "sessionId": "amzn1.echo-api.session.cfir",
            "application": application,
            "user": user,
            "attributes": copy.deepcopy(STATE),
        }
    return event


def said(phrase: str) -> dict[str, Any]:
    """The slots Alexa would send for ``phrase``, entity resolution included."""
    understood = UNDERSTANDER.understand(phrase, in_session=False)
    return {name: slot_json(name, value) for name, value in understood.slots.items()}


def stretch(value: str, code: str | None = None, slot_id: str | None = None) -> dict[str, Any]:
    slot: dict[str, Any] = {"name": "stretch", "value": value, "confirmationStatus": "NONE"}
    if code:
        authority: dict[str, Any] = {"authority": AUTHORITY, "status": {"code": code}}
        if slot_id:
            authority["values"] = [{"value": {"name": value, "id": slot_id}}]
        slot["resolutions"] = {"resolutionsPerAuthority": [authority]}
    return {"stretch": slot}


_skill = SkillBuilder()
_skill.add_request_handler(CanFulfillIntentHandler(CONTENT))
SKILL = _skill.create()


def ask(event: dict[str, Any]) -> dict[str, Any]:
    request = SKILL.serializer.deserialize(json.dumps(event), RequestEnvelope)
    return SKILL.serializer.serialize(SKILL.invoke(request, None))


def answer(event: dict[str, Any]) -> dict[str, Any]:
    return ask(event)["response"]["canFulfillIntent"]


NAMES = sorted(
    {n for s in CONTENT.stretches for n in s.names}
    | {n for s in CONTENT.stretches if s.advanced for n in s.advanced.names}
)


@pytest.mark.parametrize("name", NAMES)
def test_every_stretch_name_is_a_yes(name: str) -> None:
    slots = said(f"start {name}")
    assert slots["stretch"]["resolutions"]["resolutionsPerAuthority"][0]["values"]
    assert answer(envelope("StartStretchIntent", slots)) == {
        "canFulfill": "YES",
        "slots": {"stretch": YES},
    }


@pytest.mark.parametrize(
    ("slots", "verdict"),
    [
        (stretch("the bridge"), "YES"),  # no entity resolution: the words decide
        (stretch("bridge", "ER_ERROR_TIMEOUT"), "YES"),
        (stretch("cat cow", "ER_ERROR_EXCEPTION"), "YES"),
        (stretch("bridge", "ER_SUCCESS_MATCH", "pilates"), "YES"),  # an id content lacks
        (stretch("yoga", "ER_SUCCESS_NO_MATCH"), "NO"),
        (stretch("yoga", "ER_ERROR_TIMEOUT"), "NO"),
        (stretch("yoga", "ER_SUCCESS_MATCH", "pilates"), "NO"),
        (stretch("yoga"), "NO"),
    ],
    ids=repr,
)
def test_a_stretch_slot_is_judged_by_resolution_then_by_its_words(slots, verdict: str) -> None:
    slot = YES if verdict == "YES" else NO
    expected = {"canFulfill": verdict, "slots": {"stretch": slot}}
    assert answer(envelope("StartStretchIntent", slots)) == expected


def test_a_stretch_request_without_a_stretch_is_a_no() -> None:
    empty = {"stretch": {"name": "stretch", "confirmationStatus": "NONE"}}
    for slots in (empty, {}):
        assert answer(envelope("StartStretchIntent", slots)) == {"canFulfill": "NO", "slots": {}}


def _model_slot(slot: dict[str, Any]) -> dict[str, Any]:
    """A value the model accepts for ``slot``: its type's first value, or a number."""
    for slot_type in language_model(MODEL)["types"]:
        if slot_type["name"] == slot["type"]:
            value = slot_type["values"][0]
            spoken = value["name"]["value"]
            return slot_json(slot["name"], SlotValue(spoken, value["id"], spoken))
    return slot_json(slot["name"], SlotValue("20", "20", "20", custom=False))


def test_every_model_intent_gets_a_definite_answer() -> None:
    """YES exactly for what a new session can do, given values the model accepts; never MAYBE
    (a MAYBE here means skill/alexa/can_fulfill.py must learn to judge a new slot)."""
    for intent in language_model(MODEL)["intents"]:
        slots = {s["name"]: _model_slot(s) for s in intent.get("slots", [])}
        expected = "YES" if intent["name"] in standalone_intents(CONTENT) else "NO"
        got = answer(envelope(intent["name"], slots))
        assert got["canFulfill"] == expected, (intent["name"], got)


def test_every_name_free_intent_is_a_yes() -> None:
    for point in ingress_points(MODEL):
        if point["type"] == "INTENT":
            assert answer(envelope(point["name"]))["canFulfill"] == "YES", point["name"]


@pytest.mark.parametrize(
    "intent",
    ["AMAZON.NextIntent", "AMAZON.PauseIntent", "SkipIntent", "PainIntent", "AMAZON.HelpIntent",
     "AMAZON.StopIntent", "AMAZON.FallbackIntent", "DeleteDataIntent", "SetPaceIntent"],
)  # fmt: skip
def test_what_is_no_way_into_a_new_session_is_a_no(intent: str) -> None:
    assert answer(envelope(intent)) == {"canFulfill": "NO", "slots": {}}


def test_an_unknown_intent_and_its_slots_are_a_no() -> None:
    slots = {"topping": {"name": "topping", "value": "cheese", "confirmationStatus": "NONE"}}
    assert answer(envelope("OrderPizzaIntent", slots)) == {
        "canFulfill": "NO",
        "slots": {"topping": NO},
    }


def test_a_slot_the_code_does_not_know_makes_it_a_maybe() -> None:
    extra = {"side": {"name": "side", "value": "left", "confirmationStatus": "NONE"}}
    unsure = {"canUnderstand": "MAYBE", "canFulfill": "NO"}
    assert answer(envelope("StartRoutineIntent", extra)) == {
        "canFulfill": "MAYBE",
        "slots": {"side": unsure},
    }
    both = said("start the bridge") | extra
    assert answer(envelope("StartStretchIntent", both)) == {
        "canFulfill": "MAYBE",
        "slots": {"stretch": YES, "side": unsure},
    }
    no_match = stretch("yoga", "ER_SUCCESS_NO_MATCH") | extra
    assert answer(envelope("StartStretchIntent", no_match))["canFulfill"] == "NO"


def test_the_answer_is_only_the_verdict_and_the_session_is_untouched() -> None:
    response = ask(envelope("StartStretchIntent", said("start the bridge")))
    assert set(response["response"]) == {"canFulfillIntent"}
    assert response.get("sessionAttributes") == STATE


def test_it_needs_neither_a_session_nor_a_user() -> None:
    event = envelope("StartRoutineIntent", session=False)
    del event["context"]["System"]["user"]
    assert answer(event) == {"canFulfill": "YES", "slots": {}}


class _Tripwire:
    """An attributes manager that fails the test on any use."""

    def __getattr__(self, name: str) -> Any:
        raise AssertionError(f"the handler touched attributes_manager.{name}")


def test_the_handler_never_touches_attributes() -> None:
    event = envelope("StartStretchIntent", said("start knee to chest"))
    request = SKILL.serializer.deserialize(json.dumps(event), RequestEnvelope)
    handler_input = HandlerInput(request, attributes_manager=_Tripwire())
    can_fulfill = CanFulfillIntentHandler(CONTENT)
    assert can_fulfill.can_handle(handler_input)
    response = can_fulfill.handle(handler_input)
    assert response.can_fulfill_intent.can_fulfill.value == "YES"
    assert response.output_speech is None and response.should_end_session is None


# -- through the Lambda entry point -------------------------------------------------------------


def _registered() -> bool:
    response = lambda_handler(envelope("StartRoutineIntent"), None)
    return "canFulfillIntent" in response.get("response", {})


through_lambda = pytest.mark.skipif(not _registered(), reason="not registered yet")


@through_lambda
@pytest.mark.parametrize(
    ("intent", "slots", "verdict"),
    [
        ("StartStretchIntent", said("start knee to chest"), "YES"),
        ("StartStretchIntent", stretch("yoga", "ER_SUCCESS_NO_MATCH"), "NO"),
        ("StartRoutineIntent", {}, "YES"),
        ("CrackingRisksIntent", {}, "YES"),
        ("AMAZON.NextIntent", {}, "NO"),
        ("OrderPizzaIntent", {}, "NO"),
    ],
    ids=lambda v: v if isinstance(v, str) else "",
)
def test_the_lambda_answers_like_the_handler(intent: str, slots: dict, verdict: str) -> None:
    event = envelope(intent, slots)
    response = lambda_handler(copy.deepcopy(event), None)
    assert response["response"] == {"canFulfillIntent": answer(event)}
    assert response["response"]["canFulfillIntent"]["canFulfill"] == verdict
    assert response.get("sessionAttributes") == STATE
