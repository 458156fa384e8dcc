"""Caution first: the one home of the rule.

A stretch with a caution (the bridge, the extension exercise) speaks it, and waits for "yes",
before its first step, whatever path leads into it. ``State.confirmed`` records that "yes" for
the current plan item only. It is set in one place (:func:`confirmed`) and withdrawn in one
place (:func:`withdrawn`), which every way out of a stretch goes through: entering another plan
item (:func:`moved`), pausing, stopping, starting over, resuming, any answer while the caution
question is open, and every new session. So every way back in speaks the caution again.
"""

from __future__ import annotations

from skill.content.model import Content
from skill.dialogue.state import Phase, Position, State


def due(state: State, content: Content) -> bool:
    """Whether the stretch at the current position needs its caution spoken and confirmed."""
    item = state.item
    return item is not None and content.stretch(item.stretch).has_caution and not state.confirmed


def confirmed(state: State) -> State:
    """The user said yes to the caution just spoken: its steps may follow."""
    return state._replace(confirmed=True, phase=Phase.READY)


def withdrawn(state: State) -> State:
    """The state without a confirmation: the caution is spoken again before any step."""
    return state._replace(confirmed=False) if state.confirmed else state


def moved(state: State, to: Position, phase: Phase) -> State:
    """The state at a new position; entering another plan item withdraws the confirmation."""
    at = state._replace(at=to, phase=phase, benefits_next=0)
    return at if to.item == state.at.item else withdrawn(at)
