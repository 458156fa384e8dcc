"""Alexa's signing certificate: URL rules, download, path validation and a per-URL cache."""

from __future__ import annotations

import http.client
import posixpath
import re
import ssl
import threading
import time
import urllib.request
import warnings
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from urllib.parse import urlsplit

import certifi
from cryptography import x509
from cryptography.exceptions import UnsupportedAlgorithm
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.utils import CryptographyDeprecationWarning
from cryptography.x509.verification import DNSName, PolicyBuilder, Store
from cryptography.x509.verification import VerificationError as PathValidationError

from skill.web.refusals import (
    BadCertificate,
    CertFetchFailed,
    CertificateKeyTooWeak,
    CertificateNotInDate,
    CertificateUntrusted,
    CertificateWrongName,
    CertUrlRejected,
)

ECHO_API_NAME = "echo-api.amazon.com"
CERT_HOST = "s3.amazonaws.com"
CERT_PATH_PREFIX = "/echo.api/"
MAX_URL_LENGTH = 2048
MAX_CHAIN_BYTES = 64 * 1024
MIN_RSA_KEY_BITS = 2048  # shorter keys are breakable; no current CA issues them
FETCH_TIMEOUT_S = 5.0

# Encoded dots, slashes and backslashes would let a path escape /echo.api/ after our check.
_SUSPICIOUS_URL = re.compile(r"%(2e|2f|5c)|[\\\s\x00-\x1f\x7f]", re.IGNORECASE)

_PEM_CERT = re.compile(rb"-----BEGIN CERTIFICATE-----.+?-----END CERTIFICATE-----", re.DOTALL)

Fetcher = Callable[[str], bytes]


def normalise_cert_url(url: str) -> str:
    """Apply Alexa's rules to SignatureCertChainUrl and return the canonical URL to fetch."""
    if not url or len(url) > MAX_URL_LENGTH or _SUSPICIOUS_URL.search(url):
        raise CertUrlRejected()
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as exc:
        raise CertUrlRejected() from exc
    if (
        parts.scheme.lower() != "https"
        or "@" in parts.netloc
        or (parts.hostname or "").lower() != CERT_HOST
        or port not in (None, 443)
        or parts.query
        or parts.fragment
    ):
        raise CertUrlRejected()
    path = posixpath.normpath(parts.path) if parts.path else ""
    if not path.startswith(CERT_PATH_PREFIX):
        raise CertUrlRejected()
    return f"https://{CERT_HOST}{path}"


class _RefuseRedirects(urllib.request.HTTPRedirectHandler):
    """A redirect could lead away from the checked URL, so none is followed."""

    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


@cache
def _default_opener() -> urllib.request.OpenerDirector:
    context = ssl.create_default_context(cafile=certifi.where())
    return urllib.request.build_opener(
        _RefuseRedirects(), urllib.request.HTTPSHandler(context=context)
    )


def fetch_chain(
    url: str,
    *,
    timeout: float = FETCH_TIMEOUT_S,
    max_bytes: int = MAX_CHAIN_BYTES,
    opener: urllib.request.OpenerDirector | None = None,
) -> bytes:
    """Download a PEM chain within ``timeout`` seconds overall and ``max_bytes`` bytes."""
    deadline = time.monotonic() + timeout
    data = bytearray()
    try:
        with (opener or _default_opener()).open(url, timeout=timeout) as response:
            if response.status != 200:
                raise CertFetchFailed()
            while chunk := response.read(8192):
                data += chunk
                if len(data) > max_bytes or time.monotonic() > deadline:
                    raise CertFetchFailed()
    except (OSError, ValueError, http.client.HTTPException) as exc:
        raise CertFetchFailed() from exc
    return bytes(data)


@cache
def default_roots() -> tuple[x509.Certificate, ...]:
    """The web PKI roots shipped by certifi (Amazon's roots are among them).

    Roots are read one by one so that a single one this library cannot parse is skipped rather
    than making the whole store unusable.
    """
    with open(certifi.where(), "rb") as bundle:
        blocks = _PEM_CERT.findall(bundle.read())
    roots = []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", CryptographyDeprecationWarning)
        for block in blocks:
            try:
                roots.append(x509.load_pem_x509_certificate(block))
            except ValueError:
                continue
    return tuple(roots)


def parse_chain(pem: bytes) -> list[x509.Certificate]:
    """Leaf first, then intermediates; the leaf must carry an RSA key."""
    try:
        certs = x509.load_pem_x509_certificates(pem)
        leaf_key = certs[0].public_key()
    except (ValueError, IndexError, UnsupportedAlgorithm) as exc:
        raise BadCertificate() from exc
    if not isinstance(leaf_key, rsa.RSAPublicKey):
        raise BadCertificate()
    if leaf_key.key_size < MIN_RSA_KEY_BITS:
        raise CertificateKeyTooWeak()
    return certs


def validate_chain(certs: Sequence[x509.Certificate], store: Store, now: datetime) -> None:
    """Leaf in date, named echo-api.amazon.com, and chained to a root in ``store``."""
    leaf = certs[0]
    if not leaf.not_valid_before_utc <= now <= leaf.not_valid_after_utc:
        raise CertificateNotInDate()
    try:
        san = leaf.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
    except x509.ExtensionNotFound as exc:
        raise CertificateWrongName() from exc
    except ValueError as exc:
        raise BadCertificate() from exc
    if ECHO_API_NAME not in (name.lower() for name in san.get_values_for_type(x509.DNSName)):
        raise CertificateWrongName()
    verifier = PolicyBuilder().store(store).time(now).build_server_verifier(DNSName(ECHO_API_NAME))
    try:
        verifier.verify(leaf, list(certs[1:]))
    except (PathValidationError, ValueError) as exc:
        raise CertificateUntrusted() from exc


@dataclass(frozen=True)
class _CachedKey:
    key: rsa.RSAPublicKey
    expires: datetime


class SigningKeys:
    """Validated signing keys by certificate URL, each kept until its chain's first not-after.

    Only chains that passed validation are cached, and at most ``max_entries`` of them.
    """

    def __init__(
        self,
        fetcher: Fetcher | None = None,
        roots: Iterable[x509.Certificate] | None = None,
        max_entries: int = 16,
    ) -> None:
        self._fetch = fetcher or fetch_chain
        self._store = Store(list(default_roots() if roots is None else roots))
        self._max_entries = max_entries
        self._entries: dict[str, _CachedKey] = {}
        self._lock = threading.Lock()

    def key_for(self, url: str, now: datetime) -> rsa.RSAPublicKey:
        """The leaf's public key for ``url``, fetching and validating the chain when needed."""
        canonical = normalise_cert_url(url)
        with self._lock:
            cached = self._entries.get(canonical)
        if cached is not None and now < cached.expires:
            return cached.key
        try:
            pem = self._fetch(canonical)
        except (OSError, ValueError, http.client.HTTPException) as exc:
            raise CertFetchFailed() from exc
        if len(pem) > MAX_CHAIN_BYTES:
            raise CertFetchFailed()
        certs = parse_chain(pem)
        validate_chain(certs, self._store, now)
        entry = _CachedKey(
            key=certs[0].public_key(),  # type: ignore[arg-type]  # checked RSA in parse_chain
            expires=min(cert.not_valid_after_utc for cert in certs),
        )
        with self._lock:
            self._entries.pop(canonical, None)
            while len(self._entries) >= self._max_entries:
                self._entries.pop(next(iter(self._entries)))
            self._entries[canonical] = entry
        return entry.key
