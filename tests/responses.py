"""Reading a response envelope the way a listener hears it."""

from __future__ import annotations

import json
import re
from xml.sax.saxutils import unescape


def plain(ssml: str) -> str:
    """SSML as the words it says: no tags, entities read, spaces collapsed."""
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", ssml)).split())


def spoken_text(response: dict) -> str:
    """What a response says, as plain text without SSML tags."""
    return plain((response.get("response", {}).get("outputSpeech") or {}).get("ssml", ""))


def screen_data(response: dict) -> dict | None:
    """The data of the APL screen a response shows, or None when it shows none."""
    for directive in response.get("response", {}).get("directives") or []:
        if directive.get("type") == "Alexa.Presentation.APL.RenderDocument":
            return directive["datasources"]["coach"]["properties"]
    return None


def heard(response: dict) -> str:
    """What a listener hears: the response's outputSpeech, or where the screen's document
    speaks, the lines its commands speak, in order."""
    data = screen_data(response)
    commands = [
        d
        for d in response.get("response", {}).get("directives") or []
        if d.get("type") == "Alexa.Presentation.APL.ExecuteCommands"
    ]
    if not commands or data is None:
        return spoken_text(response)
    spoken = re.findall(r'"componentId": "line(\d+)"', json.dumps(commands))
    return plain(" ".join(data["lines"][int(i)]["ssml"] for i in spoken))
