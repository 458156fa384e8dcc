"""Build :mod:`skill.content.model` values from the loaded YAML documents, collecting every
error rather than stopping at the first.

Each error reads ``<file>: <path>: expected <what>, got <value>`` so a typo is found at once.
Reads no files: :mod:`skill.content.loader` hands over what it read.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from skill.content.model import (
    MAX_HOLD_SECONDS,
    MAX_MOVE_SECONDS,
    Benefits,
    Caution,
    Content,
    ContentError,
    Step,
    Stretch,
    Topic,
    Variant,
)
from skill.content.prompts import (
    NAME_LISTS,
    placeholders,
    prompt_fields,
    prompt_keys,
    split_names,
)

FILES = ("stretches.yaml", "knowledge.yaml", "prompts.yaml")
_MISSING = object()


class Reader:
    """Reads typed fields out of loaded YAML, recording errors instead of raising."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.errors: list[str] = []

    def error(self, path: str, expected: str, got: Any) -> None:
        shown = "nothing" if got is _MISSING else repr(got)
        self.errors.append(f"{self.file}: {path or 'top level'}: expected {expected}, got {shown}")

    def mapping(self, value: Any, path: str, required: set[str], optional: set[str]) -> dict:
        if not isinstance(value, dict):
            self.error(path, "a mapping", value)
            return {}
        known = required | optional
        for key in value:
            if key not in known:
                allowed = ", ".join(sorted(known))
                self.error(f"{path}.{key}" if path else key, f"one of the keys {allowed}", key)
        for key in sorted(required - value.keys()):
            self.error(f"{path}.{key}" if path else key, "a value", _MISSING)
        return value

    def text(self, data: dict, key: str, path: str, fields: set[str] = frozenset()) -> str:
        value = data.get(key, _MISSING)
        where = f"{path}.{key}" if path else key
        if value is _MISSING:
            return ""
        if not isinstance(value, str) or not value.strip():
            self.error(where, "non-empty text", value)
            return ""
        try:
            used = placeholders(value)
        except ValueError:
            self.error(where, "text with balanced braces", value)
            return ""
        if used - fields:
            allowed = ", ".join(f"{{{f}}}" for f in sorted(fields)) or "no placeholders"
            self.error(where, f"text using only {allowed}", value)
        return " ".join(value.split())

    def texts(self, data: dict, key: str, path: str) -> tuple[str, ...]:
        value = data.get(key, [])
        where = f"{path}.{key}" if path else key
        if not isinstance(value, list):
            self.error(where, "a list of text", value)
            return ()
        out = []
        for i, item in enumerate(value):
            if not isinstance(item, str) or not item.strip():
                self.error(f"{where}[{i}]", "non-empty text", item)
            else:
                out.append(" ".join(item.split()))
        return tuple(out)

    def integer(self, data: dict, key: str, path: str, low: int, high: int) -> int:
        value = data.get(key, _MISSING)
        if value is _MISSING:
            return 0
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            self.error(f"{path}.{key}", f"int {low}–{high}", value)
            return 0
        return value


def _steps(r: Reader, data: dict, path: str, fields: set[str]) -> tuple[Step, ...]:
    raw = data.get("steps", _MISSING)
    if not isinstance(raw, list) or not raw:
        if raw is not _MISSING:
            r.error(f"{path}.steps", "a non-empty list of steps", raw)
        return ()
    steps = []
    for i, item in enumerate(raw):
        where = f"{path}.steps[{i}]"
        item = r.mapping(
            item,
            where,
            {"say", "move_seconds"},
            {"hold_seconds", "hold_max_seconds", "after", "after_seconds"},
        )
        hold = r.integer(item, "hold_seconds", where, 1, MAX_HOLD_SECONDS)
        hold_max = r.integer(item, "hold_max_seconds", where, 1, MAX_HOLD_SECONDS)
        if hold_max and hold_max < hold:
            r.error(f"{where}.hold_max_seconds", f"int {hold}–{MAX_HOLD_SECONDS}", hold_max)
        if hold_max and not hold:
            r.error(f"{where}.hold_seconds", "a hold when hold_max_seconds is set", _MISSING)
        if ("after" in item) != ("after_seconds" in item):
            missing = "after_seconds" if "after" in item else "after"
            r.error(f"{where}.{missing}", "after and after_seconds together", _MISSING)
        say_fields = fields | ({"hold"} if hold else set())
        steps.append(
            Step(
                say=r.text(item, "say", where, say_fields),
                move_seconds=r.integer(item, "move_seconds", where, 1, MAX_MOVE_SECONDS),
                hold_seconds=hold,
                hold_max_seconds=hold_max,
                after=r.text(item, "after", where, fields),
                after_seconds=r.integer(item, "after_seconds", where, 1, MAX_MOVE_SECONDS),
            )
        )
    return tuple(steps)


def _variant(r: Reader, raw: Any, path: str, stretch_id: str) -> Variant | None:
    if raw is None:
        return None
    data = r.mapping(raw, path, {"name", "title", "offer", "intro", "steps"}, {"names"})
    name = r.text(data, "name", path)
    return Variant(
        id=f"{stretch_id}.advanced",
        name=name,
        title=r.text(data, "title", path),
        names=tuple(dict.fromkeys((name, *r.texts(data, "names", path)))),
        offer=r.text(data, "offer", path),
        intro=r.text(data, "intro", path),
        steps=_steps(r, data, path, set()),
    )


