"""``make run``: talk to the skill in a terminal, as you would to an Alexa device.

Type what you would say ("open back stretch coach", "start knee to chest", "next", "it hurts").
The skill's words print as text, audio cues as symbols, and holds run as a live countdown.
``--instant`` skips the waiting; phrases given as arguments are said in turn, for scripts.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
import textwrap
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import TextIO
from xml.sax.saxutils import unescape
from zoneinfo import ZoneInfo, available_timezones

from skill.alexa.api_client import TimedApiClient
from skill.alexa.builder import build_skill
from skill.alexa.entry import make_handler
from skill.content.model import ContentError
from skill.speech import HOLD_END_CUE, HOLD_START_CUE
from skill.store import open_store
from skill.tools.approximate import ApproximateMatcher
from skill.tools.fake_alexa_api import FakeAlexaApi
from skill.tools.simulator import (
    CONSENT_QUESTION,
    SCREENS,
    AlexaApi,
    Conversation,
    RealAlexaApi,
    screen_commands,
    screen_data,
)
from skill.voice_model.matcher import Understander
from skill.voice_model.model import load_model

CUE_SYMBOLS = {HOLD_START_CUE: "♪ (chime: hold now)", HOLD_END_CUE: "🔔 (bell: hold done)"}
LOCAL_USER = "amzn1.ask.account.make-run"
SHOWN_WAIT_SECONDS = 5  # shorter pauses (between steps) pass without a countdown
_TOKEN = re.compile(r'<audio src="([^"]+)"/>|<break time="(\d+)s"/>|<[^>]+>')


def speech_parts(ssml: str) -> list[tuple[str, str | int]]:
    """Split SSML into ("text", words), ("cue", url) and ("wait", seconds) parts, in order."""
    parts: list[tuple[str, str | int]] = []
    last = 0
    for match in _TOKEN.finditer(ssml):
        text = unescape(ssml[last : match.start()]).strip()
        if text:
            parts.append(("text", text))
        if match.group(1):
            parts.append(("cue", match.group(1)))
        elif match.group(2):
            seconds = int(match.group(2))
            if parts and parts[-1][0] == "wait":
                seconds += int(parts[-1][1])
                parts.pop()
            parts.append(("wait", seconds))
        last = match.end()
    tail = unescape(ssml[last:]).strip()
    if tail:
        parts.append(("text", tail))
    return parts


def document_parts(response: dict) -> list[tuple[str, str | int]] | None:
    """Where a response's screen speaks (a stretch's steps on an Echo Show), what it says, in
    the parts :func:`speech_parts` gives, and ("screen", label) where the screen's label changes;
    None where ``outputSpeech`` speaks."""
    data, commands = screen_data(response), screen_commands(response)
    if data is None or not commands:
        return None
    parts: list[tuple[str, str | int]] = []
    for command in commands:
        _command_parts(command, data["lines"], parts)
    return parts


def _command_parts(command: dict, lines: list[dict], parts: list) -> None:
    kind, target = command.get("type"), command.get("componentId", "")
    if kind == "SpeakItem":
        parts += speech_parts(lines[int(target.removeprefix("line"))]["ssml"])
    elif kind == "Idle":
        parts.append(("wait", command["delay"] // 1000))
    elif kind == "SetValue" and target == "placeLabel":
        parts.append(("screen", command["value"]))
    elif kind in ("Sequential", "Parallel"):
        inner = command.get("commands") or []
        ticking = {c.get("type") for c in inner} <= {"Idle", "SetValue"} and any(
            c.get("componentId") == "countdown" for c in inner
        )
        if not ticking:  # a countdown's ticks run beside the hold's own quiet: not twice
            for each in inner:
                _command_parts(each, lines, parts)


def screen_targets(data: dict) -> dict[str, list[str]]:
    """What can be touched on a screen, by its label in lower case: the SendEvent arguments."""
    targets = {b["label"].lower(): [b["action"], b["arg"]] for b in data["buttons"]}
    targets |= {i["label"].lower(): [i["action"], i["arg"]] for i in data["items"] if i["action"]}
    if data["pain"]:
        targets[data["pain"].lower()] = ["pain", ""]
    return targets


class Terminal:
    def __init__(self, out: TextIO, instant: bool, sleep: Callable[[float], None] = time.sleep):
        self.out = out
        self.instant = instant
        self.sleep = sleep

    def show(self, response: dict, alexa_asks: bool = False) -> None:
        """Print a response; ``alexa_asks``: Alexa itself asks a question next (permission)."""
        body = response.get("response", {})
        data = screen_data(response)
        if data is not None:
            heading = " · ".join(t for t in (data["title"], data["label"]) if t)
            self.out.write(f"screen [{heading}]\n")
        parts = document_parts(response)
        if parts is None:
            parts = speech_parts((body.get("outputSpeech") or {}).get("ssml", ""))
        for kind, value in parts:
            if kind == "screen":
                self.out.write(f"screen [{value}]\n")
            elif kind == "text":
                wrapped = textwrap.fill(str(value), 88, subsequent_indent="       ")
                self.out.write(f"alexa> {wrapped}\n")
            elif kind == "cue":
                self.out.write(f"       {CUE_SYMBOLS.get(str(value), '♫ ' + str(value))}\n")
            else:
                self.countdown(int(value))
        if data is not None and (data["buttons"] or data["items"] or data["pain"]):
            touchable = " | ".join(label.capitalize() for label in screen_targets(data))
            self.out.write(f"screen (tap: {touchable})\n")
        if alexa_asks:
            self.out.write(f"alexa> ({CONSENT_QUESTION})\n")
        elif body.get("shouldEndSession", True):
            self.out.write("       (the session has ended)\n")
        self.out.flush()

    def countdown(self, seconds: int) -> None:
        if seconds < SHOWN_WAIT_SECONDS:
            if not self.instant:
                self.sleep(seconds)
            return
        if self.instant:
            self.out.write(f"       ⏳ {seconds} s\n")
            return
        for left in range(seconds, 0, -1):
            self.out.write(f"\r       ⏳ {left:>3} s ")
            self.out.flush()
            self.sleep(1)
        self.out.write(f"\r       ⏳ {seconds} s done\n")


def local_zone_name() -> str:
    """This machine's IANA time zone, read from /etc/localtime's link; UTC when unknown."""
    try:
        target = Path("/etc/localtime").resolve()
    except OSError:
        return "UTC"
    parts = target.parts
    for i in range(len(parts)):
        name = "/".join(parts[i:])
        if name in available_timezones():
            return name
    return "UTC"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="make run", description=__doc__.splitlines()[0])
    parser.add_argument("phrases", nargs="*", help="say these in turn, then exit")
    parser.add_argument("--instant", action="store_true", help="do not wait out the holds")
    parser.add_argument(
        "--exact", action="store_true", help="understand only what a sample says, no guessing"
    )
    parser.add_argument("--locale", default="en-US")
    parser.add_argument(
        "--user", default=LOCAL_USER, help="Alexa user id; the same id resumes where it left off"
    )
    parser.add_argument(
        "--time-zone",
        default=local_zone_name(),
        help="the device's time zone, as the local Alexa API gives it (default: this machine's)",
    )
    parser.add_argument(
        "--api-endpoint",
        default=os.environ.get("ALEXA_API_ENDPOINT", ""),
        help="a real Alexa API endpoint (with --api-token, copied from a real request)",
    )
    parser.add_argument("--api-token", default=os.environ.get("ALEXA_API_TOKEN", ""))
    parser.add_argument(
        "--screen",
        choices=sorted(SCREENS),
        help="talk to a device with this screen; 'tap next' touches a button on it",
    )
    args = parser.parse_args(argv)

    api: AlexaApi
    if args.api_endpoint and args.api_token:
        api, trusted = RealAlexaApi(args.api_endpoint, args.api_token), None
        print(f"(Reminders and the time zone come from the Alexa API at {api.endpoint}.)")
    else:
        fake = FakeAlexaApi(time_zone=args.time_zone).start()
        api, trusted = fake, fake.ca_file
        print(
            f"(No real Alexa API endpoint is configured: reminders and the time zone "
            f"({args.time_zone}) come from a local stand-in on {fake.endpoint}.)"
        )
    try:
        skill = build_skill(store=open_store(), api=TimedApiClient(trusted))
    except ContentError as error:
        print(error, file=sys.stderr)
        return 2
    handler = make_handler(skill)

    model = load_model(args.locale)
    zone = ZoneInfo(args.time_zone)
    understander = Understander(model, today=lambda: datetime.now(zone).date())
    conversation = Conversation(handler, understander, args.locale, user_id=args.user, api=api)
    conversation.viewport = SCREENS[args.screen] if args.screen else None
    if not args.exact:
        conversation.guess = ApproximateMatcher(model, understander).guess
    terminal = Terminal(sys.stdout, args.instant)

    shown: dict = {}  # the screen the last response showed

    def say(phrase: str) -> None:
        tapped = phrase.lower().removeprefix("tap ").strip()
        if shown and phrase.lower().startswith("tap "):
            targets = screen_targets(shown)
            if tapped not in targets:
                print(f"       (nothing on the screen says {tapped!r})")
                return
            response = conversation.touch(*targets[tapped])
        else:
            response = conversation.say(phrase)
            if conversation.guessed is not None:
                print(f"       (approximate: {conversation.guessed.intent}; no sample says this)")
        shown.clear()
        shown.update(screen_data(response) or {})
        terminal.show(response, alexa_asks=conversation.consent_token is not None)

    if args.phrases:
        for phrase in args.phrases:
            print(f"you>   {phrase}")
            say(phrase)
        return 0
    print("Say something, e.g. 'open back stretch coach' or 'start knee to chest'. Ctrl-D quits.")
    while True:
        try:
            phrase = input("you>   ").strip()
        except (EOFError, KeyboardInterrupt):
            print()
            return 0
        if phrase:
            say(phrase)


if __name__ == "__main__":
    raise SystemExit(main())
