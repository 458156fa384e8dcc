"""A reply as a screen: which layout of ``documents/coach.json``, the data it is filled with,
and, for a stretch's steps, the commands that speak them from the document.

A step response that keeps the session open is spoken by the document: each line is a
``SpeakItem`` (so the line lit on screen is the line heard), the time to move an ``Idle``, and
each hold a countdown and a bar that fill exactly the hold while its quiet runs, with "ten
seconds left" spoken where the voice-only response says it. Every other response, and any that
ends the session (the pain advice above all), is spoken by ``outputSpeech`` as on a device
without a screen, and its screen only shows it: a session that ends closes the document, and
with it any speech the document was still to say.
"""

import json
from functools import cache
from pathlib import Path
from typing import Any, NamedTuple

from skill.content.model import Content, capitalized
from skill.content.prompts import Prompt
from skill.dialogue.acts import Act, Caution, Hold, Instruction, Reply, Say
from skill.dialogue.events import Event, Kind
from skill.dialogue.state import BenefitsPage, Phase, State
from skill.speech import escape

DOCUMENTS = Path(__file__).with_name("documents")
DOCUMENT = "coach"  # the one document; its layouts are chosen by the data
DOCUMENT_TOKEN = "coach"  # names the document on screen, so its commands reach it
DATA = "coach"  # the data source's name: the document's main parameter

# What a touch may send: the value of the event the same spoken words give.
TOUCHABLE = frozenset(
    {
        Kind.NEXT,
        Kind.REPEAT,
        Kind.PAUSE,
        Kind.PAIN,
        Kind.YES,
        Kind.NO,
        Kind.SKIP,
        Kind.LIST,
        Kind.MORE,
        Kind.STOP,
        Kind.START,
        Kind.ROUTINE,
    }
)
# Phases whose question is answered yes or no.
YES_OR_NO = frozenset(
    {
        Phase.CAUTION,
        Phase.ADVANCED_OFFER,
        Phase.PAUSED,
        Phase.PAIN_CHECK,
        Phase.CONFIRM_DELETE,
        Phase.REMINDER_OFFER,
    }
)
PAIN_ADVICE = frozenset({Prompt.PAIN, Prompt.PAIN_TOPIC_STOP})


class Screen(NamedTuple):
    """What to show: the data for the document, and the commands that speak it (none when the
    response's ``outputSpeech`` speaks)."""

    data: dict[str, Any]
    commands: tuple[dict[str, Any], ...] = ()

    @property
    def speaks(self) -> bool:
        return bool(self.commands)

    @property
    def datasources(self) -> dict[str, Any]:
        source: dict[str, Any] = {"type": "object", "properties": self.data}
        if self.speaks:
            source["transformers"] = [
                {"transformer": "ssmlToSpeech", "inputPath": "lines.*.ssml", "outputName": "speech"}
            ]
        return {DATA: source}


@cache
def document() -> dict[str, Any]:
    """The APL document, read once from the package."""
    return json.loads((DOCUMENTS / f"{DOCUMENT}.json").read_text(encoding="utf-8"))


