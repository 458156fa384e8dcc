"""Carrying on: what a new session offers from where the user left off, and how it resumes.

A new session starts from the stored state, never confirmed (:func:`session_start`):

* a stretch the user paused is offered to carry on (:func:`welcome`);
* a stretch left midway any other way (stop, cancel, a session that went silent) is first
  asked about: "did anything hurt?" (:func:`pain_check`). Yes gets the pain advice and no step
  (:func:`hurt`); no leads to the offer to carry on (:func:`cleared`). Until it is answered,
  nothing carries on.

Carrying on (:func:`carry_on`) goes through :func:`skill.dialogue.delivery.begin`, so the
caution of the bridge or the extension exercise is spoken again before any of its steps.
"""

from __future__ import annotations

from skill.content.model import Content
from skill.content.prompts import Prompt
from skill.dialogue import caution
from skill.dialogue.acts import Outcome, Reply, Say
from skill.dialogue.answers import answer, display_name, fresh, question, say
from skill.dialogue.delivery import begin
from skill.dialogue.pacing import in_a_stretch, segments
from skill.dialogue.state import Phase, State, Welcome


def session_start(saved: State, content: Content) -> State:
    """The state a new session starts from: where the user left a stretch midway, paused if
    they paused it, else waiting for the answer to "did anything hurt?"."""
    start = State(prefs=saved.prefs)  # nothing of the last session's talk carries over
    if not in_a_stretch(saved, content):
        return start
    phase = Phase.PAUSED if saved.phase is Phase.PAUSED else Phase.PAIN_CHECK
    return start._replace(phase=phase, plan=saved.plan, at=saved.at)


def welcome(state: State, content: Content) -> Outcome:
    """The opening: the question about pain, the offer to carry on, or the welcome."""
    if state.phase is Phase.PAIN_CHECK:
        return pain_check(state, content)
    if state.phase is Phase.PAUSED and state.in_plan:
        s, reply = _offer(state, content)
        return Outcome(s, reply.prefixed(say(content, Prompt.WELCOME_BACK)))
    return answer(fresh(state), content, (say(content, Prompt.WELCOME),), Welcome())


def pain_check(state: State, content: Content) -> Outcome:
    """Ask whether anything hurt when the stretch was left midway; nothing goes on before."""
    name = display_name(content, state.item)
    ask, reprompt = question(state, content)
    lead = say(content, Prompt.PAIN_CHECK_OFFER, name=name)
    return Outcome(state._replace(last_answer=None), Reply((lead,), ask, reprompt))


def hurt(state: State, content: Content) -> Outcome:
    """It hurt: the pain advice, the stretch dropped, the session over."""
    return Outcome(fresh(state), Reply((say(content, Prompt.PAIN),)))


def cleared(state: State, content: Content) -> Outcome:
    """Nothing hurt: offer to carry on."""
    s, offer = _offer(state._replace(phase=Phase.PAUSED), content)
    return Outcome(s, offer.prefixed(say(content, Prompt.PAIN_CHECK_CLEAR)))


def _offer(state: State, content: Content) -> Outcome:
    p = content.prompt
    item = state.item
    name = display_name(content, item)
    segs = segments(content, item)
    side = segs[state.at.segment].side if state.at.segment < len(segs) else ""
    if len(state.plan) > 1:
        offer = p(Prompt.RESUME_OFFER_ROUTINE, name=name)
    elif side and (state.at.segment, state.at.step) != (0, 0):
        offer = p(Prompt.RESUME_OFFER_SIDE, name=name, side=side)
    else:
        offer = p(Prompt.RESUME_OFFER, name=name)
    s = caution.withdrawn(state._replace(last_answer=None, benefits_next=0))
    ask, reprompt = question(s, content)
    return Outcome(s, Reply((Say(offer),), ask, reprompt))


def carry_on(state: State, content: Content) -> Outcome:
    """Resume a paused stretch where it stopped, its caution first where it has one."""
    s = caution.withdrawn(state._replace(phase=Phase.READY))
    name = content.stretch(s.item.stretch).name
    return begin(s, content, (say(content, Prompt.RESUMING, name=name),))
