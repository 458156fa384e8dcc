"""The self-hosted endpoint over real HTTP: waitress on a loopback port, a signed request
answered, forged and malformed ones refused with a 4xx and a short reason, nothing leaked."""

from __future__ import annotations

import http.client
import json
import logging
import socket
import subprocess
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from skill.web import refusals as E
from skill.web.cert_chain import normalise_cert_url
from skill.web.config import WebConfig
from skill.web.server import create_app
from tests.web.live_server import running_endpoint
from tests.web.pki import (
    CERT_URL,
    DAY,
    OTHER_SKILL_ID,
    SKILL_ID,
    Pki,
    build_pki,
    encode,
    envelope,
    hello_skill,
    iso,
    signed_headers,
    to_pem,
)

S3 = "https://s3.amazonaws.com/echo.api"
SECRET = "user-said-something-private"  # must never show up in a log line


@dataclass
class Endpoint:
    pki: Pki
    port: int
    fetched: list[str]

    def call(
        self,
        method: str = "POST",
        path: str = "/",
        body: bytes = b"",
        headers: dict[str, str] | None = None,
    ) -> tuple[int, Any]:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
        try:
            connection.request(method, path, body=body, headers=headers or {})
            response = connection.getresponse()
            raw = response.read()
        finally:
            connection.close()
        try:
            return response.status, json.loads(raw)
        except ValueError:
            return response.status, raw.decode("latin-1")


def _certificate_host(pki: Pki, other: Pki, fetched: list[str]) -> Callable[[str], bytes]:
    now = datetime.now(UTC)
    expired = pki.leaf_with(not_before=now - 90 * DAY, not_after=now - timedelta(seconds=1))
    served = {
        normalise_cert_url(CERT_URL): pki.chain_pem,
        f"{S3}/other.pem": other.chain_pem,
        f"{S3}/expired.pem": to_pem(expired, pki.intermediate),
    }

    def fetch(url: str) -> bytes:
        fetched.append(url)
        if url not in served:
            raise ConnectionRefusedError
        return served[url]

    return fetch


@pytest.fixture(scope="module")
def endpoint() -> Iterator[Endpoint]:
    pki, other = build_pki(), build_pki("other")
    fetched: list[str] = []
    fetcher = _certificate_host(pki, other, fetched)
    with running_endpoint(pki, SKILL_ID, hello_skill(), fetcher) as port:
        yield Endpoint(pki, port, fetched)


def genuine(pki: Pki, **fields: Any) -> tuple[bytes, dict[str, str]]:
    body = encode(envelope(**fields)).replace(b"amzn1.ask.account.test", SECRET.encode())
    return body, signed_headers(body, pki.leaf_key)


def test_health(endpoint: Endpoint) -> None:
    assert endpoint.call("GET", "/health") == (200, {"status": "ok"})


def test_signed_request_is_answered(endpoint: Endpoint) -> None:
    status, answer = endpoint.call(*("POST", "/"), *genuine(endpoint.pki))
    assert status == 200
    assert "Hello from the test skill." in answer["response"]["outputSpeech"]["ssml"]
    assert answer["response"]["shouldEndSession"] is True


def _refusals(pki: Pki) -> dict[str, tuple[dict[str, Any], int, str]]:
    """name → (call arguments, expected status, expected reason)."""
    body, headers = genuine(pki)

    def signed(new_body: bytes, **changes: str) -> dict[str, Any]:
        new_headers = {**signed_headers(new_body, pki.leaf_key), **changes}
        return {"body": new_body, "headers": new_headers}

    def re_headed(**changes: str | None) -> dict[str, Any]:
        merged = {**headers, **changes}
        return {"body": body, "headers": {k: v for k, v in merged.items() if v is not None}}

    stale = encode(envelope(timestamp=iso(datetime.now(UTC) - timedelta(minutes=10))))
    foreign = encode(envelope(application_id=OTHER_SKILL_ID, session_application_id=None))
    return {
        "no_signature_headers": (
            re_headed(**{"Signature-256": None, "SignatureCertChainUrl": None}),
            400,
            E.MissingHeader.reason,
        ),
        "garbled_signature": (
            re_headed(**{"Signature-256": "%%%"}),
            400,
            E.GarbledSignature.reason,
        ),
        "bad_cert_url": (
            re_headed(SignatureCertChainUrl="https://evil.example/echo.api/c.pem"),
            400,
            E.CertUrlRejected.reason,
        ),
        "unreachable_cert": (
            re_headed(SignatureCertChainUrl=f"{S3}/gone.pem"),
            400,
            E.CertFetchFailed.reason,
        ),
        "untrusted_chain": (
            re_headed(SignatureCertChainUrl=f"{S3}/other.pem"),
            400,
            E.CertificateUntrusted.reason,
        ),
        "expired_chain": (
            re_headed(SignatureCertChainUrl=f"{S3}/expired.pem"),
            400,
            E.CertificateNotInDate.reason,
        ),
        "tampered_body": (
            {"body": body.replace(b"LaunchRequest", b"IntentRequest"), "headers": headers},
            400,
            E.SignatureMismatch.reason,
        ),
        "stale_timestamp": (signed(stale), 400, E.StaleTimestamp.reason),
        "wrong_skill_id": (signed(foreign), 400, E.WrongApplicationId.reason),
        "not_json": (signed(SECRET.encode()), 400, E.MalformedRequest.reason),
        "json_not_alexa": (signed(b'{"hello": 1}'), 400, E.MalformedRequest.reason),
        "unknown_request_type": (
            signed(encode(envelope(request_type="Bogus"))),
            400,
            E.MalformedRequest.reason,
        ),
        "garbled_timestamp": (
            signed(encode(envelope(timestamp="not a time"))),
            400,
            E.InvalidTimestamp.reason,  # found by the route's own check, before the SDK reads
        ),
        "not_utf8": (signed(b'{"request": "\xff"}'), 400, E.MalformedRequest.reason),
        "empty_body": (signed(b""), 400, E.MalformedRequest.reason),
        "text_content_type": (
            re_headed(**{"Content-Type": "text/plain"}),
            415,
            "content type must be application/json",
        ),
        "no_content_type": (
            re_headed(**{"Content-Type": None}),
            415,
            "content type must be application/json",
        ),
        "latin1_charset": (
            re_headed(**{"Content-Type": "application/json; charset=latin-1"}),
            415,
            "content type must be application/json",
        ),
        "oversized_body": (signed(b" " * 300_000 + body), 413, "body too large"),
        "get_on_root": ({"method": "GET"}, 405, "method not allowed"),
        "put_on_root": ({"method": "PUT", **re_headed()}, 405, "method not allowed"),
        "post_to_health": ({"path": "/health", **re_headed()}, 405, "method not allowed"),
        "unknown_path": ({"path": f"/{SECRET}", **re_headed()}, 404, "not found"),
    }


