"""Stretch reminders in the conversation: asking for one, hearing what the reminders service
did, the user's answer on permission, and the once-only offer of a daily reminder.

The dialogue does no I/O, so an errand goes out in the reply (``Reply.errand``) and comes back
as a REMINDER_NEWS event, whose answer is what the turn says. The user's place in a stretch is
kept throughout: every answer ends with the question the phase asks (:func:`answer`), except
the offer's, which closes the session it ends.
"""

from __future__ import annotations

from datetime import date, timedelta

from skill.content.model import Content
from skill.content.prompts import Prompt
from skill.dialogue.acts import Outcome, Reply, Say
from skill.dialogue.answers import answer, caution_closed, say
from skill.dialogue.events import Event, Facts
from skill.dialogue.schedule import (
    MINUTES_A_DAY,
    Consent,
    Errand,
    Fault,
    News,
    OfferStep,
    Repeat,
    Schedule,
    Task,
)
from skill.dialogue.state import Phase, State

OFFER_ROUNDING = 15  # minutes: the offered daily time is now, to the nearest quarter hour
SESSIONS_BEFORE_OFFER = 2  # the offer follows the user's second session with a finished stretch

_FAULT_PROMPTS = {
    Fault.BUSY: Prompt.REMINDER_BUSY,
    Fault.UNAVAILABLE: Prompt.REMINDER_UNAVAILABLE,
    Fault.REFUSED: Prompt.REMINDER_REFUSED,
}
_WHEN_PROMPTS = {
    Repeat.DAILY: Prompt.REMINDER_WHEN_DAILY,
    Repeat.WEEKDAYS: Prompt.REMINDER_WHEN_WEEKDAYS,
}


def clock(content: Content, minute: int) -> str:
    """A time of day for the ear: "7 AM", "6:45 PM", "12:30 AM"."""
    hour, past = divmod(minute, 60)
    shown = str(hour % 12 or 12) + (f":{past:02d}" if past else "")
    return content.prompt(Prompt.TIME_AM if hour < 12 else Prompt.TIME_PM, time=shown)


def when(content: Content, schedule: Schedule, today: date | None) -> str:
    """When a reminder rings, as it is said after "I'll remind you to stretch"."""
    time = clock(content, schedule.minute)
    if schedule.repeat in _WHEN_PROMPTS:
        return content.prompt(_WHEN_PROMPTS[schedule.repeat], time=time)
    day = schedule.day
    if day is not None and day == today:
        return content.prompt(Prompt.REMINDER_WHEN_TODAY, time=time)
    if day is not None and today is not None and day == today + timedelta(days=1):
        return content.prompt(Prompt.REMINDER_WHEN_TOMORROW, time=time)
    day = day or today or date.min  # a one-off always has its day by the time it is said
    weekday = content.names(Prompt.WEEKDAY_NAMES)[day.weekday()]
    month = content.names(Prompt.MONTH_NAMES)[day.month - 1]
    values = {"weekday": weekday, "month": month, "day": str(day.day), "time": time}
    return content.prompt(Prompt.REMINDER_WHEN_DAY, **values)


def requested(state: State, content: Content, errand: Errand | None) -> Outcome:
    """The user asked something of their reminders: take it to the service, or, for a reminder
    with no time to it, say how to give one. An open caution question is closed either way:
    the next "yes" answers whatever is asked next, never the caution."""
    if errand is None or (errand.task in (Task.CREATE, Task.CHANGE) and errand.schedule is None):
        return _said(state, content, say(content, Prompt.REMINDER_NO_TIME))
    return Outcome(caution_closed(state), Reply((), errand=errand))


def reported(state: State, content: Content, news: News, facts: Facts) -> Outcome:
    """Say what the reminders service did with an errand."""
    task, found = news.errand.task, news.reminders
    if news.fault is Fault.NO_PERMISSION:  # an offer stays open until Alexa's question is answered
        acts = (say(content, Prompt.CONSENT_NEEDED),)
        return Outcome(caution_closed(state), Reply(acts, ask_consent=news.errand))
    if news.fault is Fault.STILL_NOT_ALLOWED:
        return _card_sent(state, content, Prompt.CONSENT_BY_CARD)
    if news.fault is not None:
        return _said(state, content, say(content, _FAULT_PROMPTS[news.fault]))
    if task is Task.CREATE and found:
        text = say(content, Prompt.REMINDER_SET, when=when(content, found[0], facts.today))
        s, reply = _said(state, content, text)
        return Outcome(s, reply._replace(offer=OfferStep.HAS_REMINDER))
    if task is Task.LIST:
        return _said(state, content, _listing(content, found, facts.today))
    if task is Task.CANCEL and found:
        key, values = Prompt.REMINDER_CANCELLED_ONE, {}
        if len(found) > 1:
            key, values = Prompt.REMINDER_CANCELLED_MANY, {"n": str(len(found))}
        return _said(state, content, say(content, key, **values))
    if task is Task.CHANGE and found:
        if len(found) == 1:
            text = when(content, found[0], facts.today)
            return _said(state, content, say(content, Prompt.REMINDER_CHANGED_ONE, when=text))
        time = clock(content, found[0].minute)
        n = str(len(found))
        return _said(state, content, say(content, Prompt.REMINDER_CHANGED_MANY, n=n, time=time))
    if task is Task.CHANGE:
        return _said(state, content, say(content, Prompt.REMINDER_NONE_TO_CHANGE))
    if task is Task.CANCEL:
        return _said(state, content, say(content, Prompt.REMINDER_NONE_TO_CANCEL))
    # A creation the service reported without the reminder: say it could not be done.
    return _said(state, content, say(content, Prompt.REMINDER_UNAVAILABLE))


