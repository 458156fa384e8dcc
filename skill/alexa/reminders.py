"""Alexa's reminders API for the dialogue's errands, through the SDK's service client.

A daily reminder is an RRULE ``FREQ=DAILY``, a weekday one ``FREQ=WEEKLY;BYDAY=MO,…,FR``, both
with ``BYHOUR`` and ``BYMINUTE``; a one-off has a scheduled time. Every fault becomes a
:class:`~skill.dialogue.schedule.Fault` the dialogue can speak: nothing here raises.
"""

from __future__ import annotations

import json
import re
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from ask_sdk_core.exceptions import ApiClientException, SerializationException
from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_model import Directive, PermissionStatus
from ask_sdk_model.services import ServiceException
from ask_sdk_model.services.reminder_management import (
    AlertInfo,
    PushNotification,
    PushNotificationStatus,
    Recurrence,
    ReminderRequest,
    SpokenInfo,
    SpokenText,
    Trigger,
    TriggerType,
)
from ask_sdk_model.ui import AskForPermissionsConsentCard

from skill.alexa.api_client import can_call
from skill.alexa.local_time import LocalTime
from skill.alexa.logs import get_logger
from skill.content.model import Content
from skill.content.prompts import Prompt
from skill.dialogue.schedule import MINUTES_A_DAY, Errand, Fault, News, Repeat, Schedule, Task

log = get_logger(__name__)

SCOPE = "alexa::alerts:reminders:skill:readwrite"
MAX_REMINDERS = 10  # of this skill's reminders acted on in one turn (a user has one or two)
MAX_TOKEN_CHARS = 200
REMINDERS_PATH = "/v1/alerts/reminders"
WEEKDAYS = "MO,TU,WE,TH,FR"
_RULE = re.compile(r"^[A-Z]+=[A-Z0-9,]*(;[A-Z]+=[A-Z0-9,]*)*;?$")


def permitted(handler_input: HandlerInput) -> bool:
    """The user allowed this skill their reminders, as the request says."""
    system = handler_input.request_envelope.context.system
    permissions = getattr(getattr(system, "user", None), "permissions", None)
    scopes = getattr(permissions, "scopes", None) or {}
    scope = scopes.get(SCOPE) if isinstance(scopes, dict) else None
    if scope is not None:
        return getattr(scope, "status", None) is PermissionStatus.GRANTED
    return bool(getattr(permissions, "consent_token", None))


def run(
    handler_input: HandlerInput,
    errand: Errand,
    local: LocalTime,
    content: Content,
    just_allowed: bool = False,
) -> News:
    """Do ``errand``; the news says what was done, or the fault that stopped it.

    ``just_allowed``: the user has just said yes to Alexa's question, so the service is asked
    whatever the request says of permissions, and a refusal is not asked about again (that
    could go round for ever), but left to the Alexa app's card.
    """
    if not can_call(handler_input):
        log.info("no Alexa API endpoint or token in the request")
        return News(errand, Fault.UNAVAILABLE)
    if not just_allowed and not permitted(handler_input):
        return News(errand, Fault.NO_PERMISSION)
    try:
        client = handler_input.service_client_factory.get_reminder_management_service()
        locale = handler_input.request_envelope.request.locale or "en-US"
        if errand.task is Task.CREATE:
            schedule = dated(errand.schedule, local.now)
            if schedule is None:
                return News(errand, Fault.REFUSED)
            client.create_reminder(_request(schedule, local, content, locale))
            return News(errand, reminders=(schedule,))
        ours = _ours(handler_input, client)
        if errand.task is Task.CANCEL:
            for token, _ in ours:
                client.delete_reminder(token)
        elif errand.task is Task.CHANGE:
            ours = [(token, _moved(s, errand.schedule.minute, local.now)) for token, s in ours]
            for token, schedule in ours:
                client.update_reminder(token, _request(schedule, local, content, locale))
        return News(errand, reminders=tuple(s for _, s in ours))
    except ServiceException as error:
        log.warning("reminders service answered %s", error.status_code)
        fault = _fault(error.status_code)
        if just_allowed and fault is Fault.NO_PERMISSION:
            fault = Fault.STILL_NOT_ALLOWED
        return News(errand, fault)
    except (ApiClientException, SerializationException, AttributeError, TypeError, ValueError) as e:
        log.warning("reminders service unreachable or unreadable: %s", type(e).__name__)
        return News(errand, Fault.UNAVAILABLE)


