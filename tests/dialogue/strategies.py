"""Random event sequences for the dialogue's property tests (hypothesis strategies)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

from hypothesis import strategies as st

from skill.content.loader import default_content
from skill.content.model import Content
from skill.dialogue.acts import Reply
from skill.dialogue.codec import decode, encode
from skill.dialogue.conversation import advance
from skill.dialogue.events import Event, Facts, Kind
from skill.dialogue.pacing import segments
from skill.dialogue.resume import session_start
from skill.dialogue.schedule import Consent, Errand, Fault, News, Repeat, Schedule, Task
from skill.dialogue.state import (
    BenefitsPage,
    Help,
    Phase,
    PlanItem,
    State,
    StretchList,
    TopicAnswer,
    Welcome,
)

CONTENT = default_content()
SLOT_IDS = [s.id for s in CONTENT.stretches] + ["bridge.advanced", "", "yoga"]
TOPIC_IDS = [t.id for t in CONTENT.topics] + ["nonsense"]

WITH_ARG = (Kind.START, Kind.TOPIC, Kind.SET_PACE, Kind.SET_HOLD)
SCHEDULES = [
    Schedule(19 * 60),
    Schedule(7 * 60 + 30, Repeat.WEEKDAYS),
    Schedule(8 * 60, Repeat.ONCE, date(2026, 12, 2)),
]
ERRANDS = [Errand(Task.LIST), Errand(Task.CANCEL), Errand(Task.CREATE), Errand(Task.CHANGE)] + [
    Errand(task, schedule) for task in (Task.CREATE, Task.CHANGE) for schedule in SCHEDULES
]
NEWS = [
    News(errand, fault, found)
    for errand in ERRANDS
    for fault in (None, *Fault)
    for found in ((), tuple(SCHEDULES[:1]), tuple(SCHEDULES))
    if fault is None or not found
]
reminder_events = st.one_of(
    st.builds(Event, st.just(Kind.REMINDER), errand=st.none() | st.sampled_from(ERRANDS)),
    st.builds(Event, st.just(Kind.REMINDER_NEWS), news=st.sampled_from(NEWS)),
    st.builds(
        Event,
        st.just(Kind.CONSENT),
        st.sampled_from([c.value for c in Consent] + ["nonsense"]),
        errand=st.none() | st.sampled_from(ERRANDS),
    ),
)
# What the store would tell the dialogue of a user due the offer of a daily reminder.
FACTS = Facts(today=date(2026, 12, 1), minute=18 * 60 + 52, reminder_offer_open=True,
              finished_sessions=1)  # fmt: skip
events = st.one_of(
    st.sampled_from([Event(k) for k in Kind if k not in WITH_ARG]),
    reminder_events,
    st.builds(Event, st.just(Kind.START), st.sampled_from(SLOT_IDS)),
    st.builds(Event, st.just(Kind.TOPIC), st.sampled_from(TOPIC_IDS)),
    st.builds(Event, st.just(Kind.SET_PACE), st.sampled_from(["guided", "continuous", ""])),
    st.builds(Event, st.just(Kind.SET_HOLD), st.sampled_from(["30", "45", "60", "90", "", "x"])),
)
# A sequence is a run of episodes: something that starts a stretch, the routine or a resume,
# then mostly the words that move through it, with any other event mixed in. This reaches deep
# states (the fifth stretch of the routine, the middle of the advanced bridge) often.
# A new session opened with a launch or a one-shot "ask ... to resume": run() takes the state
# through the store as a device does (session_start), then sends the event.
NEW_SESSION = "new session"
NEW_SESSION_LAUNCH = Event(Kind.LAUNCH, NEW_SESSION)
NEW_SESSION_RESUME = Event(Kind.RESUME, NEW_SESSION)
openers = st.one_of(
    st.builds(Event, st.just(Kind.START), st.sampled_from(SLOT_IDS)),
    st.sampled_from([Event(Kind.ROUTINE), Event(Kind.RESUME), Event(Kind.LAUNCH)]),
    st.sampled_from([NEW_SESSION_LAUNCH, NEW_SESSION_RESUME]),
)
moves = st.one_of(
    st.sampled_from([Event(Kind.NEXT)] * 4 + [Event(Kind.YES)] * 3),
    st.sampled_from(
        [
            Event(k)
            for k in (
                Kind.PAUSE,
                Kind.RESUME,
                Kind.REPEAT,
                Kind.PREVIOUS,
                Kind.SKIP,
                Kind.START_OVER,
                Kind.NO,
            )
        ]
    ),
    events,
)
episodes = st.tuples(openers, st.lists(moves, max_size=16)).map(lambda e: [e[0], *e[1]])
sequences = st.lists(episodes, min_size=1, max_size=4).map(lambda eps: sum(eps, []))


def run(sequence: list[Event], content: Content = CONTENT) -> Iterator[tuple[Event, Reply, State]]:
    """Yield (event, reply, state) per turn, the state round-tripped through the codec; an
    event marked NEW_SESSION first starts a new session from the state saved so far."""
    for event, reply, state, _ in turns(sequence, content):
        yield event, reply, state


def news_of(reply: Reply) -> News:
    """What the reminders service reports for a reply's errand: done, or (for changes and
    cancellations) unreachable, so both kinds of answer follow an errand."""
    errand = reply.errand
    if errand.task in (Task.CHANGE, Task.CANCEL):
        return News(errand, Fault.UNAVAILABLE)
    return News(errand, None, (errand.schedule,) if errand.schedule else ())


def turns(
    sequence: list[Event], content: Content = CONTENT
) -> Iterator[tuple[Event, Reply, State, State]]:
    """Like run(), with the state each event was answered in as well. A reply that sends an
    errand is followed, in the same turn, by the news of it, as :func:`skill.alexa.turn.respond`
    does."""
    state = State()
    for event in sequence:
        if event.arg == NEW_SESSION:
            state = session_start(state, content)
            event = Event(event.kind)
        before = state
        state, reply = advance(state, event, content, FACTS)
        if reply.errand is not None:  # as the turn does: the service's news is what is said
            state, reply = advance(
                state, Event(Kind.REMINDER_NEWS, news=news_of(reply)), content, FACTS
            )
        state = decode(encode(state), content)
        yield event, reply, state, before


# Wire states for the codec and the handler: mostly well-formed, in every phase, at every kind of
# position, so that many are ones the codec accepts.
STRETCH_IDS = [s.id for s in CONTENT.stretches]
PAGES = CONTENT.benefits.pages
ANSWERS = [Welcome(), Help(), StretchList(), TopicAnswer(CONTENT.topics[0].id)] + [
    BenefitsPage(page) for page in range(PAGES)
]


def wire(**changes: Any) -> dict[str, Any]:
    return {**encode(State()), **changes}


@st.composite
def raw_states(draw: st.DrawFn) -> dict[str, Any]:
    """Wire states that are mostly well-formed, in every phase, at every kind of position."""
    plan = [
        [stretch, draw(st.booleans()) and CONTENT.stretch(stretch).advanced is not None]
        for stretch in draw(st.lists(st.sampled_from(STRETCH_IDS), max_size=3))
    ]

    def position() -> list[int]:
        item = draw(st.integers(0, len(plan)))
        if item == len(plan):
            return [item, 0, 0]
        segs = segments(CONTENT, PlanItem(*plan[item]))
        segment = draw(st.integers(0, len(segs)))
        steps = len(segs[segment].steps) if segment < len(segs) else 1
        return [item, segment, draw(st.integers(0, steps - 1))]

    answer = draw(st.sampled_from([None, *ANSWERS]))
    return wire(
        phase=draw(st.sampled_from([p.value for p in Phase])),
        plan=plan,
        at=position(),
        confirmed=draw(st.booleans()),
        last_chunk=draw(st.none() | st.builds(position)),
        last_answer=encode(State(last_answer=answer))["last_answer"],
        benefits_next=draw(st.integers(0, PAGES - 1)),
        prefs={
            "pace": draw(st.sampled_from(["guided", "continuous"])),
            "ranged_hold": draw(st.sampled_from([0, 30, 45, 60, 90])),
        },  # fmt: skip
    )
