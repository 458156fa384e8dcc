"""Delivering a chunk of steps: worked out once per place and preferences, yet always the
user's own hold."""

from __future__ import annotations

from skill.content.loader import default_content
from skill.dialogue.acts import Hold, Instruction
from skill.dialogue.delivery import deliver
from skill.dialogue.state import Phase, PlanItem, Position, Prefs, State

CONTENT = default_content()


def _ranged_chunk(prefs: Prefs) -> tuple[list[int], list[str]]:
    """The holds and the words of the extension exercise's chunk with its 30–60 s hold."""
    state = State(Phase.READY, (PlanItem("extension_exercise"),), Position(0), True, prefs=prefs)
    _, reply = deliver(state, CONTENT)
    holds = [act.seconds for act in reply.acts if isinstance(act, Hold)]
    words = [act.text for act in reply.acts if isinstance(act, Instruction)]
    return holds, words


def test_each_user_at_the_same_place_hears_their_own_ranged_hold() -> None:
    default_holds, default_words = _ranged_chunk(Prefs())
    longer_holds, longer_words = _ranged_chunk(Prefs(ranged_hold=45))
    assert default_holds == [30] and longer_holds == [45]
    assert any("30 seconds" in words for words in default_words)
    assert any("45 seconds" in words for words in longer_words)
    assert _ranged_chunk(Prefs()) == (default_holds, default_words)  # asked again after 45
