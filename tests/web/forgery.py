"""Builders of forged and malformed Alexa requests for the verifier tests.

Each builder returns a ``Case``: given the trusted test PKI and a look-alike one, it produces an
``Attempt`` (headers, body and what the certificate URL serves), so that a table of variants
stays one line per variant.
"""

from __future__ import annotations

import base64
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import cache
from typing import Any

from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec, rsa

from skill.web.cert_chain import SigningKeys
from skill.web.verify import RequestVerifier
from tests.web.pki import (
    CERT_URL,
    SKILL_ID,
    Pki,
    encode,
    envelope,
    iso,
    make_ca,
    make_leaf,
    rsa_key,
    sign,
    to_pem,
)

NOW = datetime.now(UTC).replace(microsecond=0)
SECOND = timedelta(seconds=1)
S3 = "https://s3.amazonaws.com"
URL_HEADER, SIGNATURE_HEADER = "SignatureCertChainUrl", "Signature-256"


@dataclass
class Attempt:
    """One request as the verifier sees it, and what its certificate URL serves."""

    headers: dict[str, str]
    body: bytes
    pem: bytes | None = None  # None: the genuine chain
    roots: list[x509.Certificate] | None = None  # None: the test root
    fetch_error: Exception | None = None


Case = Callable[[Pki, Pki], Attempt]


def signed(p: Pki, body: bytes | None = None, *, url: str = CERT_URL, key: Any = None) -> Attempt:
    body = encode(envelope(timestamp=iso(NOW))) if body is None else body
    return Attempt({URL_HEADER: url, SIGNATURE_HEADER: sign(body, key or p.leaf_key)}, body)


def run(p: Pki, attempt: Attempt) -> dict[str, Any]:
    def fetch(url: str) -> bytes:
        if attempt.fetch_error is not None:
            raise attempt.fetch_error
        return p.chain_pem if attempt.pem is None else attempt.pem

    roots = [p.root] if attempt.roots is None else attempt.roots
    verifier = RequestVerifier(SKILL_ID, SigningKeys(fetch, roots), clock=lambda: NOW)
    return verifier.verify(attempt.headers, attempt.body)


def at(url: str) -> Case:
    return lambda p, o: signed(p, url=url)


def header(name: str, value: str | Callable[[Pki, bytes], str] | None) -> Case:
    """The genuine request with one header replaced (a callable gets the key and body) or gone."""

    def make(p: Pki, o: Pki) -> Attempt:
        attempt = signed(p)
        attempt.headers.pop(name)
        if value is not None:
            attempt.headers[name] = value(p, attempt.body) if callable(value) else value
        return attempt

    return make


def sha1_signature(p: Pki, body: bytes) -> str:
    return sign(body, p.leaf_key, hashes.SHA1())


def mangled_signature(mangle: Callable[[bytes], bytes]) -> Callable[[Pki, bytes], str]:
    return lambda p, body: base64.b64encode(
        mangle(base64.b64decode(sign(body, p.leaf_key)))
    ).decode()


def serving(pem: Callable[[Pki, Pki], bytes], signer: str = "p") -> Case:
    """The certificate URL serves ``pem``; ``signer`` says whose leaf key signed the request."""

    def make(p: Pki, o: Pki) -> Attempt:
        attempt = signed(p, key=(o if signer == "o" else p).leaf_key)
        attempt.pem = pem(p, o)
        return attempt

    return make


def fetch_fails(error: Exception) -> Case:
    def make(p: Pki, o: Pki) -> Attempt:
        attempt = signed(p)
        attempt.fetch_error = error
        return attempt

    return make


def leaf(**fields: Any) -> Case:
    """A different leaf under the real intermediate, signed with the real leaf key."""
    return serving(lambda p, o: to_pem(p.leaf_with(**fields), p.intermediate))


def ec_leaf(p: Pki, o: Pki) -> bytes:
    cert = make_leaf((p.intermediate, p.intermediate_key), ec.generate_private_key(ec.SECP256R1()))
    return to_pem(cert, p.intermediate)


@cache
def _weak_key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=1024)


def weak_rsa_leaf(p: Pki, o: Pki) -> Attempt:
    """A leaf from the trusted intermediate, on a 1024-bit key. Its own signature (128 bytes)
    is refused by shape before any download, so this one has the shape of a real one."""
    attempt = signed(p, key=_weak_key())
    attempt.pem = to_pem(
        make_leaf((p.intermediate, p.intermediate_key), _weak_key()), p.intermediate
    )
    attempt.headers[SIGNATURE_HEADER] = base64.b64encode(b"\x01" * 256).decode()
    return attempt


def impostor_chain(p: Pki, o: Pki) -> bytes:
    """A leaf from a self-made CA that copies the real intermediate's name."""
    impostor_key = rsa_key("impostor")
    impostor = make_ca("Test Intermediate CA main", impostor_key)
    return to_pem(make_leaf((impostor, impostor_key), p.leaf_key), p.intermediate)


def trusting_only_other_root(p: Pki, o: Pki) -> Attempt:
    attempt = signed(p)
    attempt.roots = [o.root]
    return attempt


def legacy_header_only(p: Pki, o: Pki) -> Attempt:
    """Only the SHA-1 "Signature" header Alexa used to send, which is no longer accepted."""
    attempt = header(SIGNATURE_HEADER, None)(p, o)
    attempt.headers["Signature"] = sha1_signature(p, attempt.body)
    return attempt


def tampered(change: Callable[[bytes], bytes]) -> Case:
    def make(p: Pki, o: Pki) -> Attempt:
        attempt = signed(p)
        attempt.body = change(attempt.body)
        return attempt

    return make


def body(raw: bytes) -> Case:
    return lambda p, o: signed(p, raw)


def env(**fields: Any) -> Case:
    fields.setdefault("timestamp", iso(NOW))
    return lambda p, o: signed(p, encode(envelope(**fields)))


def ago(seconds: int) -> str:
    return iso(NOW - seconds * SECOND)


def flip_last_bit(raw: bytes) -> bytes:
    return raw[:-1] + bytes([raw[-1] ^ 1])


def lower_case_headers(p: Pki, o: Pki) -> Attempt:
    attempt = signed(p)
    attempt.headers = {name.lower(): value for name, value in attempt.headers.items()}
    return attempt
