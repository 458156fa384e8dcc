"""Reading slots: what Alexa's entity resolution made of them, and which stretch a stretch slot
names. The one reader for the request handlers and CanFulfillIntentRequest, so both always
agree on what the user asked for."""

from __future__ import annotations

from ask_sdk_model import IntentRequest, Slot
from ask_sdk_model.slu.entityresolution import StatusCode

from skill.content.model import Content

STRETCH_SLOT = "stretch"
PACE_SLOT = "pace"
SECONDS_SLOT = "seconds"


def resolved_id(slot: Slot | None) -> str:
    """The id entity resolution matched for ``slot``, or "" (no match, an error, no value)."""
    authorities = getattr(getattr(slot, "resolutions", None), "resolutions_per_authority", None)
    for authority in authorities or []:
        code = getattr(getattr(authority, "status", None), "code", None)
        value = getattr(authority.values[0], "value", None) if authority.values else None
        if code == StatusCode.ER_SUCCESS_MATCH and value is not None:
            return str(value.id or "")
    return ""


def stretch_slot_id(slot: Slot | None, content: Content) -> str:
    """The slot id a stretch slot names: entity resolution's id where the content knows it,
    else the stretch the spoken words name; "" when neither names one."""
    if slot is None:
        return ""
    slot_id = resolved_id(slot)
    if slot_id and content.slot_id(slot_id) is not None:
        return slot_id
    return content.slot_id_for_name(slot.value or "")


def intent_slot(request: object, name: str) -> Slot | None:
    """The slot ``name`` of an intent request; None for any other request or a missing slot."""
    if not isinstance(request, IntentRequest) or request.intent is None:
        return None
    return (request.intent.slots or {}).get(name)
