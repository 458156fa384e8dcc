"""make run's approximate understanding: it guesses what no sample says, refuses what is far
from every sample, says so in the terminal, and stays out of what the tests measure."""

from __future__ import annotations

import subprocess
import sys

import pytest

from skill.tools.approximate import ApproximateMatcher
from skill.voice_model.matcher import Understander
from skill.voice_model.model import load_model
from tests.tools.test_cli import ROOT


@pytest.fixture(scope="module")
def matcher(understander: Understander) -> ApproximateMatcher:
    return ApproximateMatcher(load_model(), understander)


@pytest.mark.parametrize(
    ("phrase", "intent"),
    [
        ("my shoulder is throbbing like mad", "PainIntent"),
        ("which stretches have you got for me", "ListStretchesIntent"),
    ],
)
def test_a_phrase_no_sample_holds_gets_the_closest_samples_intent(
    matcher: ApproximateMatcher, understander: Understander, phrase: str, intent: str
) -> None:
    assert understander.understand(phrase, in_session=True).intent == "AMAZON.FallbackIntent"
    guessed = matcher.guess(phrase)
    assert guessed is not None and guessed.intent == intent


@pytest.mark.parametrize("phrase", ["purple monkey dishwasher", "what's the weather", "hello"])
def test_a_phrase_far_from_every_sample_is_not_guessed(matcher: ApproximateMatcher, phrase) -> None:
    assert matcher.guess(phrase) is None


def test_the_terminal_marks_a_guess_and_exact_mode_makes_none() -> None:
    phrase = "my shoulder is throbbing like mad"
    command = [sys.executable, "-m", "skill.tools.cli", "--instant"]
    guessed = subprocess.run(
        [*command, phrase], cwd=ROOT, capture_output=True, text=True, timeout=60
    )
    exact = subprocess.run(
        [*command, "--exact", phrase], cwd=ROOT, capture_output=True, text=True, timeout=60
    )
    assert "(approximate: PainIntent" in guessed.stdout
    assert "stop the stretch now" in guessed.stdout.lower()
    assert "(approximate" not in exact.stdout and "didn't catch that" in exact.stdout
