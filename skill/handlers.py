"""ask-sdk request handlers: each maps a kind of request to a dialogue event, nothing more.

Every turn runs through :func:`respond`, which reads the state back from the session
attributes (a bad state becomes a clean restart with a spoken sentence), advances the
dialogue, renders the reply and writes the new state.
"""

from __future__ import annotations

import logging

from ask_sdk_core.dispatch_components import AbstractExceptionHandler, AbstractRequestHandler
from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_core.utils import get_intent_name, get_request_type
from ask_sdk_model import IntentRequest, Response
from ask_sdk_model.slu.entityresolution import StatusCode
from ask_sdk_model.ui import SimpleCard

from skill.acts import Event, Kind, Say
from skill.content import Content
from skill.dialogue import advance
from skill.speech import render
from skill.state import State
from skill.state_codec import KEY, StateError, decode, encode

log = logging.getLogger(__name__)

STRETCH_SLOT = "stretch"

INTENT_EVENTS: dict[str, Kind] = {
    "StartRoutineIntent": Kind.ROUTINE,
    "ListStretchesIntent": Kind.LIST,
    "BenefitsIntent": Kind.BENEFITS,
    "MoreIntent": Kind.MORE,
    "SkipIntent": Kind.SKIP,
    "PainIntent": Kind.PAIN,
    "AMAZON.NextIntent": Kind.NEXT,
    "AMAZON.PreviousIntent": Kind.PREVIOUS,
    "AMAZON.RepeatIntent": Kind.REPEAT,
    "AMAZON.StartOverIntent": Kind.START_OVER,
    "AMAZON.PauseIntent": Kind.PAUSE,
    "AMAZON.ResumeIntent": Kind.RESUME,
    "AMAZON.YesIntent": Kind.YES,
    "AMAZON.NoIntent": Kind.NO,
    "AMAZON.HelpIntent": Kind.HELP,
    "AMAZON.StopIntent": Kind.STOP,
    "AMAZON.CancelIntent": Kind.STOP,
    "AMAZON.NavigateHomeIntent": Kind.STOP,
    "AMAZON.FallbackIntent": Kind.FALLBACK,
}


def _attributes(handler_input: HandlerInput) -> dict:
    """The session attributes; a request without a session gets a throwaway dict."""
    if handler_input.request_envelope.session is None:
        return {}
    attributes = handler_input.attributes_manager.session_attributes
    if not isinstance(attributes, dict):
        attributes = {}
        handler_input.attributes_manager.session_attributes = attributes
    return attributes


def read_state(handler_input: HandlerInput, content: Content) -> tuple[State, bool]:
    """The session's state, and whether a stored state had to be dropped."""
    attributes = _attributes(handler_input)
    if KEY not in attributes:
        return State(), False
    try:
        return decode(attributes[KEY], content), False
    except StateError as error:
        log.warning("dropping unusable session state: %s", error)
        return State(), True


def respond(handler_input: HandlerInput, event: Event, content: Content) -> Response:
    state, dropped = read_state(handler_input, content)
    state, reply = advance(state, event, content)
    if dropped:
        reply = reply.prefixed(Say(content.prompt("state_reset")))
    rendered = render(reply, content)
    _attributes(handler_input)[KEY] = encode(state)
    builder = handler_input.response_builder.speak(rendered.ssml)
    if not rendered.ends_session:
        builder.ask(rendered.reprompt_ssml)
    builder.set_card(SimpleCard(content.prompt("card_title"), rendered.text))
    return builder.set_should_end_session(rendered.ends_session).response


def stretch_slot_id(handler_input: HandlerInput, content: Content) -> str:
    """The stretch slot's resolved id, or "" when Alexa could not resolve it."""
    request = handler_input.request_envelope.request
    slots = (request.intent.slots or {}) if isinstance(request, IntentRequest) else {}
    slot = slots.get(STRETCH_SLOT)
    if slot is None:
        return ""
    authorities = getattr(getattr(slot, "resolutions", None), "resolutions_per_authority", None)
    for authority in authorities or []:
        code = getattr(getattr(authority, "status", None), "code", None)
        if code == StatusCode.ER_SUCCESS_MATCH and authority.values:
            return str(authority.values[0].value.id or "")
    spoken = (slot.value or "").strip().lower()
    return content.slot_id_for_name(spoken) if spoken else ""


class _Handler(AbstractRequestHandler):
    def __init__(self, content: Content) -> None:
        self.content = content


class LaunchHandler(_Handler):
    def can_handle(self, handler_input: HandlerInput) -> bool:
        return get_request_type(handler_input) == "LaunchRequest"

    def handle(self, handler_input: HandlerInput) -> Response:
        return respond(handler_input, Event(Kind.LAUNCH), self.content)


class StartStretchHandler(_Handler):
    def can_handle(self, handler_input: HandlerInput) -> bool:
        return _intent(handler_input) == "StartStretchIntent"

    def handle(self, handler_input: HandlerInput) -> Response:
        slot_id = stretch_slot_id(handler_input, self.content)
        return respond(handler_input, Event(Kind.START, slot_id), self.content)


class TopicHandler(_Handler):
    """A question about back safety; the content says which intent asks which topic."""

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return self.content.topic_for_intent(_intent(handler_input)) is not None

    def handle(self, handler_input: HandlerInput) -> Response:
        topic = self.content.topic_for_intent(_intent(handler_input))
        return respond(handler_input, Event(Kind.TOPIC, topic.id), self.content)


class MappedIntentHandler(_Handler):
    def can_handle(self, handler_input: HandlerInput) -> bool:
        return _intent(handler_input) in INTENT_EVENTS

    def handle(self, handler_input: HandlerInput) -> Response:
        kind = INTENT_EVENTS[_intent(handler_input)]
        return respond(handler_input, Event(kind), self.content)


class UnknownIntentHandler(_Handler):
    """An intent this skill does not know, e.g. from a newer interaction model."""

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return get_request_type(handler_input) == "IntentRequest"

    def handle(self, handler_input: HandlerInput) -> Response:
        log.info("unknown intent %s", _intent(handler_input)[:80])
        return respond(handler_input, Event(Kind.FALLBACK), self.content)


class SessionEndedHandler(_Handler):
    def can_handle(self, handler_input: HandlerInput) -> bool:
        return get_request_type(handler_input) == "SessionEndedRequest"

    def handle(self, handler_input: HandlerInput) -> Response:
        reason = getattr(handler_input.request_envelope.request, "reason", None)
        log.info("session ended: %s", getattr(reason, "value", reason))
        return handler_input.response_builder.response


class OtherRequestHandler(_Handler):
    """Requests that need no speech (e.g. System.ExceptionEncountered): answer empty."""

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return True

    def handle(self, handler_input: HandlerInput) -> Response:
        log.info("request type without a handler: %s", get_request_type(handler_input)[:80])
        return handler_input.response_builder.response


class CatchAllExceptionHandler(AbstractExceptionHandler):
    """Logs the fault and answers briefly; the stored state is left as it was."""

    def __init__(self, content: Content) -> None:
        self.content = content

    def can_handle(self, handler_input: HandlerInput, exception: Exception) -> bool:
        return True

    def handle(self, handler_input: HandlerInput, exception: Exception) -> Response:
        log.error("turn failed: %s", type(exception).__name__, exc_info=exception)
        sorry = self.content.prompt("error")
        builder = handler_input.response_builder.speak(sorry).ask(sorry)
        return builder.set_should_end_session(False).response


def _intent(handler_input: HandlerInput) -> str:
    if get_request_type(handler_input) != "IntentRequest":
        return ""
    return get_intent_name(handler_input) or ""
