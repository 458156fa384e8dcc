"""The Node tools the tests drive, installed from this folder's package-lock.json."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

NODE_DIR = Path(__file__).resolve().parent


def node_for(package: str) -> str:
    """The path of ``node``, with ``package`` installed here; skips the test without them."""
    node = shutil.which("node")
    if node is None:
        pytest.skip(f"node is not installed; {package} needs Node.js")
    if not (NODE_DIR / "node_modules" / package).is_dir():
        pytest.skip(f"{package} is not installed: run `npm ci --prefix tests/virtual_alexa`")
    return node
