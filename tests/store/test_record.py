"""A user's stored record: the week and streak, and records this version must not read (and
so must never overwrite)."""

from __future__ import annotations

import json
from datetime import date

import pytest

from skill.content.loader import default_content
from skill.dialogue.acts import Reply
from skill.dialogue.conversation import advance
from skill.dialogue.events import Event, Kind
from skill.dialogue.state import Pace, Prefs, State
from skill.store.record import MAX_PER_DAY, RecordError, UserRecord, dump, parse

CONTENT = default_content()
WEDNESDAY = date(2026, 11, 25)


def state_after(*events: Event) -> State:
    state = State(prefs=Prefs(Pace.CONTINUOUS, 60))
    for event in events:
        state, _ = advance(state, event, CONTENT)
    return state


def test_a_record_reads_back_as_written() -> None:
    record = UserRecord(
        state_after(Event(Kind.START, "knee_to_chest")),
        {"2026-11-24": ("bridge",), "2026-11-25": ("cat_camel", "bridge")},
        disclaimer_heard=True,
    )
    assert parse(dump(record), CONTENT) == record


def test_the_week_starts_on_monday_and_the_streak_allows_today_to_come() -> None:
    history = {
        "2026-11-22": ("bridge",),  # Sunday: last week
        "2026-11-23": ("bridge", "cat_camel"),
        "2026-11-24": ("knee_to_chest",),
    }
    facts = UserRecord(history=history).facts(WEDNESDAY, new_session=False)
    assert (facts.days_this_week, facts.stretches_this_week, facts.streak_days) == (2, 3, 3)
    assert facts.first_visit is False
    gap = UserRecord(history={"2026-11-23": ("bridge",)}).facts(WEDNESDAY, new_session=True)
    assert (gap.streak_days, gap.first_visit) == (0, True)


def test_a_turn_adds_finished_stretches_and_forgets_old_days() -> None:
    old = UserRecord(history={"2026-08-01": ("bridge",), "2026-11-25": ("bridge",)})
    after = old.after_turn(State(), Reply((), completed=("cat_camel",)), WEDNESDAY, heard=True)
    assert after.history == {"2026-11-25": ("bridge", "cat_camel")}
    assert after.disclaimer_heard is True


def test_a_day_keeps_a_bounded_number_of_stretches() -> None:
    record = UserRecord()
    for _ in range(MAX_PER_DAY + 10):
        record = record.after_turn(State(), Reply((), completed=("bridge",)), WEDNESDAY, False)
    assert len(record.history["2026-11-25"]) == MAX_PER_DAY
    assert parse(dump(record), CONTENT) == record


GOOD = json.loads(dump(UserRecord(state_after(Event(Kind.START, "knee_to_chest")))))


@pytest.mark.parametrize(
    ("text", "field"),
    [
        ("not json", "record: expected JSON"),
        ("[]", "record.v"),
        (json.dumps({**GOOD, "v": 2}), "record.v"),
        (json.dumps({**GOOD, "extra": 1}), "record: expected v, state"),
        (json.dumps({**GOOD, "state": {"v": 1}}), "record.state"),
        (json.dumps({**GOOD, "disclaimer_heard": "yes"}), "record.disclaimer_heard"),
        (json.dumps({**GOOD, "history": {"yesterday": ["bridge"]}}), "ISO dates"),
        (json.dumps({**GOOD, "history": {"2026-11-25": ["headstand"]}}), "stretch ids per day"),
    ],
)
def test_a_record_this_version_cannot_read_is_refused(text, field) -> None:
    with pytest.raises(RecordError, match=field.replace("[", r"\[")):
        parse(text, CONTENT)
