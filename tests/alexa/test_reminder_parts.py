"""The pieces of the reminders path: slots to a schedule, listed triggers back to schedules, the
consent token, and the API calls' time budget."""

from __future__ import annotations

import time
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from ask_sdk_model import Intent, IntentRequest, Slot
from ask_sdk_model.slu.entityresolution import (
    Resolution,
    Resolutions,
    Status,
    StatusCode,
    Value,
    ValueWrapper,
)

from skill.alexa import api_client
from skill.alexa.reminders import dated, errand_of, errand_token, schedule_of
from skill.alexa.slots import day_of, minute_of_day, wanted_schedule
from skill.content.loader import default_content
from skill.dialogue.reminders import when
from skill.dialogue.schedule import Errand, Repeat, Schedule, Task

CONTENT = default_content()
EVENING = datetime(2026, 12, 1, 18, 52, tzinfo=ZoneInfo("America/Los_Angeles"))


def request(**values: str) -> IntentRequest:
    slots = {name: Slot(name=name, value=value) for name, value in values.items()}
    return IntentRequest(intent=Intent(name="SetReminderIntent", slots=slots))


@pytest.mark.parametrize(
    ("value", "minute"),
    [("19:30", 1170), ("07:05:00", 425), ("EV", 19 * 60), ("MO", 9 * 60), ("24:00", None),
     ("7pm", None), ("", None)],
)  # fmt: skip
def test_amazon_time_values(value: str, minute: int | None) -> None:
    assert minute_of_day(Slot(name="time", value=value)) == minute


def test_amazon_date_values_name_one_day_or_none() -> None:
    assert day_of(Slot(name="date", value="2026-12-02")) == date(2026, 12, 2)
    for vague in ("2026-W49", "2026-12", "2026-02-30", "PRESENT_REF", None):
        assert day_of(Slot(name="date", value=vague)) is None


def repeat_slot(resolved: str) -> Slot:
    authority = Resolution(
        authority="x",
        status=Status(code=StatusCode.ER_SUCCESS_MATCH),
        values=[ValueWrapper(value=Value(name=resolved, id=resolved))],
    )
    return Slot(name="repeat", value=resolved, resolutions=Resolutions([authority]))


def test_a_request_names_every_day_every_weekday_or_once() -> None:
    daily = request(time="19:00")
    daily.intent.slots["repeat"] = repeat_slot("daily")
    assert wanted_schedule(daily) == Schedule(1140, Repeat.DAILY)
    weekdays = request(time="07:30")
    weekdays.intent.slots["repeat"] = repeat_slot("weekdays")
    assert wanted_schedule(weekdays) == Schedule(450, Repeat.WEEKDAYS)
    assert wanted_schedule(request(time="08:00", date="2026-12-02")) == Schedule(
        480, Repeat.ONCE, date(2026, 12, 2)
    )
    assert wanted_schedule(request(time="21:00")) == Schedule(1260, Repeat.ONCE)
    assert wanted_schedule(request(date="2026-12-02")) is None


def test_when_a_reminder_rings_is_said_in_the_contents_words() -> None:
    today = date(2026, 12, 1)
    said = {
        Schedule(1140): "every day at 7 PM",
        Schedule(450, Repeat.WEEKDAYS): "every weekday at 7:30 AM",
        Schedule(0, Repeat.ONCE, today): "today at 12 AM",
        Schedule(765, Repeat.ONCE, date(2026, 12, 2)): "tomorrow at 12:45 PM",
        Schedule(480, Repeat.ONCE, date(2026, 12, 8)): "on Tuesday, December 8 at 8 AM",
    }
    for schedule, words in said.items():
        assert when(CONTENT, schedule, today) == words


def test_a_one_off_reminder_rings_next_or_not_at_all() -> None:
    assert dated(Schedule(21 * 60, Repeat.ONCE), EVENING).day == date(2026, 12, 1)
    assert dated(Schedule(18 * 60, Repeat.ONCE), EVENING).day == date(2026, 12, 2)
    assert dated(Schedule(18 * 60, Repeat.ONCE, date(2026, 12, 1)), EVENING) is None
    assert dated(Schedule(60), EVENING) == Schedule(60)


@pytest.mark.parametrize(
    ("trigger", "schedule"),
    [
        ({"recurrence": {"recurrenceRules": ["FREQ=DAILY;BYHOUR=19;BYMINUTE=0;BYSECOND=0"]}},
         Schedule(1140)),
        ({"recurrence": {"recurrenceRules": ["FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR;BYHOUR=7;"
                                             "BYMINUTE=30;BYSECOND=0"]}},
         Schedule(450, Repeat.WEEKDAYS)),
        ({"scheduledTime": "2026-12-02T08:00:00.000"},
         Schedule(480, Repeat.ONCE, date(2026, 12, 2))),
        ({"recurrence": {"recurrenceRules": ["FREQ=WEEKLY;BYDAY=SA;BYHOUR=7"]}}, None),
        ({"recurrence": {"recurrenceRules": ["FREQ=DAILY;BYHOUR=31"]}}, None),
        ({"recurrence": {"recurrenceRules": ["not a rule"]}}, None),
        ({"scheduledTime": ""}, None),
        ("nonsense", None),
    ],
)  # fmt: skip
def test_listed_triggers_read_back(trigger, schedule) -> None:
    assert schedule_of(trigger) == schedule


def test_the_consent_token_carries_the_errand_back_and_nothing_else() -> None:
    for errand in (
        Errand(Task.LIST),
        Errand(Task.CREATE, Schedule(1140)),
        Errand(Task.CREATE, Schedule(480, Repeat.ONCE, date(2026, 12, 2))),
    ):
        assert errand_of(errand_token(errand)) == errand
    for tampered in (
        "",
        "x" * 500,
        "[]",
        '{"task":"launch"}',
        '{"task":"create","minute":"7","repeat":"daily","day":null}',
        '{"task":"create","minute":-1,"repeat":"daily","day":null}',
        '{"task":"create","minute":1440,"repeat":"daily","day":null}',
        '{"task":"create","minute":60,"repeat":"hourly","day":null}',
        '{"task":"create","minute":60,"repeat":"once","day":"someday"}',
        '{"task":"create","minute":60,"repeat":"once","day":null,"x":1}',
        "[" * 150,
        None,
    ):
        assert errand_of(tampered) is None, tampered


def test_calls_share_the_turns_budget(monkeypatch) -> None:
    assert api_client.call_timeout() == api_client.API_CALL_TIMEOUT_S
    with api_client.api_budget(1.0):
        assert 0.9 < api_client.call_timeout() <= 1.0
    clock = [100.0]
    monkeypatch.setattr(time, "monotonic", lambda: clock[0])
    with api_client.api_budget():
        clock[0] += api_client.API_TURN_BUDGET_S - 0.01
        assert api_client.call_timeout() < api_client.MIN_CALL_S
    assert api_client.call_timeout() == api_client.API_CALL_TIMEOUT_S
