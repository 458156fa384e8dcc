"""Hypothesis strategies for Lambda events: envelopes built field by field from odd parts, and
real envelopes (recorded from conversations with the coach) with a few fields broken."""

from __future__ import annotations

import copy
from functools import cache
from typing import Any

from hypothesis import strategies as st

from skill.tools.simulator import APPLICATION_ID, AUTHORITY
from skill.voice_model.model import language_model, load_model
from tests.perf.envelopes import ROUTINE, record

Event = dict[str, Any]

CONVERSATIONS = (
    ROUTINE,
    ("ask back stretch coach to start the bridge", "yes", "pause", "resume", "previous", "skip"),
    ("open back stretch coach", "use continuous pace", "hold the extension for 60 seconds"),
    ("open back stretch coach", "delete my data", "yes"),
    ("ask back stretch coach to start cat cow", "it hurts"),
    ("open back stretch coach", "remind me to stretch every day at 7 pm", "yes"),
    ("open back stretch coach", "what reminders do I have", "no"),
)
REQUEST_TYPES = (
    "LaunchRequest",
    "IntentRequest",
    "SessionEndedRequest",
    "CanFulfillIntentRequest",
    "AlexaSkillEvent.SkillDisabled",
    "AlexaSkillEvent.SkillEnabled",
    "System.ExceptionEncountered",
    "Connections.Response",
    "Alexa.Presentation.APL.UserEvent",
    "Dialog.API.Invoked",
    "Some.Future.Request",
    "",
)
CONSENT_TOKENS = (
    '{"task":"create","minute":1140,"repeat":"daily","day":null}',
    '{"task":"list"}',
    '{"task":"change","minute":1439,"repeat":"once","day":"2026-12-02"}',
    '{"task":"create","minute":1440,"repeat":"daily","day":null}',
)
LOCALES = ("en-US", "en-GB", "en-CA", "en-AU", "en-IN", "de-DE", "ja-JP", "xx-XX", "", "EN_us")
ER_CODES = ("ER_SUCCESS_MATCH", "ER_SUCCESS_NO_MATCH", "ER_ERROR_TIMEOUT", "ER_ERROR_EXCEPTION")
ODD = (
    "\x00",
    "\ud800",
    "\u202eevil",
    "knee\u200bto chest",
    "🧘‍♀️ bridge",
    "<speak>hi</speak>",
    "&amp; <break time='99s'/>",
    "]]><!--",
    "\x1b[31m",
    "Ω" * 40,
    "  ",
    "nan",
    "-1",
    "99999999999999999999",
)


@cache
def _model() -> tuple[tuple[str, ...], tuple[str, ...]]:
    lm = language_model(load_model())
    intents = tuple(intent["name"] for intent in lm["intents"])
    ids = tuple(v.get("id", "") for t in lm.get("types", []) for v in t.get("values", []))
    return intents, ids


@cache
def recorded() -> tuple[Event, ...]:
    """Every envelope the simulator sent in a few real conversations."""
    return tuple(event for phrases in CONVERSATIONS for event in record(phrases))


def odd_text(max_size: int = 30) -> st.SearchStrategy[str]:
    huge = st.tuples(st.sampled_from(("x", "é", "🧘", "\u0301", "<")), st.integers(1_000, 200_000))
    return st.one_of(
        st.text(max_size=max_size),
        st.text(st.characters(codec="utf-8"), max_size=max_size),
        st.sampled_from(ODD),
        huge.map(lambda pair: pair[0] * pair[1]),
    )


scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), odd_text())
json_values = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(odd_text(10), inner, max_size=3),
    max_leaves=8,
)


