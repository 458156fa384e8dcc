"""What reaches the dialogue: the user's event, and what the store knows about the user."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


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


@dataclass(frozen=True)
class Event:
    kind: Kind
    arg: str = ""


@dataclass(frozen=True)
class Facts:
    """What the dialogue knows about the user beyond this session, read from the store."""

    first_visit: bool = False
    history_known: bool = True  # False when the store could not be read this turn
    days_this_week: int = 0
    stretches_this_week: int = 0
    streak_days: int = 0


NO_FACTS = Facts()
