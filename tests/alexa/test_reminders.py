"""Stretch reminders end to end: the real skill, a real SQLite file, the simulator as the Alexa
service, and the local Alexa API over real HTTPS on 127.0.0.1 checking every call."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from skill.alexa.api_client import API_CALL_TIMEOUT_S, TimedApiClient
from skill.alexa.builder import build_skill
from skill.alexa.entry import make_handler
from skill.content.loader import default_content
from skill.store.record import parse
from skill.store.sqlite import SqliteStore
from skill.tools.fake_alexa_api import FakeAlexaApi
from skill.tools.simulator import Conversation
from skill.voice_model.matcher import Understander
from tests.responses import spoken_text

CONTENT = default_content()
LOS_ANGELES = "America/Los_Angeles"
# 2026-12-01, 18:52 in Los Angeles (PST, UTC-8).
EVENING = datetime(2026, 12, 2, 2, 52, tzinfo=UTC)


@pytest.fixture(scope="module")
def alexa_api() -> Iterator[FakeAlexaApi]:
    api = FakeAlexaApi(time_zone=LOS_ANGELES).start()
    yield api
    api.stop()


@pytest.fixture
def api(alexa_api: FakeAlexaApi) -> FakeAlexaApi:
    """The module's fake, emptied for each test."""
    alexa_api.time_zone, alexa_api.granted = LOS_ANGELES, False
    for held in (alexa_api.reminders, alexa_api.calls, alexa_api.problems, alexa_api.faults):
        held.clear()
    return alexa_api


class User:
    """One person at a device: what they say, what Alexa answers, and their stored record."""

    def __init__(self, api: FakeAlexaApi, folder: Path, understander: Understander) -> None:
        self.store = SqliteStore(folder / "coach.sqlite3")
        skill = build_skill(store=self.store, api=TimedApiClient(api.ca_file))
        self.clock = [EVENING]
        self.conversation = Conversation(
            make_handler(skill), understander, api=api, now=lambda: self.clock[0]
        )
        self.last: dict[str, Any] = {}

    def say(self, phrase: str) -> str:
        self.last = self.conversation.say(phrase)
        return spoken_text(self.last)

    @property
    def directives(self) -> list[dict[str, Any]]:
        return self.last.get("response", {}).get("directives") or []

    @property
    def card(self) -> dict[str, Any]:
        return self.last.get("response", {}).get("card") or {}

    @property
    def record_text(self) -> str:
        return self.store.load(self.conversation.user_id).record or ""

    def finish_a_stretch(self) -> str:
        self.say("open back stretch coach")
        self.say("start knee to chest")
        return self.say("next")


@pytest.fixture
def user(api: FakeAlexaApi, tmp_path: Path, understander: Understander) -> User:
    return User(api, tmp_path, understander)


def the_reminder(api: FakeAlexaApi) -> dict[str, Any]:
    assert len(api.reminders) == 1, api.reminders
    return next(iter(api.reminders.values()))


def test_a_daily_reminder_is_set_after_alexa_asks_for_permission(user: User, api) -> None:
    user.say("open back stretch coach")
    said = user.say("remind me to stretch every day at 7 pm")
    assert "I need your permission" in said
    ask = user.directives[0]
    assert (ask["type"], ask["name"]) == ("Connections.SendRequest", "AskFor")
    assert ask["payload"]["permissionScope"] == "alexa::alerts:reminders:skill:readwrite"
    assert not api.reminders
    assert "every day at 7 PM" in user.say("yes")
    reminder = the_reminder(api)
    trigger = reminder["trigger"]
    assert trigger["timeZoneId"] == LOS_ANGELES
    assert trigger["recurrence"]["recurrenceRules"] == [
        "FREQ=DAILY;BYHOUR=19;BYMINUTE=0;BYSECOND=0"
    ]
    assert trigger["recurrence"]["startDateTime"] == "2026-12-01T18:52:00"
    spoken = reminder["alertInfo"]["spokenInfo"]["content"][0]
    assert spoken["locale"] == "en-US" and "open back stretch coach" in spoken["text"]
    assert api.problems == []


@pytest.mark.parametrize(
    ("phrase", "heard", "trigger"),
    [
        (
            "remind me to stretch every weekday at 7:30 am",
            "every weekday at 7:30 AM",
            {"rules": ["FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR;BYHOUR=7;BYMINUTE=30;BYSECOND=0"]},
        ),
        (
            "remind me to stretch tomorrow at 8 am",
            "tomorrow at 8 AM",
            {"at": "2026-12-02T08:00:00"},
        ),
        # 6 PM has passed in Los Angeles: the next 6 PM is tomorrow's.
        ("remind me to stretch at 6 pm", "tomorrow at 6 PM", {"at": "2026-12-02T18:00:00"}),
        ("remind me to stretch at 9 pm", "today at 9 PM", {"at": "2026-12-01T21:00:00"}),
    ],
)
def test_each_kind_of_reminder_is_sent_as_alexa_documents_it(
    user: User, api, phrase: str, heard: str, trigger: dict[str, Any]
) -> None:
    api.granted = True
    user.say("open back stretch coach")
    assert heard in user.say(phrase)
    sent = the_reminder(api)["trigger"]
    if "rules" in trigger:
        assert sent["recurrence"]["recurrenceRules"] == trigger["rules"]
    else:
        assert (sent["scheduledTime"], "recurrence" in sent) == (trigger["at"], False)
    assert api.problems == []


