"""The interaction model: loading it, keeping its stretch names in step with the content, and
the rules Alexa enforces that the SMAPI model classes do not check.

``en-US.json`` is the one hand-edited model; the other English locales are written from it, so
they cannot drift. ``python -m skill.interaction_model sync`` rewrites the StretchName slot
values from content, then every generated locale file and the manifest's locale entries
(skill/manifest.py); ``check`` only reports what sync would change and exits 1 if anything
would.
"""

from __future__ import annotations

import copy
import json
import re
import sys
from pathlib import Path
from typing import Any

from skill.content import Content, default_content
from skill.name_free import lint_name_free

MODEL_DIR = Path(__file__).resolve().parent.parent / "interaction_model"
SOURCE_LOCALE = "en-US"
LOCALES = ("en-US", "en-GB", "en-CA", "en-AU", "en-IN")
STRETCH_TYPE = "StretchName"
REQUIRED_INTENTS = ("AMAZON.CancelIntent", "AMAZON.HelpIntent", "AMAZON.StopIntent")
EXPECTED_INTENTS = ("AMAZON.NavigateHomeIntent", "AMAZON.FallbackIntent")
LAUNCH_WORDS = {"ask", "tell", "open", "launch", "start", "play", "begin", "load", "run", "resume",
                "use", "talk", "enable"}  # fmt: skip
CONNECTING_WORDS = {"to", "from", "by", "if", "and", "whether"}
WAKE_WORDS = {"alexa", "amazon", "echo", "computer", "skill", "app"}
_SLOT_REF = re.compile(r"\{([^{}]*)\}")


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


def normalise(utterance: str) -> str:
    return " ".join(utterance.lower().split())


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
            for ref in _SLOT_REF.findall(sample):
                if ref not in slots:
                    problems.append(f"{where}: sample {sample!r} uses undeclared slot {{{ref}}}")
            key = normalise(sample)
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


def main(argv: list[str]) -> int:
    from skill.manifest import MANIFEST_PATH, is_stale, sync_manifest  # it imports this module

    command = argv[1:]
    if command == ["sync"]:
        changed = sync_all(default_content())
        changed[MANIFEST_PATH.name] = sync_manifest()
        for name, was_changed in changed.items():
            print(f"{name}: {'updated' if was_changed else 'up to date'}")
        return 0
    if command == ["check"]:
        problems = stale_files(default_content())
        if is_stale():
            problems.append(f"{MANIFEST_PATH.name}: locale entries differ from {SOURCE_LOCALE}")
        for problem in problems:
            print(f"{problem} (run: python -m skill.interaction_model sync)", file=sys.stderr)
        return 1 if problems else 0
    print("usage: python -m skill.interaction_model sync|check", file=sys.stderr)
    return 2


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
