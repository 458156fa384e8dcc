"""Session state to and from JSON-safe attributes, checked field by field when read back.

Alexa hands session attributes back as they were sent, but a stale client, an older version of
the skill or a tampered request may send anything: :func:`decode` accepts only a state that is
well-formed and that points at real stretches and steps of the current content.
"""

from __future__ import annotations

from typing import Any

from skill.content import Content
from skill.content_schema import MAX_HOLD_SECONDS
from skill.plan import segments
from skill.state import Pace, Phase, PlanItem, Position, Prefs, State

VERSION = 1
KEY = "coach"


class StateError(ValueError):
    """The attributes do not hold a usable state; the message says which field and why."""


def encode(state: State) -> dict[str, Any]:
    return {
        "v": VERSION,
        "phase": state.phase.value,
        "plan": [[item.stretch, item.advanced] for item in state.plan],
        "at": _pos(state.at),
        "confirmed": state.confirmed,
        "last": _pos(state.last) if state.last else None,
        "answer": state.answer,
        "benefits_next": state.benefits_next,
        "prefs": encode_prefs(state.prefs),
    }


def encode_prefs(prefs: Prefs) -> dict[str, Any]:
    return {"pace": prefs.pace.value, "ranged_hold": prefs.ranged_hold}


def decode_prefs(raw: Any) -> Prefs:
    """Preferences from ``raw``; raise StateError when they are not well-formed."""
    if not isinstance(raw, dict) or set(raw) != {"pace", "ranged_hold"}:
        raise StateError("prefs: expected {pace, ranged_hold}")
    try:
        pace = Pace(raw["pace"])
    except (ValueError, TypeError):
        raise StateError(f"prefs.pace: expected one of {[p.value for p in Pace]}") from None
    if not _int_in(raw["ranged_hold"], 0, MAX_HOLD_SECONDS):
        raise StateError(f"prefs.ranged_hold: expected 0–{MAX_HOLD_SECONDS}")
    return Prefs(pace, raw["ranged_hold"])


def _pos(position: Position) -> list[int]:
    return [position.item, position.segment, position.step]


def decode(raw: Any, content: Content) -> State:
    """The state held in ``raw`` (as produced by :func:`encode`); raise StateError otherwise."""
    if not isinstance(raw, dict):
        raise StateError(f"state: expected an object, got {type(raw).__name__}")
    if raw.get("v") != VERSION:
        raise StateError(f"v: expected {VERSION}, got {raw.get('v')!r}")
    expected = set(encode(State()))
    if set(raw) != expected:
        raise StateError(f"keys: expected {sorted(expected)}, got {sorted(raw)}")
    try:
        phase = Phase(raw["phase"])
    except (ValueError, TypeError):
        raise StateError(f"phase: expected one of {[p.value for p in Phase]}") from None
    plan = _plan(raw["plan"], content)
    at = _position(raw["at"], plan, content, "at")
    last = None if raw["last"] is None else _position(raw["last"], plan, content, "last")
    confirmed = raw["confirmed"]
    if not isinstance(confirmed, bool):
        raise StateError("confirmed: expected true or false")
    answer = raw["answer"]
    if not isinstance(answer, str) or len(answer) > 64:
        raise StateError("answer: expected a short text")
    benefits_next = raw["benefits_next"]
    if not _int_in(benefits_next, 0, content.benefits.pages - 1):
        raise StateError(f"benefits_next: expected 0–{content.benefits.pages - 1}")
    prefs = decode_prefs(raw["prefs"])
    state = State(phase, plan, at, confirmed, last, answer, benefits_next, prefs)
    if phase not in (Phase.MENU, Phase.CONFIRM_DELETE) and not state.in_plan:
        raise StateError(f"phase: {phase.value} needs a position inside the plan")
    return state


def _int_in(value: Any, low: int, high: int) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and low <= value <= high


def _plan(raw: Any, content: Content) -> tuple[PlanItem, ...]:
    if not isinstance(raw, list) or len(raw) > len(content.stretches):
        raise StateError("plan: expected a list of at most one entry per stretch")
    plan = []
    for i, entry in enumerate(raw):
        ok = isinstance(entry, list) and len(entry) == 2 and isinstance(entry[1], bool)
        if not ok or not isinstance(entry[0], str) or not content.has_stretch(entry[0]):
            raise StateError(f"plan[{i}]: expected [stretch id, advanced], got {entry!r:.80}")
        plan.append(PlanItem(entry[0], entry[1]))
    return tuple(plan)


def _position(raw: Any, plan: tuple[PlanItem, ...], content: Content, name: str) -> Position:
    if not (isinstance(raw, list) and len(raw) == 3 and all(_int_in(v, 0, 999) for v in raw)):
        raise StateError(f"{name}: expected [item, segment, step]")
    item, segment, step = raw
    if item > len(plan) or (item == len(plan) and (segment, step) != (0, 0)):
        raise StateError(f"{name}: item {item} is outside the plan")
    if item < len(plan):
        segs = segments(content, plan[item])
        beyond = segment == len(segs) and step == 0
        if not beyond and (segment >= len(segs) or step >= len(segs[segment].steps)):
            raise StateError(f"{name}: no step {step} in segment {segment} of {plan[item].stretch}")
    return Position(item, segment, step)
