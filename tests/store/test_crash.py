"""A turn saved to the SQLite store survives its process being killed at once (SIGKILL): at
``synchronous=NORMAL`` the commit is in the write-ahead log before ``save`` returns."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

from skill import PROJECT_ROOT
from skill.store.sqlite import SqliteStore

WRITER = """
import sys
from skill.store.sqlite import SqliteStore
store = SqliteStore(sys.argv[1])
for n in range(int(sys.argv[2])):
    assert store.save(f"user-{n}", '{"turn": %d}' % n, 0)
print("saved", flush=True)
sys.stdin.read()  # wait, with the connection open and nothing checkpointed, to be killed
"""


def test_saves_survive_the_writer_being_killed_right_after(tmp_path: Path) -> None:
    path = tmp_path / "coach.sqlite3"
    writer = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(path), "50"],
        cwd=PROJECT_ROOT,
        env={**os.environ, "PYTHONPATH": str(PROJECT_ROOT)},
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert writer.stdout is not None
        assert writer.stdout.readline().strip() == "saved"
        assert Path(f"{path}-wal").stat().st_size > 0  # the turns are in the log, not yet moved
        writer.send_signal(signal.SIGKILL)
        writer.wait(timeout=10)
    finally:
        if writer.poll() is None:
            writer.kill()
    assert writer.returncode == -signal.SIGKILL
    store = SqliteStore(path)
    assert [store.load(f"user-{n}").record for n in (0, 49)] == ['{"turn": 0}', '{"turn": 49}']
    synchronous = store._connection().execute("PRAGMA synchronous").fetchone()[0]
    assert synchronous == 1  # NORMAL, as the store runs
