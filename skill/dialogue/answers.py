"""Answers that keep the user's place: help, the list of stretches, benefits, safety topics.

Every answer ends with the question that fits the phase (:func:`question`), so the user always
knows what to say next and the session stays open.
"""

from __future__ import annotations

from skill.content.model import Content, capitalized
from skill.content.prompts import Prompt
from skill.dialogue import caution
from skill.dialogue.acts import Act, Outcome, Reply, Say
from skill.dialogue.pacing import in_a_stretch
from skill.dialogue.state import (
    BenefitsPage,
    Help,
    LastAnswer,
    Phase,
    PlanItem,
    State,
    StretchList,
    TopicAnswer,
)


def fresh(state: State) -> State:
    """A new state that keeps the user's preferences and what this session has said."""
    return State(prefs=state.prefs, interrupt_told=state.interrupt_told)


def answer(
    state: State, content: Content, acts: tuple[Act, ...], said: LastAnswer | None = None
) -> Outcome:
    """Say ``acts`` and ask what fits the phase; the position is kept. ``said`` is what
    "repeat" will say again (the previous answer stays when None).

    An open caution question is withdrawn, so the caution is spoken again before any step.
    """
    kept = state.last_answer if said is None else said
    s = caution_closed(state._replace(last_answer=kept, benefits_next=0))
    ask, reprompt = question(s, content)
    return Outcome(s, Reply(acts, ask, reprompt))


def caution_closed(state: State) -> State:
    """The state with an open caution question withdrawn: another question is being asked, so
    a "yes" that follows answers that one, and the caution is spoken again before any step."""
    if state.phase is Phase.CAUTION:
        return caution.withdrawn(state._replace(phase=Phase.READY))
    return state


def question(state: State, content: Content) -> tuple[str, str]:
    """The question, and its reprompt, that fit the state's phase."""
    p = content.prompt
    stretch = content.stretch(state.item.stretch) if state.item else None
    name = stretch.name if stretch else ""
    if state.phase is Phase.READY and name:
        if state.at.segment == 0 and state.at.step == 0:
            return p(Prompt.START_ASK, name=name), p(Prompt.CARRY_ON_REPROMPT, name=name)
        return p(Prompt.CARRY_ON_ASK, name=name), p(Prompt.CARRY_ON_REPROMPT, name=name)
    if state.phase is Phase.CAUTION and stretch and stretch.caution:
        ask = stretch.caution.ask
        return ask, p(Prompt.CAUTION_REPROMPT, question=ask)
    if state.phase is Phase.ADVANCED_OFFER and stretch and stretch.advanced:
        return stretch.advanced.offer, p(Prompt.ADVANCED_REPROMPT)
    if state.phase is Phase.PAUSED and name:
        return p(Prompt.PAUSED_ASK, name=name), p(Prompt.PAUSED_REPROMPT, name=name)
    if state.phase is Phase.PAIN_CHECK and name:
        return p(Prompt.PAIN_CHECK_ASK), p(Prompt.PAIN_CHECK_REPROMPT)
    if state.phase is Phase.CHOOSING and name:
        return p(Prompt.CHOOSE_ASK, name=name), p(Prompt.CHOOSE_REPROMPT, name=name)
    return p(Prompt.MENU_ASK), p(Prompt.MENU_REPROMPT)


def say(content: Content, key: str, **values: str) -> Say:
    """The prompt ``key`` as speech."""
    return Say(content.prompt(key, **values), key)


def display_name(content: Content, item: PlanItem) -> str:
    """What a plan item is called: the advanced variant's name where it is that."""
    stretch = content.stretch(item.stretch)
    return stretch.advanced.name if item.advanced and stretch.advanced else stretch.name


def stretch_list(state: State, content: Content, lead: tuple[Act, ...] = ()) -> Outcome:
    names = content.spoken_list([s.name for s in content.stretches])
    return answer(state, content, (*lead, say(content, Prompt.LIST, names=names)), StretchList())


def help_answer(state: State, content: Content) -> Outcome:
    return answer(state, content, (say(content, Prompt.HELP),), Help())


def fallback(state: State, content: Content) -> Outcome:
    """Not understood. In a stretch, the first time reminds how to say it hurts, and the second
    time in a row offers every way out."""
    key = Prompt.FALLBACK
    if in_a_stretch(state, content):
        key = Prompt.FALLBACK_WAYS_OUT if state.misheard >= 2 else Prompt.FALLBACK_MIDWAY
    return answer(state, content, (say(content, key),))


def topic(state: State, content: Content, topic_id: str) -> Outcome:
    """A safety question. One about pain in the middle of a stretch stops the stretch first,
    as "it hurts" does, then answers, and the session ends."""
    try:
        found = content.topic(topic_id)
    except KeyError:
        return fallback(state, content)
    if found.about_pain and in_a_stretch(state, content):
        stop = say(content, Prompt.PAIN_TOPIC_STOP, name=display_name(content, state.item))
        return Outcome(fresh(state), Reply((stop, Say(found.answer))))
    return answer(state, content, (Say(found.answer),), TopicAnswer(found.id))


def benefits(state: State, content: Content, page: int) -> Outcome:
    """One page of the benefits of stretching; "more" (or "yes") reads the next."""
    b = content.benefits
    acts: list[Act] = [Say(b.intro)] if page == 0 else []
    spoken = content.spoken_list(b.page(page))
    acts.append(Say(capitalized(spoken) + "."))
    following = page + 1 if page + 1 < b.pages else 0
    if not following:
        acts.append(Say(b.done))
    s, reply = answer(state, content, tuple(acts), BenefitsPage(page))
    if following:
        return Outcome(s._replace(benefits_next=following), Reply(reply.acts, b.more, b.more))
    return Outcome(s, reply)
