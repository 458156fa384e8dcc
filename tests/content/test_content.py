"""Content loading: the real files are valid, and every kind of mistake is named precisely."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from skill.content.loader import CONTENT_DIR, load_content
from skill.content.model import ContentError
from skill.content.schema import FILES


@pytest.fixture
def content_dir(tmp_path: Path) -> Path:
    target = tmp_path / "content"
    shutil.copytree(CONTENT_DIR, target)
    return target


def edit(directory: Path, name: str, old: str, new: str) -> None:
    path = directory / name
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {name}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def errors_of(directory: Path) -> list[str]:
    with pytest.raises(ContentError) as caught:
        load_content(directory)
    return caught.value.errors


def test_the_real_content_is_complete(content) -> None:
    assert [s.id for s in content.stretches] == [
        "cat_camel",
        "kneeling_back_extension",
        "sitting_rotation",
        "knee_to_chest",
        "bridge",
        "extension_exercise",
    ]
    assert sorted(content.routine) == sorted(s.id for s in content.stretches)
    assert len(content.benefits.items) == 11
    assert {s.id for s in content.stretches if s.caution} == {"bridge", "extension_exercise"}
    assert {s.id: s.sides for s in content.stretches if s.sides} == {
        "sitting_rotation": ("left", "right"),
        "knee_to_chest": ("left", "right"),
    }
    assert content.stretch("bridge").advanced is not None
    assert "cat cow" in content.stretch("cat_camel").names


def test_holds_follow_the_source(content) -> None:
    holds = {
        s.id: [st.hold_seconds for st in s.steps if st.hold_seconds] for s in content.stretches
    }
    assert holds == {
        "cat_camel": [5, 5],  # "a few seconds"
        "kneeling_back_extension": [5, 5],  # "about 5 seconds"
        "sitting_rotation": [30],  # "about 30 seconds"
        "knee_to_chest": [30],
        "bridge": [30],
        "extension_exercise": [30],  # "30–60 seconds": 30 timed, up to 60
    }
    extension = content.stretch("extension_exercise").steps[-1]
    assert extension.hold_max_seconds == 60


def test_a_hold_with_units_names_file_path_expected_and_got(content_dir: Path) -> None:
    edit(content_dir, "stretches.yaml", "hold_seconds: 30\n        after: And release.",
         "hold_seconds: 30s\n        after: And release.")  # fmt: skip
    assert errors_of(content_dir) == [
        "content/stretches.yaml: stretches[3].steps[3].hold_seconds: expected int 1–120, got '30s'"
    ]


def test_every_error_is_collected_not_just_the_first(content_dir: Path) -> None:
    edit(content_dir, "stretches.yaml", "hold_seconds: 5", "hold_seconds: 0")
    edit(content_dir, "stretches.yaml", "    name: the bridge\n", "    nme: the bridge\n")
    edit(content_dir, "knowledge.yaml", "page_size: 4", "page_size: four")
    edit(
        content_dir,
        "prompts.yaml",
        "stretch_done: That's {name} done.",
        "stretch_done: That's {nam} done.",
    )
    errors = errors_of(content_dir)
    joined = "\n".join(errors)
    assert len(errors) == 5, joined
    assert "stretches.yaml: stretches[0].steps[2].hold_seconds: expected int 1–120, got 0" in joined
    assert "stretches[4].nme: expected one of the keys" in joined
    assert "stretches[4].name: expected a value, got nothing" in joined
    assert "knowledge.yaml: benefits.page_size: expected int 1–11, got 'four'" in joined
    assert (
        "prompts.yaml: stretch_done: expected text using only {name}, got \"That's {nam}" in joined
    )


@pytest.mark.parametrize(
    ("name", "old", "new", "message"),
    [
        (
            "stretches.yaml",
            "id: bridge",
            "id: cat_camel",
            "stretches[4].id: expected an id used once",
        ),
        ("stretches.yaml", "id: bridge", "id: the bridge", "expected an identifier"),
        ("stretches.yaml", "sides: [left, right]", "sides: [left]", "expected two sides"),
        ("stretches.yaml", "Bend your {side} leg", "Bend your {knee} leg", "using only {other}"),
        ("stretches.yaml", "Lie on your back with", "Lie on your {side} with", "no placeholders"),
        ("stretches.yaml", "names: [bridge,", "names: [cat cow, bridge,", "names not used by cat"),
        ("stretches.yaml", "routine: [cat_camel,", "routine: [", "routine: expected every stretch"),
        ("stretches.yaml", "hold_max_seconds: 60", "hold_max_seconds: 10", "hold_max_seconds"),
        ("stretches.yaml", "intro: Here's", "intro: ''\n      x: Here's", "expected non-empty"),
        ("knowledge.yaml", "intent: SeeDoctorIntent", "intent: see doctor", "an intent name"),
        ("knowledge.yaml", "  more: Would", "  moar: Would", "benefits.moar: expected one of"),
        ("prompts.yaml", "welcome: >-", "welcom: >-", "welcome: expected a value"),
        ("prompts.yaml", "fallback: Sorry", "fallback: Sorry {", "balanced braces"),
        (
            "stretches.yaml",
            "        move_seconds: 5\n      - say: Gently",
            "\n      - say: Gently",
            "stretches[0].steps[0].move_seconds: expected a value, got nothing",
        ),
        (
            "stretches.yaml",
            "move_seconds: 3\n      - say: Hold",
            "move_seconds: 0\n      - say: Hold",
            "move_seconds: expected int 1–20, got 0",
        ),
        ("stretches.yaml", "        after_seconds: 3\n", "", "after_seconds: expected after and"),
        (
            "stretches.yaml",
            "ask: Do you want to go ahead?",
            "ask: Go ahead.",
            "expected a question",
        ),
        (
            "stretches.yaml",
            "      declined: No problem",
            "      refused: No problem",
            "caution.refused: expected one of the keys ask, declined, say",
        ),
        (
            "knowledge.yaml",
            "about_pain: true",
            "about_pain: yes please",
            "about_pain: expected true",
        ),
        (
            "prompts.yaml",
            "Friday, Saturday, Sunday",
            "Friday Saturday, Sunday",
            "weekday_names: expected 7 names separated by commas",
        ),
    ],
)
def test_each_mistake_is_reported(content_dir: Path, name, old, new, message) -> None:
    edit(content_dir, name, old, new)
    errors = errors_of(content_dir)
    assert any(message in e and e.startswith(f"content/{name}") for e in errors), errors


def test_broken_yaml_names_the_line(content_dir: Path) -> None:
    edit(content_dir, "knowledge.yaml", "  page_size: 4", "  page_size: [4")
    (error,) = errors_of(content_dir)
    assert error.startswith("content/knowledge.yaml: line ")
    assert "expected valid YAML" in error


def test_a_missing_file_is_named(content_dir: Path) -> None:
    (content_dir / "prompts.yaml").unlink()
    assert errors_of(content_dir) == ["content/prompts.yaml: expected the file, got nothing"]


def test_a_broken_file_does_not_hide_errors_in_the_others(content_dir: Path) -> None:
    edit(content_dir, "knowledge.yaml", "  page_size: 4", "  page_size: [4")
    edit(content_dir, "prompts.yaml", "welcome: >-", "welcom: >-")
    errors = errors_of(content_dir)
    assert [e.split(":")[0] for e in errors] == [
        "content/knowledge.yaml",
        "content/prompts.yaml",
        "content/prompts.yaml",
    ], errors


def test_a_file_that_is_not_a_mapping(content_dir: Path) -> None:
    (content_dir / "knowledge.yaml").write_text("- just\n- a list\n", encoding="utf-8")
    assert errors_of(content_dir)[0] == (
        "content/knowledge.yaml: top level: expected a mapping, got ['just', 'a list']"
    )


def test_the_error_message_lists_every_problem(content_dir: Path) -> None:
    edit(content_dir, "stretches.yaml", "hold_seconds: 5", "hold_seconds: -1")
    with pytest.raises(ContentError) as caught:
        load_content(content_dir)
    assert str(caught.value).startswith("invalid content:\n  content/stretches.yaml: ")


def test_every_content_file_is_read() -> None:
    assert {p.name for p in CONTENT_DIR.glob("*.yaml")} == set(FILES)


def test_every_step_leaves_time_to_move(content) -> None:
    """Into a position at least 4 s, every other move at least 3 s (coming out of a hold
    included), a cue to hold at least 2 s to settle before the chime."""
    for stretch in content.stretches:
        for steps in [stretch.steps] + ([stretch.advanced.steps] if stretch.advanced else []):
            assert steps[0].move_seconds >= 4, (stretch.id, steps[0].say)
            for step in steps:
                assert step.move_seconds >= (2 if step.hold_seconds else 3), step.say
                assert not step.after or step.after_seconds >= 3, step.after


def test_the_cautions_ask_what_the_source_sets(content) -> None:
    extension = content.stretch("extension_exercise").caution
    assert extension.ask == "Can you lie face down without any back pain?"
    assert "lie face down without any back pain" in extension.declined
    assert content.stretch("bridge").caution.ask.endswith("?")
    for stretch_id in ("extension_exercise", "bridge"):  # each ends by coming down slowly
        stretch = content.stretch(stretch_id)
        last = (stretch.advanced.steps if stretch.advanced else stretch.steps)[-1]
        assert "slowly" in last.after.lower(), last


def test_a_stretch_that_names_its_source_says_it_in_its_intro(content) -> None:
    sourced = [s for s in content.stretches if s.source]
    assert {s.id for s in sourced} == {"sitting_rotation", "kneeling_back_extension"}
    for stretch in sourced:
        assert stretch.source.lower() in stretch.intro.lower(), stretch.id
