"""``content/snapshot.json``: the parsed YAML the skill starts from without PyYAML. It must be
today's (``make sync`` writes it), and a snapshot that is not is never used."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from skill import PROJECT_ROOT
from skill.content.loader import CONTENT_DIR, SNAPSHOT, load_content, snapshot_text
from skill.tools.sync import snapshot_problems


def test_the_snapshot_holds_todays_content() -> None:
    assert snapshot_problems() == [], "run: make sync"
    assert (CONTENT_DIR / SNAPSHOT).read_text(encoding="utf-8") == snapshot_text()


def test_the_skill_starts_without_pyyaml() -> None:
    code = "import sys, skill.alexa.lambda_function; print('yaml' in sys.modules)"
    run = subprocess.run(
        [sys.executable, "-c", code], cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=60
    )
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip() == "False"


def test_a_snapshot_older_than_its_yaml_is_not_used(tmp_path: Path) -> None:
    folder = tmp_path / "content"
    shutil.copytree(CONTENT_DIR, folder)
    prompts = folder / "prompts.yaml"
    prompts.write_text(
        prompts.read_text(encoding="utf-8").replace("screen_next: Next", "screen_next: Onward"),
        encoding="utf-8",
    )
    assert (folder / SNAPSHOT).exists()
    assert load_content(folder).prompt("screen_next") == "Onward"


def test_a_snapshot_that_cannot_be_read_falls_back_to_the_yaml(tmp_path: Path) -> None:
    folder = tmp_path / "content"
    shutil.copytree(CONTENT_DIR, folder)
    for broken in ("{", '{"sources": 3}', '{"sources": {}, "documents": {}}', "[]"):
        (folder / SNAPSHOT).write_text(broken, encoding="utf-8")
        assert load_content(folder).prompt("screen_next") == "Next"


def test_a_fresh_snapshot_is_what_is_read(tmp_path: Path) -> None:
    """Proved by a snapshot whose documents differ from the YAML it names: it is believed."""
    folder = tmp_path / "content"
    shutil.copytree(CONTENT_DIR, folder)
    text = (folder / SNAPSHOT).read_text(encoding="utf-8")
    marked = text.replace('"screen_next": "Next"', '"screen_next": "From the snapshot"')
    assert marked != text
    (folder / SNAPSHOT).write_text(marked, encoding="utf-8")
    assert load_content(folder).prompt("screen_next") == "From the snapshot"
