"""What the user asked (events) and what the skill answers (acts), independent of Alexa."""

from __future__ import annotations

from dataclasses import dataclass, replace
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
class Say:
    """Plain speech."""

    text: str


@dataclass(frozen=True)
class Caution:
    """The caution a stretch needs spoken, and confirmed, before its first step."""

    stretch: str
    text: str


@dataclass(frozen=True)
class Step:
    """One instruction of a stretch."""

    stretch: str
    text: str


@dataclass(frozen=True)
class Hold:
    """Wait out a hold inside the response, with cues."""

    seconds: int


Act = Say | Caution | Step | Hold


@dataclass(frozen=True)
class Reply:
    """What to say this turn. The session stays open exactly when there is a question.

    ``completed`` names the stretches finished this turn (for the history); ``forget_user``
    asks the caller to delete everything stored about the user.
    """

    acts: tuple[Act, ...]
    ask: str = ""
    reprompt: str = ""
    completed: tuple[str, ...] = ()
    forget_user: bool = False

    @property
    def ends_session(self) -> bool:
        return not self.ask

    def prefixed(self, *acts: Act) -> Reply:
        return replace(self, acts=(*acts, *self.acts))


@dataclass(frozen=True)
class Facts:
    """What the dialogue knows about the user beyond this session, read from the store."""

    first_visit: bool = False
    days_this_week: int = 0
    stretches_this_week: int = 0
    streak_days: int = 0
