"""Screens through the whole skill, as a device with one sends its requests: APL only where the
request says the device renders it, every screen within Alexa's size limit, touches that do what
the spoken words do, and, over random mixes of voice and touch, caution first and stop on pain.
"""

from __future__ import annotations

import json

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from skill.alexa.builder import build_skill
from skill.alexa.entry import make_handler
from skill.content.prompts import Prompt
from skill.limits import MAX_RESPONSE_BYTES
from skill.tools.simulator import SCREENS, Conversation, RealAlexaApi
from tests.dialogue.strategies import CONTENT
from tests.responses import heard, screen_data, spoken_text

HANDLER = make_handler(build_skill(CONTENT))
SHOW = SCREENS["Echo Show 10"]
SCRIPT = ["open back stretch coach", "start knee to chest", "repeat", "next", "yes",
          "start the bridge", "yes", "what are the benefits of stretching", "more", "pause",
          "open back stretch coach", "yes", "stop"]  # fmt: skip


@pytest.fixture(scope="module")
def understander():
    from skill.voice_model.matcher import Understander
    from skill.voice_model.model import load_model

    return Understander(load_model())


def talk(understander, screen: dict | None, phrases: list[str]) -> list[dict]:
    user = Conversation(HANDLER, understander, viewport=screen)
    return [user.say(phrase) for phrase in phrases]


def apl_directives(response: dict) -> list[dict]:
    found = response.get("response", {}).get("directives") or []
    return [d for d in found if d.get("type", "").startswith("Alexa.Presentation.APL")]


def test_a_device_without_a_screen_gets_no_screen_and_hears_everything(understander) -> None:
    for response in talk(understander, None, SCRIPT):
        assert not apl_directives(response)
        assert response["response"]["outputSpeech"]["ssml"].startswith("<speak>")


def test_a_screen_changes_nothing_of_the_dialogue_and_nothing_that_is_heard(understander):
    voice = talk(understander, None, SCRIPT)
    shown = talk(understander, SHOW, SCRIPT)
    for phrase, alone, with_screen in zip(SCRIPT, voice, shown, strict=True):
        assert with_screen["sessionAttributes"] == alone["sessionAttributes"], phrase
        assert heard(with_screen) == spoken_text(alone), phrase
        assert with_screen["response"].get("reprompt") == alone["response"].get("reprompt")
        ends = with_screen["response"]["shouldEndSession"]
        assert ends == alone["response"]["shouldEndSession"], phrase
        assert screen_data(with_screen) is not None, phrase
        if ends:  # a closing session stops a document's speech: outputSpeech says it
            assert with_screen["response"]["outputSpeech"] == alone["response"]["outputSpeech"]


@pytest.mark.parametrize("device", sorted(SCREENS))
def test_every_screen_fits_in_a_response(understander, device: str) -> None:
    phrases = ["start the routine", "yes", *["next"] * 6, "yes", *["next"] * 8]
    for response in talk(understander, SCREENS[device], phrases):
        assert [d["type"] for d in apl_directives(response)][:1] == [
            "Alexa.Presentation.APL.RenderDocument"
        ]
        assert len(json.dumps(response).encode()) <= MAX_RESPONSE_BYTES


# A touch and the words that do the same, and where to try them.
TOUCH_AND_WORDS = [
    (("next",), "next", ["start knee to chest"]),
    (("repeat",), "repeat", ["start knee to chest"]),
    (("pause",), "pause", ["start knee to chest"]),
    (("pain",), "it hurts", ["start knee to chest"]),
    (("pain",), "it hurts", ["start the bridge"]),
    (("yes",), "yes", ["start the bridge"]),
    (("no",), "no", ["start the bridge"]),
    (("skip",), "skip", ["start the routine", "no"]),
    (("stop",), "stop", ["start the routine", "no"]),
    (("list",), "what stretches are there", ["open back stretch coach"]),
    (("more",), "more", ["what are the benefits of stretching"]),
    (("start", "bridge"), "start the bridge", ["open back stretch coach"]),
    (("routine",), "start the routine", ["open back stretch coach"]),
]


@pytest.mark.parametrize(("touch", "words", "before"), TOUCH_AND_WORDS)
def test_a_touch_does_what_the_spoken_word_does(understander, touch, words, before) -> None:
    by_voice = Conversation(HANDLER, understander, viewport=SHOW)
    by_touch = Conversation(HANDLER, understander, viewport=SHOW)
    for phrase in before:
        by_voice.say(phrase)
        by_touch.say(phrase)
    said, touched = by_voice.say(words), by_touch.touch(*touch)
    assert touched["sessionAttributes"] == said["sessionAttributes"]
    assert heard(touched) == heard(said) and heard(said)
    assert touched["response"]["shouldEndSession"] == said["response"]["shouldEndSession"]


