"""The key of every sentence in ``content/prompts.yaml``, and the placeholders each may use.

Code names a prompt only through a :class:`Prompt` constant, never a string it builds, so a test
can check both ways that every prompt in the file is spoken somewhere and every key spoken exists.
"""

from __future__ import annotations

import string


class Prompt:
    """The prompt keys, one constant each; the value is the key in ``content/prompts.yaml``."""

    CARD_TITLE = "card_title"
    CARD_HOLD = "card_hold"
    LIST_AND = "list_and"
    WELCOME = "welcome"
    MENU_ASK = "menu_ask"
    MENU_REPROMPT = "menu_reprompt"
    LIST = "list"
    UNKNOWN_STRETCH = "unknown_stretch"
    START_STRETCH = "start_stretch"
    START_ROUTINE = "start_routine"
    SIDE_FIRST = "side_first"
    SIDE_NEXT = "side_next"
    SIDE_UP_NEXT = "side_up_next"
    INTERRUPT_HINT = "interrupt_hint"
    CAUTION_REPROMPT = "caution_reprompt"
    NEXT_ASK = "next_ask"
    NEXT_REPROMPT = "next_reprompt"
    START_ASK = "start_ask"
    CARRY_ON_ASK = "carry_on_ask"
    CARRY_ON_REPROMPT = "carry_on_reprompt"
    HOLD_REMAINING = "hold_remaining"
    STRETCH_DONE = "stretch_done"
    UP_NEXT = "up_next"
    ROUTINE_DONE = "routine_done"
    ANOTHER_ASK = "another_ask"
    ANOTHER_REPROMPT = "another_reprompt"
    ADVANCED_REPROMPT = "advanced_reprompt"
    SKIPPING = "skipping"
    NOTHING_TO_SKIP = "nothing_to_skip"
    START_OVER = "start_over"
    PREVIOUS_FIRST = "previous_first"
    REPEAT_NOTHING = "repeat_nothing"
    PAUSED = "paused"
    PAUSED_ASK = "paused_ask"
    PAUSED_REPROMPT = "paused_reprompt"
    RESUMING = "resuming"
    NOTHING_PAUSED = "nothing_paused"
    NOTHING_MORE = "nothing_more"
    HELP = "help"
    FALLBACK = "fallback"
    FALLBACK_MIDWAY = "fallback_midway"
    FALLBACK_WAYS_OUT = "fallback_ways_out"
    CARRY_ON_DECLINED = "carry_on_declined"
    CHOOSE_ASK = "choose_ask"
    CHOOSE_REPROMPT = "choose_reprompt"
    PAIN = "pain"
    GOODBYE = "goodbye"
    GOODBYE_MIDWAY = "goodbye_midway"
    PAIN_TOPIC_STOP = "pain_topic_stop"
    PAIN_CHECK_OFFER = "pain_check_offer"
    PAIN_CHECK_ASK = "pain_check_ask"
    PAIN_CHECK_REPROMPT = "pain_check_reprompt"
    PAIN_CHECK_CLEAR = "pain_check_clear"
    STATE_RESET = "state_reset"
    ERROR = "error"
    DISCLAIMER = "disclaimer"
    WELCOME_BACK = "welcome_back"
    RESUME_OFFER = "resume_offer"
    RESUME_OFFER_SIDE = "resume_offer_side"
    RESUME_OFFER_ROUTINE = "resume_offer_routine"
    RESUME_DECLINED = "resume_declined"
    PACE_GUIDED = "pace_guided"
    PACE_CONTINUOUS = "pace_continuous"
    PACE_UNKNOWN = "pace_unknown"
    HOLD_SET = "hold_set"
    HOLD_RANGE = "hold_range"
    HISTORY_NONE = "history_none"
    HISTORY_UNKNOWN = "history_unknown"
    HISTORY_WEEK = "history_week"
    HISTORY_STREAK = "history_streak"
    DAYS_ONE = "days_one"
    DAYS_MANY = "days_many"
    STRETCHES_ONE = "stretches_one"
    STRETCHES_MANY = "stretches_many"
    DELETE_CONFIRM = "delete_confirm"
    DELETE_DONE = "delete_done"
    DELETE_KEPT = "delete_kept"
    DELETE_FAILED = "delete_failed"
    REMINDER_TEXT = "reminder_text"
    REMINDER_OFFER_ASK = "reminder_offer_ask"
    REMINDER_OFFER_REPROMPT = "reminder_offer_reprompt"
    REMINDER_OFFER_DECLINED = "reminder_offer_declined"
    REMINDER_GOODBYE = "reminder_goodbye"
    REMINDER_NO_TIME = "reminder_no_time"
    REMINDER_SET = "reminder_set"
    REMINDER_WHEN_DAILY = "reminder_when_daily"
    REMINDER_WHEN_WEEKDAYS = "reminder_when_weekdays"
    REMINDER_WHEN_TODAY = "reminder_when_today"
    REMINDER_WHEN_TOMORROW = "reminder_when_tomorrow"
    REMINDER_WHEN_DAY = "reminder_when_day"
    WEEKDAY_NAMES = "weekday_names"
    MONTH_NAMES = "month_names"
    TIME_AM = "time_am"
    TIME_PM = "time_pm"
    REMINDER_LIST_NONE = "reminder_list_none"
    REMINDER_LIST_ONE = "reminder_list_one"
    REMINDER_LIST_MANY = "reminder_list_many"
    REMINDER_CANCELLED_ONE = "reminder_cancelled_one"
    REMINDER_CANCELLED_MANY = "reminder_cancelled_many"
    REMINDER_CHANGED_ONE = "reminder_changed_one"
    REMINDER_CHANGED_MANY = "reminder_changed_many"
    REMINDER_NONE_TO_CANCEL = "reminder_none_to_cancel"
    REMINDER_NONE_TO_CHANGE = "reminder_none_to_change"
    CONSENT_NEEDED = "consent_needed"
    CONSENT_DENIED = "consent_denied"
    CONSENT_NOT_ANSWERED = "consent_not_answered"
    CONSENT_BY_CARD = "consent_by_card"
    CONSENT_THANKS = "consent_thanks"
    REMINDER_BUSY = "reminder_busy"
    REMINDER_UNAVAILABLE = "reminder_unavailable"
    REMINDER_REFUSED = "reminder_refused"
    # Words on an Echo Show's screen: buttons, labels and headings.
    SCREEN_NEXT = "screen_next"
    SCREEN_REPEAT = "screen_repeat"
    SCREEN_PAUSE = "screen_pause"
    SCREEN_PAIN = "screen_pain"
    SCREEN_YES = "screen_yes"
    SCREEN_NO = "screen_no"
    SCREEN_SKIP = "screen_skip"
    SCREEN_STRETCHES = "screen_stretches"
    SCREEN_ROUTINE = "screen_routine"
    SCREEN_MORE = "screen_more"
    SCREEN_STOP = "screen_stop"
    SCREEN_STEP = "screen_step"
    SCREEN_SIDE = "screen_side"
    SCREEN_PLACE = "screen_place"
    SCREEN_HOLD = "screen_hold"
    SCREEN_CAUTION = "screen_caution"
    SCREEN_BENEFITS = "screen_benefits"


