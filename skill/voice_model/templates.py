"""Sample templates: the compact source of every intent's sample utterances.

``interaction_model/en-US.samples.yaml`` holds, per intent, templates in a small syntax
(in the spirit of home-assistant/intents' sentence templates):

* ``(a|b|c)`` is one of the alternatives;
* ``[a]`` may be left out (``(a|)``);
* ``<name>`` is the rule ``name`` from the file's ``rules``, itself a template;
* ``{slot}`` is a slot reference, kept as it is.

``make sync`` expands them into the samples of ``en-US.json``; a test fails while the two
differ. :func:`expand` raises :class:`TemplateError` naming the template and what is wrong.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping

MAX_EXPANSIONS = 5000  # one template; more means a template that multiplies by mistake


class TemplateError(ValueError):
    """A template that cannot be expanded; the message names it."""


def _parse(
    text: str, at: int, rules: Mapping[str, str], depth: int, closing: str
) -> tuple[list[str], int]:
    """The expansions of ``text`` from ``at`` up to ``closing`` (or its end), and where it ended."""
    if depth > 8:
        raise TemplateError(f"{text!r}: rules nest too deep (a rule that uses itself?)")
    alternatives: list[list[str]] = []
    current: list[str] = [""]
    i = at
    while i < len(text):
        char = text[i]
        if char in "([":
            inner, i = _parse(text, i + 1, rules, depth, ")" if char == "(" else "]")
            if char == "[":
                inner = [*inner, ""]
            current = [a + b for a, b in itertools.product(current, inner)]
        elif char == "<":
            end = text.find(">", i)
            if end < 0:
                raise TemplateError(f"{text!r}: '<' without '>'")
            name = text[i + 1 : end]
            if name not in rules:
                raise TemplateError(f"{text!r}: no rule <{name}>")
            inner = expand(rules[name], rules, depth + 1)
            current = [a + b for a, b in itertools.product(current, inner)]
            i = end
        elif char == "|":
            if not closing:
                raise TemplateError(f"{text!r}: '|' outside ( ) or [ ]")
            alternatives.append(current)
            current = [""]
        elif char in ")]":
            if char != closing:
                raise TemplateError(f"{text!r}: unexpected {char!r}")
            alternatives.append(current)
            return [a for alt in alternatives for a in alt], i
        else:
            current = [a + char for a in current]
        if len(current) > MAX_EXPANSIONS:
            raise TemplateError(f"{text!r}: more than {MAX_EXPANSIONS} expansions")
        i += 1
    if closing:
        raise TemplateError(f"{text!r}: {closing!r} missing")
    alternatives.append(current)
    return [a for alt in alternatives for a in alt], i


def expand(template: str, rules: Mapping[str, str] | None = None, depth: int = 0) -> list[str]:
    """Every phrase ``template`` stands for, spaces normalised, in order, without repeats."""
    found, _ = _parse(template, 0, rules or {}, depth, "")
    return list(dict.fromkeys(" ".join(f.split()) for f in found if f.strip()))
