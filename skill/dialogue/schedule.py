"""Stretch reminders as plain values: when one rings, what the user asked Alexa's reminders
service to do, and what it reported. The dialogue decides with them; the Alexa layer turns them
into API calls (:mod:`skill.alexa.reminders`).
"""

from datetime import date
from enum import StrEnum
from typing import NamedTuple

MINUTES_A_DAY = 24 * 60


class Repeat(StrEnum):
    DAILY = "daily"
    WEEKDAYS = "weekdays"  # Monday to Friday
    ONCE = "once"


class Schedule(NamedTuple):
    """When a reminder rings, in the device's time zone."""

    minute: int  # of the day, 0 to 1439
    repeat: Repeat = Repeat.DAILY
    # A one-off reminder's day; None until the Alexa layer picks the next time ``minute`` comes.
    day: date | None = None


class Task(StrEnum):
    CREATE = "create"
    LIST = "list"
    CANCEL = "cancel"  # every stretch reminder the skill set
    CHANGE = "change"  # every stretch reminder moved to a new time of day


class Errand(NamedTuple):
    """One thing to ask of the reminders service. CREATE carries the reminder; CHANGE the new
    time (its ``minute``); LIST and CANCEL nothing."""

    task: Task
    schedule: Schedule | None = None


class Fault(StrEnum):
    NO_PERMISSION = "no_permission"  # never granted, or revoked (the service said 401 or 403)
    BUSY = "busy"  # the service said 429
    UNAVAILABLE = "unavailable"  # 5xx, too slow, unreachable, or an answer it could not read
    REFUSED = "refused"  # the service would not take this reminder (400)
    STILL_NOT_ALLOWED = "still_not_allowed"  # the user said yes to Alexa, yet the service says no


class News(NamedTuple):
    """What the reminders service did with an errand: the reminders it created, found, cancelled
    or changed, or the fault that stopped it."""

    errand: Errand
    fault: Fault | None = None
    reminders: tuple[Schedule, ...] = ()


class Consent(StrEnum):
    """The user's answer when Alexa asked them, by voice, to allow reminders."""

    ACCEPTED = "accepted"
    DENIED = "denied"
    NOT_ANSWERED = "not_answered"
    UNSUPPORTED = "unsupported"  # this device cannot ask by voice


class OfferStep(StrEnum):
    """How far the once-only offer of a daily reminder went, as the user's record keeps it."""

    OFFERED = "offered"
    DECLINED = "declined"
    HAS_REMINDER = "has_reminder"  # the user set one themselves: no offer needed
