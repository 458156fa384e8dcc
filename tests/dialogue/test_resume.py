"""What a new session offers: paused where the user left an unfinished plan, never confirmed,
and the caution spoken again before any step of the bridge or the extension exercise."""

from __future__ import annotations

import pytest

from skill.content.loader import default_content
from skill.dialogue.acts import Caution, Instruction
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
    ("events", "resumes"),
    [
        ((Event(Kind.ROUTINE),), True),  # ready, mid-plan
        ((Event(Kind.START, "bridge"),), True),  # caution asked
        ((Event(Kind.ROUTINE), Event(Kind.PAUSE)), True),
        ((Event(Kind.START, "cat_camel"),), False),  # finished: menu
        ((Event(Kind.START, "bridge"), Event(Kind.YES)), False),  # advanced offered
        ((Event(Kind.ROUTINE), Event(Kind.PAIN)), False),
        ((Event(Kind.BENEFITS),), False),
    ],
)
def test_a_new_session_starts_paused_only_inside_an_unfinished_plan(events, resumes) -> None:
    start = session_start(state_after(*events))
    assert start.prefs == Prefs(Pace.CONTINUOUS, 60)
    assert start.confirmed is False
    assert (start.phase is Phase.PAUSED) == resumes
    if not resumes:
        assert start == State(prefs=start.prefs)


@pytest.mark.parametrize("stretch", ["bridge", "extension_exercise"])
@pytest.mark.parametrize("answer", [Kind.YES, Kind.RESUME, Kind.NEXT])
def test_carrying_on_a_cautious_stretch_speaks_its_caution_again(stretch, answer) -> None:
    """Confirmed and part-way through, the user stops; next session, every way on is caution."""
    under_way = State(Phase.READY, (PlanItem(stretch),), Position(0, 0, 1), confirmed=True)
    state, _ = advance(under_way, Event(Kind.STOP), CONTENT)
    assert state.phase is Phase.PAUSED
    start = session_start(state)
    state, offer = advance(start, Event(Kind.LAUNCH), CONTENT)
    assert state.phase is Phase.PAUSED and not state.confirmed and offer.ask
    state, reply = advance(state, Event(answer), CONTENT)
    assert any(isinstance(a, Caution) for a in reply.acts)
    assert not any(isinstance(a, Instruction) for a in reply.acts)
    assert state.phase is Phase.CAUTION
