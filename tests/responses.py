"""Reading a response envelope the way a listener hears it."""

from __future__ import annotations

import re
from xml.sax.saxutils import unescape

from skill.tools.cli import document_parts
from skill.tools.simulator import screen_data

__all__ = ["heard", "plain", "screen_data", "spoken_text"]


def plain(ssml: str) -> str:
    """SSML as the words it says: no tags, entities read, spaces collapsed."""
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", ssml)).split())


def spoken_text(response: dict) -> str:
    """What a response says, as plain text without SSML tags."""
    return plain((response.get("response", {}).get("outputSpeech") or {}).get("ssml", ""))


def heard(response: dict) -> str:
    """What a listener hears: the response's outputSpeech, or where the screen's document
    speaks, the lines its commands speak, in order."""
    parts = document_parts(response)
    if parts is None:
        return spoken_text(response)
    return " ".join(str(value) for kind, value in parts if kind == "text")
