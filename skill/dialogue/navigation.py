"""Moving through a plan: starting a stretch or the routine, next, yes and no, skip, start
over, previous, repeat, pause and resume."""

from __future__ import annotations

from dataclasses import replace

from skill.content.model import Content
from skill.content.prompts import Prompt
from skill.dialogue import caution
from skill.dialogue.acts import Act, Outcome, Reply
from skill.dialogue.answers import (
    answer,
    benefits,
    display_name,
    fresh,
    help_answer,
    say,
    stretch_list,
    topic,
)
from skill.dialogue.delivery import begin, deliver, finish_item
from skill.dialogue.pacing import chunk_starts, segments, under_way
from skill.dialogue.resume import carry_on
from skill.dialogue.state import (
    BenefitsPage,
    Help,
    Phase,
    PlanItem,
    Position,
    State,
    StretchList,
    TopicAnswer,
    Welcome,
)


def start(state: State, content: Content, slot_id: str) -> Outcome:
    """Start the stretch (or advanced variant) a slot id names; list them when it names none."""
    resolved = content.slot_id(slot_id)
    if resolved is None:
        s = caution.withdrawn(state)  # the user meant to leave this stretch
        return stretch_list(s, content, (say(content, Prompt.UNKNOWN_STRETCH),))
    stretch_id, advanced = resolved
    item = PlanItem(stretch_id, advanced)
    s = replace(fresh(state), phase=Phase.READY, plan=(item,))
    name = display_name(content, item)
    return begin(s, content, (say(content, Prompt.START_STRETCH, name=name),))


def routine(state: State, content: Content) -> Outcome:
    plan = tuple(PlanItem(stretch_id) for stretch_id in content.routine)
    s = replace(fresh(state), phase=Phase.READY, plan=plan)
    first = content.stretch(plan[0].stretch).name
    return begin(s, content, (say(content, Prompt.START_ROUTINE, name=first),))


def next_chunk(state: State, content: Content) -> Outcome:
    """ "Next": the next chunk of steps, or what "next" means in the current question."""
    phase = state.phase
    if phase is Phase.READY and state.in_plan:
        if state.at.segment == 0 and state.at.step == 0:
            name = display_name(content, state.item)
            return begin(state, content, (say(content, Prompt.START_STRETCH, name=name),))
        return begin(state, content)
    if phase is Phase.CAUTION:
        name = content.stretch(state.item.stretch).name
        prompt = content.prompt(Prompt.CAUTION_REPROMPT, name=name)
        return Outcome(state, Reply((), prompt, prompt))
    if phase is Phase.ADVANCED_OFFER:
        return no(state, content)
    if phase is Phase.PAUSED:
        return resume(state, content)
    return stretch_list(state, content)


def resume(state: State, content: Content) -> Outcome:
    if state.phase is Phase.PAUSED and state.in_plan:
        return carry_on(state, content)
    if state.phase is Phase.READY and state.in_plan:
        return begin(state, content)
    return answer(state, content, (say(content, Prompt.NOTHING_PAUSED),))


def yes(state: State, content: Content) -> Outcome:
    if state.phase is Phase.CAUTION:
        return deliver(caution.confirmed(state), content)
    if state.phase is Phase.ADVANCED_OFFER:
        at = state.at.item
        item = replace(state.item, advanced=True)
        plan = (*state.plan[:at], item, *state.plan[at + 1 :])
        advanced_segment = len(segments(content, item)) - 1
        return deliver(replace(state, plan=plan, at=Position(at, advanced_segment)), content)
    if state.phase in (Phase.READY, Phase.PAUSED):
        return resume(state, content)
    return stretch_list(state, content)


def no(state: State, content: Content) -> Outcome:
    p = content.prompt
    if state.phase is Phase.CAUTION:
        name = content.stretch(state.item.stretch).name
        acts: list[Act] = [say(content, Prompt.CAUTION_DECLINED, name=name)]
        if len(state.plan) == 1:
            return answer(fresh(state), content, tuple(acts))
        return finish_item(state, content, acts, done=False)
    if state.phase is Phase.ADVANCED_OFFER:
        s = caution.moved(state, Position(len(state.plan)), Phase.MENU)
        return Outcome(s, Reply((), p(Prompt.ANOTHER_ASK), p(Prompt.ANOTHER_REPROMPT)))
    if state.phase is Phase.MENU:
        return Outcome(state, Reply((say(content, Prompt.GOODBYE),)))
    if state.phase is Phase.PAUSED:
        return answer(fresh(state), content, (say(content, Prompt.RESUME_DECLINED),))
    return answer(state, content, ())


