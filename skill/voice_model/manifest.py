"""The skill manifest ``interaction_model/skill.json``: its locale entries, its endpoint, and
the checks that SMAPI would otherwise only make on upload.

The ``en-US`` entries are the source: sync copies them to every other locale of the skill.
"""

from __future__ import annotations

import copy
import json
import re
from functools import lru_cache
from pathlib import Path
from typing import Any

from skill.alexa.reminders import SCOPE as REMINDERS_SCOPE
from skill.voice_model.matcher import Understander
from skill.voice_model.model import LOCALES, MODEL_DIR, SOURCE_LOCALE, model_text
from skill.voice_model.words import words

MANIFEST_PATH = MODEL_DIR / "skill.json"
ENDPOINT_PLACEHOLDER = "<SkillFunctionArn output of the SAM stack>"
CAN_FULFILL = "CAN_FULFILL_INTENT_REQUEST"
SCREENS = "ALEXA_PRESENTATION_APL"  # the skill sends APL screens
MEDICAL_NOTICE = "does not replace professional medical advice"
PRIVACY_FLAGS = (
    "allowsPurchases", "usesPersonalInfo", "isChildDirected", "isExportCompliant", "containsAds",
)  # fmt: skip
# Alexa calls Lambda endpoints only in these regions.
LAMBDA_ARN = re.compile(
    r"arn:aws:lambda:(us-east-1|us-west-2|eu-west-1|ap-northeast-1):\d{12}:"
    r"function:[A-Za-z0-9_-]{1,64}(:[A-Za-z0-9_$-]{1,128})?"
)
LIMITS = {"name": 50, "summary": 160, "description": 4000}
MAX_EXAMPLES, MAX_KEYWORDS = 3, 30


def load_manifest(path: Path = MANIFEST_PATH) -> dict[str, Any]:
    return json.loads(path.read_text(encoding="utf-8"))


def with_locales(manifest: dict[str, Any]) -> dict[str, Any]:
    """A copy whose every locale entry is the source locale's."""
    manifest = copy.deepcopy(manifest)
    locales = manifest["manifest"]["publishingInformation"]["locales"]
    source = locales[SOURCE_LOCALE]
    locales.clear()
    locales.update({locale: copy.deepcopy(source) for locale in LOCALES})
    return manifest


def sync_manifest(path: Path = MANIFEST_PATH) -> bool:
    """Rewrite the manifest's locale entries from the source; True when the file changed."""
    old = path.read_text(encoding="utf-8")
    text = model_text(with_locales(json.loads(old)))
    if text != old:
        path.write_text(text, encoding="utf-8")
    return text != old


def is_stale(path: Path = MANIFEST_PATH) -> bool:
    text = path.read_text(encoding="utf-8")
    return model_text(with_locales(json.loads(text))) != text


def with_endpoint(manifest: dict[str, Any], arn: str) -> dict[str, Any]:
    """A copy pointing at the function ``arn``; ValueError when it is no Lambda ARN."""
    if not LAMBDA_ARN.fullmatch(arn):
        raise ValueError(f"not a Lambda function ARN in a region Alexa can call: {arn!r}")
    manifest = copy.deepcopy(manifest)
    manifest["manifest"]["apis"]["custom"]["endpoint"]["uri"] = arn
    events = manifest["manifest"].get("events")
    if isinstance(events, dict) and isinstance(events.get("endpoint"), dict):
        events["endpoint"]["uri"] = arn  # SKILL_DISABLED reaches the same function
    return manifest


def check_manifest(manifest: Any, models: dict[str, dict[str, Any]]) -> list[str]:
    """Every problem of ``manifest``, each as ``path: problem``; ``models`` by locale."""
    if not isinstance(manifest, dict) or not isinstance(manifest.get("manifest"), dict):
        return ["manifest: missing"]
    return round_trip_problems(manifest) + rule_problems(manifest["manifest"], models)


def round_trip_problems(manifest: dict[str, Any]) -> list[str]:
    """What ask-smapi-model cannot read or does not keep: unknown keys, misspellings, bad enums.

    Its ``Interface`` class lacks some interface types SMAPI accepts (CAN_FULFILL_INTENT_REQUEST
    among them) and fails on them, so those are checked against ``InterfaceType`` instead.
    """
    from ask_sdk_core.exceptions import SerializationException
    from ask_sdk_core.serialize import DefaultSerializer
    from ask_smapi_model.v1.skill.manifest.interface import Interface
    from ask_smapi_model.v1.skill.manifest.interface_type import InterfaceType
    from ask_smapi_model.v1.skill.manifest.skill_manifest_envelope import SkillManifestEnvelope

    raw = copy.deepcopy(manifest)
    problems: list[str] = []
    custom = raw["manifest"].get("apis", {}).get("custom", {})
    interfaces = custom.get("interfaces") if isinstance(custom, dict) else None
    if isinstance(interfaces, list):
        modelled = []
        for i, interface in enumerate(interfaces):
            kind = interface.get("type") if isinstance(interface, dict) else None
            where = f"manifest.apis.custom.interfaces[{i}]"
            if kind in Interface.discriminator_value_class_map:
                modelled.append(interface)
            elif kind not in {t.value for t in InterfaceType}:
                problems.append(f"{where}: unknown interface type {kind!r}")
            elif set(interface) != {"type"}:
                problems.append(f"{where}: unknown key in {sorted(interface)}")
        custom["interfaces"] = modelled
    serializer = DefaultSerializer()
    try:
        parsed = serializer.deserialize(json.dumps(raw), SkillManifestEnvelope)
    except SerializationException as error:
        return [*problems, f"manifest: SMAPI model cannot read it: {error}"]
    return problems + _differences(raw, serializer.serialize(parsed), "")


