"""Reading a response envelope the way a listener hears it."""

from __future__ import annotations

import re
from xml.sax.saxutils import unescape


def spoken_text(response: dict) -> str:
    """What a response says, as plain text without SSML tags."""
    ssml = (response.get("response", {}).get("outputSpeech") or {}).get("ssml", "")
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", ssml)).split())
