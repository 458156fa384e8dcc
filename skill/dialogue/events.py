"""What reaches the dialogue: the user's event, and what the store knows about the user."""

from datetime import date
from enum import StrEnum
from typing import NamedTuple

from skill.dialogue.schedule import Errand, News


class Kind(StrEnum):
    LAUNCH = "launch"
    START = "start"  # arg: a stretch slot id ("" when Alexa could not resolve one)
    ROUTINE = "routine"
    NEXT = "next"
    PREVIOUS = "previous"
    REPEAT = "repeat"
    SKIP = "skip"
    START_OVER = "start_over"
    PAUSE = "pause"
    RESUME = "resume"
    YES = "yes"
    NO = "no"
    HELP = "help"
    PAIN = "pain"
    STOP = "stop"
    FALLBACK = "fallback"
    LIST = "list"
    BENEFITS = "benefits"
    MORE = "more"
    TOPIC = "topic"  # arg: a knowledge topic id
    SET_PACE = "set_pace"  # arg: a Pace value ("" when Alexa could not resolve one)
    SET_HOLD = "set_hold"  # arg: seconds as said ("" when missing)
    HISTORY = "history"
    DELETE_DATA = "delete_data"
    REMINDER = "reminder"  # errand: what the user asked of their reminders
    REMINDER_NEWS = "reminder_news"  # news: what the reminders service did with an errand
    CONSENT = "consent"  # arg: a Consent value; errand: the one waiting for it, if known


class Event(NamedTuple):
    kind: Kind
    arg: str = ""
    errand: Errand | None = None
    news: News | None = None


class Facts(NamedTuple):
    """What the dialogue knows about the user beyond this session, read from the store."""

    first_visit: bool = False
    history_known: bool = True  # False when the store could not be read this turn
    days_this_week: int = 0
    stretches_this_week: int = 0
    streak_days: int = 0
    # The day and the minute of the day where the user is (their device's time zone).
    today: date | None = None
    minute: int = 0
    # The once-only offer of a daily reminder is still to make, and how many sessions the user
    # has finished a stretch in, counting this one if it already has.
    reminder_offer_open: bool = False
    finished_sessions: int = 0
    session_counted: bool = False


NO_FACTS = Facts()
