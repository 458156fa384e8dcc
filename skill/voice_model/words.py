"""The one word normaliser: how typed phrases, samples, slot values and name-free phrases are
compared, the way Alexa hears them (case, punctuation and spacing do not count)."""

from __future__ import annotations

import re

SLOT_REF = re.compile(r"\{([^{}]*)\}")
_NOT_A_WORD = re.compile(r"[^a-z0-9' ]+")


def words(text: str) -> str:
    """A phrase as plain lower-case words separated by single spaces."""
    return " ".join(_NOT_A_WORD.sub(" ", text.lower().replace("’", "'")).split())


def sample_key(sample: str) -> str:
    """A sample utterance as compared with others: its words, with ``{slot}`` references kept."""
    out, last = [], 0
    for match in SLOT_REF.finditer(sample):
        out += [words(sample[last : match.start()]), match.group(0)]
        last = match.end()
    out.append(words(sample[last:]))
    return " ".join(part for part in out if part)
