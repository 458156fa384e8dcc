"""A stand-in for the Alexa service: typed phrases become real request envelopes for the skill.

Used by ``make run`` and by the conversation tests, so both drive the skill exactly as a
device would: request JSON in, response JSON out, session attributes carried between turns.
With an Alexa API (the local stand-in, :mod:`skill.tools.fake_alexa_api`), requests carry its
endpoint, token and the user's permissions, and when the skill asks for permission to set
reminders, the next phrase is the user's answer to Alexa's question, sent back to the skill as
a ``Connections.Response``.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, Protocol

from skill.alexa.entry import LambdaHandler
from skill.alexa.reminders import SCOPE
from skill.screens import DOCUMENT_TOKEN
from skill.screens.render import DATA
from skill.voice_model.matcher import SlotValue, Understander, Understanding

APPLICATION_ID = "amzn1.ask.skill.00000000-0000-0000-0000-000000000000"
AUTHORITY = f"amzn1.er-authority.echo-sdk.{APPLICATION_ID}.StretchName"
FALLBACK = "AMAZON.FallbackIntent"
DEVICE_ID = "amzn1.ask.device.simulator"
APL = "Alexa.Presentation.APL"
APL_VERSION = "2023.3"


def viewport(
    width: int, height: int, dpi: int = 160, shape: str = "RECTANGLE", mode: str = "HUB"
) -> dict[str, Any]:
    """Alexa's ``context.Viewport`` for a screen of ``width`` x ``height`` pixels."""
    return {
        "experiences": [{"canRotate": False, "canResize": False}],
        "mode": mode,
        "shape": shape,
        "pixelWidth": width,
        "pixelHeight": height,
        "dpi": dpi,
        "currentPixelWidth": width,
        "currentPixelHeight": height,
        "touch": ["SINGLE"] if mode == "HUB" else [],
        "keyboard": ["DIRECTION"] if mode == "TV" else [],
    }


# The screens the skill is sized for, as their Viewport says them.
SCREENS = {
    "Echo Spot": viewport(480, 480, shape="ROUND"),
    "Echo Show 5": viewport(960, 480),
    "Echo Show 8": viewport(1280, 800, 213),
    "Echo Show 10": viewport(1280, 800),
    "Echo Show 15": viewport(1920, 1080, 240),
    "Fire TV": viewport(1920, 1080, 320, mode="TV"),
}


class AlexaApi(Protocol):
    """Where requests say the Alexa API is, the token they carry, and whether the user has
    allowed reminders: the local stand-in, or a real endpoint with a token from a real request."""

    endpoint: str
    token: str
    granted: bool


@dataclass
class RealAlexaApi:
    endpoint: str
    token: str
    granted: bool = True  # allowed in the Alexa app; the API says otherwise with a 401


# Alexa's own question when a skill asks for permission to set reminders.
CONSENT_QUESTION = (
    "Do you give Back Stretch Coach permission to create and edit reminders? Say yes or no."
)
CONSENT_ANSWERS = {"AMAZON.YesIntent": "ACCEPTED", "AMAZON.NoIntent": "DENIED"}


