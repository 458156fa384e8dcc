"""A local stand-in for the Alexa API: HTTPS on 127.0.0.1, for ``make run`` and the tests.

It answers the calls the skill makes (a device's time zone; creating, listing, reading,
changing and deleting reminders) the way Alexa documents them, and checks each call as Alexa
would: the bearer token, the path, and the JSON body, read with ask_sdk_model's own classes and
written back, so a misspelt key, a wrong type or a missing field is refused with 400 and noted
in :attr:`FakeAlexaApi.problems`. Reminders need the permission the user gave
(:attr:`FakeAlexaApi.granted`); without it the calls answer 401. :meth:`FakeAlexaApi.fail`
makes the next calls answer a fault (401, 403, 429, 5xx) or answer too slowly.
"""

from __future__ import annotations

import json
import re
import secrets
import ssl
import tempfile
import threading
import time
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from ask_sdk_core.serialize import DefaultSerializer
from ask_sdk_model.services.reminder_management import ReminderRequest, SpokenInfo, TriggerType
from cryptography.hazmat.primitives import serialization

from skill.tools.certificates import make_ca, make_leaf, rsa_key, to_pem

HOST = "127.0.0.1"
REMINDERS = "/v1/alerts/reminders"
_ZONE_PATH = re.compile(r"^/v2/devices/(?P<device>[^/]+)/settings/System\.timeZone$")
_ONE_REMINDER = re.compile(rf"^{REMINDERS}/(?P<token>[A-Za-z0-9._-]+)$")
MAX_BODY = 64_000
_SERIALIZER = DefaultSerializer()


@dataclass
class Fault:
    """The next ``times`` calls answer ``status`` (after ``delay`` seconds, if any)."""

    status: int
    times: int = 1
    delay: float = 0.0


