"""The local Alexa API refuses what Alexa would: a wrong token, an unknown path, a body that is
no ReminderRequest. Called over real HTTPS, trusting only the CA it made."""

from __future__ import annotations

import json
import ssl
import urllib.error
import urllib.request
from collections.abc import Iterator
from typing import Any

import pytest

from skill.tools.fake_alexa_api import REMINDERS, FakeAlexaApi

GOOD = {
    "requestTime": "2026-12-01T18:52:00",
    "trigger": {
        "type": "SCHEDULED_ABSOLUTE",
        "timeZoneId": "America/Los_Angeles",
        "recurrence": {
            "startDateTime": "2026-12-01T18:52:00",
            "recurrenceRules": ["FREQ=DAILY;BYHOUR=19;BYMINUTE=0;BYSECOND=0"],
        },
    },
    "alertInfo": {"spokenInfo": {"content": [{"locale": "en-US", "text": "Time to stretch."}]}},
    "pushNotification": {"status": "ENABLED"},
}


@pytest.fixture(scope="module")
def api() -> Iterator[FakeAlexaApi]:
    fake = FakeAlexaApi(granted=True).start()
    yield fake
    fake.stop()


def call(api: FakeAlexaApi, method: str, path: str, body: Any = None, token: str | None = None):
    data = (
        None if body is None else (body if isinstance(body, bytes) else json.dumps(body).encode())
    )
    request = urllib.request.Request(api.endpoint + path, data=data, method=method)
    request.add_header("Authorization", f"Bearer {api.token if token is None else token}")
    request.add_header("Content-Type", "application/json")
    context = ssl.create_default_context(cafile=api.ca_file)
    try:
        with urllib.request.urlopen(request, context=context, timeout=5) as answer:
            return answer.status, json.loads(answer.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())


def test_a_good_reminder_is_kept_listed_changed_and_deleted(api: FakeAlexaApi) -> None:
    status, created = call(api, "POST", REMINDERS, GOOD)
    assert status == 200 and created["status"] == "ON"
    token = created["alertToken"]
    listed = call(api, "GET", REMINDERS)[1]["alerts"]
    assert [(a["alertToken"], a["trigger"]) for a in listed] == [(token, GOOD["trigger"])]
    assert call(api, "PUT", f"{REMINDERS}/{token}", GOOD)[0] == 200
    assert call(api, "DELETE", f"{REMINDERS}/{token}")[0] == 200
    assert call(api, "GET", f"{REMINDERS}/{token}")[0] == 404


@pytest.mark.parametrize(
    ("body", "problem"),
    [
        (b"not json", "not a ReminderRequest"),
        ({**GOOD, "trigger": {**GOOD["trigger"], "type": "SOMETIME"}}, "not a ReminderRequest"),
        ({**GOOD, "requestTIme": "2026-12-01T18:52:00"}, "keys or values"),
        ({**GOOD, "trigger": {"type": "SCHEDULED_ABSOLUTE"}}, "scheduledTime or recurrence"),
        ({**GOOD, "alertInfo": {"spokenInfo": {"content": []}}}, "a locale and text"),
        ({k: v for k, v in GOOD.items() if k != "pushNotification"}, "pushNotification"),
        ({k: v for k, v in GOOD.items() if k != "alertInfo"}, "not a ReminderRequest"),
    ],
)
def test_a_malformed_body_is_refused_and_noted(api: FakeAlexaApi, body, problem: str) -> None:
    api.problems.clear()
    status, answer = call(api, "POST", REMINDERS, body)
    assert status == 400 and problem in answer["message"]
    assert api.problems and problem in api.problems[-1]


def test_token_path_and_permission_are_checked(api: FakeAlexaApi) -> None:
    assert call(api, "GET", REMINDERS, token="someone-else")[0] == 401
    assert call(api, "GET", "/v1/elsewhere")[0] == 404
    assert call(api, "GET", "/v2/devices/d1/settings/System.timeZone") == (200, "UTC")
    api.granted = False
    try:
        assert call(api, "GET", REMINDERS)[0] == 401
    finally:
        api.granted = True


def test_faults_are_answered_as_asked(api: FakeAlexaApi) -> None:
    api.fail(429, times=2)
    assert [call(api, "GET", REMINDERS)[0] for _ in range(3)] == [429, 429, 200]