def test_a_reminder_without_a_time_asks_when(user: User, api) -> None:
    api.granted = True
    user.say("open back stretch coach")
    assert "tell me when" in user.say("remind me to stretch")
    assert user.last["response"]["shouldEndSession"] is False
    assert not any(method == "POST" for method, _ in api.calls)


def test_listing_changing_and_cancelling(user: User, api) -> None:
    api.granted = True
    user.say("open back stretch coach")
    assert "no stretch reminders" in user.say("what reminders do I have")
    user.say("remind me to stretch every day at 7 pm")
    user.say("remind me to stretch tomorrow at 8 am")
    assert "2 stretch reminders: every day at 7 PM and tomorrow at 8 AM" in user.say(
        "what reminders do I have"
    )
    assert "Your 2 stretch reminders now ring at 6:30 PM" in user.say(
        "change my reminder to 6:30 pm"
    )
    triggers = sorted(json.dumps(r["trigger"]) for r in api.reminders.values())
    assert "BYHOUR=18;BYMINUTE=30" in triggers[0] + triggers[1]
    assert "2026-12-02T18:30:00" in triggers[0] + triggers[1]
    assert "cancelled your 2 stretch reminders" in user.say("cancel my stretch reminders")
    assert api.reminders == {}
    assert "no stretch reminders to cancel" in user.say("cancel my stretch reminder")
    assert "no stretch reminder to change" in user.say("change my reminder to 8 am")
    assert api.problems == []


def test_reminders_keep_the_place_in_a_stretch(user: User, api) -> None:
    api.granted = True
    user.say("start knee to chest")
    said = user.say("remind me to stretch every day at 7 am")
    assert "every day at 7 AM" in said and "knee to chest" in said
    assert "now the right side" in user.say("next").lower()


@pytest.mark.parametrize(
    ("answer", "words", "card"),
    [
        ("no", "I won't set a reminder", None),
        ("what", "I didn't set a reminder", "AskForPermissionsConsent"),
    ],
)
def test_a_user_who_does_not_allow_reminders_gets_none(
    user: User, api, answer: str, words: str, card: str | None
) -> None:
    user.say("open back stretch coach")
    user.say("remind me to stretch every day at 7 pm")
    said = user.say(answer)
    assert words in said
    assert user.card.get("type") == (card or "Simple")
    if card:
        assert user.card["permissions"] == ["alexa::alerts:reminders:skill:readwrite"]
    assert api.reminders == {} and not api.granted
    assert user.last["response"]["shouldEndSession"] is False


def test_a_device_that_cannot_ask_by_voice_sends_the_card(user: User, api) -> None:
    user.conversation.voice_consent = False
    user.say("open back stretch coach")
    user.say("remind me to stretch every day at 7 pm")
    assert "sent a card to your Alexa app" in user.say("yes")
    assert user.card["type"] == "AskForPermissionsConsent"
    assert api.reminders == {}


def test_a_yes_the_service_still_refuses_is_not_asked_again(user: User, api) -> None:
    user.say("open back stretch coach")
    user.say("remind me to stretch every day at 7 pm")
    api.fail(401)
    assert "sent a card to your Alexa app" in user.say("yes")
    assert user.directives == [] and user.card["type"] == "AskForPermissionsConsent"


def test_a_tampered_consent_token_sets_nothing(user: User, api) -> None:
    user.say("open back stretch coach")
    user.say("remind me to stretch every day at 7 pm")
    user.conversation.consent_token = '{"task":"create","minute":99999,"repeat":"x","day":null}'
    said = user.say("yes")
    assert "reminders are allowed" in said and "tell me when" in said
    assert api.reminders == {}


@pytest.mark.parametrize(
    ("status", "words"),
    [
        (429, "busy right now"),
        (500, "couldn't reach your reminders"),
        (503, "couldn't reach your reminders"),
        (400, "wouldn't take that reminder"),
    ],
)
def test_each_fault_gets_a_clear_answer_and_loses_nothing(
    user: User, api, status: int, words: str
) -> None:
    api.granted = True
    user.finish_a_stretch()
    before = parse(user.record_text, CONTENT)
    api.fail(status)
    said = user.say("remind me to stretch every day at 7 pm")
    assert words in said
    assert user.last["response"]["shouldEndSession"] is False
    after = parse(user.record_text, CONTENT)
    assert after.history == before.history and after.zones == before.zones
    assert after.finished_sessions == before.finished_sessions


@pytest.mark.parametrize("status", [401, 403])
def test_permission_revoked_since_the_request_was_made_asks_again(
    user: User, api, status: int
) -> None:
    api.granted = True
    user.say("open back stretch coach")
    api.fail(status)
    assert "I need your permission" in user.say("what reminders do I have")
    assert user.directives[0]["name"] == "AskFor"


