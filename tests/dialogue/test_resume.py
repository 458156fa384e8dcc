"""What a new session offers: paused where the user left an unfinished plan, never confirmed,
and the caution spoken again before any step of the bridge or the extension exercise."""

from __future__ import annotations

import pytest

from skill.content.loader import default_content
from skill.content.prompts import Prompt
from skill.dialogue.acts import Caution, Instruction, Reply, Say
from skill.dialogue.conversation import advance
from skill.dialogue.events import Event, Kind
from skill.dialogue.resume import session_start
from skill.dialogue.state import Pace, Phase, PlanItem, Position, Prefs, State

CONTENT = default_content()


def state_after(*events: Event) -> State:
    state = State(prefs=Prefs(Pace.CONTINUOUS, 60))
    for event in events:
        state, _ = advance(state, event, CONTENT)
    return state


@pytest.mark.parametrize(
    ("events", "phase"),
    [
        ((Event(Kind.ROUTINE), Event(Kind.PAUSE)), Phase.PAUSED),  # paused by the user
        ((Event(Kind.ROUTINE),), Phase.PAIN_CHECK),  # left midway, the session went silent
        ((Event(Kind.START, "bridge"),), Phase.PAIN_CHECK),  # caution asked, no answer
        ((Event(Kind.ROUTINE), Event(Kind.STOP)), Phase.PAIN_CHECK),  # stopped midway
        ((Event(Kind.ROUTINE), Event(Kind.NO)), Phase.PAIN_CHECK),  # offered the ways out
        ((Event(Kind.START, "cat_camel"),), Phase.MENU),  # finished
        ((Event(Kind.START, "bridge"), Event(Kind.YES)), Phase.MENU),  # advanced offered
        ((Event(Kind.ROUTINE), Event(Kind.PAIN)), Phase.MENU),
        ((Event(Kind.BENEFITS),), Phase.MENU),
    ],
)
def test_a_new_session_asks_about_pain_unless_the_user_paused(events, phase) -> None:
    saved = state_after(*events)
    start = session_start(saved, CONTENT)
    assert start.prefs == Prefs(Pace.CONTINUOUS, 60)
    assert start.confirmed is False and start.interrupt_told is False
    assert start.phase is phase
    if phase is Phase.MENU:
        assert start == State(prefs=start.prefs)
    else:
        assert (start.plan, start.at) == (saved.plan, saved.at)


def stopped_midway(stretch: str) -> State:
    """Confirmed and part-way through, the user said stop; this is the next session's start."""
    under_way = State(Phase.READY, (PlanItem(stretch),), Position(0, 0, 1), confirmed=True)
    state, reply = advance(under_way, Event(Kind.STOP), CONTENT)
    assert state.phase is Phase.STOPPED and reply.ends_session
    assert CONTENT.prompt(Prompt.GOODBYE_MIDWAY) in [a.text for a in reply.acts]
    return session_start(state, CONTENT)


@pytest.mark.parametrize("stretch", ["bridge", "extension_exercise", "knee_to_chest"])
@pytest.mark.parametrize(
    "way_on",
    [Kind.LAUNCH, Kind.RESUME, Kind.NEXT, Kind.REPEAT, Kind.PREVIOUS, Kind.START_OVER,
     Kind.SKIP, Kind.FALLBACK, Kind.HELP, Kind.PAUSE],
)  # fmt: skip
def test_nothing_carries_on_until_the_pain_question_is_answered(stretch, way_on) -> None:
    state, reply = advance(stopped_midway(stretch), Event(way_on), CONTENT)
    assert not any(isinstance(a, Instruction | Caution) for a in reply.acts)
    assert state.phase is Phase.PAIN_CHECK
    assert reply.ask == CONTENT.prompt(Prompt.PAIN_CHECK_ASK)


def test_it_hurt_gets_the_advice_and_no_step() -> None:
    state, question = advance(stopped_midway("bridge"), Event(Kind.LAUNCH), CONTENT)
    assert CONTENT.prompt(Prompt.PAIN_CHECK_OFFER, name="the bridge") in question.acts[0].text
    state, reply = advance(state, Event(Kind.YES), CONTENT)
    assert reply == Reply((Say(CONTENT.prompt(Prompt.PAIN)),))
    assert state == State(prefs=state.prefs, interrupt_told=state.interrupt_told)


@pytest.mark.parametrize("stretch", ["bridge", "extension_exercise"])
@pytest.mark.parametrize("answer", [Kind.YES, Kind.RESUME, Kind.NEXT])
def test_carrying_on_a_cautious_stretch_speaks_its_caution_again(stretch, answer) -> None:
    """Next session, after "nothing hurt", every way on is the caution first."""
    state, _ = advance(stopped_midway(stretch), Event(Kind.LAUNCH), CONTENT)
    state, offer = advance(state, Event(Kind.NO), CONTENT)
    assert state.phase is Phase.PAUSED and not state.confirmed and offer.ask
    state, reply = advance(state, Event(answer), CONTENT)
    assert any(isinstance(a, Caution) for a in reply.acts)
    assert not any(isinstance(a, Instruction) for a in reply.acts)
    assert state.phase is Phase.CAUTION


def test_a_paused_stretch_is_offered_without_the_pain_question() -> None:
    state = State()  # guided: the left side, then a question
    for event in (Event(Kind.START, "knee_to_chest"), Event(Kind.PAUSE)):
        state, _ = advance(state, event, CONTENT)
    state, offer = advance(session_start(state, CONTENT), Event(Kind.LAUNCH), CONTENT)
    assert offer.ask == CONTENT.prompt(Prompt.PAUSED_ASK, name="the knee to chest stretch")


@pytest.mark.parametrize(
    "then",
    [[Kind.PAUSE, Kind.NEXT], [Kind.NEXT, Kind.NO], [Kind.RESUME], [Kind.YES], [Kind.REPEAT]],
    ids=lambda kinds: "+".join(k.value for k in kinds),
)
def test_words_after_a_stop_in_the_same_session_ask_about_pain_first(then) -> None:
    """A device ends the session on stop, but a client may still send more: a stretch stopped
    midway is asked about before anything else, however the next words come."""
    state = State()
    for event in (Event(Kind.START, "sitting_rotation"), Event(Kind.STOP)):
        state, _ = advance(state, event, CONTENT)
    replies = []
    for kind in then:
        state, reply = advance(state, Event(kind), CONTENT)
        assert not any(isinstance(a, Instruction | Caution) for a in reply.acts), kind
        replies.append(reply)
    if then[0] is Kind.YES:  # "yes": it hurt
        assert replies[0] == Reply((Say(CONTENT.prompt(Prompt.PAIN)),))
    else:
        assert replies[0].ask == CONTENT.prompt(Prompt.PAIN_CHECK_ASK)
