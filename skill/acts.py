"""What the user asked (events) and what the skill answers (acts), independent of Alexa."""

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
    """What to say this turn. The session stays open exactly when there is a question."""

    acts: tuple[Act, ...]
    ask: str = ""
    reprompt: str = ""

    @property
    def ends_session(self) -> bool:
        return not self.ask

    def prefixed(self, *acts: Act) -> Reply:
        return Reply((*acts, *self.acts), self.ask, self.reprompt)