def _fault(status: Any) -> Fault:
    if status in (401, 403):
        return Fault.NO_PERMISSION
    if status == 429:
        return Fault.BUSY
    if isinstance(status, int) and 400 <= status < 500:
        return Fault.REFUSED
    return Fault.UNAVAILABLE


def dated(schedule: Schedule, now: datetime) -> Schedule | None:
    """A one-off reminder with its day: its own, or the next time its minute comes; None when
    its own day and time have passed. Repeating reminders need no day."""
    if schedule.repeat is not Repeat.ONCE:
        return schedule
    if schedule.day is None:
        return Schedule(schedule.minute, Repeat.ONCE, _next_day(schedule.minute, now))
    if _at(schedule.day, schedule.minute) <= now.replace(tzinfo=None):
        return None
    return schedule


def _next_day(minute: int, now: datetime) -> date:
    """The day on which ``minute`` next comes after ``now``: today, or else tomorrow."""
    today = now.date()
    return today if _at(today, minute) > now.replace(tzinfo=None) else today + timedelta(days=1)


def _moved(schedule: Schedule, minute: int, now: datetime) -> Schedule:
    """``schedule`` at a new time of day; a one-off whose new time has passed rings at the next."""
    moved = dated(Schedule(minute, schedule.repeat, schedule.day), now)
    return moved or Schedule(minute, Repeat.ONCE, _next_day(minute, now))


def _at(day: date, minute: int) -> datetime:
    return datetime.combine(day, time(*divmod(minute, 60)))


def _request(
    schedule: Schedule, local: LocalTime, content: Content, locale: str
) -> ReminderRequest:
    hour, minute = divmod(schedule.minute, 60)
    if schedule.repeat is Repeat.ONCE:
        trigger = Trigger(TriggerType.SCHEDULED_ABSOLUTE, _at(schedule.day, schedule.minute))
    else:
        rule = f"FREQ=DAILY;BYHOUR={hour};BYMINUTE={minute};BYSECOND=0"
        if schedule.repeat is Repeat.WEEKDAYS:
            rule = f"FREQ=WEEKLY;BYDAY={WEEKDAYS};BYHOUR={hour};BYMINUTE={minute};BYSECOND=0"
        start = local.now.replace(tzinfo=None, second=0, microsecond=0)
        trigger = Trigger(
            TriggerType.SCHEDULED_ABSOLUTE,
            recurrence=Recurrence(start_date_time=start, recurrence_rules=[rule]),
        )
    trigger.time_zone_id = local.zone
    text = content.prompt(Prompt.REMINDER_TEXT)
    return ReminderRequest(
        request_time=local.now.astimezone(UTC).replace(tzinfo=None, microsecond=0),
        trigger=trigger,
        alert_info=AlertInfo(SpokenInfo([SpokenText(locale=locale, text=text)])),
        push_notification=PushNotification(PushNotificationStatus.ENABLED),
    )


