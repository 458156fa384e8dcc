"""A generated test PKI shaped like Alexa's: root → intermediate → leaf for echo-api.amazon.com.

The certificates follow web PKI rules (critical basicConstraints and keyCertSign on CAs; SAN,
key identifiers and serverAuth on the leaf) so the real path validation accepts them. Nothing
here touches the network. The request helpers build and sign envelopes like Alexa's, and
``hello_skill`` is a stand-in skill for endpoint tests.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from ask_sdk_core.skill import CustomSkill
from ask_sdk_core.skill_builder import SkillBuilder
from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding, rsa

from skill.tools.certificates import DAY, PrivateKey, make_ca, make_leaf, rsa_key, to_pem

__all__ = ["DAY", "PrivateKey", "make_ca", "make_leaf", "rsa_key", "to_pem"]

CERT_URL = "https://s3.amazonaws.com/echo.api/echo-api-cert-test.pem"
SKILL_ID = "amzn1.ask.skill.00000000-0000-0000-0000-000000000000"
OTHER_SKILL_ID = "amzn1.ask.skill.11111111-1111-1111-1111-111111111111"


@dataclass
class Pki:
    """One root, one intermediate, one echo-api leaf, and their keys."""

    root: x509.Certificate
    intermediate: x509.Certificate
    leaf: x509.Certificate
    intermediate_key: rsa.RSAPrivateKey
    leaf_key: rsa.RSAPrivateKey
    fetched: list[str] = field(default_factory=list)

    @property
    def chain_pem(self) -> bytes:
        """What the certificate URL serves: leaf then intermediate."""
        return to_pem(self.leaf, self.intermediate)

    def leaf_with(self, **kwargs: Any) -> x509.Certificate:
        """Another leaf from the same intermediate (same key unless ``key`` is given)."""
        key = kwargs.pop("key", self.leaf_key)
        return make_leaf((self.intermediate, self.intermediate_key), key, **kwargs)

    def fetcher(self, pem: bytes | None = None) -> Callable[[str], bytes]:
        """A certificate fetcher that records each URL and serves ``pem`` (default: the chain)."""

        def fetch(url: str) -> bytes:
            self.fetched.append(url)
            return self.chain_pem if pem is None else pem

        return fetch


def build_pki(tag: str = "main") -> Pki:
    root_key = rsa_key(f"{tag}-root")
    intermediate_key = rsa_key(f"{tag}-intermediate")
    leaf_key = rsa_key(f"{tag}-leaf")
    root = make_ca(f"Test Root CA {tag}", root_key)
    intermediate = make_ca(f"Test Intermediate CA {tag}", intermediate_key, (root, root_key))
    leaf = make_leaf((intermediate, intermediate_key), leaf_key)
    return Pki(root, intermediate, leaf, intermediate_key, leaf_key)


def sign(body: bytes, key: rsa.RSAPrivateKey, algorithm: hashes.HashAlgorithm | None = None) -> str:
    """The Signature-256 header value for ``body``."""
    raw = key.sign(body, padding.PKCS1v15(), algorithm or hashes.SHA256())
    return base64.b64encode(raw).decode("ascii")


def iso(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def envelope(
    request_type: str = "LaunchRequest",
    timestamp: str | None = None,
    application_id: str | None = SKILL_ID,
    session_application_id: str | None = SKILL_ID,
) -> dict[str, Any]:
    """A minimal but complete Alexa request envelope."""
    body: dict[str, Any] = {
        "version": "1.0",
        "session": {
            "new": True,
            "sessionId": "amzn1.echo-api.session.test",
            "user": {"userId": "amzn1.ask.account.test"},
        },
        "context": {
            "System": {
                "device": {"deviceId": "amzn1.ask.device.test", "supportedInterfaces": {}},
                "user": {"userId": "amzn1.ask.account.test"},
                "apiEndpoint": "https://api.amazonalexa.com",
            }
        },
        "request": {
            "type": request_type,
            "requestId": "amzn1.echo-api.request.test",
            "timestamp": timestamp or iso(datetime.now(UTC)),
            "locale": "en-US",
        },
    }
    if application_id is not None:
        body["context"]["System"]["application"] = {"applicationId": application_id}
    if session_application_id is not None:
        body["session"]["application"] = {"applicationId": session_application_id}
    return body


def encode(body: dict[str, Any]) -> bytes:
    return json.dumps(body, separators=(",", ":")).encode("utf-8")


def signed_headers(body: bytes, key: rsa.RSAPrivateKey, url: str = CERT_URL) -> dict[str, str]:
    return {
        "SignatureCertChainUrl": url,
        "Signature-256": sign(body, key),
        "Content-Type": "application/json; charset=utf-8",
    }


def hello_skill() -> CustomSkill:
    """A one-handler skill that greets whatever it is asked."""

    builder = SkillBuilder()

    @builder.request_handler(can_handle_func=lambda handler_input: True)
    def hello(handler_input: Any) -> Any:
        speech = handler_input.response_builder.speak("Hello from the test skill.")
        return speech.set_should_end_session(True).response

    return builder.create()
