"""One user, several turns at once (two Echos in one household), deletes racing turns, and
what a delete leaves on disk: nothing lost, nothing brought back, nothing left behind."""

from __future__ import annotations

import json
import multiprocessing
import os
import shutil
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

import pytest

from skill import PROJECT_ROOT
from skill.alexa.builder import build_skill
from skill.alexa.entry import make_handler
from skill.store.dynamo import DynamoStore
from skill.store.interface import NOTHING, Stored
from skill.store.sqlite import SqliteStore
from skill.tools.simulator import Conversation
from skill.voice_model.matcher import Understander
from skill.voice_model.model import load_model
from tests.responses import spoken_text
from tests.store.stores import (
    STORE_KINDS,
    BrokenStore,
    one_request_at_a_time,
    open_test_store,
    put,
    stored_text,
)

USER = "amzn1.ask.account.household"
ONE_SHOT = "ask back stretch coach to start cat cow"  # one turn that completes one stretch


@pytest.fixture(params=STORE_KINDS)
def store(request, tmp_path: Path):
    with open_test_store(request.param, tmp_path) as opened:
        yield opened


def test_a_save_names_the_version_it_replaces(store) -> None:
    assert store.load("u") == NOTHING
    assert store.save("u", "one", 0) and not store.save("u", "again", 0)
    first = store.load("u")
    assert first.record == "one" and first.version > 1
    assert store.save("u", "two", first.version) and not store.save("u", "stale", first.version)
    second = store.load("u")
    assert second.record == "two" and second.version not in (0, first.version)
    store.delete("u")
    assert store.load("u") == NOTHING and not store.save("u", "back", second.version)
    assert store.save("u", "begun again", 0) and store.load("u").version != second.version


def test_a_dynamodb_item_from_before_versions_reads_as_version_1(tmp_path: Path) -> None:
    with open_test_store("dynamodb", tmp_path) as store:
        store.client.put_item(
            TableName=store.table_name,
            Item={"id": {"S": "u"}, "attributes": {"M": {"record": {"S": "old"}}}},
        )
        assert store.load("u") == Stored("old", 1)
        assert store.save("u", "new", 1) and store.load("u").record == "new"


def test_a_schema_1_sqlite_file_gains_versions_and_keeps_its_records(tmp_path: Path) -> None:
    import sqlite3

    path = tmp_path / "coach.sqlite3"
    old = sqlite3.connect(path)
    old.execute("CREATE TABLE users (id TEXT PRIMARY KEY, record TEXT NOT NULL,"
                " updated_at TEXT NOT NULL)")  # fmt: skip
    old.execute("INSERT INTO users VALUES ('u', 'kept', '2026-11-01')")
    old.execute("PRAGMA user_version = 1")
    old.commit()
    old.close()
    store = SqliteStore(path)
    assert store.load("u") == Stored("kept", 1)
    assert store.save("u", "next", 1) and store.load("u").record == "next"


def _turns(store, understander: Understander, count: int, errors: list) -> None:
    try:
        handler = make_handler(build_skill(store=store))
        for _ in range(count):
            text = spoken_text(Conversation(handler, understander, user_id=USER).say(ONE_SHOT))
            assert "cat and camel done" in text
    except BaseException as error:  # collected and re-raised by the test
        errors.append(error)


def _completed(store) -> int:
    history = json.loads(stored_text(store, USER))["history"]
    return sum(len(ids) for ids in history.values())


def test_concurrent_turns_of_one_user_lose_no_completed_stretch(store, understander) -> None:
    if isinstance(store, DynamoStore):
        store = one_request_at_a_time(store)
    errors: list[BaseException] = []
    threads = [threading.Thread(target=_turns, args=(store, understander, 10, errors))
               for _ in range(4)]  # fmt: skip
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    assert _completed(store) == 40


def _process_turns(path: str, count: int) -> None:
    errors: list[BaseException] = []
    _turns(SqliteStore(path, timeout=10), Understander(load_model()), count, errors)
    if errors:
        raise errors[0]


def test_concurrent_processes_of_one_user_lose_no_completed_stretch(tmp_path: Path) -> None:
    path = str(tmp_path / "coach.sqlite3")
    context = multiprocessing.get_context("spawn")
    workers = [context.Process(target=_process_turns, args=(path, 10)) for _ in range(4)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=120)
    assert [w.exitcode for w in workers] == [0] * 4
    assert _completed(SqliteStore(path)) == 40


class DeletedMidTurn:
    """A store where, right after a turn loads the record, another device deletes it (and,
    with ``recreate``, then starts afresh): the race, made to happen every time."""

    def __init__(self, inner, recreate: str | None = None) -> None:
        self.inner, self.recreate, self.armed = inner, recreate, False

    def load(self, user_id: str) -> Stored:
        loaded = self.inner.load(user_id)
        if self.armed:
            self.armed = False
            self.inner.delete(user_id)
            if self.recreate is not None:
                assert self.inner.save(user_id, self.recreate, 0)
        return loaded

    def save(self, user_id: str, record: str, version: int) -> bool:
        return self.inner.save(user_id, record, version)

    def delete(self, user_id: str) -> None:
        self.inner.delete(user_id)


