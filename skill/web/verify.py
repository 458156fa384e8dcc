"""Checks that an HTTP request really comes from Alexa and is meant for this skill.

The checks follow Alexa's rules for self-hosted endpoints: the signing certificate (see
``skill.web.cert_chain``), an RSA PKCS#1 v1.5 SHA-256 signature over the raw body, a fresh
request timestamp and the skill's own application id. Each refusal raises one of the classes in
:mod:`skill.web.refusals`. This module knows nothing of the web framework.
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Callable, Mapping
from datetime import UTC, datetime, timedelta
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from cryptography.hazmat.primitives.hashes import SHA256

from skill.web.cert_chain import SigningKeys
from skill.web.refusals import (
    GarbledSignature,
    InvalidTimestamp,
    MalformedRequest,
    MissingHeader,
    SignatureMismatch,
    StaleTimestamp,
    WrongApplicationId,
)

CERT_URL_HEADER = "SignatureCertChainUrl"
SIGNATURE_HEADER = "Signature-256"
TIMESTAMP_TOLERANCE = timedelta(seconds=150)
# Skill events (enablement, permission changes…) may be delivered up to an hour late.
SKILL_EVENT_TOLERANCE = timedelta(seconds=3600)
SKILL_EVENT_PREFIX = "AlexaSkillEvent."
# A 4096-bit RSA signature is 684 base64 characters; anything far longer is not a signature.
MAX_SIGNATURE_CHARS = 1400
# RSA signatures are as long as the key: 2048, 3072 or 4096 bits (shorter keys are refused).
SIGNATURE_BYTES = (256, 384, 512)

Envelope = dict[str, Any]


def utc_now() -> datetime:
    return datetime.now(UTC)


def get_header(headers: Mapping[str, str], name: str) -> str:
    """Case-insensitive header lookup; absent or blank raises MissingHeader."""
    wanted = name.lower()
    for key, value in headers.items():
        if key.lower() == wanted and value and value.strip():
            return value.strip()
    raise MissingHeader()


def decode_signature(value: str) -> bytes:
    if len(value) > MAX_SIGNATURE_CHARS:
        raise GarbledSignature()
    try:
        signature = base64.b64decode(value, validate=True)
    except (binascii.Error, ValueError) as exc:
        raise GarbledSignature() from exc
    if len(signature) not in SIGNATURE_BYTES:
        raise GarbledSignature()
    return signature


def check_signature(key: rsa.RSAPublicKey, signature: bytes, body: bytes) -> None:
    try:
        key.verify(signature, body, padding.PKCS1v15(), SHA256())
    except InvalidSignature as exc:
        raise SignatureMismatch() from exc


def parse_envelope(body: bytes) -> Envelope:
    """The JSON request envelope; it must be an object holding a typed ``request`` object."""
    try:
        envelope = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError) as exc:
        raise MalformedRequest() from exc
    request = envelope.get("request") if isinstance(envelope, dict) else None
    if not isinstance(request, dict) or not isinstance(request.get("type"), str):
        raise MalformedRequest()
    return envelope


def check_timestamp(envelope: Envelope, now: datetime) -> None:
    request = envelope["request"]
    raw = request.get("timestamp")
    if not isinstance(raw, str) or not 0 < len(raw) <= 64:
        raise InvalidTimestamp()
    try:
        stamp = datetime.fromisoformat(raw)
    except ValueError as exc:
        raise InvalidTimestamp() from exc
    if stamp.tzinfo is None:
        stamp = stamp.replace(tzinfo=UTC)
    is_event = request["type"].startswith(SKILL_EVENT_PREFIX)
    tolerance = SKILL_EVENT_TOLERANCE if is_event else TIMESTAMP_TOLERANCE
    if abs(now - stamp) > tolerance:
        raise StaleTimestamp()


def _dig(node: Any, *keys: str) -> Any:
    for key in keys:
        if not isinstance(node, dict):
            return None
        node = node.get(key)
    return node


def application_ids(envelope: Envelope) -> list[Any]:
    """Every application id the envelope states (context first, then session)."""
    found = [
        _dig(envelope, "context", "System", "application", "applicationId"),
        _dig(envelope, "session", "application", "applicationId"),
    ]
    return [value for value in found if value is not None]


def check_application_id(envelope: Envelope, skill_id: str) -> None:
    """At least one id must be stated, and every stated id must be this skill's."""
    ids = application_ids(envelope)
    if not ids or any(value != skill_id for value in ids):
        raise WrongApplicationId()


class RequestVerifier:
    """Runs every check on one request; ``verify`` returns the parsed envelope."""

    def __init__(
        self,
        skill_id: str,
        keys: SigningKeys | None = None,
        clock: Callable[[], datetime] = utc_now,
    ) -> None:
        if not skill_id:
            raise ValueError("a skill id is required")
        self.skill_id = skill_id
        self._keys = keys
        self._clock = clock

    def verify_signature(self, headers: Mapping[str, str], body: bytes) -> None:
        """Certificate URL, chain and Signature-256 over the exact body bytes."""
        url = get_header(headers, CERT_URL_HEADER)
        signature = decode_signature(get_header(headers, SIGNATURE_HEADER))
        if self._keys is None:
            self._keys = SigningKeys()
        key = self._keys.key_for(url, self._clock())
        check_signature(key, signature, body)

    def verify_timestamp(self, envelope: Envelope) -> None:
        check_timestamp(envelope, self._clock())

    def verify_application_id(self, envelope: Envelope) -> None:
        check_application_id(envelope, self.skill_id)

    def check(self, headers: Mapping[str, str], body: bytes, envelope: Envelope) -> None:
        """Every check of a request whose ``body`` parsed as ``envelope``, the cheap ones first
        (timestamp, skill id, the headers' shape): nothing is downloaded for a request that
        fails one that needs no certificate."""
        self.verify_timestamp(envelope)
        self.verify_application_id(envelope)
        self.verify_signature(headers, body)

    def verify(self, headers: Mapping[str, str], body: bytes) -> Envelope:
        envelope = parse_envelope(body)
        self.check(headers, body, envelope)
        return envelope
