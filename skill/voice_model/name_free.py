"""Name-free interaction: the ``_nameFreeInteraction`` block of the interaction model.

Alexa reads it beside ``languageModel``; the SMAPI model classes do not know it (a round trip
drops it), so its rules are checked here. Each ingress point is a LAUNCH (opens the skill) or an
INTENT (opens it straight into a custom intent), with RAW_TEXT phrases that hold no slots.
"""

from __future__ import annotations

from typing import Any

from skill.voice_model.words import words

NAME_FREE_KEY = "_nameFreeInteraction"
TYPES = ("LAUNCH", "INTENT")
FORMAT = "RAW_TEXT"
MAX_LAUNCH_PHRASES = 5
_INGRESS_KEYS = {"type", "name", "sampleUtterances"}
_UTTERANCE_KEYS = {"format", "value"}


def ingress_points(model: dict[str, Any]) -> list[dict[str, Any]]:
    block = model.get("interactionModel", {}).get(NAME_FREE_KEY) or {}
    points = block.get("ingressPoints") if isinstance(block, dict) else None
    return points if isinstance(points, list) else []


def phrases(model: dict[str, Any], kind: str, intent: str | None = None) -> list[str]:
    """The phrases of every ingress point of ``kind`` (and ``intent``, for INTENT points)."""
    found = []
    for point in ingress_points(model):
        if point.get("type") == kind and (intent is None or point.get("name") == intent):
            found += [u.get("value", "") for u in point.get("sampleUtterances", [])]
    return found


def lint_name_free(model: dict[str, Any]) -> list[str]:
    """Every rule the name-free block breaks, each as ``path: problem``; none when absent."""
    interaction = model.get("interactionModel")
    if not isinstance(interaction, dict):
        return []
    problems = []
    lm = interaction.get("languageModel") or {}
    if NAME_FREE_KEY in model or NAME_FREE_KEY in lm:
        problems.append(f"{NAME_FREE_KEY}: belongs in interactionModel, beside languageModel")
    if NAME_FREE_KEY not in interaction:
        return problems
    block = interaction[NAME_FREE_KEY]
    if not isinstance(block, dict) or set(block) != {"ingressPoints"}:
        return [*problems, f"{NAME_FREE_KEY}: must hold exactly one key, ingressPoints"]
    points = block["ingressPoints"]
    if not isinstance(points, list) or not points:
        return [*problems, f"{NAME_FREE_KEY}.ingressPoints: must be a non-empty list"]
    intents = {i.get("name"): i for i in lm.get("intents", [])}
    invocation = words(lm.get("invocationName") or "")
    seen: dict[str, str] = {}
    named: set[str] = set()
    for i, point in enumerate(points):
        where = f"{NAME_FREE_KEY}.ingressPoints[{i}]"
        if not isinstance(point, dict):
            problems.append(f"{where}: must be an object")
            continue
        problems += _lint_point(where, point, intents, named)
        for j, utterance in enumerate(point.get("sampleUtterances") or []):
            at = f"{where}.sampleUtterances[{j}]"
            problem = _lint_utterance(utterance, invocation)
            if problem:
                problems.append(f"{at}: {problem}")
                continue
            key = words(utterance["value"])
            if key in seen:
                problems.append(f"{at}: {utterance['value']!r} is also listed at {seen[key]}")
            seen.setdefault(key, at)
    launch_count = len(phrases(model, "LAUNCH"))
    if launch_count > MAX_LAUNCH_PHRASES:
        problems.append(
            f"{NAME_FREE_KEY}: {launch_count} LAUNCH phrases, at most {MAX_LAUNCH_PHRASES}"
        )
    return problems


def _lint_point(
    where: str, point: dict[str, Any], intents: dict[str, Any], named: set[str]
) -> list[str]:
    problems = [f"{where}: unknown key {k!r}" for k in sorted(set(point) - _INGRESS_KEYS)]
    kind, name = point.get("type"), point.get("name")
    if kind not in TYPES:
        problems.append(f"{where}: type {kind!r} is not LAUNCH or INTENT")
    elif kind == "LAUNCH" and "name" in point:
        problems.append(f"{where}: a LAUNCH point takes no name")
    elif kind == "INTENT":
        if not isinstance(name, str) or name not in intents:
            problems.append(f"{where}: intent {name!r} is not in the language model")
        elif str(name).startswith("AMAZON."):
            problems.append(f"{where}: {name} is built in; only custom intents may be named")
        elif intents[name].get("slots"):
            problems.append(f"{where}: {name} has slots, which a name-free phrase cannot fill")
        if name in named:
            problems.append(f"{where}: {name} has a second ingress point; merge them")
        named.add(str(name))
    utterances = point.get("sampleUtterances")
    if not isinstance(utterances, list) or not utterances:
        problems.append(f"{where}: sampleUtterances must be a non-empty list")
    return problems


def _lint_utterance(utterance: Any, invocation: str) -> str:
    if not isinstance(utterance, dict):
        return "must be an object with format and value"
    extra = sorted(set(utterance) - _UTTERANCE_KEYS)
    if extra:
        return f"unknown key {extra[0]!r}"
    if utterance.get("format") != FORMAT:
        return f"format {utterance.get('format')!r} is not {FORMAT}"
    value = utterance.get("value")
    if not isinstance(value, str) or not value.strip():
        return "value must be a non-empty phrase"
    if "{" in value or "}" in value:
        return f"{value!r} holds a slot; name-free phrases cannot"
    heard = words(value)
    if heard.split()[:1] == ["alexa"]:
        return f"{value!r} starts with the wake word"
    if invocation and f" {invocation} " in f" {heard} ":
        return f"{value!r} holds the invocation name; name-free phrases go without it"
    return ""
