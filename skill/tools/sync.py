"""``make sync``: write the stretch names from content into the en-US model, then every
generated locale file, the manifest's locale entries and ``content/snapshot.json``.

``python -m skill.tools.sync`` writes; ``python -m skill.tools.sync check`` only reports what
sync would change, and exits 1 if anything would.
"""

from __future__ import annotations

import sys

from skill.content.loader import CONTENT_DIR, SNAPSHOT, default_content, snapshot_text
from skill.voice_model.manifest import MANIFEST_PATH, is_stale, sync_manifest
from skill.voice_model.model import SOURCE_LOCALE, stale_files, sync_all
from skill.voice_model.templates import TemplateError


def snapshot_problems() -> list[str]:
    """What is wrong with ``content/snapshot.json``: nothing when it holds today's YAML."""
    path = CONTENT_DIR / SNAPSHOT
    if not path.exists() or path.read_text(encoding="utf-8") != snapshot_text():
        return [f"content/{SNAPSHOT}: not written from today's content/*.yaml"]
    return []


def write_snapshot() -> bool:
    """Write ``content/snapshot.json`` from the YAML; whether that changed it."""
    if not snapshot_problems():
        return False
    (CONTENT_DIR / SNAPSHOT).write_text(snapshot_text(), encoding="utf-8")
    return True


def main(argv: list[str]) -> int:
    command = argv[1:]
    if command in ([], ["sync"]):
        try:
            changed = sync_all(default_content())
        except TemplateError as error:
            print(error, file=sys.stderr)
            return 1
        changed[MANIFEST_PATH.name] = sync_manifest()
        changed[SNAPSHOT] = write_snapshot()
        for name, was_changed in changed.items():
            print(f"{name}: {'updated' if was_changed else 'up to date'}")
        return 0
    if command == ["check"]:
        problems = stale_files(default_content())
        if is_stale():
            problems.append(f"{MANIFEST_PATH.name}: locale entries differ from {SOURCE_LOCALE}")
        problems += snapshot_problems()
        for problem in problems:
            print(f"{problem} (run: make sync)", file=sys.stderr)
        return 1 if problems else 0
    print("usage: python -m skill.tools.sync [sync|check]", file=sys.stderr)
    return 2


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
