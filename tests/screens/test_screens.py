"""Every screen the skill can show, checked against its document: every step, caution and hold
of every stretch at both paces, and every other kind of answer.

* each ``${coach.properties…}`` and ``${data…}`` path the document binds exists in the data;
* every command targets a component the document inflates for that data;
* the words the document speaks are the voice-only response's words, in order, with the same
  quiet between them, and each hold's countdown and bar run for exactly the hold;
* the response stays within Alexa's size limit.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

import pytest

from skill.dialogue.acts import Hold, Reply
from skill.dialogue.conversation import advance
from skill.dialogue.events import Event, Kind
from skill.dialogue.pacing import segments
from skill.dialogue.state import Pace, Phase, PlanItem, Prefs, State
from skill.limits import MAX_RESPONSE_BYTES
from skill.screens import TOUCHABLE, document, screen, touched
from skill.screens.render import DATA
from skill.speech import render
from tests.dialogue.strategies import CONTENT
from tests.responses import plain

DOC = document()
LAYOUTS = DOC["layouts"]
# Which of the data's lists each data-bound layout repeats its item over.
REPEATED = {"Lines": "lines", "Buttons": "buttons", "Choices": "items"}
BINDING = re.compile(r"\$\{([^}]*)\}")


def walk(value: Any) -> Iterator[Any]:
    yield value
    if isinstance(value, dict):
        for item in value.values():
            yield from walk(item)
    elif isinstance(value, list):
        for item in value:
            yield from walk(item)


def paths(value: Any, root: str) -> set[str]:
    """The dotted paths under ``root`` that the bindings in ``value`` read."""
    found = set()
    for text in (v for v in walk(value) if isinstance(v, str)):
        for expression in BINDING.findall(text):
            found |= set(re.findall(rf"\b{re.escape(root)}\.([A-Za-z_.]+)", expression))
    return found


def resolve(data: dict[str, Any], path: str) -> bool:
    here: Any = data
    for part in path.split("."):
        if not isinstance(here, dict) or part not in here:
            return False
        here = here[part]
    return True


def transformed(shown) -> dict[str, Any]:
    """The data as a device has it, after the data source's transformers ran."""
    source = shown.datasources[DATA]
    data = json.loads(json.dumps(source["properties"]))
    for transformer in source.get("transformers", []):
        listed, field = transformer["inputPath"].split(".*.")
        for element in data[listed]:
            element[transformer["outputName"]] = f"speech-of:{element[field]}"
    return data


def commands_of(shown) -> list[dict[str, Any]]:
    return [c for c in walk(list(shown.commands)) if isinstance(c, dict) and "type" in c]


def inflated_ids(data: dict[str, Any]) -> set[str]:
    """The ids of the components the document inflates for ``data``."""
    ids = {v["id"] for v in walk(DOC) if isinstance(v, dict) and isinstance(v.get("id"), str)}
    fixed = {i for i in ids if "${" not in i}
    repeated = {"line${index}": len(data["lines"]), "choice${index}": len(data["items"])}
    for template, count in repeated.items():
        assert template in ids
        fixed |= {template.replace("${index}", str(n)) for n in range(count)}
    return fixed


def replies() -> Iterator[tuple[str, Reply, State]]:
    """Every response of every stretch, each side and the advanced bridge, at both paces;
    then the answers outside a stretch."""
    for pace in Pace:
        for stretch in CONTENT.stretches:
            state = State(prefs=Prefs(pace=pace))
            event = Event(Kind.START, stretch.id)
            for turn in range(40):
                state, reply = advance(state, event, CONTENT)
                yield f"{stretch.id}-{pace}-{turn}-{event.kind}", reply, state
                if state.phase in (Phase.CAUTION, Phase.ADVANCED_OFFER):
                    event = Event(Kind.YES)
                elif state.phase is Phase.READY:
                    event = Event(Kind.NEXT)
                else:
                    break
    state = State()
    for kind in (Kind.LAUNCH, Kind.LIST, Kind.BENEFITS, Kind.MORE, Kind.HELP, Kind.PAIN, Kind.STOP):
        after, reply = advance(state, Event(kind), CONTENT)
        yield str(kind), reply, after


ALL = list(replies())


def test_the_walk_reaches_every_kind_of_screen() -> None:
    layouts = {screen(r, s, CONTENT).data["layout"] for _, r, s in ALL}
    tones = {screen(r, s, CONTENT).data["tone"] for _, r, s in ALL}
    assert layouts == {"steps", "message", "choices"} and {"caution", "pain"} <= tones
    every_hold = 0  # of every pass through every stretch, the advanced bridge included
    for stretch in CONTENT.stretches:
        for segment in segments(CONTENT, PlanItem(stretch.id, advanced=bool(stretch.advanced))):
            every_hold += sum(1 for step in segment.steps if step.hold_seconds)
    walked = sum(isinstance(a, Hold) for _, r, _ in ALL for a in r.acts)
    assert walked == every_hold * len(Pace)


