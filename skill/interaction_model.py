"""The interaction model: loading it, keeping its stretch names in step with the content, and
the rules Alexa enforces that the SMAPI model classes do not check.

``python -m skill.interaction_model sync`` rewrites the StretchName slot values from content.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path
from typing import Any

from skill.content import Content, default_content

MODEL_DIR = Path(__file__).resolve().parent.parent / "interaction_model"
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


def sync(path: Path, content: Content) -> bool:
    """Rewrite the model's stretch values from content; True when the file changed."""
    model = json.loads(path.read_text(encoding="utf-8"))
    for slot_type in language_model(model).get("types", []):
        if slot_type.get("name") == STRETCH_TYPE:
            slot_type["values"] = stretch_values(content)
    text = json.dumps(model, indent=2, ensure_ascii=False) + "\n"
    changed = text != path.read_text(encoding="utf-8")
    if changed:
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
    return problems


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
    if argv[1:] != ["sync"]:
        print("usage: python -m skill.interaction_model sync", file=sys.stderr)
        return 2
    for path in sorted(MODEL_DIR.glob("*-*.json")):
        print(f"{path.name}: {'updated' if sync(path, default_content()) else 'up to date'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
