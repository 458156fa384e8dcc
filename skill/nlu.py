"""Turn a typed phrase into what Alexa would send, using only the interaction model.

Each sample utterance becomes a pattern; a custom slot accepts its values and synonyms (and
resolves them to the value's id, as entity resolution does), a built-in slot type accepts any
words. A phrase no sample matches goes to AMAZON.FallbackIntent, as on a real device.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from skill.interaction_model import language_model, normalise

_SLOT_REF = re.compile(r"\{([^{}]+)\}")
_LAUNCH = re.compile(r"^(?:open|launch|start|begin|load|run|talk to|use)\s+(?P<name>.+)$")
_ONE_SHOT = re.compile(r"^(?:ask|tell)\s+(?P<rest>.+)$")
_CONNECTING = re.compile(r"^(?:to|for|about|if|whether|that|and)\s+")


@dataclass(frozen=True)
class SlotValue:
    spoken: str
    resolved_id: str | None  # None: no value of the slot type matched (ER_SUCCESS_NO_MATCH)
    resolved_name: str | None = None
    custom: bool = True


@dataclass(frozen=True)
class Understanding:
    """A LaunchRequest (intent "") or an IntentRequest, and whether it opens a new session."""

    intent: str
    slots: dict[str, SlotValue] = field(default_factory=dict)
    launches: bool = False


def spoken_words(text: str) -> str:
    """A phrase as plain lower-case words, the way samples and slot values are compared."""
    text = text.lower().replace("’", "'")
    text = re.sub(r"[^a-z0-9' ]+", " ", text)
    return normalise(text)


class Understander:
    def __init__(self, model: dict[str, Any]) -> None:
        lm = language_model(model)
        self.invocation = normalise(lm["invocationName"])
        self.types: dict[str, dict[str, tuple[str, str]]] = {}
        for slot_type in lm.get("types", []):
            table = {}
            for value in slot_type.get("values", []):
                name = value["name"]
                for said in [name["value"], *name.get("synonyms", [])]:
                    table[spoken_words(said)] = (value.get("id") or name["value"], name["value"])
            self.types[slot_type["name"]] = table
        self.patterns: list[tuple[re.Pattern[str], str, dict[str, str]]] = []
        self.worded: list[tuple[re.Pattern[str], str]] = []  # samples with words besides slots
        for intent in lm.get("intents", []):
            slot_types = {s["name"]: s["type"] for s in intent.get("slots", [])}
            for sample in intent.get("samples", []):
                pattern = self._compile(sample)
                self.patterns.append((pattern, intent["name"], slot_types))
                if slot_types and spoken_words(_SLOT_REF.sub(" ", sample)):
                    self.worded.append((pattern, intent["name"]))
        # Exact phrases before patterns with slots, so "next" is never read as a slot value.
        self.patterns.sort(key=lambda p: "(?P<" in p[0].pattern)

    def _compile(self, sample: str) -> re.Pattern[str]:
        out, last = [], 0
        for match in _SLOT_REF.finditer(sample):
            out.append(re.escape(spoken_words(sample[last : match.start()])))
            out.append(f"(?P<{match.group(1)}>.+?)")
            last = match.end()
        out.append(re.escape(spoken_words(sample[last:])))
        pattern = r"\s*".join(part for part in out if part)
        return re.compile(rf"^{pattern}$")

    def understand(self, phrase: str, in_session: bool) -> Understanding:
        words = spoken_words(phrase.removeprefix("alexa").strip(" ,"))
        words = spoken_words(words.removeprefix("alexa"))
        launch = _LAUNCH.match(words)
        if launch and spoken_words(launch.group("name")) == self.invocation:
            return Understanding("", launches=True)
        if words == self.invocation:
            return Understanding("", launches=True)
        one_shot = _ONE_SHOT.match(words)
        if one_shot and one_shot.group("rest").startswith(self.invocation + " "):
            rest = one_shot.group("rest")[len(self.invocation) :].strip()
            result = self.intent_for(_CONNECTING.sub("", rest))
            return Understanding(result.intent, result.slots, launches=True)
        result = self.intent_for(words)
        return Understanding(result.intent, result.slots, launches=not in_session)

    def intent_for(self, words: str) -> Understanding:
        for pattern, intent, slot_types in self.patterns:
            match = pattern.match(words)
            if not match:
                continue
            slots = {}
            for name, spoken in match.groupdict().items():
                slot_type = slot_types.get(name, "")
                table = self.types.get(slot_type)
                if table is None:
                    slots[name] = SlotValue(spoken, spoken, spoken, custom=False)
                    continue
                resolved = table.get(spoken_words(spoken))
                if resolved is None:
                    continue  # try a pattern whose slot value does resolve
                slots[name] = SlotValue(spoken, resolved[0], resolved[1])
            if len(slots) == len(match.groupdict()):
                return Understanding(intent, slots)
        unresolved = self._unresolved(words)
        return unresolved or Understanding("AMAZON.FallbackIntent")

    def _unresolved(self, words: str) -> Understanding | None:
        """A worded sample matched only with an unknown slot value: ER_SUCCESS_NO_MATCH."""
        for pattern, intent in self.worded:
            match = pattern.match(words)
            if match:
                slots = {n: SlotValue(v, None) for n, v in match.groupdict().items()}
                return Understanding(intent, slots)
        return None
