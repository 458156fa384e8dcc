"""The request envelopes every benchmark feeds both skills: recorded once from a real
conversation with the coach, then replayed with fresh user and session ids."""

from __future__ import annotations

import copy
import json
import tempfile
import uuid
from pathlib import Path
from typing import Any

from skill.alexa.builder import build_skill
from skill.alexa.entry import make_handler
from skill.store.sqlite import SqliteStore
from skill.tools.simulator import Conversation
from skill.voice_model.matcher import Understander
from skill.voice_model.model import load_model

Event = dict[str, Any]

# Twenty turns: the whole routine (both cautions accepted), then questions, navigation, stop.
ROUTINE = (
    "open back stretch coach",
    "start the routine",
    *["next"] * 7,
    "yes",
    "next",
    "yes",
    "how often have I stretched this week",
    "what are the benefits of stretching",
    "more",
    "why does my back crack",
    "start knee to chest",
    "repeat",
    "next",
    "stop",
)
# "start knee to chest", then the measured turn: "next" while the left side's hold is done.
STEP_PRELUDE = ("ask back stretch coach to start knee to chest",)
STEP_TURN = "next"


def record(phrases: tuple[str, ...]) -> list[Event]:
    """The envelopes the simulator sends the coach for ``phrases``, in order, one session."""
    sent: list[Event] = []
    with tempfile.TemporaryDirectory(prefix="bsc-record-") as folder:
        real = make_handler(build_skill(store=SqliteStore(Path(folder) / "record.sqlite3")))

        def recording(event: Event, context: Any) -> dict[str, Any]:
            sent.append(copy.deepcopy(event))
            return real(event, context)

        conversation = Conversation(recording, Understander(load_model()))
        for phrase in phrases:
            conversation.say(phrase)
    return sent


def as_user(events: list[Event], user: str | None = None) -> list[Event]:
    """``events`` for another user (a new id unless given) in a session of their own."""
    user = user or f"amzn1.ask.account.bench-{uuid.uuid4().hex}"
    session = f"amzn1.echo-api.session.{uuid.uuid4()}"
    out = []
    for event in events:
        event = copy.deepcopy(event)
        event["context"]["System"]["user"]["userId"] = user
        if event.get("session"):
            event["session"]["user"]["userId"] = user
            event["session"]["sessionId"] = session
        out.append(event)
    return out


def routine() -> list[Event]:
    events = record(ROUTINE)
    if len(events) != len(ROUTINE):
        raise RuntimeError(f"the routine sent {len(events)} requests, not {len(ROUTINE)}")
    return events


def step_turn() -> tuple[list[Event], Event]:
    """The prelude's envelopes and the measured "next" turn's envelope."""
    events = record((*STEP_PRELUDE, STEP_TURN))
    return events[:-1], events[-1]


def spoken(response: dict[str, Any]) -> str:
    return ((response.get("response") or {}).get("outputSpeech") or {}).get("ssml", "")


def dump(events: list[Event], path: Path) -> Path:
    path.write_text(json.dumps(events), encoding="utf-8")
    return path
