"""The simulator's reading of spoken times and dates, as Alexa's AMAZON.TIME and AMAZON.DATE."""

from __future__ import annotations

from datetime import date

import pytest

from skill.voice_model.builtin_values import date_value, time_value

TUESDAY = date(2026, 12, 1)


@pytest.mark.parametrize(
    ("spoken", "value"),
    [
        ("7 pm", "19:00"),
        ("7 p m", "19:00"),
        ("seven", "07:00"),
        ("7 30 am", "07:30"),
        ("seven thirty in the evening", "19:30"),
        ("quarter past eight in the morning", "08:15"),
        ("half past five in the evening", "17:30"),
        ("quarter to nine pm", "20:45"),
        ("twelve am", "00:00"),
        ("12 pm", "12:00"),
        ("noon", "12:00"),
        ("midnight", "00:00"),
        ("the evening", "EV"),
        ("in the morning", "MO"),
        ("25", None),
        ("seven sixty", None),
        ("banana", None),
        ("", None),
    ],
)
def test_times(spoken: str, value: str | None) -> None:
    assert time_value(spoken) == value


@pytest.mark.parametrize(
    ("spoken", "value"),
    [
        ("today", "2026-12-01"),
        ("tomorrow", "2026-12-02"),
        ("the day after tomorrow", "2026-12-03"),
        ("on friday", "2026-12-04"),
        ("tuesday", "2026-12-08"),  # a weekday named on that day is next week's
        ("someday", None),
    ],
)
def test_dates(spoken: str, value: str | None) -> None:
    assert date_value(spoken, TUESDAY) == value
