"""The skill manifest: read back whole by ask-smapi-model, keeps SMAPI's and certification's
rules, says what it must; broken copies fail with a message that names the problem."""

from __future__ import annotations

import copy
import json
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from ask_smapi_model.v1.skill.manifest.interface import Interface

from skill.voice_model.manifest import (
    CAN_FULFILL,
    ENDPOINT_PLACEHOLDER,
    MANIFEST_PATH,
    check_manifest,
    is_stale,
    load_manifest,
    round_trip_problems,
    sync_manifest,
    with_endpoint,
)
from skill.voice_model.matcher import Understander
from skill.voice_model.model import LOCALES, SOURCE_LOCALE, load_model

MANIFEST = load_manifest()
MODELS = {locale: load_model(locale) for locale in LOCALES}
ARN = "arn:aws:lambda:eu-west-1:123456789012:function:back-stretch-coach-skill"


def test_the_manifest_has_no_problem() -> None:
    assert check_manifest(MANIFEST, MODELS) == []


def test_the_round_trip_sets_aside_only_what_the_smapi_classes_cannot_read() -> None:
    """ask-smapi-model's Interface fails on CAN_FULFILL_INTENT_REQUEST; when it learns it, the
    interface is round-tripped with the rest and this test tells so."""
    assert CAN_FULFILL not in Interface.discriminator_value_class_map
    assert round_trip_problems(MANIFEST) == []


def test_it_says_what_a_health_skill_must() -> None:
    m = MANIFEST["manifest"]
    assert m["publishingInformation"]["category"] == "HEALTH_AND_FITNESS"
    assert set(m["publishingInformation"]["locales"]) == set(LOCALES)
    for entry in m["publishingInformation"]["locales"].values():
        assert "does not replace professional medical advice" in entry["summary"].lower()
        assert "does not replace professional medical advice" in entry["description"].lower()
        assert entry["keywords"]
    assert m["privacyAndCompliance"] == {
        "allowsPurchases": False,
        "usesPersonalInfo": False,
        "isChildDirected": False,
        "isExportCompliant": True,
        "containsAds": False,
    }
    # Only what the reminders need: creating and changing the skill's own reminders.
    assert m["permissions"] == [{"name": "alexa::alerts:reminders:skill:readwrite"}]
    interfaces = m["apis"]["custom"]["interfaces"]
    assert [i["type"] for i in interfaces] == [CAN_FULFILL, "ALEXA_PRESENTATION_APL"]
    # Every screen the skill is sized for is one it declares.
    declared = interfaces[1]["supportedViewports"]
    assert {(v["mode"], v["shape"]) for v in declared} == {
        ("HUB", "ROUND"),
        ("HUB", "RECTANGLE"),
        ("TV", "RECTANGLE"),
    }
    assert m["apis"]["custom"]["endpoint"] == {"uri": ENDPOINT_PLACEHOLDER}


@pytest.mark.parametrize("locale", LOCALES)
def test_each_example_phrase_opens_the_skill_or_an_intent(locale: str) -> None:
    understander = Understander(MODELS[locale])
    examples = MANIFEST["manifest"]["publishingInformation"]["locales"][locale]["examplePhrases"]
    understood = [understander.understand(p, in_session=False) for p in examples]
    assert [(u.intent, u.launches) for u in understood] == [
        ("", True),
        ("StartStretchIntent", True),
        ("WhyBackCracksIntent", True),
    ]
    assert understood[1].slots["stretch"].resolved_id == "knee_to_chest"


def _entry(m: dict[str, Any], locale: str = SOURCE_LOCALE) -> dict[str, Any]:
    return m["manifest"]["publishingInformation"]["locales"][locale]


def _publishing(m: dict[str, Any]) -> dict[str, Any]:
    return m["manifest"]["publishingInformation"]


def _custom(m: dict[str, Any]) -> dict[str, Any]:
    return m["manifest"]["apis"]["custom"]


def _example(m: dict[str, Any], index: int, phrase: str) -> None:
    _entry(m)["examplePhrases"][index] = phrase


def _rename(d: dict[str, Any], old: str, new: str) -> None:
    d[new] = d.pop(old)


