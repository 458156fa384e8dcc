"""How steps are chunked into responses, for every stretch of the content and for made-up
shapes: every step once and in order, within Alexa's clip limit, a long hold ending its chunk,
short holds chained, a hold-less end of a side running on into the next side."""

from __future__ import annotations

import pytest

from skill.content.loader import default_content
from skill.content.model import Step
from skill.dialogue.pacing import (
    REMINDER_AT,
    REMINDER_MIN_HOLD,
    SHORT_HOLD_SECONDS,
    Segment,
    chunk,
    chunk_starts,
    hold,
    hold_seconds,
    segments,
)
from skill.dialogue.state import Pace, PlanItem, Prefs
from skill.limits import MAX_HOLDS_PER_RESPONSE

CONTENT = default_content()
ITEMS = [PlanItem(s.id) for s in CONTENT.stretches] + [
    PlanItem(s.id, advanced=True) for s in CONTENT.stretches if s.advanced
]
IDS = [f"{i.stretch}{'+advanced' if i.advanced else ''}" for i in ITEMS]


def chunks(segs: tuple[Segment, ...], pace: Pace) -> list[list[tuple[int, int]]]:
    """Every chunk of a plan item, from its first step to its end."""
    out, seg, step = [], 0, 0
    while seg < len(segs):
        taken, seg, step = chunk(segs, seg, step, pace)
        assert taken, f"no progress at segment {seg}, step {step}"
        out.append(taken)
    return out


def holds_in(segs: tuple[Segment, ...], taken: list[tuple[int, int]]) -> list[int]:
    return [segs[g].steps[s].hold_seconds for g, s in taken if segs[g].steps[s].hold_seconds]


def made_up(*holds: int) -> tuple[Segment, ...]:
    """One segment whose steps hold these seconds (0: no hold)."""
    return (Segment(tuple(Step(f"step {i}", hold_seconds=h) for i, h in enumerate(holds))),)


@pytest.mark.parametrize("pace", list(Pace))
@pytest.mark.parametrize("item", ITEMS, ids=IDS)
def test_every_step_is_spoken_once_in_order_within_the_clip_limit(item, pace) -> None:
    segs = segments(CONTENT, item)
    spoken = [pair for taken in chunks(segs, pace) for pair in taken]
    assert spoken == [(g, s) for g, seg in enumerate(segs) for s in range(len(seg.steps))]
    for taken in chunks(segs, pace):
        assert len(holds_in(segs, taken)) <= MAX_HOLDS_PER_RESPONSE


@pytest.mark.parametrize("pace", list(Pace))
@pytest.mark.parametrize("item", ITEMS, ids=IDS)
def test_chunk_starts_are_where_each_chunk_begins(item, pace) -> None:
    segs = segments(CONTENT, item)
    starts = chunk_starts(CONTENT, 3, item, pace)
    firsts = [taken[0] for taken in chunks(segs, pace)]
    assert [(p.segment, p.step) for p in starts] == firsts
    assert {p.item for p in starts} == {3}


@pytest.mark.parametrize("item", ITEMS, ids=IDS)
def test_guided_a_long_hold_ends_its_chunk_and_every_chunk_but_the_last_holds(item) -> None:
    segs = segments(CONTENT, item)
    found = chunks(segs, Pace.GUIDED)
    for taken in found:
        long_holds = [h for h in holds_in(segs, taken) if h > SHORT_HOLD_SECONDS]
        assert len(long_holds) <= 1
        if long_holds:
            assert holds_in(segs, taken)[-1] == long_holds[0]
    for taken in found[:-1]:
        assert holds_in(segs, taken), "a chunk without a hold runs on into the next"


def test_guided_the_end_of_a_side_runs_on_into_the_next_side() -> None:
    """Sitting rotation: "come back to the start" is followed at once by the other side."""
    segs = segments(CONTENT, PlanItem("sitting_rotation"))
    assert [s.side for s in segs] == ["left", "right"]
    found = chunks(segs, Pace.GUIDED)
    crossing = [taken for taken in found if {g for g, _ in taken} == {0, 1}]
    assert crossing, found
    first_of_right = crossing[0].index((1, 0))
    assert not holds_in(segs, crossing[0][:first_of_right][-1:])  # the side ended on no hold


def test_continuous_every_chunk_but_the_last_uses_every_hold_it_may() -> None:
    for item in ITEMS:
        segs = segments(CONTENT, item)
        for taken in chunks(segs, Pace.CONTINUOUS)[:-1]:
            assert len(holds_in(segs, taken)) == MAX_HOLDS_PER_RESPONSE, item


@pytest.mark.parametrize(
    ("holds", "guided"),
    [
        ((5, 5, 5, 5), [[0, 1], [2, 3]]),  # short holds: as many as the clip limit allows
        ((5, 0, 5, 0, 5, 0, 5), [[0, 1, 2], [3, 4, 5, 6]]),
        ((5, 30, 0), [[0], [1], [2]]),  # a long hold stands alone: it ends the chunk before it
        ((30, 5, 5), [[0], [1, 2]]),  # and the one it is in
        ((0, 0, 0), [[0, 1, 2]]),
    ],
)
def test_short_holds_are_chained_and_long_ones_stand_alone(holds, guided) -> None:
    segs = made_up(*holds)
    assert [[s for _, s in taken] for taken in chunks(segs, Pace.GUIDED)] == guided


def test_continuous_runs_on_until_the_clip_limit() -> None:
    segs = made_up(30, 0, 30, 0, 30, 30)
    found = [[s for _, s in taken] for taken in chunks(segs, Pace.CONTINUOUS)]
    assert MAX_HOLDS_PER_RESPONSE == 2
    assert found == [[0, 1, 2, 3], [4, 5]]


def test_a_ranged_hold_takes_the_users_choice_only_inside_its_range() -> None:
    ranged = Step("hold it", hold_seconds=30, hold_max_seconds=60)
    fixed = Step("hold it", hold_seconds=30)
    assert hold_seconds(ranged, Prefs()) == 30
    assert hold_seconds(ranged, Prefs(ranged_hold=45)) == 45
    assert hold_seconds(ranged, Prefs(ranged_hold=90)) == 30
    assert hold_seconds(fixed, Prefs(ranged_hold=45)) == 30


@pytest.mark.parametrize("seconds", [5, 10, 19, 20, 30, 60])
def test_long_holds_carry_the_reminder(seconds) -> None:
    made = hold(seconds)
    assert made.seconds == seconds
    assert made.remind_at == (REMINDER_AT if seconds >= REMINDER_MIN_HOLD else 0)
    assert made.remind_at < seconds


def test_sides_and_the_advanced_variant_are_segments() -> None:
    sides = segments(CONTENT, PlanItem("knee_to_chest"))
    assert [(s.side, s.other) for s in sides] == [("left", "right"), ("right", "left")]
    bridge = segments(CONTENT, PlanItem("bridge", advanced=True))
    assert [s.advanced for s in bridge] == [False, True]
    assert bridge[1].steps == CONTENT.stretch("bridge").advanced.steps
