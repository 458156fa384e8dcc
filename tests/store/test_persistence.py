"""Remembering each user, on both stores: resume across sessions, preferences, history, the
first-run disclaimer, deleting data, and store faults that never lose or blank a record."""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from skill.alexa.builder import build_skill
from skill.alexa.entry import make_handler
from skill.content.loader import default_content
from skill.store.sqlite import SqliteStore
from skill.tools.simulator import Conversation
from tests.responses import spoken_text
from tests.store.stores import STORE_KINDS, BrokenStore, open_test_store, put, stored_text

CONTENT = default_content()
DISCLAIMER = CONTENT.prompt("disclaimer")
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(params=STORE_KINDS)
def store(request, tmp_path: Path):
    with open_test_store(request.param, tmp_path) as opened:
        yield opened


def talk(store, understander, user: str = "amzn1.ask.account.alice") -> Conversation:
    return Conversation(make_handler(build_skill(store=store)), understander, user_id=user)


def say(conversation: Conversation, phrase: str) -> str:
    return spoken_text(conversation.say(phrase))


def test_a_routine_over_three_sessions(store, understander) -> None:
    first = talk(store, understander)
    text = say(first, "ask back stretch coach to start the routine")
    assert text.startswith(DISCLAIMER) and "cat and camel done" in text
    assert "kneeling back extension done" in say(first, "next")
    assert "If anything hurt, ease out of the position gently" in say(first, "stop")

    second = talk(store, understander)  # a new process could be serving this session
    text = say(second, "open back stretch coach")
    assert DISCLAIMER not in text
    assert "stopped partway through the sitting rotation" in text and "did anything hurt" in text
    assert "partway through the routine, at the sitting rotation" in say(second, "no")
    assert "left side first" in say(second, "yes")
    for expected in ("right side", "sitting rotation done", "left side first"):
        assert expected in say(second, "next")
    assert "next up: the bridge" in say(second, "next").lower()
    second.end_session("EXCEEDED_MAX_REPROMPTS")  # walked away

    third = talk(store, understander)
    assert "did anything hurt" in say(third, "open back stretch coach")
    assert "at the bridge" in say(third, "no")
    text = say(third, "yes")
    assert "caution" in text and "Lie on your back" not in text  # caution again first
    assert "bridge done" in say(third, "yes")
    assert "caution" in say(third, "next")
    text = say(third, "yes")
    assert "whole routine finished" in text
    text = say(third, "how often have I stretched this week")
    assert "one day, 6 stretches in all" in text


def test_resume_names_the_side(store, understander) -> None:
    first = talk(store, understander)
    say(first, "ask back stretch coach to start knee to chest")
    first.end_session("EXCEEDED_MAX_REPROMPTS")
    second = talk(store, understander)
    assert "did anything hurt" in say(second, "open back stretch coach")
    assert "on the right side of the knee to chest stretch" in say(second, "no")
    assert "Okay, we'll leave that" in say(second, "no")
    assert "left side first" in say(second, "start knee to chest")


def test_a_one_shot_request_in_a_new_session_just_does_it(store, understander) -> None:
    first = talk(store, understander)
    say(first, "ask back stretch coach to start knee to chest")
    first.end_session("EXCEEDED_MAX_REPROMPTS")  # left midway: the pain question comes first
    second = talk(store, understander)
    assert "did anything hurt" in say(second, "ask back stretch coach to resume")
    assert "Shall we carry on" in say(second, "no")
    assert "Picking up" in say(second, "yes")
    say(second, "start the routine")
    say(second, "pause")  # paused by the user: carried on at once
    assert "Picking up" in say(talk(store, understander), "ask back stretch coach to resume")
    assert "Let's do cat and camel" in say(
        talk(store, understander), "ask back stretch coach to start cat cow"
    )


def test_preferences_are_remembered(store, understander) -> None:
    first = talk(store, understander)
    text = say(first, "ask back stretch coach to use continuous pace")
    assert CONTENT.prompt("pace_continuous") in text
    text = say(first, "hold the extension exercise for 60 seconds")
    assert "I'll time 60 seconds for the extension exercise from now on" in text
    second = talk(store, understander)
    text = say(second, "ask back stretch coach to start knee to chest")
    assert "left leg" in text and "right leg" in text and "knee to chest stretch done" in text
    say(second, "start the extension exercise")
    text = second.say("yes")["response"]["outputSpeech"]["ssml"]
    assert "I'll time 60 seconds" in text
    assert text.count('<break time="10s"/>') == 6


def test_a_hold_outside_the_sources_range_is_refused(store, understander) -> None:
    text = say(
        talk(store, understander), "ask back stretch coach to hold the extension for 90 seconds"
    )
    assert "anything from 30 to 60 seconds" in text


def test_preferences_survive_a_restart_of_the_process(tmp_path: Path) -> None:
    env = {**os.environ, "SKILL_DB_PATH": str(tmp_path / "coach.sqlite3")}

    def run(*phrases: str) -> str:
        command = [sys.executable, "-m", "skill.tools.cli", "--instant", *phrases]
        result = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)
        assert result.returncode == 0, result.stderr
        return result.stdout

    run("ask back stretch coach to use continuous pace", "start cat cow", "stop")
    out = run("ask back stretch coach to start knee to chest")
    assert "left leg" in out and "right leg" in out
    assert "2 stretches in all" in run("how often have I stretched this week")


