"""The skill as a self-hosted HTTPS endpoint's backend: Flask, flask-ask-sdk and waitress.

POST /        Alexa requests, verified before they reach the skill
GET  /health  liveness probe

Run with ``python -m skill.web`` (settings in :mod:`skill.web.config`). Alexa only calls HTTPS on
port 443, so production puts a TLS-terminating proxy in front of this loopback server.
Every refusal is a 4xx with a short fixed reason; request bodies and headers are never logged.
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Callable, Mapping
from dataclasses import replace
from typing import Any

import waitress
from ask_sdk_core.exceptions import AskSdkException
from ask_sdk_core.skill import CustomSkill
from ask_sdk_model import RequestEnvelope
from flask import Flask, Response, jsonify, request
from flask_ask_sdk.skill_adapter import SkillAdapter
from werkzeug.exceptions import HTTPException

from skill.alexa.builder import build_skill
from skill.alexa.logs import get_logger
from skill.content.model import ContentError
from skill.store import open_store
from skill.web.config import INSECURE_SWITCH, ConfigError, WebConfig
from skill.web.refusals import MalformedRequest, VerificationError
from skill.web.verify import Envelope, RequestVerifier, parse_envelope

logger = get_logger("skill.web")

# Worker threads: more than Alexa's traffic needs, so that the few held by certificate
# downloads (at most cert_chain.MAX_FETCHING) never starve real requests.
THREADS = 8

_REASONS = {
    400: "bad request",
    404: "not found",
    405: "method not allowed",
    413: "body too large",
    415: "content type must be application/json",
}


def _refusal(status: int, reason: str) -> Response:
    logger.warning("refused request: %d %s", status, reason)
    response = jsonify(error=reason)
    response.status_code = status
    return response


def _has_json_content_type() -> bool:
    charset = request.mimetype_params.get("charset", "utf-8").lower()
    return request.mimetype == "application/json" and charset in ("utf-8", "utf8")


Gate = Callable[[Mapping[str, str], bytes, Envelope], None]


def _gate(config: WebConfig, verifier: RequestVerifier | None) -> Gate:
    """The checks a request passes before anything else reads it (see RequestVerifier.check);
    raising VerificationError refuses it."""
    if config.verify:
        assert config.skill_id is not None  # config.check() guarantees it
        return (verifier or RequestVerifier(config.skill_id)).check
    logger.warning(
        "REQUEST VERIFICATION IS OFF (%s=1): signatures, certificates and timestamps are "
        "not checked and anyone who can reach this port can drive the skill. Local use only.",
        INSECURE_SWITCH,
    )
    if not config.skill_id:
        return lambda headers, body, envelope: None
    checker = verifier or RequestVerifier(config.skill_id)
    return lambda headers, body, envelope: checker.verify_application_id(envelope)


def _health() -> Response:
    return jsonify(status="ok")


def _http_error(exc: HTTPException) -> Response:
    """Every HTTP error as a short fixed reason: the verifier's, or the status's own."""
    status = exc.code or 400
    if status >= 500:
        logger.error("internal error while answering a request: %s", type(exc).__name__)
        return _refusal(status, "internal error")
    response = _refusal(status, _REASONS.get(status, (exc.name or "refused").lower()))
    if exc.code == 405:
        response.headers["Allow"] = ", ".join(getattr(exc, "valid_methods", None) or [])
    return response


def _unexpected(exc: Exception) -> Response:
    logger.error("unexpected %s while answering a request", type(exc).__name__, exc_info=exc)
    response = jsonify(error="internal error")
    response.status_code = 500
    return response


def create_app(
    config: WebConfig,
    skill: CustomSkill | None = None,
    verifier: RequestVerifier | None = None,
) -> Flask:
    """The WSGI app; ``skill`` defaults to the real skill on the store from the environment."""
    config.check()
    if skill is None:
        skill = build_skill(store=open_store())

    app = Flask("skill.web")
    app.config.update(
        # The route verifies every request itself, before the SDK reads it (see alexa below).
        ASK_SDK_VERIFY_SIGNATURE=False,
        ASK_SDK_VERIFY_TIMESTAMP=False,
        MAX_CONTENT_LENGTH=config.max_body_bytes,
    )
    gate = _gate(config, verifier)
    adapter = SkillAdapter(
        skill=skill, skill_id=config.skill_id or "unverified", verifiers=[], app=app
    )

    @app.post("/")
    def alexa() -> Response:
        """Verify, the cheap checks first, and only then let the SDK read the request: a
        forged request costs a JSON parse and a few comparisons, never a deserialisation."""
        if not _has_json_content_type():
            return _refusal(415, _REASONS[415])
        body = request.get_data(cache=True)
        try:
            gate(request.headers, body, parse_envelope(body))
        except VerificationError as refused:
            return _refusal(400, refused.reason)
        try:
            text = body.decode("utf-8")
            envelope = skill.serializer.deserialize(payload=text, obj_type=RequestEnvelope)
        except (UnicodeDecodeError, AskSdkException):
            return _refusal(400, MalformedRequest.reason)
        if getattr(envelope, "request", None) is None:
            return _refusal(400, MalformedRequest.reason)
        return adapter.dispatch_request()

    app.add_url_rule("/health", "health", _health, methods=["GET"])
    app.register_error_handler(HTTPException, _http_error)
    app.register_error_handler(Exception, _unexpected)
    return app


def make_server(app: Flask, config: WebConfig) -> Any:
    """A waitress server for ``app``; ``.run()`` serves, ``.effective_port`` is the port."""
    return waitress.create_server(
        app,
        host=config.host,
        port=config.port,
        # A second, looser cap: the app itself refuses bodies over max_body_bytes with a 413.
        max_request_body_size=2 * config.max_body_bytes,
        threads=THREADS,
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Serve the skill's Alexa endpoint over HTTP.")
    parser.add_argument("--host", help="address to listen on (default: HOST or 127.0.0.1)")
    parser.add_argument("--port", type=int, help="port to listen on (default: PORT or 8080)")
    args = parser.parse_args(argv)
    try:
        config = WebConfig.from_env()
        config = replace(
            config,
            host=args.host or config.host,
            port=config.port if args.port is None else args.port,
        )
        config.check()
    except ConfigError as err:
        print(f"not starting: {err}", file=sys.stderr)
        return 2
    logging.basicConfig(
        level=config.log_level, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    try:
        app = create_app(config)
    except ContentError as err:
        print(f"not starting: {err}", file=sys.stderr)
        return 2
    server = make_server(app, config)
    logger.info("serving the skill on http://%s:%s/", config.host, server.effective_port)
    server.run()
    return 0
