"""Warm turns in process: the coach and the baseline take turns on the same envelopes.

Each timed call is one Lambda-style invocation (JSON event in, response dict out). Samples are
taken in alternating blocks so that drift in the machine's speed falls on both sides alike.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from skill.alexa.builder import build_skill
from skill.alexa.entry import make_handler
from skill.content.loader import default_content
from skill.store.sqlite import SqliteStore
from tests.perf import baseline_skill, envelopes

Handler = Callable[[Any, Any], dict[str, Any]]
BLOCK = 25


@dataclass
class Pair:
    """Timings in seconds, per side."""

    coach: list[float] = field(default_factory=list)
    baseline: list[float] = field(default_factory=list)


def _timed(handler: Handler, event: dict[str, Any]) -> tuple[float, dict[str, Any]]:
    started = time.perf_counter()
    response = handler(event, None)
    return time.perf_counter() - started, response


def _check(response: dict[str, Any]) -> None:
    """A benchmark of apologies would measure nothing: every turn must be a real answer."""
    if default_content().prompt("error") in envelopes.spoken(response):
        raise RuntimeError("the coach answered a benchmark turn with its error apology")


def step_turn(samples: int, folder: Path, with_store: bool) -> Pair:
    """ "next" inside knee to chest; with the store, each sample is a user with a saved record."""
    prelude, step = envelopes.step_turn()
    store = SqliteStore(folder / "step.sqlite3") if with_store else None
    coach = make_handler(build_skill(store=store))
    baseline = baseline_skill.make_handler()
    pair = Pair()
    for block in range(0, samples, BLOCK):
        count = min(BLOCK, samples - block)
        sides = [("coach", coach), ("baseline", baseline)]
        for side, handler in sides if (block // BLOCK) % 2 == 0 else sides[::-1]:
            for _ in range(count):
                events = envelopes.as_user([*prelude, step])
                if side == "coach" and with_store:
                    for event in events[:-1]:
                        handler(event, None)
                seconds, response = _timed(handler, events[-1])
                if side == "coach":
                    _check(response)
                getattr(pair, side).append(seconds)
    return pair


def conversation(repeats: int, folder: Path) -> Pair:
    """The 20-turn routine on SQLite, each repeat a new user; one timing per turn."""
    routine = envelopes.routine()
    coach = make_handler(build_skill(store=SqliteStore(folder / "routine.sqlite3")))
    baseline = baseline_skill.make_handler()
    pair = Pair()
    for repeat in range(repeats):
        events = envelopes.as_user(routine)
        sides = [("coach", coach), ("baseline", baseline)]
        for side, handler in sides if repeat % 2 == 0 else sides[::-1]:
            for event in events:
                seconds, response = _timed(handler, event)
                if side == "coach":
                    _check(response)
                getattr(pair, side).append(seconds)
    return pair


def warm_up(folder: Path) -> None:
    """One untimed pass of everything, so lazy imports and first-call caches are filled."""
    step_turn(4, folder, with_store=True)
    conversation(2, folder)
