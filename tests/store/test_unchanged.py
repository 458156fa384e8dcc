"""A turn that changes nothing of the user's record writes nothing; one that changes it writes
it once, and what it wrote reads back."""

from __future__ import annotations

from pathlib import Path

from skill.alexa.builder import build_skill
from skill.alexa.entry import make_handler
from skill.store.sqlite import SqliteStore
from skill.tools.simulator import Conversation
from skill.voice_model.matcher import Understander
from skill.voice_model.model import load_model


class CountingStore(SqliteStore):
    def __init__(self, path: Path) -> None:
        super().__init__(path)
        self.saves = 0

    def save(self, user_id: str, record: str, version: int) -> bool:
        self.saves += 1
        return super().save(user_id, record, version)


def test_only_a_turn_that_changes_the_record_writes_it(tmp_path: Path) -> None:
    store = CountingStore(tmp_path / "coach.sqlite3")
    user = Conversation(make_handler(build_skill(store=store)), Understander(load_model()))
    writes = []
    for phrase in ["start knee to chest", "repeat", "repeat", "next", "what is my history"]:
        before = store.saves
        user.say(phrase)
        writes.append((phrase, store.saves - before))
    assert writes == [("start knee to chest", 1), ("repeat", 0), ("repeat", 0), ("next", 1),
                      ("what is my history", 0)]  # fmt: skip
    stored = store.load(user.user_id).record
    assert stored and '"knee_to_chest"' in stored  # the finished stretch, in the history
