"""Why an Alexa request was refused: one exception class per reason.

VerificationError
├── HeaderError
│   ├── MissingHeader          a signature header is absent or empty
│   └── GarbledSignature       Signature-256 is not valid base64 of a plausible length
├── CertUrlRejected            SignatureCertChainUrl breaks Alexa's URL rules
├── CertificateError
│   ├── CertFetchFailed        the chain could not be downloaded (timeout, HTTP error, too large)
│   ├── BadCertificate         the download is not a PEM chain with an RSA leaf
│   ├── CertificateKeyTooWeak  the leaf's RSA key is shorter than 2048 bits
│   ├── CertificateNotInDate   the leaf is expired or not yet valid
│   ├── CertificateWrongName   the leaf's SAN lacks echo-api.amazon.com
│   └── CertificateUntrusted   the chain does not lead to a trusted root
├── SignatureMismatch          the signature does not match the body and the leaf's key
└── EnvelopeError
    ├── MalformedRequest       the body is not JSON or not an Alexa request envelope
    ├── InvalidTimestamp       request.timestamp is missing or unreadable
    ├── StaleTimestamp         request.timestamp is outside the allowed window
    └── WrongApplicationId     the application id is absent or not this skill's

Every class carries a fixed ``reason``: a short phrase safe to log and to send back, because it
never contains anything taken from the request.
"""

from __future__ import annotations

from typing import ClassVar


class VerificationError(Exception):
    """Base class: the request must not reach the skill."""

    reason: ClassVar[str] = "request failed verification"

    def __init__(self) -> None:
        super().__init__(self.reason)


class HeaderError(VerificationError):
    reason = "signature headers are unusable"


class MissingHeader(HeaderError):
    reason = "signature header missing"


class GarbledSignature(HeaderError):
    reason = "signature header is not valid base64"


class CertUrlRejected(VerificationError):
    reason = "certificate URL not allowed"


class CertificateError(VerificationError):
    reason = "signing certificate rejected"


class CertFetchFailed(CertificateError):
    reason = "certificate chain could not be fetched"


class BadCertificate(CertificateError):
    reason = "certificate chain is not readable"


class CertificateKeyTooWeak(CertificateError):
    reason = "signing certificate key is too weak"


class CertificateNotInDate(CertificateError):
    reason = "signing certificate is not in date"


class CertificateWrongName(CertificateError):
    reason = "signing certificate is not for echo-api.amazon.com"


class CertificateUntrusted(CertificateError):
    reason = "certificate chain is not trusted"


class SignatureMismatch(VerificationError):
    reason = "signature does not match the body"


class EnvelopeError(VerificationError):
    reason = "request envelope rejected"


class MalformedRequest(EnvelopeError):
    reason = "body is not an Alexa request"


class InvalidTimestamp(EnvelopeError):
    reason = "request timestamp missing or unreadable"


class StaleTimestamp(EnvelopeError):
    reason = "request timestamp outside the allowed window"


class WrongApplicationId(EnvelopeError):
    reason = "application id does not match this skill"
