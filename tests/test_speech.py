"""Rendering: every response the skill can give stays within Alexa's limits and is valid SSML."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest

from skill.content.loader import default_content
from skill.content.model import Content
from skill.content.prompts import Prompt
from skill.dialogue.acts import Hold, Instruction, Reply, Say
from skill.dialogue.conversation import advance
from skill.dialogue.events import Event, Kind
from skill.dialogue.pacing import hold
from skill.dialogue.state import Phase, State
from skill.limits import CLIPS_PER_HOLD, MAX_AUDIO_CLIPS, MAX_SSML_CHARS
from skill.speech import (
    HOLD_END_CUE,
    HOLD_START_CUE,
    SpeechBudgetError,
    check_budget,
    escape,
    hold_ssml,
    render,
)

BREAK = re.compile(r'<break time="(\d+)s"/>')


def walk(content: Content, first: Event) -> list[Reply]:
    """Every reply from ``first`` on, saying yes or next until the plan is done."""
    state, reply = advance(State(), first, content)
    replies = [reply]
    for _ in range(50):
        if state.phase is Phase.MENU:
            return replies
        word = Kind.YES if state.phase in (Phase.CAUTION, Phase.ADVANCED_OFFER) else Kind.NEXT
        state, reply = advance(state, Event(word), content)
        replies.append(reply)
    raise AssertionError("the plan never finished")


def every_reply(content: Content) -> list[Reply]:
    replies = walk(content, Event(Kind.ROUTINE))
    for stretch in content.stretches:
        replies += walk(content, Event(Kind.START, stretch.id))
        if stretch.advanced:
            replies += walk(content, Event(Kind.START, stretch.advanced.id))
    state, reply = advance(State(), Event(Kind.BENEFITS), content)
    replies.append(reply)
    while state.benefits_next:
        state, reply = advance(state, Event(Kind.MORE), content)
        replies.append(reply)
    for topic in content.topics:
        replies.append(advance(State(), Event(Kind.TOPIC, topic.id), content)[1])
    for kind in (Kind.LAUNCH, Kind.HELP, Kind.LIST, Kind.PAIN, Kind.STOP, Kind.FALLBACK):
        replies.append(advance(State(), Event(kind), content)[1])
    return replies


def test_every_response_is_valid_ssml_within_alexas_limits(content) -> None:
    replies = every_reply(content)
    assert len(replies) > 40
    for reply in replies:
        rendered = render(reply, content)
        for ssml in (rendered.speak_ssml, f"<speak>{rendered.reprompt_ssml}</speak>"):
            ET.fromstring(ssml)  # well-formed XML
            assert len(ssml) < MAX_SSML_CHARS
            assert ssml.count("<audio ") <= MAX_AUDIO_CLIPS
            assert all(int(s) <= 10 for s in BREAK.findall(ssml)), ssml
        assert len(rendered.text) < 8000


def test_every_step_of_every_stretch_is_spoken(content) -> None:
    spoken = " ".join(
        act.text
        for reply in every_reply(content)
        for act in reply.acts
        if isinstance(act, Instruction)
    )
    for stretch in content.stretches:
        steps = stretch.steps + (stretch.advanced.steps if stretch.advanced else ())
        for step in steps:
            for side in stretch.sides or ("",):
                other = next((s for s in stretch.sides if s != side), "")
                text = step.say.format(side=side, other=other, hold=step.hold_seconds)
                assert text in spoken, f"{stretch.id}: {text}"


def test_every_hold_is_waited_with_a_cue_at_each_end(content) -> None:
    for reply in every_reply(content):
        ssml = render(reply, content).ssml
        holds = [a.seconds for a in reply.acts if isinstance(a, Hold)]
        assert ssml.count(HOLD_START_CUE) == len(holds)
        assert ssml.count(HOLD_END_CUE) == len(holds)
        moves = sum(a.move_seconds for a in reply.acts if isinstance(a, Instruction))
        waited = sum(int(s) for s in BREAK.findall(ssml))
        assert waited == sum(holds) + moves


@pytest.mark.parametrize("seconds", [5, 10, 19, 20, 30, 45, 60])
def test_a_hold_is_chained_breaks_with_a_count_cue_when_long(content, seconds) -> None:
    ssml = hold_ssml(hold(seconds), content)
    assert ssml.count("<audio ") == CLIPS_PER_HOLD  # what pacing budgets for each hold
    assert ssml.startswith(f'<audio src="{HOLD_START_CUE}"/>')
    assert ssml.endswith(f'<audio src="{HOLD_END_CUE}"/>')
    breaks = [int(s) for s in BREAK.findall(ssml)]
    assert sum(breaks) == seconds and max(breaks) <= 10
    count_cue = content.prompt(Prompt.HOLD_REMAINING)
    if seconds >= 20:
        before, after = ssml.split(count_cue)
        assert sum(int(s) for s in BREAK.findall(after)) == 10
        assert sum(int(s) for s in BREAK.findall(before)) == seconds - 10
    else:
        assert count_cue not in ssml


def test_text_is_escaped(content) -> None:
    reply = Reply((Say("Heat & cold <packs>"), Instruction("bridge", 'Tom\'s "knee"')), "Ready?")
    rendered = render(reply, content)
    assert "Heat &amp; cold &lt;packs&gt;" in rendered.ssml
    ET.fromstring(rendered.speak_ssml)
    assert rendered.text.startswith("Heat & cold <packs>")


def test_each_step_is_followed_by_its_time_to_move(content) -> None:
    acts = (Instruction("x", "One.", 4), Instruction("x", "Two.", 13), hold(5), Say("Done."))
    rendered = render(Reply(acts), content)
    assert rendered.ssml.startswith(
        'One. <break time="4s"/> Two. <break time="10s"/> <break time="3s"/> <audio '
    )


# What stands between one instruction and the next thing said or played.
_AFTER = re.compile(r'\s*((?:<break time="\d+s"/>\s*)*)')


def test_every_instruction_of_every_response_leaves_its_time_to_move(content) -> None:
    """The quiet after each instruction is the step's time to move, before any other words or
    the hold's chime; no instruction runs into the next."""
    checked = 0
    for reply in every_reply(content):
        ssml = render(reply, content).ssml
        position = 0
        for act in reply.acts:
            if not isinstance(act, Instruction):
                continue
            at = ssml.index(escape(act.text), position) + len(escape(act.text))
            quiet = sum(int(n) for n in BREAK.findall(_AFTER.match(ssml, at).group(1)))
            assert quiet >= act.move_seconds, (act.text, ssml[at : at + 80])
            assert act.move_seconds >= 2 or act.text in INTROS, act.text
            position, checked = at, checked + 1
    assert checked > 50


INTROS = {s.advanced.intro for s in default_content().stretches if s.advanced}


def test_the_session_stays_open_exactly_when_there_is_a_question(content) -> None:
    assert render(Reply((Say("Bye."),)), content).ends_session
    open_reply = render(Reply((Say("Hi."),), "Which one?", "Say a name."), content)
    assert not open_reply.ends_session
    assert open_reply.reprompt_ssml == "Say a name."


def test_the_budget_refuses_too_long_or_too_many_clips(content) -> None:
    with pytest.raises(SpeechBudgetError, match="characters"):
        render(Reply((Say("a" * MAX_SSML_CHARS),)), content)
    with pytest.raises(SpeechBudgetError, match="audio clips"):
        render(Reply(tuple(Hold(5) for _ in range(3))), content)
    check_budget(render(Reply((Hold(5), Hold(5))), content))
