"""The interaction model files: loading them, and keeping their stretch names in step with the
content.

``en-US.json`` is the one hand-edited model; the other English locales are written from it, so
they cannot drift. Sync (``make sync``) rewrites the StretchName slot values from content, then
every generated locale file and the manifest's locale entries.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

from skill import PROJECT_ROOT
from skill.content.model import Content

MODEL_DIR = PROJECT_ROOT / "interaction_model"
SOURCE_LOCALE = "en-US"
LOCALES = ("en-US", "en-GB", "en-CA", "en-AU", "en-IN")
STRETCH_TYPE = "StretchName"


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


def with_stretches(model: dict[str, Any], content: Content) -> dict[str, Any]:
    """A copy of ``model`` whose StretchName values are the content's."""
    model = copy.deepcopy(model)
    for slot_type in language_model(model).get("types", []):
        if slot_type.get("name") == STRETCH_TYPE:
            slot_type["values"] = stretch_values(content)
    return model


def sync(path: Path, content: Content) -> bool:
    """Rewrite the model's stretch values from content; True when the file changed."""
    text = model_text(with_stretches(json.loads(path.read_text(encoding="utf-8")), content))
    changed = text != path.read_text(encoding="utf-8")
    if changed:
        path.write_text(text, encoding="utf-8")
    return changed


def expected_files(content: Content, directory: Path = MODEL_DIR) -> dict[Path, str]:
    """Every locale file as sync writes it: the source model, stretch names from content."""
    source = json.loads((directory / f"{SOURCE_LOCALE}.json").read_text(encoding="utf-8"))
    text = model_text(with_stretches(source, content))
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