BROKEN: list[tuple[Callable[[dict[str, Any]], Any], str]] = [
    (lambda m: _rename(_entry(m), "summary", "sumary"),
     "locales.en-US.sumary: unknown key or null value"),
    (lambda m: _rename(m["manifest"], "privacyAndCompliance", "privacyAndCompliancy"),
     "manifest.privacyAndCompliancy: unknown key"),
    (lambda m: _custom(m)["endpoint"].update(sslCertificate="Wildcard"),
     "endpoint.sslCertificate: unknown key"),
    (lambda m: _publishing(m).update(distributionMode="PUBLICLY"),
     "'PUBLICLY' is not a valid DistributionMode"),
    (lambda m: _publishing(m).update(distributionCountries=["US", "GB", "CA", "AU"]),
     "en-IN is offered but IN is not listed"),
    (lambda m: _custom(m)["interfaces"].append({"type": "CAN_FULFIL_INTENT_REQUEST"}),
     "unknown interface type 'CAN_FULFIL_INTENT_REQUEST'"),
    (lambda m: _custom(m)["interfaces"][0].update(version="1.0"), "unknown key in ['type',"),
    (lambda m: _custom(m).update(interfaces=[]), "CAN_FULFILL_INTENT_REQUEST is missing"),
    (lambda m: _custom(m)["interfaces"].pop(1), "ALEXA_PRESENTATION_APL is missing"),
    (lambda m: _custom(m)["interfaces"][1]["supportedViewports"][0].update(shape="OVAL"),
     "OVAL"),
    (lambda m: m["manifest"].update(permissions=[]), "reminders:skill:readwrite is missing"),
    (lambda m: _custom(m)["endpoint"].update(uri="arn:aws:lambda:eu-central-1:1:function:x"),
     "is no Lambda function ARN"),
    (lambda m: _entry(m).update(summary="Guided back stretches by voice."),
     "en-US.summary: must say the skill does not replace professional medical advice"),
    (lambda m: _entry(m, "en-GB").update(description="Stretches."),
     "en-GB.description: must say the skill"),
    (lambda m: _entry(m).update(summary="x" * 161), "summary: 161 characters, at most 160"),
    (lambda m: _entry(m).pop("name"), "en-US.name: missing"),
    (lambda m: _entry(m)["examplePhrases"].append("Alexa, open back stretch coach"),
     "examplePhrases: 1 to 3 phrases"),
    (lambda m: _example(m, 2, "Alexa, ask back stretch coach to juggle"),
     "examplePhrases[2]: 'Alexa, ask back stretch coach to juggle' opens no launch or intent"),
    (lambda m: _example(m, 1, "Alexa, start knee to chest"),
     "examplePhrases[1]: 'Alexa, start knee to chest' lacks 'back stretch coach'"),
    (lambda m: _example(m, 0, "open back stretch coach"),
     "must start with 'Alexa, '"),
    (lambda m: _entry(m).update(keywords=[]), "keywords: 1 to 30 different keywords"),
    (lambda m: _publishing(m)["locales"].pop("en-AU"), "locales: en-AU is missing"),
    (lambda m: _publishing(m)["locales"].update({"de-DE": _entry(m)}), "de-DE is not in LOCALES"),
    (lambda m: m["manifest"]["privacyAndCompliance"].update(containsAds="no"),
     "containsAds: must be true or false"),
    (lambda m: m["manifest"].update(manifestVersion="2.0"), "manifestVersion"),
]  # fmt: skip


@pytest.mark.parametrize(("change", "problem"), BROKEN, ids=[p for _, p in BROKEN])
def test_a_broken_manifest_names_its_problem(
    change: Callable[[dict[str, Any]], Any], problem: str
) -> None:
    manifest = copy.deepcopy(MANIFEST)
    change(manifest)
    problems = check_manifest(manifest, MODELS)
    assert any(problem in p for p in problems), problems


def test_a_manifest_that_is_not_one_is_named() -> None:
    assert check_manifest([], MODELS) == ["manifest: missing"]
    assert check_manifest({"skillManifest": {}}, MODELS) == ["manifest: missing"]


def test_the_endpoint_takes_only_a_lambda_arn_alexa_can_call() -> None:
    pointed = with_endpoint(MANIFEST, ARN)
    assert _custom(pointed)["endpoint"]["uri"] == ARN
    events = pointed["manifest"]["events"]
    assert events["endpoint"]["uri"] == ARN
    assert events["subscriptions"] == [{"eventName": "SKILL_DISABLED"}]
    assert check_manifest(pointed, MODELS) == []
    assert _custom(MANIFEST)["endpoint"]["uri"] == ENDPOINT_PLACEHOLDER
    for bad in ("", ARN.replace("eu-west-1", "eu-central-1"), "https://example.com/alexa"):
        with pytest.raises(ValueError, match="not a Lambda function ARN"):
            with_endpoint(MANIFEST, bad)


def test_sync_copies_the_source_locale_entry_to_every_locale(tmp_path: Path) -> None:
    path = tmp_path / "skill.json"
    shutil.copyfile(MANIFEST_PATH, path)
    drifted = copy.deepcopy(MANIFEST)
    _entry(drifted, "en-CA")["summary"] = "A different summary."
    path.write_text(json.dumps(drifted), encoding="utf-8")
    assert is_stale(path)
    assert sync_manifest(path) is True
    assert json.loads(path.read_text(encoding="utf-8")) == MANIFEST
    assert not is_stale(path) and sync_manifest(path) is False
