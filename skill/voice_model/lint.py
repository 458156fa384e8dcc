"""The rules Alexa enforces on an interaction model that the SMAPI model classes do not check:
the invocation name, declared slots and slot types, no sample in two intents, the built-in
intents a skill must have, and the name-free block (:mod:`skill.voice_model.name_free`).
"""

from __future__ import annotations

import re
from typing import Any

from skill.voice_model.model import language_model
from skill.voice_model.name_free import lint_name_free
from skill.voice_model.words import SLOT_REF, sample_key

REQUIRED_INTENTS = ("AMAZON.CancelIntent", "AMAZON.HelpIntent", "AMAZON.StopIntent")
EXPECTED_INTENTS = ("AMAZON.NavigateHomeIntent", "AMAZON.FallbackIntent")
LAUNCH_WORDS = {"ask", "tell", "open", "launch", "start", "play", "begin", "load", "run", "resume",
                "use", "talk", "enable"}  # fmt: skip
CONNECTING_WORDS = {"to", "from", "by", "if", "and", "whether"}
WAKE_WORDS = {"alexa", "amazon", "echo", "computer", "skill", "app"}


def lint(model: dict[str, Any]) -> list[str]:
    """Every rule broken by ``model``, each as ``path: problem``."""
    problems: list[str] = []
    try:
        lm = language_model(model)
    except (KeyError, TypeError):
        return ["interactionModel.languageModel: missing"]
    problems += _lint_invocation(lm.get("invocationName"))
    declared_types = {t.get("name") for t in lm.get("types", [])}
    seen: dict[str, str] = {}
    names = []
    for i, intent in enumerate(lm.get("intents", [])):
        name = intent.get("name", "")
        names.append(name)
        where = f"intents[{i}] {name}"
        slots = {s.get("name") for s in intent.get("slots", [])}
        for slot in intent.get("slots", []):
            slot_type = slot.get("type", "")
            if not slot_type.startswith("AMAZON.") and slot_type not in declared_types:
                problems.append(f"{where}: slot {slot.get('name')} has undeclared type {slot_type}")
        for sample in intent.get("samples", []):
            for ref in SLOT_REF.findall(sample):
                if ref not in slots:
                    problems.append(f"{where}: sample {sample!r} uses undeclared slot {{{ref}}}")
            key = sample_key(sample)
            if key in seen and seen[key] != name:
                problems.append(f"{where}: sample {sample!r} is also a sample of {seen[key]}")
            seen.setdefault(key, name)
    if len(names) != len(set(names)):
        problems.append("intents: an intent is declared twice")
    for required in REQUIRED_INTENTS + EXPECTED_INTENTS:
        if required not in names:
            problems.append(f"intents: {required} is missing")
    return problems + lint_name_free(model)


def _lint_invocation(name: Any) -> list[str]:
    if not isinstance(name, str) or not name:
        return ["invocationName: missing"]
    problems = []
    if not re.fullmatch(r"[a-z][a-z '.]*", name):
        problems.append(
            f"invocationName: {name!r} may hold only lower-case letters, spaces, ' and ."
        )
    words = name.split()
    if len(words) < 2:
        problems.append(f"invocationName: {name!r} needs two or more words")
    for word in words:
        if word in LAUNCH_WORDS | CONNECTING_WORDS | WAKE_WORDS:
            problems.append(f"invocationName: {name!r} holds the reserved word {word!r}")
    return problems
