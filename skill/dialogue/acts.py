"""What the dialogue answers: acts (what to say, in order) gathered in a reply."""

from typing import NamedTuple

from skill.dialogue.schedule import Errand, OfferStep
from skill.dialogue.state import State


class Say(NamedTuple):
    """Plain speech; ``prompt`` names the prompt it was said from, where it was one (a screen
    picks its layout by it; equality ignores it: two says of the same words are the same)."""

    text: str
    prompt: str = ""

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Say) and other.text == self.text

    def __ne__(self, other: object) -> bool:
        return not self == other

    def __hash__(self) -> int:
        return hash(self.text)


class Caution(NamedTuple):
    """The caution a stretch needs spoken, and confirmed, before its first step."""

    stretch: str
    text: str


class Instruction(NamedTuple):
    """One instruction of a stretch's steps, and the quiet after it to move. ``number`` of
    ``count`` is where it stands in its pass through the steps (0 for an introduction), and
    ``side`` the side that pass is on ("" for none)."""

    stretch: str
    text: str
    move_seconds: int = 0
    number: int = 0
    count: int = 0
    side: str = ""


class Hold(NamedTuple):
    """Wait out a hold inside the response, with cues; ``remind_at`` is how many seconds
    before its end "ten seconds left" is said (0: not in this hold)."""

    seconds: int
    remind_at: int = 0


Act = Say | Caution | Instruction | Hold


class Reply(NamedTuple):
    """What to say this turn. The session stays open exactly when there is a question.

    ``completed`` names the stretches finished this turn (for the history); ``forget_user``
    asks the caller to delete everything stored about the user. The rest ask the caller for
    what the dialogue cannot do itself: ``errand`` to take to the reminders service (its news
    then comes back as an event, and is what this turn says); ``ask_consent`` to have Alexa
    ask the user, by voice, to allow reminders for that errand; ``consent_card`` to send the
    Alexa app the card that asks; ``offer`` to note in the user's record.
    """

    acts: tuple[Act, ...]
    ask: str = ""
    reprompt: str = ""
    completed: tuple[str, ...] = ()
    forget_user: bool = False
    errand: Errand | None = None
    ask_consent: Errand | None = None
    consent_card: bool = False
    offer: OfferStep | None = None

    @property
    def ends_session(self) -> bool:
        return not self.ask

    def prefixed(self, *acts: Act) -> "Reply":
        return self._replace(acts=(*acts, *self.acts))


class Outcome(NamedTuple):
    """The result of answering one event: the state to carry on from, and what to say."""

    state: State
    reply: Reply