@pytest.mark.parametrize(("name", "reply", "state"), ALL, ids=[n for n, _, _ in ALL])
def test_every_binding_exists_and_every_command_finds_its_component(name, reply, state) -> None:
    shown = screen(reply, state, CONTENT)
    data = transformed(shown)
    for path in paths(DOC["mainTemplate"], "coach.properties"):
        assert resolve(data, path), f"{name}: coach.properties.{path} is not in the data"
    for layout, listed in REPEATED.items():
        for path in paths(LAYOUTS[layout]["item"], "data"):
            for element in data[listed]:
                if path == "speech" and not shown.speaks:
                    continue  # bound only where the document speaks
                assert resolve(element, path), f"{name}: {listed}[].{path} missing: {element}"
    ids = inflated_ids(data)
    for command in commands_of(shown):
        if "componentId" in command:
            assert command["componentId"] in ids, f"{name}: {command}"
    encoded = json.dumps({"document": DOC, "datasources": shown.datasources,
                          "commands": list(shown.commands)})  # fmt: skip
    assert len(encoded.encode()) < MAX_RESPONSE_BYTES - 16_000  # room for speech and the rest


@pytest.mark.parametrize(("name", "reply", "state"), ALL, ids=[n for n, _, _ in ALL])
def test_the_document_says_what_the_voice_says_with_the_same_quiet(name, reply, state) -> None:
    shown = screen(reply, state, CONTENT)
    if not shown.speaks:
        assert shown.data["layout"] != "steps" or reply.ends_session, name
        return
    lines = shown.data["lines"]
    spoken = [c["componentId"] for c in commands_of(shown) if c["type"] == "SpeakItem"]
    said = " ".join(plain(lines[int(i.removeprefix("line"))]["ssml"]) for i in spoken)
    voice = render(reply, CONTENT).ssml
    assert said == plain(voice), name
    # The quiet: every break of the voice-only SSML is an Idle of the same length, in total.
    breaks = sum(int(s) for s in re.findall(r'<break time="(\d+)s"/>', voice))
    ticks = [c for c in commands_of(shown) if c["type"] == "Sequential" and _is_ticks(c)]
    tick_ms = sum(c["delay"] for t in ticks for c in t["commands"] if c["type"] == "Idle")
    idle_ms = sum(c["delay"] for c in commands_of(shown) if c["type"] == "Idle") - tick_ms
    assert idle_ms == breaks * 1000, name


def _is_ticks(sequential: dict[str, Any]) -> bool:
    inner = sequential["commands"]
    return bool(inner) and any(c.get("componentId") == "countdown" for c in inner)


@pytest.mark.parametrize(("name", "reply", "state"), ALL, ids=[n for n, _, _ in ALL])
def test_each_hold_counts_down_and_fills_for_exactly_the_hold(name, reply, state) -> None:
    shown = screen(reply, state, CONTENT)
    if not shown.speaks:
        return
    holds = [a for a in reply.acts if isinstance(a, Hold)]
    fills = [c for c in commands_of(shown) if c["type"] == "AnimateItem"]
    assert [f["duration"] for f in fills] == [h.seconds * 1000 for h in holds], name
    for fill in fills:
        assert fill["componentId"] == "progressBar" and fill["easing"] == "linear"
    counts = [c["value"] for c in commands_of(shown) if c.get("componentId") == "countdown"]
    expected = [v for h in holds for v in [str(h.seconds), *map(str, range(h.seconds - 1, -1, -1))]]
    assert counts == expected, name


def test_a_step_screen_says_where_the_step_stands() -> None:
    state, reply = advance(State(), Event(Kind.START, "knee_to_chest"), CONTENT)
    shown = screen(reply, state, CONTENT)
    assert shown.data["title"] == "Knee to chest"
    assert shown.data["label"] == "Left side · Step 1 of 4"
    labels = [c["value"] for c in commands_of(shown) if c.get("componentId") == "placeLabel"]
    assert labels[:2] == ["Left side · Step 1 of 4", "Left side · Step 2 of 4"]
    assert [b["action"] for b in shown.data["buttons"]] == ["next", "repeat", "pause"]
    assert shown.data["pain"] == "It hurts"


