"""What Alexa makes of spoken times and dates: AMAZON.TIME as "19:30" (or "MO", "AF", "EV",
"NI" for a part of the day), AMAZON.DATE as "2026-12-02". Alexa resolves these itself; this is
the simulator's stand-in, for the phrasings people use to set a reminder. A phrase it cannot
read resolves to None, as a device would leave the slot without a value.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

_NUMBERS = {
    word: n
    for n, word in enumerate(
        [
            "zero",
            "one",
            "two",
            "three",
            "four",
            "five",
            "six",
            "seven",
            "eight",
            "nine",
            "ten",
            "eleven",
            "twelve",
        ]
    )
}
_MINUTES = {"o'clock": 0, "oclock": 0, "fifteen": 15, "thirty": 30, "forty five": 45,
            "forty-five": 45, "oh five": 5, "five": 5, "ten": 10, "twenty": 20,
            "forty": 40, "fifty": 50}  # fmt: skip
_PARTS = {"morning": "MO", "afternoon": "AF", "evening": "EV", "night": "NI", "tonight": "NI"}
# Words after the hour that say which half of the day it is in: True after noon.
_HALVES = {"pm": True, "in the afternoon": True, "in the evening": True, "at night": True,
           "tonight": True, "am": False, "in the morning": False}  # fmt: skip
_DAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]


def time_value(spoken: str) -> str | None:
    """AMAZON.TIME's value for ``spoken``: "7 pm" -> "19:00", "quarter past eight" -> "08:15"."""
    said = " ".join(spoken.lower().replace(".", " ").split())
    said = re.sub(r"\b([ap]) m\b", r"\1m", said)
    if said in ("noon", "midday", "twelve noon"):
        return "12:00"
    if said == "midnight":
        return "00:00"
    part = said.removeprefix("in the ").removeprefix("the ")
    if part in _PARTS:
        return _PARTS[part]
    half = None
    for suffix, afternoon in _HALVES.items():
        if said.endswith(" " + suffix):
            said, half = said[: -len(suffix) - 1], afternoon
            break
    clock = _clock(said)
    if clock is None:
        return None
    hour, minute = clock
    if half is True and hour < 12:
        hour += 12
    if half is False and hour == 12:
        hour = 0
    return f"{hour:02d}:{minute:02d}" if hour < 24 else None


def _clock(said: str) -> tuple[int, int] | None:
    """Hour and minute of "7", "7:30", "seven thirty", "quarter past eight", "half past five"."""
    match = re.fullmatch(r"(\d{1,2})(?:[: ](\d{2}))?", said)  # "7:30" reaches here as "7 30"
    if match:
        hour, minute = int(match.group(1)), int(match.group(2) or 0)
        return (hour, minute) if hour < 24 and minute < 60 else None
    for lead, minute in (("quarter past ", 15), ("half past ", 30)):
        if said.startswith(lead):
            hour = _hour(said.removeprefix(lead))
            return (hour, minute) if hour is not None else None
    if said.startswith("quarter to "):
        hour = _hour(said.removeprefix("quarter to "))
        return ((hour - 1) % 24, 45) if hour is not None else None
    words = said.split(" ", 1)
    hour = _hour(words[0])
    if hour is None:
        return None
    if len(words) == 1:
        return hour, 0
    minute = _MINUTES.get(words[1])
    return (hour, minute) if minute is not None else None


def _hour(word: str) -> int | None:
    if word.isdigit():
        return int(word) if int(word) < 24 else None
    return _NUMBERS.get(word) if word in _NUMBERS and word != "zero" else None


def date_value(spoken: str, today: date) -> str | None:
    """AMAZON.DATE's value for ``spoken``: "tomorrow", "today", "on friday", "the day after
    tomorrow", as an ISO day."""
    said = " ".join(spoken.lower().split()).removeprefix("on ").removeprefix("this ")
    if said == "today":
        return today.isoformat()
    if said == "tomorrow":
        return (today + timedelta(days=1)).isoformat()
    if said == "the day after tomorrow":
        return (today + timedelta(days=2)).isoformat()
    if said in _DAYS:
        ahead = (_DAYS.index(said) - today.weekday()) % 7 or 7
        return (today + timedelta(days=ahead)).isoformat()
    return None
