"""Every intent of the interaction model, sent by virtual-alexa as a new user would send it.

virtual-alexa (npm) builds the request JSON from interaction_model/en-US.json, fills entity
resolution for the custom slot type and posts it to the Lambda handler behind a local HTTP
server. ``tests/virtual_alexa/drive.js`` checks the form of each response against what Alexa
accepts; the tests here check, from the content, that each answer is the one asked for.
"""

from __future__ import annotations

import json
import logging
import subprocess
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from skill.content.model import Content
from tests.responses import plain
from tests.virtual_alexa import NODE_DIR, node_for

ROOT = Path(__file__).resolve().parents[2]
DRIVER = NODE_DIR / "drive.js"
MODEL = ROOT / "interaction_model" / "en-US.json"
DRIVER_TIMEOUT_SECONDS = 300
MODES = {"launch", "one-shot"}


class _SkillEndpoint(BaseHTTPRequestHandler):
    """POST an Alexa request envelope, get the Lambda handler's response envelope back.

    Test only: there is no signature check, as virtual-alexa signs nothing.
    """

    def do_POST(self) -> None:
        from skill.alexa.lambda_function import handler

        length = int(self.headers.get("Content-Length") or 0)
        try:
            event = json.loads(self.rfile.read(length))
        except ValueError:
            self.send_error(HTTPStatus.BAD_REQUEST, "body is not JSON")
            return
        body = json.dumps(handler(event, None)).encode("utf-8")
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", "application/json;charset=UTF-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:
        return


class _Collector(logging.Handler):
    def __init__(self) -> None:
        super().__init__(level=logging.WARNING)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


@dataclass(frozen=True)
class DriverRun:
    returncode: int
    stdout: str
    stderr: str
    lines: list[dict[str, Any]]
    logged: list[str]

    def checks(self, kind: str) -> list[dict[str, Any]]:
        return [line for line in self.lines if line.get("check") == kind]

    def failures(self) -> str:
        failed = [json.dumps(line) for line in self.lines if line.get("ok") is False]
        return "\n".join(failed) or self.stdout[-4000:]


@pytest.fixture(scope="module")
def skill_url() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _SkillEndpoint)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        host, port = server.server_address[:2]
        yield f"http://{host}:{port}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


@pytest.fixture(scope="module")
def driven(skill_url: str) -> DriverRun:
    node = node_for("virtual-alexa")
    collector = _Collector()
    root = logging.getLogger()
    root.addHandler(collector)
    try:
        run = subprocess.run(
            [node, str(DRIVER), skill_url, str(MODEL)],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=DRIVER_TIMEOUT_SECONDS,
            check=False,
        )
    finally:
        root.removeHandler(collector)
    lines = [json.loads(line) for line in run.stdout.splitlines() if line.strip()]
    logged = [f"{r.levelname} {r.name}: {r.getMessage()}" for r in collector.records]
    return DriverRun(run.returncode, run.stdout, run.stderr, lines, logged)


def _language_model() -> dict[str, Any]:
    return json.loads(MODEL.read_text(encoding="utf-8"))["interactionModel"]["languageModel"]


def _model_intents() -> list[str]:
    return [intent["name"] for intent in _language_model()["intents"]]


def _words(ssml: str | None) -> str:
    """The spoken words of an SSML string, lower-cased, tags dropped, spaces collapsed."""
    return plain(ssml or "").lower()


def _said(expected: str, ssml: str | None) -> bool:
    return " ".join(expected.lower().split()) in _words(ssml)


def _stretch_name(content: Content, slot_id: str) -> str:
    for stretch in content.stretches:
        if stretch.id == slot_id:
            return stretch.name
        if stretch.advanced and stretch.advanced.id == slot_id:
            return stretch.advanced.name
    raise KeyError(slot_id)


def _where(line: dict[str, Any]) -> str:
    sent = line.get("phrase") or json.dumps(line.get("slots", {}))
    return f"{line['mode']} {line['via']} {line['intent']} {sent}"