def _listing(content: Content, found: tuple[Schedule, ...], today: date | None) -> Say:
    if not found:
        return say(content, Prompt.REMINDER_LIST_NONE)
    if len(found) == 1:
        return say(content, Prompt.REMINDER_LIST_ONE, when=when(content, found[0], today))
    whens = content.spoken_list([when(content, s, today) for s in found])
    return say(content, Prompt.REMINDER_LIST_MANY, n=str(len(found)), whens=whens)


def consented(state: State, content: Content, event: Event) -> Outcome:
    """The user's answer when Alexa asked them to allow reminders."""
    match event.arg:
        case Consent.ACCEPTED if event.errand is not None:
            return requested(state, content, event.errand)
        case Consent.ACCEPTED:
            thanks = say(content, Prompt.CONSENT_THANKS)
            return _said(state, content, thanks, say(content, Prompt.REMINDER_NO_TIME))
        case Consent.DENIED:
            return _said(state, content, say(content, Prompt.CONSENT_DENIED))
        case Consent.NOT_ANSWERED:
            return _card_sent(state, content, Prompt.CONSENT_NOT_ANSWERED)
    return _card_sent(state, content, Prompt.CONSENT_BY_CARD)


def offered(before: State, outcome: Outcome, facts: Facts, content: Content) -> Outcome:
    """After the user's second session with a finished stretch, once in their life, the end of
    the plan asks whether to remind them every day at about this time."""
    state, reply = outcome
    ended = state.phase is Phase.MENU and bool(state.plan) and not state.in_plan
    already_ended = before.phase is Phase.MENU and bool(before.plan) and not before.in_plan
    sessions = facts.finished_sessions
    if reply.completed and not facts.session_counted:
        sessions += 1
    if not (facts.reminder_offer_open and ended and not already_ended and reply.ask):
        return outcome
    if sessions < SESSIONS_BEFORE_OFFER:
        return outcome
    rounded = round(facts.minute / OFFER_ROUNDING) * OFFER_ROUNDING % MINUTES_A_DAY
    time = clock(content, rounded)
    p = content.prompt
    s = state._replace(phase=Phase.REMINDER_OFFER, offer_minute=rounded)
    ask = p(Prompt.REMINDER_OFFER_ASK, time=time)
    reprompt = p(Prompt.REMINDER_OFFER_REPROMPT, time=time)
    return Outcome(s, reply._replace(ask=ask, reprompt=reprompt, offer=OfferStep.OFFERED))


def offer_answered(state: State, content: Content, yes: bool) -> Outcome:
    """Yes sets the daily reminder that was offered; no is remembered, and never asked again."""
    if yes:
        errand = Errand(Task.CREATE, Schedule(state.offer_minute, Repeat.DAILY))
        return Outcome(caution_closed(state), Reply((), errand=errand))
    acts = (say(content, Prompt.REMINDER_OFFER_DECLINED), say(content, Prompt.REMINDER_GOODBYE))
    return Outcome(left_offer(state), Reply(acts, offer=OfferStep.DECLINED))


def left_offer(state: State) -> State:
    """The state with the offer, if open, withdrawn (the user went on to something else)."""
    if state.phase is not Phase.REMINDER_OFFER:
        return state
    return state._replace(phase=Phase.MENU, offer_minute=0)


def _card_sent(state: State, content: Content, key: str) -> Outcome:
    """Say ``key`` and send the Alexa app the card where the user can allow reminders."""
    s, reply = _said(state, content, say(content, key))
    return Outcome(s, reply._replace(consent_card=True))


def _said(state: State, content: Content, *acts: Say) -> Outcome:
    """Say ``acts`` and ask what the phase asks, so a yes or no that follows answers the
    question the user is in (did anything hurt, go ahead, carry on); after the offer, whose
    question ended the session, say goodbye instead."""
    if state.phase is Phase.REMINDER_OFFER:
        return Outcome(left_offer(state), Reply((*acts, say(content, Prompt.REMINDER_GOODBYE))))
    return answer(state, content, acts)
