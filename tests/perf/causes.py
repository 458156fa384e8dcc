"""Where a warm turn's time goes: a cProfile of the step turn split into the SDK's part and the
coach's, and what one SQLite save costs."""

from __future__ import annotations

import cProfile
import json
import pstats
import time
import uuid
from collections.abc import Callable
from datetime import date
from pathlib import Path

from skill.alexa.builder import build_skill
from skill.alexa.entry import make_handler
from skill.content.loader import default_content
from skill.dialogue import codec
from skill.dialogue.codec import SESSION_KEY, decode, encode
from skill.dialogue.conversation import advance
from skill.dialogue.events import Event, Kind
from skill.speech import render
from skill.store.record import TurnNotes, dump, parse
from skill.store.sqlite import SqliteStore
from tests.perf import baseline_skill, envelopes
from tests.perf.stats import median

# (label, file suffix, function name): cumulative times read from the profile.
PARTS = (
    ("SDK: JSON to request objects", "ask_sdk_core/serialize.py", "deserialize"),
    ("SDK: response objects to JSON", "ask_sdk_core/serialize.py", "serialize"),
    ("coach: the whole turn (skill/alexa/turn.py respond)", "skill/alexa/turn.py", "respond"),
    ("coach: session state read back (codec.decode)", "skill/dialogue/codec.py", "decode"),
    ("coach: dialogue (conversation.advance)", "skill/dialogue/conversation.py", "advance"),
    ("coach: SSML and card text (speech.render)", "skill/speech.py", "render"),
)


def _cumulative(stats: pstats.Stats, suffix: str, name: str) -> float:
    total = 0.0
    for (filename, _, function), (_, _, _, cumulative, callers) in stats.stats.items():  # type: ignore[attr-defined]
        if function != name or not filename.endswith(suffix):
            continue
        # Count only outermost calls, not a recursive function's inner ones.
        outside = not any(key[0].endswith(suffix) and key[2] == name for key in callers)
        total += cumulative if outside else 0.0
    return total


def turn_profile(samples: int) -> str:
    """A Markdown table of the step turn's profile (no store), microseconds per turn."""
    _, step = envelopes.step_turn()
    rows = []
    totals = {}
    sizes = {}
    for side, handler in (
        ("coach", make_handler(build_skill())),
        ("baseline", baseline_skill.make_handler()),
    ):
        sizes[side] = len(json.dumps(handler(step, None)))
        profile = cProfile.Profile()
        profile.enable()
        for _ in range(samples):
            handler(step, None)
        profile.disable()
        stats = pstats.Stats(profile)
        totals[side] = stats.total_tt / samples * 1e6  # type: ignore[attr-defined]
        if side == "coach":
            rows = [(label, _cumulative(stats, s, n) / samples * 1e6) for label, s, n in PARTS]
    lines = [
        "| part (under cProfile, which slows everything alike) | µs per turn |",
        "|---|---|",
        f"| baseline: the whole invocation | {totals['baseline']:.0f} |",
        f"| coach: the whole invocation | {totals['coach']:.0f} |",
    ]
    lines += [f"| {label} | {value:.0f} |" for label, value in rows]
    lines += [
        "",
        f"The step turn's response is {sizes['coach']:,} bytes of JSON from the coach (SSML with "
        f"the hold's breaks and cues, a reprompt, a card, the session state) and "
        f"{sizes['baseline']:,} bytes from the baseline.",
    ]
    return "\n".join(lines)


def sqlite_save(folder: Path, samples: int) -> float:
    """Median microseconds of one record save, as the store runs."""
    record = '{"v":1,"state":{},"history":{},"disclaimer_heard":true}'
    store = SqliteStore(folder / "saves.sqlite3")
    times = []
    for _ in range(samples):
        user = f"amzn1.ask.account.{uuid.uuid4().hex}"
        started = time.perf_counter()
        store.save(user, record, 0)  # a new user's first record
        times.append(time.perf_counter() - started)
    return median(times) * 1e6


def _median_us(call: Callable[[], object], samples: int) -> float:
    times = []
    for _ in range(samples):
        started = time.perf_counter()
        call()
        times.append(time.perf_counter() - started)
    return median(times) * 1e6


def core_parts(folder: Path, samples: int) -> dict[str, float]:
    """Median microseconds, outside any profiler, of each part of the step turn the coach does
    itself: the pure core, and the store's reading and writing of the record."""
    prelude, step = envelopes.step_turn()
    content = default_content()
    raw = step["session"]["attributes"][SESSION_KEY]
    state = decode(raw, content)
    event = Event(Kind.NEXT)
    after, reply = advance(state, event, content)
    store = SqliteStore(folder / "parts.sqlite3")
    handler = make_handler(build_skill(store=store))
    events = envelopes.as_user([*prelude, step])
    for event_json in events:
        handler(event_json, None)
    uid = events[-1]["context"]["System"]["user"]["userId"]
    stored = store.load(uid)
    record = parse(stored.record, content, state)
    notes = TurnNotes(date(2026, 12, 1))
    return {
        "read back the session's state (codec.decode)": _median_us(
            lambda: decode(raw, content), samples
        ),
        "the dialogue (conversation.advance)": _median_us(
            lambda: advance(state, event, content), samples
        ),
        "SSML and card text (speech.render)": _median_us(lambda: render(reply, content), samples),
        "the state for the session (codec.encode)": _median_us(lambda: encode(after), samples),
        "SQLite: load the record": _median_us(lambda: store.load(uid), samples),
        "the record read and checked (record.parse)": _median_us(
            lambda: parse(stored.record, content, state), samples
        ),
        "the record after the turn, as JSON (after_turn, dump)": _median_us(
            lambda: dump(record.after_turn(after, reply, notes)), samples
        ),
        "SQLite: save the record": _save_us(store, uid, stored.record, samples),
    }


def decode_unseen(samples: int) -> float:
    """Median microseconds of reading back the step turn's state as if never seen before: the
    cache of accepted states emptied (untimed) before each sample, so every check runs."""
    _, step = envelopes.step_turn()
    content = default_content()
    raw = step["session"]["attributes"][SESSION_KEY]
    times = []
    for _ in range(samples):
        codec._accepted.clear()
        started = time.perf_counter()
        decode(raw, content)
        times.append(time.perf_counter() - started)
    return median(times) * 1e6


def _save_us(store: SqliteStore, uid: str, record: str, samples: int) -> float:
    """Median microseconds of saving over the stored version, read before each untimed."""
    times = []
    for _ in range(samples):
        version = store.load(uid).version
        started = time.perf_counter()
        store.save(uid, record, version)
        times.append(time.perf_counter() - started)
    return median(times) * 1e6
