"""A user's stored record: the week and streak, and records this version must not read (and
so must never overwrite)."""

from __future__ import annotations

import json
from datetime import date, datetime

import pytest

from skill.content.loader import default_content
from skill.dialogue.acts import Reply
from skill.dialogue.conversation import advance
from skill.dialogue.events import Event, Kind
from skill.dialogue.schedule import OfferStep
from skill.dialogue.state import Pace, Prefs, State
from skill.store.record import (
    MAX_DEVICES,
    MAX_PER_DAY,
    RecordError,
    TurnNotes,
    UserRecord,
    Zone,
    dump,
    parse,
)

CONTENT = default_content()
WEDNESDAY = date(2026, 11, 25)
WEDNESDAY_EVENING = datetime(2026, 11, 25, 19, 5)


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
    facts = UserRecord(history=history).facts(WEDNESDAY_EVENING, new_session=False)
    assert (facts.days_this_week, facts.stretches_this_week, facts.streak_days) == (2, 3, 3)
    assert facts.first_visit is False
    gap = UserRecord(history={"2026-11-23": ("bridge",)}).facts(WEDNESDAY_EVENING, new_session=True)
    assert (gap.streak_days, gap.first_visit) == (0, True)


def test_a_turn_adds_finished_stretches_and_forgets_old_days() -> None:
    old = UserRecord(history={"2026-08-01": ("bridge",), "2026-11-25": ("bridge",)})
    after = old.after_turn(
        State(), Reply((), completed=("cat_camel",)), TurnNotes(WEDNESDAY, heard=True)
    )
    assert after.history == {"2026-11-25": ("bridge", "cat_camel")}
    assert after.disclaimer_heard is True


def test_a_day_keeps_a_bounded_number_of_stretches() -> None:
    record = UserRecord()
    for _ in range(MAX_PER_DAY + 10):
        record = record.after_turn(State(), Reply((), completed=("bridge",)), TurnNotes(WEDNESDAY))
    assert len(record.history["2026-11-25"]) == MAX_PER_DAY
    assert parse(dump(record), CONTENT) == record


def test_a_session_counts_once_however_many_stretches_it_finishes() -> None:
    record = UserRecord()
    done = Reply((), completed=("bridge",))
    for session in ("s1", "s1", "s2", "s2", "s2"):
        record = record.after_turn(State(), done, TurnNotes(WEDNESDAY, session_id=session))
    assert (record.finished_sessions, record.counted_session) == (2, "s2")
    facts = record.facts(WEDNESDAY_EVENING, new_session=False, session_id="s2")
    assert (facts.finished_sessions, facts.session_counted) == (2, True)
    assert record.after_turn(State(), Reply(()), TurnNotes(WEDNESDAY)).finished_sessions == 2


def test_a_declined_offer_stays_declined() -> None:
    record = UserRecord()
    for step, kept in [
        (OfferStep.OFFERED, OfferStep.OFFERED),
        (None, OfferStep.OFFERED),
        (OfferStep.DECLINED, OfferStep.DECLINED),
        (OfferStep.HAS_REMINDER, OfferStep.DECLINED),
        (OfferStep.OFFERED, OfferStep.DECLINED),
    ]:
        record = record.after_turn(State(), Reply((), offer=step), TurnNotes(WEDNESDAY))
        assert record.reminder_offer is kept
    assert record.facts(WEDNESDAY_EVENING, new_session=True).reminder_offer_open is False
    assert parse(dump(record), CONTENT) == record


def test_time_zones_are_kept_for_the_most_recent_devices() -> None:
    record = UserRecord()
    for n in range(MAX_DEVICES + 3):
        zone = (f"device-{n}", Zone("America/Los_Angeles", "2026-11-25T03:00:00+00:00"))
        record = record.after_turn(State(), Reply(()), TurnNotes(WEDNESDAY, zone=zone))
    assert list(record.zones) == [f"device-{n}" for n in range(3, MAX_DEVICES + 3)]
    assert parse(dump(record), CONTENT) == record


def test_a_record_saved_before_reminders_reads_with_their_defaults() -> None:
    old = json.loads(dump(UserRecord(lineage="abc")))
    for key in ("reminder_offer", "finished_sessions", "counted_session", "zones"):
        del old[key]
    assert parse(json.dumps(old), CONTENT) == UserRecord(lineage="abc")


GOOD = json.loads(dump(UserRecord(state_after(Event(Kind.START, "knee_to_chest")))))


@pytest.mark.parametrize(
    ("text", "field"),
    [
        ("not json", "record: expected JSON"),
        ("[]", "record.v"),
        (json.dumps({**GOOD, "v": 2}), "record.v"),
        (json.dumps({**GOOD, "extra": 1}), "record: expected ['disclaimer_heard'"),
        (json.dumps({**GOOD, "reminder_offer": "maybe"}), "record.reminder_offer"),
        (json.dumps({**GOOD, "finished_sessions": -1}), "record.finished_sessions"),
        (json.dumps({**GOOD, "finished_sessions": True}), "record.finished_sessions"),
        (json.dumps({**GOOD, "counted_session": 7}), "record.counted_session"),
        (json.dumps({**GOOD, "zones": {"d": "Europe/Paris"}}), "record.zones"),
        (json.dumps({**GOOD, "zones": {"d" * 600: ["UTC", "x"]}}), "record.zones"),
        (json.dumps({**GOOD, "zones": {str(i): ["UTC", "x"] for i in range(9)}}), "record.zones"),
        (json.dumps({**GOOD, "state": {"v": 1}}), "record.state"),
        (json.dumps({**GOOD, "disclaimer_heard": "yes"}), "record.disclaimer_heard"),
        (json.dumps({**GOOD, "history": {"yesterday": ["bridge"]}}), "ISO dates"),
        (json.dumps({**GOOD, "history": {"2026-11-25": ["headstand"]}}), "stretch ids per day"),
    ],
)
def test_a_record_this_version_cannot_read_is_refused(text, field) -> None:
    with pytest.raises(RecordError, match=field.replace("[", r"\[")):
        parse(text, CONTENT)


def test_a_carried_state_stands_in_for_the_stored_one_without_reading_it_back() -> None:
    carried = state_after(Event(Kind.START, "bridge"))
    stale = json.dumps({**GOOD, "state": {**GOOD["state"], "plan": [["headstand", False]]}})
    with pytest.raises(RecordError, match="record.state"):
        parse(stale, CONTENT)  # read back at a session's start, it is refused
    assert parse(stale, CONTENT, carried) == parse(json.dumps(GOOD), CONTENT)._replace(
        state=carried
    )


@pytest.mark.parametrize("stored", [{**GOOD["state"], "v": 4}, [], "state"])
def test_a_stored_state_of_no_version_this_code_reads_is_refused_even_when_one_is_carried(
    stored,
) -> None:
    carried = state_after(Event(Kind.START, "bridge"))
    with pytest.raises(RecordError, match="record.state"):
        parse(json.dumps({**GOOD, "state": stored}), CONTENT, carried)
