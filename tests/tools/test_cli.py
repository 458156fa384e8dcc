"""`make run`: the terminal simulator, as a person or a script uses it."""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from skill.content.loader import CONTENT_DIR
from skill.speech import HOLD_END_CUE, HOLD_START_CUE
from skill.tools.cli import Terminal, speech_parts

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(autouse=True)
def own_database(tmp_path: Path, monkeypatch) -> None:
    """Each test talks as the simulator's fixed user, so each gets its own store."""
    monkeypatch.setenv("SKILL_DB_PATH", str(tmp_path / "coach.sqlite3"))


def run_cli(*phrases: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "skill.tools.cli", "--instant", *phrases],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, **(env or {})},
    )


def test_knee_to_chest_left_then_right_with_holds_and_cues() -> None:
    result = run_cli("ask back stretch coach to start knee to chest", "next")
    assert result.returncode == 0, result.stderr
    out = result.stdout
    left, right = out.split("you>   next")
    for side, text in (("left", left), ("right", right)):
        assert f"{side} leg" in text
        assert "♪ (chime: hold now)" in text and "🔔 (bell: hold done)" in text
        assert "⏳ 20 s" in text and "Ten seconds left." in text and "⏳ 10 s" in text
    assert "left side first" in left and "right leg" not in left
    assert "knee to chest stretch done" in right


def test_the_bridge_speaks_its_caution_first() -> None:
    result = run_cli("start the bridge")
    assert result.returncode == 0, result.stderr
    assert "caution" in result.stdout and "Lie on your back" not in result.stdout


def test_on_a_screen_the_caution_the_steps_and_the_pain_button_by_touch() -> None:
    result = run_cli(
        "--screen", "Echo Show 10", "start the bridge", "tap next", "tap yes", "tap it hurts"
    )
    assert result.returncode == 0, result.stderr
    caution, nothing, steps, pain = result.stdout.split("you>   ")[1:]
    assert "screen [Bridge · Before you start]" in caution and "Lie on your back" not in caution
    assert "(tap: Yes | No | It hurts)" in caution
    assert "nothing on the screen says 'next'" in nothing
    assert "screen [Step 1 of 5]" in steps and "Lie on your back" in steps
    assert steps.count("Ten seconds left.") == 1 and "⏳ 20 s" in steps and "⏳ 10 s" in steps
    assert "stop the stretch now" in pain and "(the session has ended)" in pain
    assert "tap:" not in pain


def test_a_daily_reminder_is_set_end_to_end_against_the_local_api() -> None:
    result = run_cli(
        "--time-zone",
        "Europe/Berlin",
        "open back stretch coach",
        "remind me to stretch every day at 7 pm",
        "yes",
        "what reminders do I have",
    )
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "No real Alexa API endpoint is configured" in out
    assert "local stand-in on https://127.0.0.1:" in out and "(Europe/Berlin)" in out
    asked, answered = out.split("you>   yes")
    assert "I need your permission" in asked and "permission to create and edit reminders" in asked
    assert "every day at 7 PM" in answered
    assert "You have one stretch reminder, every day at 7 PM" in answered


def test_a_real_endpoint_when_given_and_a_clear_answer_when_it_cannot_be_reached() -> None:
    result = run_cli(
        "--api-endpoint",
        "https://127.0.0.1:9",
        "--api-token",
        "copied-from-a-request",
        "open back stretch coach",
        "what reminders do I have",
    )
    assert result.returncode == 0, result.stderr
    assert "come from the Alexa API at https://127.0.0.1:9" in result.stdout
    assert "local stand-in" not in result.stdout
    assert "couldn't reach your reminders just now" in result.stdout


def test_a_session_that_ends_is_shown() -> None:
    result = run_cli("open back stretch coach", "stop")
    assert result.stdout.rstrip().endswith("(the session has ended)")


def test_typed_lines_are_read_until_end_of_input() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "skill.tools.cli", "--instant"],
        cwd=ROOT,
        input="open back stretch coach\nwhat are the benefits of stretching\n",
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0
    assert "Welcome to Back Stretch Coach" in result.stdout
    assert "American Council on Exercise" in result.stdout


def test_broken_content_stops_start_up_with_the_precise_error(tmp_path: Path) -> None:
    broken = tmp_path / "content"
    shutil.copytree(CONTENT_DIR, broken)
    path = broken / "stretches.yaml"
    path.write_text(path.read_text().replace("hold_seconds: 30\n", "hold_seconds: 30s\n", 1))
    result = run_cli("next", env={"SKILL_CONTENT_DIR": str(broken)})
    assert result.returncode == 2
    assert (
        "content/stretches.yaml: stretches[2].steps[4].hold_seconds: expected int 1–120, got '30s'"
        in (result.stderr)
    )
    assert "Traceback" not in result.stderr


def test_speech_parts_split_text_cues_and_waits() -> None:
    ssml = (
        f'Hold. <audio src="{HOLD_START_CUE}"/> <break time="10s"/> <break time="5s"/> '
        f'Tom &amp; me. <break time="10s"/> <audio src="{HOLD_END_CUE}"/> Done.'
    )
    assert speech_parts(ssml) == [
        ("text", "Hold."),
        ("cue", HOLD_START_CUE),
        ("wait", 15),
        ("text", "Tom & me."),
        ("wait", 10),
        ("cue", HOLD_END_CUE),
        ("text", "Done."),
    ]


def test_a_hold_counts_down_live_second_by_second() -> None:
    out, slept = io.StringIO(), []
    Terminal(out, instant=False, sleep=slept.append).countdown(12)
    assert slept == [1] * 12
    assert "⏳  12 s" in out.getvalue() and "⏳   1 s" in out.getvalue()
    assert out.getvalue().endswith("⏳ 12 s done\n")


def test_short_pauses_between_steps_pass_without_a_countdown() -> None:
    out, slept = io.StringIO(), []
    Terminal(out, instant=False, sleep=slept.append).countdown(2)
    assert slept == [2] and out.getvalue() == ""
