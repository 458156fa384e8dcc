"""ask-sdk request handlers: each maps a kind of request to a dialogue event, nothing more.

Every turn then runs through :func:`skill.alexa.turn.respond`.
"""

from __future__ import annotations

from ask_sdk_core.dispatch_components import AbstractExceptionHandler, AbstractRequestHandler
from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_core.utils import get_intent_name, get_request_type
from ask_sdk_model import Response

from skill.alexa.api_client import api_budget
from skill.alexa.logs import get_logger
from skill.alexa.reminders import errand_of
from skill.alexa.slots import (
    PACE_SLOT,
    SECONDS_SLOT,
    STRETCH_SLOT,
    intent_slot,
    resolved_id,
    stretch_slot_id,
    wanted_schedule,
)
from skill.alexa.turn import respond, user_id
from skill.content.model import Content
from skill.content.prompts import Prompt
from skill.dialogue.events import Event, Kind
from skill.dialogue.schedule import Consent, Errand, Task
from skill.store.interface import Store, StoreError

log = get_logger(__name__)

INTENT_EVENTS: dict[str, Kind] = {
    "StartRoutineIntent": Kind.ROUTINE,
    "ListStretchesIntent": Kind.LIST,
    "BenefitsIntent": Kind.BENEFITS,
    "MoreIntent": Kind.MORE,
    "SkipIntent": Kind.SKIP,
    "PainIntent": Kind.PAIN,
    "HistoryIntent": Kind.HISTORY,
    "DeleteDataIntent": Kind.DELETE_DATA,
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


REMINDER_TASKS: dict[str, Task] = {
    "SetReminderIntent": Task.CREATE,
    "ListRemindersIntent": Task.LIST,
    "CancelReminderIntent": Task.CANCEL,
    "ChangeReminderIntent": Task.CHANGE,
}
START_INTENT = "StartStretchIntent"
PREFERENCE_INTENTS = ("SetPaceIntent", "SetHoldIntent")
# Every intent answered in code; a knowledge topic (content) may not take one of them.
CODED_INTENTS = frozenset((*INTENT_EVENTS, *REMINDER_TASKS, START_INTENT, *PREFERENCE_INTENTS))
CONSENT_ANSWERS = {
    "ACCEPTED": Consent.ACCEPTED,
    "DENIED": Consent.DENIED,
    "NOT_ANSWERED": Consent.NOT_ANSWERED,
}


def _slot(handler_input: HandlerInput, name: str):
    return intent_slot(handler_input.request_envelope.request, name)


class _SkillHandler(AbstractRequestHandler):
    """A request handler on the skill's content and store; ``answer`` runs one turn."""

    def __init__(self, content: Content, store: Store | None = None) -> None:
        self.content = content
        self.store = store

    def answer(self, handler_input: HandlerInput, event: Event) -> Response:
        with api_budget():  # every call to Alexa's APIs this turn shares one budget
            return respond(handler_input, event, self.content, self.store)


class LaunchHandler(_SkillHandler):
    def can_handle(self, handler_input: HandlerInput) -> bool:
        return get_request_type(handler_input) == "LaunchRequest"

    def handle(self, handler_input: HandlerInput) -> Response:
        return self.answer(handler_input, Event(Kind.LAUNCH))


class StartStretchHandler(_SkillHandler):
    def can_handle(self, handler_input: HandlerInput) -> bool:
        return _intent(handler_input) == START_INTENT

    def handle(self, handler_input: HandlerInput) -> Response:
        slot_id = stretch_slot_id(_slot(handler_input, STRETCH_SLOT), self.content)
        return self.answer(handler_input, Event(Kind.START, slot_id))


class PreferenceHandler(_SkillHandler):
    """ "Use a continuous pace", "hold the extension exercise for sixty seconds"."""

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return _intent(handler_input) in PREFERENCE_INTENTS

    def handle(self, handler_input: HandlerInput) -> Response:
        if _intent(handler_input) == "SetPaceIntent":
            slot = _slot(handler_input, PACE_SLOT)
            pace = resolved_id(slot) if slot else ""
            return self.answer(handler_input, Event(Kind.SET_PACE, pace))
        slot = _slot(handler_input, SECONDS_SLOT)
        seconds = str(getattr(slot, "value", "") or "").strip()
        return self.answer(handler_input, Event(Kind.SET_HOLD, seconds[:4]))


class ReminderHandler(_SkillHandler):
    """ "Remind me to stretch every day at seven", "what reminders do I have", "cancel my stretch
    reminder", "change my reminder to eight"."""

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return _intent(handler_input) in REMINDER_TASKS

    def handle(self, handler_input: HandlerInput) -> Response:
        task = REMINDER_TASKS[_intent(handler_input)]
        errand: Errand | None = Errand(task)
        if task in (Task.CREATE, Task.CHANGE):
            schedule = wanted_schedule(handler_input.request_envelope.request)
            errand = Errand(task, schedule) if schedule else None
        return self.answer(handler_input, Event(Kind.REMINDER, errand=errand))


class ConsentAnswerHandler(_SkillHandler):
    """The user's answer when Alexa asked them to allow reminders (``Connections.Response``);
    the errand that waited for it comes back in the token."""

    def can_handle(self, handler_input: HandlerInput) -> bool:
        request = handler_input.request_envelope.request
        is_answer = get_request_type(handler_input) == "Connections.Response"
        return is_answer and getattr(request, "name", None) == "AskFor"

    def handle(self, handler_input: HandlerInput) -> Response:
        request = handler_input.request_envelope.request
        payload = request.payload if isinstance(request.payload, dict) else {}
        if str(getattr(request.status, "code", "")) != "200":
            consent = Consent.UNSUPPORTED
        else:
            consent = CONSENT_ANSWERS.get(payload.get("status"), Consent.NOT_ANSWERED)
        errand = errand_of(request.token)
        return self.answer(handler_input, Event(Kind.CONSENT, consent.value, errand=errand))


class TouchHandler(_SkillHandler):
    """A touch on the screen (``Alexa.Presentation.APL.UserEvent``): the event the same spoken
    words give, so every rule of the dialogue holds for touch as for voice."""

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return get_request_type(handler_input) == "Alexa.Presentation.APL.UserEvent"

    def handle(self, handler_input: HandlerInput) -> Response:
        arguments = getattr(handler_input.request_envelope.request, "arguments", None)
        from skill.screens import touched  # a device with a screen: loaded on its first touch

        return self.answer(handler_input, touched(arguments))


class SkillDisabledHandler(_SkillHandler):
    """The user disabled the skill: everything stored about them is deleted."""

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return get_request_type(handler_input) == "AlexaSkillEvent.SkillDisabled"

    def handle(self, handler_input: HandlerInput) -> Response:
        uid = user_id(handler_input)
        if self.store is not None and uid:
            try:
                self.store.delete(uid)
            except StoreError as error:
                log.error("could not delete a disabled user's record: %s", error)
        return handler_input.response_builder.response


class TopicHandler(_SkillHandler):
    """A question about back safety; the content says which intent asks which topic."""

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return self.content.topic_for_intent(_intent(handler_input)) is not None

    def handle(self, handler_input: HandlerInput) -> Response:
        topic = self.content.topic_for_intent(_intent(handler_input))
        return self.answer(handler_input, Event(Kind.TOPIC, topic.id))


class MappedIntentHandler(_SkillHandler):
    def can_handle(self, handler_input: HandlerInput) -> bool:
        return _intent(handler_input) in INTENT_EVENTS

    def handle(self, handler_input: HandlerInput) -> Response:
        kind = INTENT_EVENTS[_intent(handler_input)]
        return self.answer(handler_input, Event(kind))


class UnknownIntentHandler(_SkillHandler):
    """An intent this skill does not know, e.g. from a newer interaction model."""

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return get_request_type(handler_input) == "IntentRequest"

    def handle(self, handler_input: HandlerInput) -> Response:
        log.info("unknown intent %s", _intent(handler_input)[:80])
        return self.answer(handler_input, Event(Kind.FALLBACK))


class SessionEndedHandler(_SkillHandler):
    def can_handle(self, handler_input: HandlerInput) -> bool:
        return get_request_type(handler_input) == "SessionEndedRequest"

    def handle(self, handler_input: HandlerInput) -> Response:
        reason = getattr(handler_input.request_envelope.request, "reason", None)
        log.info("session ended: %s", getattr(reason, "value", reason))
        return handler_input.response_builder.response


class OtherRequestHandler(_SkillHandler):
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
        sorry = self.content.prompt(Prompt.ERROR)
        builder = handler_input.response_builder.speak(sorry).ask(sorry)
        return builder.set_should_end_session(False).response


def _intent(handler_input: HandlerInput) -> str:
    request = handler_input.request_envelope.request
    if get_request_type(handler_input) != "IntentRequest" or request.intent is None:
        return ""
    return get_intent_name(handler_input) or ""
