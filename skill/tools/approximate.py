"""``make run``'s stand-in for how Alexa's NLU generalises past the model's samples.

The exact matcher (:mod:`skill.voice_model.matcher`) sends anything no sample holds to
AMAZON.FallbackIntent; a device would often still understand it. Where the exact matcher finds
nothing, this one takes the closest sample by fuzzy matching (rapidfuzz), with slot references
filled in from their values, and only above a high score. The terminal shows such a guess as
"(approximate: …)". It is never used by the tests that measure the model, and nothing of it
reaches Lambda: a real device sends its own understanding.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from rapidfuzz import fuzz, process

from skill.voice_model.matcher import Understander, Understanding
from skill.voice_model.model import language_model
from skill.voice_model.words import SLOT_REF, words

MIN_SCORE = 88  # of 100; below it a guess is more often wrong than right
NUMBER_EXAMPLE = "45"  # what an AMAZON.NUMBER slot is filled with to compare phrases


class ApproximateMatcher:
    def __init__(self, model: dict[str, Any], understander: Understander) -> None:
        self.understander = understander
        lm = language_model(model)
        values = {
            t["name"]: [
                n for v in t["values"] for n in (v["name"]["value"], *v["name"].get("synonyms", []))
            ]
            for t in lm.get("types", [])
        }
        phrases: dict[str, None] = {}
        for intent in lm.get("intents", []):
            slot_types = {s["name"]: s["type"] for s in intent.get("slots", [])}
            for sample in intent.get("samples", []):
                refs = SLOT_REF.findall(sample)
                if len(refs) > 1:
                    continue
                if not refs:
                    phrases[words(sample)] = None
                    continue
                fillers = values.get(slot_types.get(refs[0], ""), [NUMBER_EXAMPLE])
                for filler in fillers:
                    phrases[words(sample.replace(f"{{{refs[0]}}}", filler))] = None
        self.phrases = list(phrases)

    def guess(self, phrase: str) -> Understanding | None:
        """What the closest sample means, when one is close enough; None otherwise."""
        heard = words(phrase.removeprefix("alexa"))
        best = process.extractOne(heard, self.phrases, scorer=fuzz.WRatio, score_cutoff=MIN_SCORE)
        if best is None:
            return None
        understood = self.understander.intent_for(best[0])
        if understood.intent == "AMAZON.FallbackIntent":
            return None
        return replace(understood, launches=False)
