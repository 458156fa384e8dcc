"""The skill as a Lambda-style function of a raw event: what Lambda, the terminal simulator
and the tests all call. It answers every event and never raises."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from ask_sdk_core.skill import CustomSkill
from ask_sdk_model import Context, Request, RequestEnvelope

from skill.alexa.logs import get_logger
from skill.content.loader import default_content
from skill.content.prompts import Prompt
from skill.speech import escape

log = get_logger(__name__)

# A raw Alexa request envelope and the Lambda context in; the response envelope out.
LambdaHandler = Callable[[Any, Any], dict[str, Any]]


def make_handler(skill: CustomSkill) -> LambdaHandler:
    """A Lambda-style handler for ``skill`` that answers every event and never raises."""

    def handle(event: Any, context: Any) -> dict[str, Any]:
        if _unmodelled_request_type(event):
            log.info("request type without a handler")
            return {"version": "1.0", "response": {}}
        try:
            envelope = skill.serializer.deserialize(json.dumps(event), RequestEnvelope)
            if getattr(envelope.request, "object_type", None) is None:
                raise ValueError("no request type")
            if envelope.context is None or envelope.context.system is None:
                from ask_sdk_model.interfaces.system import SystemState  # rare: not at start-up

                envelope.context = Context(system=SystemState())  # the SDK reads its API token
        except Exception as error:  # anything unreadable: answer, never raise to Alexa
            log.warning("unreadable request: %s", type(error).__name__)
            return error_response()
        try:
            return skill.serializer.serialize(skill.invoke(envelope, context))
        except Exception:
            log.exception("request failed outside the dispatcher")
            return error_response()

    return handle


def _unmodelled_request_type(event: Any) -> bool:
    """A request of a type the SDK does not model (a newer Alexa event): nothing to say."""
    request = event.get("request") if isinstance(event, dict) else None
    kind = request.get("type") if isinstance(request, dict) else None
    return isinstance(kind, str) and kind not in Request.discriminator_value_class_map


def error_response() -> dict[str, Any]:
    sorry = escape(default_content().prompt(Prompt.ERROR))
    return {
        "version": "1.0",
        "response": {
            "outputSpeech": {"type": "SSML", "ssml": f"<speak>{sorry}</speak>"},
            "shouldEndSession": True,
        },
    }
