"""The user's own time: the request's moment in their device's time zone.

The zone comes from the Alexa settings API (``System.timeZone`` of the device) and is kept in
the user's record for a day per device, so a turn seldom calls the API. When the API cannot
answer, the turn goes on in UTC, and the failure is kept for a shorter while so that every
"next" of a stretch does not wait on a service that is down.
"""

from datetime import UTC, datetime, tzinfo
from typing import NamedTuple

from ask_sdk_core.exceptions import ApiClientException, SerializationException
from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_model.services import ServiceException

from skill.alexa.api_client import can_call
from skill.alexa.logs import get_logger
from skill.store.record import MAX_ID_CHARS, UNKNOWN_ZONE, UserRecord, Zone

log = get_logger(__name__)


class LocalTime(NamedTuple):
    """Now where the user is; ``zone`` is None when their time zone is not known (UTC is used,
    and reminders are left to the device's own zone)."""

    now: datetime
    zone: str | None = None


def request_moment(handler_input: HandlerInput) -> datetime:
    """When the request was made (UTC): its timestamp, else now."""
    stamp = getattr(handler_input.request_envelope.request, "timestamp", None)
    if isinstance(stamp, datetime):
        return (stamp if stamp.tzinfo else stamp.replace(tzinfo=UTC)).astimezone(UTC)
    return datetime.now(UTC)


def device_id(handler_input: HandlerInput) -> str:
    """The device's id; "" when there is none, or one too long to be Alexa's."""
    device = getattr(handler_input.request_envelope.context.system, "device", None)
    found = getattr(device, "device_id", None)
    return found if isinstance(found, str) and len(found) <= MAX_ID_CHARS else ""


def local_time(
    handler_input: HandlerInput, record: UserRecord
) -> tuple[LocalTime, tuple[str, Zone] | None]:
    """Now in the user's zone, and the device's zone to keep in the record when it was looked
    up this turn (None when the record's own was used, or there is no device)."""
    moment = request_moment(handler_input)
    device = device_id(handler_input)
    kept = record.zones.get(device) if device else None
    looked_up = None
    if kept is not None and kept.fresh(moment):
        name = kept.name
    elif device and can_call(handler_input):
        name = _look_up(handler_input, device)
        looked_up = (device, Zone(name, moment.isoformat(timespec="seconds")))
    else:
        name = UNKNOWN_ZONE
    zone = _zone(name)
    if zone is None:
        return LocalTime(moment), looked_up
    return LocalTime(moment.astimezone(zone), name), looked_up


def _look_up(handler_input: HandlerInput, device: str) -> str:
    try:
        ups = handler_input.service_client_factory.get_ups_service()
        name = ups.get_system_time_zone(device)
    except ServiceException as error:
        log.warning("time zone lookup answered %s; using UTC", error.status_code)
        return UNKNOWN_ZONE
    except (ApiClientException, SerializationException, AttributeError, TypeError, ValueError) as e:
        log.warning("time zone lookup failed (%s); using UTC", type(e).__name__)
        return UNKNOWN_ZONE
    if _zone(name) is None:
        log.warning("time zone lookup gave no zone this machine knows; using UTC")
        return UNKNOWN_ZONE
    return name


def _zone(name: object) -> tzinfo | None:
    """The zone ``name`` names; None for anything else. zoneinfo is imported here, on the first
    turn that knows a zone: with the sysconfig it reads, it is half a MiB a start-up that knows
    none need not carry."""
    if not isinstance(name, str) or not name or len(name) > 64:
        return None
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return None
