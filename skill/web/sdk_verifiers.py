"""The project's request checks in the shape flask-ask-sdk expects (its AbstractVerifier).

The SDK hands each verifier the body as text decoded from UTF-8 with the strict codec, so
encoding it again gives back exactly the bytes Alexa signed.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ask_sdk_webservice_support.verifier import AbstractVerifier, VerificationException

from skill.web.refusals import VerificationError
from skill.web.verify import RequestVerifier, parse_envelope


class RequestRefused(VerificationException):
    """Carries the project's refusal through the SDK, which turns it into HTTP 400."""

    def __init__(self, error: VerificationError) -> None:
        super().__init__(error.reason)
        self.error = error


class _ProjectCheck(AbstractVerifier):
    def __init__(self, verifier: RequestVerifier) -> None:
        self._verifier = verifier

    def verify(
        self,
        headers: Mapping[str, str],
        serialized_request_env: str,
        deserialized_request_env: Any,
    ) -> None:
        body = serialized_request_env.encode("utf-8")
        try:
            self.check(headers, body)
        except VerificationError as err:
            raise RequestRefused(err) from err

    def check(self, headers: Mapping[str, str], body: bytes) -> None:
        raise NotImplementedError


class SignatureCheck(_ProjectCheck):
    def check(self, headers: Mapping[str, str], body: bytes) -> None:
        self._verifier.verify_signature(headers, body)


class TimestampCheck(_ProjectCheck):
    def check(self, headers: Mapping[str, str], body: bytes) -> None:
        self._verifier.verify_timestamp(parse_envelope(body))


class ApplicationIdCheck(_ProjectCheck):
    def check(self, headers: Mapping[str, str], body: bytes) -> None:
        self._verifier.verify_application_id(parse_envelope(body))


def project_verifiers(verifier: RequestVerifier, *, signed: bool = True) -> list[AbstractVerifier]:
    """Signature and timestamp checks (unless ``signed`` is off), then the application id."""
    checks: list[AbstractVerifier] = []
    if signed:
        checks += [SignatureCheck(verifier), TimestampCheck(verifier)]
    checks.append(ApplicationIdCheck(verifier))
    return checks
