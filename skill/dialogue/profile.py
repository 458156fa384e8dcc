"""Answers about the user: preferences, their stretching history, and deleting their data."""

from __future__ import annotations

from skill.content.model import Content
from skill.content.prompts import Prompt
from skill.dialogue import caution
from skill.dialogue.acts import Outcome, Reply
from skill.dialogue.answers import answer, fallback, say
from skill.dialogue.events import Facts
from skill.dialogue.pacing import under_way
from skill.dialogue.state import Pace, Phase, State

PACE_PROMPTS = {Pace.GUIDED: Prompt.PACE_GUIDED, Pace.CONTINUOUS: Prompt.PACE_CONTINUOUS}


def set_pace(state: State, content: Content, pace_id: str) -> Outcome:
    try:
        pace = Pace(pace_id)
    except ValueError:
        return answer(state, content, (say(content, Prompt.PACE_UNKNOWN),))
    s = state._replace(prefs=state.prefs._replace(pace=pace))
    return answer(s, content, (say(content, PACE_PROMPTS[pace]),))


def set_hold(state: State, content: Content, said: str) -> Outcome:
    """Set the hold of the step whose source gives a range (the extension exercise)."""
    ranged = [
        (stretch, step)
        for stretch in content.stretches
        for step in stretch.steps
        if step.hold_max_seconds
    ]
    if not ranged:
        return fallback(state, content)
    stretch, step = ranged[0]
    low, high = step.hold_seconds, step.hold_max_seconds
    seconds = int(said) if said.isdigit() else -1
    if not low <= seconds <= high:
        text = say(content, Prompt.HOLD_RANGE, name=stretch.name, low=str(low), high=str(high))
        return answer(state, content, (text,))
    s = state._replace(prefs=state.prefs._replace(ranged_hold=seconds))
    text = say(content, Prompt.HOLD_SET, name=stretch.name, seconds=str(seconds))
    return answer(s, content, (text,))


def history(state: State, content: Content, facts: Facts) -> Outcome:
    """This week's stretching: days, stretches and the streak, as the store counted them."""
    if not facts.history_known:
        return answer(state, content, (say(content, Prompt.HISTORY_UNKNOWN),))
    if not facts.stretches_this_week:
        return answer(state, content, (say(content, Prompt.HISTORY_NONE),))
    days = _count(content, Prompt.DAYS_ONE, Prompt.DAYS_MANY, facts.days_this_week)
    count = _count(content, Prompt.STRETCHES_ONE, Prompt.STRETCHES_MANY, facts.stretches_this_week)
    acts = [say(content, Prompt.HISTORY_WEEK, days=days, count=count)]
    if facts.streak_days > 1:
        streak = _count(content, Prompt.DAYS_ONE, Prompt.DAYS_MANY, facts.streak_days)
        acts.append(say(content, Prompt.HISTORY_STREAK, days=streak))
    return answer(state, content, tuple(acts))


def _count(content: Content, one: str, many: str, n: int) -> str:
    return content.prompt(one) if n == 1 else content.prompt(many, n=str(n))


def delete_data(state: State, content: Content) -> Outcome:
    s = caution.withdrawn(state._replace(phase=Phase.CONFIRM_DELETE, benefits_next=0))
    ask = content.prompt(Prompt.DELETE_CONFIRM)
    return Outcome(s, Reply((), ask, ask))


def confirmed_delete(content: Content) -> Outcome:
    return Outcome(State(), Reply((say(content, Prompt.DELETE_DONE),), forget_user=True))


def cancel_delete(state: State, content: Content) -> State:
    """Leave the delete question: back to the stretch under way, asking first whether anything
    hurt (the question may have interrupted it, or a pain check); else the menu."""
    phase = Phase.PAIN_CHECK if under_way(state, content) else Phase.MENU
    return caution.withdrawn(state._replace(phase=phase))