@pytest.mark.parametrize("stretch", ["bridge", "extension_exercise"])
def test_the_caution_screen_asks_yes_or_no_before_any_step(stretch) -> None:
    state, reply = advance(State(), Event(Kind.START, stretch), CONTENT)
    shown = screen(reply, state, CONTENT)
    assert shown.data["tone"] == "caution" and not shown.speaks
    assert [b["action"] for b in shown.data["buttons"]] == ["yes", "no"]
    roles = [line["role"] for line in shown.data["lines"]]
    assert "caution" in roles and "step" not in roles


def test_the_pain_advice_ends_with_nothing_to_press() -> None:
    state, _ = advance(State(), Event(Kind.START, "knee_to_chest"), CONTENT)
    after, reply = advance(state, Event(Kind.PAIN), CONTENT)
    shown = screen(reply, after, CONTENT)
    assert shown.data["tone"] == "pain" and not shown.data["buttons"] and not shown.data["pain"]
    assert not shown.speaks  # outputSpeech says it: a closing session stops a document's speech


def test_the_list_of_stretches_is_touchable_and_the_benefits_are_listed() -> None:
    state, reply = advance(State(), Event(Kind.LIST), CONTENT)
    items = screen(reply, state, CONTENT).data["items"]
    assert [i["arg"] for i in items[:-1]] == [s.id for s in CONTENT.stretches]
    assert {i["action"] for i in items} == {"start", "routine"}
    state, reply = advance(State(), Event(Kind.BENEFITS), CONTENT)
    shown = screen(reply, state, CONTENT)
    assert [i["label"].lower() for i in shown.data["items"]] == [
        b.lower() for b in CONTENT.benefits.page(0)
    ]
    assert [b["action"] for b in shown.data["buttons"]] == ["more"]


def test_touches_are_the_events_the_spoken_words_give() -> None:
    for kind in TOUCHABLE:
        assert touched([kind.value, ""]) == Event(kind)
    assert touched(["start", "bridge"]) == Event(Kind.START, "bridge")
    assert touched(["next", "ignored"]) == Event(Kind.NEXT)
    for bad in (
        None,
        [],
        [3],
        ["launch"],
        ["forget_me"],
        ["start", "x" * 65],
        ["start", 4],
        "next",
    ):
        assert touched(bad) == Event(Kind.FALLBACK), bad


def test_every_action_a_document_sends_is_one_a_touch_is_taken_for() -> None:
    sent = [c for c in walk(DOC) if isinstance(c, dict) and c.get("type") == "SendEvent"]
    fixed = {c["arguments"][0] for c in sent if "${" not in c["arguments"][0]}
    assert fixed == {"pain"} and all(touched([a]) == Event(Kind(a)) for a in fixed)
    actions = {b["action"] for _, r, s in ALL for b in screen(r, s, CONTENT).data["buttons"]}
    actions |= {i["action"] for _, r, s in ALL for i in screen(r, s, CONTENT).data["items"]}
    assert actions - {""} <= {k.value for k in TOUCHABLE}


def test_every_answer_that_closes_the_session_is_spoken_by_output_speech() -> None:
    closing = [(n, r, s) for n, r, s in ALL if r.ends_session]
    assert closing
    for name, reply, state in closing:
        assert not screen(reply, state, CONTENT).speaks, name


def sizes_for(viewport: dict[str, Any]) -> list[str]:
    """The descriptions of the document's resource sets that apply on ``viewport``, evaluated
    as APL does: the viewport in dp (pixels x 160 / dpi), shape and mode in lower case."""
    scale = 160 / viewport["dpi"]
    names = {
        "viewport.width": viewport["pixelWidth"] * scale,
        "viewport.height": viewport["pixelHeight"] * scale,
        "viewport.shape": viewport["shape"].lower(),
        "viewport.mode": viewport["mode"].lower(),
    }
    applied = []
    for resources in DOC["resources"]:
        condition = resources.get("when", "${true}")[2:-1]
        python = condition.replace("&&", " and ").replace("||", " or ").replace("true", "True")
        for name in names:
            python = python.replace(name, name.replace(".", "_"))
        values = {name.replace(".", "_"): value for name, value in names.items()}
        if eval(python, {"__builtins__": {}}, values):  # the document's own, simple conditions
            applied.append(resources["description"])
    return applied


def test_each_screen_gets_the_sizes_made_for_it() -> None:
    from skill.tools.simulator import SCREENS

    default, small, round_, tv = (r["description"] for r in DOC["resources"])
    expected = {
        "Echo Spot": [default, round_],
        "Echo Show 5": [default, small],
        "Echo Show 8": [default],
        "Echo Show 10": [default],
        "Echo Show 15": [default],
        "Fire TV": [default, tv],
    }
    assert {name: sizes_for(viewport) for name, viewport in SCREENS.items()} == expected