# The placeholders a prompt may hold, for the prompts that hold any.
_FIELDS: dict[str, str] = {
    Prompt.CARD_HOLD: "seconds",
    Prompt.LIST: "names",
    Prompt.START_STRETCH: "name",
    Prompt.START_ROUTINE: "name",
    Prompt.SIDE_FIRST: "side",
    Prompt.SIDE_NEXT: "side",
    Prompt.SIDE_UP_NEXT: "side",
    Prompt.CAUTION_REPROMPT: "question",
    Prompt.CHOOSE_ASK: "name",
    Prompt.CHOOSE_REPROMPT: "name",
    Prompt.PAIN_TOPIC_STOP: "name",
    Prompt.PAIN_CHECK_OFFER: "name",
    Prompt.START_ASK: "name",
    Prompt.CARRY_ON_ASK: "name",
    Prompt.CARRY_ON_REPROMPT: "name",
    Prompt.STRETCH_DONE: "name",
    Prompt.UP_NEXT: "name",
    Prompt.SKIPPING: "name",
    Prompt.START_OVER: "name",
    Prompt.PAUSED: "name",
    Prompt.PAUSED_ASK: "name",
    Prompt.PAUSED_REPROMPT: "name",
    Prompt.RESUMING: "name",
    Prompt.RESUME_OFFER: "name",
    Prompt.RESUME_OFFER_SIDE: "name side",
    Prompt.RESUME_OFFER_ROUTINE: "name",
    Prompt.HOLD_SET: "name seconds",
    Prompt.HOLD_RANGE: "name low high",
    Prompt.HISTORY_WEEK: "days count",
    Prompt.HISTORY_STREAK: "days",
    Prompt.DAYS_MANY: "n",
    Prompt.STRETCHES_MANY: "n",
    Prompt.REMINDER_OFFER_ASK: "time",
    Prompt.REMINDER_OFFER_REPROMPT: "time",
    Prompt.REMINDER_SET: "when",
    Prompt.REMINDER_WHEN_DAILY: "time",
    Prompt.REMINDER_WHEN_WEEKDAYS: "time",
    Prompt.REMINDER_WHEN_TODAY: "time",
    Prompt.REMINDER_WHEN_TOMORROW: "time",
    Prompt.REMINDER_WHEN_DAY: "weekday month day time",
    Prompt.TIME_AM: "time",
    Prompt.TIME_PM: "time",
    Prompt.REMINDER_LIST_ONE: "when",
    Prompt.REMINDER_LIST_MANY: "n whens",
    Prompt.REMINDER_CANCELLED_MANY: "n",
    Prompt.REMINDER_CHANGED_ONE: "when",
    Prompt.REMINDER_CHANGED_MANY: "n time",
    Prompt.SCREEN_STEP: "number count",
    Prompt.SCREEN_SIDE: "side",
    Prompt.SCREEN_PLACE: "side step",
    Prompt.SCREEN_HOLD: "seconds",
}


# Prompts that list names, separated by commas, and how many each must hold.
NAME_LISTS: dict[str, int] = {Prompt.WEEKDAY_NAMES: 7, Prompt.MONTH_NAMES: 12}


def split_names(text: str) -> tuple[str, ...]:
    """The names a name-list prompt holds: "Monday, Tuesday, …" -> ("Monday", "Tuesday", …)."""
    return tuple(name.strip() for name in text.split(","))


def prompt_keys() -> tuple[str, ...]:
    """Every prompt key, in the order :class:`Prompt` declares them."""
    return tuple(value for name, value in vars(Prompt).items() if name.isupper())


def prompt_fields(key: str) -> frozenset[str]:
    """The ``{field}`` names prompt ``key`` may use."""
    return frozenset(_FIELDS.get(key, "").split())


def placeholders(text: str) -> set[str]:
    """The ``{field}`` names a text uses; ValueError when its braces do not balance."""
    if "{" not in text and "}" not in text:  # most texts: no need to parse
        return set()
    return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}