def _differences(before: Any, after: Any, path: str) -> list[str]:
    if isinstance(before, dict) and isinstance(after, dict):
        problems = []
        for key, value in before.items():
            where = f"{path}.{key}" if path else key
            if key not in after:
                problems.append(f"{where}: unknown key or null value (the SMAPI model drops it)")
            else:
                problems += _differences(value, after[key], where)
        return problems
    if isinstance(before, list) and isinstance(after, list) and len(before) == len(after):
        pairs = enumerate(zip(before, after, strict=True))
        return [p for i, (b, a) in pairs for p in _differences(b, a, f"{path}[{i}]")]
    return [] if before == after else [f"{path}: {before!r} comes back as {after!r}"]


def rule_problems(m: dict[str, Any], models: dict[str, dict[str, Any]]) -> list[str]:
    """The rules SMAPI and certification apply, and the project's own (the medical notice)."""
    problems = []
    if m.get("manifestVersion") != "1.0":
        problems.append("manifest.manifestVersion: must be '1.0'")
    publishing = m.get("publishingInformation") or {}
    locales = publishing.get("locales") or {}
    for locale in sorted(set(LOCALES) - set(locales)):
        problems.append(f"manifest.publishingInformation.locales: {locale} is missing")
    for locale in sorted(set(locales) - set(LOCALES)):
        problems.append(f"manifest.publishingInformation.locales: {locale} is not in LOCALES")
    for locale, entry in sorted(locales.items()):
        where = f"manifest.publishingInformation.locales.{locale}"
        problems += [f"{where}.{p}" for p in _locale_problems(entry, models.get(locale))]
    if publishing.get("isAvailableWorldwide") is False:
        countries = set(publishing.get("distributionCountries") or [])
        for locale in sorted(locales):
            if locale.split("-")[-1] not in countries:
                problems.append(
                    "manifest.publishingInformation.distributionCountries: "
                    f"{locale} is offered but {locale[-2:]} is not listed"
                )
    if not publishing.get("category"):
        problems.append("manifest.publishingInformation.category: missing")
    privacy = m.get("privacyAndCompliance") or {}
    for flag in PRIVACY_FLAGS:
        if not isinstance(privacy.get(flag), bool):
            problems.append(f"manifest.privacyAndCompliance.{flag}: must be true or false")
    custom = (m.get("apis") or {}).get("custom") or {}
    uri = (custom.get("endpoint") or {}).get("uri")
    if uri != ENDPOINT_PLACEHOLDER and not LAMBDA_ARN.fullmatch(str(uri)):
        problems.append(f"manifest.apis.custom.endpoint.uri: {uri!r} is no Lambda function ARN")
    declared = [i.get("type") for i in custom.get("interfaces") or []]
    for needed in (CAN_FULFILL, SCREENS):
        if needed not in declared:
            problems.append(f"manifest.apis.custom.interfaces: {needed} is missing")
    if REMINDERS_SCOPE not in [p.get("name") for p in m.get("permissions") or []]:
        problems.append(f"manifest.permissions: {REMINDERS_SCOPE} is missing")
    return problems


@lru_cache(maxsize=4)
def _understander(text: str) -> Understander:
    """One matcher per distinct model text: the locale files are copies of one model."""
    return Understander(json.loads(text))


def _locale_problems(entry: dict[str, Any], model: dict[str, Any] | None) -> list[str]:
    problems = []
    for key, limit in LIMITS.items():
        text = entry.get(key)
        if not isinstance(text, str) or not text.strip():
            problems.append(f"{key}: missing")
        elif len(text) > limit:
            problems.append(f"{key}: {len(text)} characters, at most {limit}")
    for key in ("summary", "description"):
        if MEDICAL_NOTICE not in str(entry.get(key, "")).lower():
            problems.append(f"{key}: must say the skill {MEDICAL_NOTICE}")
    keywords = entry.get("keywords") or []
    if not keywords or len(keywords) > MAX_KEYWORDS or len(set(keywords)) != len(keywords):
        problems.append(f"keywords: 1 to {MAX_KEYWORDS} different keywords")
    examples = entry.get("examplePhrases") or []
    if not 1 <= len(examples) <= MAX_EXAMPLES:
        problems.append(f"examplePhrases: 1 to {MAX_EXAMPLES} phrases")
    elif not examples[0].startswith("Alexa, "):
        problems.append(f"examplePhrases[0]: {examples[0]!r} must start with 'Alexa, '")
    if model is None:
        return [*problems, "no interaction model for this locale"]
    understander = _understander(model_text(model))
    for i, phrase in enumerate(examples):
        understood = understander.understand(phrase, in_session=False)
        unresolved = any(slot.resolved_id is None for slot in understood.slots.values())
        named = f" {understander.invocation} " in f" {words(phrase)} "
        if not named:
            problems.append(f"examplePhrases[{i}]: {phrase!r} lacks {understander.invocation!r}")
        elif understood.intent == "AMAZON.FallbackIntent" or unresolved:
            problems.append(f"examplePhrases[{i}]: {phrase!r} opens no launch or intent")
    return problems
