"""The session state: one frozen value, carried between turns in session attributes."""

from enum import StrEnum
from typing import NamedTuple


class Phase(StrEnum):
    MENU = "menu"  # waiting for the user to pick a stretch
    READY = "ready"  # waiting for "next" to deliver the step at `at`
    CAUTION = "caution"  # the caution was spoken; waiting for yes or no
    ADVANCED_OFFER = "advanced_offer"  # offered the advanced variant; waiting for yes or no
    PAUSED = "paused"  # paused at `at` by the user; a new session offers to carry on
    STOPPED = "stopped"  # stopped at `at` midway; a new session asks whether it hurt first
    PAIN_CHECK = "pain_check"  # asked whether anything hurt before carrying on from `at`
    CHOOSING = "choosing"  # said no to carrying on; offered to skip, pick another, or stop
    CONFIRM_DELETE = "confirm_delete"  # asked whether to delete the user's data
    REMINDER_OFFER = "reminder_offer"  # offered a daily reminder at `offer_minute`; yes or no


MAX_MISHEARD = 9  # misunderstandings in a row that the state counts; more count as this many


class Pace(StrEnum):
    GUIDED = "guided"  # ask for "next" after each long hold
    CONTINUOUS = "continuous"  # a whole stretch in as few responses as Alexa allows


class Prefs(NamedTuple):
    """How this user likes to stretch; remembered across sessions."""

    pace: Pace = Pace.GUIDED
    # Seconds for holds the source gives as a range (the extension exercise: 30 to 60);
    # 0 keeps each step's own default.
    ranged_hold: int = 0


class PlanItem(NamedTuple):
    stretch: str
    advanced: bool = False


class Position(NamedTuple):
    item: int = 0
    segment: int = 0
    step: int = 0


class _Plain:
    """An answer with nothing to carry: every one of a kind equals every other. (A tuple with
    no fields would be false, and equal to any other empty one.)"""

    __slots__ = ()

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self)

    def __hash__(self) -> int:
        return hash(type(self).__name__)

    def __repr__(self) -> str:
        return f"{type(self).__name__}()"


# The last answer given outside the steps, which "repeat" says again.
class Welcome(_Plain):
    __slots__ = ()


class Help(_Plain):
    __slots__ = ()


class StretchList(_Plain):
    __slots__ = ()


class BenefitsPage(NamedTuple):
    page: int  # index into the content's pages of benefits


class TopicAnswer(NamedTuple):
    topic: str  # a knowledge topic id


LastAnswer = Welcome | Help | StretchList | BenefitsPage | TopicAnswer


class State(NamedTuple):
    phase: Phase = Phase.MENU
    plan: tuple[PlanItem, ...] = ()
    at: Position = Position()
    # The user said yes to the caution of plan[at.item]; see skill.dialogue.caution.
    confirmed: bool = False
    # Start of the chunk of steps delivered last, for "repeat" and "previous".
    last_chunk: Position | None = None
    # The last answer given outside the steps, for "repeat"; None after a chunk of steps.
    last_answer: LastAnswer | None = None
    # Next page of benefits to read on "more"; 0 when no list is being read.
    benefits_next: int = 0
    prefs: Prefs = Prefs()
    # This session has said how to interrupt ("Alexa, stop", "Alexa, it hurts").
    interrupt_told: bool = False
    # Phrases not understood in a row; the second one in a stretch offers the ways out.
    misheard: int = 0
    # The minute of the day the offered daily reminder would ring (REMINDER_OFFER only), kept so
    # that "yes" sets the time that was said.
    offer_minute: int = 0

    @property
    def in_plan(self) -> bool:
        return 0 <= self.at.item < len(self.plan)

    @property
    def item(self) -> PlanItem | None:
        index = self.at.item
        return self.plan[index] if 0 <= index < len(self.plan) else None
