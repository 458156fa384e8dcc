"""Moving through a plan: starting a stretch or the routine, next, yes and no, skip, start
over, previous, repeat, pause and resume."""

from __future__ import annotations

from skill.content.model import Content
from skill.content.prompts import Prompt
from skill.dialogue import caution
from skill.dialogue.acts import Act, Outcome, Reply, Say
from skill.dialogue.answers import (
    answer,
    benefits,
    display_name,
    fresh,
    help_answer,
    question,
    say,
    stretch_list,
    topic,
)
from skill.dialogue.delivery import begin, deliver, finish_item
from skill.dialogue.pacing import chunk_starts, in_a_stretch, segments
from skill.dialogue.resume import carry_on, cleared, hurt, pain_check
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
    s = fresh(state)._replace(phase=Phase.READY, plan=(item,))
    name = display_name(content, item)
    return begin(s, content, (say(content, Prompt.START_STRETCH, name=name),))


def routine(state: State, content: Content) -> Outcome:
    plan = tuple(PlanItem(stretch_id) for stretch_id in content.routine)
    s = fresh(state)._replace(phase=Phase.READY, plan=plan)
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
        _, reprompt = question(state, content)
        return Outcome(state, Reply((), reprompt, reprompt))
    if phase is Phase.ADVANCED_OFFER:
        return no(state, content)
    if phase in (Phase.PAUSED, Phase.CHOOSING, Phase.PAIN_CHECK):
        return resume(state, content)
    return stretch_list(state, content)


def resume(state: State, content: Content) -> Outcome:
    """Carry on where the user is; a stretch stopped midway is asked about first."""
    if state.phase is Phase.PAIN_CHECK:
        return pain_check(state, content)
    if state.phase is Phase.PAUSED and state.in_plan:
        return carry_on(state, content)
    if state.phase in (Phase.READY, Phase.CHOOSING) and state.in_plan:
        return begin(state._replace(phase=Phase.READY), content)
    return answer(state, content, (say(content, Prompt.NOTHING_PAUSED),))


def yes(state: State, content: Content) -> Outcome:
    if state.phase is Phase.PAIN_CHECK:
        return hurt(state, content)
    if state.phase is Phase.CHOOSING:
        return skip(state, content)
    if state.phase is Phase.CAUTION:
        return deliver(caution.confirmed(state), content)
    if state.phase is Phase.ADVANCED_OFFER:
        at = state.at.item
        item = state.item._replace(advanced=True)
        plan = (*state.plan[:at], item, *state.plan[at + 1 :])
        advanced_segment = len(segments(content, item)) - 1
        return deliver(state._replace(plan=plan, at=Position(at, advanced_segment)), content)
    if state.phase in (Phase.READY, Phase.PAUSED):
        return resume(state, content)
    return stretch_list(state, content)


def no(state: State, content: Content) -> Outcome:
    """No is always heard: each no moves the user on, never to the same question again."""
    p = content.prompt
    if state.phase is Phase.PAIN_CHECK:
        return cleared(state, content)
    if state.phase is Phase.CHOOSING:
        return stop(state, content)
    if state.phase is Phase.READY and in_a_stretch(state, content):
        s = state._replace(phase=Phase.CHOOSING)
        ask, reprompt = question(s, content)
        return Outcome(s, Reply((say(content, Prompt.CARRY_ON_DECLINED),), ask, reprompt))
    if state.phase is Phase.CAUTION:
        declined = content.stretch(state.item.stretch).caution
        acts: list[Act] = [Say(declined.declined)] if declined else []
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
    if state.phase is Phase.PAIN_CHECK:
        return pain_check(state, content)  # no step of it, nor of the next, before the answer
    if not state.in_plan or state.phase in (Phase.MENU, Phase.ADVANCED_OFFER):
        return answer(state, content, (say(content, Prompt.NOTHING_TO_SKIP),))
    name = content.stretch(state.item.stretch).name
    return finish_item(state, content, [say(content, Prompt.SKIPPING, name=name)], done=False)


def start_over(state: State, content: Content) -> Outcome:
    if state.phase is Phase.PAIN_CHECK:
        return pain_check(state, content)
    if not state.plan:
        return stretch_list(state, content)
    item = min(state.at.item, len(state.plan) - 1)
    s = caution.withdrawn(state._replace(at=Position(item), phase=Phase.READY))
    name = content.stretch(state.plan[item].stretch).name
    return begin(s, content, (say(content, Prompt.START_OVER, name=name),))


def previous(state: State, content: Content) -> Outcome:
    """The chunk of steps before the one delivered last (the first one again, if none)."""
    if state.phase is Phase.PAIN_CHECK:
        return pain_check(state, content)
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
    if state.phase is Phase.PAIN_CHECK:
        return pain_check(state, content)
    fresh_ready = state.last_chunk is None and state.phase is Phase.READY and state.in_plan
    if state.phase is Phase.CAUTION or fresh_ready:
        return begin(caution.withdrawn(state._replace(phase=Phase.READY)), content)
    if state.last_chunk is not None and state.last_chunk.item < len(state.plan):
        return begin(caution.moved(state, state.last_chunk, Phase.READY), content)
    return answer(state, content, (say(content, Prompt.REPEAT_NOTHING),))


def pause(state: State, content: Content) -> Outcome:
    """Keep the place and end the session: a device cannot wait in silence, so the reply says
    how to come back. A pause always withdraws the confirmation."""
    if not in_a_stretch(state, content) or state.phase is Phase.PAIN_CHECK:
        return answer(caution.withdrawn(state), content, (say(content, Prompt.NOTHING_PAUSED),))
    s = caution.withdrawn(state._replace(phase=Phase.PAUSED, last_answer=None))
    return Outcome(s, Reply((say(content, Prompt.PAUSED, name=display_name(content, s.item)),)))


def stop(state: State, content: Content) -> Outcome:
    """Stop, cancel or home. In the middle of a stretch the goodbye carries the pain advice in
    short, and the stretch is kept as stopped midway: the next session asks whether it hurt
    before any step. An open question about a finished stretch or deleting data is closed."""
    s = state._replace(benefits_next=0, misheard=0)
    if in_a_stretch(s, content):
        stopped = caution.withdrawn(s._replace(phase=Phase.STOPPED, last_answer=None))
        return Outcome(stopped, Reply((say(content, Prompt.GOODBYE_MIDWAY),)))
    if s.phase in (Phase.ADVANCED_OFFER, Phase.CONFIRM_DELETE, Phase.REMINDER_OFFER):
        s = caution.withdrawn(s._replace(phase=Phase.MENU, offer_minute=0))
    return Outcome(s, Reply((say(content, Prompt.GOODBYE),)))
