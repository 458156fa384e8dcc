"""The interaction model files: loading them, and keeping their samples and stretch names in
step with their sources.

``en-US.json`` is the one hand-edited model, but for two parts written into it by sync (``make
sync``): every intent's samples, expanded from the templates of ``en-US.samples.yaml``
(:mod:`skill.voice_model.templates`), and the StretchName slot values, from the content. The
other English locales are copies of it, so they cannot drift.
"""

from __future__ import annotations

import copy
import json
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from skill import PROJECT_ROOT
from skill.content.model import Content
from skill.voice_model.templates import TemplateError, expand

MODEL_DIR = PROJECT_ROOT / "interaction_model"
SOURCE_LOCALE = "en-US"
LOCALES = ("en-US", "en-GB", "en-CA", "en-AU", "en-IN")
STRETCH_TYPE = "StretchName"
TEMPLATES_NAME = f"{SOURCE_LOCALE}.samples.yaml"
# Built-in intents Alexa fills without samples; the templates need none for them.
SAMPLELESS = frozenset({"AMAZON.NavigateHomeIntent", "AMAZON.FallbackIntent"})


def model_path(locale: str = "en-US") -> Path:
    return MODEL_DIR / f"{locale}.json"


def load_model(locale: str = "en-US") -> dict[str, Any]:
    return json.loads(model_path(locale).read_text(encoding="utf-8"))


def language_model(model: dict[str, Any]) -> dict[str, Any]:
    return model["interactionModel"]["languageModel"]


def stretch_values(content: Content) -> list[dict[str, Any]]:
    """The StretchName slot values: one per stretch and per advanced variant, id = slot id."""
    values = []
    for stretch in content.stretches:
        named = [(stretch.id, stretch.names)]
        if stretch.advanced:
            named.append((stretch.advanced.id, stretch.advanced.names))
        for slot_id, names in named:
            values.append({"id": slot_id, "name": {"value": names[0], "synonyms": list(names[1:])}})
    return values


def model_text(model: dict[str, Any]) -> str:
    """A model as its file holds it: two-space JSON, UTF-8, final newline."""
    return json.dumps(model, indent=2, ensure_ascii=False) + "\n"


@cache
def _templates(path: Path, text: str) -> dict[str, list[str]]:
    """Intent -> its samples, expanded from the templates file's ``text``."""
    try:
        raw = yaml.safe_load(text)
    except yaml.YAMLError as error:
        raise TemplateError(f"{path.name}: not valid YAML: {error}") from None
    if not isinstance(raw, dict) or set(raw) != {"rules", "intents"}:
        raise TemplateError(f"{path.name}: expected the keys rules and intents")
    rules, intents = raw["rules"], raw["intents"]
    if not isinstance(rules, dict) or not all(isinstance(v, str) for v in rules.values()):
        raise TemplateError(f"{path.name}: rules: expected name: template")
    samples = {}
    for intent, templates in (intents or {}).items():
        if not isinstance(templates, list) or not all(isinstance(t, str) for t in templates):
            raise TemplateError(f"{path.name}: intents.{intent}: expected a list of templates")
        try:
            expanded = [phrase for t in templates for phrase in expand(t, rules)]
        except TemplateError as error:
            raise TemplateError(f"{path.name}: intents.{intent}: {error}") from None
        samples[intent] = list(dict.fromkeys(expanded))
    return samples


def templates(directory: Path = MODEL_DIR) -> dict[str, list[str]]:
    """Every intent's samples, as the templates file beside the models expands them."""
    path = directory / TEMPLATES_NAME
    return _templates(path, path.read_text(encoding="utf-8"))


def with_samples(model: dict[str, Any], samples: dict[str, list[str]]) -> dict[str, Any]:
    """A copy of ``model`` whose intents' samples are ``samples``; TemplateError when the two
    do not name the same intents."""
    model = copy.deepcopy(model)
    intents = language_model(model).get("intents", [])
    names = {intent.get("name") for intent in intents}
    unknown = sorted(set(samples) - names)
    missing = sorted(names - set(samples) - SAMPLELESS)
    if unknown or missing:
        raise TemplateError(
            f"{TEMPLATES_NAME}: intents not in the model: {unknown}; model intents without "
            f"templates: {missing}"
        )
    for intent in intents:
        intent["samples"] = samples.get(intent.get("name"), [])
    return model


def with_stretches(model: dict[str, Any], content: Content) -> dict[str, Any]:
    """A copy of ``model`` whose StretchName values are the content's."""
    model = copy.deepcopy(model)
    for slot_type in language_model(model).get("types", []):
        if slot_type.get("name") == STRETCH_TYPE:
            slot_type["values"] = stretch_values(content)
    return model


def expected_files(content: Content, directory: Path = MODEL_DIR) -> dict[Path, str]:
    """Every locale file as sync writes it: the source model, its samples from the templates
    and its stretch names from content."""
    source = json.loads((directory / f"{SOURCE_LOCALE}.json").read_text(encoding="utf-8"))
    text = model_text(with_stretches(with_samples(source, templates(directory)), content))
    return {directory / f"{locale}.json": text for locale in LOCALES}


def stale_files(content: Content, directory: Path = MODEL_DIR) -> list[str]:
    """Each locale file that differs from what sync would write, and each stray one."""
    problems = []
    for path, text in expected_files(content, directory).items():
        if not path.exists():
            problems.append(f"{path.name}: missing")
        elif path.read_text(encoding="utf-8") != text:
            problems.append(f"{path.name}: differs from what sync writes")
    known = {f"{locale}.json" for locale in LOCALES}
    for path in sorted(directory.glob("*-*.json")):
        if path.name not in known:
            problems.append(f"{path.name}: not a locale of the skill (LOCALES)")
    return problems


def sync_all(content: Content, directory: Path = MODEL_DIR) -> dict[str, bool]:
    """Write every locale file from the source; file name -> whether it changed."""
    changed = {}
    for path, text in expected_files(content, directory).items():
        old = path.read_text(encoding="utf-8") if path.exists() else None
        changed[path.name] = old != text
        if old != text:
            path.write_text(text, encoding="utf-8")
    return changed
