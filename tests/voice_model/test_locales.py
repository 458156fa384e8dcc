"""Five English locales from one source: the generated files cannot drift from en-US.json, each
keeps the model's rules, and the skill answers requests in every one of them."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from skill.alexa.lambda_function import handler
from skill.tools import sync as model_sync
from skill.tools.simulator import Conversation
from skill.voice_model.lint import lint
from skill.voice_model.matcher import Understander
from skill.voice_model.model import (
    LOCALES,
    MODEL_DIR,
    TEMPLATES_NAME,
    language_model,
    load_model,
    stale_files,
    sync_all,
)
from tests.responses import spoken_text

SYNC = "run: make sync"


def test_every_locale_file_is_what_sync_writes(content) -> None:
    assert stale_files(content) == [], SYNC


def test_the_manifest_locale_entries_are_what_sync_writes() -> None:
    from skill.voice_model.manifest import is_stale

    assert not is_stale(), SYNC


@pytest.mark.parametrize("locale", LOCALES)
def test_each_locale_keeps_every_rule(locale: str) -> None:
    assert lint(load_model(locale)) == []


@pytest.fixture
def model_dir(tmp_path: Path) -> Path:
    for name in [f"{locale}.json" for locale in LOCALES] + [TEMPLATES_NAME]:
        shutil.copyfile(MODEL_DIR / name, tmp_path / name)
    return tmp_path


def test_a_hand_edit_of_a_generated_locale_is_caught_and_undone(content, model_dir: Path) -> None:
    edited = load_model("en-GB")
    language_model(edited)["invocationName"] = "back stretch trainer"
    (model_dir / "en-GB.json").write_text(json.dumps(edited), encoding="utf-8")
    assert stale_files(content, model_dir) == ["en-GB.json: differs from what sync writes"]
    assert sync_all(content, model_dir) == {
        f"{locale}.json": locale == "en-GB" for locale in LOCALES
    }
    assert stale_files(content, model_dir) == []


def test_an_edit_of_the_sample_templates_reaches_every_locale(content, model_dir: Path) -> None:
    templates_file = model_dir / TEMPLATES_NAME
    text = templates_file.read_text(encoding="utf-8")
    anchor = "  StartRoutineIntent:\n"
    templates_file.write_text(text.replace(anchor, anchor + '    - "limber me up"\n'), "utf-8")
    assert len(stale_files(content, model_dir)) == len(LOCALES)
    sync_all(content, model_dir)
    for locale in LOCALES:
        model = json.loads((model_dir / f"{locale}.json").read_text(encoding="utf-8"))
        assert "limber me up" in language_model(model)["intents"][1]["samples"]


def test_a_missing_or_stray_locale_file_is_named(content, model_dir: Path) -> None:
    (model_dir / "en-IN.json").unlink()
    shutil.copyfile(model_dir / "en-GB.json", model_dir / "en-NZ.json")
    assert stale_files(content, model_dir) == [
        "en-IN.json: missing",
        "en-NZ.json: not a locale of the skill (LOCALES)",
    ]


def test_check_exits_1_while_files_differ(content, model_dir: Path, monkeypatch, capsys) -> None:
    assert model_sync.main(["x", "check"]) == 0
    monkeypatch.setattr(model_sync, "stale_files", lambda c: stale_files(c, model_dir))
    (model_dir / "en-AU.json").write_text("{}", encoding="utf-8")
    assert model_sync.main(["x", "check"]) == 1
    assert "en-AU.json: differs" in capsys.readouterr().err


@pytest.mark.parametrize("locale", LOCALES)
def test_the_skill_answers_in_every_locale(locale: str) -> None:
    conversation = Conversation(handler, Understander(load_model(locale)), locale)
    opened = conversation.say("open back stretch coach")
    assert spoken_text(opened) and opened["response"]["shouldEndSession"] is False
    started = conversation.say("start knee to chest")
    assert "knee to chest" in spoken_text(started).lower()
