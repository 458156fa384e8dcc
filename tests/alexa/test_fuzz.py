"""Whatever event arrives, the Lambda handler answers with a valid response and never raises;
what it stores for a user is always a record it can read back.

FUZZ_EXAMPLES sets the cases per property (``make fuzz`` runs the long form through
``tests/perf/fuzz.py``, which reports the count of cases run).
"""

from __future__ import annotations

import atexit
import copy
import json
import logging
import os
import shutil
import tempfile
from collections import Counter
from functools import cache
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from skill.alexa.builder import build_skill
from skill.alexa.entry import LambdaHandler, make_handler
from skill.content.loader import default_content
from skill.dialogue.codec import SESSION_KEY, StateError, decode
from skill.store.record import parse
from skill.store.sqlite import SqliteStore
from skill.tools.simulator import AUTHORITY
from tests.alexa.fuzz_envelopes import broken_real, generated
from tests.dialogue.strategies import raw_states
from tests.store.stores import stored_text
from tests.web.pki import envelope

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "200"))
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
CASES: Counter[str] = Counter()  # cases run, per property
OUTCOMES: Counter[str] = Counter()  # what the cases were answered with
FAULTS: Counter[str] = Counter()  # exceptions the skill caught and answered with its apology


class _FaultLog(logging.Handler):
    def emit(self, record: logging.LogRecord) -> None:
        if record.exc_info and record.exc_info[0] is not None:
            FAULTS[f"{record.name}: {record.exc_info[0].__name__}"] += 1


logging.getLogger("skill").addHandler(_FaultLog(logging.ERROR))


@cache
def fuzz_store() -> SqliteStore:
    folder = tempfile.mkdtemp(prefix="bsc-fuzz-")
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    return SqliteStore(Path(folder) / "coach.sqlite3")


@cache
def handler() -> LambdaHandler:
    return make_handler(build_skill(store=fuzz_store()))


def _ssml(speech: Any, where: str) -> None:
    assert isinstance(speech, dict) and speech.get("type") == "SSML", where
    root = ElementTree.fromstring(speech["ssml"])  # raises on anything that is not XML
    assert root.tag == "speak", where


def assert_valid(response: Any) -> None:
    """What Alexa accepts: version 1.0, SSML under <speak>, a boolean end flag, a reprompt
    whenever the session stays open."""
    json.dumps(response)
    assert isinstance(response, dict) and response.get("version") == "1.0"
    body = response.get("response")
    assert isinstance(body, dict)
    if "outputSpeech" in body:
        _ssml(body["outputSpeech"], "outputSpeech")
    if "shouldEndSession" in body:
        assert isinstance(body["shouldEndSession"], bool)
    if body.get("shouldEndSession") is False:
        assert isinstance(body.get("reprompt"), dict), "an open session needs a reprompt"
    if "reprompt" in body:
        _ssml(body["reprompt"].get("outputSpeech"), "reprompt")
    assert isinstance(response.get("sessionAttributes", {}), dict)


def _users(event: Any) -> list[str]:
    found = []
    for path in (("context", "System", "user", "userId"), ("session", "user", "userId")):
        node = event
        for key in path:
            node = node.get(key) if isinstance(node, dict) else None
        if isinstance(node, str) and node and node.isprintable():
            found.append(node)
    return found


def _outcome(response: dict[str, Any]) -> str:
    ssml = response["response"].get("outputSpeech", {}).get("ssml")
    if ssml is None:
        return "no speech"
    return "apology" if default_content().prompt("error") in ssml else "an answer"


def check(event: Any, prop: str) -> dict[str, Any]:
    CASES[prop] += 1
    response = handler()(event, None)
    assert_valid(response)
    OUTCOMES[_outcome(response)] += 1
    for user in _users(event):
        stored = stored_text(fuzz_store(), user)
        if stored is not None:
            parse(stored, default_content())  # raises RecordError on an unreadable record
    return response


@FUZZ
@given(event=generated())
def test_generated_envelopes_get_valid_answers(event: Any) -> None:
    check(event, "generated")


@FUZZ
@given(event=broken_real())
def test_broken_real_envelopes_get_valid_answers(event: Any) -> None:
    check(event, "broken real")


# Requests a session in progress can send, for the accepted-state property below.
IN_SESSION = [
    {"type": "LaunchRequest"},
    *({"type": "IntentRequest", "intent": {"name": name, "confirmationStatus": "NONE"}}
      for name in ("AMAZON.NextIntent", "AMAZON.YesIntent", "AMAZON.NoIntent",
                   "AMAZON.RepeatIntent", "AMAZON.PreviousIntent", "AMAZON.ResumeIntent",
                   "AMAZON.PauseIntent", "AMAZON.HelpIntent", "AMAZON.StopIntent",
                   "AMAZON.FallbackIntent", "SkipIntent", "PainIntent", "MoreIntent",
                   "HistoryIntent", "PainReliefIntent", "StartRoutineIntent")),
]  # fmt: skip


@FUZZ
@given(raw=raw_states(), request=st.sampled_from(IN_SESSION))
def test_every_state_the_codec_accepts_is_answered_without_the_apology(raw, request) -> None:
    """Session attributes holding any state the codec accepts, with any request of a session
    in progress: a real answer, never the apology (tests/dialogue/test_codec.py covers the
    dialogue alone)."""
    try:
        decode(raw, default_content())
    except StateError:
        return
    event = envelope("IntentRequest")
    event["session"]["new"] = False
    event["session"]["attributes"] = {SESSION_KEY: raw}
    event["request"] = {**event["request"], **copy.deepcopy(request)}
    assert _outcome(check(event, "accepted state")) != "apology"


def _intent_without_intent() -> dict[str, Any]:
    event = envelope("IntentRequest")
    event["request"]["intent"] = None
    return event


def _match_without_value() -> dict[str, Any]:
    event = envelope("IntentRequest")
    authority = {"authority": AUTHORITY, "status": {"code": "ER_SUCCESS_MATCH"}}
    slot = {"name": "stretch", "value": "bridge", "resolutions": {}}
    slot["resolutions"]["resolutionsPerAuthority"] = [{**authority, "values": [{"value": None}]}]
    event["request"]["intent"] = {"name": "StartStretchIntent", "slots": {"stretch": slot}}
    return event


def _unencodable_user() -> dict[str, Any]:
    event = envelope()
    event["session"]["user"]["userId"] = event["context"]["System"]["user"]["userId"] = "\ud800"
    return event


# Inputs fuzzing once found unanswered; each now gets a real answer.
FOUND = {
    "an IntentRequest whose intent is null": _intent_without_intent(),
    "an entity-resolution match whose value is null": _match_without_value(),
    "a user id with a lone surrogate": _unencodable_user(),
}


@pytest.mark.parametrize("event", list(FOUND.values()), ids=list(FOUND))
def test_what_fuzzing_found_is_still_answered_validly(event: dict[str, Any]) -> None:
    assert_valid(handler()(copy.deepcopy(event), None))


@pytest.mark.parametrize("event", list(FOUND.values()), ids=list(FOUND))
def test_what_fuzzing_found_gets_a_real_answer(event: dict[str, Any]) -> None:
    assert _outcome(handler()(copy.deepcopy(event), None)) == "an answer"