def _stamp(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


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


def request_json(
    understanding: Understanding, locale: str, moment: datetime | None = None
) -> dict[str, Any]:
    stamp = _stamp(moment or datetime.now(UTC))
    base = {"requestId": f"amzn1.echo-api.request.{uuid.uuid4()}", "timestamp": stamp}
    base["locale"] = locale
    if not understanding.intent:
        return {"type": "LaunchRequest", **base}
    slots = {name: slot_json(name, value) for name, value in understanding.slots.items()}
    intent = {"name": understanding.intent, "confirmationStatus": "NONE", "slots": slots}
    return {"type": "IntentRequest", **base, "dialogState": "COMPLETED", "intent": intent}


def screen_data(response: dict[str, Any]) -> dict[str, Any] | None:
    """The data of the APL screen a response shows, or None when it shows none."""
    for directive in response.get("response", {}).get("directives") or []:
        if directive.get("type") == "Alexa.Presentation.APL.RenderDocument":
            return directive["datasources"][DATA]["properties"]
    return None


def screen_commands(response: dict[str, Any]) -> list[dict[str, Any]]:
    """The commands a response sends its screen: where the document speaks, its speech."""
    return [
        command
        for directive in response.get("response", {}).get("directives") or []
        if directive.get("type") == "Alexa.Presentation.APL.ExecuteCommands"
        for command in directive.get("commands") or []
    ]


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
    api: AlexaApi | None = None  # the Alexa API requests point to; None: none reachable
    voice_consent: bool = True  # the device can ask for permission by voice
    consent_token: str | None = None  # set while Alexa waits for the answer to its question
    now: Callable[[], datetime] = lambda: datetime.now(UTC)
    # The device's screen (Alexa's Viewport), for an Echo Show and the like; None: no screen.
    viewport: dict[str, Any] | None = None

    @property
    def in_session(self) -> bool:
        return self.session_id is not None

    def envelope(self, request: dict[str, Any], new: bool) -> dict[str, Any]:
        application = {"applicationId": APPLICATION_ID}
        user: dict[str, Any] = {"userId": self.user_id}
        interfaces: dict[str, Any] = {}
        if self.viewport is not None:
            interfaces[APL] = {"runtime": {"maxVersion": APL_VERSION}}
        system: dict[str, Any] = {
            "application": application,
            "user": user,
            "device": {"deviceId": DEVICE_ID, "supportedInterfaces": interfaces},
            "apiEndpoint": "https://api.amazonalexa.com",
        }
        if self.api is not None:
            system.update(apiEndpoint=self.api.endpoint, apiAccessToken=self.api.token)
            if self.api.granted:
                scopes = {SCOPE: {"status": "GRANTED"}}
                user["permissions"] = {"consentToken": self.api.token, "scopes": scopes}
        context: dict[str, Any] = {"System": system}
        if self.viewport is not None:
            context["Viewport"] = self.viewport
        return {
            "version": "1.0",
            "session": {
                "new": new,
                "sessionId": self.session_id,
                "application": application,
                "attributes": self.attributes,
                "user": user,
            },
            "context": context,
            "request": request,
        }

    def say(self, phrase: str) -> dict[str, Any]:
        if self.consent_token is not None:
            return self.answer_consent(phrase)
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
            self._begin_session()
        request = request_json(understanding, self.locale, self.now())
        return self._exchange(request, new)

    def _exchange(self, request: dict[str, Any], new: bool) -> dict[str, Any]:
        response = self.handler(self.envelope(request, new), None)
        self.attributes = response.get("sessionAttributes") or {}
        asks = [
            d
            for d in response.get("response", {}).get("directives") or []
            if d.get("type") == "Connections.SendRequest" and d.get("name") == "AskFor"
        ]
        if asks:  # Alexa asks its question, and the session waits for the answer
            self.consent_token = str(asks[0].get("token") or "")
        elif response.get("response", {}).get("shouldEndSession", True):
            self.end_session()
        return response

    def touch(self, *arguments: str) -> dict[str, Any]:
        """A touch on the screen: the ``Alexa.Presentation.APL.UserEvent`` its button sends."""
        request = self._request(
            "Alexa.Presentation.APL.UserEvent",
            token=DOCUMENT_TOKEN,
            arguments=list(arguments),
            source={"type": "TouchWrapper", "handler": "Press"},
        )
        new = not self.in_session
        if new:  # a touch on a screen left from an ended session opens a new one
            self._begin_session()
        return self._exchange(request, new)

    def _request(self, kind: str, **fields: Any) -> dict[str, Any]:
        """A request of type ``kind`` as Alexa sends it now: a new id, the time, the locale."""
        request_id = f"amzn1.echo-api.request.{uuid.uuid4()}"
        stamp = _stamp(self.now())
        return {"type": kind, "requestId": request_id, "timestamp": stamp,
                "locale": self.locale, **fields}  # fmt: skip

    def _begin_session(self) -> None:
        self.session_id = f"amzn1.echo-api.session.{uuid.uuid4()}"
        self.attributes = {}

    def answer_consent(self, phrase: str) -> dict[str, Any]:
        """The user's answer to Alexa's question, as the Connections.Response Alexa sends."""
        token, self.consent_token = self.consent_token, None
        intent = self.understander.understand(phrase, in_session=True).intent
        status = CONSENT_ANSWERS.get(intent, "NOT_ANSWERED")
        if status == "ACCEPTED" and self.api is not None:
            self.api.granted = True
        code = {"code": "200", "message": "OK"}
        if not self.voice_consent:
            code = {"code": "400", "message": "voice permission is not supported here"}
        payload = {"permissionScope": SCOPE, "status": status}
        request = self._request(
            "Connections.Response", name="AskFor", status=code, payload=payload, token=token
        )
        return self._exchange(request, new=False)

    def end_session(self, reason: str | None = None) -> dict[str, Any] | None:
        """Close the session; with a reason, the skill gets the SessionEndedRequest first."""
        reply = None
        if reason and self.in_session:
            request = self._request("SessionEndedRequest", reason=reason)
            reply = self.handler(self.envelope(request, False), None)
        self.session_id = None
        self.attributes = {}
        return reply
