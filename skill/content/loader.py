"""Reading ``content/``: the one place content touches the file system, once per process.

The skill starts from ``content/snapshot.json``, the parsed YAML as JSON, when it was written
from exactly the YAML files beside it (each file's size and CRC-32 say so, enough to notice
any edit; not SHA-256, whose OpenSSL would cost 3.5 MiB of memory at start-up): reading JSON
needs no PyYAML, which is then never imported. Otherwise, say after a content file was edited and
``make sync`` not yet run, the YAML itself is read. Either way :mod:`skill.content.schema`
checks the documents and builds the frozen values. The YAML goes through libyaml's safe loader
when PyYAML has it (the same constructor and resolver as the pure-Python one, about ten times
faster).
"""

from __future__ import annotations

import json
import os
import zlib
from functools import cache
from pathlib import Path
from typing import Any

from skill import PROJECT_ROOT
from skill.content.model import Content
from skill.content.schema import FILES, build_content

CONTENT_DIR = PROJECT_ROOT / "content"
SNAPSHOT = "snapshot.json"


def _load_yaml(path: Path, label: str, errors: list[str]) -> Any:
    import yaml  # only when there is no fresh snapshot: PyYAML is ~15 ms of start-up

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        return yaml.load(path.read_text(encoding="utf-8"), Loader=loader)
    except FileNotFoundError:
        errors.append(f"{label}: expected the file, got nothing")
    except (UnicodeDecodeError, yaml.YAMLError) as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else "file"
        problem = getattr(exc, "problem", None) or exc
        errors.append(f"{label}: {where}: expected valid YAML in UTF-8, got {problem}")
    return None


def _yaml_documents(directory: Path, errors: list[str]) -> dict[str, Any]:
    """Every content file in ``directory`` as parsed YAML (None where it could not be read)."""
    return {
        name: _load_yaml(directory / name, f"{directory.name}/{name}", errors) for name in FILES
    }


def _digest(path: Path) -> str | None:
    """A file's size and CRC-32, as ``"<bytes>:<crc32 in hex>"``; None when it cannot be read."""
    try:
        data = path.read_bytes()
    except OSError:
        return None
    return f"{len(data)}:{zlib.crc32(data):08x}"


def _from_snapshot(directory: Path) -> dict[str, Any] | None:
    """The snapshot's documents, if it was written from exactly the YAML in ``directory``."""
    try:
        snapshot = json.loads((directory / SNAPSHOT).read_text(encoding="utf-8"))
        sources, documents = snapshot["sources"], snapshot["documents"]
    except (OSError, ValueError, TypeError, KeyError):
        return None
    fresh = all(sources.get(name) == _digest(directory / name) for name in FILES)
    return documents if fresh and set(documents) == set(FILES) else None


def snapshot_text(directory: Path = CONTENT_DIR) -> str:
    """What ``content/snapshot.json`` must hold for the YAML in ``directory`` (``make sync``
    writes it); raises ContentError when the YAML is not valid content."""
    errors: list[str] = []
    documents = _yaml_documents(directory, errors)
    build_content(documents, directory.name, errors)  # only valid content is snapshotted
    sources = {name: _digest(directory / name) for name in FILES}
    snapshot = {"sources": sources, "documents": documents}
    return json.dumps(snapshot, ensure_ascii=False, indent=1, sort_keys=True) + "\n"


def load_content(directory: Path = CONTENT_DIR) -> Content:
    """Read and validate the content in ``directory``, from its snapshot where that is fresh;
    raise ContentError on any fault."""
    errors: list[str] = []
    documents = _from_snapshot(directory)
    if documents is None:
        documents = _yaml_documents(directory, errors)
    return build_content(documents, directory.name, errors)


@cache
def default_content() -> Content:
    """The content the skill runs on, loaded once per process: ``content/`` beside the package,
    or the folder named by the SKILL_CONTENT_DIR environment variable."""
    return load_content(Path(os.environ.get("SKILL_CONTENT_DIR") or CONTENT_DIR))