def test_a_slow_service_is_given_up_on_inside_alexas_time(user: User, api) -> None:
    api.granted = True
    user.say("open back stretch coach")
    api.fail(200, delay=API_CALL_TIMEOUT_S + 1.5)
    assert "couldn't reach your reminders" in user.say("what reminders do I have")


# Time zones -----------------------------------------------------------------------------------


def test_the_time_zone_is_looked_up_once_a_day_per_device(user: User, api) -> None:
    user.say("open back stretch coach")
    user.say("how often have I stretched this week")
    zone_calls = [path for _, path in api.calls if path.endswith("System.timeZone")]
    assert len(zone_calls) == 1
    record = parse(user.record_text, CONTENT)
    assert [z.name for z in record.zones.values()] == [LOS_ANGELES]
    user.clock[0] = EVENING + timedelta(days=1, minutes=1)
    user.say("open back stretch coach")
    assert len([p for _, p in api.calls if p.endswith("System.timeZone")]) == 2


@pytest.mark.parametrize(
    ("status", "delay"), [(401, 0), (403, 0), (429, 0), (500, 0), (503, 0), (200, 3.5)]
)
def test_a_failed_time_zone_lookup_answers_in_utc_and_tries_again_later(
    user: User, api, status: int, delay: float, caplog
) -> None:
    api.fail(status, delay=delay)
    assert "Welcome" in user.say("open back stretch coach")
    assert any("using UTC" in r.getMessage() for r in caplog.records), caplog.records
    record = parse(user.record_text, CONTENT)
    assert [z.name for z in record.zones.values()] == [""]
    user.say("how often have I stretched this week")
    assert len([p for _, p in api.calls if p.endswith("System.timeZone")]) == 1
    user.clock[0] = EVENING + timedelta(minutes=31)
    user.say("open back stretch coach")
    record = parse(user.record_text, CONTENT)
    assert [z.name for z in record.zones.values()] == [LOS_ANGELES]


def test_a_zone_the_machine_does_not_know_is_utc(user: User, api) -> None:
    api.time_zone = "Mars/Olympus_Mons"
    user.finish_a_stretch()
    assert list(parse(user.record_text, CONTENT).history) == ["2026-12-02"]  # UTC's day


def test_history_counts_days_where_the_user_lives_across_a_dst_change(user: User, api) -> None:
    # Saturday 2026-03-07, 23:30 PST: already Sunday in UTC.
    user.clock[0] = datetime(2026, 3, 8, 7, 30, tzinfo=UTC)
    user.finish_a_stretch()
    # Sunday 2026-03-08, 20:00 PDT (clocks went forward at 2 am): already Monday in UTC.
    user.clock[0] = datetime(2026, 3, 9, 3, 0, tzinfo=UTC)
    user.finish_a_stretch()
    record = parse(user.record_text, CONTENT)
    assert list(record.history) == ["2026-03-07", "2026-03-08"]
    said = user.say("how often have I stretched this week")
    assert "on 2 days, 2 stretches" in said and "streak of 2 days" in said
    # Monday 2026-03-09, 00:30 PDT: a new week where the user is.
    user.clock[0] = datetime(2026, 3, 9, 7, 30, tzinfo=UTC)
    assert "haven't finished a stretch this week" in user.say(
        "how often have I stretched this week"
    )


# The offer ------------------------------------------------------------------------------------


def test_the_second_finished_session_offers_a_daily_reminder_once(user: User, api) -> None:
    assert "remind you" not in user.finish_a_stretch()
    user.conversation.end_session()
    said = user.finish_a_stretch()
    assert "Shall I remind you to stretch every day at 6:45 PM?" in said
    assert "Okay, I won't ask again" in user.say("no")
    assert parse(user.record_text, CONTENT).reminder_offer.value == "declined"
    user.conversation.end_session()
    assert "remind you" not in user.finish_a_stretch()


def test_yes_to_the_offer_sets_the_time_it_named(user: User, api) -> None:
    user.finish_a_stretch()
    user.conversation.end_session()
    user.finish_a_stretch()
    user.clock[0] = EVENING + timedelta(minutes=10)  # the answer comes later; the time holds
    assert "I need your permission" in user.say("yes")
    said = user.say("yes")
    assert "every day at 6:45 PM" in said and "Goodbye" in said
    rules = the_reminder(api)["trigger"]["recurrence"]["recurrenceRules"]
    assert rules == ["FREQ=DAILY;BYHOUR=18;BYMINUTE=45;BYSECOND=0"]
    assert user.last["response"]["shouldEndSession"] is True
    assert parse(user.record_text, CONTENT).reminder_offer.value == "has_reminder"


def test_two_stretches_in_one_session_are_one_session(user: User, api) -> None:
    user.finish_a_stretch()
    user.say("yes")
    user.say("start knee to chest")
    assert "remind you" not in user.say("next")
    assert parse(user.record_text, CONTENT).finished_sessions == 1