def _caution(r: Reader, raw: Any, path: str) -> Caution | None:
    if raw is None:
        return None
    data = r.mapping(raw, path, {"say", "ask", "declined"}, set())
    ask = r.text(data, "ask", path)
    if ask and not ask.endswith("?"):
        r.error(f"{path}.ask", "a question, ending with ?", ask)
    return Caution(r.text(data, "say", path), ask, r.text(data, "declined", path))


def _stretch(r: Reader, raw: Any, path: str) -> Stretch:
    data = r.mapping(
        raw,
        path,
        {"id", "name", "title", "steps"},
        {"names", "intro", "source", "caution", "sides", "advanced"},
    )
    stretch_id = data.get("id")
    if not isinstance(stretch_id, str) or not stretch_id.isidentifier():
        r.error(f"{path}.id", "an identifier like knee_to_chest", stretch_id)
        stretch_id = f"?{path}"
    sides = r.texts(data, "sides", path)
    if sides and len(sides) != 2:
        r.error(f"{path}.sides", "two sides, like [left, right]", list(sides))
    name = r.text(data, "name", path)
    return Stretch(
        id=stretch_id,
        name=name,
        title=r.text(data, "title", path),
        names=tuple(dict.fromkeys((name, *r.texts(data, "names", path)))),
        intro=r.text(data, "intro", path),
        steps=_steps(r, data, path, {"side", "other"} if sides else set()),
        source=r.text(data, "source", path),
        caution=_caution(r, data.get("caution"), f"{path}.caution"),
        sides=sides,
        advanced=_variant(r, data.get("advanced"), f"{path}.advanced", stretch_id),
    )


def _stretches(r: Reader, raw: Any) -> tuple[tuple[Stretch, ...], tuple[str, ...]]:
    data = r.mapping(raw, "", {"stretches", "routine"}, set())
    items = data.get("stretches", [])
    if not isinstance(items, list):
        r.error("stretches", "a list of stretches", items)
        items = []
    stretches = tuple(_stretch(r, item, f"stretches[{i}]") for i, item in enumerate(items))
    ids = [s.id for s in stretches]
    seen: dict[str, str] = {}
    for i, stretch in enumerate(stretches):
        if ids.count(stretch.id) > 1:
            r.error(f"stretches[{i}].id", "an id used once", stretch.id)
        said = list(stretch.names) + (list(stretch.advanced.names) if stretch.advanced else [])
        for name in said:
            key = name.lower()
            if key in seen and seen[key] != stretch.id:
                r.error(f"stretches[{i}].names", f"names not used by {seen[key]}", name)
            seen[key] = stretch.id
    routine = r.texts(data, "routine", "")
    if sorted(routine) != sorted(ids):
        r.error("routine", f"every stretch id once ({', '.join(ids)})", list(routine))
    return stretches, routine


def _knowledge(r: Reader, raw: Any) -> tuple[Benefits, tuple[Topic, ...]]:
    data = r.mapping(raw, "", {"benefits", "topics"}, set())
    b = r.mapping(
        data.get("benefits", {}), "benefits", {"intro", "page_size", "items", "more", "done"}, set()
    )
    benefits = Benefits(
        intro=r.text(b, "intro", "benefits"),
        items=r.texts(b, "items", "benefits"),
        page_size=r.integer(b, "page_size", "benefits", 1, 11) or 1,
        more=r.text(b, "more", "benefits"),
        done=r.text(b, "done", "benefits"),
    )
    raw_topics = data.get("topics", [])
    if not isinstance(raw_topics, list):
        r.error("topics", "a list of topics", raw_topics)
        raw_topics = []
    topics = []
    for i, item in enumerate(raw_topics):
        path = f"topics[{i}]"
        t = r.mapping(item, path, {"id", "intent", "answer"}, {"about_pain"})
        intent = r.text(t, "intent", path)
        about_pain = t.get("about_pain", False)
        if not isinstance(about_pain, bool):
            r.error(f"{path}.about_pain", "true or false", about_pain)
            about_pain = False
        if intent and not (intent.endswith("Intent") and intent.isidentifier()):
            r.error(f"{path}.intent", "an intent name like WhyBackCracksIntent", intent)
        topics.append(
            Topic(
                id=r.text(t, "id", path),
                intent=intent,
                answer=r.text(t, "answer", path),
                about_pain=about_pain,
            )
        )
    return benefits, tuple(topics)


def _prompts(r: Reader, raw: Any) -> dict[str, str]:
    keys = prompt_keys()
    data = r.mapping(raw, "", set(keys), set())
    prompts = {key: r.text(data, key, "", set(prompt_fields(key))) for key in keys}
    for key, count in NAME_LISTS.items():
        names = split_names(prompts[key]) if prompts[key] else ()
        if prompts[key] and (len(names) != count or not all(names)):
            r.error(key, f"{count} names separated by commas", prompts[key])
    return prompts


def build_content(
    documents: Mapping[str, Any], folder: str, load_errors: Sequence[str] = ()
) -> Content:
    """The content held in ``documents`` (file name -> its parsed YAML, None where the file
    could not be read); ``folder`` names their folder in messages. Raise ContentError listing
    ``load_errors`` and every problem found."""
    readers = {name: Reader(f"{folder}/{name}") for name in FILES}
    stretches, routine = _stretches(readers["stretches.yaml"], documents.get("stretches.yaml"))
    benefits, topics = _knowledge(readers["knowledge.yaml"], documents.get("knowledge.yaml"))
    prompts = _prompts(readers["prompts.yaml"], documents.get("prompts.yaml"))
    errors = list(load_errors) + [
        e
        for name, reader in readers.items()
        if documents.get(name) is not None
        for e in reader.errors
    ]
    if errors:
        raise ContentError(errors)
    return Content(stretches, routine, benefits, topics, prompts)