def screen(reply: Reply, state: State, content: Content) -> Screen:
    """The screen for ``reply``, given the state the dialogue moved to."""
    p = content.prompt
    lines = _lines(reply, content)
    data: dict[str, Any] = {
        "layout": "message",
        "title": p(Prompt.CARD_TITLE),
        "label": "",
        "tone": "",
        "lines": lines,
        "items": [],
        "hold": {"shown": False, "seconds": ""},
        "buttons": [] if reply.ends_session else _buttons(state, content),
        "pain": "" if reply.ends_session else p(Prompt.SCREEN_PAIN),
    }
    steps = [a for a in reply.acts if isinstance(a, Instruction)]
    cautions = [a for a in reply.acts if isinstance(a, Caution)]
    asking = state.item.stretch if state.phase is Phase.CAUTION and state.item else None
    if cautions or asking:  # the caution, or its question asked again
        title = _title(cautions[0].stretch if cautions else asking, state, content)
        data |= {"title": title, "label": p(Prompt.SCREEN_CAUTION), "tone": "caution"}
    elif steps:
        holds = [a for a in reply.acts if isinstance(a, Hold)]
        data |= {
            "layout": "steps",
            "title": _title(steps[0].stretch, state, content),
            "label": _place(steps[0], content),
            "hold": {"shown": bool(holds), "seconds": str(holds[0].seconds) if holds else ""},
        }
        if not reply.ends_session:
            return Screen(data, _spoken(reply, content))
    elif any(isinstance(a, Say) and a.prompt in PAIN_ADVICE for a in reply.acts):
        data |= {"tone": "pain"}
    elif any(isinstance(a, Say) and a.prompt == Prompt.LIST for a in reply.acts):
        items = [_item(s.title, Kind.START, s.id) for s in content.stretches]
        items.append(_item(p(Prompt.SCREEN_ROUTINE), Kind.ROUTINE))
        data |= {"layout": "choices", "label": p(Prompt.SCREEN_STRETCHES), "items": items}
    elif isinstance(state.last_answer, BenefitsPage):
        page = content.benefits.page(state.last_answer.page)
        items = [_item(capitalized(text), None) for text in page]
        data |= {"layout": "choices", "label": p(Prompt.SCREEN_BENEFITS), "items": items}
    return Screen(data)


def _title(stretch_id: str, state: State, content: Content) -> str:
    """A stretch's heading; the advanced variant's where the plan is doing that."""
    stretch = content.stretch(stretch_id)
    item = state.item
    if item and item.stretch == stretch_id and item.advanced and stretch.advanced:
        return stretch.advanced.title
    return stretch.title


def _ssml(text: str) -> str:
    return f"<speak>{escape(text)}</speak>"


def _line(text: str, role: str, speech: str | None = None) -> dict[str, str]:
    return {"text": text, "role": role, "ssml": _ssml(text if speech is None else speech)}


def _lines(reply: Reply, content: Content) -> list[dict[str, str]]:
    """One line per act, then the question: what the screen lists, in the order it is said."""
    out = [_act_line(act, content) for act in reply.acts]
    if reply.ask:
        out.append(_line(reply.ask, "ask"))
    return out


def _act_line(act: Act, content: Content) -> dict[str, str]:
    if isinstance(act, Hold):
        label = content.prompt(Prompt.SCREEN_HOLD, seconds=str(act.seconds))
        return _line(label, "hold", content.prompt(Prompt.HOLD_REMAINING))
    if isinstance(act, Instruction):
        return _line(act.text, "step")
    if isinstance(act, Caution):
        return _line(act.text, "caution")
    return _line(act.text, "say")


def _place(step: Instruction, content: Content) -> str:
    """Where a step stands: "Left side · Step 3 of 6", or as much of that as applies."""
    p = content.prompt
    side = capitalized(p(Prompt.SCREEN_SIDE, side=step.side)) if step.side else ""
    number = p(Prompt.SCREEN_STEP, number=str(step.number), count=str(step.count))
    if not step.number:
        return side
    return p(Prompt.SCREEN_PLACE, side=side, step=number) if side else number


def _item(label: str, kind: Kind | None, arg: str = "") -> dict[str, str]:
    return {"label": label, "action": kind.value if kind else "", "arg": arg}


# Each screen's buttons: (label, the event it sends); the first is the main one.
YES_NO = ((Prompt.SCREEN_YES, Kind.YES), (Prompt.SCREEN_NO, Kind.NO))
MIDWAY = ((Prompt.SCREEN_NEXT, Kind.NEXT), (Prompt.SCREEN_REPEAT, Kind.REPEAT),
          (Prompt.SCREEN_PAUSE, Kind.PAUSE))  # fmt: skip
