"""One turn: the state in, the dialogue advanced, the response out, the user's record saved.

The state comes from the session attributes, or at the start of a session from the user's
stored record (so an unfinished stretch can be resumed). The record is loaded once and saved
once per turn, in a ``finally`` that runs whether or not the turn succeeded, over the version it
was loaded at (:func:`save_record` merges when another turn saved first, and lets a delete win).
A record that could not be loaded or read is never overwritten, so a store fault never blanks a
good record.
"""

import json
import os
import time
from typing import NamedTuple

from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_model import Response
from ask_sdk_model.ui import SimpleCard

from skill.alexa import display, reminders
from skill.alexa.local_time import local_time
from skill.alexa.logs import get_logger
from skill.content.model import Content
from skill.content.prompts import Prompt
from skill.dialogue.acts import Outcome, Reply, Say
from skill.dialogue.codec import SESSION_KEY, StateError, decode, encode
from skill.dialogue.conversation import advance
from skill.dialogue.events import Event, Kind
from skill.dialogue.resume import session_start
from skill.dialogue.state import State
from skill.speech import render
from skill.store.interface import Store, StoreError
from skill.store.record import MAX_ID_CHARS, RecordError, TurnNotes, UserRecord, dump, parse

log = get_logger(__name__)

# How long a turn keeps merging and retrying its save: well inside Alexa's 8 s for an answer,
# bounded by time rather than tries, since how many tries fit depends on the load.
SAVE_DEADLINE_S = 2.0
MAX_BACKOFF_S = 0.01  # random wait before a retry, so racing turns fall out of step


def session_attributes(handler_input: HandlerInput) -> dict:
    """The session attributes; a request without a session gets a throwaway dict."""
    if handler_input.request_envelope.session is None:
        return {}
    attributes = handler_input.attributes_manager.session_attributes
    if not isinstance(attributes, dict):
        attributes = {}
        handler_input.attributes_manager.session_attributes = attributes
    return attributes


def user_id(handler_input: HandlerInput) -> str:
    envelope = handler_input.request_envelope
    for holder in (getattr(envelope.context, "system", None), envelope.session):
        uid = getattr(getattr(holder, "user", None), "user_id", None)
        if isinstance(uid, str) and uid:
            return uid
    return ""


class Loaded(NamedTuple):
    """What a turn read of the user's record: the record, its version, and whether it was read
    (or there was none), so the turn may save over it and its history is known."""

    record: UserRecord
    version: int = 0
    read: bool = False
    text: str = ""  # the record as stored, so an unchanged record is not written again


def load_record(
    store: Store | None, uid: str, content: Content, carried: State | None = None
) -> Loaded:
    """The user's record; ``carried``, the session's state, stands in for the stored one."""
    if store is None or not uid:
        return Loaded(UserRecord())
    try:
        stored = store.load(uid)
    except StoreError as error:
        log.error("store unavailable, answering without it: %s", error)
        return Loaded(UserRecord())
    if stored.record is None:
        return Loaded(UserRecord(lineage=os.urandom(16).hex()), 0, True)
    try:
        record = parse(stored.record, content, carried)
        return Loaded(record, stored.version, True, stored.record)
    except RecordError as error:
        log.error("stored record unreadable, left untouched: %s", error)
        return Loaded(UserRecord())


def save_record(
    store: Store,
    uid: str,
    loaded: Loaded,
    turn: Outcome,
    notes: TurnNotes,
    content: Content,
) -> None:
    """Save the turn's record over the version it loaded. When another turn of the same user
    saved first, merge into theirs (their history plus this turn's stretches; this turn's place
    and preferences, the newest) and try again. When the record was deleted since, or replaced
    by one created after a delete, the delete wins: nothing is saved."""
    base, version = loaded.record, loaded.version
    written = dump(base.after_turn(*turn, notes))
    if version and written == loaded.text:
        return  # nothing of the record changed this turn: no write
    deadline = time.monotonic() + SAVE_DEADLINE_S
    while time.monotonic() < deadline:
        if store.save(uid, written, version):
            return
        current = store.load(uid)
        if current.record is None:
            return  # deleted since this turn began
        try:
            theirs = parse(current.record, content, turn.state)
        except RecordError:
            return  # never write over a record this version cannot read
        if version != 0 and theirs.lineage != base.lineage:
            return  # deleted and begun again since this turn began
        base, version = theirs, current.version
        written = dump(base.after_turn(*turn, notes))
        import random  # only when saves race; not worth its import on every cold start

        time.sleep(random.uniform(0, MAX_BACKOFF_S))
    log.error("this turn was not saved: the record kept changing under it")


