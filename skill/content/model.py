"""The skill's content as frozen values: stretches, knowledge answers and prompts.

Built once by :mod:`skill.content.loader` from ``content/*.yaml``, validated as a whole by
:mod:`skill.content.schema`, and shared read-only. Any problem raises :class:`ContentError`,
which lists every error found, each naming file, field path, what was expected and what came.
"""

from collections.abc import Mapping
from typing import NamedTuple

from skill.content.prompts import Prompt, split_names

MAX_HOLD_SECONDS = 120  # the longest hold a step may have, and a user may choose
MAX_MOVE_SECONDS = 20  # the longest quiet a step may give to move into place


def capitalized(text: str) -> str:
    """``text`` with its first letter a capital, as a sentence or a label begins."""
    return text[:1].upper() + text[1:]


class ContentError(Exception):
    """The content files are broken; ``errors`` holds one line per problem."""

    def __init__(self, errors: list[str]) -> None:
        self.errors = list(errors)
        super().__init__("invalid content:\n" + "\n".join(f"  {e}" for e in self.errors))


class Step(NamedTuple):
    """One instruction: ``say``, quiet to move, the hold, then ``after`` and quiet again."""

    say: str
    move_seconds: int = 0  # after `say`: time to move into place (and settle, before a hold)
    hold_seconds: int = 0
    hold_max_seconds: int = 0
    after: str = ""
    after_seconds: int = 0  # after `after`: time to come out of the position


class Caution(NamedTuple):
    """What must be said, and answered "yes", before a stretch's first step."""

    say: str
    ask: str  # the question; "yes" leads to the steps
    declined: str  # said after "no"


class Variant(NamedTuple):
    """A harder version of a stretch, done from the position the stretch ends in."""

    id: str
    name: str
    title: str  # how a screen heads it
    names: tuple[str, ...]
    offer: str
    intro: str
    steps: tuple[Step, ...]


class Stretch(NamedTuple):
    id: str
    name: str
    title: str  # how a screen heads it
    names: tuple[str, ...]
    intro: str
    steps: tuple[Step, ...]
    source: str = ""
    caution: Caution | None = None
    sides: tuple[str, ...] = ()
    advanced: Variant | None = None

    @property
    def has_caution(self) -> bool:
        return self.caution is not None


class Benefits(NamedTuple):
    intro: str
    items: tuple[str, ...]
    page_size: int
    more: str
    done: str

    @property
    def pages(self) -> int:
        return -(-len(self.items) // self.page_size)

    def page(self, index: int) -> tuple[str, ...]:
        start = index * self.page_size
        return self.items[start : start + self.page_size]


class Topic(NamedTuple):
    id: str
    intent: str
    answer: str
    about_pain: bool = False  # asked mid-stretch, it stops the stretch first


class Content(NamedTuple):
    stretches: tuple[Stretch, ...]
    routine: tuple[str, ...]
    benefits: Benefits
    topics: tuple[Topic, ...]
    prompts: Mapping[str, str]

    def __repr__(self) -> str:  # without the hundreds of prompts
        return f"Content({len(self.stretches)} stretches, {len(self.topics)} topics)"

    # Loaded once and never changed, content is one thing by identity, so what is worked out
    # from it can be cached (see skill.dialogue.pacing.segments).
    def __eq__(self, other: object) -> bool:
        return self is other

    def __ne__(self, other: object) -> bool:
        return self is not other

    __hash__ = object.__hash__  # by identity, as above; in C, for the caches' every lookup

    def stretch(self, stretch_id: str) -> Stretch:
        for stretch in self.stretches:
            if stretch.id == stretch_id:
                return stretch
        raise KeyError(stretch_id)

    def has_stretch(self, stretch_id: str) -> bool:
        return any(s.id == stretch_id for s in self.stretches)

    def topic(self, topic_id: str) -> Topic:
        for topic in self.topics:
            if topic.id == topic_id:
                return topic
        raise KeyError(topic_id)

    def topic_for_intent(self, intent: str) -> Topic | None:
        return next((t for t in self.topics if t.intent == intent), None)

    def slot_id(self, slot_id: str) -> tuple[str, bool] | None:
        """Map a stretch slot id to (stretch id, advanced?); None when it names nothing."""
        for stretch in self.stretches:
            if stretch.id == slot_id:
                return stretch.id, False
            if stretch.advanced and stretch.advanced.id == slot_id:
                return stretch.id, True
        return None

    def slot_id_for_name(self, spoken: str) -> str:
        """The slot id of a stretch called ``spoken`` (any of its names), or ""."""
        wanted = " ".join(spoken.lower().split())
        for stretch in self.stretches:
            if wanted in (n.lower() for n in stretch.names):
                return stretch.id
            if stretch.advanced and wanted in (n.lower() for n in stretch.advanced.names):
                return stretch.advanced.id
        return ""

    def prompt(self, key: str, **values: str) -> str:
        return self.prompts[key].format(**values) if values else self.prompts[key]

    def names(self, key: str) -> tuple[str, ...]:
        """The names a name-list prompt holds (the weekdays, the months)."""
        return split_names(self.prompts[key])

    def spoken_list(self, items: list[str] | tuple[str, ...]) -> str:
        """Join names for speech, with the content's word for "and": "a, b, and c"."""
        last = self.prompts[Prompt.LIST_AND]
        if len(items) <= 2:
            return f" {last} ".join(items)
        return ", ".join(items[:-1]) + f", {last} " + items[-1]