@dataclass
class FakeAlexaApi:
    """The fake's state: what it holds and what it saw. Start it with :meth:`start`."""

    token: str = field(default_factory=lambda: f"local.{secrets.token_urlsafe(16)}")
    time_zone: str = "UTC"
    granted: bool = False
    reminders: dict[str, dict[str, Any]] = field(default_factory=dict)  # alert token -> JSON
    calls: list[tuple[str, str]] = field(default_factory=list)  # (method, path)
    problems: list[str] = field(default_factory=list)
    faults: list[Fault] = field(default_factory=list)
    ca_file: str = ""
    _server: ThreadingHTTPServer | None = None
    _lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def endpoint(self) -> str:
        assert self._server is not None, "start() first"
        return f"https://{HOST}:{self._server.server_address[1]}"

    def fail(self, status: int, times: int = 1, delay: float = 0.0) -> None:
        self.faults.append(Fault(status, times, delay))

    def start(self) -> FakeAlexaApi:
        """Serve on a free port, with a certificate for 127.0.0.1 from a CA made now; the CA is
        written to :attr:`ca_file` for the client to trust."""
        ca_key, leaf_key = rsa_key("local-api-ca"), rsa_key("local-api-leaf")
        ca = make_ca("Local Alexa API CA", ca_key)
        leaf = make_leaf((ca, ca_key), leaf_key, names=(HOST,))
        folder = Path(tempfile.mkdtemp(prefix="alexa-api-"))
        (folder / "ca.pem").write_bytes(to_pem(ca))
        key_pem = leaf_key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
        (folder / "server.pem").write_bytes(to_pem(leaf) + key_pem)
        self.ca_file = str(folder / "ca.pem")
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(folder / "server.pem")
        server = ThreadingHTTPServer((HOST, 0), _handler_for(self))
        server.daemon_threads = True
        server.socket = context.wrap_socket(server.socket, server_side=True)
        self._server = server
        threading.Thread(target=server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()

    def next_fault(self) -> Fault | None:
        with self._lock:
            if not self.faults:
                return None
            fault = self.faults[0]
            fault.times -= 1
            if fault.times <= 0:
                self.faults.pop(0)
            return fault

    def answer(self, method: str, path: str, auth: str, body: bytes) -> tuple[int, Any]:
        """The status and JSON answer for one call."""
        self.calls.append((method, path))
        if auth != f"Bearer {self.token}":
            return 401, {"code": "UNAUTHORIZED", "message": "bad or missing bearer token"}
        zone = _ZONE_PATH.match(path)
        if zone and method == "GET":
            return 200, self.time_zone
        if not path.startswith(REMINDERS):
            return 404, {"code": "NOT_FOUND", "message": "no such path"}
        if not self.granted:
            return 401, {"code": "UNAUTHORIZED", "message": "reminders not allowed by the user"}
        return self._reminders(method, path, body)

    def _reminders(self, method: str, path: str, body: bytes) -> tuple[int, Any]:
        one = _ONE_REMINDER.match(path)
        with self._lock:
            if path == REMINDERS and method == "POST":
                problem = self._check(body)
                if problem:
                    return 400, {"code": "INVALID_REQUEST", "message": problem}
                token = str(uuid.uuid4())
                self.reminders[token] = json.loads(body)
                return 200, self._response(token)
            if path == REMINDERS and method == "GET":
                alerts = [self._reminder(t) for t in self.reminders]
                return 200, {"totalCount": str(len(alerts)), "alerts": alerts, "links": None}
            if one is None or one["token"] not in self.reminders:
                return 404, {"code": "NOT_FOUND", "message": "no such reminder"}
            token = one["token"]
            if method == "GET":
                return 200, self._reminder(token)
            if method == "DELETE":
                del self.reminders[token]
                return 200, {}
            if method == "PUT":
                problem = self._check(body)
                if problem:
                    return 400, {"code": "INVALID_REQUEST", "message": problem}
                self.reminders[token] = json.loads(body)
                return 200, self._response(token)
        return 405, {"code": "METHOD_NOT_ALLOWED", "message": method}

    def _check(self, body: bytes) -> str:
        """What is wrong with a reminder request body, as Alexa would refuse it; "" if nothing."""
        problem = _problem(body)
        if problem:
            self.problems.append(problem)
        return problem

    def _response(self, token: str) -> dict[str, Any]:
        now = _now()
        return {"alertToken": token, "createdTime": now, "updatedTime": now, "status": "ON",
                "version": "1", "href": f"{REMINDERS}/{token}"}  # fmt: skip

    def _reminder(self, token: str) -> dict[str, Any]:
        sent = self.reminders[token]
        kept = {key: sent[key] for key in ("trigger", "alertInfo", "pushNotification")}
        return {**self._response(token), **kept}


def _problem(body: bytes) -> str:
    """Read with the SDK's classes and written back: what differs was not a ReminderRequest.
    ``alertInfo`` is read as its ``SpokenInfo`` directly, since the SDK's ``AlertInfo`` names a
    module that does not exist."""
    try:
        raw = json.loads(body)
        rest = {k: v for k, v in raw.items() if k != "alertInfo"}
        alert = raw.get("alertInfo")
        request = _SERIALIZER.deserialize(json.dumps(rest), ReminderRequest)
        spoken = _SERIALIZER.deserialize(json.dumps(alert["spokenInfo"]), SpokenInfo)
    except Exception as error:  # any unreadable body is the caller's fault: 400
        return f"body: not a ReminderRequest ({type(error).__name__})"
    written = {
        **_SERIALIZER.serialize(request),
        "alertInfo": {"spokenInfo": _SERIALIZER.serialize(spoken)},
    }
    if written != _without_nulls(raw):
        return "body: keys or values that ReminderRequest does not have"
    trigger = request.trigger
    if trigger is None or trigger.object_type is not TriggerType.SCHEDULED_ABSOLUTE:
        return "trigger.type: expected SCHEDULED_ABSOLUTE"
    rules = getattr(trigger.recurrence, "recurrence_rules", None)
    if trigger.scheduled_time is None and not rules:
        return "trigger: expected scheduledTime or recurrence.recurrenceRules"
    if rules and not all(rule.startswith("FREQ=") for rule in rules):
        return "trigger.recurrence.recurrenceRules: expected RRULEs"
    texts = spoken.content
    if not texts or not all(text.locale and (text.text or text.ssml) for text in texts):
        return "alertInfo.spokenInfo.content: expected a locale and text"
    if request.request_time is None or request.push_notification is None:
        return "requestTime and pushNotification: expected both"
    return ""


def _without_nulls(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _without_nulls(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [_without_nulls(v) for v in value]
    return value


def _now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.000")


def _handler_for(api: FakeAlexaApi) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def _serve(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(min(length, MAX_BODY)) if length else b""
            fault = api.next_fault()
            if fault is not None:
                api.calls.append((self.command, self.path))
                time.sleep(fault.delay)
                status, answer = fault.status, {"code": "FAULT", "message": "as asked"}
            else:
                auth = self.headers.get("Authorization", "")
                status, answer = api.answer(self.command, self.path, auth, body)
            data = json.dumps(answer).encode()
            try:
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)
            except (BrokenPipeError, ConnectionResetError, ssl.SSLError):
                pass  # the client gave up waiting (a slow answer): nothing to tell it

        do_GET = do_POST = do_PUT = do_DELETE = _serve

        def log_message(self, format: str, *args: Any) -> None:  # quiet: make run prints
            pass

    return Handler