def maybe(strategy: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    """Usually ``strategy``'s value, sometimes anything JSON can hold."""
    return st.one_of(strategy, strategy, strategy, json_values)


def _resolutions() -> st.SearchStrategy[Any]:
    _, ids = _model()
    value = st.fixed_dictionaries(
        {
            "value": st.fixed_dictionaries(
                {"name": maybe(odd_text()), "id": maybe(st.sampled_from(ids))}
            )
        }
    )
    authority = st.fixed_dictionaries(
        {
            "authority": maybe(st.just(AUTHORITY)),
            "status": st.fixed_dictionaries({"code": maybe(st.sampled_from(ER_CODES))}),
        },
        optional={"values": maybe(st.lists(value, max_size=2))},
    )
    return st.fixed_dictionaries(
        {"resolutionsPerAuthority": maybe(st.lists(authority, max_size=2))}
    )


def _slot(name: str) -> st.SearchStrategy[Any]:
    fields = {"name": maybe(st.just(name))}
    optional = {
        "value": maybe(odd_text() | st.sampled_from(("knee to chest", "60", "continuous"))),
        "confirmationStatus": maybe(st.sampled_from(("NONE", "CONFIRMED", "DENIED"))),
        "resolutions": maybe(_resolutions()),
    }
    return st.none() | st.fixed_dictionaries(fields, optional=optional)


def _slots() -> st.SearchStrategy[Any]:
    names = st.sampled_from(("stretch", "pace", "seconds")) | odd_text(12)
    return maybe(st.dictionaries(names, names.flatmap(_slot), max_size=3))


def _request() -> st.SearchStrategy[Any]:
    intents, _ = _model()
    intent = st.fixed_dictionaries(
        {"name": maybe(st.sampled_from(intents) | odd_text(40))},
        optional={"slots": _slots(), "confirmationStatus": maybe(st.just("NONE"))},
    )
    return st.fixed_dictionaries(
        {"type": maybe(st.sampled_from(REQUEST_TYPES))},
        optional={
            "requestId": maybe(st.just("amzn1.echo-api.request.fuzz")),
            "timestamp": maybe(st.just("2026-11-25T10:00:00Z") | odd_text(30)),
            "locale": maybe(st.sampled_from(LOCALES)),
            "intent": maybe(intent),
            "reason": maybe(st.sampled_from(("USER_INITIATED", "ERROR", "EXCEEDED_MAX_REPROMPTS"))),
            "dialogState": maybe(st.sampled_from(("STARTED", "IN_PROGRESS", "COMPLETED"))),
            "name": maybe(st.sampled_from(("AskFor", "Buy")) | odd_text(10)),
            "status": maybe(
                st.fixed_dictionaries(
                    {"code": maybe(st.sampled_from(("200", "400", "500")) | odd_text(5))}
                )
            ),
            "payload": maybe(
                st.fixed_dictionaries(
                    {"status": maybe(st.sampled_from(("ACCEPTED", "DENIED", "NOT_ANSWERED")))}
                )
                | json_values
            ),
            "token": maybe(st.sampled_from(CONSENT_TOKENS) | odd_text(60)),
        },
    )


def _attributes() -> st.SearchStrategy[Any]:
    states = [
        e["session"]["attributes"] for e in recorded() if (e.get("session") or {}).get("attributes")
    ]
    return st.one_of(
        st.none(),
        st.just({}),
        st.sampled_from(states),
        st.sampled_from(states).flatmap(mutated),
        json_values,
    )


def generated() -> st.SearchStrategy[Event]:
    """An envelope built field by field: most fields plausible, any of them odd."""
    user = st.fixed_dictionaries(
        {"userId": maybe(st.just("amzn1.ask.account.fuzz") | odd_text(40))}
    )
    application = st.fixed_dictionaries({"applicationId": maybe(st.just(APPLICATION_ID))})
    session = st.fixed_dictionaries(
        {"new": maybe(st.booleans())},
        optional={
            "sessionId": maybe(st.just("amzn1.echo-api.session.fuzz")),
            "application": maybe(application),
            "attributes": _attributes(),
            "user": maybe(user),
        },
    )
    system = st.fixed_dictionaries(
        {}, optional={"application": maybe(application), "user": maybe(user)}
    )
    return st.fixed_dictionaries(
        {"request": maybe(_request())},
        optional={
            "version": maybe(st.just("1.0")),
            "session": maybe(session),
            "context": maybe(st.fixed_dictionaries({"System": maybe(system)})),
        },
    )


def _paths(node: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [prefix] if prefix else []
    if isinstance(node, dict):
        for key, value in node.items():
            found += _paths(value, (*prefix, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            found += _paths(value, (*prefix, index))
    return found


@st.composite
def mutated(draw: st.DrawFn, base: Any) -> Any:
    """``base`` with one to three fields deleted or replaced by anything JSON can hold."""
    node = copy.deepcopy(base)
    for _ in range(draw(st.integers(1, 3))):
        paths = _paths(node)
        if not paths:
            return node
        path = draw(st.sampled_from(paths))
        parent = node
        for key in path[:-1]:
            parent = parent[key]
        if isinstance(parent, dict) and draw(st.booleans()):
            del parent[path[-1]]
        else:
            parent[path[-1]] = draw(json_values)
    return node


def broken_real() -> st.SearchStrategy[Event]:
    """A real envelope with a few fields broken."""
    return st.sampled_from(recorded()).flatmap(mutated)