def skip(state: State, content: Content) -> Outcome:
    if not state.in_plan or state.phase in (Phase.MENU, Phase.ADVANCED_OFFER):
        return answer(state, content, (say(content, Prompt.NOTHING_TO_SKIP),))
    name = content.stretch(state.item.stretch).name
    return finish_item(state, content, [say(content, Prompt.SKIPPING, name=name)], done=False)


def start_over(state: State, content: Content) -> Outcome:
    if not state.plan:
        return stretch_list(state, content)
    item = min(state.at.item, len(state.plan) - 1)
    s = caution.withdrawn(replace(state, at=Position(item), phase=Phase.READY))
    name = content.stretch(state.plan[item].stretch).name
    return begin(s, content, (say(content, Prompt.START_OVER, name=name),))


def previous(state: State, content: Content) -> Outcome:
    """The chunk of steps before the one delivered last (the first one again, if none)."""
    if not state.plan:
        return stretch_list(state, content)
    anchor = state.last_chunk or Position(min(state.at.item, len(state.plan) - 1))
    starts = [
        start
        for index, item in enumerate(state.plan[: anchor.item + 1])
        for start in chunk_starts(content, index, item, state.prefs.pace)
    ]
    earlier = [start for start in starts if start < anchor]
    lead: tuple[Act, ...] = () if earlier else (say(content, Prompt.PREVIOUS_FIRST),)
    target = earlier[-1] if earlier else starts[0]
    if target.item != anchor.item:
        target = Position(target.item)
    return begin(caution.moved(state, target, Phase.READY), content, lead)


def repeat(state: State, content: Content) -> Outcome:
    """Say again the last answer, or the last chunk of steps."""
    match state.last_answer:
        case BenefitsPage(page=page):
            return benefits(state, content, page)
        case TopicAnswer(topic=topic_id):
            return topic(state, content, topic_id)
        case Help():
            return help_answer(state, content)
        case StretchList():
            return stretch_list(state, content)
        case Welcome():
            return answer(state, content, (say(content, Prompt.WELCOME),), Welcome())
    fresh_ready = state.last_chunk is None and state.phase is Phase.READY and state.in_plan
    if state.phase is Phase.CAUTION or fresh_ready:
        return begin(caution.withdrawn(replace(state, phase=Phase.READY)), content)
    if state.last_chunk is not None and state.last_chunk.item < len(state.plan):
        return begin(caution.moved(state, state.last_chunk, Phase.READY), content)
    return answer(state, content, (say(content, Prompt.REPEAT_NOTHING),))


def pause(state: State, content: Content) -> Outcome:
    """Stop after this answer and keep the place; a pause always withdraws the confirmation."""
    if not state.in_plan or state.phase in (Phase.MENU, Phase.ADVANCED_OFFER):
        return answer(caution.withdrawn(state), content, (say(content, Prompt.NOTHING_PAUSED),))
    s = caution.withdrawn(replace(state, phase=Phase.PAUSED))
    name = content.stretch(state.item.stretch).name
    reprompt = content.prompt(Prompt.PAUSED_REPROMPT, name=name)
    return Outcome(s, Reply((say(content, Prompt.PAUSED, name=name),), reprompt, reprompt))


def stopped(state: State, content: Content) -> State:
    """The state "stop" leaves: a stretch under way is paused, to be offered next session;
    an open question about a finished stretch or deleting data is closed."""
    s = replace(state, benefits_next=0)
    if under_way(s, content) and s.phase is not Phase.MENU:
        return caution.withdrawn(replace(s, phase=Phase.PAUSED, last_answer=None))
    if s.phase in (Phase.ADVANCED_OFFER, Phase.CONFIRM_DELETE):
        return caution.withdrawn(replace(s, phase=Phase.MENU))
    return s