@pytest.mark.parametrize("recreated", [False, True], ids=["deleted", "deleted and begun again"])
def test_a_turn_in_flight_never_brings_a_deleted_record_back(store, understander, recreated):
    fresh = json.dumps({"a record": "begun after the delete"})
    racing = DeletedMidTurn(store, fresh if recreated else None)
    handler = make_handler(build_skill(store=racing))
    spoken_text(Conversation(handler, understander, user_id=USER).say(ONE_SHOT))
    assert _completed(store) == 1
    racing.armed = True  # the next turn loads, then the record is deleted under it
    spoken_text(Conversation(handler, understander, user_id=USER).say(ONE_SHOT))
    assert stored_text(store, USER) == (fresh if recreated else None)


def test_skill_disabled_during_a_turn_wins_too(store, understander) -> None:
    racing = DeletedMidTurn(store)
    handler = make_handler(build_skill(store=racing))
    conversation = Conversation(handler, understander, user_id=USER)
    conversation.say(ONE_SHOT)
    racing.armed = True
    conversation.say(ONE_SHOT)
    assert stored_text(store, USER) is None


def _file_bytes(path: Path) -> bytes:
    return b"".join(p.read_bytes() for p in path.parent.glob(path.name + "*"))


def test_a_deleted_user_leaves_nothing_in_the_database_or_its_log(tmp_path: Path) -> None:
    path = tmp_path / "coach.sqlite3"
    store = SqliteStore(path)
    gone, kept = "amzn1.ask.account.GONE-3b1d", "amzn1.ask.account.KEPT-9c2e"
    put(store, kept, '{"note": "KEPT-RECORD"}')
    put(store, gone, '{"note": "GONE-RECORD"}')
    put(store, gone, '{"note": "GONE-RECORD again"}')
    assert gone.encode() in _file_bytes(path)
    store.delete(gone)
    on_disk = _file_bytes(path)
    assert gone.encode() not in on_disk and b"GONE-RECORD" not in on_disk
    assert stored_text(store, kept) == '{"note": "KEPT-RECORD"}'  # only the one user is gone


def test_a_read_only_database_still_serves_reads() -> None:
    folder = Path(tempfile.mkdtemp(prefix="bsc-read-only-"))  # outside pytest's private folder
    path = folder / "coach.sqlite3"
    put(SqliteStore(path), "u", "readable")
    os.chmod(path, 0o444)
    os.chmod(folder, 0o777)  # room for SQLite's shared-memory file, as on a read-only mount
    script = (
        "import sys; from skill.store.sqlite import SqliteStore; from skill.store.interface "
        "import StoreError\nstore = SqliteStore(sys.argv[1])\nprint(store.load('u').record)\n"
        "try:\n    store.save('u', 'x', 1)\nexcept StoreError as e:\n    print('refused:', e)"
    )
    python, as_user = sys.executable, {}
    if os.geteuid() == 0:  # root ignores file modes: read as nobody, with a Python nobody can run
        python, as_user = shutil.which("python3", path="/usr/bin:/usr/local/bin"), {"user": 65534}
        if python is None:
            pytest.skip("no system python3 to run as an unprivileged user")
    env = {"PYTHONPATH": str(PROJECT_ROOT), "PATH": "/usr/bin:/bin"}
    result = subprocess.run([python, "-c", script, str(path)], capture_output=True, text=True,
                            cwd=folder, timeout=60, env=env, **as_user)  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[0] == "readable"
    assert "refused: sqlite coach.sqlite3" in result.stdout and "readonly" in result.stdout
    shutil.rmtree(folder)


def test_an_up_to_date_database_opens_without_writing(tmp_path: Path) -> None:
    """Why a read-only file can serve reads: opening it writes nothing."""
    import sqlite3

    path = tmp_path / "coach.sqlite3"
    put(SqliteStore(path), "u", "readable")
    statements: list[str] = []
    real_connect = sqlite3.connect

    def traced(*args, **kwargs):
        connection = real_connect(*args, **kwargs)
        connection.set_trace_callback(statements.append)
        return connection

    sqlite3.connect = traced
    try:
        assert SqliteStore(path).load("u").record == "readable"
    finally:
        sqlite3.connect = real_connect
    # secure_delete and synchronous are settings of the connection, not writes to the file.
    writes = [s for s in statements if not s.upper().startswith(("SELECT", "PRAGMA USER_VERSION",
              "PRAGMA SECURE_DELETE", "PRAGMA SYNCHRONOUS"))]  # fmt: skip
    assert writes == [] and any(s.startswith("SELECT") for s in statements)


def test_with_the_store_down_history_is_not_made_up(understander) -> None:
    handler = make_handler(build_skill(store=BrokenStore()))
    text = spoken_text(Conversation(handler, understander).say(
        "ask back stretch coach how often have I stretched this week"))  # fmt: skip
    assert "can't check your stretching history right now" in text
    assert "haven't finished" not in text
