"""The name-free block: its own rules (which the SMAPI classes cannot check), and agreement with
the language model beside it."""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

import pytest

from skill.voice_model.lint import lint
from skill.voice_model.matcher import Understander
from skill.voice_model.model import language_model, load_model
from skill.voice_model.name_free import NAME_FREE_KEY, ingress_points, lint_name_free, phrases

MODEL = load_model()


def test_the_block_sits_beside_the_language_model_and_keeps_every_rule() -> None:
    assert set(MODEL["interactionModel"]) == {"languageModel", NAME_FREE_KEY}
    assert lint_name_free(MODEL) == []


def test_it_opens_the_skill_and_its_routine_without_the_name() -> None:
    assert phrases(MODEL, "LAUNCH")
    assert "stretch my back" in phrases(MODEL, "INTENT", "StartRoutineIntent")
    assert "start a back stretching routine" in phrases(MODEL, "INTENT", "StartRoutineIntent")
    assert "how do I crack my back safely" in phrases(MODEL, "INTENT", "CrackingRisksIntent")


def test_every_intent_phrase_is_also_understood_inside_the_skill(
    understander: Understander,
) -> None:
    for point in ingress_points(MODEL):
        if point["type"] != "INTENT":
            continue
        for utterance in point["sampleUtterances"]:
            understood = understander.understand(utterance["value"], in_session=True)
            assert understood.intent == point["name"], (utterance, understood)


def test_no_launch_phrase_is_misread_inside_the_skill(understander: Understander) -> None:
    """Said again in a session, a launch phrase must not become a stretch nobody named."""
    for phrase in phrases(MODEL, "LAUNCH"):
        understood = understander.understand(phrase, in_session=True)
        assert all(slot.resolved_id for slot in understood.slots.values()), (phrase, understood)


def _block(model: dict[str, Any]) -> dict[str, Any]:
    return model["interactionModel"][NAME_FREE_KEY]


def _points(model: dict[str, Any]) -> list[dict[str, Any]]:
    return _block(model)["ingressPoints"]


def _launch(model: dict[str, Any]) -> dict[str, Any]:
    return next(p for p in _points(model) if p["type"] == "LAUNCH")


def _intent(model: dict[str, Any]) -> dict[str, Any]:
    return next(p for p in _points(model) if p["type"] == "INTENT")


def _say(value: str) -> dict[str, str]:
    return {"format": "RAW_TEXT", "value": value}


def _move_into_language_model(m: dict[str, Any]) -> None:
    language_model(m)[NAME_FREE_KEY] = m["interactionModel"].pop(NAME_FREE_KEY)


BROKEN: list[tuple[Callable[[dict[str, Any]], Any], str]] = [
    (lambda m: _points(m).append({"type": "DIALOG", "sampleUtterances": [_say("x y")]}),
     "type 'DIALOG' is not LAUNCH or INTENT"),
    (lambda m: _intent(m).update(name="StretchHarderIntent"),
     "intent 'StretchHarderIntent' is not in the language model"),
    (lambda m: _intent(m).update(name="AMAZON.HelpIntent"), "only custom intents"),
    (lambda m: _intent(m).update(name="StartStretchIntent"), "has slots"),
    (lambda m: _launch(m).update(name="StartRoutineIntent"), "a LAUNCH point takes no name"),
    (lambda m: _launch(m)["sampleUtterances"][0].update(format="TEXT"), "is not RAW_TEXT"),
    (lambda m: _intent(m)["sampleUtterances"].append(_say("start {stretch}")), "holds a slot"),
    (lambda m: _intent(m)["sampleUtterances"].append(_say("Stretch my back")), "also listed at"),
    (lambda m: _launch(m)["sampleUtterances"].append(_say("stretch my back")), "also listed at"),
    (lambda m: _launch(m)["sampleUtterances"].append(_say("open back stretch coach")),
     "holds the invocation name"),
    (lambda m: _launch(m)["sampleUtterances"].append(_say("Alexa, limber me up")), "wake word"),
    (lambda m: _launch(m)["sampleUtterances"].append(_say("  ")), "non-empty phrase"),
    (lambda m: _launch(m)["sampleUtterances"][0].update(locale="en-US"), "unknown key 'locale'"),
    (lambda m: _launch(m).update(samples=[]), "unknown key 'samples'"),
    (lambda m: _launch(m).update(sampleUtterances=[]), "sampleUtterances must be a non-empty"),
    (lambda m: _launch(m)["sampleUtterances"].extend(_say(f"limber me up {n}") for n in "abc"),
     "LAUNCH phrases, at most 5"),
    (lambda m: _points(m).append(copy.deepcopy(_intent(m)) | {"sampleUtterances": [_say("q r")]}),
     "has a second ingress point"),
    (lambda m: _block(m).update(ingressPoints=[]), "must be a non-empty list"),
    (lambda m: _block(m).update(launch=True), "exactly one key, ingressPoints"),
    (_move_into_language_model, "belongs in interactionModel, beside languageModel"),
]  # fmt: skip


@pytest.mark.parametrize(("change", "problem"), BROKEN, ids=[p for _, p in BROKEN])
def test_each_broken_rule_is_named(change: Callable[[dict[str, Any]], Any], problem: str) -> None:
    model = copy.deepcopy(MODEL)
    change(model)
    problems = lint(model)
    assert any(problem in p for p in problems), problems
    assert all(p.startswith(NAME_FREE_KEY) for p in problems), problems
