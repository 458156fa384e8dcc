"""How a stretch unfolds in time: its segments (sides, the advanced variant), the chunks of
steps spoken in one response, and how long each hold lasts.

Guided, a response carries the steps up to and including the next long hold, waits the hold
out, then asks for "next"; short holds of one stretch are chained into one response while the
holds' audio cues stay within Alexa's limit on clips. Continuous, a response runs on until the
next hold would break that limit.
"""

from functools import lru_cache
from typing import NamedTuple

from skill.content.model import Content, Step
from skill.dialogue.acts import Hold
from skill.dialogue.state import Pace, Phase, PlanItem, Position, Prefs, State
from skill.limits import MAX_HOLDS_PER_RESPONSE

SHORT_HOLD_SECONDS = 10  # a hold this long or shorter may share a response with the next
REMINDER_MIN_HOLD = 20  # holds this long or longer say "ten seconds left"...
REMINDER_AT = 10  # ...this many seconds before they end (the prompt hold_remaining says it)


class Segment(NamedTuple):
    """One pass through a list of steps: a side, the whole stretch, or its advanced variant."""

    steps: tuple[Step, ...]
    side: str = ""
    other: str = ""
    advanced: bool = False

    def fill(self, text: str, hold: int = 0) -> str:
        values = {"side": self.side, "other": self.other, "hold": str(hold)}
        return text.format(**values) if "{" in text else text


@lru_cache(maxsize=256)  # a turn asks several times; every user's plan items are alike
def segments(content: Content, item: PlanItem) -> tuple[Segment, ...]:
    stretch = content.stretch(item.stretch)
    if stretch.sides:
        first, second = stretch.sides
        out = [Segment(stretch.steps, first, second), Segment(stretch.steps, second, first)]
    else:
        out = [Segment(stretch.steps)]
    if item.advanced and stretch.advanced:
        out.append(Segment(stretch.advanced.steps, advanced=True))
    return tuple(out)


def under_way(state: State, content: Content) -> bool:
    """Whether the state is at a step of its plan item, not past the item's last step."""
    item = state.item
    return item is not None and state.at.segment < len(segments(content, item))


# The phases that hold a stretch part-way done, to carry on with.
MIDWAY = (Phase.READY, Phase.CAUTION, Phase.PAUSED, Phase.STOPPED, Phase.PAIN_CHECK,
          Phase.CHOOSING)  # fmt: skip


def in_a_stretch(state: State, content: Content) -> bool:
    """Whether the user is part-way through a stretch (or about to start one of a plan)."""
    return state.phase in MIDWAY and under_way(state, content)


def hold_seconds(step: Step, prefs: Prefs) -> int:
    """The step's hold, or the user's choice where the source gives a range."""
    wanted = prefs.ranged_hold
    if step.hold_max_seconds and step.hold_seconds <= wanted <= step.hold_max_seconds:
        return wanted
    return step.hold_seconds


def hold(seconds: int) -> Hold:
    """A hold of ``seconds``, with the reminder where it is that long."""
    return Hold(seconds, REMINDER_AT if seconds >= REMINDER_MIN_HOLD else 0)


def _guided_stop(steps: tuple[Step, ...], after: int, held: Step, holds: int) -> bool:
    """In guided pace, whether the chunk ends right after the hold ``held``."""
    long_hold = held.hold_seconds > SHORT_HOLD_SECONDS
    upcoming = next((s for s in steps[after:] if s.hold_seconds), None)
    if upcoming is None:
        return long_hold
    return (
        long_hold or upcoming.hold_seconds > SHORT_HOLD_SECONDS or holds >= MAX_HOLDS_PER_RESPONSE
    )


def chunk(
    segs: tuple[Segment, ...], seg: int, step: int, pace: Pace = Pace.GUIDED
) -> tuple[list[tuple[int, int]], int, int]:
    """The (segment, step) pairs of the chunk starting at (seg, step), and where the next begins.

    The next start has ``seg == len(segs)`` when the plan item is finished. Guided, a chunk ends
    after a long hold; a chunk that ends a segment without any hold runs on into the next, so
    a lone "come back to the start" is followed at once by the next side. Continuous, a chunk
    runs on until the next hold would break the limit on audio clips.
    """
    continuous = pace is Pace.CONTINUOUS
    taken: list[tuple[int, int]] = []
    holds = 0
    while seg < len(segs):
        steps = segs[seg].steps
        while step < len(steps):
            current = steps[step]
            if current.hold_seconds and holds >= MAX_HOLDS_PER_RESPONSE:
                return taken, seg, step
            taken.append((seg, step))
            step += 1
            if current.hold_seconds:
                holds += 1
                if not continuous and _guided_stop(steps, step, current, holds):
                    if step < len(steps):
                        return taken, seg, step
                    break
        seg, step = seg + 1, 0
        if holds and not continuous:
            break
    return taken, seg, step


def chunk_starts(
    content: Content, item_index: int, item: PlanItem, pace: Pace = Pace.GUIDED
) -> list[Position]:
    """Every position a chunk of this plan item can start at, in order."""
    starts: list[Position] = []
    segs = segments(content, item)
    seg, step = 0, 0
    while seg < len(segs):
        starts.append(Position(item_index, seg, step))
        _, seg, step = chunk(segs, seg, step, pace)
    return starts
