"""The real endpoint on a loopback port (waitress, Flask, flask-ask-sdk, the project's verifier),
and a client that signs each request with the generated test PKI, as Alexa would."""

from __future__ import annotations

import http.client
import json
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from ask_sdk_core.skill import CustomSkill

from skill.web.cert_chain import SigningKeys
from skill.web.config import WebConfig
from skill.web.server import create_app, make_server
from skill.web.verify import RequestVerifier
from tests.web.pki import Pki, encode, signed_headers


@contextmanager
def running_endpoint(
    pki: Pki,
    skill_id: str,
    skill: CustomSkill | None = None,
    fetcher: Callable[[str], bytes] | None = None,
    keys: SigningKeys | None = None,
) -> Iterator[int]:
    """Serve ``skill`` (default: the real one) with verification on; yield the port."""
    keys = keys or SigningKeys(fetcher or pki.fetcher(), [pki.root])
    config = WebConfig(skill_id=skill_id, port=0)
    app = create_app(config, skill=skill, verifier=RequestVerifier(skill_id, keys))
    server = make_server(app, config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    try:
        yield server.effective_port
    finally:
        server.close()
        server.task_dispatcher.shutdown()


def post(port: int, body: bytes, headers: dict[str, str]) -> tuple[int, bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        connection.request("POST", "/", body=body, headers=headers)
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


def signed_handler(pki: Pki, port: int) -> Callable[[dict[str, Any], Any], dict[str, Any]]:
    """A Lambda-style handler that sends each envelope, signed, over HTTP."""

    def handle(event: dict[str, Any], context: Any) -> dict[str, Any]:
        body = encode(event)
        status, raw = post(port, body, signed_headers(body, pki.leaf_key))
        assert status == 200, f"HTTP {status}: {raw[:200]!r}"
        return json.loads(raw)

    return handle