CHOOSING = ((Prompt.SCREEN_SKIP, Kind.SKIP), (Prompt.SCREEN_STOP, Kind.STOP))
BENEFITS = ((Prompt.SCREEN_MORE, Kind.MORE),)
MENU = ((Prompt.SCREEN_STRETCHES, Kind.LIST),)


def _buttons(state: State, content: Content) -> list[dict[str, Any]]:
    """The buttons for the question the state asks; each sends what its word would."""
    if state.phase in YES_OR_NO:
        shown = YES_NO
    elif state.phase is Phase.READY and state.in_plan:
        shown = MIDWAY
    elif state.phase is Phase.CHOOSING:
        shown = CHOOSING
    elif state.benefits_next:
        shown = BENEFITS
    else:
        shown = MENU
    return [
        {"label": content.prompt(key), "action": kind.value, "arg": "", "main": n == 0}
        for n, (key, kind) in enumerate(shown)
    ]


# Commands, as APL spells them.
def _speak(index: int) -> dict[str, Any]:
    return {"type": "SpeakItem", "componentId": f"line{index}", "highlightMode": "line"}


def _idle(seconds: int) -> dict[str, Any]:
    return {"type": "Idle", "delay": seconds * 1000}


def _set_text(component: str, text: str) -> dict[str, Any]:
    return {"type": "SetValue", "componentId": component, "property": "text", "value": text}


def _spoken(reply: Reply, content: Content) -> tuple[dict[str, Any], ...]:
    """The response's speech as document commands, line by line, with the same quiet the
    voice-only SSML has: an instruction's time to move, and each hold."""
    commands: list[dict[str, Any]] = []
    for index, act in enumerate(reply.acts):
        if isinstance(act, Hold):
            commands.append(_hold(act, index))
            continue
        if isinstance(act, Instruction) and act.number:
            commands.append(_set_text("placeLabel", _place(act, content)))
        commands.append(_speak(index))
        if isinstance(act, Instruction) and act.move_seconds:
            commands.append(_idle(act.move_seconds))
    if reply.ask:
        commands.append(_speak(len(reply.acts)))
    return ({"type": "Sequential", "commands": commands},)


def _hold(hold: Hold, index: int) -> dict[str, Any]:
    """A hold: the seconds counted down and the bar filled over exactly the hold, while its
    quiet runs (and "ten seconds left" is said where it is due)."""
    ticks: list[dict[str, Any]] = []
    for left in range(hold.seconds - 1, -1, -1):
        ticks += [_idle(1), _set_text("countdown", str(left))]
    quiet = [_idle(hold.seconds)]
    if hold.remind_at:
        quiet = [_idle(hold.seconds - hold.remind_at), _speak(index), _idle(hold.remind_at)]
    fill = {
        "type": "AnimateItem",
        "componentId": "progressBar",
        "duration": hold.seconds * 1000,
        "easing": "linear",
        "value": [{"property": "transform", "from": [{"scaleX": 0}], "to": [{"scaleX": 1}]}],
    }
    timer = {"type": "Parallel", "commands": [fill, {"type": "Sequential", "commands": ticks}]}
    timer["commands"].append({"type": "Sequential", "commands": quiet})
    return {"type": "Sequential", "commands": [_set_text("countdown", str(hold.seconds)), timer]}


MAX_TOUCH_ARG_CHARS = 64  # longer than any stretch id: anything longer is not from our screen


def touched(arguments: object) -> Event:
    """The event a touch sends (``SendEvent`` arguments: the event's kind and its argument);
    anything our screens do not send is not understood."""
    if not isinstance(arguments, list) or not arguments or not isinstance(arguments[0], str):
        return Event(Kind.FALLBACK)
    kind = next((k for k in TOUCHABLE if k.value == arguments[0]), None)
    arg = arguments[1] if len(arguments) > 1 else ""
    if kind is None or not isinstance(arg, str) or len(arg) > MAX_TOUCH_ARG_CHARS:
        return Event(Kind.FALLBACK)
    return Event(kind, arg if kind is Kind.START else "")
