"""The interaction model: Alexa's rules, agreement with the content and with the handlers."""

from __future__ import annotations

import copy
import json
import shutil
from pathlib import Path

import pytest
from ask_sdk_core.serialize import DefaultSerializer
from ask_smapi_model.v1.skill.interaction_model.interaction_model_data import (
    InteractionModelData,
)

from skill.alexa.handlers import INTENT_EVENTS, REMINDER_TASKS
from skill.voice_model.lint import lint
from skill.voice_model.matcher import Understander
from skill.voice_model.model import (
    LOCALES,
    MODEL_DIR,
    TEMPLATES_NAME,
    language_model,
    load_model,
    model_path,
    stretch_values,
    sync_all,
    templates,
)
from skill.voice_model.name_free import NAME_FREE_KEY as NAME_FREE
from skill.voice_model.name_free import lint_name_free

MODEL = load_model()
INTENTS = language_model(MODEL)["intents"]


def test_the_model_keeps_every_rule() -> None:
    assert lint(MODEL) == []


def test_stretch_names_are_the_contents_both_ways(content) -> None:
    (stretch_type,) = [t for t in language_model(MODEL)["types"] if t["name"] == "StretchName"]
    assert stretch_type["values"] == stretch_values(content), "run: make sync"
    said = {n for v in stretch_type["values"] for n in [v["name"]["value"], *v["name"]["synonyms"]]}
    names = {n for s in content.stretches for n in s.names}
    names |= {n for s in content.stretches if s.advanced for n in s.advanced.names}
    assert said == names


def test_sync_rewrites_drifted_values_and_samples(content, tmp_path: Path) -> None:
    drifted = copy.deepcopy(MODEL)
    language_model(drifted)["types"][0]["values"].pop()
    language_model(drifted)["intents"][0]["samples"].append("a sample nobody templated")
    (tmp_path / "en-US.json").write_text(json.dumps(drifted), encoding="utf-8")
    shutil.copyfile(MODEL_DIR / TEMPLATES_NAME, tmp_path / TEMPLATES_NAME)
    assert sync_all(content, tmp_path)["en-US.json"] is True
    assert json.loads((tmp_path / "en-US.json").read_text()) == MODEL
    assert sync_all(content, tmp_path)["en-US.json"] is False


def test_the_samples_are_the_templates_expanded() -> None:
    expanded = templates()
    for intent in INTENTS:
        assert intent["samples"] == expanded.get(intent["name"], []), "run: make sync"


@pytest.mark.parametrize("locale", LOCALES)
def test_the_smapi_model_round_trip_loses_nothing_but_the_name_free_block(locale: str) -> None:
    """Unknown or misspelt keys vanish in the round trip, so a difference names them. The SMAPI
    classes do not know _nameFreeInteraction: it is set aside, and lint_name_free checks it."""
    serializer = DefaultSerializer()
    raw = json.loads(model_path(locale).read_text(encoding="utf-8"))
    name_free = raw["interactionModel"].pop(NAME_FREE)
    parsed = serializer.deserialize(json.dumps(raw), InteractionModelData)
    assert serializer.serialize(parsed) == raw
    assert (
        lint_name_free({"interactionModel": {**raw["interactionModel"], NAME_FREE: name_free}})
        == []
    )


def test_the_smapi_classes_still_drop_the_name_free_block() -> None:
    """When ask-smapi-model learns the block, round-trip it whole instead of setting it aside."""
    serializer = DefaultSerializer()
    parsed = serializer.deserialize(json.dumps(MODEL), InteractionModelData)
    assert NAME_FREE not in serializer.serialize(parsed)["interactionModel"]


def test_the_round_trip_catches_a_misspelt_key() -> None:
    serializer = DefaultSerializer()
    raw = copy.deepcopy(MODEL)
    intent = language_model(raw)["intents"][0]
    intent["sample"] = intent.pop("samples")
    parsed = serializer.deserialize(json.dumps(raw), InteractionModelData)
    assert serializer.serialize(parsed) != raw


def broken(change) -> dict:
    model = copy.deepcopy(MODEL)
    change(language_model(model))
    return model


def _set_invocation(name: str):
    return lambda lm: lm.__setitem__("invocationName", name)


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        (_set_invocation("open back stretch coach"), "reserved word 'open'"),
        (_set_invocation("alexa back coach"), "reserved word 'alexa'"),
        (_set_invocation("stretches"), "two or more words"),
        (_set_invocation("Back Stretch Coach"), "only lower-case letters"),
        (_set_invocation("back stretch coach 2"), "only lower-case letters"),
        (lambda lm: lm.pop("invocationName"), "invocationName: missing"),
        (lambda lm: lm["intents"][0]["samples"].append("go {where}"), "undeclared slot {where}"),
        (lambda lm: lm["intents"][0]["slots"][0].update(type="Stretch"), "undeclared type Stretch"),
        (lambda lm: lm["intents"][1]["samples"].append("Start Over"), "also a sample of"),
        (
            lambda lm: lm.__setitem__(
                "intents", [i for i in lm["intents"] if i["name"] != "AMAZON.HelpIntent"]
            ),
            "AMAZON.HelpIntent is missing",
        ),
        (lambda lm: lm["intents"].append(dict(lm["intents"][0])), "declared twice"),
    ],
)
def test_lint_names_each_broken_rule(change, problem) -> None:
    problems = lint(broken(change))
    assert any(problem in p for p in problems), problems


def test_every_intent_of_the_model_has_a_handler_and_back(content) -> None:
    handled = set(INTENT_EVENTS) | {"StartStretchIntent", "SetPaceIntent", "SetHoldIntent"}
    handled |= set(REMINDER_TASKS)
    handled |= {t.intent for t in content.topics}
    assert {i["name"] for i in INTENTS} == handled


@pytest.mark.parametrize("intent", INTENTS, ids=lambda i: i["name"])
def test_every_sample_reaches_its_own_intent(intent, understander: Understander) -> None:
    for sample in intent["samples"]:
        phrase = sample.replace("{stretch}", "knee to chest").replace("{pace}", "continuous")
        phrase = phrase.replace("{seconds}", "45").replace("{time}", "7 pm")
        phrase = phrase.replace("{date}", "tomorrow").replace("{repeat}", "every day")
        understood = understander.understand(phrase, in_session=True)
        assert understood.intent == intent["name"], (sample, understood)


def test_one_shot_phrases_open_a_session_with_their_intent(understander: Understander) -> None:
    examples = {
        "Alexa, ask back stretch coach to start knee to chest": "StartStretchIntent",
        "ask back stretch coach what are the benefits of stretching": "BenefitsIntent",
        "tell back stretch coach to start the routine": "StartRoutineIntent",
        "ask back stretch coach why does my back crack": "WhyBackCracksIntent",
        "open back stretch coach": "",
        "launch back stretch coach": "",
    }
    for phrase, intent in examples.items():
        understood = understander.understand(phrase, in_session=False)
        assert (understood.intent, understood.launches) == (intent, True), phrase


# The expanded model's budget. Alexa documents no sample limit, but build time and model size
# grow with it; past this, widen with better templates rather than more alternatives.
MAX_SAMPLES = 20_000
MAX_MODEL_BYTES = 1_000_000


def test_the_expanded_model_stays_within_its_budget() -> None:
    samples = sum(len(intent.get("samples", [])) for intent in INTENTS)
    assert 1_000 < samples <= MAX_SAMPLES
    assert model_path().stat().st_size <= MAX_MODEL_BYTES
