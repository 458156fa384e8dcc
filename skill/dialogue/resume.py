"""Carrying on: what a new session offers from where the user left off, and how it resumes.

A new session starts paused where the stored state left an unfinished plan, never confirmed
(:func:`session_start`); the welcome then offers to carry on (:func:`welcome`); carrying on
(:func:`carry_on`) goes through :func:`skill.dialogue.delivery.begin`, so the caution of the
bridge or the extension exercise is spoken again before any of its steps.
"""

from __future__ import annotations

from dataclasses import replace

from skill.content.model import Content
from skill.content.prompts import Prompt
from skill.dialogue import caution
from skill.dialogue.acts import Outcome, Reply, Say
from skill.dialogue.answers import answer, display_name, fresh, say
from skill.dialogue.delivery import begin
from skill.dialogue.pacing import segments
from skill.dialogue.state import Phase, State, Welcome

# Phases in which a stored state still holds a stretch worth offering to carry on.
_UNFINISHED = (Phase.READY, Phase.CAUTION, Phase.PAUSED)


def session_start(saved: State) -> State:
    """The state a new session starts from: paused where the user left an unfinished plan."""
    start = fresh(saved)
    if saved.in_plan and saved.phase in _UNFINISHED:
        return replace(start, phase=Phase.PAUSED, plan=saved.plan, at=saved.at)
    return start


def welcome(state: State, content: Content) -> Outcome:
    """The opening: the offer to carry on a paused stretch, or the welcome."""
    if state.phase is Phase.PAUSED and state.in_plan:
        return _offer(state, content)
    return answer(fresh(state), content, (say(content, Prompt.WELCOME),), Welcome())


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
    s = caution.withdrawn(replace(state, last_answer=None, benefits_next=0))
    ask, reprompt = p(Prompt.PAUSED_ASK, name=name), p(Prompt.PAUSED_REPROMPT, name=name)
    return Outcome(s, Reply((Say(offer),), ask, reprompt))


def carry_on(state: State, content: Content) -> Outcome:
    """Resume a paused stretch where it stopped, its caution first where it has one."""
    s = caution.withdrawn(replace(state, phase=Phase.READY))
    name = content.stretch(s.item.stretch).name
    return begin(s, content, (say(content, Prompt.RESUMING, name=name),))
