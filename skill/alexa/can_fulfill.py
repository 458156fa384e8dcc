"""Answers Alexa's CanFulfillIntentRequest: could this skill, opened fresh, do what was asked?

Alexa asks before routing a request that did not name the skill. The answer must have no side
effects, so nothing here reads or writes session attributes or any store: it judges the intent
name and slot values against the content alone.

* YES: an intent that stands on its own in a new session (start a stretch or the routine, list
  the stretches, the benefits, a back-safety question, the stretching history) with every
  slot value understood.
* NO: an unknown intent; a stretch name that is none of the stretches; an intent that only
  means something during a routine (next, repeat, pause, it hurts, ...), since a new session
  has no routine; help, stop and the fallback, which are Alexa's own to route; settings (pace,
  hold) and deleting data, which are no way into the skill for someone who did not name it.
* MAYBE: a known intent carrying a slot this skill does not know how to judge.
"""

from __future__ import annotations

from ask_sdk_core.dispatch_components import AbstractRequestHandler
from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_core.utils import get_request_type
from ask_sdk_model import Intent, Response
from ask_sdk_model.canfulfill import (
    CanFulfillIntent,
    CanFulfillIntentValues,
    CanFulfillSlot,
    CanFulfillSlotValues,
    CanUnderstandSlotValues,
)

from skill.alexa.slots import STRETCH_SLOT, stretch_slot_id
from skill.content.model import Content

REQUEST_TYPE = "CanFulfillIntentRequest"
START_STRETCH = "StartStretchIntent"
STANDALONE_INTENTS = frozenset({START_STRETCH, "StartRoutineIntent", "ListStretchesIntent",
                                "BenefitsIntent", "HistoryIntent"})  # fmt: skip

_UNDERSTAND = {"YES": CanUnderstandSlotValues.YES, "NO": CanUnderstandSlotValues.NO,
               "MAYBE": CanUnderstandSlotValues.MAYBE}  # fmt: skip
_FULFILL = {"YES": CanFulfillSlotValues.YES, "NO": CanFulfillSlotValues.NO,
            "MAYBE": CanFulfillSlotValues.NO}  # fmt: skip


def standalone_intents(content: Content) -> frozenset[str]:
    """The intents a brand-new session can fulfil; each topic's question is one."""
    return STANDALONE_INTENTS | {topic.intent for topic in content.topics}


def assess(intent: Intent | None, content: Content) -> CanFulfillIntent:
    """The answer for ``intent``: one verdict for the intent and one per slot with a value."""
    name = getattr(intent, "name", None) or ""
    valued = {
        key: slot for key, slot in ((intent and intent.slots) or {}).items()
        if slot is not None and (slot.value or "").strip()
    }  # fmt: skip
    verdicts = {key: "NO" for key in valued}
    if name in standalone_intents(content):
        for key, slot in valued.items():
            if name == START_STRETCH and key == STRETCH_SLOT:
                verdicts[key] = "YES" if stretch_slot_id(slot, content) else "NO"
            else:
                verdicts[key] = "MAYBE"  # a slot this code does not know: the model is newer
        if name == START_STRETCH and STRETCH_SLOT not in valued:
            intent_verdict = "NO"  # it could only say it does not know that stretch
        else:
            intent_verdict = min(verdicts.values(), key=("NO", "MAYBE", "YES").index, default="YES")
    else:
        intent_verdict = "NO"
    slots = {
        key: CanFulfillSlot(_UNDERSTAND[verdict], _FULFILL[verdict])
        for key, verdict in verdicts.items()
    }
    return CanFulfillIntent(CanFulfillIntentValues(intent_verdict), slots)


class CanFulfillIntentHandler(AbstractRequestHandler):
    def __init__(self, content: Content) -> None:
        self.content = content

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return get_request_type(handler_input) == REQUEST_TYPE

    def handle(self, handler_input: HandlerInput) -> Response:
        intent = getattr(handler_input.request_envelope.request, "intent", None)
        answer = assess(intent, self.content)
        return handler_input.response_builder.set_can_fulfill_intent(answer).response
