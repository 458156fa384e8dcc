"""How a stretch unfolds: its segments (sides, the advanced variant) and the chunks of steps
spoken in one response.

A response carries the steps up to and including the next hold, waits the hold out, then asks
for "next". Short holds of one stretch are chained into one response while the audio cues of
the holds stay within Alexa's limit of five audio clips per response.
"""

from __future__ import annotations

from dataclasses import dataclass

from skill.content import Content, Step
from skill.state import PlanItem, Position

SHORT_HOLD_SECONDS = 10
CUES_PER_HOLD = 2
MAX_AUDIO_PER_REPLY = 5
MAX_HOLDS_PER_REPLY = MAX_AUDIO_PER_REPLY // CUES_PER_HOLD


@dataclass(frozen=True)
class Segment:
    """One pass through a list of steps: a side, the whole stretch, or its advanced variant."""

    steps: tuple[Step, ...]
    side: str = ""
    other: str = ""
    advanced: bool = False

    def fill(self, text: str, hold: int = 0) -> str:
        values = {"side": self.side, "other": self.other, "hold": str(hold)}
        return text.format(**values) if "{" in text else text


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


def chunk_end(steps: tuple[Step, ...], start: int) -> tuple[int, int]:
    """(index after the chunk starting at ``start``, number of holds in it) within one segment."""
    holds = 0
    i = start
    while i < len(steps):
        step = steps[i]
        i += 1
        if not step.hold_seconds:
            continue
        holds += 1
        long_hold = step.hold_seconds > SHORT_HOLD_SECONDS
        upcoming = next((s for s in steps[i:] if s.hold_seconds), None)
        if upcoming is None:
            if long_hold:
                break
            continue
        if long_hold or upcoming.hold_seconds > SHORT_HOLD_SECONDS or holds >= MAX_HOLDS_PER_REPLY:
            break
    return i, holds


def chunk(segs: tuple[Segment, ...], seg: int, step: int) -> tuple[list[tuple[int, int]], int, int]:
    """The (segment, step) pairs of the chunk starting at (seg, step), and where the next begins.

    The next start has ``seg == len(segs)`` when the plan item is finished. A chunk that ends a
    segment without any hold runs on into the next segment, so a lone "come back to the start"
    is followed at once by the next side.
    """
    taken: list[tuple[int, int]] = []
    held = False
    while seg < len(segs):
        end, holds = chunk_end(segs[seg].steps, step)
        taken.extend((seg, i) for i in range(step, end))
        held = held or holds > 0
        if end < len(segs[seg].steps):
            return taken, seg, end
        seg, step = seg + 1, 0
        if held:
            break
    return taken, seg, step


def chunk_starts(content: Content, item_index: int, item: PlanItem) -> list[Position]:
    """Every position a chunk of this plan item can start at, in order."""
    starts: list[Position] = []
    segs = segments(content, item)
    seg, step = 0, 0
    while seg < len(segs):
        starts.append(Position(item_index, seg, step))
        _, seg, step = chunk(segs, seg, step)
    return starts
