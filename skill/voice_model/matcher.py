"""Turn a typed phrase into what Alexa would send, using only the interaction model.

Each sample utterance becomes a pattern; a custom slot accepts its values and synonyms (and
resolves them to the value's id, as entity resolution does); AMAZON.TIME and AMAZON.DATE accept
what :mod:`skill.voice_model.builtin_values` can read, as Alexa's values; any other built-in slot
type accepts any words. A phrase no sample matches goes to AMAZON.FallbackIntent, as on a real
device.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from skill.voice_model.builtin_values import date_value, time_value
from skill.voice_model.model import language_model
from skill.voice_model.words import SLOT_REF, words

_LAUNCH = re.compile(r"^(?:open|launch|start|begin|load|run|talk to|use)\s+(?P<name>.+)$")
_ONE_SHOT = re.compile(r"^(?:ask|tell)\s+(?P<rest>.+)$")
_CONNECTING = re.compile(r"^(?:to|for|about|if|whether|that|and)\s+")
# Filled pauses that speech recognition leaves out of its transcript; every other word counts.
_FILLED_PAUSES = re.compile(r"\b(?:um+|uh+(?! huh)|erm*|hmm+|mm+)\b")


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


class Understander:
    def __init__(self, model: dict[str, Any], today: Callable[[], date] = date.today) -> None:
        """``today`` gives the day that relative dates ("tomorrow") count from."""
        lm = language_model(model)
        self.today = today
        self.invocation = words(lm["invocationName"])
        self.types: dict[str, dict[str, tuple[str, str]]] = {}
        for slot_type in lm.get("types", []):
            table = {}
            for value in slot_type.get("values", []):
                name = value["name"]
                for said in [name["value"], *name.get("synonyms", [])]:
                    table[words(said)] = (value.get("id") or name["value"], name["value"])
            self.types[slot_type["name"]] = table
        # Samples without slots are looked up whole; those with slots are tried as patterns.
        self.exact: dict[str, str] = {}
        self.patterns: list[tuple[re.Pattern[str], str, dict[str, str]]] = []
        self.worded: list[tuple[re.Pattern[str], str]] = []  # samples with words besides slots
        for intent in lm.get("intents", []):
            slot_types = {s["name"]: s["type"] for s in intent.get("slots", [])}
            for sample in intent.get("samples", []):
                if not SLOT_REF.search(sample):
                    self.exact.setdefault(words(sample), intent["name"])
                    continue
                pattern = self._compile(sample)
                self.patterns.append((pattern, intent["name"], slot_types))
                if words(SLOT_REF.sub(" ", sample)):
                    self.worded.append((pattern, intent["name"]))

    def _compile(self, sample: str) -> re.Pattern[str]:
        out, last = [], 0
        for match in SLOT_REF.finditer(sample):
            out.append(re.escape(words(sample[last : match.start()])))
            out.append(f"(?P<{match.group(1)}>.+?)")
            last = match.end()
        out.append(re.escape(words(sample[last:])))
        pattern = r"\s+".join(part for part in out if part)  # whole words: "ph" "one" is no "phone"
        return re.compile(rf"^{pattern}$")

    def understand(self, phrase: str, in_session: bool) -> Understanding:
        heard = words(phrase.removeprefix("alexa").strip(" ,"))
        heard = words(_FILLED_PAUSES.sub(" ", heard.removeprefix("alexa")))
        launch = _LAUNCH.match(heard)
        if launch and words(launch.group("name")) == self.invocation:
            return Understanding("", launches=True)
        if heard == self.invocation:
            return Understanding("", launches=True)
        one_shot = _ONE_SHOT.match(heard)
        if one_shot and one_shot.group("rest").startswith(self.invocation + " "):
            rest = one_shot.group("rest")[len(self.invocation) :].strip()
            result = self.intent_for(_CONNECTING.sub("", rest))
            return Understanding(result.intent, result.slots, launches=True)
        result = self.intent_for(heard)
        return Understanding(result.intent, result.slots, launches=not in_session)

    def intent_for(self, heard: str) -> Understanding:
        """Exact phrases first, so "next" is never read as a slot value; then the patterns."""
        if heard in self.exact:
            return Understanding(self.exact[heard])
        for pattern, intent, slot_types in self.patterns:
            match = pattern.match(heard)
            if not match:
                continue
            slots = {}
            for name, spoken in match.groupdict().items():
                slot_type = slot_types.get(name, "")
                table = self.types.get(slot_type)
                if slot_type in ("AMAZON.TIME", "AMAZON.DATE"):
                    value = self._builtin(slot_type, spoken)
                    if value is None:
                        continue  # as Alexa would not fill it: try another pattern
                    slots[name] = SlotValue(spoken, value, value, custom=False)
                    continue
                if table is None:
                    slots[name] = SlotValue(spoken, spoken, spoken, custom=False)
                    continue
                resolved = table.get(words(spoken))
                if resolved is None:
                    continue  # try a pattern whose slot value does resolve
                slots[name] = SlotValue(spoken, resolved[0], resolved[1])
            if len(slots) == len(match.groupdict()):
                return Understanding(intent, slots)
        unresolved = self._unresolved(heard)
        return unresolved or Understanding("AMAZON.FallbackIntent")

    def _builtin(self, slot_type: str, spoken: str) -> str | None:
        if slot_type == "AMAZON.TIME":
            return time_value(spoken)
        return date_value(spoken, self.today())

    def _unresolved(self, heard: str) -> Understanding | None:
        """A worded sample matched only with an unknown slot value: ER_SUCCESS_NO_MATCH."""
        for pattern, intent in self.worded:
            match = pattern.match(heard)
            if match:
                slots = {n: SlotValue(v, None) for n, v in match.groupdict().items()}
                return Understanding(intent, slots)
        return None