def _ours(handler_input: HandlerInput, client: Any) -> list[tuple[str, Schedule]]:
    """The skill's reminders that will still ring, with their tokens.

    Read as plain JSON rather than through ``get_reminders()``: the SDK model cannot read its
    own listing (``AlertInfo`` names a module that does not exist, alexa/alexa-apis-for-python
    issue 4; empty datetimes fail to parse, issue 30).
    """
    system = handler_input.request_envelope.context.system
    headers = [
        ("Accept", "application/json"),
        ("Authorization", f"Bearer {system.api_access_token}"),
    ]
    answer = client.invoke(
        method="GET",
        endpoint=system.api_endpoint,
        path=REMINDERS_PATH,
        query_params=[],
        header_params=headers,
        path_params={},
        response_definitions=[],
        body=None,
        response_type="object",
    )
    alerts = answer.body.get("alerts") if isinstance(answer.body, dict) else None
    found = []
    for reminder in (alerts if isinstance(alerts, list) else [])[:MAX_REMINDERS]:
        if not isinstance(reminder, dict) or reminder.get("status") != "ON":
            continue
        token, schedule = reminder.get("alertToken"), schedule_of(reminder.get("trigger"))
        if isinstance(token, str) and token and schedule is not None:
            found.append((token, schedule))
    return found


def schedule_of(trigger: Any) -> Schedule | None:
    """When a listed reminder's trigger (JSON) rings, as the dialogue says it; None for one it
    cannot read."""
    if not isinstance(trigger, dict):
        return None
    recurrence = trigger.get("recurrence")
    rules = recurrence.get("recurrenceRules") if isinstance(recurrence, dict) else None
    if isinstance(rules, list) and rules and isinstance(rules[0], str):
        return _repeating(rules[0])
    try:
        at = datetime.fromisoformat(str(trigger.get("scheduledTime")))
    except ValueError:
        return None
    return Schedule(at.hour * 60 + at.minute, Repeat.ONCE, at.date())


def _repeating(rule: str) -> Schedule | None:
    if not _RULE.match(rule):
        return None
    parts = dict(part.split("=", 1) for part in rule.strip(";").split(";"))
    try:
        minute = int(parts["BYHOUR"]) * 60 + int(parts.get("BYMINUTE", "0"))
    except (KeyError, ValueError):
        return None
    if not 0 <= minute < MINUTES_A_DAY:
        return None
    if parts.get("FREQ") == "WEEKLY" and parts.get("BYDAY") == WEEKDAYS:
        return Schedule(minute, Repeat.WEEKDAYS)
    return Schedule(minute, Repeat.DAILY) if parts.get("FREQ") == "DAILY" else None


def consent_directive(errand: Errand) -> Directive:
    """Have Alexa ask the user, by voice, to allow reminders; the errand comes back with the
    answer in the token. (Imported here: few turns need it.)"""
    from ask_sdk_model.interfaces.connections import SendRequestDirective

    payload = {
        "@type": "AskForPermissionsConsentRequest",
        "@version": "1",
        "permissionScope": SCOPE,
    }
    return SendRequestDirective(name="AskFor", payload=payload, token=errand_token(errand))


def consent_card() -> AskForPermissionsConsentCard:
    return AskForPermissionsConsentCard(permissions=[SCOPE])


def errand_token(errand: Errand) -> str:
    schedule = errand.schedule
    raw: dict[str, Any] = {"task": errand.task.value}
    if schedule is not None:
        raw.update(minute=schedule.minute, repeat=schedule.repeat.value)
        raw["day"] = schedule.day.isoformat() if schedule.day else None
    return json.dumps(raw, separators=(",", ":"))


def errand_of(token: Any) -> Errand | None:
    """The errand a consent token carries back; None for anything this skill did not write."""
    if not isinstance(token, str) or not token or len(token) > MAX_TOKEN_CHARS:
        return None
    try:
        raw = json.loads(token)
        task = Task(raw["task"])
        if set(raw) == {"task"}:
            return Errand(task)
        if set(raw) != {"task", "minute", "repeat", "day"} or type(raw["minute"]) is not int:
            return None
        if not 0 <= raw["minute"] < MINUTES_A_DAY:  # a token written by hand
            return None
        day = date.fromisoformat(raw["day"]) if raw["day"] is not None else None
        return Errand(task, Schedule(raw["minute"], Repeat(raw["repeat"]), day))
    except (TypeError, ValueError, KeyError, RecursionError):
        log.warning("consent token unreadable (%s characters)", len(token))
        return None