def session_state(handler_input: HandlerInput, content: Content) -> tuple[State | None, bool]:
    """The state carried in the session (None at a session's start), and whether one had to
    be dropped as unusable."""
    attributes = session_attributes(handler_input)
    session = handler_input.request_envelope.session
    if SESSION_KEY not in attributes:
        return None, False
    if session is not None and session.new:
        return None, False
    raw = attributes[SESSION_KEY]
    try:
        return decode(raw, content), False
    except (StateError, RecursionError) as error:
        reason = error if isinstance(error, StateError) else "nested too deep"
        log.warning("dropping unusable session state: %s (%s characters)", reason, _size(raw))
        return State(), True


def _size(value: object) -> str:
    """How large a JSON value is, for a log line that must not show it."""
    try:
        return str(len(json.dumps(value, default=str)))
    except (RecursionError, ValueError):
        return "too deeply nested to count"


def respond(
    handler_input: HandlerInput, event: Event, content: Content, store: Store | None
) -> Response:
    uid = user_id(handler_input)
    carried, dropped = session_state(handler_input, content)
    loaded = load_record(store, uid, content, carried)
    writable = loaded.read
    new_session = carried is None
    state = session_start(loaded.record.state, content) if carried is None else carried
    finished: Outcome | None = None
    local, zone = local_time(handler_input, loaded.record)
    session = _session_id(handler_input)
    facts = loaded.record.facts(local.now, new_session, session, history_known=loaded.read)
    notes = TurnNotes(local.now.date(), facts.first_visit, session, zone)
    try:
        state, reply = advance(state, event, content, facts)
        if reply.errand is not None:
            allowed = event.kind is Kind.CONSENT
            news = reminders.run(handler_input, reply.errand, local, content, allowed)
            state, reply = advance(state, Event(Kind.REMINDER_NEWS, news=news), content, facts)
        if dropped:
            reply = reply.prefixed(Say(content.prompt(Prompt.STATE_RESET)))
        if reply.forget_user:
            writable = False
            reply = _forget(store, uid, reply, content)
        response = _response(handler_input, state, reply, content)
        finished = Outcome(state, reply)
        return response
    finally:
        if finished and writable and store is not None:
            try:
                save_record(store, uid, loaded, finished, notes, content)
            except StoreError as error:
                log.error("store unavailable, this turn was not saved: %s", error)


def _session_id(handler_input: HandlerInput) -> str:
    """The session's id; "" when there is none, or one too long to be Alexa's (not counted)."""
    session = handler_input.request_envelope.session
    found = getattr(session, "session_id", None)
    return found if isinstance(found, str) and len(found) <= MAX_ID_CHARS else ""


def _forget(store: Store | None, uid: str, reply: Reply, content: Content) -> Reply:
    try:
        if store is not None and uid:
            store.delete(uid)
    except StoreError as error:
        log.error("could not delete a user's record: %s", error)
        return Reply((Say(content.prompt(Prompt.DELETE_FAILED)),))
    return reply


def _response(
    handler_input: HandlerInput, state: State, reply: Reply, content: Content
) -> Response:
    rendered = render(reply, content)
    session_attributes(handler_input)[SESSION_KEY] = encode(state)
    shown = display.screen(handler_input, reply, state, content)
    builder = handler_input.response_builder
    if shown is None or not shown.speaks:  # else the document speaks, line by line
        builder.speak(rendered.ssml)
    for directive in display.directives(shown) if shown else ():
        builder.add_directive(directive)
    if not rendered.ends_session:
        builder.ask(rendered.reprompt_ssml)
    if reply.consent_card:
        builder.set_card(reminders.consent_card())
    else:
        builder.set_card(SimpleCard(content.prompt(Prompt.CARD_TITLE), rendered.text))
    if reply.ask_consent is not None:
        builder.add_directive(reminders.consent_directive(reply.ask_consent))
    return builder.set_should_end_session(rendered.ends_session).response
