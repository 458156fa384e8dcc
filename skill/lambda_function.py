"""AWS Lambda entry point: ``skill.lambda_function.handler``."""

from __future__ import annotations

import json
import logging
import os
from collections.abc import Callable
from typing import Any

from ask_sdk_core.skill import CustomSkill
from ask_sdk_model import Request, RequestEnvelope

from skill.app import build_skill
from skill.content import default_content
from skill.speech import escape
from skill.store import open_store

logging.basicConfig(level=os.environ.get("LOG_LEVEL", "INFO"))
log = logging.getLogger(__name__)

Handler = Callable[[Any, Any], dict[str, Any]]


def make_handler(skill: CustomSkill) -> Handler:
    """A Lambda-style handler for ``skill`` that answers every event and never raises."""

    def handle(event: Any, context: Any) -> dict[str, Any]:
        if _unmodelled_request_type(event):
            log.info("request type without a handler")
            return {"version": "1.0", "response": {}}
        try:
            envelope = skill.serializer.deserialize(json.dumps(event), RequestEnvelope)
            if getattr(envelope.request, "object_type", None) is None:
                raise ValueError("no request type")
        except Exception as error:  # anything unreadable: answer, never raise to Alexa
            log.warning("unreadable request: %s", type(error).__name__)
            return error_response()
        try:
            return skill.serializer.serialize(skill.invoke(envelope, context))
        except Exception:
            log.exception("request failed outside the dispatcher")
            return error_response()

    return handle


handler = make_handler(build_skill(store=open_store()))


def _unmodelled_request_type(event: Any) -> bool:
    """A request of a type the SDK does not model (a newer Alexa event): nothing to say."""
    request = event.get("request") if isinstance(event, dict) else None
    kind = request.get("type") if isinstance(request, dict) else None
    return isinstance(kind, str) and kind not in Request.discriminator_value_class_map


def error_response() -> dict[str, Any]:
    sorry = escape(default_content().prompt("error"))
    return {
        "version": "1.0",
        "response": {
            "outputSpeech": {"type": "SSML", "ssml": f"<speak>{sorry}</speak>"},
            "shouldEndSession": True,
        },
    }
