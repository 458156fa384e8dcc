"""The sample templates: what each piece of the syntax stands for, and errors that name the
template and the fault."""

from __future__ import annotations

import pytest

from skill.voice_model.templates import TemplateError, expand


@pytest.mark.parametrize(
    ("template", "phrases"),
    [
        ("it hurts", ["it hurts"]),
        ("(it|that) hurts", ["it hurts", "that hurts"]),
        ("stop [now]", ["stop now", "stop"]),
        ("[please] stop", ["please stop", "stop"]),
        ("start [the] {stretch} [please]", ["start the {stretch} please", "start the {stretch}",
                                             "start {stretch} please", "start {stretch}"]),
        ("(a|(b|c) d)", ["a", "b d", "c d"]),
        ("[a|b] c", ["a c", "b c", "c"]),
        ("x  (y|)  z", ["x y z", "x z"]),
        ("(a|a) b", ["a b"]),
    ],
)  # fmt: skip
def test_each_piece_of_the_syntax(template: str, phrases: list[str]) -> None:
    assert expand(template) == phrases


def test_rules_are_templates_too() -> None:
    rules = {"part": "(back|neck)", "my_part": "my <part>"}
    assert expand("<my_part> hurts", rules) == ["my back hurts", "my neck hurts"]


@pytest.mark.parametrize(
    ("template", "rules", "fault"),
    [
        ("(a|b", {}, "')' missing"),
        ("a|b", {}, "'|' outside"),
        ("a)", {}, "unexpected ')'"),
        ("(a]", {}, "unexpected ']'"),
        ("<nope>", {}, "no rule <nope>"),
        ("<x", {}, "'<' without '>'"),
        ("<loop>", {"loop": "a <loop>"}, "nest too deep"),
        ("(a|b|c|d|e|f|g|h|i|j) " * 4, {}, "more than"),
    ],
)
def test_a_broken_template_names_itself_and_the_fault(template, rules, fault) -> None:
    with pytest.raises(TemplateError) as raised:
        expand(template, rules)
    assert fault in str(raised.value)
    assert str(raised.value).startswith(repr(template)) or "<" in template  # names the template
