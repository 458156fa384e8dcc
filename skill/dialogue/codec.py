"""Session state to and from JSON-safe attributes, checked field by field when read back.

Alexa hands session attributes back as they were sent, but a stale client, an older version of
the skill or a tampered request may send anything: :func:`decode` accepts only a state that is
well-formed, that points at real stretches, steps and topics of the current content, and whose
phase fits its position, so every state it accepts is one the conversation can act on. States
written by earlier versions (1, and 2 in both its shapes: before and after it held
``interrupt_told`` and ``misheard``) are read as they meant.
"""

from __future__ import annotations

import json
import threading
from typing import Any

from skill.content.model import MAX_HOLD_SECONDS, Content
from skill.dialogue.pacing import MIDWAY, segments, under_way
from skill.dialogue.schedule import MINUTES_A_DAY
from skill.dialogue.state import (
    MAX_MISHEARD,
    BenefitsPage,
    Help,
    LastAnswer,
    Pace,
    Phase,
    PlanItem,
    Position,
    Prefs,
    State,
    StretchList,
    TopicAnswer,
    Welcome,
)

VERSION = 3
SESSION_KEY = "coach"  # the session attribute that holds the state

# A last answer on the wire: [tag] or [tag, value].
_PLAIN_ANSWERS: dict[str, LastAnswer] = {
    "welcome": Welcome(),
    "help": Help(),
    "list": StretchList(),
}
_KEYS = {"v", "phase", "plan", "at", "confirmed", "last_chunk", "last_answer", "benefits_next",
         "prefs", "interrupt_told", "misheard", "offer_minute"}  # fmt: skip
_PHASES = {phase.value: phase for phase in Phase}
_PACES = {pace.value: pace for pace in Pace}
# Phases that act on the stretch at `at`, so `at` must be inside the plan.
_AT_A_STRETCH = (*MIDWAY, Phase.ADVANCED_OFFER)


class StateError(ValueError):
    """The attributes do not hold a usable state; the message says which field and why, and
    never repeats what the attributes held (they may be anything a client sent)."""


def check_version(raw: Any) -> None:
    """Raise StateError unless ``raw`` is a state object of a version :func:`decode` reads."""
    if not isinstance(raw, dict):
        raise StateError(f"state: expected an object, got {type(raw).__name__}")
    if raw.get("v") not in (1, 2, VERSION):
        raise StateError(f"v: expected {VERSION}")


def encode(state: State) -> dict[str, Any]:
    return {
        "v": VERSION,
        "phase": state.phase.value,
        "plan": [[item.stretch, item.advanced] for item in state.plan],
        "at": _pos(state.at),
        "confirmed": state.confirmed,
        "last_chunk": _pos(state.last_chunk) if state.last_chunk else None,
        "last_answer": _encode_answer(state.last_answer),
        "benefits_next": state.benefits_next,
        "prefs": encode_prefs(state.prefs),
        "interrupt_told": state.interrupt_told,
        "misheard": state.misheard,
        "offer_minute": state.offer_minute,
    }


def encode_prefs(prefs: Prefs) -> dict[str, Any]:
    return {"pace": prefs.pace.value, "ranged_hold": prefs.ranged_hold}


def _encode_answer(said: LastAnswer | None) -> list[Any] | None:
    match said:
        case BenefitsPage(page=page):
            return ["benefits", page]
        case TopicAnswer(topic=topic):
            return ["topic", topic]
        case None:
            return None
    return [next(tag for tag, plain in _PLAIN_ANSWERS.items() if plain == said)]


def _pos(position: Position) -> list[int]:
    return [position.item, position.segment, position.step]


def decode_prefs(raw: Any) -> Prefs:
    """Preferences from ``raw``; raise StateError when they are not well-formed."""
    if not isinstance(raw, dict) or raw.keys() != {"pace", "ranged_hold"}:
        raise StateError("prefs: expected {pace, ranged_hold}")
    pace = _member(_PACES, raw["pace"])
    if pace is None:
        raise StateError(f"prefs.pace: expected one of {list(_PACES)}")
    if not _int_in(raw["ranged_hold"], 0, MAX_HOLD_SECONDS):
        raise StateError(f"prefs.ranged_hold: expected 0–{MAX_HOLD_SECONDS}")
    return Prefs(pace, raw["ranged_hold"])


