"""AWS Lambda entry point: ``skill.lambda_function.handler``."""

from __future__ import annotations

import json
import logging
import os
from typing import Any

from ask_sdk_model import RequestEnvelope

from skill.app import build_skill
from skill.content import default_content

logging.basicConfig(level=os.environ.get("LOG_LEVEL", "INFO"))
log = logging.getLogger(__name__)

_skill = build_skill()


def handler(event: Any, context: Any) -> dict[str, Any]:
    """Answer one Alexa request; a request that cannot be read gets a short spoken apology."""
    try:
        envelope = _skill.serializer.deserialize(json.dumps(event), RequestEnvelope)
        if envelope.request is None or envelope.request.object_type is None:
            raise ValueError("no request in the envelope")
    except Exception as error:  # anything unreadable: answer, never raise to Alexa
        log.warning("unreadable request: %s", type(error).__name__)
        return error_response()
    try:
        return _skill.serializer.serialize(_skill.invoke(envelope, context))
    except Exception:
        log.exception("request failed outside the dispatcher")
        return error_response()


def error_response() -> dict[str, Any]:
    sorry = default_content().prompt("error")
    return {
        "version": "1.0",
        "response": {
            "outputSpeech": {"type": "SSML", "ssml": f"<speak>{sorry}</speak>"},
            "shouldEndSession": True,
        },
    }
