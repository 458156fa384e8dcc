"""Reading ``content/*.yaml``: the one place content touches the file system, once per process.

The YAML goes through libyaml's safe loader when PyYAML has it (the same constructor and
resolver as the pure-Python one, about ten times faster), then :mod:`skill.content.schema`
checks it and builds the frozen values.
"""

from __future__ import annotations

import os
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from skill import PROJECT_ROOT
from skill.content.model import Content
from skill.content.schema import FILES, build_content

CONTENT_DIR = PROJECT_ROOT / "content"
_SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _load_yaml(path: Path, label: str, errors: list[str]) -> Any:
    try:
        return yaml.load(path.read_text(encoding="utf-8"), Loader=_SAFE_LOADER)
    except FileNotFoundError:
        errors.append(f"{label}: expected the file, got nothing")
    except (UnicodeDecodeError, yaml.YAMLError) as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else "file"
        problem = getattr(exc, "problem", None) or exc
        errors.append(f"{label}: {where}: expected valid YAML in UTF-8, got {problem}")
    return None


def load_content(directory: Path = CONTENT_DIR) -> Content:
    """Read and validate every content file in ``directory``; raise ContentError on any fault."""
    errors: list[str] = []
    documents = {
        name: _load_yaml(directory / name, f"{directory.name}/{name}", errors) for name in FILES
    }
    return build_content(documents, directory.name, errors)


@cache
def default_content() -> Content:
    """The content the skill runs on, loaded once per process: ``content/`` beside the package,
    or the folder named by the SKILL_CONTENT_DIR environment variable."""
    return load_content(Path(os.environ.get("SKILL_CONTENT_DIR") or CONTENT_DIR))
