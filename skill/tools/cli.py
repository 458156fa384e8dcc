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
from skill.tools.simulator import CONSENT_QUESTION, AlexaApi, Conversation, RealAlexaApi
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


class Terminal:
    def __init__(self, out: TextIO, instant: bool, sleep: Callable[[float], None] = time.sleep):
        self.out = out
        self.instant = instant
        self.sleep = sleep

    def show(self, response: dict, alexa_asks: bool = False) -> None:
        """Print a response; ``alexa_asks``: Alexa itself asks a question next (permission)."""
        body = response.get("response", {})
        ssml = (body.get("outputSpeech") or {}).get("ssml", "")
        for kind, value in speech_parts(ssml):
            if kind == "text":
                wrapped = textwrap.fill(str(value), 88, subsequent_indent="       ")
                self.out.write(f"alexa> {wrapped}\n")
            elif kind == "cue":
                self.out.write(f"       {CUE_SYMBOLS.get(str(value), '♫ ' + str(value))}\n")
            else:
                self.countdown(int(value))
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
    if not args.exact:
        conversation.guess = ApproximateMatcher(model, understander).guess
    terminal = Terminal(sys.stdout, args.instant)

    def say(phrase: str) -> None:
        response = conversation.say(phrase)
        if conversation.guessed is not None:
            print(f"       (approximate: {conversation.guessed.intent}; no sample says this)")
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