def test_the_disclaimer_is_spoken_once_per_user(store, understander) -> None:
    assert say(talk(store, understander), "open back stretch coach").startswith(DISCLAIMER)
    assert DISCLAIMER not in say(talk(store, understander), "open back stretch coach")
    other = talk(store, understander, "amzn1.ask.account.bob")
    assert say(other, "open back stretch coach").startswith(DISCLAIMER)


def test_history_counts_the_week_and_the_streak(store, understander) -> None:
    today = datetime.now(UTC).date()
    conversation = talk(store, understander)
    say(conversation, "open back stretch coach")
    text = say(conversation, "how often have I stretched this week")
    assert "haven't finished a stretch this week" in text
    say(conversation, "start cat cow")
    record = json.loads(stored_text(store, conversation.user_id))
    yesterday = (today - timedelta(days=1)).isoformat()
    record["history"][yesterday] = ["bridge", "knee_to_chest"]
    put(store, conversation.user_id, json.dumps(record))
    text = say(conversation, "how often have I stretched this week")
    if today.weekday() == 0:  # yesterday was last week
        assert "on one day, one stretch in all" in text
    else:
        assert "on 2 days, 3 stretches in all" in text
    assert "streak of 2 days in a row" in text


def test_delete_my_data_asks_first_then_deletes(store, understander) -> None:
    conversation = talk(store, understander)
    say(conversation, "ask back stretch coach to start cat cow")
    assert stored_text(store, conversation.user_id) is not None
    assert "Are you sure" in say(conversation, "delete my data")
    assert "kept everything" in say(conversation, "no")
    assert stored_text(store, conversation.user_id) is not None
    say(conversation, "delete my data")
    response = conversation.say("yes")
    assert "deleted everything" in spoken_text(response)
    assert response["response"]["shouldEndSession"] is True
    assert stored_text(store, conversation.user_id) is None
    assert say(talk(store, understander), "open back stretch coach").startswith(DISCLAIMER)


def test_disabling_the_skill_deletes_the_record(store, understander) -> None:
    conversation = talk(store, understander)
    say(conversation, "ask back stretch coach to start cat cow")
    now = "2026-11-25T10:00:00Z"
    request = {"type": "AlexaSkillEvent.SkillDisabled", "requestId": "r", "timestamp": now}
    request |= {"eventCreationTime": now, "eventPublishingTime": now}
    event = conversation.envelope(request, new=False)
    event.pop("session")
    response = make_handler(build_skill(store=store))(event, None)
    assert "outputSpeech" not in response["response"]
    assert stored_text(store, conversation.user_id) is None


def test_an_unreachable_store_still_answers_and_logs(understander, caplog) -> None:
    conversation = talk(BrokenStore(), understander)
    with caplog.at_level(logging.ERROR):
        assert "left side first" in say(
            conversation, "ask back stretch coach to start knee to chest"
        )
        assert "right side" in say(conversation, "next")  # the session itself carries on
    assert "store unavailable" in caplog.text
    assert conversation.user_id not in caplog.text


def test_a_store_failing_mid_conversation_loses_nothing_already_saved(store, understander):
    conversation = talk(store, understander)
    say(conversation, "ask back stretch coach to start the sitting rotation")
    good = stored_text(store, conversation.user_id)
    flaky = BrokenStore(store, fail_on=("load",))
    broken = Conversation(make_handler(build_skill(store=flaky)), understander,
                          user_id=conversation.user_id)  # fmt: skip
    assert "Welcome to Back Stretch Coach" in say(broken, "open back stretch coach")
    assert flaky.saved == 0 and stored_text(store, conversation.user_id) == good
    assert "at the sitting rotation" not in say(broken, "what are the benefits of stretching")
    later = talk(store, understander)
    assert "stopped partway through the sitting rotation" in say(later, "open back stretch coach")
    assert "on the left side of the sitting rotation" in say(later, "no")


def test_one_save_per_turn(understander) -> None:
    counting = BrokenStore(SqliteStore(":memory:"), fail_on=())
    conversation = talk(counting, understander)
    for phrase in ("open back stretch coach", "start knee to chest", "next", "it hurts"):
        say(conversation, phrase)
    assert counting.saved == 4


def test_a_corrupt_record_is_never_overwritten(store, understander, caplog) -> None:
    put(store, "amzn1.ask.account.alice", '{"v": 99, "from": "a newer version"}')
    with caplog.at_level(logging.ERROR):
        text = say(talk(store, understander), "ask back stretch coach to start cat cow")
    assert "Let's do cat and camel" in text
    assert stored_text(store, "amzn1.ask.account.alice") == '{"v": 99, "from": "a newer version"}'
    assert "left untouched" in caplog.text


def test_deleting_while_the_store_is_down_says_so(understander) -> None:
    conversation = talk(BrokenStore(SqliteStore(":memory:"), fail_on=("delete",)), understander)
    say(conversation, "open back stretch coach")
    say(conversation, "delete my data")
    assert "couldn't delete your data" in say(conversation, "yes")