@pytest.mark.parametrize(
    "arguments", [(), ("launch",), ("start", "x" * 100), ("delete_data",), ("forget",)]
)
def test_a_touch_no_screen_of_ours_sends_is_not_understood(understander, arguments) -> None:
    user = Conversation(HANDLER, understander, viewport=SHOW)
    user.say("start knee to chest")
    response = user.touch(*arguments)
    fallback = CONTENT.prompt(Prompt.FALLBACK_MIDWAY)
    assert heard(response).startswith(fallback)
    assert response["response"]["shouldEndSession"] is False


# Random mixes of voice and touch through the whole skill, on an Echo Show.
CAUTIOUS = {s.id: s for s in CONTENT.stretches if s.has_caution}
CAUTIOUS_TITLES = {s.title: s.id for s in CAUTIOUS.values()}
CAUTIOUS_TITLES |= {s.advanced.title: s.id for s in CAUTIOUS.values() if s.advanced}
PHRASES = ["start the bridge", "start the extension exercise", "start the routine",
           "start knee to chest", "next", "yes", "no", "repeat", "pause", "skip", "start over",
           "go back", "what are the benefits of stretching", "open back stretch coach"]  # fmt: skip
TOUCHES = [("next",), ("yes",), ("no",), ("repeat",), ("pause",), ("skip",), ("more",),
           ("list",), ("routine",), ("start", "bridge"), ("start", "extension_exercise"),
           ("start", "bridge.advanced"), ("start", "cat_camel")]  # fmt: skip
PAIN = [("say", "it hurts"), ("say", "ouch my back hurts"), ("touch", ("pain",))]
actions = st.lists(
    st.one_of(
        st.tuples(st.just("say"), st.sampled_from(PHRASES)),
        st.tuples(st.just("touch"), st.sampled_from(TOUCHES)),
        st.sampled_from(PAIN),
    ),
    min_size=1,
    max_size=25,
)
YES = {("say", "yes"), ("touch", ("yes",))}


def act(user: Conversation, action) -> dict:
    how, what = action
    return user.say(what) if how == "say" else user.touch(*what)


def stepped(response: dict) -> str | None:
    """The cautious stretch whose steps a screen shows, if any."""
    data = screen_data(response)
    if data is None or data["layout"] != "steps":
        return None
    return CAUTIOUS_TITLES.get(data["title"])


def cautioned(response: dict) -> str | None:
    data = screen_data(response)
    if data is None or data["tone"] != "caution":
        return None
    return CAUTIOUS_TITLES.get(data["title"])


def resets(action) -> bool:
    """Whether an action leaves the stretch under way, so its caution is due again."""
    how, what = action
    if how == "touch":
        return what[0] in ("start", "routine", "pain")
    return what.startswith(("start", "open")) or action in PAIN


@settings(max_examples=60, deadline=None)
@given(actions)
@example([("say", "start the bridge"), ("touch", ("yes",)), ("touch", ("next",))])
@example([("touch", ("start", "extension_exercise")), ("touch", ("next",)), ("say", "yes")])
@example([("say", "start the routine"), ("touch", ("skip",)), ("touch", ("pain",))])
def test_caution_first_and_stop_on_pain_hold_for_voice_and_touch(understander, sequence):
    user = Conversation(HANDLER, understander, viewport=SHOW)
    waiting: str | None = None  # a stretch whose caution question the screen shows
    confirmed: str | None = None  # the stretch whose caution the user said or touched yes to
    for action in sequence:
        if resets(action):
            confirmed = None
        if action in YES and waiting:
            confirmed = waiting
        response = act(user, action)
        shown = stepped(response)
        if shown is not None:
            assert shown == confirmed, f"steps of {shown} without a yes to its caution: {sequence}"
        if action in PAIN:
            assert heard(response) == CONTENT.prompt(Prompt.PAIN), sequence
            assert response["response"]["shouldEndSession"] is True
            data = screen_data(response)
            assert data["layout"] != "steps" and not data["buttons"] and not data["pain"]
        waiting = cautioned(response)
        if waiting or not user.in_session:
            confirmed = None


def test_the_watch_above_sees_cautious_steps_and_would_catch_them_early(understander) -> None:
    user = Conversation(HANDLER, understander, viewport=SHOW)
    assert cautioned(user.say("start the bridge")) == "bridge"
    assert stepped(user.touch("next")) is None  # "next" is no yes: the caution stands
    assert cautioned(user.say("start the bridge")) == "bridge"
    assert stepped(user.touch("yes")) == "bridge"


def test_alexas_permission_question_goes_out_alone(understander) -> None:
    """The directive that hands the dialogue to Alexa's own question carries no screen."""
    no_permission = RealAlexaApi("https://127.0.0.1:9", "token", granted=False)
    user = Conversation(HANDLER, understander, viewport=SHOW, api=no_permission)
    response = user.say("remind me to stretch every day at seven")
    directives = response["response"]["directives"]
    assert [d["type"] for d in directives] == ["Connections.SendRequest"]
