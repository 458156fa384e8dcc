"""A stand-in for the Alexa service: typed phrases become real request envelopes for the skill.

Used by ``make run`` and by the conversation tests, so both drive the skill exactly as a
device would: request JSON in, response JSON out, session attributes carried between turns.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from skill.alexa.entry import LambdaHandler
from skill.voice_model.matcher import SlotValue, Understander, Understanding

APPLICATION_ID = "amzn1.ask.skill.00000000-0000-0000-0000-000000000000"
AUTHORITY = f"amzn1.er-authority.echo-sdk.{APPLICATION_ID}.StretchName"
FALLBACK = "AMAZON.FallbackIntent"


def _now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def slot_json(name: str, slot: SlotValue) -> dict[str, Any]:
    value = slot.spoken if slot.custom else slot.resolved_id  # built-ins carry Alexa's value
    data: dict[str, Any] = {"name": name, "value": value, "confirmationStatus": "NONE"}
    if slot.custom:
        status = "ER_SUCCESS_MATCH" if slot.resolved_id else "ER_SUCCESS_NO_MATCH"
        authority: dict[str, Any] = {"authority": AUTHORITY, "status": {"code": status}}
        if slot.resolved_id:
            value = {"name": slot.resolved_name, "id": slot.resolved_id}
            authority["values"] = [{"value": value}]
        data["resolutions"] = {"resolutionsPerAuthority": [authority]}
    return data


def request_json(understanding: Understanding, locale: str) -> dict[str, Any]:
    base = {"requestId": f"amzn1.echo-api.request.{uuid.uuid4()}", "timestamp": _now()}
    base["locale"] = locale
    if not understanding.intent:
        return {"type": "LaunchRequest", **base}
    slots = {name: slot_json(name, value) for name, value in understanding.slots.items()}
    intent = {"name": understanding.intent, "confirmationStatus": "NONE", "slots": slots}
    return {"type": "IntentRequest", **base, "dialogState": "COMPLETED", "intent": intent}


@dataclass
class Conversation:
    """One user talking to the skill over any number of sessions."""

    handler: LambdaHandler
    understander: Understander
    locale: str = "en-US"
    user_id: str = field(default_factory=lambda: f"amzn1.ask.account.{uuid.uuid4().hex}")
    session_id: str | None = None
    attributes: dict[str, Any] = field(default_factory=dict)
    # Where no sample matches: a guess at what a device would have understood (make run only).
    guess: Callable[[str], Understanding | None] | None = None
    guessed: Understanding | None = None  # the guess the last phrase was sent as, if any

    @property
    def in_session(self) -> bool:
        return self.session_id is not None

    def envelope(self, request: dict[str, Any], new: bool) -> dict[str, Any]:
        application = {"applicationId": APPLICATION_ID}
        user = {"userId": self.user_id}
        return {
            "version": "1.0",
            "session": {
                "new": new,
                "sessionId": self.session_id,
                "application": application,
                "attributes": self.attributes,
                "user": user,
            },
            "context": {
                "System": {
                    "application": application,
                    "user": user,
                    "device": {"deviceId": "simulator", "supportedInterfaces": {}},
                    "apiEndpoint": "https://api.amazonalexa.com",
                }
            },
            "request": request,
        }

    def say(self, phrase: str) -> dict[str, Any]:
        understanding = self.understander.understand(phrase, self.in_session)
        self.guessed = None
        if understanding.intent == FALLBACK and self.guess is not None:
            self.guessed = self.guess(phrase)
            if self.guessed is not None:
                launches = understanding.launches
                understanding = Understanding(self.guessed.intent, self.guessed.slots, launches)
        return self.send(understanding)

    def send(self, understanding: Understanding) -> dict[str, Any]:
        new = understanding.launches or not self.in_session
        if new:
            self.session_id = f"amzn1.echo-api.session.{uuid.uuid4()}"
            self.attributes = {}
        request = request_json(understanding, self.locale)
        response = self.handler(self.envelope(request, new), None)
        self.attributes = response.get("sessionAttributes") or {}
        if response.get("response", {}).get("shouldEndSession", True):
            self.end_session()
        return response

    def end_session(self, reason: str | None = None) -> dict[str, Any] | None:
        """Close the session; with a reason, the skill gets the SessionEndedRequest first."""
        reply = None
        if reason and self.in_session:
            request = {
                "type": "SessionEndedRequest",
                "requestId": f"amzn1.echo-api.request.{uuid.uuid4()}",
                "timestamp": _now(),
                "locale": self.locale,
                "reason": reason,
            }
            reply = self.handler(self.envelope(request, False), None)
        self.session_id = None
        self.attributes = {}
        return reply