def decode(raw: Any, content: Content) -> State:
    """The state held in ``raw`` (as produced by :func:`encode`); raise StateError otherwise.

    States recur: every user at the same place of the same stretch, with the same preferences,
    sends the same one. So each state accepted is kept by its JSON text, and the same text is
    not checked again. Only accepted states are kept; a refused one is checked every time.
    """
    check_version(raw)
    try:
        key = (_AS_TEXT.encode(raw), content)
    except (TypeError, ValueError):
        raise StateError("state: expected JSON values only") from None
    except RecursionError:
        raise StateError("state: nested too deep") from None
    state = _accepted.get(key)
    if state is None:
        state = _decode(raw, content)
        with _keeping:
            if len(_accepted) >= MAX_KEPT_STATES:
                del _accepted[next(iter(_accepted))]  # the oldest
            _accepted[key] = state
    return state


MAX_KEPT_STATES = 1024  # a few hundred bytes each
_AS_TEXT = json.JSONEncoder(separators=(",", ":"), allow_nan=False)  # built once: a third faster
_accepted: dict[tuple[str, Content], State] = {}  # a state's JSON text -> the state, oldest first
_keeping = threading.Lock()  # for the inserts and the evictions, which threads may race


def _decode(raw: dict[str, Any], content: Content) -> State:
    if raw.get("v") == 1:
        raw = _from_version_1(raw)
    if raw.get("v") == 2:
        raw = {**raw, "v": VERSION, "offer_minute": 0}
        if "interrupt_told" not in raw and "misheard" not in raw:  # version 2 as first written
            raw.update(interrupt_told=False, misheard=0)
    if raw.keys() != _KEYS:
        raise StateError(f"keys: expected {sorted(_KEYS)}")
    phase = _member(_PHASES, raw["phase"])
    if phase is None:
        raise StateError(f"phase: expected one of {list(_PHASES)}")
    plan = _plan(raw["plan"], content)
    at = _position(raw["at"], plan, content, "at")
    last_chunk = None
    if raw["last_chunk"] is not None:
        last_chunk = _position(raw["last_chunk"], plan, content, "last_chunk")
        if not under_way(State(plan=plan, at=last_chunk), content):
            raise StateError("last_chunk: expected the start of a chunk of steps")
    confirmed = raw["confirmed"]
    if not isinstance(confirmed, bool):
        raise StateError("confirmed: expected true or false")
    if not isinstance(raw["interrupt_told"], bool):
        raise StateError("interrupt_told: expected true or false")
    if not _int_in(raw["misheard"], 0, MAX_MISHEARD):
        raise StateError(f"misheard: expected 0–{MAX_MISHEARD}")
    if not _int_in(raw["offer_minute"], 0, MINUTES_A_DAY - 1):
        raise StateError(f"offer_minute: expected 0–{MINUTES_A_DAY - 1}")
    benefits_next = raw["benefits_next"]
    if not _int_in(benefits_next, 0, content.benefits.pages - 1):
        raise StateError(f"benefits_next: expected 0–{content.benefits.pages - 1}")
    state = State(
        phase,
        plan,
        at,
        confirmed,
        last_chunk,
        _decode_answer(raw["last_answer"], content),
        benefits_next,
        decode_prefs(raw["prefs"]),
        raw["interrupt_told"],
        raw["misheard"],
        raw["offer_minute"],
    )
    _check_phase(state, content)
    return state


def _check_phase(state: State, content: Content) -> None:
    """The phase must fit the position: each phase's question must be one it can ask."""
    phase = state.phase
    if phase in _AT_A_STRETCH and not state.in_plan:
        raise StateError(f"phase: {phase.value} needs a position inside the plan")
    item = state.item
    stretch = content.stretch(item.stretch) if item else None
    if phase is Phase.CAUTION and not (stretch and stretch.has_caution and not state.confirmed):
        raise StateError("phase: caution needs an unconfirmed stretch that has one")
    if phase in (Phase.PAUSED, Phase.STOPPED, Phase.PAIN_CHECK) and state.confirmed:
        raise StateError(f"phase: {phase.value} keeps no confirmation")
    if phase is Phase.ADVANCED_OFFER and not (stretch and stretch.advanced and not item.advanced):
        raise StateError("phase: advanced_offer needs a stretch with an advanced variant")
    if phase is Phase.REMINDER_OFFER and state.in_plan:
        raise StateError("phase: reminder_offer needs the plan finished")
    beyond = item is not None and not under_way(state, content)
    if beyond and phase not in (Phase.ADVANCED_OFFER, Phase.MENU, Phase.CONFIRM_DELETE):
        raise StateError(f"at: {phase.value} needs a step of the stretch, not its end")


