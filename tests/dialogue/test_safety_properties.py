"""Caution first and stop on pain, over random event sequences (hypothesis).

The state is passed through the session-attribute codec between turns, as it is on Alexa.
"""

from __future__ import annotations

from hypothesis import given, settings

from skill.content.prompts import Prompt
from skill.dialogue.acts import Caution, Hold, Instruction, Reply, Say
from skill.dialogue.codec import decode, encode
from skill.dialogue.conversation import advance
from skill.dialogue.events import Event, Kind
from skill.dialogue.pacing import in_a_stretch
from skill.dialogue.state import Phase, State
from skill.speech import render
from tests.dialogue.strategies import CONTENT, run, sequences, turns

CAUTIOUS = {s.id for s in CONTENT.stretches if s.has_caution}
# Events after which a caution must be spoken and confirmed again.
RESETTING = {
    Kind.PAUSE,
    Kind.STOP,
    Kind.PAIN,
    Kind.LAUNCH,
    Kind.START,
    Kind.ROUTINE,
    Kind.START_OVER,
}

SETTINGS = settings()  # the profile chosen in conftest.py


def caution_questions(stretch_id: str) -> set[str]:
    ask = CONTENT.stretch(stretch_id).caution.ask
    return {ask, CONTENT.prompt(Prompt.CAUTION_REPROMPT, question=ask)}


@SETTINGS
@given(sequences)
def test_no_caution_step_before_its_caution_is_spoken_and_confirmed(sequence) -> None:
    open_question: str | None = None  # a stretch whose caution question awaits the answer
    confirmed: str | None = None
    for event, reply, _ in run(sequence):
        if event.kind is Kind.YES and open_question:
            confirmed = open_question
        if event.kind in RESETTING:
            confirmed = None
        for act in reply.acts:
            if isinstance(act, Instruction) and act.stretch in CAUTIOUS:
                assert confirmed == act.stretch, f"{act} without a confirmed caution: {sequence}"
        touched = {a.stretch for a in reply.acts if isinstance(a, Instruction | Caution)}
        if touched - {confirmed}:
            confirmed = None
        cautions = [a.stretch for a in reply.acts if isinstance(a, Caution)]
        if cautions:
            open_question = cautions[-1]
        if open_question and reply.ask not in caution_questions(open_question):
            open_question = None


@SETTINGS
@given(sequences)
def test_a_caution_is_never_spoken_with_its_own_steps(sequence) -> None:
    for _, reply, _ in run(sequence):
        cautioned = {a.stretch for a in reply.acts if isinstance(a, Caution)}
        stepped = {a.stretch for a in reply.acts if isinstance(a, Instruction)}
        assert not cautioned & stepped
        if cautioned:
            assert reply.ask in caution_questions(next(iter(cautioned)))


PAIN_WORDS = (Kind.PAIN,)


@SETTINGS
@given(sequences)
def test_pain_stops_the_exercise_in_every_state(sequence) -> None:
    states = [State()] + [state for _, _, state in run(sequence)]
    for state in states:
        after, reply = advance(state, Event(Kind.PAIN), CONTENT)
        assert reply == Reply((Say(CONTENT.prompt("pain")),)), reply
        assert reply.ends_session
        # Only the preferences are kept, and that this session said how to interrupt.
        assert after == State(prefs=state.prefs, interrupt_told=state.interrupt_told)
        assert not any(isinstance(a, Instruction | Hold | Caution) for a in reply.acts)
        # Nothing of the stopped stretch continues on the next words either.
        _, following = advance(after, Event(Kind.NEXT), CONTENT)
        assert not any(isinstance(a, Instruction | Hold) for a in following.acts)


@SETTINGS
@given(sequences)
def test_every_reply_renders_within_alexas_limits_and_asks_when_open(sequence) -> None:
    for event, reply, _ in run(sequence):
        rendered = render(reply, CONTENT)  # raises past 8000 characters or 5 audio clips
        if event.kind in (Kind.STOP, Kind.PAIN):
            assert rendered.ends_session
        if not rendered.ends_session:
            assert reply.ask.rstrip().endswith(("?", ".")) and reply.reprompt
        if event.kind is Kind.HELP:  # certification: help ends with a question, session open
            assert not rendered.ends_session and rendered.ssml.endswith("?"), rendered.ssml


@SETTINGS
@given(sequences)
def test_the_state_survives_the_session_attributes_unchanged(sequence) -> None:
    state = State()
    for event in sequence:
        state, _ = advance(state, event, CONTENT)
        assert decode(encode(state), CONTENT) == state


LEAVE_A_PLAN = (Kind.START, Kind.ROUTINE, Kind.PAIN, Kind.DELETE_DATA)


@SETTINGS
@given(sequences)
def test_a_stretch_left_midway_is_never_resumed_before_the_pain_question(sequence) -> None:
    """Across sessions: a stretch left midway (stop, silence, anything but a pause) gives no
    step, caution or hold of it until the user answers no to "did anything hurt?"."""
    pending = False
    saved = State()
    asked = ""  # the question the last reply asked
    pain_question = CONTENT.prompt(Prompt.PAIN_CHECK_ASK)
    for event, reply, state, before in turns(sequence):
        new_session = before is not saved
        if new_session and in_a_stretch(saved, CONTENT) and saved.phase is not Phase.PAUSED:
            pending = True  # a new session began from a stretch left midway
        if pending and event.kind not in LEAVE_A_PLAN:
            assert not any(isinstance(a, Instruction | Caution | Hold) for a in reply.acts), (
                f"{event} resumed without the pain question: {sequence}"
            )
        answered_no = event.kind is Kind.NO and asked == pain_question and not new_session
        if event.kind in LEAVE_A_PLAN or answered_no or not state.plan:
            pending = False
        saved, asked = state, reply.ask


@SETTINGS
@given(sequences)
def test_stopping_midway_gives_the_pain_advice_and_keeps_it_stopped(sequence) -> None:
    for _, _, state in run(sequence):
        if in_a_stretch(state, CONTENT):
            after, reply = advance(state, Event(Kind.STOP), CONTENT)
            assert (
                reply.acts == (Say(CONTENT.prompt(Prompt.GOODBYE_MIDWAY)),) and reply.ends_session
            )
            assert after.phase is Phase.STOPPED and not after.confirmed


@SETTINGS
@given(sequences)
def test_no_never_asks_the_same_question_again(sequence) -> None:
    last_ask = ""
    for event, reply, _ in run(sequence):
        if event.kind is Kind.NO and last_ask:
            assert reply.ask != last_ask, f"'no' to {last_ask!r} asked it again: {sequence}"
        last_ask = reply.ask


REMINDING = (Kind.REMINDER, Kind.REMINDER_NEWS, Kind.CONSENT)


@SETTINGS
@given(sequences)
def test_reminders_keep_the_users_place_and_say_something(sequence) -> None:
    """Whatever is asked of reminders, and whatever the service answers, a stretch under way
    keeps its plan and position and its session, and every answer speaks."""
    for event, reply, state, before in turns(sequence):
        if event.kind not in REMINDING:
            continue
        assert (state.plan, state.at) == (before.plan, before.at), sequence
        assert reply.errand is None and (reply.acts or reply.ask), sequence
        if in_a_stretch(before, CONTENT) and not reply.ask_consent:
            assert not reply.ends_session, sequence
