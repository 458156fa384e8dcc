"""The dialogue's values are tuples with names (cheap to define at start-up and to copy every
turn), so the tuple behaviours that would be wrong for them are pinned here."""

from __future__ import annotations

from skill.dialogue.acts import Caution, Reply, Say
from skill.dialogue.state import BenefitsPage, Help, StretchList, TopicAnswer, Welcome


def test_answers_with_nothing_to_carry_are_true_and_equal_only_to_their_own_kind() -> None:
    kinds = (Welcome(), Help(), StretchList())
    for one in kinds:
        assert one  # an empty tuple would be false
        assert one == type(one)() and hash(one) == hash(type(one)())
        assert [other for other in kinds if other == one] == [one]
        assert one != () and one != BenefitsPage(0)


def test_a_say_equals_the_same_words_said_from_any_prompt_and_nothing_else() -> None:
    assert Say("Bye.", "goodbye") == Say("Bye.")
    assert (Say("Bye.", "goodbye") != Say("Bye.")) is False  # a tuple's != would say True
    assert hash(Say("Bye.", "goodbye")) == hash(Say("Bye."))
    assert Reply((Say("Bye.", "goodbye"),)) == Reply((Say("Bye."),))
    assert Say("Bye.") != Say("Hi.")
    assert Say("bridge", "x") != ("bridge", "x") and Say("bridge", "x") != Caution("bridge", "x")


def test_values_are_frozen() -> None:
    # Each value's own field, and an attribute it does not have: neither can be set.
    for value, name in ((Say("Hi."), "text"), (TopicAnswer("cracking"), "topic"),
                        (Welcome(), "text"), (Say("Hi."), "extra")):  # fmt: skip
        try:
            setattr(value, name, "changed")
        except AttributeError:
            continue
        raise AssertionError(f"{value!r} took {name}")
