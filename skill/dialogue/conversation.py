"""The conversation: ``advance(state, event, content, facts)`` gives the next state and reply.

Pure: no Alexa SDK, no I/O. Two rules hold on every path:

* Caution first (:mod:`skill.dialogue.caution`): a stretch with a caution speaks it, and waits
  for "yes", before its first step.
* Stop on pain: a pain event ends the exercise at once, in any state, with the advice.
"""

from __future__ import annotations

from skill.content.model import Content
from skill.content.prompts import Prompt
from skill.dialogue import navigation as nav
from skill.dialogue import profile, reminders
from skill.dialogue.acts import Outcome
from skill.dialogue.answers import (
    answer,
    benefits,
    fallback,
    help_answer,
    say,
    stretch_list,
    topic,
)
from skill.dialogue.events import NO_FACTS, Event, Facts, Kind
from skill.dialogue.resume import hurt, pain_check, welcome
from skill.dialogue.state import MAX_MISHEARD, Phase, State


def advance(state: State, event: Event, content: Content, facts: Facts = NO_FACTS) -> Outcome:
    """Answer one user event; ``facts`` tell what the store knows about the user."""
    state, reply = reminders.offered(state, _answer(state, event, content, facts), facts, content)
    if facts.first_visit and event.kind is not Kind.PAIN:
        reply = reply.prefixed(say(content, Prompt.DISCLAIMER))
    return Outcome(state, reply)


def _answer(state: State, event: Event, content: Content, facts: Facts) -> Outcome:
    kind = event.kind
    if kind is Kind.PAIN:
        return hurt(state, content)
    if kind is Kind.STOP:
        return nav.stop(state, content)
    if state.phase is Phase.STOPPED:  # stopped midway: whatever comes next, ask about pain first
        state = state._replace(phase=Phase.PAIN_CHECK)
        if kind is Kind.NO:  # a "no" to nothing asked yet is no answer to "did anything hurt?"
            return pain_check(state, content)
    misheard = min(state.misheard + 1, MAX_MISHEARD) if kind is Kind.FALLBACK else 0
    if misheard != state.misheard:
        state = state._replace(misheard=misheard)
    if state.phase is Phase.CONFIRM_DELETE:
        if kind is Kind.YES:
            return profile.confirmed_delete(content)
        state = profile.cancel_delete(state, content)
        if kind is Kind.NO:
            return answer(state, content, (say(content, Prompt.DELETE_KEPT),))
    if state.phase is Phase.REMINDER_OFFER and kind in (Kind.YES, Kind.NO):
        return reminders.offer_answered(state, content, yes=kind is Kind.YES)
    if kind not in (Kind.REMINDER, Kind.REMINDER_NEWS, Kind.CONSENT):
        state = reminders.left_offer(state)
    if state.benefits_next and kind in (Kind.MORE, Kind.YES):
        return benefits(state, content, state.benefits_next)
    if state.benefits_next:
        state = state._replace(benefits_next=0)
        if kind is Kind.NO:
            return answer(state, content, ())
    return _dispatch(state, event, content, facts)


def _dispatch(state: State, event: Event, content: Content, facts: Facts) -> Outcome:
    """The function that answers each kind of event."""
    match event.kind:
        case Kind.LAUNCH:
            return welcome(state, content)
        case Kind.START:
            return nav.start(state, content, event.arg)
        case Kind.ROUTINE:
            return nav.routine(state, content)
        case Kind.NEXT:
            return nav.next_chunk(state, content)
        case Kind.RESUME:
            return nav.resume(state, content)
        case Kind.YES:
            return nav.yes(state, content)
        case Kind.NO:
            return nav.no(state, content)
        case Kind.PREVIOUS:
            return nav.previous(state, content)
        case Kind.REPEAT:
            return nav.repeat(state, content)
        case Kind.SKIP:
            return nav.skip(state, content)
        case Kind.START_OVER:
            return nav.start_over(state, content)
        case Kind.PAUSE:
            return nav.pause(state, content)
        case Kind.HELP:
            return help_answer(state, content)
        case Kind.LIST:
            return stretch_list(state, content)
        case Kind.BENEFITS:
            return benefits(state, content, 0)
        case Kind.MORE:
            return answer(state, content, (say(content, Prompt.NOTHING_MORE),))
        case Kind.TOPIC:
            return topic(state, content, event.arg)
        case Kind.SET_PACE:
            return profile.set_pace(state, content, event.arg)
        case Kind.SET_HOLD:
            return profile.set_hold(state, content, event.arg)
        case Kind.HISTORY:
            return profile.history(state, content, facts)
        case Kind.DELETE_DATA:
            return profile.delete_data(state, content)
        case Kind.REMINDER:
            return reminders.requested(state, content, event.errand)
        case Kind.REMINDER_NEWS if event.news is not None:
            return reminders.reported(state, content, event.news, facts)
        case Kind.CONSENT:
            return reminders.consented(state, content, event)
    return fallback(state, content)
