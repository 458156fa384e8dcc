"""Speaking a stretch: its caution where due, then its steps a chunk at a time, paced as the
user prefers, and what comes after it."""

from __future__ import annotations

from functools import lru_cache

from skill.content.model import Content, Stretch
from skill.content.prompts import Prompt
from skill.dialogue import caution
from skill.dialogue.acts import Act, Caution, Instruction, Outcome, Reply, Say
from skill.dialogue.answers import display_name, question, say
from skill.dialogue.pacing import Segment, chunk, hold, hold_seconds, segments
from skill.dialogue.state import Phase, PlanItem, Position, Prefs, State


def begin(state: State, content: Content, lead: tuple[Act, ...] = ()) -> Outcome:
    """Deliver from ``at``: the caution first where it is due, else the next chunk. The first
    stretch begun in a session says how to interrupt while Alexa talks."""
    stretch = content.stretch(state.item.stretch)
    acts = list(lead)
    if state.at.segment == 0 and state.at.step == 0 and stretch.intro:
        acts.append(Say(stretch.intro))
    if not state.interrupt_told:
        acts.append(say(content, Prompt.INTERRUPT_HINT))
        state = state._replace(interrupt_told=True)
    if caution.due(state, content) and stretch.caution:
        acts.append(Caution(stretch.id, stretch.caution.say))
        s = state._replace(phase=Phase.CAUTION, last_answer=None, last_chunk=None)
        ask, reprompt = question(s, content)
        return Outcome(s, Reply(tuple(acts), ask, reprompt))
    return deliver(state, content, tuple(acts))


def deliver(state: State, content: Content, lead: tuple[Act, ...] = ()) -> Outcome:
    """Speak the chunk of steps at ``at``; where a caution is due, it is spoken instead."""
    if caution.due(state, content):
        return begin(state, content, lead)
    item = state.item
    segs = segments(content, item)
    steps, seg, step = _chunk_acts(content, item, state.at.segment, state.at.step, state.prefs)
    acts = [*lead, *steps]
    s = state._replace(at=Position(state.at.item, seg, step), last_chunk=state.at, last_answer=None)
    if seg < len(segs):
        if step == 0 and segs[seg].side:
            acts.append(say(content, Prompt.SIDE_UP_NEXT, side=segs[seg].side))
        return _ask_next(s._replace(phase=Phase.READY), content, acts)
    return finish_item(s, content, acts)


@lru_cache(maxsize=512)  # the same for every user at this place with these preferences
def _chunk_acts(
    content: Content, item: PlanItem, seg: int, step: int, prefs: Prefs
) -> tuple[tuple[Act, ...], int, int]:
    """The acts of the chunk of steps starting at (seg, step), and where the next chunk begins."""
    stretch = content.stretch(item.stretch)
    segs = segments(content, item)
    taken, seg, step = chunk(segs, seg, step, prefs.pace)
    acts: list[Act] = []
    for seg_index, step_index in taken:
        segment = segs[seg_index]
        if step_index == 0:
            acts.extend(_segment_lead(content, stretch, seg_index, segment))
        source = segment.steps[step_index]
        seconds = hold_seconds(source, prefs)
        text = segment.fill(source.say, seconds)
        place = (step_index + 1, len(segment.steps), segment.side)
        acts.append(Instruction(stretch.id, text, source.move_seconds, *place))
        if seconds:
            acts.append(hold(seconds))
        if source.after:
            after = segment.fill(source.after)
            acts.append(Instruction(stretch.id, after, source.after_seconds, *place))
    return tuple(acts), seg, step


def _segment_lead(content: Content, stretch: Stretch, index: int, segment: Segment) -> list[Act]:
    if segment.advanced and stretch.advanced:
        return [Instruction(stretch.id, stretch.advanced.intro, count=len(segment.steps))]
    if segment.side:
        key = Prompt.SIDE_FIRST if index == 0 else Prompt.SIDE_NEXT
        return [say(content, key, side=segment.side)]
    return []


def _ask_next(
    state: State, content: Content, acts: list[Act], done: tuple[str, ...] = ()
) -> Outcome:
    p = content.prompt
    return Outcome(state, Reply(tuple(acts), p(Prompt.NEXT_ASK), p(Prompt.NEXT_REPROMPT), done))


def finish_item(state: State, content: Content, acts: list[Act], done: bool = True) -> Outcome:
    """Leave the current plan item (finished when ``done``, else skipped or declined): offer the
    advanced variant, move on to the next item, or end the plan."""
    p = content.prompt
    item = state.item
    stretch = content.stretch(item.stretch)
    completed: tuple[str, ...] = ()
    if done:
        completed = (item.stretch,)
        acts.append(say(content, Prompt.STRETCH_DONE, name=display_name(content, item)))
    if done and len(state.plan) == 1 and stretch.advanced and not item.advanced:
        s = state._replace(phase=Phase.ADVANCED_OFFER)
        reply = Reply(tuple(acts), stretch.advanced.offer, p(Prompt.ADVANCED_REPROMPT), completed)
        return Outcome(s, reply)
    following = state.at.item + 1
    if following < len(state.plan):
        s = caution.moved(state, Position(following), Phase.READY)
        name = content.stretch(state.plan[following].stretch).name
        acts.append(say(content, Prompt.UP_NEXT, name=name))
        return _ask_next(s, content, acts, completed)
    if len(state.plan) > 1:
        acts.append(say(content, Prompt.ROUTINE_DONE))
    s = caution.moved(state, Position(len(state.plan)), Phase.MENU)
    another = Reply(tuple(acts), p(Prompt.ANOTHER_ASK), p(Prompt.ANOTHER_REPROMPT), completed)
    return Outcome(s, another)