REFUSAL_NAMES = [
    "no_signature_headers",
    "garbled_signature",
    "bad_cert_url",
    "unreachable_cert",
    "untrusted_chain",
    "expired_chain",
    "tampered_body",
    "stale_timestamp",
    "wrong_skill_id",
    "not_json",
    "json_not_alexa",
    "unknown_request_type",
    "garbled_timestamp",
    "not_utf8",
    "empty_body",
    "text_content_type",
    "no_content_type",
    "latin1_charset",
    "oversized_body",
    "get_on_root",
    "put_on_root",
    "post_to_health",
    "unknown_path",
]


@pytest.mark.parametrize("name", REFUSAL_NAMES)
def test_refused_with_a_short_reason(
    endpoint: Endpoint, name: str, caplog: pytest.LogCaptureFixture
) -> None:
    arguments, expected_status, expected_reason = _refusals(endpoint.pki)[name]
    with caplog.at_level(logging.DEBUG):
        status, answer = endpoint.call(**arguments)
    assert (status, answer) == (expected_status, {"error": expected_reason})
    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert expected_reason in logged
    assert SECRET not in logged and "Traceback" not in caplog.text
    assert not any(record.exc_info for record in caplog.records)


def test_every_refusal_is_in_the_matrix(endpoint: Endpoint) -> None:
    assert sorted(_refusals(endpoint.pki)) == sorted(REFUSAL_NAMES)


def test_garbage_http_is_refused_by_the_server(endpoint: Endpoint) -> None:
    with socket.create_connection(("127.0.0.1", endpoint.port), timeout=5) as raw:
        raw.sendall(b"POST / HTTP/1.1\r\nContent-Length: banana\r\n\r\n")
        first_line = raw.recv(200).split(b"\r\n", 1)[0]
    assert first_line.startswith(b"HTTP/1.") and b" 400 " in first_line


def test_certificate_is_fetched_once_for_many_requests(endpoint: Endpoint) -> None:
    for _ in range(3):
        assert endpoint.call(*("POST", "/"), *genuine(endpoint.pki))[0] == 200
    assert endpoint.fetched.count(normalise_cert_url(CERT_URL)) == 1


def test_sdk_checks_are_off_and_the_route_verifies_before_the_sdk_reads(monkeypatch) -> None:
    app = create_app(WebConfig(skill_id=SKILL_ID), skill=hello_skill())
    assert app.config["ASK_SDK_VERIFY_SIGNATURE"] is False
    assert app.config["ASK_SDK_VERIFY_TIMESTAMP"] is False
    adapter = app.extensions["ASK_SDK_SKILL_ADAPTER"][SKILL_ID]
    assert adapter._webservice_handler._verifiers == []  # nothing checked twice
    read: list[str] = []
    serializer = hello_skill().serializer
    monkeypatch.setattr(type(serializer), "deserialize", lambda *a, **k: read.append("sdk"))
    stale = encode(envelope(timestamp="2020-01-01T00:00:00Z"))
    response = app.test_client().post("/", data=stale, headers={"Content-Type": "application/json"})
    assert response.status_code == 400 and read == []  # refused before the SDK read it


def test_flask_ask_sdk_imports_in_a_fresh_interpreter() -> None:
    code = "import flask_ask_sdk; from flask_ask_sdk.skill_adapter import SkillAdapter"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    # Fails with "Error detecting the version of libcrypto" if ask-sdk-webservice-support >= 1.3
    # (certvalidator, oscrypto) gets installed: see its pin in pyproject.toml.
    assert result.returncode == 0, result.stderr[-2000:]
