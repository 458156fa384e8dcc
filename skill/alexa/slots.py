"""Reading slots: what Alexa's entity resolution made of them, and which stretch a stretch slot
names. The one reader for the request handlers and CanFulfillIntentRequest, so both always
agree on what the user asked for."""

from __future__ import annotations

import re
from datetime import date

from ask_sdk_model import IntentRequest, Slot

from skill.content.model import Content
from skill.dialogue.schedule import Repeat, Schedule

STRETCH_SLOT = "stretch"
PACE_SLOT = "pace"
SECONDS_SLOT = "seconds"


def resolved_id(slot: Slot | None) -> str:
    """The id entity resolution matched for ``slot``, or "" (no match, an error, no value)."""
    # Loaded by the SDK with the first slot it reads; a launch needs none of it.
    from ask_sdk_model.slu.entityresolution import StatusCode

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


TIME_SLOT = "time"
DATE_SLOT = "date"
REPEAT_SLOT = "repeat"
# AMAZON.TIME's words for a part of the day, as the hour a reminder then rings.
PARTS_OF_DAY = {"MO": 9 * 60, "AF": 15 * 60, "EV": 19 * 60, "NI": 21 * 60}
_TIME = re.compile(r"^([01]\d|2[0-3]):([0-5]\d)(?::[0-5]\d)?$")
_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def minute_of_day(slot: Slot | None) -> int | None:
    """The minute of the day an AMAZON.TIME slot holds ("19:30", or "EV" for the evening)."""
    value = str(getattr(slot, "value", "") or "").strip()
    if value in PARTS_OF_DAY:
        return PARTS_OF_DAY[value]
    match = _TIME.match(value)
    return int(match.group(1)) * 60 + int(match.group(2)) if match else None


def day_of(slot: Slot | None) -> date | None:
    """The day an AMAZON.DATE slot names, when it names one day ("2026-12-02"; not a week)."""
    value = str(getattr(slot, "value", "") or "").strip()
    if not _DAY.match(value):
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None


def wanted_schedule(request: object) -> Schedule | None:
    """The reminder a request asks for: its time, and every day, every weekday, or once (on
    the day it names, or the next time the time comes). None when it gives no time."""
    minute = minute_of_day(intent_slot(request, TIME_SLOT))
    if minute is None:
        return None
    day = day_of(intent_slot(request, DATE_SLOT))
    repeat = resolved_id(intent_slot(request, REPEAT_SLOT))
    if day is None and repeat in (Repeat.DAILY, Repeat.WEEKDAYS):
        return Schedule(minute, Repeat(repeat))
    return Schedule(minute, Repeat.ONCE, day)