def _decode_answer(raw: Any, content: Content) -> LastAnswer | None:
    if raw is None:
        return None
    if not isinstance(raw, list) or not raw or not isinstance(raw[0], str):
        raise StateError("last_answer: expected null or [kind] or [kind, value]")
    tag, args = raw[0], raw[1:]
    if tag in _PLAIN_ANSWERS and not args:
        return _PLAIN_ANSWERS[tag]
    if tag == "benefits" and len(args) == 1 and _int_in(args[0], 0, content.benefits.pages - 1):
        return BenefitsPage(args[0])
    if tag == "topic" and len(args) == 1 and args[0] in {t.id for t in content.topics}:
        return TopicAnswer(args[0])
    raise StateError("last_answer: expected an answer of this content")


def _from_version_1(raw: dict[str, Any]) -> dict[str, Any]:
    """A version 1 state in today's terms: ``last`` and ``answer`` ("benefits:1", "help"…)."""
    upgraded = {k: v for k, v in raw.items() if k not in ("last", "answer")}
    upgraded.update(v=2, last_chunk=raw.get("last"), interrupt_told=False, misheard=0)
    answer = raw.get("answer")
    if not isinstance(answer, str):
        raise StateError("answer: expected a text")
    tag, _, value = answer.partition(":")
    if not answer:
        upgraded["last_answer"] = None
    elif tag == "benefits" and value.isdigit() and len(value) <= 2:
        upgraded["last_answer"] = [tag, int(value)]
    elif tag == "topic":
        upgraded["last_answer"] = [tag, value]
    else:
        upgraded["last_answer"] = [answer]
    return upgraded


def _member(members: dict[str, Any], value: Any) -> Any:
    """The enum member whose value is ``value``; None for anything else, unhashable included."""
    return members.get(value) if isinstance(value, str) else None


def _int_in(value: Any, low: int, high: int) -> bool:
    """An integer between ``low`` and ``high``; a bool is none (true is not a count)."""
    return type(value) is int and low <= value <= high


def _plan(raw: Any, content: Content) -> tuple[PlanItem, ...]:
    if not isinstance(raw, list) or len(raw) > len(content.stretches):
        raise StateError("plan: expected a list of at most one entry per stretch")
    plan = []
    for i, entry in enumerate(raw):
        ok = isinstance(entry, list) and len(entry) == 2 and isinstance(entry[1], bool)
        if not ok or not isinstance(entry[0], str) or not content.has_stretch(entry[0]):
            raise StateError(f"plan[{i}]: expected [stretch id, advanced]")
        if entry[1] and content.stretch(entry[0]).advanced is None:
            raise StateError(f"plan[{i}]: {entry[0]} has no advanced variant")
        plan.append(PlanItem(entry[0], entry[1]))
    return tuple(plan)


def _position(raw: Any, plan: tuple[PlanItem, ...], content: Content, name: str) -> Position:
    if not (isinstance(raw, list) and len(raw) == 3):
        raise StateError(f"{name}: expected [item, segment, step]")
    item, segment, step = raw
    if not (_int_in(item, 0, 999) and _int_in(segment, 0, 999) and _int_in(step, 0, 999)):
        raise StateError(f"{name}: expected [item, segment, step]")
    if item > len(plan) or (item == len(plan) and (segment, step) != (0, 0)):
        raise StateError(f"{name}: item {item} is outside the plan")
    if item < len(plan):
        segs = segments(content, plan[item])
        beyond = segment == len(segs) and step == 0
        if not beyond and (segment >= len(segs) or step >= len(segs[segment].steps)):
            raise StateError(f"{name}: no step {step} in segment {segment} of {plan[item].stretch}")
    return Position(item, segment, step)