def _expected_prompts(content: Content) -> dict[str, str]:
    first = content.stretch(content.routine[0]).name
    goodbye = content.prompt("goodbye")
    return {
        "StartRoutineIntent": content.prompt("start_routine", name=first),
        "BenefitsIntent": content.benefits.intro,
        "PainIntent": content.prompt("pain"),
        "AMAZON.HelpIntent": content.prompt("help"),
        "AMAZON.StopIntent": goodbye,
        "AMAZON.CancelIntent": goodbye,
        "AMAZON.NavigateHomeIntent": goodbye,
        "AMAZON.FallbackIntent": content.prompt("fallback"),
    }


def _answer_problems(line: dict[str, Any], content: Content) -> list[str]:
    """What is wrong with the meaning of one answer; drive.js checked its form."""
    ssml, intent = line.get("ssml"), line["intent"]
    problems = []
    if _said(content.prompt("error"), ssml):
        problems.append("answered with the error apology")
    if intent == "StartStretchIntent":
        resolved = line.get("resolved")
        if resolved:
            opening = content.prompt("start_stretch", name=_stretch_name(content, resolved))
            if not _said(opening, ssml):
                problems.append(f"expected {opening!r}")
        elif not _said(content.prompt("unknown_stretch"), ssml):
            problems.append("an unresolved stretch must be answered as unknown")
    topic = content.topic_for_intent(intent)
    if topic is not None and not _said(topic.answer, ssml):
        problems.append(f"expected the {topic.id!r} answer")
    expected = _expected_prompts(content).get(intent)
    if expected is not None and not _said(expected, ssml):
        problems.append(f"expected {expected[:60]!r}")
    if intent == "ListStretchesIntent":
        problems += [f"{s.name!r} not listed" for s in content.stretches if not _said(s.name, ssml)]
    return problems


def test_driver_accepts_every_response(driven: DriverRun) -> None:
    assert driven.returncode == 0, (
        f"drive.js exited {driven.returncode}\n{driven.failures()}\n{driven.stderr}"
    )
    summary = driven.lines[-1]
    assert summary.get("summary") is True, driven.stdout[-2000:]
    assert summary["failed"] == 0
    assert summary["unchecked"] == []


def test_every_model_intent_is_sent_after_a_launch_and_one_shot(driven: DriverRun) -> None:
    checked = driven.checks("intent")
    for name in _model_intents():
        modes = {line["mode"] for line in checked if line["intent"] == name and line["ok"]}
        assert modes == MODES, f"{name} passed only as {sorted(modes)}"
    assert {line["intent"] for line in checked} == set(_model_intents())
    for line in checked:
        assert line["sentIntent"] == line["intent"], _where(line)
        assert line["sessionNew"] is (line["mode"] == "one-shot"), _where(line)


def test_every_stretch_value_and_synonym_resolves(driven: DriverRun) -> None:
    types = {t["name"]: t for t in _language_model()["types"]}
    values = types["StretchName"]["values"]
    lines = [line for line in driven.checks("intent") if line["intent"] == "StartStretchIntent"]
    resolved = {line.get("resolved") for line in lines}
    assert {value["id"] for value in values} <= resolved
    uttered = {line["phrase"] for line in lines if line["via"] == "utter"}
    for value in values:
        for synonym in value["name"].get("synonyms", []):
            assert any(phrase.endswith(f" {synonym}") for phrase in uttered), synonym


def test_answers_are_the_ones_asked_for(driven: DriverRun, content: Content) -> None:
    wrong = [
        f"{_where(line)}: {problem}\n  said: {_words(line['ssml'])}"
        for line in driven.checks("intent")
        for problem in _answer_problems(line, content)
    ]
    wrong += [
        f"launch before {line['before']}: no welcome"
        for line in driven.checks("launch")
        if not _said(content.prompt("welcome"), line["ssml"])
    ]
    assert not wrong, "\n".join(wrong)


def test_skill_logs_no_faults(driven: DriverRun) -> None:
    assert driven.lines, driven.stderr
    assert not driven.logged, "\n".join(driven.logged)


def test_understood_intents_are_not_answered_as_not_understood(
    driven: DriverRun, content: Content
) -> None:
    misheard = [
        f"{_where(line)}: {_words(line['ssml'])}"
        for line in driven.checks("intent")
        if line["intent"] != "AMAZON.FallbackIntent"
        and _said(content.prompt("fallback"), line["ssml"])
    ]
    assert not misheard, "\n".join(misheard)
